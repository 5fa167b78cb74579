/*
 * holdings.h - relationship metrics per unit (docs/methods.md,
 * "Relationship metrics"): what a customer holds, not only what they
 * opened.
 *
 * holdings.csv is the account book (customer_id, product, open_date,
 * close_date; close_date empty while open), every account including those
 * opened in the window.  An account is held on day D when open_date <= D
 * and close_date is empty or after D.  Per unit, over its customers:
 * products_held_start and products_held_end, the distinct products held
 * on the window's first and last day (the last day of an interim read),
 * and single_product (1 when exactly one product is held at the end).
 *
 * balances.csv holds balance snapshots (account_id, date, balance) of the
 * accounts of openings.csv.  An opening's balance on day D is its last
 * snapshot dated from its open_date to D (not after the as_of day of an
 * interim read), else its balance at opening (openings.csv, 0 when
 * empty).  For the target products' openings in a unit's window:
 * funded_target (1 when one of them has a balance above 0 thirty days
 * after opening) and balance_target_90 (the sum of their balances ninety
 * days after opening).
 *
 * Both add arrays to lk_units (held_start, held_end; funded_target,
 * balance_target_90); lift, report and uplift then see the metrics like
 * any other.
 */
#ifndef LIFTKIT_HOLDINGS_H
#define LIFTKIT_HOLDINGS_H

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/units.h"

/* Days after opening at which an opening counts as funded, and its later balance. */
#define LK_FUNDED_DAYS 30
#define LK_BALANCE_LATER_DAYS 90

/* Row accounting of holdings.csv or balances.csv: rows = used + the others. */
typedef struct lk_relationship_counts {
    unsigned long rows;         /* data rows read */
    unsigned long used;         /* rows that count for a unit */
    unsigned long unassigned;   /* holdings: customer not in the assignments */
    unsigned long other;        /* balances: account not a target opening in
                                   its unit's window, or dated outside
                                   [open_date, open_date + 90] or after as_of */
} lk_relationship_counts;

/*
 * Read holdings.csv into u->held_start and u->held_end (u loaded with
 * find_customers or index_customers).  Errors (LK_EDATA, located): a
 * missing column, an empty customer_id or product, a bad date, a
 * close_date before the open_date.  Rows of customers not in the assignments are counted and
 * skipped, as openings are.  counts may be NULL.  LK_EUSAGE when the
 * holdings were read already or u has no customer index; LK_EIO when out
 * of memory.
 */
int lk_units_add_holdings(lk_units *u, const lk_experiment *exp, const char *path,
                          lk_relationship_counts *counts, lk_error *err);

/*
 * Read the target openings of openings_path (the file u was loaded from:
 * rows it rejected are skipped) and the snapshots of balances_path into
 * u->funded_target and u->balance_target_90.  Errors (LK_EDATA, located):
 * a missing column, an empty account_id, a bad date, a balance that is not
 * a number or is negative.  Before lk_units_cap, so that the balance is
 * capped like the others.  counts may be NULL.
 */
int lk_units_add_balances(lk_units *u, const lk_experiment *exp, const char *openings_path,
                          const char *balances_path, lk_relationship_counts *counts,
                          lk_error *err);

#endif
