/*
 * assign_blocks.c - the hash method on two threads, a block at a time.
 *
 * The file is read in blocks of about 512 KB, each ending at a line
 * start that no quoted field spans: an even count of quote characters
 * before it (in RFC 4180 an escaped quote is a pair, so quoted text holds
 * an odd count until its closing quote).  The two threads take blocks in
 * turn: the one taking a block reads it and finds its end, so the next
 * block can be taken, then runs its rows through the same per-row path as
 * one thread (lk_assign_hash_part) into an output buffer of its own.  A
 * block run waits in a ring of RING places until the blocks before it are
 * out; whichever thread puts in the next block to go writes out every
 * block ready from there, while the other one parses: the output is
 * written once, in order, and neither thread waits for the other's turn
 * unless it runs RING blocks ahead.
 *
 * The duplicate check stays the one of a sorted file: within a block by
 * its own id index, across blocks when a block is written, its first ids
 * against the last ids written before, in an order every block and every
 * join kept.  A household across two blocks is counted once.  Anything
 * else (a bad row, ids out of order, no memory, a short read) stops both
 * threads and the caller runs the file again on one thread, which names
 * the line of any error: rows in a block do not know their lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assign/assign_int.h"
#include "io/parts.h"
#include "util/grow.h"
#include "util/pair.h"

/* Small enough that a block's output is still in the cache when it is
 * written: the kernel's copy into the page cache then costs a quarter. */
#define BLOCK_BYTES (512u << 10)

/* Blocks run ahead of the one written next: two for each thread. */
#define RING 4

/* A block run, waiting to be written: what its part gathered, moved out of it. */
typedef struct done {
    int ready, ok;
    char *out;                  /* its output rows */
    size_t out_len, out_cap;
    lk_id_index cust, unit;     /* its first and last ids and their orders */
    uint64_t *units, *customers;
    int first_unit_arm;
    unsigned long rows;
    size_t len;                 /* its bytes of input */
} done;

typedef struct blocks {
    run *R;
    int fd;
    uint64_t size;
    size_t header_len;          /* each block is parsed after a copy of the header */

    pthread_mutex_t take;       /* the next block: where it starts, its number */
    uint64_t next_start, next_seq;

    pthread_mutex_t turn_mu;    /* the blocks run, which one goes out next */
    pthread_cond_t turn_cv;
    uint64_t turn;
    int writing;                /* a thread is writing the blocks run out */
    done ring[RING];            /* block k in ring[k % RING] */
    atomic_int failed;

    /* owned by the thread writing */
    lk_id_index cust, unit;     /* the last ids written, the orders kept */
    uint64_t written;           /* bytes of input written out, for progress */
} blocks;

typedef struct worker {
    blocks *B;
    part p;
    char *in;                   /* the header, then the block */
    size_t in_cap;
    unsigned long rows;
} worker;

/* ---- finding a block's end ---- */

/* 1 if s[0..n) holds an odd count of quote characters. */
static int odd_quotes(const char *s, size_t n)
{
    return (int)(lk_count_byte(s, n, '"') & 1);
}

/* The end of the last line of s[0..n) with an even quote count before it, or 0. */
static size_t safe_end(const char *s, size_t n)
{
    if (!memchr(s, '"', n)) {
        const char *nl = memrchr(s, '\n', n);
        return nl ? (size_t)(nl - s) + 1 : 0;
    }
    int odd = odd_quotes(s, n);
    for (size_t upto = n;;) {
        const char *nl = memrchr(s, '\n', upto);
        if (!nl)
            return 0;
        size_t end = (size_t)(nl - s) + 1;
        odd ^= odd_quotes(s + end, upto - end);
        if (!odd)
            return end;
        upto = end - 1;
    }
}

/*
 * Read the block at start into w->in after the header and set *len to
 * the bytes up to its end; the last block runs to the end of the file.
 * -1 on a read that fails or comes short.
 */
static int read_block(worker *w, uint64_t start, size_t *len)
{
    blocks *B = w->B;
    size_t want = BLOCK_BYTES, have = 0;
    for (;;) {
        if (start + want > B->size)
            want = (size_t)(B->size - start);
        if (lk_grow((void **)&w->in, &w->in_cap, B->header_len + want, 1))
            return -1;
        while (have < want) {
            ssize_t k = pread(B->fd, w->in + B->header_len + have, want - have,
                              (off_t)(start + have));
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                return -1;
            have += (size_t)k;
        }
        if (start + have == B->size) {
            *len = have;
            return 0;
        }
        if ((*len = safe_end(w->in + B->header_len, have)) != 0)
            return 0;
        want *= 2;      /* a line, or a quoted field, longer than the block */
    }
}

/* 1 with the next block in w->in (its number *seq, bytes *len), 0 when none is left, -1 on failure. */
static int take_block(worker *w, uint64_t *seq, size_t *len)
{
    blocks *B = w->B;
    int got = 0;
    pthread_mutex_lock(&B->take);
    if (!atomic_load(&B->failed) && B->next_start < B->size) {
        got = read_block(w, B->next_start, len) ? -1 : 1;
        if (got == 1) {
            *seq = B->next_seq++;
            B->next_start += *len;
        }
    }
    pthread_mutex_unlock(&B->take);
    return got;
}

/* ---- a block ---- */

static int reset_part(part *p)
{
    lk_id_index_release(&p->cust);
    lk_id_index_release(&p->unit);
    memset(p->units, 0, p->R->exp->narms * sizeof(uint64_t));
    memset(p->customers, 0, p->R->exp->narms * sizeof(uint64_t));
    p->first_unit_arm = 0;
    p->unsorted = 0;
    p->line_len = 0;
    return lk_id_index_init(&p->cust, 1) || lk_id_index_init(&p->unit, 1) ? -1 : 0;
}

/* Run the rows of the block in w->in into w->out; 0 or -1. */
static int run_block(worker *w, size_t len)
{
    part *p = &w->p;
    lk_error err;
    if (reset_part(p) ||
        lk_csv_open_buffer(&p->r, p->R->display, w->in, w->B->header_len + len, &err))
        return -1;
    int rc = lk_assign_hash_part(p, &err);
    w->rows = lk_csv_rows_read(p->r);
    lk_csv_close(p->r);
    p->r = NULL;
    return rc || p->nomem ? -1 : 0;
}

/* The block's counts and output after those before it; 0 or -1. */
static int write_block(blocks *B, done *d)
{
    run *R = B->R;
    lk_assign_summary *sum = R->sum;
    if (lk_id_index_append(&B->cust, &d->cust, 1) != LK_IDX_NEW)
        return -1;
    if (R->hh && !R->exp->stratify) {
        /* a unit across the cut: counted once, in the block before */
        int a = lk_id_index_append(&B->unit, &d->unit, 0);
        if (a != LK_IDX_NEW && a != LK_IDX_SEEN)
            return -1;
        if (a == LK_IDX_SEEN)
            d->units[d->first_unit_arm]--;
    }
    if (fwrite(d->out, 1, d->out_len, R->opt->out) != d->out_len)
        return -1;
    for (size_t i = 0; i < sum->narms; i++) {
        sum->units[i] += d->units[i];
        sum->customers[i] += d->customers[i];
    }
    sum->rows += d->rows;
    B->written += d->len;
    lk_progress_report(&R->opt->progress, B->written, B->size);
    return 0;
}

#define SWAP(T, a, b) do { T t_ = (a); (a) = (b); (b) = t_; } while (0)

/* Move what p gathered into d (and d's emptied buffers into p, for reuse). */
static void hand_over(part *p, done *d)
{
    SWAP(char *, p->line_buf, d->out);
    SWAP(size_t, p->line_cap, d->out_cap);
    d->out_len = p->line_len;
    SWAP(lk_id_index, p->cust, d->cust);
    SWAP(lk_id_index, p->unit, d->unit);
    SWAP(uint64_t *, p->units, d->units);
    SWAP(uint64_t *, p->customers, d->customers);
    d->first_unit_arm = p->first_unit_arm;
}

/* Wait until block seq has a place in the ring (block seq - RING is written). */
static void wait_place(blocks *B, uint64_t seq)
{
    pthread_mutex_lock(&B->turn_mu);
    while (seq >= B->turn + RING)
        pthread_cond_wait(&B->turn_cv, &B->turn_mu);
    pthread_mutex_unlock(&B->turn_mu);
}

/*
 * Put block seq in the ring, then, unless another thread is at it, write
 * out every block run in order from the next one to go.
 */
static void finish_block(worker *w, uint64_t seq, size_t len, int ok)
{
    blocks *B = w->B;
    done *d = &B->ring[seq % RING];
    hand_over(&w->p, d);
    d->ok = ok;
    d->rows = w->rows;
    d->len = len;
    pthread_mutex_lock(&B->turn_mu);
    d->ready = 1;
    if (!B->writing) {
        B->writing = 1;
        while ((d = &B->ring[B->turn % RING])->ready) {
            pthread_mutex_unlock(&B->turn_mu);
            if (!d->ok || atomic_load(&B->failed) || write_block(B, d))
                atomic_store(&B->failed, 1);
            pthread_mutex_lock(&B->turn_mu);
            d->ready = 0;
            B->turn++;
            pthread_cond_broadcast(&B->turn_cv);
        }
        B->writing = 0;
    }
    pthread_mutex_unlock(&B->turn_mu);
}

/* One thread: blocks until none is left or the run failed. */
static void *work(void *arg)
{
    worker *w = arg;
    uint64_t seq;
    size_t len;
    int got;
    while ((got = take_block(w, &seq, &len)) == 1) {
        wait_place(w->B, seq);
        int ok = !atomic_load(&w->B->failed) && run_block(w, len) == 0;
        if (!ok)
            atomic_store(&w->B->failed, 1);
        finish_block(w, seq, len, ok);
        if (!ok)
            break;
    }
    if (got < 0)
        atomic_store(&w->B->failed, 1);
    return NULL;
}

/* ---- the run ---- */

static int worker_init(worker *w, blocks *B)
{
    memset(w, 0, sizeof(*w));
    w->B = B;
    if (lk_assign_part_init(&w->p, B->R, NULL, 0, 1))
        return -1;
    w->p.stop = &B->failed;
    return lk_grow((void **)&w->in, &w->in_cap, B->header_len, 1) == 0 &&
                   pread(B->fd, w->in, B->header_len, 0) == (ssize_t)B->header_len
               ? 0 : -1;
}

static void worker_release(worker *w)
{
    lk_assign_part_release(&w->p);
    free(w->in);
}

/* The bytes of the header: where the first block starts. */
static int header_bytes(run *R, size_t *len, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, R->path, err);
    if (rc)
        return rc;
    *len = (size_t)lk_csv_bytes_read(r);
    lk_csv_close(r);
    return LK_OK;
}

/* The ids written and the ring: empty; 0 or -1. */
static int ring_init(blocks *B)
{
    int ok = lk_id_index_init(&B->cust, 1) == 0 && lk_id_index_init(&B->unit, 1) == 0;
    for (size_t k = 0; k < RING; k++) {
        B->ring[k].units = calloc(B->R->exp->narms, sizeof(uint64_t));
        B->ring[k].customers = calloc(B->R->exp->narms, sizeof(uint64_t));
        ok &= B->ring[k].units && B->ring[k].customers;
    }
    return ok ? 0 : -1;
}

static void ring_release(blocks *B)
{
    lk_id_index_release(&B->cust);
    lk_id_index_release(&B->unit);
    for (size_t k = 0; k < RING; k++) {
        done *d = &B->ring[k];
        free(d->out);
        lk_id_index_release(&d->cust);
        lk_id_index_release(&d->unit);
        free(d->units);
        free(d->customers);
    }
}

int lk_assign_blocks(run *R, lk_error *err)
{
    blocks B = {.R = R};
    struct stat st;
    B.fd = open(R->path, O_RDONLY | O_CLOEXEC);
    if (B.fd < 0 || fstat(B.fd, &st) != 0 || header_bytes(R, &B.header_len, err)) {
        if (B.fd >= 0)
            close(B.fd);
        return -1;
    }
    B.size = (uint64_t)st.st_size;
    B.next_start = B.header_len;
    B.written = B.header_len;
    atomic_init(&B.failed, 0);
    pthread_mutex_init(&B.take, NULL);
    pthread_mutex_init(&B.turn_mu, NULL);
    pthread_cond_init(&B.turn_cv, NULL);
    worker w[2];
    int ok = ring_init(&B) == 0;
    ok &= worker_init(&w[0], &B) == 0;
    ok &= worker_init(&w[1], &B) == 0;
    if (ok) {
        posix_fadvise(B.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        lk_run_pair(work, &w[0], &w[1]);
    }
    ok = ok && !atomic_load(&B.failed) && fflush(R->opt->out) == 0;
    R->sum->index_bytes = lk_id_index_bytes(&B.cust) + lk_id_index_bytes(&B.unit);
    worker_release(&w[0]);
    worker_release(&w[1]);
    ring_release(&B);
    pthread_mutex_destroy(&B.take);
    pthread_mutex_destroy(&B.turn_mu);
    pthread_cond_destroy(&B.turn_cv);
    close(B.fd);
    return ok ? LK_OK : -1;
}
