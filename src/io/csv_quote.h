/*
 * csv_quote.h - when a CSV field needs quotes (library-internal: the CSV
 * writer in output.c, and the rows attribute.c and assign_file.c format in
 * place, which must give the writer's bytes).
 */
#ifndef LIFTKIT_CSV_QUOTE_H
#define LIFTKIT_CSV_QUOTE_H

#include <stddef.h>

/*
 * 1 when s[0..len) must be written quoted: it holds a comma, a double
 * quote, a line feed or a carriage return; 0 when it goes out as it is.
 */
int lk_csv_needs_quotes(const char *s, size_t len);

#endif
