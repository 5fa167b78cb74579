/*
 * segkey.c - segment labels: the --by values of a row joined with
 * LK_SEGMENT_SEP (shown as '/'),
 * interned into codes, and sorted at the end (see segkey.h).
 */
#include <stdlib.h>
#include <string.h>

#include "liftkit/units.h"
#include "measure/segkey.h"
#include "util/grow.h"
#include "util/strmap.h"

int seg_keys_init(seg_keys *k, const int *col, size_t ncols)
{
    memset(k, 0, sizeof(*k));
    if (ncols > SEG_MAX_COLS)
        return -1;
    memcpy(k->col, col, ncols * sizeof(int));
    k->ncols = ncols;
    k->map = lk_strmap_new(0);
    return k->map ? 0 : -1;
}

void seg_keys_release(seg_keys *k)
{
    lk_strmap_free(k->map);
    free(k->buf);
    memset(k, 0, sizeof(*k));
}

/* The row's label into k->buf; -1 when out of memory. */
static int make_label(seg_keys *k, const lk_csv_row *row)
{
    size_t need = 1;
    for (size_t c = 0; c < k->ncols; c++)
        need += row->len[k->col[c]] + 1;
    if (lk_grow((void **)&k->buf, &k->cap, need, 1))
        return -1;
    k->len = 0;
    for (size_t c = 0; c < k->ncols; c++) {
        if (c)
            k->buf[k->len++] = LK_SEGMENT_SEP;
        memcpy(k->buf + k->len, row->field[k->col[c]], row->len[k->col[c]]);
        k->len += row->len[k->col[c]];
    }
    k->buf[k->len] = '\0';
    return 0;
}

uint32_t seg_keys_code(seg_keys *k, const lk_csv_row *row)
{
    if (make_label(k, row))
        return LK_STRMAP_NONE;
    return lk_strmap_intern(k->map, k->buf, k->len, NULL);
}

uint32_t seg_keys_find(seg_keys *k, const lk_csv_row *row)
{
    if (make_label(k, row))
        return LK_STRMAP_NONE;
    return lk_strmap_find(k->map, k->buf, k->len);
}

uint32_t seg_keys_intern(seg_keys *k, const char *label, size_t len)
{
    return lk_strmap_intern(k->map, label, len, NULL);
}

size_t seg_keys_count(const seg_keys *k)
{
    return k->map ? lk_strmap_count(k->map) : 0;
}

const char *seg_keys_label(const seg_keys *k, uint32_t code)
{
    return lk_strmap_key(k->map, code);
}

static int cmp_label(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void seg_labels_free(char **labels, size_t n)
{
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
}

int seg_keys_finish(const seg_keys *k, char ***labels, uint32_t **order)
{
    size_t n = seg_keys_count(k);
    char **sorted = calloc(n ? n : 1, sizeof(char *));
    uint32_t *ord = malloc((n ? n : 1) * sizeof(uint32_t));
    int ok = sorted && ord;
    for (size_t i = 0; ok && i < n; i++)
        ok = (sorted[i] = strdup(seg_keys_label(k, (uint32_t)i))) != NULL;
    if (!ok) {
        seg_labels_free(sorted, n);
        free(ord);
        return -1;
    }
    qsort(sorted, n, sizeof(char *), cmp_label);
    for (size_t i = 0; i < n; i++)
        ord[lk_strmap_find(k->map, sorted[i], strlen(sorted[i]))] = (uint32_t)i;
    *labels = sorted;
    *order = ord;
    return 0;
}
