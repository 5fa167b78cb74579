/*
 * contacts.h - contact pressure per arm and breaches of the contact policy
 * (docs/methods.md, "Contact pressure").
 *
 * One pass over offers.csv sorted by customer_id, then offer_date: each
 * customer's offers are taken in order of offer_date, then offer_id (text
 * order), and every rule of the experiment's [contact_policy] is checked
 * against the customer's contacts of the last N days only, so memory does
 * not grow with the number of offers (only with the assigned units, for
 * their counts; without assignments not at all while the customers come
 * sorted).  A customer whose offers are not together, or whose dates go
 * back, is a located LK_EDATA error: the file must be sorted first.
 * Customers together but not in order are checked with a map of at most
 * lk_id_set_limit's number of them (csv.h); past it, LK_ELIMIT.
 *
 * Units are every assigned unit of an arm, contacted or not (with
 * assignments); without assignments the units are the customers found in
 * the offers, in one arm called "(all)".
 */
#ifndef LIFTKIT_CONTACTS_H
#define LIFTKIT_CONTACTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/format.h"
#include "liftkit/units.h"

/* One offer that breaks one rule; strings valid during the callback only. */
typedef struct lk_violation {
    const char *customer_id, *offer_id, *channel;
    int32_t offer_date;         /* day number */
    const char *rule;           /* the rule's key: "max_30d", "mail.max_30d", "min_gap" */
    long count;                 /* contacts in the window, or days since the previous one */
} lk_violation;

/* Called for each violation in file order; a non-zero return stops the pass (LK_EIO). */
typedef int (*lk_violation_fn)(void *ctx, const lk_violation *v);

typedef struct lk_contacts_arm {
    double units;               /* assigned units, zero contacts included */
    double contacts;            /* offers to the arm's customers */
    double per_unit;            /* contacts / units; NaN without units */
    double p50, p90, max;       /* of contacts per unit, linear interpolation */
    double units_over;          /* units with at least one violation */
    double share_over;          /* units_over / units */
    double violations;          /* violation rows of the arm's customers */
    size_t nhist;               /* hist[k]: units with k contacts, k < nhist */
    double *hist;
} lk_contacts_arm;

typedef struct lk_contacts_table {
    size_t narms;
    char **arm_names;           /* copies; "(all)" without assignments */
    lk_contacts_arm *arms;
    char *experiment;
    unsigned long offers;       /* offers.csv rows read */
    unsigned long violations;   /* all violation rows */
} lk_contacts_table;

/*
 * Read offers_path ("-" for standard input) and fill *out.  u: the units
 * loaded with find_customers (or index_customers), or NULL (no
 * assignments).  on_violation may be NULL.  Errors (LK_EDATA, located): a
 * missing column, a bad date, an offer whose customer is not in the
 * assignments, offers out of order; LK_ELIMIT (located): customers out of
 * order and more of them than the id limit.
 * The caller frees *out with lk_contacts_table_free.
 */
int lk_contacts_compute(lk_contacts_table **out, const lk_experiment *exp, const lk_units *u,
                        const char *offers_path, lk_violation_fn on_violation, void *ctx,
                        lk_error *err);

void lk_contacts_table_free(lk_contacts_table *t);

/* The table as csv (docs/formats.md, "contacts"), json or md.  LK_OK or LK_EIO. */
int lk_contacts_write(const lk_contacts_table *t, FILE *f, lk_format format, lk_error *err);

/* The contacts-per-unit histogram as csv: arm, contacts, units, share. */
int lk_contacts_write_histogram(const lk_contacts_table *t, FILE *f, lk_error *err);

/*
 * A writer of violation rows to f (CSV: customer_id, offer_id, channel,
 * offer_date, rule, count), for lk_contacts_compute's callback: pass
 * lk_violations_put and the writer.  NULL when out of memory.
 */
typedef struct lk_violations_writer lk_violations_writer;
lk_violations_writer *lk_violations_writer_new(FILE *f);
int lk_violations_put(void *writer, const lk_violation *v);
void lk_violations_writer_free(lk_violations_writer *w);

#endif
