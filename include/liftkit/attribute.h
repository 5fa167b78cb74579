/*
 * attribute.h - offer-level response attribution (docs/methods.md, "Attribution").
 *
 * Every opening in openings.csv is matched to the offers that may have
 * earned it: that customer's offers with
 *     offer_date + lag(channel) <= open_date <= offer_date + window(product).
 * A candidate that offered the opened product makes the opening a direct
 * response, credited among the direct candidates only; otherwise any
 * candidate makes it a halo response, credited among all; otherwise it is
 * none.  The rules: last (latest offer_date, ties to the larger offer_id in
 * byte order), first (earliest, ties to the smaller offer_id), linear
 * (equal shares) and decay (shares proportional to 2^(-days/half_life)).
 *
 * The openings (the smaller file) are held in memory indexed by customer;
 * the offers are streamed, in two parts on two threads when the offers
 * file is a regular file of a megabyte or more.  Rows come out in
 * openings.csv order, one per opening (last, first, none) or one per
 * credited offer ordered by offer_date then offer_id (linear, decay); the
 * credits of an opening always sum to 1 (an unmatched opening has one row
 * with response none and credit 1).
 */
#ifndef LIFTKIT_ATTRIBUTE_H
#define LIFTKIT_ATTRIBUTE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "liftkit/csv.h"
#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"

typedef enum lk_response {
    LK_RESPONSE_DIRECT, LK_RESPONSE_HALO, LK_RESPONSE_NONE, LK_RESPONSE_COUNT
} lk_response;

/* "direct", "halo", "none". */
const char *lk_response_name(lk_response r);

/* One output row.  Strings are borrowed, valid during the callback only. */
typedef struct lk_attr_row {
    size_t opening;             /* 0-based index among the accepted openings */
    const char *customer_id;
    const char *account_id;
    const char *product;        /* the opened product */
    int32_t open_date;
    const char *balance;        /* as written in openings.csv; "" if none */
    lk_response response;
    /* The credited offer; offer_id is NULL when response is none. */
    const char *offer_id;
    const char *offered_product;
    const char *channel;
    int32_t offer_date;
    int32_t days_since_offer;   /* open_date - offer_date */
    double credit;              /* in (0, 1]; an opening's credits sum to 1 */
} lk_attr_row;

typedef void (*lk_attr_row_fn)(void *ctx, const lk_attr_row *row);

/*
 * Called with every well-formed row of offers.csv as the run reads it,
 * before attribution looks at the row, on the thread of the part that
 * reads it (part 0 or 1; lk_attr_summary.parts tells how many there were):
 * r is that part's reader, for the file, header and line of the row.  So
 * another computation over the offers shares the run's one read of them.
 * A result other than LK_OK (with err filled) is the row's error, as if
 * attribution had found it.
 */
typedef int (*lk_attr_offer_fn)(void *ctx, int part, lk_csv_reader *r, const lk_csv_row *row,
                                lk_error *err);

/* The output columns, in order (docs/methods.md, "Attribution"). */
extern const char *const lk_attr_columns[];
#define LK_ATTR_NCOLUMNS 12

/* Write row as one CSV line in lk_attr_columns order. */
void lk_attr_write_row(lk_csv_writer *w, const lk_attr_row *row);

typedef struct lk_attr_options {
    lk_attr_rule rule;          /* usually the experiment's rule */
    double half_life;           /* days, for LK_ATTR_DECAY (> 0) */
    int threads;                /* 1: everything on the calling thread; 2 (or 0):
                                   openings loaded in a two-thread pipeline,
                                   offers read in two parts, rows formatted on
                                   two threads where the input allows */
    lk_rejects *rejects;        /* NULL: the first bad row stops the run */
    lk_attr_row_fn row;         /* called once per output row; may be NULL */
    void *row_ctx;
    FILE *csv;                  /* instead of row: write the rows as CSV lines
                                   here (no header), formatted on two threads
                                   when there are many */
    const char *csv_path;       /* csv's name in a write error; NULL: "<output>" */
    lk_attr_offer_fn offer;     /* sees every offer as it is read; may be NULL */
    void *offer_ctx;
    lk_progress progress;
} lk_attr_options;

/* Options with the experiment's rule and half-life and the defaults. */
void lk_attr_options_init(lk_attr_options *opt, const lk_experiment *exp);

/* One line of the attribution mix: by channel or by opened product. */
typedef struct lk_attr_mix {
    const char *by;             /* "channel" or "product" */
    const char *key;            /* the channel ("none" for unmatched openings)
                                   or the opened product */
    lk_response response;
    unsigned long openings;     /* openings with credit in this cell */
    double credit;              /* their credit in this cell */
} lk_attr_mix;

typedef struct lk_attr_summary {
    unsigned long openings_read;    /* data rows of openings.csv, bad ones included */
    unsigned long offers_read;      /* data rows of offers.csv, bad ones included */
    unsigned long openings_rejected;
    unsigned long offers_rejected;
    unsigned long openings;         /* openings attributed = read - rejected */
    unsigned long rows_written;
    unsigned long candidates;       /* (opening, offer) pairs inside a window */
    unsigned long by_response[LK_RESPONSE_COUNT];    /* openings */
    double credit_by_response[LK_RESPONSE_COUNT];
    unsigned long openings_without_offers;  /* customer has no offer at all */
    int parts;                      /* offers parts parsed in parallel */
    lk_attr_mix *mix;               /* channel rows, then product rows; keys in
                                       byte order, then response */
    size_t nmix;
    char *strings;                  /* storage of the mix keys */
} lk_attr_summary;

/*
 * Attribute the openings in openings_path to the offers in offers_path
 * under exp's lags and windows and opt's rule.  Rows go to opt->row only
 * after both files were read completely and found good (or their bad rows
 * set aside in opt->rejects), so a caller writing through lk_output never
 * leaves partial output.  Errors: LK_EIO (cannot open or read, out of
 * memory), LK_EDATA with file:line:column (missing columns, ragged rows,
 * bad dates, negative or non-numeric balances, duplicate account_id, an
 * offered product with no window and no [windows] default), LK_EUSAGE for
 * bad options.  On success *summary (may be NULL) belongs to the caller,
 * freed with lk_attr_summary_free.
 */
int lk_attribute_run(const lk_experiment *exp, const char *offers_path,
                     const char *openings_path, const lk_attr_options *opt,
                     lk_attr_summary **summary, lk_error *err);

void lk_attr_summary_free(lk_attr_summary *s);

/* Write the mix table: by,key,response,openings,credit. */
void lk_attr_write_mix(lk_csv_writer *w, const lk_attr_summary *s);

#endif
