/*
 * report_json.c - dir/report.json: every figure the page shows, for other
 * tools (a BI dashboard, a notebook) to read the same numbers.
 *
 * The health checks and the verdict lines come from the same functions as
 * the page; the tables are written whole, each row an object keyed by its
 * columns (docs/formats.md), numbers as JSON numbers and empty cells as
 * null.  docs/report.schema.json describes the document.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/date.h"
#include "liftkit/output.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"
#include "util/path.h"

void rep_json_str(FILE *f, const char *s)
{
    lk_fmt_json_str(f, s);
}

void rep_json_num(FILE *f, double x)
{
    lk_fmt_json_num(f, x);
}

#define jstr rep_json_str
#define jnum rep_json_num

static void jkey(FILE *f, const char *k, int *first)
{
    fputs(*first ? "" : ",", f);
    *first = 0;
    jstr(f, k);
    fputc(':', f);
}

/* A table, row by row: {"column": value, ...}; "[]" for none. */
static void jtable(FILE *f, const tbl *t)
{
    fputc('[', f);
    for (size_t i = 0; t && i < t->nrows; i++) {
        int first = 1;
        fputs(i ? ",\n {" : "\n {", f);
        for (size_t c = 0; c < t->desc->ncols; c++) {
            jkey(f, t->desc->cols[c].name, &first);
            if (t->desc->cols[c].type == TBL_TEXT)
                jstr(f, tbl_get(t, i, c));
            else
                jnum(f, tbl_num(t, i, c));
        }
        fputc('}', f);
    }
    fputs("]", f);
}

static void jexperiment(FILE *f, const report *r)
{
    const lk_experiment *e = r->exp;
    char start[16], end[16], noun[64];
    lk_date_format(e->start, start);
    lk_date_format(e->start + e->window, end);
    fputs("\"experiment\":{\"name\":", f);
    jstr(f, e->name);
    fputs(",\"unit\":", f);
    jstr(f, e->unit ? e->unit : "customer_id");
    fputs(",\"units\":", f);
    jstr(f, lk_unit_noun(e->unit, noun, sizeof(noun)));
    fputs(",\"currency\":", f);
    jstr(f, e->currency);
    fprintf(f, ",\"alpha\":%.12g,\"window_start\":\"%s\",\"window_end\":\"%s\","
               "\"window_days\":%d,\"products\":[", e->alpha, start, end, e->window);
    for (size_t i = 0; i < e->nproducts; i++) {
        fputs(i ? "," : "", f);
        jstr(f, e->products[i]);
    }
    fputs("]}", f);
}

static void jhealth(FILE *f, const report *r)
{
    static const char *const state[] = {"ok", "fail", "n/a"};
    const rep_health *h = &r->health;
    fprintf(f, "\"health\":{\"failed\":%s,\"srm_p\":", h->failed ? "true" : "false");
    jnum(f, r->srm_p);
    fputs(",\"checks\":[", f);
    for (size_t i = 0; i < h->ncheck; i++) {
        fprintf(f, "%s{\"name\":", i ? "," : "");
        jstr(f, h->checks[i].name);
        fprintf(f, ",\"state\":\"%s\",\"text\":", state[h->checks[i].state]);
        jstr(f, h->checks[i].text);
        fputc('}', f);
    }
    fputs("],\"arms\":[", f);
    for (size_t a = 0; a < h->narms; a++) {
        fprintf(f, "%s{\"arm\":", a ? "," : "");
        jstr(f, r->exp->arms[a].name);
        fputs(",\"observed\":", f);
        jnum(f, h->observed[a]);
        fputs(",\"expected\":", f);
        jnum(f, h->expected[a]);
        fputc('}', f);
    }
    fputs("]}", f);
}

static void jverdict(FILE *f, const report *r, const rep_verdict *v)
{
    const tbl *t = r->lift;
    size_t i = v->row;
    fputs("\n {\"arm\":", f);
    jstr(f, v->arm);
    fputs(",\"vs\":", f);
    jstr(f, tbl_get(t, i, LIFT_VS));
    fprintf(f, ",\"kind\":\"%s\",\"do_not_act\":%s,\"claim\":", rep_verdict_class[v->kind],
            r->health.failed ? "true" : "false");
    jstr(f, v->head);
    fputs(",\"detail\":", f);
    jstr(f, v->detail[0] == ':' ? v->detail + 2 : v->detail);
    fputs(",\"sentence\":", f);
    jstr(f, v->plain);
    static const struct { const char *key; int col; } num[] = {
        {"value", LIFT_VALUE}, {"diff", LIFT_DIFF}, {"diff_lo", LIFT_DIFF_LO},
        {"diff_hi", LIFT_DIFF_HI}, {"lift", LIFT_LIFT}, {"lift_lo", LIFT_LIFT_LO},
        {"lift_hi", LIFT_LIFT_HI}, {"p_adjusted", LIFT_P_ADJUSTED},
        {"prob_better", LIFT_PROB_BETTER}, {"expected_loss", LIFT_EXPECTED_LOSS}};
    for (size_t k = 0; k < sizeof(num) / sizeof(num[0]); k++) {
        fprintf(f, ",\"%s\":", num[k].key);
        jnum(f, tbl_num(t, i, (size_t)num[k].col));
    }
    fputs(",\"value_diff\":", f);
    jnum(f, v->value_diff);
    fputs(",\"cost_diff\":", f);
    jnum(f, v->cost_diff);
    fputc('}', f);
}

static void jverdicts(FILE *f, const report *r, const char *key, int increments)
{
    rep_verdict v[64];
    size_t n = increments ? rep_increments(r, v, 64) : rep_verdicts(r, v, 64);
    fprintf(f, ",\n\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? "," : "", f);
        jverdict(f, r, &v[i]);
    }
    fputc(']', f);
}

static void write_json(FILE *f, const report *r)
{
    fputs("{\"format\":\"liftkit-report\",\"version\":1,\n", f);
    jexperiment(f, r);
    fputs(",\n", f);
    jhealth(f, r);
    jverdicts(f, r, "verdicts", 0);
    jverdicts(f, r, "increments", 1);
    fputs(",\n\"detectable_lift\":", f);
    jnum(f, r->power ? rep_power_mde(r->power) : NAN);
    rep_json_segments(f, r);
    rep_json_relationship(f, r);
    static const char *const names[] = {"lift",    "roi",      "mix",   "uplift",
                                        "compare", "contacts", "matrix"};
    const tbl *tables[] = {r->lift,    r->roi,      r->mix,   r->uplift,
                           r->compare, r->contacts, r->matrix};
    fputs(",\n\"tables\":{", f);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        fprintf(f, "%s\"%s\":", i ? ",\n" : "", names[i]);
        jtable(f, tables[i]);
    }
    fputs("}}\n", f);
}

int rep_write_json(const report *r, lk_error *err)
{
    char *path = lk_path_join(r->dir, "report.json");
    if (!path)
        return lk_error_nomem(err);
    lk_output *o;
    int rc = lk_output_open(&o, path, err);
    free(path);
    if (rc)
        return rc;
    write_json(lk_output_file(o), r);
    return lk_output_commit(o, err);
}
