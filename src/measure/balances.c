/*
 * balances.c - the experiment's caps and covariates applied to units.
 *
 * The caps are parsed here rather than when the experiment file is read
 * (the file's reader sits below the statistics), so a bad cap is reported
 * at its line when a command first needs it.  Capping changes the units in
 * place: every computation after it sees capped values, and the cap and
 * the count of units lowered per arm travel with the units into the lift
 * table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/balances.h"

#include "util/pair.h"

static int is_balance(lk_metric m)
{
    return m == LK_METRIC_BALANCE_TARGET || m == LK_METRIC_BALANCE_ANY ||
           m == LK_METRIC_BALANCE_TARGET_90;
}

int lk_balance_cap_spec(const lk_experiment *exp, lk_metric m, lk_cap_spec *spec,
                        lk_error *err)
{
    *spec = (lk_cap_spec){LK_CAP_NONE, NAN};
    if (!is_balance(m))
        return LK_OK;
    char key[64];
    snprintf(key, sizeof(key), "cap.%s", lk_metric_name(m));
    const lk_text_setting *s = lk_text_settings_find(&exp->metrics, key);
    if (!s)
        s = lk_text_settings_find(&exp->metrics, "cap");
    if (!s)
        return lk_cap_parse(LK_CAP_DEFAULT, spec, err);
    lk_error e;
    lk_error_clear(&e);
    if (lk_cap_parse(s->value, spec, &e))
        return lk_error_set(err, LK_EDATA, exp->path, s->line, 0, "'%s' in [metrics]: %s",
                            s->key, e.msg);
    return LK_OK;
}

static double *metric_values(lk_units *u, lk_metric m)
{
    switch (m) {
    case LK_METRIC_BALANCE_TARGET: return u->balance_target;
    case LK_METRIC_BALANCE_ANY: return u->balance_any;
    default: return u->balance_target_90;
    }
}

/* One metric's cap found on a thread of lk_run_pair. */
typedef struct cap_job {
    lk_cap_spec spec;
    double *x;          /* the metric's values, capped in place once the cap is known */
    size_t n;
    int rc;             /* of its spec, then of its cap */
    double cap;
    lk_error err;
} cap_job;

static void *find_cap(void *arg)
{
    cap_job *j = arg;
    if (!j->rc)
        j->rc = lk_cap_value(&j->spec, j->x, j->n, &j->cap, &j->err);
    return NULL;
}

/* units from which two metrics' percentiles are found on two threads */
#define CAP_PAIR ((size_t)1 << 20)

int lk_units_cap(lk_units *u, const lk_experiment *exp, lk_error *err)
{
    if (!u->n_capped && !(u->n_capped = calloc(LK_METRIC_COUNT * (u->narms ? u->narms : 1),
                                                sizeof(size_t))))
        return lk_error_nomem(err);
    /* every metric's cap first (a percentile sorts its values: two at once), then
       applied in metric order, where the first error is reported */
    cap_job job[LK_METRIC_COUNT];
    cap_job *todo[LK_METRIC_COUNT + 1];
    size_t k = 0;
    for (int mi = 0; mi < LK_METRIC_COUNT; mi++) {
        lk_metric m = (lk_metric)mi;
        cap_job *j = &job[mi];
        memset(j, 0, sizeof(*j));
        lk_error_clear(&j->err);
        j->cap = INFINITY;
        j->rc = lk_balance_cap_spec(exp, m, &j->spec, &j->err);
        if (j->rc || j->spec.kind == LK_CAP_NONE || !isnan(u->cap[m]) ||
            !lk_units_has_metric(u, m))
            continue;
        j->x = metric_values(u, m);
        j->n = u->n;
        todo[k++] = j;
    }
    for (size_t t = 0; t < k; t += 2) {
        if (t + 1 < k && u->n >= CAP_PAIR)
            lk_run_pair(find_cap, todo[t], todo[t + 1]);
        else
            for (size_t q = t; q < k && q < t + 2; q++)
                find_cap(todo[q]);
    }
    for (int mi = 0; mi < LK_METRIC_COUNT; mi++) {
        cap_job *j = &job[mi];
        if (j->rc) {
            *err = j->err;
            return j->rc;
        }
        if (!j->x || !isfinite(j->cap))
            continue;       /* no cap, or no nonzero value: nothing to cap */
        double *x = j->x, cap = j->cap;
        u->cap[mi] = cap;
        size_t *lowered = &u->n_capped[(size_t)mi * u->narms];
        for (size_t i = 0; i < u->n; i++)
            if (x[i] > cap) {
                x[i] = cap;
                lowered[u->arm[i]]++;
            }
    }
    return LK_OK;
}

const char *lk_balance_covariate(const lk_experiment *exp, lk_metric m)
{
    const lk_text_setting *s = lk_text_settings_find(&exp->cuped, lk_metric_name(m));
    return s ? s->value : NULL;
}

int lk_units_options_add_covariates(lk_units_options *o, const lk_experiment *exp,
                                    void **storage, lk_error *err)
{
    size_t n = o->nscores + exp->cuped.n;
    *storage = NULL;
    if (!exp->cuped.n)
        return LK_OK;
    const char **names = malloc(n * (sizeof(char *) + 1));
    if (!names)
        return lk_error_nomem(err);
    unsigned char *summed = (unsigned char *)(names + n);
    for (size_t s = 0; s < o->nscores; s++) {
        names[s] = o->scores[s];
        summed[s] = o->score_summed ? o->score_summed[s] : 0;
    }
    /* a column several metrics use is loaded once (lk_units_covariate
       finds it by name) */
    n = o->nscores;
    for (size_t c = 0; c < exp->cuped.n; c++) {
        const char *col = exp->cuped.items[c].value;
        size_t k = o->nscores;
        while (k < n && strcmp(names[k], col))
            k++;
        if (k < n)
            continue;
        names[n] = col;
        summed[n++] = 1;
    }
    o->scores = names;
    o->nscores = n;
    o->score_summed = summed;
    *storage = names;
    return LK_OK;
}

int lk_units_covariate(const lk_units *u, const lk_experiment *exp, lk_metric m)
{
    const char *col = lk_balance_covariate(exp, m);
    for (size_t s = u->nscores; col && s-- > 0;)
        if (!strcmp(u->score_names[s], col))
            return (int)s;
    return -1;
}
