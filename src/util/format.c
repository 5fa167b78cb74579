/*
 * format.c - the names of the output formats (format.h).
 */
#include <string.h>

#include "liftkit/format.h"

int lk_format_from_name(const char *name, lk_format *f)
{
    static const char *const names[] = {"csv", "json", "md"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *f = (lk_format)i;
            return 0;
        }
    }
    return -1;
}
