/*
 * test_csv.c - the CSV reader and writer, dates and numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "liftkit/output.h"

#include "io/csv_quote.h"

static lk_csv_reader *open_text(const char *text, lk_error *err, int *rc)
{
    lk_csv_reader *r = NULL;
    *rc = lk_csv_open_buffer(&r, "t.csv", text, strlen(text), err);
    return r;
}

static void test_reads_fields_by_header_name(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("b,a\n2,1\n4,3\n", &err, &rc);
    assert_int_equal(rc, LK_OK);
    assert_int_equal(lk_csv_column(r, "a"), 1);
    assert_int_equal(lk_csv_column(r, "zz"), -1);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[1], "1");
    assert_int_equal(row->line, 2);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[0], "4");
    assert_int_equal(row->line, 3);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_null(row);
    lk_csv_close(r);
}

static void test_quoted_newline_keeps_line_numbers(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("id,note\r\n1,\"two\nlines, \"\"quoted\"\"\"\r\n2,x", &err, &rc);
    assert_int_equal(rc, LK_OK);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[1], "two\nlines, \"quoted\"");
    assert_int_equal(row->line, 2);
    assert_true(row->quoted);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[0], "2");
    assert_int_equal(row->line, 4);
    assert_false(row->quoted);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_null(row);
    lk_csv_close(r);
}

static void test_ragged_row_is_located_and_reading_goes_on(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("a,b,c\n1,2,3\n4,5\n6,7,8\n", &err, &rc);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_non_null(row);
    assert_string_equal(err.path, "t.csv");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 3);
    assert_string_equal(err.msg, "expected 3 fields, found 2");
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[2], "8");
    assert_int_equal(lk_csv_rows_read(r), 3);
    lk_csv_close(r);
}

static void test_invalid_utf8_names_the_column(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("id,name\n1,caf\xc3\xa9\n2,caf\xe9\n", &err, &rc);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 2);
    assert_string_equal(err.msg, "invalid UTF-8 in column 'name'");
    lk_csv_close(r);
}

static void test_broken_quoting_sets_line_aside(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("a,b\n1,x\"y\n2,z\n", &err, &rc);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_non_null(row);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.msg, "malformed quoting"));
    /* the row set aside is the line as read */
    assert_true(row->raw);
    assert_int_equal(row->nfields, 1);
    assert_string_equal(row->field[0], "1,x\"y");
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[1], "z");
    assert_int_equal(row->line, 3);
    lk_csv_close(r);
}

static void test_unterminated_quote_at_end_is_an_error(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("a,b\n1,\"open\n", &err, &rc);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_null(row);
    assert_non_null(strstr(err.msg, "unterminated"));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    lk_csv_close(r);
}

static void test_bare_carriage_return_is_located(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    /* old Mac line ends: the header line holds every row */
    lk_csv_reader *r = open_text("a,b\r1,2\r", &err, &rc);
    assert_int_equal(rc, LK_EDATA);
    assert_null(r);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.msg, "bare carriage return"));
    r = open_text("a,b\n1,2\n3\r4,5\n", &err, &rc);
    assert_int_equal(rc, LK_OK);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 1);
    lk_csv_close(r);
}

/* RFC 4180: spaces are part of a field; a quote after a space is malformed. */
static void test_spaces_are_part_of_the_field(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    lk_csv_reader *r = open_text("a,b\n C1 ,\tx\t\n\"q\", \"r\"\n", &err, &rc);
    assert_int_equal(rc, LK_OK);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_string_equal(row->field[0], " C1 ");
    assert_int_equal(row->len[0], 4);
    assert_string_equal(row->field[1], "\tx\t");
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 2);
    lk_csv_close(r);
}

static void test_header_problems(void **state)
{
    (void)state;
    lk_error err;
    int rc;
    assert_null(open_text("", &err, &rc));
    assert_int_equal(rc, LK_EDATA);
    assert_string_equal(err.msg, "empty file: expected a header row");
    assert_null(open_text("a;b;c\n1;2;3\n", &err, &rc));
    assert_non_null(strstr(err.msg, "wrong delimiter"));
    assert_null(open_text("a,b,a\n", &err, &rc));
    assert_string_equal(err.msg, "duplicate column 'a' in header");
    assert_int_equal(err.column, 3);
    lk_csv_reader *r = open_text("\xEF\xBB\xBF" "id,x\n", &err, &rc);
    assert_int_equal(lk_csv_column(r, "id"), 0);
    const char *names[] = {"id", "open_date"};
    int idx[2];
    assert_int_equal(lk_csv_require(r, names, 2, idx, &err), LK_EDATA);
    assert_string_equal(err.msg, "missing column 'open_date' in header; the columns are id, x");
    lk_csv_close(r);
}

static void test_missing_file_is_io_error(void **state)
{
    (void)state;
    lk_error err;
    lk_csv_reader *r;
    assert_int_equal(lk_csv_open(&r, "/nonexistent/x.csv", &err), LK_EIO);
    assert_non_null(strstr(err.msg, "cannot open '/nonexistent/x.csv'"));
}

static void test_long_file_across_buffer_refills(void **state)
{
    (void)state;
    char path[] = "/tmp/lk_csv_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "id,v\n");
    for (int i = 0; i < 200000; i++)
        fprintf(f, "%d,\"value %d, with comma\"\n", i, i);
    fclose(f);
    lk_error err;
    lk_csv_reader *r;
    assert_int_equal(lk_csv_open(&r, path, &err), LK_OK);
    lk_csv_row *row;
    int n = 0;
    while (lk_csv_next(r, &row, &err) == LK_OK && row) {
        assert_int_equal(atoi(row->field[0]), n);
        assert_int_equal(row->line, (unsigned long)n + 2);
        n++;
    }
    assert_int_equal(n, 200000);
    lk_csv_close(r);
    unlink(path);
}

static void test_dates_are_real_calendar_dates(void **state)
{
    (void)state;
    int32_t d;
    assert_int_equal(lk_date_parse("1970-01-01", 10, &d), 0);
    assert_int_equal(d, 0);
    /* python3 -c "import datetime; print((datetime.date(2026,1,5)-datetime.date(1970,1,1)).days)" */
    assert_int_equal(lk_date_parse("2026-01-05", 10, &d), 0);
    assert_int_equal(d, 20458);
    assert_int_equal(lk_date_parse("2024-02-29", 10, &d), 0);
    assert_int_equal(lk_date_parse("2026-02-29", 10, &d), -1);
    assert_int_equal(lk_date_parse("1900-02-29", 10, &d), -1);
    assert_int_equal(lk_date_parse("2000-02-29", 10, &d), 0);
    assert_int_equal(lk_date_parse("2026-13-01", 10, &d), -1);
    assert_int_equal(lk_date_parse("2026-1-05", 9, &d), -1);
    assert_int_equal(lk_date_parse("2026/01/05", 10, &d), -1);
    /* data dates lie in 1900..2199 */
    assert_int_equal(lk_date_parse("1900-01-01", 10, &d), 0);
    assert_true(lk_date_in_range(d));
    assert_false(lk_date_in_range(d - 1));
    assert_int_equal(lk_date_parse("2199-12-31", 10, &d), 0);
    assert_true(lk_date_in_range(d));
    assert_false(lk_date_in_range(d + 1));
    assert_int_equal(lk_date_parse("0000-01-01", 10, &d), 0);
    assert_false(lk_date_in_range(d));
    char buf[11];
    for (int32_t x = -719528; x <= 2932896; x += 997) {
        lk_date_format(x, buf);
        assert_int_equal(lk_date_parse(buf, 10, &d), 0);
        assert_int_equal(d, x);
    }
}

static void test_numbers_are_strict(void **state)
{
    (void)state;
    double v;
    assert_int_equal(lk_parse_double("12.5", 4, &v), 0);
    assert_true(v == 12.5);
    assert_int_equal(lk_parse_double("-3e2", 4, &v), 0);
    assert_true(v == -300);
    assert_int_equal(lk_parse_double("12a", 3, &v), -1);
    assert_int_equal(lk_parse_double("", 0, &v), -1);
    assert_int_equal(lk_parse_double("nan", 3, &v), -1);
    assert_int_equal(lk_parse_double("0x10", 4, &v), -1);
    assert_int_equal(lk_parse_double(" 1", 2, &v), -1);
}

/*
 * Plain decimals take a short path (an exact integer over an exact power
 * of ten): the same double as strtod, bit for bit, for every digit count
 * and point position, signs, zeros and numbers past the short path.
 */
static void test_plain_decimals_parse_as_strtod(void **state)
{
    (void)state;
    static const char *const edge[] = {"-0", "0.0", "+7", "9007199254740992",
                                       "9007199254740993", "0.1", "123456789012345.67",
                                       "0.0000000000000000000001", "1.00000000000000000000000",
                                       "00012.50", "-4503599627370496.5", "5.", ".5"};
    char buf[40];
    unsigned long x = 88172645463325252ul;
    for (int t = 0; t < 200000 + (int)(sizeof(edge) / sizeof(*edge)); t++) {
        const char *s = buf;
        if (t < (int)(sizeof(edge) / sizeof(*edge))) {
            s = edge[t];
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int n = 1 + (int)(x % 19), point = (int)((x >> 8) % (n + 1)), k = 0;
            if (x >> 20 & 1)
                buf[k++] = '-';
            unsigned long d = x >> 24;
            for (int i = 0; i < n; i++, d = d * 6364136223846793005ul + 1442695040888963407ul) {
                if (i == point && i)
                    buf[k++] = '.';
                buf[k++] = (char)('0' + (d >> 60) % 10);
            }
            buf[k] = '\0';
        }
        double v, w = strtod(s, NULL);
        assert_int_equal(lk_parse_double(s, strlen(s), &v), 0);
        assert_memory_equal(&v, &w, sizeof(v));
    }
}

static void test_writer_quotes_only_when_needed(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    lk_csv_writer *w = lk_csv_writer_new(f);
    lk_csv_put_str(w, "plain");
    lk_csv_put_str(w, "a,b");
    lk_csv_put_str(w, "say \"hi\"");
    lk_csv_put_double(w, 0.125, 6);
    lk_csv_put_double(w, 0.0 / 0.0, 6);
    lk_csv_put_date(w, 20458);
    lk_csv_end_row(w);
    lk_csv_writer_free(w);
    fclose(f);
    assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",0.125,,2026-01-05\n");
    free(buf);
}

/* The one test every writer asks: the four bytes quote a field, anywhere in it. */
static void test_fields_need_quotes_for_comma_quote_and_line_ends(void **state)
{
    (void)state;
    assert_false(lk_csv_needs_quotes("", 0));
    assert_false(lk_csv_needs_quotes("C000123 =+-@'; \t", 17));
    const char *quoting = ",\"\n\r";
    for (size_t k = 0; k < 4; k++)
        for (size_t at = 0; at < 3; at++) {
            char s[4] = "abc";
            s[at] = quoting[k];
            assert_true(lk_csv_needs_quotes(s, 3));
            assert_false(lk_csv_needs_quotes(s, at));    /* only len bytes count */
        }
    assert_false(lk_csv_needs_quotes("a\0b", 3));      /* a NUL byte is no reason */
}

static void test_output_is_all_or_nothing(void **state)
{
    (void)state;
    char path[] = "/tmp/lk_out_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    lk_error err;
    lk_output *o;
    assert_int_equal(lk_output_open(&o, path, &err), LK_OK);
    fputs("partial", lk_output_file(o));
    assert_int_equal(access(path, F_OK), -1);
    lk_output_abort(o);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(lk_output_open(&o, path, &err), LK_OK);
    fputs("whole\n", lk_output_file(o));
    assert_int_equal(lk_output_commit(o, &err), LK_OK);
    assert_int_equal(access(path, F_OK), 0);
    unlink(path);
}

/* One row "aaaa...,b" of a field of width w with byte c at position at. */
static lk_csv_row *row_with(lk_csv_reader **r, char *text, size_t w, size_t at, char c,
                            lk_error *err, int *rc)
{
    memcpy(text, "x,y\n", 4);
    memset(text + 4, 'a', w);
    text[4 + at] = c;
    memcpy(text + 4 + w, ",b\n", 3);
    *rc = lk_csv_open_buffer(r, "t.csv", text, 4 + w + 3, err);
    lk_csv_row *row = NULL;
    if (*rc == LK_OK)
        *rc = lk_csv_next(*r, &row, err);
    return row;
}

/*
 * A space, a tab, a NUL, a quote and a byte above 0x7F at every position of
 * lines of 1 to 24 bytes before the comma: each line is looked at a word at
 * a time with its last word overlapping, so every position must be seen.
 */
static void test_special_bytes_found_at_every_position(void **state)
{
    (void)state;
    char text[64];
    for (size_t w = 1; w <= 24; w++)
        for (size_t at = 0; at < w; at++) {
            lk_error err;
            int rc;
            lk_csv_reader *r;
            lk_csv_row *row = row_with(&r, text, w, at, ' ', &err, &rc);
            assert_int_equal(rc, LK_OK);
            assert_int_equal(row->len[0], w);
            assert_int_equal(row->field[0][at], ' ');
            lk_csv_close(r);
            row = row_with(&r, text, w, at, '\t', &err, &rc);
            assert_int_equal(rc, LK_OK);
            assert_int_equal(row->field[0][at], '\t');
            lk_csv_close(r);
            row_with(&r, text, w, at, '\0', &err, &rc);
            assert_int_equal(rc, LK_EDATA);
            assert_non_null(strstr(err.msg, "NUL byte"));
            lk_csv_close(r);
            row_with(&r, text, w, at, '"', &err, &rc);  /* a quote in an unquoted field */
            assert_int_equal(rc, LK_EDATA);
            lk_csv_close(r);
            row_with(&r, text, w, at, (char)0xff, &err, &rc);
            assert_int_equal(rc, LK_EDATA);
            assert_non_null(strstr(err.msg, "UTF-8"));
            lk_csv_close(r);
        }
    for (size_t w = 1; w <= 24; w++) {      /* a quoted field: its quotes seen */
        lk_error err;
        lk_csv_reader *r;
        memcpy(text, "x,y\nb,\"", 7);
        memset(text + 7, 'a', w);
        memcpy(text + 7 + w, "\"\n", 2);
        assert_int_equal(lk_csv_open_buffer(&r, "t.csv", text, 9 + w, &err), LK_OK);
        lk_csv_row *row;
        assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
        assert_true(row->quoted);
        assert_int_equal(row->len[1], w);
        lk_csv_close(r);
    }
}

/*
 * A NUL byte is found wherever it lies in a row: a field that spans lines
 * holds one on a line before its last (rows are searched for NUL bytes
 * line by line, their fields only when a line has one).
 */
static void test_nul_byte_in_a_field_over_two_lines_is_found(void **state)
{
    (void)state;
    static const char text[] = "a,b\n1,x\n2,\"y\0\nz\"\n3,w\n";
    lk_csv_reader *r = NULL;
    lk_error err;
    assert_int_equal(lk_csv_open_buffer(&r, "t.csv", text, sizeof(text) - 1, &err), LK_OK);
    lk_csv_row *row;
    assert_int_equal(lk_csv_next(r, &row, &err), LK_OK);
    assert_int_equal(lk_csv_next(r, &row, &err), LK_EDATA);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 2);
    assert_string_equal(err.msg, "NUL byte in column 'b': not a text file");
    lk_csv_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_fields_by_header_name),
        cmocka_unit_test(test_quoted_newline_keeps_line_numbers),
        cmocka_unit_test(test_ragged_row_is_located_and_reading_goes_on),
        cmocka_unit_test(test_invalid_utf8_names_the_column),
        cmocka_unit_test(test_special_bytes_found_at_every_position),
        cmocka_unit_test(test_broken_quoting_sets_line_aside),
        cmocka_unit_test(test_unterminated_quote_at_end_is_an_error),
        cmocka_unit_test(test_bare_carriage_return_is_located),
        cmocka_unit_test(test_spaces_are_part_of_the_field),
        cmocka_unit_test(test_header_problems),
        cmocka_unit_test(test_missing_file_is_io_error),
        cmocka_unit_test(test_long_file_across_buffer_refills),
        cmocka_unit_test(test_dates_are_real_calendar_dates),
        cmocka_unit_test(test_numbers_are_strict),
        cmocka_unit_test(test_plain_decimals_parse_as_strtod),
        cmocka_unit_test(test_writer_quotes_only_when_needed),
        cmocka_unit_test(test_fields_need_quotes_for_comma_quote_and_line_ends),
        cmocka_unit_test(test_output_is_all_or_nothing),
        cmocka_unit_test(test_nul_byte_in_a_field_over_two_lines_is_found),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
