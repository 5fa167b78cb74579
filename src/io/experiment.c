/*
 * experiment.c - reading and checking the experiment file with inih.
 *
 * inih hands us (section, key, value) without a line number, so we feed it
 * through our own line reader and count lines as it asks for them: inih
 * calls the handler for a line before it reads the next one, so the count
 * is the handler's line.  Every message names the key and its line.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "liftkit/experiment.h"

typedef struct parse_state {
    lk_experiment *exp;
    const char *text;      /* what is left to read */
    unsigned long line;
    unsigned long too_long;   /* the first line over the limit, or 0 */
    int seen_windows;
    int seen_universal;
    int has_start, has_window;
    char **seen;           /* "section\nkey" pairs already set */
    size_t nseen;
    lk_error *err;
    int failed;
} parse_state;

static char *reader(char *str, int num, void *stream)
{
    parse_state *st = stream;
    if (!*st->text)
        return NULL;
    const char *nl = strchr(st->text, '\n');
    size_t n = nl ? (size_t)(nl - st->text) + 1 : strlen(st->text);
    if (n > (size_t)num - 1) {
        if (!st->too_long)
            st->too_long = st->line + 1;
        n = (size_t)num - 1;
        nl = strchr(st->text, '\n');
        size_t full = nl ? (size_t)(nl - st->text) + 1 : strlen(st->text);
        memcpy(str, st->text, n);
        str[n] = '\0';
        st->text += full;
    } else {
        memcpy(str, st->text, n);
        str[n] = '\0';
        st->text += n;
    }
    st->line++;
    return str;
}

static int fail_at(parse_state *st, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(parse_state *st, unsigned long line, const char *fmt, ...)
{
    if (!st->failed) {
        va_list ap;
        va_start(ap, fmt);
        lk_error_vset(st->err, LK_EDATA, st->exp->path, line, 0, fmt, ap);
        va_end(ap);
        st->failed = 1;
    }
    return 0;
}

/* The first problem, at the line inih is on. */
#define fail(st, ...) fail_at(st, (st)->line, __VA_ARGS__)

/* Like fail, for an allocation that failed: LK_EIO, no location. */
static int nomem(parse_state *st)
{
    if (!st->failed) {
        lk_error_nomem(st->err);
        st->failed = 1;
    }
    return 0;
}

static int parse_nonneg(const char *v, double *out)
{
    return lk_parse_double(v, strlen(v), out) == 0 && *out >= 0 ? 0 : -1;
}

/* A whole number of days up to 100 years; the range is checked before the
   whole-number test, which converts to an integer. */
static int parse_days(const char *v, double *out)
{
    return parse_nonneg(v, out) == 0 && *out <= 36500 && *out == (double)(long)*out ? 0 : -1;
}

/* A non-negative amount (money) no larger than LK_AMOUNT_MAX. */
static int parse_amount(const char *v, double *out)
{
    return parse_nonneg(v, out) == 0 && *out <= LK_AMOUNT_MAX ? 0 : -1;
}

static int split_products(parse_state *st, const char *v)
{
    lk_experiment *e = st->exp;
    char *copy = strdup(v);
    if (!copy)
        return nomem(st);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        size_t n = strlen(tok);
        while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
            tok[--n] = '\0';
        if (!n)
            continue;
        char **p = realloc(e->products, (e->nproducts + 1) * sizeof(char *));
        if (!p || !(p[e->nproducts] = strdup(tok))) {
            e->products = p ? p : e->products;
            free(copy);
            return nomem(st);
        }
        e->products = p;
        e->nproducts++;
    }
    free(copy);
    if (!e->nproducts)
        return fail(st, "'products' lists no product");
    return 1;
}

static int set_string(parse_state *st, char **dst, const char *v, const char *key)
{
    if (!*v)
        return fail(st, "'%s' is empty", key);
    free(*dst);
    *dst = strdup(v);
    return *dst ? 1 : nomem(st);
}

/* sequential = true|false and sequential_tuning = N* (sequential.h). */
static int sequential_key(parse_state *st, const char *key, const char *v)
{
    lk_experiment *e = st->exp;
    double x;
    if (!strcmp(key, "sequential")) {
        if (strcmp(v, "true") && strcmp(v, "false"))
            return fail(st, "'sequential' must be true or false, got '%s'", v);
        e->sequential = !strcmp(v, "true");
        return 1;
    }
    if (!strcmp(key, "sequential_tuning")) {
        if (lk_parse_double(v, strlen(v), &x) || !(x > 0))
            return fail(st, "'sequential_tuning' must be a positive number, got '%s'", v);
        e->sequential_tuning = x;
        return 1;
    }
    return fail(st, "unknown key '%s' in [experiment]", key);
}

/* currency = EUR: a code or symbol shown beside amounts, up to 15 bytes. */
static int currency_key(parse_state *st, const char *v)
{
    size_t n = strlen(v);
    int ok = n > 0 && n < sizeof(st->exp->currency);
    for (size_t i = 0; ok && i < n; i++)
        ok = (unsigned char)v[i] > ' ' && v[i] != 0x7f && v[i] != '<' && v[i] != '&';
    if (!ok)
        return fail(st, "'currency' must be a code or symbol of 1 to 15 characters without "
                    "spaces, got '%s'", v);
    memcpy(st->exp->currency, v, n + 1);
    return 1;
}

static int experiment_key(parse_state *st, const char *key, const char *v)
{
    lk_experiment *e = st->exp;
    double x;
    if (!strcmp(key, "name"))
        return set_string(st, &e->name, v, key);
    if (!strcmp(key, "salt"))
        return set_string(st, &e->salt, v, key);
    if (!strcmp(key, "unit"))
        return set_string(st, &e->unit, v, key);
    if (!strcmp(key, "stratify"))
        return set_string(st, &e->stratify, v, key);
    if (!strcmp(key, "products"))
        return split_products(st, v);
    if (!strcmp(key, "start")) {
        if (lk_date_parse(v, strlen(v), &e->start))
            return fail(st, "invalid date '%s' for 'start': expected YYYY-MM-DD", v);
        if (!lk_date_in_range(e->start))
            return fail(st, "date '%s' for 'start' is out of range: expected a year from "
                        "%d to %d", v, LK_DATE_MIN_YEAR, LK_DATE_MAX_YEAR);
        st->has_start = 1;
        return 1;
    }
    if (!strcmp(key, "window")) {
        if (parse_days(v, &x) || x < 1)
            return fail(st, "'window' must be a whole number of days from 1, got '%s'", v);
        e->window = (int)x;
        st->has_window = 1;
        return 1;
    }
    if (!strcmp(key, "alpha")) {
        if (lk_parse_double(v, strlen(v), &x) || !(x > 0 && x < 1))
            return fail(st, "'alpha' must be a number between 0 and 1, got '%s'", v);
        e->alpha = x;
        return 1;
    }
    if (!strcmp(key, "min_segment_units")) {
        if (parse_nonneg(v, &x) || x != floor(x) || x > 1e15)
            return fail(st, "'min_segment_units' must be a whole number from 0, got '%s'", v);
        e->min_segment_units = x;
        return 1;
    }
    if (!strcmp(key, "currency"))
        return currency_key(st, v);
    if (!strcmp(key, "window_from")) {
        if (strncmp(v, "column:", 7) || !v[7])
            return fail(st, "'window_from' must be column:NAME (a date column of "
                        "assignments.csv), got '%s'", v);
        return set_string(st, &e->window_from, v + 7, key);
    }
    return sequential_key(st, key, v);
}

static int arm_key(parse_state *st, const char *arm, const char *key, const char *v)
{
    lk_experiment *e = st->exp;
    if (!*arm)
        return fail(st, "arm section without a name: expected [arm:NAME]");
    int i = lk_experiment_arm(e, arm);
    if (i < 0) {
        lk_arm *a = realloc(e->arms, (e->narms + 1) * sizeof(*a));
        if (!a)
            return nomem(st);
        e->arms = a;
        i = (int)e->narms++;
        memset(&a[i], 0, sizeof(a[i]));
        a[i].role = (lk_role)-1;
        a[i].weight = -1;
        if (!(a[i].name = strdup(arm)))
            return nomem(st);
    }
    lk_arm *a = &e->arms[i];
    if (!strcmp(key, "role")) {
        if (!strcmp(v, "champion"))
            a->role = LK_ROLE_CHAMPION;
        else if (!strcmp(v, "challenger"))
            a->role = LK_ROLE_CHALLENGER;
        else if (!strcmp(v, "control"))
            a->role = LK_ROLE_CONTROL;
        else
            return fail(st, "unknown role '%s' for arm '%s': expected champion, challenger "
                        "or control", v, arm);
        return 1;
    }
    if (!strcmp(key, "weight")) {
        double w;
        if (lk_parse_double(v, strlen(v), &w) || !(w > 0))
            return fail(st, "weight of arm '%s' must be a positive number, got '%s'", arm, v);
        if (w > LK_AMOUNT_MAX)
            return fail(st, "weight of arm '%s' is too large: at most %g, so that the "
                        "weights' sum cannot overflow, got '%s'", arm, LK_AMOUNT_MAX, v);
        a->weight = w;
        return 1;
    }
    return fail(st, "unknown key '%s' in [arm:%s]", key, arm);
}

static int attribution_key(parse_state *st, const char *key, const char *v)
{
    lk_experiment *e = st->exp;
    if (!strcmp(key, "rule")) {
        static const char *const names[] = {"last", "first", "linear", "decay"};
        for (int i = 0; i < 4; i++)
            if (!strcmp(v, names[i])) {
                e->rule = (lk_attr_rule)i;
                return 1;
            }
        return fail(st, "unknown attribution rule '%s': expected last, first, linear or decay", v);
    }
    if (!strcmp(key, "decay") || !strcmp(key, "half_life")) {
        double x;
        if (lk_parse_double(v, strlen(v), &x) || !(x > 0))
            return fail(st, "decay half-life must be a positive number of days, got '%s'", v);
        e->half_life = x;
        return 1;
    }
    return fail(st, "unknown key '%s' in [attribution]", key);
}

/* [universal] salt = TEXT, share = (0, 1): the program's universal holdout. */
static int universal_key(parse_state *st, const char *key, const char *v)
{
    lk_experiment *e = st->exp;
    if (!strcmp(key, "salt"))
        return set_string(st, &e->universal_salt, v, key);
    if (!strcmp(key, "share")) {
        double x;
        if (lk_parse_double(v, strlen(v), &x) || !(x > 0 && x < 1))
            return fail(st, "'share' in [universal] must be a number between 0 and 1, got "
                        "'%s'", v);
        e->universal_share = x;
        return 1;
    }
    return fail(st, "unknown key '%s' in [universal]", key);
}

enum { NONNEG, DAYS, AMOUNT };

static int settings_key(parse_state *st, lk_settings *s, const char *section,
                        const char *key, const char *v, int kind)
{
    static const char *const want[] = {"a non-negative number", "a whole number of days",
                                       "a non-negative number"};
    double x;
    int bad = kind == DAYS ? parse_days(v, &x) : parse_nonneg(v, &x);
    if (bad)
        return fail(st, "'%s' in [%s] must be %s, got '%s'", key, section, want[kind], v);
    if (kind == AMOUNT && parse_amount(v, &x))
        return fail(st, "'%s' in [%s] is too large: at most %g, so that sums cannot "
                    "overflow, got '%s'", key, section, LK_AMOUNT_MAX, v);
    if (!strcmp(key, "default")) {
        s->has_default = 1;
        s->default_value = x;
        return 1;
    }
    lk_setting *p = realloc(s->items, (s->n + 1) * sizeof(*p));
    if (!p)
        return nomem(st);
    s->items = p;
    p[s->n].value = x;
    if (!(p[s->n].key = strdup(key)))
        return nomem(st);
    s->n++;
    return 1;
}

static int text_setting(parse_state *st, lk_text_settings *s, const char *key, const char *v)
{
    lk_text_setting *p = realloc(s->items, (s->n + 1) * sizeof(*p));
    if (!p)
        return nomem(st);
    s->items = p;
    p[s->n].line = st->line;
    p[s->n].key = strdup(key);
    p[s->n].value = strdup(v);
    s->n++;
    if (!p[s->n - 1].key || !p[s->n - 1].value)
        return nomem(st);
    return 1;
}

/* [margin]: horizon in days, else a product's annual margin on balance. */
static int margin_key(parse_state *st, const char *key, const char *v)
{
    if (strcmp(key, "horizon"))
        return settings_key(st, &st->exp->margin, "margin", key, v, NONNEG);
    double x;
    if (parse_days(v, &x) || x < 1)
        return fail(st, "'horizon' in [margin] must be a whole number of days of at least 1, "
                    "got '%s'", v);
    st->exp->margin_horizon = (int)x;
    return 1;
}

/* The metrics of docs/methods.md, "Lift", by name (the measure stage owns the list). */
static int is_metric(const char *name, int balances_only)
{
    static const char *const names[] = {"balance_target", "balance_any", "balance_target_90",
                                        "response_target", "response_any", "products_opened",
                                        "products_held_start", "products_held_end",
                                        "single_product", "funded_target"};
    size_t n = balances_only ? 3 : sizeof(names) / sizeof(names[0]);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

static int metrics_key(parse_state *st, const char *key, const char *v)
{
    if (strcmp(key, "cap") && (strncmp(key, "cap.", 4) || !is_metric(key + 4, 1))) {
        if (!strncmp(key, "cap.", 4))
            return fail(st, "'%s' in [metrics]: caps apply to balance_target, "
                        "balance_any and balance_target_90 only", key);
        return fail(st, "unknown key '%s' in [metrics]: expected cap or cap.<metric>", key);
    }
    if (!*v)
        return fail(st, "'%s' is empty: expected none, pNN or an amount", key);
    return text_setting(st, &st->exp->metrics, key, v);
}

static int cuped_key(parse_state *st, const char *key, const char *v)
{
    if (!is_metric(key, 0))
        return fail(st, "unknown metric '%s' in [cuped]: expected a metric of the lift "
                    "table, such as response_target or balance_target", key);
    if (!*v)
        return fail(st, "'%s' in [cuped] is empty: expected a column of assignments.csv", key);
    return text_setting(st, &st->exp->cuped, key, v);
}

static int policy_number(parse_state *st, const char *key, const char *v, double *x)
{
    if (parse_days(v, x))
        return fail(st, "'%s' in [contact_policy] must be a whole number from 0, got '%s'",
                    key, v);
    return 1;
}

/* N of "max_<N>d", or 0 when name is not of that form (no sscanf: a long
   run of digits would overflow its int). */
static int window_days(const char *name)
{
    if (strncmp(name, "max_", 4) || name[4] < '1' || name[4] > '9')
        return 0;
    int n = 0;
    const char *p = name + 4;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((n = n * 10 + (*p - '0')) > 3650)
            return 0;
    return strcmp(p, "d") ? 0 : n;
}

static int policy_key(parse_state *st, const char *key, const char *v)
{
    lk_contact_policy *p = &st->exp->policy;
    const char *dot = strrchr(key, '.');
    const char *name = dot ? dot + 1 : key;
    int days = window_days(name), gap = !dot && !strcmp(name, "min_gap");
    if ((!days && !gap) || dot == key)
        return fail(st, "unknown key '%s' in [contact_policy]: expected max_<N>d, min_gap "
                    "or <channel>.max_<N>d (N from 1 to 3650 days)", key);
    double x;
    if (!policy_number(st, key, v, &x))
        return 0;
    lk_contact_rule *r = realloc(p->rules, (p->n + 1) * sizeof(*r));
    if (!r)
        return fail(st, "out of memory");
    p->rules = r;
    r += p->n;
    memset(r, 0, sizeof(*r));
    r->is_gap = gap;
    r->days = gap ? (int)x : days;
    r->limit = gap ? 0 : (int)x;
    p->n++;
    if (!(r->name = strdup(key)) || (dot && !(r->channel = strndup(key, (size_t)(dot - key)))))
        return fail(st, "out of memory");
    return 1;
}

/* Remember section+key; 1 the first time, 0 if it was already set, -1 out of memory. */
static int first_time(parse_state *st, const char *section, const char *key)
{
    size_t n = strlen(section) + strlen(key) + 2;
    char *k = malloc(n);
    if (!k)
        return -1;
    snprintf(k, n, "%s\n%s", section, key);
    for (size_t i = 0; i < st->nseen; i++)
        if (!strcmp(st->seen[i], k)) {
            free(k);
            return 0;
        }
    char **p = realloc(st->seen, (st->nseen + 1) * sizeof(char *));
    if (!p) {
        free(k);
        return -1;
    }
    st->seen = p;
    st->seen[st->nseen++] = k;
    return 1;
}

static int handler(void *user, const char *section, const char *key, const char *v)
{
    parse_state *st = user;
    lk_experiment *e = st->exp;
    if (st->failed)
        return 1;
    if (st->too_long)
        return fail_at(st, st->too_long, "line too long: at most 199 characters");
    int first = first_time(st, section, key);
    if (first < 0)
        return nomem(st);
    if (!first)
        return fail(st, "key '%s' set twice in [%s]", key, section);
    if (!strcmp(section, "experiment"))
        return experiment_key(st, key, v);
    if (!strncmp(section, "arm:", 4))
        return arm_key(st, section + 4, key, v);
    if (!strcmp(section, "attribution"))
        return attribution_key(st, key, v);
    if (!strcmp(section, "lag"))
        return settings_key(st, &e->lag, section, key, v, DAYS);
    if (!strcmp(section, "windows")) {
        st->seen_windows = 1;
        return settings_key(st, &e->windows, section, key, v, DAYS);
    }
    if (!strcmp(section, "value"))
        return settings_key(st, &e->value, section, key, v, AMOUNT);
    if (!strcmp(section, "margin"))
        return margin_key(st, key, v);
    if (!strcmp(section, "universal")) {
        st->seen_universal = 1;
        return universal_key(st, key, v);
    }
    if (!strcmp(section, "cost"))
        return settings_key(st, &e->cost, section, key, v, AMOUNT);
    if (!strcmp(section, "metrics"))
        return metrics_key(st, key, v);
    if (!strcmp(section, "cuped"))
        return cuped_key(st, key, v);
    if (!strcmp(section, "contact_policy"))
        return policy_key(st, key, v);
    if (!strcmp(section, "guardrails"))
        return settings_key(st, &e->guardrails, section, key, v, NONNEG);
    return fail(st, "unknown section [%s]", section);
}

static int check_arms(lk_experiment *e, lk_error *err)
{
    e->champion = -1;
    e->control = -1;
    for (size_t i = 0; i < e->narms; i++) {
        lk_arm *a = &e->arms[i];
        if ((int)a->role < 0)
            return lk_error_set(err, LK_EDATA, e->path, 0, 0, "arm '%s' has no role", a->name);
        if (a->weight < 0)
            return lk_error_set(err, LK_EDATA, e->path, 0, 0, "arm '%s' has no weight", a->name);
        if (a->role == LK_ROLE_CHAMPION) {
            if (e->champion >= 0)
                return lk_error_set(err, LK_EDATA, e->path, 0, 0,
                                    "two champions: '%s' and '%s'; expected exactly one",
                                    e->arms[e->champion].name, a->name);
            e->champion = (int)i;
        }
        if (a->role == LK_ROLE_CONTROL) {
            if (e->control >= 0)
                return lk_error_set(err, LK_EDATA, e->path, 0, 0,
                                    "two controls: '%s' and '%s'; expected at most one",
                                    e->arms[e->control].name, a->name);
            e->control = (int)i;
        }
    }
    if (e->champion < 0)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0,
                            "no champion: one arm needs 'role = champion'");
    return LK_OK;
}

/*
 * Append the universal holdout as the last arm.  Its weight makes the
 * weights' shares the expected ones: share for it, (1 - share) w_i / W
 * for the drawn arms, so the sample-ratio test needs nothing special.
 */
static int add_universal(lk_experiment *e, parse_state *st, lk_error *err)
{
    if (!st->seen_universal)
        return LK_OK;
    if (!e->universal_salt)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0, "missing key 'salt' in [universal]");
    if (lk_experiment_arm(e, LK_UNIVERSAL_ARM) >= 0)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0,
                            "arm name '%s' is kept for the universal holdout", LK_UNIVERSAL_ARM);
    double w = 0;
    for (size_t i = 0; i < e->narms; i++)
        w += e->arms[i].weight;
    lk_arm *a = realloc(e->arms, (e->narms + 1) * sizeof(*a));
    if (!a)
        return lk_error_nomem(err);
    e->arms = a;
    a[e->narms] = (lk_arm){strdup(LK_UNIVERSAL_ARM), LK_ROLE_UNIVERSAL,
                           w * e->universal_share / (1 - e->universal_share)};
    if (!a[e->narms].name)
        return lk_error_nomem(err);
    e->universal = (int)e->narms++;
    return LK_OK;
}

static int check_experiment(lk_experiment *e, parse_state *st, lk_error *err)
{
    static const char *const missing = "missing key '%s' in [experiment]";
    if (!e->name)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0, missing, "name");
    if (!st->has_start)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0, missing, "start");
    if (!st->has_window)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0, missing, "window");
    if (!e->nproducts)
        return lk_error_set(err, LK_EDATA, e->path, 0, 0, missing, "products");
    if (e->rule == LK_ATTR_DECAY && !(e->half_life > 0))
        return lk_error_set(err, LK_EDATA, e->path, 0, 0,
                            "rule 'decay' needs a half-life: 'decay = DAYS' in [attribution]");
    if (!e->salt && !(e->salt = strdup(e->name)))
        return lk_error_nomem(err);
    if (!e->unit && !(e->unit = strdup("customer_id")))
        return lk_error_nomem(err);
    if (!st->seen_windows) {
        e->windows.has_default = 1;
        e->windows.default_value = e->window;
    }
    int rc = check_arms(e, err);
    return rc ? rc : add_universal(e, st, err);
}

int lk_experiment_parse(lk_experiment **out, const char *name, const char *text,
                        lk_error *err)
{
    *out = NULL;
    lk_experiment *e = calloc(1, sizeof(*e));
    if (!e || !(e->path = strdup(name))) {
        free(e);
        return lk_error_nomem(err);
    }
    e->alpha = 0.05;
    e->universal = -1;
    e->universal_share = 0.05;
    e->margin_horizon = 365;
    e->sequential_tuning = 5000;  /* LK_SEQUENTIAL_TUNING of sequential.h */
    e->min_segment_units = 100;
    parse_state st = {.exp = e, .text = text, .err = err};
    int rc = ini_parse_stream(reader, &st, handler, &st);
    /* inih goes on after a line it cannot parse (an unclosed '[section'):
       its error, or an over-long line, comes first when it is earlier. */
    if (rc > 0 && st.failed && err->line > (unsigned long)rc && !st.too_long)
        st.failed = 0;
    if (!st.failed && st.too_long)
        fail_at(&st, st.too_long, "line too long: at most 199 characters");
    if (!st.failed && rc > 0)
        fail_at(&st, (unsigned long)rc, "syntax error: expected '[section]' or 'key = value'");
    for (size_t i = 0; i < st.nseen; i++)
        free(st.seen[i]);
    free(st.seen);
    int status = st.failed ? LK_EDATA : check_experiment(e, &st, err);
    if (status) {
        lk_experiment_free(e);
        return status;
    }
    *out = e;
    return LK_OK;
}

/* Line and byte column (1-based) of text[at]. */
static void locate(const char *text, size_t at, unsigned long *line, unsigned long *col)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < at; i++)
        if (text[i] == '\n') {
            (*line)++;
            start = i + 1;
        }
    *col = (unsigned long)(at - start) + 1;
}

/* Where the first invalid UTF-8 sequence of text[0..len) starts. */
static size_t first_bad_utf8(const char *text, size_t len)
{
    size_t line = 0;
    while (line < len) {
        const char *nl = memchr(text + line, '\n', len - line);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (!lk_utf8_valid(text + line, end - line)) {
            size_t good = end - line;
            while (good > 0 && !lk_utf8_valid(text + line, good))
                good--;
            return line + good;
        }
        line = end + 1;
    }
    return len;
}

int lk_experiment_load(lk_experiment **out, const char *path, lk_error *err)
{
    *out = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (is_stdin)
        path = "<stdin>";
    if (!f)
        return lk_error_errno(err, path, "cannot open");
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char buf[8192];
    size_t n;
    size_t total = 0;
    while (mem && total <= LK_EXPERIMENT_MAX_BYTES && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
        fwrite(buf, 1, n, mem);
        total += n;
    }
    int bad = ferror(f);
    if (!is_stdin)
        fclose(f);
    if (mem)
        fclose(mem);
    if (!mem || bad) {
        free(text);
        return lk_error_errno(err, path, "cannot read");
    }
    int rc;
    unsigned long line, col;
    if (total > LK_EXPERIMENT_MAX_BYTES) {
        rc = lk_error_set(err, LK_EDATA, path, 0, 0,
                          "larger than %d KiB: not an experiment file",
                          LK_EXPERIMENT_MAX_BYTES / 1024);
    } else if (strlen(text) != len) {
        locate(text, strlen(text), &line, &col);
        rc = lk_error_set(err, LK_EDATA, path, line, col, "NUL byte: not a text file");
    } else if (!lk_utf8_valid(text, len)) {
        locate(text, first_bad_utf8(text, len), &line, &col);
        rc = lk_error_set(err, LK_EDATA, path, line, col, "invalid UTF-8");
    } else {
        rc = lk_experiment_parse(out, path, text, err);
    }
    free(text);
    return rc;
}

static void settings_free(lk_settings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].key);
    free(s->items);
}

void lk_text_settings_clear(lk_text_settings *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->items[i].key);
        free(s->items[i].value);
    }
    free(s->items);
    s->items = NULL;
    s->n = 0;
}

const lk_text_setting *lk_text_settings_find(const lk_text_settings *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->items[i].key, key))
            return &s->items[i];
    return NULL;
}

void lk_experiment_free(lk_experiment *e)
{
    if (!e)
        return;
    free(e->path);
    free(e->name);
    free(e->salt);
    free(e->unit);
    free(e->stratify);
    free(e->window_from);
    free(e->universal_salt);
    for (size_t i = 0; i < e->nproducts; i++)
        free(e->products[i]);
    free(e->products);
    for (size_t i = 0; i < e->narms; i++)
        free(e->arms[i].name);
    free(e->arms);
    settings_free(&e->lag);
    settings_free(&e->windows);
    settings_free(&e->value);
    settings_free(&e->margin);
    settings_free(&e->cost);
    lk_text_settings_clear(&e->metrics);
    lk_text_settings_clear(&e->cuped);
    settings_free(&e->guardrails);
    for (size_t i = 0; i < e->policy.n; i++) {
        free(e->policy.rules[i].name);
        free(e->policy.rules[i].channel);
    }
    free(e->policy.rules);
    free(e);
}

int lk_experiment_arm(const lk_experiment *e, const char *name)
{
    for (size_t i = 0; i < e->narms; i++)
        if (!strcmp(e->arms[i].name, name))
            return (int)i;
    return -1;
}

char *lk_experiment_arm_names(const lk_experiment *e, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->narms && len > 5; i++) {
        int n = snprintf(buf + at, len - at, "%s%s", i ? ", " : "", e->arms[i].name);
        if (n < 0 || (size_t)n >= len - at - 5) {
            snprintf(buf + at, len - at, "%s...", i ? ", " : "");
            break;
        }
        at += (size_t)n;
    }
    return buf;
}

int lk_experiment_arm_field(const lk_experiment *e, const lk_csv_reader *r,
                            const lk_csv_row *row, int col, lk_error *err)
{
    int arm = lk_experiment_arm(e, row->field[col]);
    char arms[256];
    if (arm < 0)
        lk_csv_field_error(r, row, col, err,
                           "unknown arm '%.60s': the experiment file's arms are %s",
                           row->field[col], lk_experiment_arm_names(e, arms, sizeof(arms)));
    return arm;
}

int lk_experiment_is_target(const lk_experiment *e, const char *product)
{
    for (size_t i = 0; i < e->nproducts; i++)
        if (!strcmp(e->products[i], product))
            return 1;
    return 0;
}

int lk_settings_get(const lk_settings *s, const char *key, double *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->items[i].key, key)) {
            *v = s->items[i].value;
            return 0;
        }
    if (!s->has_default)
        return -1;
    *v = s->default_value;
    return 0;
}

int lk_experiment_window_for(const lk_experiment *e, const char *product)
{
    double v;
    return lk_settings_get(&e->windows, product, &v) ? -1 : (int)v;
}

int lk_experiment_lag_for(const lk_experiment *e, const char *channel)
{
    double v;
    return lk_settings_get(&e->lag, channel, &v) ? 0 : (int)v;
}

const char *lk_role_name(lk_role role)
{
    switch (role) {
    case LK_ROLE_CHAMPION: return "champion";
    case LK_ROLE_CHALLENGER: return "challenger";
    case LK_ROLE_CONTROL: return "control";
    case LK_ROLE_UNIVERSAL: return "universal";
    }
    return "?";
}

size_t lk_experiment_drawn_arms(const lk_experiment *e)
{
    return e->universal >= 0 ? e->narms - 1 : e->narms;
}

/* The unit column's noun: its length without a trailing "_id". */
static size_t noun_length(const char **unit)
{
    if (!*unit || !**unit)
        *unit = "customer_id";
    size_t n = strlen(*unit);
    return n > 3 && !strcmp(*unit + n - 3, "_id") ? n - 3 : n;
}

char *lk_unit_noun(const char *unit, char *buf, size_t len)
{
    size_t n = noun_length(&unit);
    snprintf(buf, len, "%.*ss", (int)n, unit);
    return buf;
}

char *lk_unit_singular(const char *unit, char *buf, size_t len)
{
    size_t n = noun_length(&unit);
    snprintf(buf, len, "%.*s", (int)n, unit);
    return buf;
}
