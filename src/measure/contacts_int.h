/*
 * contacts_int.h - what contacts.c (the pass over the offers) and
 * contacts_find.c (which unit a new customer is, and whether it was met
 * before) share (library-internal).
 */
#ifndef LIFTKIT_CONTACTS_INT_H
#define LIFTKIT_CONTACTS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "liftkit/contacts.h"
#include "liftkit/csv.h"
#include "liftkit/units.h"

#include "io/id_index.h"
#include "util/strmap.h"

enum { C_CUSTOMER, C_OFFER, C_CHANNEL, C_DATE, C_NCOLS };

typedef struct past {
    int32_t day;
    int ch;                     /* index into the policy's channels, -1 other */
} past;

typedef struct today_offer {
    size_t oid_off, ch_off;     /* into the day's text */
    const char *oid, *chan;     /* set when the day is closed */
    int ch;
} today_offer;

/* An offer_date's ten bytes and its day. */
typedef struct date_slot {
    uint64_t a;
    uint16_t b;
    int32_t day;
    int used;
} date_slot;

#define DATE_SLOTS_LOG2 8

/* How a new customer becomes a unit. */
enum { FIND_MAP, FIND_MERGE, FIND_ALONE };

typedef struct pass {
    const lk_experiment *exp;
    const lk_units *u;
    lk_contacts_table *t;
    lk_violation_fn fn;
    void *ctx;
    const char *path;
    lk_csv_reader *r;
    int col[C_NCOLS];
    uint32_t *count;            /* contacts per unit (FIND_ALONE: the current customer's) */
    uint8_t *over;              /* a violation per unit */
    size_t nunits, cap_units;
    int find;                   /* FIND_* */
    uint8_t *done;              /* customers already passed (with assignments) */
    size_t cursor;              /* FIND_MERGE: where the last customer was found */
    /* FIND_ALONE (no assignments): units are the customers met, one at a time */
    double *tally;              /* customers by their number of contacts */
    size_t ntally;
    double alone_units, alone_over;
    lk_id_index seen_order;     /* the customers' order, while tracking */
    int tracking;
    lk_strmap *seen;            /* a file that cannot be read again: customers
                                   met, while at most the id limit */
    int rereadable;             /* the offers are a file that can be read again */
    int scanned;                /* it was read through for repeats: */
    unsigned long repeat_line;  /* the first customer met again (0: none) */
    unsigned long unsorted_line; /* the first customer out of order */
    char unsorted_what[300];
    int *rule_ch;               /* per rule: its channel's index, -1 for all */
    const char **chans;         /* the policy's distinct channels */
    int nch, maxdays;
    char *cust;                 /* the current customer */
    size_t cust_len, cust_cap;
    int has_cust, has_day, has_last;
    uint32_t unit;
    int32_t day, last;
    past *hist;
    size_t hist_head, nhist, hist_cap;
    today_offer *today;
    size_t ntoday, today_cap;
    char *text;
    size_t tlen, tcap;
    date_slot dates[1 << DATE_SLOTS_LOG2]; /* offer_date texts read, and their days */
} pass;

/* Choose how customers are found (p->find) and set up for it; LK_OK or an error. */
int lk_contacts_find_init(pass *p, lk_error *err);
void lk_contacts_find_release(pass *p);

/* The row's customer is new (differs from the row before): set p->unit, or an error. */
int lk_contacts_find_unit(pass *p, const lk_csv_row *row, lk_error *err);

/* FIND_ALONE: count the customer just finished into the tally; 0, or -1 out of memory. */
int lk_contacts_close_alone(pass *p);

/* The located "offers are not sorted" error at column col of row, saying what. */
int lk_contacts_not_sorted(pass *p, const lk_csv_row *row, int col, const char *what,
                           lk_error *err);

/* Make room for the counts of need units; 0, or -1 when out of memory. */
int lk_contacts_grow_units(pass *p, size_t need);

#endif
