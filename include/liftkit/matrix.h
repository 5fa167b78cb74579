/*
 * matrix.h - the offer matrix of a program (docs/methods.md, "The offer
 * matrix"): offers, their direct and halo responses, the response rate and
 * the cost by month of the offer, offered product and channel.
 *
 * Offers come from offers.csv, responses from attribution.csv (the output
 * of 'liftkit attribute'): an opening credited to an offer counts, with
 * its credit, in the cell of that offer's month, product and channel.  No
 * join is needed: attribution.csv names the offer's product, channel and
 * date.
 */
#ifndef LIFTKIT_MATRIX_H
#define LIFTKIT_MATRIX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"

typedef struct lk_matrix_cell {
    char month[8];              /* "2026-01" */
    const char *product, *channel;  /* owned by the matrix */
    double offers;              /* rows of offers.csv */
    double direct, halo;        /* credit of the openings attributed to them */
    double cost;                /* their cost: the cost column, else [cost] by channel */
} lk_matrix_cell;

typedef struct lk_matrix {
    size_t n;
    lk_matrix_cell *cells;      /* by month, then product, then channel (byte order) */
    unsigned long offers_rows, attribution_rows;
    void *names;                /* the cells' keys (month, product, channel) */
    void *words;                /* storage of the products' and channels' names */
    size_t cap;
    int nomem;                  /* lk_matrix_add_credit ran out of memory */
    void *parts;                /* lk_matrix_offers_begin's sums per part */
} lk_matrix;

/*
 * Read offers.csv (customer_id, offer_id, product, channel, offer_date,
 * optional cost) and attribution.csv (offer_id, offered_product, channel,
 * offer_date, response, credit; rows with response none are skipped) into
 * the matrix.  Errors (LK_EDATA, located): missing columns, empty fields,
 * bad dates or numbers, a negative cost or credit, an unknown response, an
 * offer with no cost anywhere (as roi).  The caller frees *out with
 * lk_matrix_free.
 */
int lk_matrix_compute(lk_matrix **out, const lk_experiment *exp, const char *offers_path,
                      const char *attribution_path, lk_error *err);

void lk_matrix_free(lk_matrix *m);

/*
 * The same in steps, for a caller that attributes the openings itself
 * (the report): a new empty matrix (NULL when out of memory), the offers
 * of offers_path added, each attributed row added by lk_matrix_add_credit
 * (an lk_attr_row_fn: ctx is the matrix), and lk_matrix_finish to sort the
 * cells (LK_EIO when memory ran out on the way).
 */
struct lk_attr_row;
lk_matrix *lk_matrix_new(void);
int lk_matrix_add_offers(lk_matrix *m, const lk_experiment *exp, const char *offers_path,
                         lk_error *err);
void lk_matrix_add_credit(void *matrix, const struct lk_attr_row *row);
int lk_matrix_finish(lk_matrix *m, lk_error *err);

/*
 * Or the offers from rows another reader hands over (attribution's read
 * of the offers, lk_attr_offer_fn), so offers.csv is parsed once:
 * lk_matrix_offers_begin checks offers_path's header as
 * lk_matrix_add_offers does; lk_matrix_offer_row takes a row of part 0
 * or 1 (each on its own thread; r its reader), with lk_matrix_add_offers'
 * errors; lk_matrix_offers_end adds the nparts parts' offers and costs,
 * exactly the sums lk_matrix_add_offers makes (reading the file itself
 * when the second part's costs of a cell differ, whose sum in file order
 * cannot be made from the parts' own).
 */
int lk_matrix_offers_begin(lk_matrix *m, const lk_experiment *exp, const char *offers_path,
                           lk_error *err);
struct lk_csv_reader;
struct lk_csv_row;
int lk_matrix_offer_row(lk_matrix *m, int part, struct lk_csv_reader *r,
                        const struct lk_csv_row *row, lk_error *err);
int lk_matrix_offers_end(lk_matrix *m, int nparts, lk_error *err);

/*
 * lk_matrix_offer_row of a row whose fields another reader checked as
 * lk_matrix_offer_row does (lk_roi_costs_row): day and cost are its
 * offer_date and cost.  Fails only when out of memory.
 */
int lk_matrix_offer_checked(lk_matrix *m, int part, const struct lk_csv_row *row, int32_t day,
                            double cost, lk_error *err);

/*
 * Write the matrix as CSV: month, product, channel, offers, direct, halo,
 * response_rate, cost (docs/formats.md).  LK_OK or LK_EIO.
 */
int lk_matrix_write(const lk_matrix *m, FILE *f, lk_error *err);

/* The response rate of a cell: (direct + halo) / offers, NaN without offers. */
double lk_matrix_rate(const lk_matrix_cell *c);

#endif
