/*
 * attribute_int.h - what the files of offer-level attribution share
 * (library-internal): the openings held in memory (openings.c), the
 * offers' candidates collected per part (offers.c), crediting and the mix
 * (credit.c), and the run that ties them together (attribute.c).
 */
#ifndef LIFTKIT_ATTRIBUTE_INT_H
#define LIFTKIT_ATTRIBUTE_INT_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "liftkit/attribute.h"
#include "liftkit/csv.h"
#include "liftkit/experiment.h"

#include "io/id_index.h"
#include "io/parts.h"
#include "util/grow.h"
#include "util/strmap.h"

#define MAX_PARTS LK_PARTS_MAX

/* ---- growable byte storage ---- */

typedef struct bytes {
    char *p;
    size_t len, cap;
} bytes;

static inline int bytes_add(bytes *b, const char *s, size_t len, size_t *off)
{
    if (lk_grow((void **)&b->p, &b->cap, b->len + len + 1, 1))
        return -1;
    *off = b->len;
    memcpy(b->p + b->len, s, len);
    b->p[b->len + len] = '\0';
    b->len += len + 1;
    return 0;
}

/*
 * The first few keys of a small map, checked without hashing: the files
 * name a handful of products and channels over and over.
 */
#define RECENT 8

typedef struct recent {
    const char *key[RECENT];
    uint32_t len[RECENT];
    uint32_t n;
} recent;

/*
 * 1 when a[0..len) equals b[0..len): the short ids and names most are
 * compared by two overlapping word loads, with no call.
 */
static inline int same_bytes(const char *a, const char *b, size_t len)
{
    if (len >= 8 && len <= 16) {
        uint64_t x0, x1, y0, y1;
        memcpy(&x0, a, 8);
        memcpy(&y0, b, 8);
        memcpy(&x1, a + len - 8, 8);
        memcpy(&y1, b + len - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (len >= 4 && len < 8) {
        uint32_t x0, x1, y0, y1;
        memcpy(&x0, a, 4);
        memcpy(&y0, b, 4);
        memcpy(&x1, a + len - 4, 4);
        memcpy(&y1, b + len - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (len < 4) {
        for (size_t i = 0; i < len; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    return memcmp(a, b, len) == 0;
}

static inline uint32_t recent_find(const recent *rc, const char *s, size_t len)
{
    for (uint32_t i = 0; i < rc->n; i++)
        if (rc->len[i] == len && same_bytes(rc->key[i], s, len))
            return i;
    return LK_STRMAP_NONE;
}

static inline void recent_add(recent *rc, const lk_strmap *m, uint32_t id)
{
    if (id == rc->n && rc->n < RECENT) {
        rc->key[rc->n] = lk_strmap_key(m, id);
        rc->len[rc->n++] = (uint32_t)lk_strmap_key_len(m, id);
    }
}

/*
 * Dates read before, by their ten bytes (a file's offers and openings fall
 * on few days): a date met again is not parsed again.  A slot is empty
 * while its head is 0 (no date starts with a NUL byte).
 */
#define DATE_SLOTS 256

typedef struct date_memo {
    uint64_t head[DATE_SLOTS];     /* bytes 0-7 */
    uint16_t tail[DATE_SLOTS];     /* bytes 8-9 */
    int32_t day[DATE_SLOTS];
} date_memo;

/*
 * The date in column col of row, as lk_csv_get_date reads it (the same
 * day, the same error), taken from m when its bytes were read before.
 */
int lk_attr_date(date_memo *m, const lk_csv_reader *r, const lk_csv_row *row, int col,
                 int32_t *day, lk_error *err);

/* ---- openings ---- */

typedef struct opening {
    uint32_t cust;         /* id in customers */
    uint32_t product;      /* id in products */
    int32_t day;
    uint32_t line;         /* for the duplicate account message */
    size_t text;           /* offset into text: the account id, then the balance */
} opening;

typedef struct openings {
    /* customer ids by id, in first-seen order: c's at cust_text.p + cust_off[c] */
    bytes cust_text;
    size_t *cust_off;      /* ncust + 1 offsets: each id ends where the next starts */
    size_t ncust, cust_cap;
    lk_strmap *customers;  /* a map of the ids: NULL while they come sorted, until
                              the offers need one (lk_attr_customer_map) */
    lk_strmap *products;
    lk_id_index accounts;  /* account ids are unique: their order, or a map */
    opening *v;
    size_t n, cap;
    bytes text;
    uint32_t *first;       /* customer c's openings: order[first[c] .. first[c+1]) */
    uint32_t *order;
    lk_keyfilter filter;   /* with the map: most offers go to customers who
                              opened nothing */
    int sorted;            /* the orders (LK_ORDER_*) customer ids came in: id
                              order is then key order */
    recent recent_products;
    unsigned long read, rejected;
} openings;

/*
 * A customer with many openings has them ordered by date, so an offer
 * finds its window by binary search instead of testing every opening
 * (a customer with thousands of both would otherwise cost their product).
 */
#define SHORT_RUN 8

/* Customer c's id and its length. */
static inline const char *customer_key(const openings *o, uint32_t c)
{
    return o->cust_text.p + o->cust_off[c];
}

static inline size_t customer_len(const openings *o, uint32_t c)
{
    return o->cust_off[c + 1] - o->cust_off[c] - 1;
}

/* The account id and the balance ("" if none) of opening op. */
static inline const char *opening_account(const openings *o, const opening *op)
{
    return o->text.p + op->text;
}

static inline const char *opening_balance(const openings *o, const opening *op)
{
    const char *acc = o->text.p + op->text;
    return acc + strlen(acc) + 1;
}

/* Free what o holds. */
void lk_attr_openings_release(openings *o);

/*
 * Load and index openings.csv into o (zeroed first); bad rows go to
 * opt->rejects when there is one.
 */
int lk_attr_openings_load(openings *o, const char *path, const lk_attr_options *opt,
                          lk_error *err);

/*
 * Make the map of customer ids and its key filter when there is none yet
 * (the ids came sorted); 0, or -1 when out of memory.
 */
int lk_attr_openings_map(openings *o);

/* The first of customer c's openings that could be on or after day from. */
uint32_t lk_attr_first_candidate(const openings *o, uint32_t c, int64_t from);

/* ---- offers: those that match an opening, collected per part ---- */

/*
 * An offer whose window holds at least one of its customer's openings,
 * kept once however many openings it matches: the openings it credits are
 * found again when crediting, so memory grows with offers plus openings,
 * never with their product.
 */
typedef struct cand {
    uint32_t cust;         /* id in the openings' customers */
    int32_t day;           /* offer_date */
    uint32_t channel;      /* part-local ids */
    uint32_t product;
    uint32_t id;           /* offset of the offer id in the part's ids */
} cand;


enum { F_CUST, F_ID, F_PRODUCT, F_CHANNEL, F_DATE, F_NCOLS };

typedef struct run run;

/*
 * Offers whose customer passed the filter wait here in small batches, so
 * the look-ups in the (large) customer map can be fetched ahead together.
 */
#define PENDING 16

typedef struct pending {
    struct {
        int32_t day;
        uint32_t prod, chan, cid_len, id_len;
        size_t cid, id;        /* offsets into text */
        uint64_t hash;         /* of the customer id (lk_hash_bytes) */
    } e[PENDING];
    size_t n;
    bytes text;
} pending;

/*
 * The customer of the offer before: a customer's offers often come
 * together, and then the hash and the filter's answer are those of the
 * row before.
 */
typedef struct last_customer {
    char *id;
    size_t len, cap;
    uint64_t hash;
    int may_hold;          /* the filter's answer */
    uint32_t cust;         /* when found by walking: id in customers, or NONE */
    int walked;            /* cust holds the answer (else hash and may_hold do) */
    int any;
} last_customer;

/*
 * While the openings' customers and the offers' both come in one order
 * (byte order, or length then byte order: C9 before C10; the latter when
 * the openings keep both), an offer's customer is found by walking the
 * sorted customers alongside, with no hashing: next is the first customer
 * not below the offers so far.  The first offer out of that order ends the
 * walk for the rest of the part.
 */
typedef struct walk {
    int order;             /* LK_ORDER_BYTES or LK_ORDER_LENGTH; 0: off */
    int started;
    uint32_t next;
} walk;

typedef struct part {
    run *run;
    lk_csv_reader *r;      /* the reader of this part of the offers */
    lk_strmap *products, *channels;
    int32_t *window;       /* by local product: days, -1 unknown */
    uint32_t *global;      /* by local product: id among opened products or NONE */
    size_t prod_cap, global_cap;
    recent recent_products, recent_channels;
    int32_t *lag;          /* by local channel */
    size_t chan_cap;
    uint8_t *has_offer;    /* by opening customer */
    cand *c;
    size_t nc, cap;
    bytes ids;
    pending pend;
    last_customer last;
    walk walk;
    date_memo dates;
    int have_map;          /* the customer map may be used */
    lk_id_check offer_ids; /* offer ids are unique: their order, or a map */
    unsigned long read, rejected;
    int rc;
    lk_error err;
} part;

struct run {
    const lk_experiment *exp;
    const lk_attr_options *opt;
    openings open;
    int col[F_NCOLS];
    part parts[MAX_PARTS];
    int nparts;
    pthread_mutex_t map_mu;    /* a part asking for the customer map */
    const char *offers_path;
    int splittable;        /* the offers may be read in two parts */
    lk_parts plan;         /* how they are read */
};

/* Check the offers' header and note whether they may be read in two parts. */
int lk_attr_offers_open(run *rn, const char *path, lk_error *err);

/* Load the openings; meanwhile plan how to read the offers (rn->plan). */
int lk_attr_openings_load_planning(run *rn, const char *openings_path, lk_error *err);

/*
 * The customer map and filter for a part whose offers left customer order
 * (made once, whichever part asks first); 0, or -1 when out of memory.
 */
int lk_attr_customer_map(run *rn);

/* Read the offers in their parts, collecting each part's candidates. */
int lk_attr_offers_read(run *rn, lk_error *err);

void lk_attr_part_release(part *p);

/* ---- crediting ---- */

/* The text of days written before (a file's openings fall on few days). */
#define DAY_TEXTS 256

typedef struct day_text {
    int32_t day[DAY_TEXTS];        /* INT32_MIN: none */
    char text[DAY_TEXTS][10];
} day_text;

void lk_attr_day_text_init(day_text *t);

/*
 * Row as lk_attr_write_row writes it (cells not made safe) into buf, when
 * no field needs quotes and it fits in cap bytes: its length, else 0.
 * Dates written before are taken from t.
 */
size_t lk_attr_plain_row(char *buf, size_t cap, const lk_attr_row *row, day_text *t);

/* Credit every opening, hand out its rows and fill s (counts and the mix). */
int lk_attr_credit_and_summarize(run *rn, lk_attr_summary *s, lk_error *err);

#endif
