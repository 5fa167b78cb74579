/*
 * units.c - per-unit intention-to-treat metrics (docs/methods.md, "Lift").
 *
 * Openings are read first and held, indexed by their customers
 * (units_openings.c).  Assignments then stream past, in two parts on two
 * threads when large and units are customers (io/parts): each
 * row gives its customer a unit and its unit an arm, and links the
 * customer's openings, if any, to the unit.  Last, every held opening is
 * counted for its unit when it falls in [start, start + window].  Every
 * opening row lands in exactly one of: in window, outside the window,
 * customer not assigned, or rejected; nothing is dropped silently.
 *
 * The large file needs no map of customer ids while the ids arrive in
 * increasing order (the duplicate of an id is then the row before it);
 * when one arrives out of order the assignments are read again with a map.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"
#include "liftkit/stats.h"
#include "liftkit/units.h"

#include "io/id_index.h"
#include "io/parts.h"
#include "measure/units_find.h"
#include "measure/units_int.h"
#include "util/exact.h"
#include "util/grow.h"
#include "util/pair.h"
#include "util/strmap.h"

/* an assignments file of this many bytes or more is read in two parts */
#define UNITS_SPLIT ((uint64_t)8 << 20)
/* units from which the metric arrays are cleared on two threads */
#define METRICS_PAIR ((size_t)1 << 20)


/* The arrays indexed by unit, grown together to hold need units. */
static int grow_part(part *p, size_t need)
{
    if (need <= p->cap)
        return 0;
    size_t cap = p->cap ? p->cap * 2 : 4096;
    while (cap < need)
        cap *= 2;
    size_t c;
#define GROW_TO(ptr) (c = p->cap, lk_grow((void **)&(ptr), &c, cap, sizeof(*(ptr))))
    int households = !p->ld->same_unit;
    if (GROW_TO(p->arm) || (households && GROW_TO(p->unit_line)) ||
        (p->ld->keep_ids && GROW_TO(p->id_off)) || (p->ld->nseg && GROW_TO(p->segment)) ||
        (p->ld->start_col >= 0 && GROW_TO(p->start_day)))
        return -1;
    for (size_t s = 0; s < p->ld->u->nscores; s++)
        if (GROW_TO(p->score_sum[s]) || (households && GROW_TO(p->score_cnt[s])))
            return -1;
#undef GROW_TO
    p->cap = cap;
    return 0;
}

/* A bad row: reject it and go on (return LK_OK), or stop (return rc). */
int lk_units_bad_row(loader *ld, const lk_csv_row *row, int rc, lk_error *err)
{
    if (rc != LK_EDATA || !ld->opt || !ld->opt->rejects || !row)
        return rc;
    lk_rejects_add(ld->opt->rejects, row, err);
    ld->u->rejected++;
    lk_error_clear(err);
    return LK_OK;
}

/* ---- assignments ---- */

static int part_init(part *p, loader *ld, int use_map)
{
    memset(p, 0, sizeof(*p));
    p->ld = ld;
    size_t ns = ld->u->nscores ? ld->u->nscores : 1;
    p->score_sum = calloc(ns, sizeof(double *));
    p->score_cnt = calloc(ns, sizeof(uint32_t *));
    if (!p->score_sum || !p->score_cnt)
        return -1;
    if (ld->nseg && seg_keys_init(&p->seg, ld->seg_col, ld->nseg))
        return -1;
    return lk_id_index_init(&p->customers, !use_map);
}

static void part_release(part *p)
{
    lk_csv_close(p->r);
    free(p->arm);
    free(p->unit_line);
    for (size_t s = 0; p->score_sum && s < p->ld->u->nscores; s++) {
        free(p->score_sum[s]);
        free(p->score_cnt[s]);
    }
    free(p->score_sum);
    free(p->score_cnt);
    free(p->id_data);
    free(p->id_off);
    free(p->match);
    free(p->segment);
    free(p->start_day);
    seg_keys_release(&p->seg);
    lk_id_index_release(&p->customers);
    memset(p, 0, sizeof(*p));
}

/*
 * Record the row's customer: LK_OK (with its index in the map, if there is
 * one), a located duplicate error, or RESTART when the ids stop increasing.
 */
static int check_customer(part *p, lk_csv_row *row, int col, uint32_t *cust, lk_error *err)
{
    unsigned long first;
    switch (lk_id_index_add(&p->customers, row->field[col], row->len[col], row->line, &first)) {
    case LK_IDX_NOMEM:
        return lk_error_nomem(err);
    case LK_IDX_UNSORTED:
        return RESTART;
    case LK_IDX_SEEN:
        return lk_csv_field_error(p->r, row, col, err,
                                  "duplicate customer_id '%.60s': first assigned on line %lu",
                                  row->field[col], first);
    }
    if (!p->customers.map)
        return LK_OK;
    loader *ld = p->ld;
    *cust = (uint32_t)(lk_strmap_count(p->customers.map) - 1);
    if (lk_grow((void **)&ld->u->customer_unit, &ld->cu_cap, (size_t)*cust + 1, sizeof(uint32_t)))
        return lk_error_nomem(err);
    return LK_OK;
}

/* A new unit i of arm: its arrays set, its id kept. */
static int add_unit(part *p, uint32_t i, int arm, const lk_csv_row *row, int col)
{
    size_t len = p->ld->keep_ids ? row->len[col] : 0;
    if (grow_part(p, (size_t)i + 1) ||
        (p->ld->keep_ids && lk_grow((void **)&p->id_data, &p->id_cap, p->id_len + len + 1, 1)))
        return -1;
    p->arm[i] = (uint16_t)arm;
    if (!p->ld->same_unit) {
        p->unit_line[i] = (uint32_t)row->line;
        for (size_t s = 0; s < p->ld->u->nscores; s++) {
            p->score_sum[s][i] = 0;
            p->score_cnt[s][i] = 0;
        }
    }
    if (p->ld->keep_ids) {
        memcpy(p->id_data + p->id_len, row->field[col], len);
        p->id_data[p->id_len + len] = '\0';
        p->id_off[i] = p->id_len;
        p->id_len += len + 1;
    }
    p->n = (size_t)i + 1;
    return 0;
}

/*
 * The row's unit when it has one already (checked against its arm), else
 * LK_STRMAP_NONE: nothing is stored yet.
 */
static int find_unit(part *p, lk_csv_row *row, int arm, uint32_t *unit, lk_error *err)
{
    loader *ld = p->ld;
    const int *col = ld->col;
    const char *id = row->field[col[A_UNIT]];
    size_t len = row->len[col[A_UNIT]];
    *unit = LK_STRMAP_NONE;
    if (ld->same_unit) {
        if (len != row->len[col[A_CUSTOMER]] || memcmp(id, row->field[col[A_CUSTOMER]], len))
            return lk_csv_field_error(p->r, row, col[A_UNIT], err,
                                      "unit_id '%.60s' differs from customer_id '%.60s' but "
                                      "the experiment randomizes customer_id", id,
                                      row->field[col[A_CUSTOMER]]);
        return LK_OK;
    }
    *unit = lk_strmap_find(ld->units, id, len);
    if (*unit != LK_STRMAP_NONE && p->arm[*unit] != arm)
        return lk_csv_field_error(p->r, row, col[A_ARM], err,
                                  "unit '%.60s' is in arm '%s' on line %lu but in arm '%s' here",
                                  id, ld->exp->arms[p->arm[*unit]].name,
                                  (unsigned long)p->unit_line[*unit], ld->exp->arms[arm].name);
    return LK_OK;
}

static int check_row(part *p, lk_csv_row *row, int *arm, double *scores, lk_error *err)
{
    const loader *ld = p->ld;
    const lk_experiment *exp = ld->exp;
    const int *col = ld->col;
    for (int c = 0; c < A_NCOLS; c++)
        if (lk_csv_get_nonempty(p->r, row, col[c], err))
            return LK_EDATA;
    if (strcmp(row->field[col[A_EXPERIMENT]], exp->name) != 0)
        return lk_csv_field_error(p->r, row, col[A_EXPERIMENT], err,
                                  "experiment '%.60s' does not match the experiment file's '%s'",
                                  row->field[col[A_EXPERIMENT]], exp->name);
    if ((*arm = lk_experiment_arm_field(exp, p->r, row, col[A_ARM], err)) < 0)
        return LK_EDATA;
    const char *role = lk_role_name(exp->arms[*arm].role);
    if (strcmp(row->field[col[A_ROLE]], role) != 0)
        return lk_csv_field_error(p->r, row, col[A_ROLE], err,
                                  "role '%.30s' of arm '%s' does not match the experiment "
                                  "file's '%s'", row->field[col[A_ROLE]], exp->arms[*arm].name,
                                  role);
    for (size_t s = 0; s < ld->u->nscores; s++) {
        scores[s] = NAN;
        if (row->len[ld->score_col[s]] &&
            lk_csv_get_amount(p->r, row, ld->score_col[s], &scores[s], err))
            return LK_EDATA;
    }
    return LK_OK;
}

/*
 * The row's customer among the openings' sorted customers (orders: the
 * orders both files increase in), searched from where the row before's
 * search ended: one or two comparisons a row.
 */
static uint32_t opening_customer(part *p, const lk_csv_row *row, int orders)
{
    const loader *ld = p->ld;
    int c = ld->col[A_CUSTOMER];
    size_t n = lk_strmap_count(ld->ocust);
    size_t k = lk_ids_find(ld->oids, n, orders & LK_ORDER_BYTES ? LK_ORDER_BYTES : LK_ORDER_LENGTH,
                           row->field[c], row->len[c], &p->ohint);
    return k < n ? (uint32_t)k : LK_STRMAP_NONE;
}

/* The row's scores into its unit's: its own, or summed over a household's customers. */
static void add_scores(part *p, uint32_t unit, const double *scores)
{
    const loader *ld = p->ld;
    size_t ns = ld->u->nscores;
    if (ld->same_unit) {
        for (size_t s = 0; s < ns; s++)
            p->score_sum[s][unit] = scores[s];
        return;
    }
    for (size_t s = 0; s < ns; s++) {
        if (isnan(scores[s]))
            continue;
        double *sum = &p->score_sum[s][unit];
        *sum = ld->summed[s] ? lk_exact_sum2(*sum, scores[s]) : *sum + scores[s];
        p->score_cnt[s][unit]++;
    }
}

static int assignment_row(part *p, lk_csv_row *row, lk_error *err)
{
    loader *ld = p->ld;
    const int *col = ld->col;
    int arm = 0;
    double scores[LK_SCORE_COLUMNS];
    uint32_t unit = LK_STRMAP_NONE, cust = 0;
    int32_t start;
    /* Customer ids in an order the openings' customers share: found by a merge.
     * Else most customers have no openings: the filter says so once the row is
     * checked (the hash also serves the look-up; the column exists once it is). */
    int merge = ld->oorders & p->customers.sorted;
    uint64_t h = !merge && (size_t)col[A_CUSTOMER] < row->nfields
                     ? lk_hash_bytes(row->field[col[A_CUSTOMER]], row->len[col[A_CUSTOMER]])
                     : 0;
    const uint64_t *word = !merge && ld->ofilter.word ? lk_keyfilter_word(&ld->ofilter, h)
                                                      : NULL;
    /* Check everything before changing anything, so a rejected row leaves no trace. */
    int rc = check_row(p, row, &arm, scores, err);
    if (!rc)
        rc = lk_units_start_of_row(p, row, &start, err);
    if (!rc)
        rc = find_unit(p, row, arm, &unit, err);
    if (!rc)
        rc = check_customer(p, row, col[A_CUSTOMER], &cust, err);
    if (rc)
        return rc;
    int fresh = unit == LK_STRMAP_NONE;
    if (fresh) {
        unit = (uint32_t)p->n;
        if ((!ld->same_unit && lk_strmap_intern(ld->units, row->field[col[A_UNIT]],
                                                row->len[col[A_UNIT]], NULL) != unit) ||
            add_unit(p, unit, arm, row, col[A_UNIT]))
            return lk_error_nomem(err);
    }
    if (ld->nseg && lk_units_set_segment(p, row, unit, fresh))
        return lk_error_nomem(err);
    lk_units_keep_start(p, unit, fresh, start);
    if (p->customers.map)
        ld->u->customer_unit[cust] = unit;
    uint32_t oc = merge  ? opening_customer(p, row, merge)
                  : word && !lk_keyfilter_may_hold(word, h)
                      ? LK_STRMAP_NONE
                      : lk_strmap_find_hashed(ld->ocust, row->field[col[A_CUSTOMER]],
                                              row->len[col[A_CUSTOMER]], h);
    if (oc != LK_STRMAP_NONE) {
        if (lk_grow((void **)&p->match, &p->match_cap, 2 * p->nmatch + 2, sizeof(uint32_t)))
            return lk_error_nomem(err);
        p->match[2 * p->nmatch] = oc;
        p->match[2 * p->nmatch + 1] = unit;
        p->nmatch++;
    }
    add_scores(p, unit, scores);
    return LK_OK;
}

/*
 * Size the arrays (and maps) once from the part's room and its first rows'
 * average length, so a large file is not copied by repeated growth.
 */
static int reserve(part *p)
{
    size_t expect = lk_units_expect_rows(p->r, p->room);
    if (!expect)
        return 0;
    size_t id_bytes = p->n ? p->id_len / p->n + 1 : 16;
    loader *ld = p->ld;
    if (grow_part(p, expect) ||
        (ld->keep_ids && lk_grow((void **)&p->id_data, &p->id_cap, expect * id_bytes, 1)))
        return -1;
    if (p->customers.map && (lk_strmap_reserve(p->customers.map, expect) ||
                             lk_grow((void **)&ld->u->customer_unit, &ld->cu_cap, expect,
                                  sizeof(uint32_t))))
        return -1;
    if (!ld->same_unit && lk_strmap_reserve(ld->units, expect))
        return -1;
    return 0;
}

/* Read the part's rows; the result is also left in p->rc and p->err. */
static int read_part(part *p)
{
    loader *ld = p->ld;
    lk_error *err = &p->err;
    lk_csv_row *row;
    int rc = LK_OK;
    while (!rc) {
        rc = lk_csv_next(p->r, &row, err);
        if (!rc && !row)
            break;
        if (!rc)
            rc = assignment_row(p, row, err);
        if (rc && rc != RESTART)
            rc = lk_units_bad_row(ld, row, rc, err);
        else if (!rc)
            p->rows++;
        if (!rc && p->rows == 4096 && reserve(p))
            rc = lk_error_nomem(err);
        if (p->progress && (lk_csv_rows_read(p->r) & 0xffff) == 0 && ld->opt)
            lk_progress_report(&ld->opt->progress, lk_csv_bytes_read(p->r), p->size);
    }
    p->rc = rc;
    return rc;
}

/* lk_parts_fn: one part of the assignments file. */
static int assignment_part(void *arg, lk_error *err)
{
    part *p = arg;
    int rc = read_part(p);
    *err = p->err;
    return rc;
}

static int find_columns(loader *ld, lk_csv_reader *r, lk_error *err)
{
    static const char *const names[] = {"customer_id", "unit_id", "experiment", "arm", "role"};
    int rc = lk_csv_require(r, names, A_NCOLS, ld->col, err);
    if (!rc && ld->u->nscores)
        rc = lk_csv_require(r, (const char *const *)ld->u->score_names, ld->u->nscores,
                            ld->score_col, err);
    if (!rc && ld->nseg)
        rc = lk_csv_require(r, ld->opt->segments, ld->nseg, ld->seg_col, err);
    for (size_t i = 0; !rc && i < ld->nparts; i++)
        memcpy(ld->part[i].seg.col, ld->seg_col, sizeof(ld->seg_col));
    if (!rc && ld->exp->window_from)
        rc = lk_csv_require(r, (const char *const *)&ld->exp->window_from, 1, &ld->start_col,
                            err);
    return rc;
}

/* Forget what a read of the assignments gathered, to read them again. */
static void start_over(loader *ld)
{
    for (size_t i = 0; i < ld->nparts; i++)
        part_release(&ld->part[i]);
    ld->nparts = 0;
    for (size_t i = 0; ld->ocust_unit && i < lk_strmap_count(ld->ocust); i++)
        ld->ocust_unit[i] = LK_STRMAP_NONE;
    lk_strmap_free(ld->units);
    ld->units = NULL;
}

/* The whole file on this thread. */
static int read_serial(loader *ld, const char *path, uint64_t size, int use_map, lk_error *err)
{
    start_over(ld);
    part *p = &ld->part[0];
    ld->nparts = 1;
    if (part_init(p, ld, use_map) || (!ld->same_unit && !(ld->units = lk_strmap_new(0))))
        return lk_error_nomem(err);
    p->size = p->room = size;
    p->progress = 1;
    int rc = lk_csv_open(&p->r, path, err);
    if (!rc)
        rc = find_columns(ld, p->r, err);
    if (!rc && (rc = read_part(p)) != LK_OK && rc != RESTART)
        *err = p->err;
    return rc;
}

/*
 * Two parts on two threads (units are customers, ids checked by order).
 * RESTART when the ids are not in order across the whole file.
 */
static int read_parts(loader *ld, lk_parts *pl, lk_error *err)
{
    start_over(ld);
    ld->nparts = 2;
    for (int i = 0; i < 2; i++)
        if (part_init(&ld->part[i], ld, 0))
            return lk_error_nomem(err);
    part *a = &ld->part[0], *b = &ld->part[1];
    a->size = lk_parts_bytes(pl, 0);
    a->room = pl->size;
    b->size = b->room = lk_parts_bytes(pl, 1);
    a->progress = 1;
    int rc = lk_parts_open(pl, 0, &a->r, err);
    if (!rc)
        rc = lk_parts_open(pl, 1, &b->r, err);
    if (!rc)
        rc = find_columns(ld, a->r, err);
    if (rc)
        return rc;
    rc = lk_parts_run(pl, assignment_part, (void *[]){a, b}, err);
    if (pl->rc[0] == RESTART || pl->rc[1] == RESTART)
        return RESTART;
    if (rc)
        return rc;
    return lk_id_index_join(&a->customers, &b->customers, 1) ? LK_OK : RESTART;
}

static int load_assignments(loader *ld, const char *path, lk_error *err)
{
    const lk_units_options *o = ld->opt;
    int use_map = o && (o->rejects || o->index_customers || (o->find_customers && !ld->same_unit));
    lk_parts pl;
    lk_parts_plan(&pl, path, use_map || !ld->same_unit ? LK_PARTS_WHOLE : UNITS_SPLIT);
    use_map |= !pl.regular;
    int rc = RESTART;
    if (pl.n == 2)
        rc = read_parts(ld, &pl, err);
    if (rc == RESTART)
        rc = read_serial(ld, path, pl.size, use_map, err);
    if (rc == RESTART)
        rc = read_serial(ld, path, pl.size, 1, err);
    return rc;
}

/*
 * Append n elements of src to the array *dst of capacity *cap that holds
 * have of them.
 */
static int append(void **dst, size_t *cap, size_t have, const void *src, size_t n, size_t elem)
{
    if (lk_grow(dst, cap, have + n, elem))
        return -1;
    if (n)
        memcpy((char *)*dst + have * elem, src, n * elem);
    return 0;
}

/* The order the customer ids increase in across the parts (0: none known). */
static int ids_order(const loader *ld)
{
    const lk_id_index *a = &ld->part[0].customers;
    int orders = a->sorted;
    for (size_t k = 1; k < ld->nparts; k++) {
        const lk_id_index *b = &ld->part[k].customers;
        int both = orders & b->sorted;
        orders = 0;
        for (int o = LK_ORDER_BYTES; o <= LK_ORDER_LENGTH; o++) {
            lk_id_index x = *a, y = *b;
            x.sorted = y.sorted = both & o;
            if (x.sorted && lk_id_index_join(&x, &y, 1))
                orders |= o;
        }
    }
    return orders & LK_ORDER_BYTES ? LK_ORDER_BYTES : orders & LK_ORDER_LENGTH;
}

/* Part p's unit arrays, once join_parts has copied them into u. */
static void part_drop_units(part *p, size_t nscores)
{
    free(p->arm);
    free(p->id_data);
    free(p->id_off);
    free(p->match);
    p->arm = NULL;
    p->id_data = NULL;
    p->id_off = NULL;
    p->match = NULL;
    for (size_t sc = 0; sc < nscores; sc++) {
        free(p->score_sum[sc]);
        p->score_sum[sc] = NULL;
    }
}

/* A later part's units after the first part's in u (at unit base, id byte id_base). */
static int append_part(loader *ld, part *p, size_t base, size_t id_base, size_t *id_cap)
{
    lk_units *u = ld->u;
    part *a = &ld->part[0];
    size_t cap = a->cap;
    if (append((void **)&u->arm, &cap, base, p->arm, p->n, sizeof(uint16_t)) ||
        (ld->keep_ids &&
         append((void **)&u->id_data, id_cap, id_base, p->id_data, p->id_len, 1)))
        return -1;
    for (size_t sc = 0; sc < u->nscores; sc++) {
        cap = a->cap;
        if (append((void **)&u->score[sc], &cap, base, p->score_sum[sc], p->n, sizeof(double)))
            return -1;
    }
    cap = a->cap;
    if (ld->keep_ids && lk_grow((void **)&a->id_off, &cap, base + p->n, sizeof(size_t)))
        return -1;
    for (size_t i = 0; ld->keep_ids && i < p->n; i++)
        a->id_off[base + i] = id_base + p->id_off[i];
    return 0;
}

/*
 * The ids' offsets into u->id_data become u->id, in the same room: each
 * offset is read as a size_t and its pointer copied over it with memcpy,
 * which gives that element the type char * it is read as from then on
 * (no object is read through a type it was not stored as).
 */
static void ids_of_offsets(loader *ld)
{
    _Static_assert(sizeof(char *) == sizeof(size_t), "an id pointer takes an offset's room");
    lk_units *u = ld->u;
    size_t *off = ld->part[0].id_off;
    for (size_t i = 0; i < u->n; i++) {
        char *id = u->id_data + off[i];
        memcpy(&off[i], &id, sizeof(id));
    }
    u->id = (char **)(void *)off;
    ld->part[0].id_off = NULL;
}

/*
 * Put the parts' units one after the other into u: the first part's
 * arrays become u's (its id offsets u->id), the second's are appended
 * (the first part sized its arrays for the whole file, so they are seldom
 * moved) and freed at once, before the metrics' arrays come on top.
 */
static int join_parts(loader *ld)
{
    lk_units *u = ld->u;
    part *a = &ld->part[0];
    for (size_t k = 0; k < ld->nparts; k++) {
        part *p = &ld->part[k];
        u->assignment_rows += p->rows;
        for (size_t sc = 0; !ld->same_unit && sc < u->nscores; sc++)
            for (size_t i = 0; !ld->summed[sc] && i < p->n; i++)
                p->score_sum[sc][i] = p->score_cnt[sc][i]
                                          ? p->score_sum[sc][i] / p->score_cnt[sc][i] : NAN;
    }
    u->arm = a->arm;
    a->arm = NULL;
    u->id_data = a->id_data;
    a->id_data = NULL;
    for (size_t sc = 0; sc < u->nscores; sc++) {
        u->score[sc] = a->score_sum[sc];
        a->score_sum[sc] = NULL;
    }
    size_t base = 0, id_base = 0, id_cap = a->id_cap;
    for (size_t k = 0; k < ld->nparts; k++) {
        part *p = &ld->part[k];
        if (k && append_part(ld, p, base, id_base, &id_cap))
            return -1;
        for (size_t m = 0; m < p->nmatch; m++)
            ld->ocust_unit[p->match[2 * m]] = (uint32_t)(base + p->match[2 * m + 1]);
        base += p->n;
        id_base += p->id_len;
        if (k)
            part_drop_units(p, u->nscores);
    }
    u->n = base;
    if (ld->keep_ids && !a->id_off && !(a->id_off = malloc(sizeof(size_t))))
        return -1;      /* (no unit: an empty id array) */
    if (ld->keep_ids)
        ids_of_offsets(ld);
    u->customers = a->customers.map;
    a->customers.map = NULL;
    if (ld->same_unit && ld->keep_ids && !u->customers)
        u->id_order = ids_order(ld);
    if (lk_units_join_starts(ld))
        return -1;
    return ld->nseg ? lk_units_join_segments(ld) : 0;
}

/* ---- metrics ---- */

/* Units [lo, hi) of the metric arrays of u, set to no opening. */
typedef struct metrics_part {
    lk_units *u;
    size_t lo, hi;
} metrics_part;

/* lk_run_pair: the first touch of fresh pages costs a fault each, so two
   threads fill the two halves; first_*_day set to -1 (every byte 0xff). */
static void *clear_metrics(void *arg)
{
    const metrics_part *p = arg;
    lk_units *u = p->u;
    size_t lo = p->lo, k = p->hi - p->lo;
    memset(u->response_target + lo, 0, k);
    memset(u->response_any + lo, 0, k);
    memset(u->balance_target + lo, 0, k * sizeof(double));
    memset(u->balance_any + lo, 0, k * sizeof(double));
    memset(u->products_opened + lo, 0, k * sizeof(uint32_t));
    memset(u->value + lo, 0, k * sizeof(double));
    memset(u->first_target_day + lo, 0xff, k * sizeof(int32_t));
    memset(u->first_any_day + lo, 0xff, k * sizeof(int32_t));
    return NULL;
}

static int alloc_metrics(lk_units *u)
{
    size_t n = u->n;
    u->response_target = lk_alloc_big(n, 1, 0);
    u->response_any = lk_alloc_big(n, 1, 0);
    u->balance_target = lk_alloc_big(n, sizeof(double), 0);
    u->balance_any = lk_alloc_big(n, sizeof(double), 0);
    u->products_opened = lk_alloc_big(n, sizeof(uint32_t), 0);
    u->value = lk_alloc_big(n, sizeof(double), 0);
    u->first_target_day = lk_alloc_big(n, sizeof(int32_t), 0);
    u->first_any_day = lk_alloc_big(n, sizeof(int32_t), 0);
    if (!u->response_target || !u->response_any || !u->balance_target || !u->balance_any ||
        !u->products_opened || !u->value || !u->first_target_day || !u->first_any_day)
        return -1;
    metrics_part half[2] = {{u, 0, n / 2}, {u, n / 2, n}};
    if (n >= METRICS_PAIR)
        lk_run_pair(clear_metrics, &half[0], &half[1]);
    else
        clear_metrics(&(metrics_part){u, 0, n});
    return 0;
}

/* Days from unit i's start to opening o, and to the unit's window's last day. */
static int32_t rel_day(const loader *ld, uint32_t i, const opening *o, int32_t *end)
{
    int32_t first, last;
    lk_units_window(ld->u, ld->exp, i, &first, &last);
    *end = last - first;
    return o->day - first;
}

/* Count each product once per unit: a bit per product for the first 64, a map beyond. */
static int count_products(loader *ld)
{
    lk_units *u = ld->u;
    /* units that are customers: a mask per customer with openings (fewer) */
    size_t nmask = ld->same_unit ? lk_strmap_count(ld->ocust) : u->n;
    uint64_t *mask = lk_alloc_big(nmask, sizeof(uint64_t), 1);
    lk_strmap *pairs = lk_strmap_new(0);
    int rc = mask && pairs ? 0 : -1;
    for (size_t k = 0; !rc && k < ld->open.nop; k++) {
        const opening *o = &ld->open.op[k];
        uint32_t i = ld->ocust_unit[o->cust];
        int32_t end, rel = i == LK_STRMAP_NONE ? -1 : rel_day(ld, i, o, &end);
        if (rel < 0 || rel > end)
            continue;
        if (o->product < 64) {
            uint64_t bit = (uint64_t)1 << o->product, *m = &mask[ld->same_unit ? o->cust : i];
            u->products_opened[i] += !(*m & bit);
            *m |= bit;
            continue;
        }
        char key[32];
        int n = snprintf(key, sizeof(key), "%u\x1f%u", i, o->product);
        int added;
        if (lk_strmap_intern(pairs, key, (size_t)n, &added) == LK_STRMAP_NONE)
            rc = -1;
        u->products_opened[i] += (uint32_t)added;
    }
    free(mask);
    lk_strmap_free(pairs);
    return rc;
}

static void count_opening(loader *ld, const opening *o)
{
    lk_units *u = ld->u;
    uint32_t i = ld->ocust_unit[o->cust];
    int32_t end = 0, rel = i == LK_STRMAP_NONE ? 0 : rel_day(ld, i, o, &end);
    if (!u->has_last_open || o->day > u->last_open_day)
        u->last_open_day = o->day;
    u->has_last_open = 1;
    if (i == LK_STRMAP_NONE) {
        u->openings_unassigned++;
        return;
    }
    if (rel < 0 || rel > end) {
        u->openings_outside_window++;
        return;
    }
    u->openings_in_window++;
    u->response_any[i] = 1;
    u->balance_any[i] = lk_exact_sum2(u->balance_any[i], o->balance);
    u->value[i] += ld->open.product_value[o->product] +
                   ld->open.product_margin[o->product] * o->balance;
    if (u->first_any_day[i] < 0 || rel < u->first_any_day[i])
        u->first_any_day[i] = rel;
    if (ld->open.product_target[o->product]) {
        u->response_target[i] = 1;
        u->balance_target[i] = lk_exact_sum2(u->balance_target[i], o->balance);
        if (u->first_target_day[i] < 0 || rel < u->first_target_day[i])
            u->first_target_day[i] = rel;
    }
}

static int finish(loader *ld)
{
    lk_units *u = ld->u;
    if (join_parts(ld) || alloc_metrics(u))
        return -1;
    u->has_as_of = ld->opt && ld->opt->has_as_of;
    u->as_of = u->has_as_of ? ld->opt->as_of : 0;
    for (size_t k = 0; k < ld->open.nop; k++)
        count_opening(ld, &ld->open.op[k]);
    if (count_products(ld))
        return -1;
    for (size_t i = 0; i < u->n; i++)
        u->arm_units[u->arm[i]]++;
    return 0;
}

/* ---- the whole load ---- */

static void loader_release(loader *ld)
{
    start_over(ld);
    lk_units_oread_release(&ld->open);
    lk_keyfilter_release(&ld->ofilter);
    free(ld->oids);
    free(ld->ocust_unit);
}

static int setup(loader *ld, const lk_units_options *opt)
{
    lk_units *u = ld->u;
    u->narms = ld->exp->narms;
    ld->same_unit = !strcmp(ld->exp->unit, "customer_id");
    /* customers found by their sorted ids: keep them (a map replaces them if need be) */
    ld->keep_ids = !(opt && opt->skip_ids) || (opt && opt->find_customers && ld->same_unit);
    u->arm_units = calloc(u->narms, sizeof(size_t));
    if (!u->arm_units || lk_units_oread_init(&ld->open, ld, 0))
        return -1;
    ld->ocust = ld->open.cust;      /* no openings file: nobody opened anything */
    ld->nseg = opt ? opt->nsegments : 0;
    size_t ns = opt ? opt->nscores : 0;
    u->nscores = ns;
    if (!ns)
        return 0;
    u->score_names = calloc(ns, sizeof(char *));
    u->score = calloc(ns, sizeof(double *));
    if (!u->score_names || !u->score)
        return -1;
    for (size_t s = 0; s < ns; s++) {
        if (!(u->score_names[s] = strdup(opt->scores[s])))
            return -1;
        ld->summed[s] = opt->score_summed && opt->score_summed[s];
    }
    return 0;
}

int lk_units_load(lk_units **out, const lk_experiment *exp, const char *assignments_path,
                  const char *openings_path, const lk_units_options *opt, lk_error *err)
{
    *out = NULL;
    if (opt && opt->nscores > LK_SCORE_COLUMNS)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "at most %d score columns",
                            LK_SCORE_COLUMNS);
    if (opt && opt->nsegments > LK_SEGMENT_COLUMNS)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "at most %d segment columns",
                            LK_SEGMENT_COLUMNS);
    lk_units *u = calloc(1, sizeof(*u));
    if (!u)
        return lk_error_nomem(err);
    for (int m = 0; m < LK_METRIC_COUNT; m++)
        u->cap[m] = NAN;
    loader ld = {.u = u, .exp = exp, .opt = opt, .start_col = -1};
    int rc = setup(&ld, opt) ? lk_error_nomem(err) : LK_OK;
    if (!rc && openings_path)
        rc = lk_units_load_openings(&ld, openings_path, err);
    if (!rc)
        rc = load_assignments(&ld, assignments_path, err);
    if (!rc && ld.part[0].n + ld.part[1].n == 0)
        rc = lk_error_set(err, LK_EDATA, assignments_path, 0, 0,
                          "no assignments: expected at least one row");
    if (!rc && finish(&ld))
        rc = lk_error_nomem(err);
    loader_release(&ld);
    if (rc) {
        lk_units_free(u);
        return rc;
    }
    *out = u;
    return LK_OK;
}
