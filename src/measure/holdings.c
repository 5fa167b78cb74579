/*
 * holdings.c - products held per unit at the window's first and last day
 * (holdings.h).
 *
 * holdings.csv streams past once, in two parts on two threads when the
 * units are customers found by their sorted ids (units_find.h) and the
 * file is large.  Each product a unit holds counts once per day looked at:
 * a bit per product in a 64-bit mask per unit for a part's first 64
 * products (a bank has a few dozen), a set of (unit, day, product name)
 * beyond; the counts are the bits and the set's members, taken at the end.
 * Nothing is kept per row.
 *
 * The two parts never write the same unit: the first part's customer
 * (its rank among the sorted ids) splits the units, the first part owns
 * those below it, the second those above it, and the unit at the split
 * (whose rows may straddle the cut) is kept aside by each part and joined
 * at the end.  A part that meets a unit on the other side (a file not in
 * the assignments' order) stops, and the file is read again in one part.
 * Product ids are each part's own: a mask counts the same whichever ids
 * its bits stand for, and the unit at the split is joined by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/holdings.h"

#include "io/parts.h"
#include "measure/holdings_int.h"
#include "measure/units_find.h"
#include "util/grow.h"
#include "util/lines.h"
#include "util/strmap.h"

enum { H_CUSTOMER, H_PRODUCT, H_OPEN, H_CLOSE, H_NCOLS };

#define RESTART (-100)
#define NO_SPLIT UINT32_MAX

/* What the parts share: the units and the masks they fill. */
typedef struct held {
    lk_units *u;
    const lk_experiment *exp;
    uint64_t *mask[2];          /* per unit: products held at the start, at the end */
    uint32_t split;             /* the unit at the split (NO_SPLIT: one part) */
} held;

/* One reader: the whole file, or one of its two parts. */
typedef struct hpart {
    LK_LINE_ALIGN held *h;      /* two parts on lines of their own */
    int second;                 /* the part after the cut: units from split on */
    lk_csv_reader *r;
    int col[H_NCOLS];
    size_t hint;                /* where the last customer was found */
    lk_strmap *products;        /* this part's product ids */
    uint32_t recent[64];        /* product ids by a hash of their names' ends */
    lk_strmap *pairs;           /* unit (4 bytes), day (1), product name: beyond the 64th */
    uint64_t edge[2];           /* products of the unit at the split */
    lk_relationship_counts counts;
} hpart;

/* Add unit i's product p (held on day which: 0 start, 1 end); -1 out of memory. */
static int mark(hpart *hp, uint32_t i, uint32_t p, int which)
{
    if (p < 64) {
        uint64_t bit = (uint64_t)1 << p;
        if (i == hp->h->split)
            hp->edge[which] |= bit;
        else
            hp->h->mask[which][i] |= bit;
        return 0;
    }
    char key[4 + 1 + 256];
    size_t len = lk_strmap_key_len(hp->products, p);
    if (len > 256)
        len = 256;
    memcpy(key, &i, 4);
    key[4] = (char)which;
    memcpy(key + 5, lk_strmap_key(hp->products, p), len);
    return lk_strmap_intern(hp->pairs, key, 5 + len, NULL) == LK_STRMAP_NONE ? -1 : 0;
}

/* The product's id: a bank's few products are nearly always in recent. */
static uint32_t product_id(hpart *hp, const char *name, size_t len)
{
    uint32_t *slot = &hp->recent[(len * 7 + (unsigned char)name[0] * 31 +
                                  (unsigned char)name[len - 1]) & 63];
    if (*slot != LK_STRMAP_NONE && lk_strmap_key_len(hp->products, *slot) == len &&
        !memcmp(lk_strmap_key(hp->products, *slot), name, len))
        return *slot;
    return *slot = lk_strmap_intern(hp->products, name, len, NULL);
}

static int is_held(int32_t open, int has_close, int32_t close, int32_t day)
{
    return open <= day && (!has_close || close > day);
}

/* The close_date of a row: none when empty, else a date not before open. */
static int get_close(lk_csv_reader *r, const lk_csv_row *row, const int *col, int32_t open,
                     int *has_close, int32_t *close, lk_error *err)
{
    *has_close = row->len[col[H_CLOSE]] > 0;
    if (!*has_close)
        return LK_OK;
    int rc = lk_csv_get_date(r, row, col[H_CLOSE], close, err);
    if (!rc && *close < open)
        rc = lk_csv_field_error(r, row, col[H_CLOSE], err,
                                "close_date '%s' before open_date", row->field[col[H_CLOSE]]);
    return rc;
}

/* Unit i is this part's to write (or the split's); else the file is out of order. */
static int on_my_side(const hpart *hp, uint32_t i)
{
    uint32_t split = hp->h->split;
    return split == NO_SPLIT || i == split || (hp->second ? i > split : i < split);
}

static int take_row(hpart *hp, const lk_csv_row *row, lk_error *err)
{
    lk_csv_reader *r = hp->r;
    const int *col = hp->col;
    int32_t open, close = 0;
    int has_close;
    int rc = lk_csv_get_nonempty(r, row, col[H_CUSTOMER], err);
    if (!rc)
        rc = lk_csv_get_nonempty(r, row, col[H_PRODUCT], err);
    if (!rc)
        rc = lk_csv_get_date(r, row, col[H_OPEN], &open, err);
    if (!rc)
        rc = get_close(r, row, col, open, &has_close, &close, err);
    if (rc)
        return rc;
    held *h = hp->h;
    uint32_t i = lk_units_find_customer(h->u, row->field[col[H_CUSTOMER]],
                                        row->len[col[H_CUSTOMER]], &hp->hint);
    if (i == LK_STRMAP_NONE) {
        hp->counts.unassigned++;
        return LK_OK;
    }
    if (!on_my_side(hp, i))
        return RESTART;
    hp->counts.used++;
    uint32_t p = product_id(hp, row->field[col[H_PRODUCT]], row->len[col[H_PRODUCT]]);
    int32_t first, last;
    lk_units_window(h->u, h->exp, i, &first, &last);
    if (p == LK_STRMAP_NONE ||
        (is_held(open, has_close, close, first) && mark(hp, i, p, 0)) ||
        (is_held(open, has_close, close, last) && mark(hp, i, p, 1)))
        return lk_error_nomem(err);
    return LK_OK;
}

static const char *const column_names[H_NCOLS] = {"customer_id", "product", "open_date",
                                                  "close_date"};

/* lk_parts_fn: the rows of one part (its reader open, its columns found). */
static int read_rows(void *arg, lk_error *err)
{
    hpart *hp = arg;
    lk_csv_row *row;
    int rc;
    while (!(rc = lk_csv_next(hp->r, &row, err)) && row)
        if ((rc = take_row(hp, row, err)))
            break;
    hp->counts.rows = lk_csv_rows_read(hp->r);
    return rc;
}

static int hpart_open(hpart *hp, held *h, const lk_parts *pl, int i, lk_error *err)
{
    memset(hp, 0, sizeof(*hp));
    hp->h = h;
    hp->second = i == 1;
    memset(hp->recent, 0xff, sizeof(hp->recent));
    hp->products = lk_strmap_new(0);
    hp->pairs = lk_strmap_new(0);
    if (!hp->products || !hp->pairs)
        return lk_error_nomem(err);
    int rc = lk_parts_open(pl, i, &hp->r, err);
    if (!rc)
        rc = lk_csv_require(hp->r, column_names, H_NCOLS, hp->col, err);
    return rc;
}

static void hpart_release(hpart *hp)
{
    lk_csv_close(hp->r);
    lk_strmap_free(hp->products);
    lk_strmap_free(hp->pairs);
    memset(hp, 0, sizeof(*hp));
}

/*
 * The unit at the split: the rank of the second part's first customer
 * among the sorted ids; NO_SPLIT when that row cannot be read (the file is
 * then read in one part, which reports what is wrong in file order).
 */
static uint32_t find_split(const lk_units *u, const lk_parts *pl)
{
    lk_csv_reader *r = NULL;
    lk_csv_row *row = NULL;
    lk_error e;
    int col[H_NCOLS];
    uint32_t split = NO_SPLIT;
    if (!lk_parts_open(pl, 1, &r, &e) && !lk_csv_require(r, column_names, H_NCOLS, col, &e) &&
        !lk_csv_next(r, &row, &e) && row && !lk_csv_get_nonempty(r, row, col[H_CUSTOMER], &e))
        split = (uint32_t)lk_units_customer_rank(u, row->field[col[H_CUSTOMER]],
                                                 row->len[col[H_CUSTOMER]]);
    lk_csv_close(r);
    return split;
}

/* Add the products (day which) of one part's pairs to the counts, or to the split's names. */
static int count_pairs(held *h, const lk_strmap *pairs, lk_strmap *split_names)
{
    uint32_t *count[2] = {h->u->held_start, h->u->held_end};
    for (uint32_t k = 0; k < lk_strmap_count(pairs); k++) {
        const char *key = lk_strmap_key(pairs, k);
        uint32_t i;
        memcpy(&i, key, 4);
        if (i != h->split)
            count[(int)key[4]][i]++;
        else if (lk_strmap_intern(split_names, key + 4, lk_strmap_key_len(pairs, k) - 4, NULL) ==
                 LK_STRMAP_NONE)
            return -1;
    }
    return 0;
}

/* The split unit's products of one part, by name (day, name), into names. */
static int name_edge(const hpart *hp, lk_strmap *names)
{
    char key[1 + 256];
    for (int which = 0; which < 2; which++)
        for (uint32_t p = 0; p < 64; p++) {
            if (!(hp->edge[which] >> p & 1))
                continue;
            size_t len = lk_strmap_key_len(hp->products, p);
            len = len > 256 ? 256 : len;
            key[0] = (char)which;
            memcpy(key + 1, lk_strmap_key(hp->products, p), len);
            if (lk_strmap_intern(names, key, 1 + len, NULL) == LK_STRMAP_NONE)
                return -1;
        }
    return 0;
}

/* The counts per unit: the masks' bits, the pairs, the split unit's names. */
static int count_held(held *h, hpart *hp, int nparts)
{
    lk_units *u = h->u;
    for (size_t i = 0; i < u->n; i++) {
        u->held_start[i] = (uint32_t)__builtin_popcountll(h->mask[0][i]);
        u->held_end[i] = (uint32_t)__builtin_popcountll(h->mask[1][i]);
    }
    lk_strmap *names = lk_strmap_new(0);
    int rc = names ? 0 : -1;
    for (int k = 0; !rc && k < nparts; k++)
        rc = count_pairs(h, hp[k].pairs, names);
    for (int k = 0; !rc && h->split != NO_SPLIT && k < nparts; k++)
        rc = name_edge(&hp[k], names);
    for (uint32_t k = 0; !rc && h->split < u->n && k < lk_strmap_count(names); k++)
        (lk_strmap_key(names, k)[0] ? u->held_end : u->held_start)[h->split]++;
    lk_strmap_free(names);
    return rc;
}

/* Read the file in pl->n parts; RESTART when two parts met the same units. */
static int read_file(held *h, lk_parts *pl, lk_relationship_counts *counts, lk_error *err)
{
    hpart hp[LK_PARTS_MAX];
    memset(hp, 0, sizeof(hp));
    h->split = pl->n == 2 ? find_split(h->u, pl) : NO_SPLIT;
    if (h->split == NO_SPLIT)
        pl->n = 1;
    int rc = LK_OK;
    for (int i = 0; !rc && i < pl->n; i++)
        rc = hpart_open(&hp[i], h, pl, i, err);
    if (!rc) {
        rc = lk_parts_run(pl, read_rows, (void *[]){&hp[0], &hp[1]}, err);
        if (pl->rc[0] == RESTART || (pl->n == 2 && pl->rc[1] == RESTART))
            rc = RESTART;
    }
    if (!rc && count_held(h, hp, pl->n))
        rc = lk_error_nomem(err);
    *counts = (lk_relationship_counts){0};
    for (int i = 0; i < pl->n; i++) {
        counts->rows += hp[i].counts.rows;
        counts->used += hp[i].counts.used;
        counts->unassigned += hp[i].counts.unassigned;
        hpart_release(&hp[i]);
    }
    return rc;
}

int lk_units_add_holdings_split(lk_units *u, const lk_experiment *exp, const char *path,
                                uint64_t split, lk_relationship_counts *counts, lk_error *err)
{
    if (!lk_units_can_find(u) || u->held_end)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "holdings need units loaded with find_customers, read once");
    held h = {.u = u, .exp = exp};
    u->held_start = lk_alloc_big(u->n, sizeof(uint32_t), 0);
    u->held_end = lk_alloc_big(u->n, sizeof(uint32_t), 0);
    h.mask[0] = lk_alloc_big(u->n, sizeof(uint64_t), 1);
    h.mask[1] = lk_alloc_big(u->n, sizeof(uint64_t), 1);
    lk_relationship_counts c;
    lk_parts pl;
    lk_parts_plan(&pl, path, lk_units_find_sorted(u) ? split : LK_PARTS_WHOLE);
    int rc = u->held_start && u->held_end && h.mask[0] && h.mask[1]
                 ? read_file(&h, &pl, &c, err)
                 : lk_error_nomem(err);
    if (rc == RESTART) {
        memset(h.mask[0], 0, u->n * sizeof(uint64_t));
        memset(h.mask[1], 0, u->n * sizeof(uint64_t));
        lk_parts_plan(&pl, path, LK_PARTS_WHOLE);
        rc = read_file(&h, &pl, &c, err);
    }
    free(h.mask[0]);
    free(h.mask[1]);
    if (rc) {
        free(u->held_start);
        free(u->held_end);
        u->held_start = u->held_end = NULL;
        return rc;
    }
    if (counts)
        *counts = c;
    return LK_OK;
}

int lk_units_add_holdings(lk_units *u, const lk_experiment *exp, const char *path,
                          lk_relationship_counts *counts, lk_error *err)
{
    return lk_units_add_holdings_split(u, exp, path, LK_RELATIONSHIP_SPLIT, counts, err);
}
