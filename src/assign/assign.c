/*
 * assign.c - the assignment recipe of docs/methods.md, "Assignment".
 *
 * Hashing uses OpenSSL's SHA-256 block API directly: the context after
 * "salt:" is computed once and copied per unit, so a unit costs one or two
 * compression rounds and no allocation; when "salt:" and the unit fit in
 * one block with the padding (55 bytes), the block is compressed alone.  Boundaries are computed in double
 * exactly as the formula reads (10000 * cumulative weight / W + 0.5, then
 * floor), which is what Python or SQL doing the same arithmetic get.
 * The stratified deal is deterministic: it depends only on the set of
 * (unit id, stratum) pairs and the salt, never on row order.  It is
 * systematic sampling in hash order from a start drawn from the stratum's
 * hash, which keeps every count within one unit of its share without
 * favouring the first arms the way fixed remainder rules would in small
 * strata.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_heapsort.h>
#include <openssl/sha.h>

#include "liftkit/assign.h"
#include "liftkit/experiment.h"

#include "util/strmap.h"

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((lk_assign_hasher *)0)->state),
               "lk_assign_hasher too small for SHA256_CTX");

static uint64_t top60(const unsigned char *d)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | d[i];
    return v >> 4;
}

void lk_assign_hasher_init(lk_assign_hasher *h, const char *salt, size_t salt_len)
{
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, salt, salt_len);
    SHA256_Update(&ctx, ":", 1);
    memset(h->state, 0, sizeof(h->state));
    memcpy(h->state, &ctx, sizeof(ctx));
}

/*
 * "salt:" and the unit in one block (with SHA-256's padding): the block
 * goes through the compression function alone, without the buffering,
 * padding and clean-up of SHA256_Update and SHA256_Final around it.
 * Only when no block of "salt:" was compressed yet (the context still
 * holds the first state and the bytes so far); else 0.
 */
static int one_block(const SHA256_CTX *base, const char *unit, size_t unit_len, uint64_t *u)
{
    size_t pre = base->num, n = pre + unit_len;
    if (base->Nh != 0 || base->Nl != pre * 8 || n > SHA256_CBLOCK - 9)
        return 0;
    unsigned char block[SHA256_CBLOCK];
    memcpy(block, base->data, pre);
    memcpy(block + pre, unit, unit_len);
    block[n] = 0x80;
    memset(block + n + 1, 0, SHA256_CBLOCK - 8 - (n + 1));
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        block[SHA256_CBLOCK - 1 - i] = (unsigned char)(bits >> (8 * i));
    SHA256_CTX ctx;
    memcpy(ctx.h, base->h, sizeof(ctx.h));
    SHA256_Transform(&ctx, block);
    *u = ((uint64_t)ctx.h[0] << 32 | ctx.h[1]) >> 4;      /* the digest's first 8 bytes */
    return 1;
}

uint64_t lk_assign_hasher_u(const lk_assign_hasher *h, const char *unit, size_t unit_len)
{
    uint64_t u;
    if (one_block((const SHA256_CTX *)h->state, unit, unit_len, &u))
        return u;
    SHA256_CTX ctx;
    unsigned char d[SHA256_DIGEST_LENGTH];
    memcpy(&ctx, h->state, sizeof(ctx));
    SHA256_Update(&ctx, unit, unit_len);
    SHA256_Final(d, &ctx);
    return top60(d);
}

uint64_t lk_assign_u(const char *salt, size_t salt_len, const char *unit, size_t unit_len)
{
    lk_assign_hasher h;
    lk_assign_hasher_init(&h, salt, salt_len);
    return lk_assign_hasher_u(&h, unit, unit_len);
}

uint32_t lk_assign_bucket(const char *salt, size_t salt_len, const char *unit,
                          size_t unit_len)
{
    return (uint32_t)(lk_assign_u(salt, salt_len, unit, unit_len) % LK_ASSIGN_BUCKETS);
}

/* B_i for i = 0..narms-1 into bound; the last is forced to 10000. */
static void boundaries(const lk_arm *arms, size_t narms, uint32_t *bound)
{
    double total = 0, cum = 0;
    for (size_t i = 0; i < narms; i++)
        total += arms[i].weight;
    for (size_t i = 0; i < narms; i++) {
        cum += arms[i].weight;
        double b = floor(10000.0 * cum / total + 0.5);
        bound[i] = !(b >= 0) ? 0 : b > 10000 ? 10000 : (uint32_t)b;   /* NaN too */
    }
    bound[narms - 1] = LK_ASSIGN_BUCKETS;
}

int lk_assign_plan_init(lk_assign_plan *plan, const lk_experiment *exp, lk_error *err)
{
    memset(plan, 0, sizeof(*plan));
    if (exp->narms == 0 || exp->narms > 65535)
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "experiment needs between 1 and 65535 arms, has %zu", exp->narms);
    size_t k = lk_experiment_drawn_arms(exp);
    plan->narms = k;
    plan->universal = exp->universal;
    if (exp->universal >= 0) {
        plan->universal_cut = exp->universal_share * LK_ASSIGN_BUCKETS;
        lk_assign_hasher_init(&plan->universal_hasher, exp->universal_salt,
                              strlen(exp->universal_salt));
    }
    plan->bound = malloc(k * sizeof(*plan->bound));
    plan->weight = malloc(k * sizeof(*plan->weight));
    plan->cum = malloc(k * sizeof(*plan->cum));
    if (!plan->bound || !plan->weight || !plan->cum) {
        lk_assign_plan_release(plan);
        return lk_error_nomem(err);
    }
    boundaries(exp->arms, k, plan->bound);
    double total = 0, cum = 0;
    for (size_t i = 0; i < k; i++)
        total += plan->weight[i] = exp->arms[i].weight;
    for (size_t i = 0; i < k; i++)
        plan->cum[i] = (cum += plan->weight[i]) / total;
    plan->cum[k - 1] = 1.0;
    size_t arm = 0;
    for (uint32_t b = 0; b < LK_ASSIGN_BUCKETS; b++) {
        while (b >= plan->bound[arm])
            arm++;
        plan->arm_of[b] = (uint16_t)arm;
    }
    return LK_OK;
}

int lk_assign_plan_universal(const lk_assign_plan *plan, const char *unit, size_t unit_len,
                             uint32_t *bucket)
{
    if (plan->universal < 0)
        return 0;
    uint32_t b = (uint32_t)(lk_assign_hasher_u(&plan->universal_hasher, unit, unit_len) %
                            LK_ASSIGN_BUCKETS);
    if (!((double)b < plan->universal_cut))
        return 0;
    *bucket = b;
    return 1;
}

void lk_assign_plan_release(lk_assign_plan *plan)
{
    free(plan->bound);
    free(plan->weight);
    free(plan->cum);
    memset(plan, 0, sizeof(*plan));
}

int lk_assign_hash_arm(const lk_experiment *exp, uint32_t bucket)
{
    size_t k = lk_experiment_drawn_arms(exp);
    if (bucket >= LK_ASSIGN_BUCKETS || k == 0)
        return -1;
    uint32_t *bound = malloc(k * sizeof(*bound));
    if (!bound)
        return -1;
    boundaries(exp->arms, k, bound);
    int arm = 0;
    while (bucket >= bound[arm])
        arm++;
    free(bound);
    return arm;
}

double lk_assign_stratum_start(const char *salt, size_t salt_len, const char *stratum,
                               size_t stratum_len)
{
    return (double)lk_assign_u(salt, salt_len, stratum, stratum_len) / 0x1p60;
}

void lk_assign_deal(const lk_assign_plan *plan, double start, size_t n, int *arm)
{
    size_t i = 0;
    for (size_t j = 0; j < n; j++) {
        double x = ((double)j + start) / (double)n;
        while (i + 1 < plan->narms && x >= plan->cum[i])
            i++;
        arm[j] = (int)i;
    }
}

/* ---- stratified ---- */

typedef struct sort_unit {
    uint64_t u;
    const char *id;
    size_t len;
    uint32_t stratum;
    uint32_t index;
} sort_unit;

static int compare_units(const void *pa, const void *pb)
{
    const sort_unit *a = pa, *b = pb;
    if (a->stratum != b->stratum)
        return a->stratum < b->stratum ? -1 : 1;
    if (a->u != b->u)
        return a->u < b->u ? -1 : 1;
    size_t m = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->id, b->id, m);
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

int lk_assign_stratified(const lk_assign_plan *plan, const uint64_t *u,
                         const char *const *ids, const size_t *id_len,
                         const uint32_t *stratum, const double *start, size_t n,
                         int *arm, lk_error *err)
{
    if (n == 0)
        return LK_OK;
    if (n > UINT32_MAX)
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "too many units (%zu)", n);
    sort_unit *s = malloc(n * sizeof(*s));
    int *deal = malloc(n * sizeof(*deal));
    if (!s || !deal) {
        free(s);
        free(deal);
        return lk_error_nomem(err);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t b;
        if (lk_assign_plan_universal(plan, ids[i], id_len[i], &b))
            arm[i] = plan->universal;
        else
            s[m++] = (sort_unit){u[i], ids[i], id_len[i], stratum[i], (uint32_t)i};
    }
    n = m;
    if (n)
        gsl_heapsort(s, n, sizeof(*s), compare_units);
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        for (hi = lo + 1; hi < n && s[hi].stratum == s[lo].stratum; hi++)
            ;
        lk_assign_deal(plan, start[s[lo].stratum], hi - lo, deal);
        for (size_t k = lo; k < hi; k++)
            arm[s[k].index] = deal[k - lo];
    }
    free(s);
    free(deal);
    return LK_OK;
}

/* ---- in memory ---- */

static int assign_hash_rows(const lk_assign_plan *plan, const lk_experiment *exp,
                            const char *const *unit_ids, size_t n, int *arm)
{
    lk_assign_hasher h;
    lk_assign_hasher_init(&h, exp->salt, strlen(exp->salt));
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(unit_ids[i]);
        uint32_t b;
        uint64_t u = lk_assign_hasher_u(&h, unit_ids[i], len);
        arm[i] = lk_assign_plan_universal(plan, unit_ids[i], len, &b)
                     ? plan->universal
                     : lk_assign_plan_arm(plan, (uint32_t)(u % LK_ASSIGN_BUCKETS));
    }
    return LK_OK;
}

typedef struct units_tmp {
    lk_strmap *units, *strata;
    uint32_t *row_unit;         /* by row */
    uint32_t *unit_stratum;     /* by unit */
    uint64_t *u;
    const char **ids;
    size_t *lens;
    int *unit_arm;
    double *start;              /* by stratum */
} units_tmp;

static void units_tmp_release(units_tmp *t)
{
    lk_strmap_free(t->units);
    lk_strmap_free(t->strata);
    free(t->row_unit);
    free(t->unit_stratum);
    free(t->u);
    free(t->ids);
    free(t->lens);
    free(t->unit_arm);
    free(t->start);
}

static int intern_rows(units_tmp *t, const char *const *unit_ids,
                       const char *const *strata, size_t n)
{
    t->units = lk_strmap_new(n);
    t->strata = lk_strmap_new(0);
    t->row_unit = malloc((n ? n : 1) * sizeof(*t->row_unit));
    t->unit_stratum = malloc((n ? n : 1) * sizeof(*t->unit_stratum));
    if (!t->units || !t->strata || !t->row_unit || !t->unit_stratum)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int added;
        uint32_t id = lk_strmap_intern(t->units, unit_ids[i], strlen(unit_ids[i]), &added);
        if (id == LK_STRMAP_NONE)
            return -1;
        t->row_unit[i] = id;
        if (added) {
            uint32_t s = lk_strmap_intern(t->strata, strata[i], strlen(strata[i]), NULL);
            if (s == LK_STRMAP_NONE)
                return -1;
            t->unit_stratum[id] = s;
        }
    }
    return 0;
}

static int hash_units(units_tmp *t, const char *salt)
{
    size_t m = lk_strmap_count(t->units);
    size_t alloc = m ? m : 1;
    t->u = malloc(alloc * sizeof(*t->u));
    t->ids = malloc(alloc * sizeof(*t->ids));
    t->lens = malloc(alloc * sizeof(*t->lens));
    t->unit_arm = malloc(alloc * sizeof(*t->unit_arm));
    if (!t->u || !t->ids || !t->lens || !t->unit_arm)
        return -1;
    lk_assign_hasher h;
    lk_assign_hasher_init(&h, salt, strlen(salt));
    for (size_t k = 0; k < m; k++) {
        t->ids[k] = lk_strmap_key(t->units, (uint32_t)k);
        t->lens[k] = lk_strmap_key_len(t->units, (uint32_t)k);
        t->u[k] = lk_assign_hasher_u(&h, t->ids[k], t->lens[k]);
    }
    size_t ns = lk_strmap_count(t->strata);
    t->start = malloc((ns ? ns : 1) * sizeof(*t->start));
    if (!t->start)
        return -1;
    for (size_t s = 0; s < ns; s++)
        t->start[s] = (double)lk_assign_hasher_u(&h, lk_strmap_key(t->strata, (uint32_t)s),
                                                 lk_strmap_key_len(t->strata, (uint32_t)s)) /
                      0x1p60;
    return 0;
}

int lk_assign_units(const lk_experiment *exp, const char *const *unit_ids,
                    const char *const *strata, size_t n, int *arm, lk_error *err)
{
    lk_assign_plan plan;
    int rc = lk_assign_plan_init(&plan, exp, err);
    if (rc)
        return rc;
    if (exp->stratify && !strata) {
        lk_assign_plan_release(&plan);
        return lk_error_set(err, LK_EUSAGE, exp->path, 0, 0,
                            "experiment stratifies by '%s' but no strata were given",
                            exp->stratify);
    }
    if (!exp->stratify) {
        rc = assign_hash_rows(&plan, exp, unit_ids, n, arm);
        lk_assign_plan_release(&plan);
        return rc;
    }
    units_tmp t = {0};
    if (intern_rows(&t, unit_ids, strata, n) || hash_units(&t, exp->salt)) {
        rc = lk_error_nomem(err);
    } else {
        rc = lk_assign_stratified(&plan, t.u, t.ids, t.lens, t.unit_stratum, t.start,
                                  lk_strmap_count(t.units), t.unit_arm, err);
        for (size_t i = 0; rc == LK_OK && i < n; i++)
            arm[i] = t.unit_arm[t.row_unit[i]];
    }
    units_tmp_release(&t);
    lk_assign_plan_release(&plan);
    return rc;
}
