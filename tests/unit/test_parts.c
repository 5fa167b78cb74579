/*
 * test_parts.c - where io/parts cuts a file, and reading the two parts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/parts.h"
#include "tmpfiles.h"

/* A header and n rows of 10 bytes ("r00000001\n"...), with text at row at. */
static char *rows_with(size_t n, size_t at, const char *text)
{
    size_t cap = 16 + n * 10 + strlen(text) + 1;
    char *buf = malloc(cap), *p = buf;
    p += sprintf(p, "id\n");
    for (size_t i = 1; i <= n; i++) {
        if (i == at)
            p += sprintf(p, "%s", text);
        p += sprintf(p, "r%08zu\n", i);
    }
    return buf;
}

static void test_cut_is_first_line_start_after_middle(void **state)
{
    (void)state;
    char *text = rows_with(1000, 0, "");
    lk_parts pl;
    lk_parts_plan(&pl, write_file("plain.csv", text), 1);
    assert_int_equal(pl.n, 2);
    assert_int_equal(pl.size, 3 + 10000);
    /* the middle is byte 5001, inside row 500 (bytes 4993..5002): the cut is after it */
    assert_int_equal(pl.cut, 5003);
    assert_int_equal(pl.cut_line, 502);
    assert_int_equal(lk_parts_bytes(&pl, 0) + lk_parts_bytes(&pl, 1), pl.size);
    free(text);
}

static void test_small_file_or_stdin_is_one_part(void **state)
{
    (void)state;
    char *text = rows_with(1000, 0, "");
    lk_parts pl;
    lk_parts_plan(&pl, write_file("small.csv", text), 1 << 20);
    assert_int_equal(pl.n, 1);
    assert_int_equal(pl.size, 10003);
    lk_parts_plan(&pl, write_file("whole.csv", text), LK_PARTS_WHOLE);
    assert_int_equal(pl.n, 1);
    lk_parts_plan(&pl, "-", 1);
    assert_int_equal(pl.n, 1);
    assert_int_equal(pl.regular, 0);
    free(text);
}

/* A quoted field with line breaks across the middle: the cut comes after it. */
static void test_cut_skips_quoted_line_breaks(void **state)
{
    (void)state;
    char *text = rows_with(1000, 480, "\"a\nb\n\"\"c\nd\"\n");
    lk_parts pl;
    lk_parts_plan(&pl, write_file("quoted.csv", text), 1);
    assert_int_equal(pl.n, 2);
    assert_true(pl.cut > pl.size / 2);
    /* the bytes before the cut hold an even number of quotes; the cut is a line start */
    size_t q = 0;
    for (size_t i = 0; i < pl.cut; i++)
        q += text[i] == '"';
    assert_int_equal(q % 2, 0);
    assert_int_equal(text[pl.cut - 1], '\n');
    free(text);
}

/* An unbalanced quote before the middle leaves no safe cut: one part. */
static void test_unbalanced_quote_keeps_file_whole(void **state)
{
    (void)state;
    char *text = rows_with(1000, 10, "\"open\n");
    lk_parts pl;
    lk_parts_plan(&pl, write_file("unbalanced.csv", text), 1);
    assert_int_equal(pl.n, 1);
    free(text);
}

/* A line of 3 MiB across the middle (longer than the search's buffer). */
static void test_long_line_across_middle(void **state)
{
    (void)state;
    size_t len = 3u << 20;
    char *line = malloc(len + 2);
    memset(line, 'x', len);
    strcpy(line + len, "\n");
    char *text = rows_with(1000, 500, line);
    lk_parts pl;
    lk_parts_plan(&pl, write_file("long.csv", text), 1);
    assert_int_equal(pl.n, 2);
    assert_int_equal(pl.cut, 3 + 499 * 10 + len + 1);
    assert_int_equal(pl.cut_line, 502);
    /* the same line as the last one: no line start after the middle */
    free(text);
    text = rows_with(1000, 1001, "");
    size_t n = strlen(text);
    text = realloc(text, n + len + 2);
    memcpy(text + n, line, len + 2);
    lk_parts_plan(&pl, write_file("long-last.csv", text), 1);
    assert_int_equal(pl.n, 1);
    free(text);
    free(line);
}

typedef struct counted {
    lk_csv_reader *r;
    unsigned long rows, last_line;
} counted;

static int count_rows(void *arg, lk_error *err)
{
    counted *c = arg;
    lk_csv_row *row;
    int rc;
    while ((rc = lk_csv_next(c->r, &row, err)) == LK_OK && row) {
        c->rows++;
        c->last_line = row->line;
    }
    return rc;
}

/* The two readers see every row once, numbered by their lines in the file. */
static void test_parts_read_every_row_with_file_lines(void **state)
{
    (void)state;
    char *text = rows_with(1000, 700, "r,bad\n");
    lk_parts pl;
    lk_parts_plan(&pl, write_file("read.csv", text), 1);
    assert_int_equal(pl.n, 2);
    counted c[2] = {{0}};
    lk_error err;
    for (int i = 0; i < 2; i++)
        assert_int_equal(lk_parts_open(&pl, i, &c[i].r, &err), LK_OK);
    assert_int_equal(lk_parts_run(&pl, count_rows, (void *[]){&c[0], &c[1]}, &err), LK_EDATA);
    /* header line 1, rows r1..r699 on lines 2..700, the bad row on line 701 */
    assert_int_equal(err.line, 701);
    assert_int_equal(pl.rc[0], LK_OK);
    assert_int_equal(c[0].rows + c[1].rows, 699);
    assert_int_equal(c[0].last_line, pl.cut_line - 1);
    for (int i = 0; i < 2; i++)
        lk_csv_close(c[i].r);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_is_first_line_start_after_middle),
        cmocka_unit_test(test_small_file_or_stdin_is_one_part),
        cmocka_unit_test(test_cut_skips_quoted_line_breaks),
        cmocka_unit_test(test_unbalanced_quote_keeps_file_whole),
        cmocka_unit_test(test_long_line_across_middle),
        cmocka_unit_test(test_parts_read_every_row_with_file_lines),
    };
    if (tmp_dir_make("lk_parts") != 0)
        return 1;
    int failed = cmocka_run_group_tests(tests, NULL, tmp_dir_remove);
    return failed;
}
