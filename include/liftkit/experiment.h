/*
 * experiment.h - the experiment file (INI), read with inih.
 *
 * An lk_experiment is everything docs/formats.md, "The experiment file" defines: the arms in
 * file order, the measurement window, the target products, attribution
 * rule, lags, windows, values and costs.  Once lk_experiment_load returns
 * LK_OK every rule of that section holds: exactly one champion, at most one
 * control, positive weights, known keys only, valid dates and numbers.
 */
#ifndef LIFTKIT_EXPERIMENT_H
#define LIFTKIT_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/csv.h"
#include "liftkit/error.h"

/*
 * LK_ROLE_UNIVERSAL is the program's universal holdout ([universal]): never
 * written in an [arm:] section, it is the arm LK_UNIVERSAL_ARM the parser
 * appends last when the file has a [universal] section.
 */
typedef enum lk_role {
    LK_ROLE_CHAMPION, LK_ROLE_CHALLENGER, LK_ROLE_CONTROL, LK_ROLE_UNIVERSAL
} lk_role;

#define LK_UNIVERSAL_ARM "universal-holdout"


typedef enum lk_attr_rule {
    LK_ATTR_LAST, LK_ATTR_FIRST, LK_ATTR_LINEAR, LK_ATTR_DECAY
} lk_attr_rule;

typedef struct lk_arm {
    char *name;
    lk_role role;
    double weight;
} lk_arm;

/* A section of name = number settings with an optional 'default'. */
typedef struct lk_setting {
    char *key;
    double value;
} lk_setting;

typedef struct lk_settings {
    lk_setting *items;
    size_t n;
    int has_default;
    double default_value;
} lk_settings;

/* A key = text setting kept with its line, checked where it is used. */
typedef struct lk_text_setting {
    char *key;
    char *value;
    unsigned long line;
} lk_text_setting;

typedef struct lk_text_settings {
    lk_text_setting *items;
    size_t n;
} lk_text_settings;
/*
 * One rule of [contact_policy] (docs/methods.md, "Contact pressure"):
 * max_<N>d = K (at most K contacts in any N consecutive days; per channel
 * when written <channel>.max_<N>d) or min_gap = G (days between two
 * contacts of one customer).
 */
typedef struct lk_contact_rule {
    char *name;            /* the key as written: "max_30d", "mail.max_30d", "min_gap" */
    char *channel;         /* NULL: every channel */
    int days;              /* N of max_<N>d; G of min_gap */
    int limit;             /* K of max_<N>d; 0 for min_gap */
    int is_gap;            /* 1 for min_gap */
} lk_contact_rule;

typedef struct lk_contact_policy {
    lk_contact_rule *rules;    /* in file order */
    size_t n;
} lk_contact_policy;

typedef struct lk_experiment {
    char *path;
    char *name;
    char *salt;            /* defaults to name */
    char *unit;            /* column randomized; defaults to customer_id */
    int32_t start;         /* day number of the window's first day */
    int window;            /* days; the window is [start, start + window] */
    char **products;       /* target products (direct responses) */
    size_t nproducts;
    double alpha;          /* default 0.05 */
    char *stratify;        /* column, or NULL: method is then 'hash' */
    int sequential;        /* 1: always-valid intervals and p-values (sequential.h) */
    double sequential_tuning;  /* N* of the confidence sequence; default 5000 */
    double min_segment_units; /* a segment's arm below this many units gets counts
                                 and rates only (lift --by); default 100 */
    char currency[16];     /* shown beside cost and value ("EUR"); "" when not given */
    char *window_from;     /* window_from = column:NAME: each unit's window starts on the
                              earliest date in that column of its customers (units.h);
                              NULL: every window starts on start */

    lk_arm *arms;          /* in file order */
    size_t narms;
    int champion;          /* index into arms */
    int control;           /* index into arms, or -1 when there is none */
    int universal;         /* index of the universal holdout (the last arm), or -1 */
    char *universal_salt;  /* [universal] salt, or NULL */
    double universal_share;    /* [universal] share in (0, 1); default 0.05 */

    lk_attr_rule rule;     /* default last */
    double half_life;      /* days, for LK_ATTR_DECAY */

    lk_settings lag;       /* days after the offer, by channel; default 0 */
    lk_settings windows;   /* attribution window by offered product */
    lk_settings value;     /* value of one opening by product; default 0 */
    lk_settings margin;    /* [margin]: annual margin on balance by product; default 0 */
    int margin_horizon;    /* [margin] horizon: days of margin an opening earns; 365 */
    lk_settings cost;      /* cost per contact by channel */

    /* [metrics]: 'cap' and 'cap.<balance metric>', their text as written
       (none | pNN[.N] | an amount); lk_balance_caps parses them. */
    lk_text_settings metrics;
    /* [cuped]: metric = covariate column of assignments.csv */
    lk_text_settings cuped;
    lk_contact_policy policy;  /* [contact_policy]; n = 0 when absent */
    lk_settings guardrails;    /* [guardrails]: tolerated rise of an event's rate */
} lk_experiment;

/* An experiment file is small: a larger one (or a device such as /dev/zero) is refused. */
#define LK_EXPERIMENT_MAX_BYTES (1024 * 1024)

/*
 * Read and check the experiment file at path (at most
 * LK_EXPERIMENT_MAX_BYTES).  Errors are LK_EIO for a
 * file that cannot be read and LK_EDATA (bad input) for one that breaks a
 * rule, located at the key's line: "heloc.ini:12: weight must be a positive number, got '-3'".  The
 * caller owns *out and frees it with lk_experiment_free.
 */
int lk_experiment_load(lk_experiment **out, const char *path, lk_error *err);

/* The same from text in memory; name is used in messages. */
int lk_experiment_parse(lk_experiment **out, const char *name, const char *text,
                        lk_error *err);

void lk_experiment_free(lk_experiment *exp);

/* Index of the arm called name, or -1. */
int lk_experiment_arm(const lk_experiment *exp, const char *name);

/*
 * The arms' names in file order, for a message about an arm that is not
 * one: "champion, new-offer, holdout" into buf (cut short with "..." when
 * it does not fit); returns buf.
 */
char *lk_experiment_arm_names(const lk_experiment *exp, char *buf, size_t len);

/*
 * The arm named in column col of row (read by r), or -1 with err set to
 * the located LK_EDATA "unknown arm 'X': the experiment file's arms are
 * champion, new-offer, holdout".
 */
int lk_experiment_arm_field(const lk_experiment *exp, const lk_csv_reader *r,
                            const lk_csv_row *row, int col, lk_error *err);

/* 1 if product is one of the experiment's target products. */
int lk_experiment_is_target(const lk_experiment *exp, const char *product);

/*
 * Look key up in a settings section; fall back to its default.  Returns 0
 * and sets *v, or -1 when the key is absent and there is no default.
 */
int lk_settings_get(const lk_settings *s, const char *key, double *v);

/*
 * The window in days for offers of product: [windows] product, else its
 * default, else (only when the file has no [windows] section) the
 * experiment's window.  -1 if none applies.
 */
int lk_experiment_window_for(const lk_experiment *exp, const char *product);

/* Lag in days for channel ([lag] channel, else default, else 0). */
int lk_experiment_lag_for(const lk_experiment *exp, const char *channel);

const char *lk_role_name(lk_role role);

/* Arms drawn by the experiment's own salt: all but the universal holdout. */
size_t lk_experiment_drawn_arms(const lk_experiment *exp);

/*
 * The randomized unit as a plural noun for messages and charts: the unit
 * column without a trailing "_id", plus "s" ("household_id" ->
 * "households"); "customers" when unit is NULL or empty.  Writes into buf
 * (truncated to len) and returns it.
 */
char *lk_unit_noun(const char *unit, char *buf, size_t len);
/* The same noun in the singular ("household", "customer"). */
char *lk_unit_singular(const char *unit, char *buf, size_t len);
/* Empty s (free its settings), as 'lift --no-cuped' does to exp->cuped. */
void lk_text_settings_clear(lk_text_settings *s);

/* The setting called key in s, or NULL. */
const lk_text_setting *lk_text_settings_find(const lk_text_settings *s, const char *key);

#endif
