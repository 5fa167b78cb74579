/*
 * report_int.h - what the report's parts share (library-internal).
 *
 * A report is rendered from typed tables (tables/table.h): read from files
 * by lk_report_render, or built in memory from the computations' results
 * by lk_report_run.  The verdict, tables and captions are built once and
 * written twice, as HTML (r->html) and as Markdown (r->md); every string
 * that came from data is escaped for the format it goes into.
 */
#ifndef LIFTKIT_REPORT_INT_H
#define LIFTKIT_REPORT_INT_H

#include <stdio.h>

#include "liftkit/experiment.h"
#include "liftkit/output.h"
#include "liftkit/plot.h"
#include "liftkit/report.h"
#include "tables/table.h"

/* The tables a report is made from; NULL: that part is left out. */
typedef struct report_data {
    const tbl *lift;               /* required */
    const tbl *roi, *accrual, *mix, *power, *qini, *uplift;
    const tbl *contacts, *pressure;    /* contact pressure and its histogram */
    const tbl *compare;            /* the model comparison (uplift --compare) */
    const tbl *segments, *hetero;  /* lift --by and its heterogeneity, or NULL */
    const tbl *matrix;             /* the offer matrix (liftkit matrix) */
} report_data;

#define REP_MAX_ARMS 64
#define REP_MAX_SEGCMP 32

/* A comparison of the Segments section. */
typedef struct rep_segcmp {
    size_t all;                    /* its (all) row of the segmented lift table */
    long het;                      /* its row of the heterogeneity table, or -1 */
    int chart;                     /* charts/segments-N drawn (N = its index + 1) */
} rep_segcmp;

typedef enum { REP_OK, REP_FAIL, REP_INFO } rep_state;

/* One line of the health strip. */
typedef struct rep_check {
    const char *name;              /* "Sample ratio" */
    rep_state state;
    char text[1024];
} rep_check;

typedef struct rep_health {
    rep_check checks[8];
    size_t ncheck;
    int failed;                    /* a check of the data failed: verdicts turn grey */
    int guard_failed;              /* a guardrail failed: that arm's verdicts say so */
    size_t narms;                  /* per arm of the experiment, NaN when absent */
    double observed[REP_MAX_ARMS], expected[REP_MAX_ARMS];
} rep_health;

typedef struct report {
    const lk_experiment *exp;
    const lk_report_options *opt;
    const char *dir;               /* written into (the folder being built) */
    const char *shown;             /* its name once in place, or NULL: dir */
    const tbl *lift, *roi, *mix, *uplift, *power, *contacts, *compare, *matrix;
    const tbl *segments, *hetero;  /* segmented lift table (tbl_lift_segment), Q per comparison */
    size_t nsegcmp;                /* response_target comparisons of segments */
    rep_segcmp segcmp[REP_MAX_SEGCMP];
    int charts[LK_PLOT_COUNT];     /* drawn */
    struct plot_queue *queue;      /* the charts being drawn (report.c's draw_all) */
    double srm_p;
    FILE *html, *md;
    char level[32];                /* "95% CI" */
    char interim[96];              /* "interim read: data to ..., day N of W", or "" */
    char units[64], Units[64];     /* the experiment's unit, plural: "households" */
    rep_health health;
} report;

/*
 * Draw the charts into dir/charts and write dir/index.html and
 * dir/report.md from d (each table's path is named in its chart's
 * script, under shown, the folder's final name, when it lies in dir).
 * The tables are checked first: nothing is written for a table a chart
 * would reject.
 */
int report_render(const lk_experiment *exp, const report_data *d, const char *dir,
                  const char *shown, const lk_report_options *opt, lk_error *err);

/*
 * The report's folder dir, built beside it and swapped in whole
 * (lk_output_open_folder): an earlier report there is replaced, a folder
 * holding other files is a usage error.  rep_folder_close commits it when
 * rc is LK_OK, else removes it, and returns the run's status.
 */
int rep_folder_open(lk_output **folder, const char *dir, lk_error *err);
int rep_folder_close(lk_output *folder, int rc, lk_error *err);

/* ---- report_text.c: lookups, numbers and escaping ---- */
const char *rep_metric_title(const char *m);
int rep_is_rate(const char *metric);
const char *rep_arm_colour(const report *r, const char *arm);
double rep_p_of(const tbl *t, size_t row);
long rep_find_lift(const tbl *t, const char *metric, const char *arm, const char *vs);
long rep_find_roi(const report *r, const char *arm);
int rep_guard_failed(const report *r, const char *arm, const char *vs);
char *rep_fmt_p(double p, char *buf, size_t len);
char *rep_fmt_value(const char *m, double v, char *buf, size_t len);
char *rep_fmt_diff(const char *m, double d, char *buf, size_t len);
/* "> 99.9%" and "< 0.1%" rather than 100.0% and 0.0% */
char *rep_fmt_prob(double p, char *buf, size_t len);
/* an expected loss: "< 0.01 pp" rather than zero */
char *rep_fmt_loss(const char *m, double loss, char *buf, size_t len);
/* an amount with the experiment's currency, signed when sign is set */
char *rep_fmt_money(const report *r, double x, int sign, char *buf, size_t len);
char *rep_fmt_range(const char *a, const char *b, char *buf, size_t len);
void rep_html_esc(FILE *f, const char *s);
void rep_md_esc(FILE *f, const char *s);
/* A table's head (align: 'l' or 'r' per column, number columns right),
   one cell (text escaped in both formats), an arm's first cell. */
void rep_th(FILE *h, FILE *m, const char *const *cols, const char *align);
void rep_td(FILE *h, FILE *m, const char *cls, const char *text);
/* text, escaped, in the page between hb and ha and in the Markdown between mb and ma */
void rep_text(report *r, const char *text, const char *hb, const char *ha, const char *mb,
              const char *ma);
/* rep_td, then html (markup made here, not text) inside the page's cell. */
void rep_td_html(FILE *h, FILE *m, const char *cls, const char *text, const char *html);
void rep_td_arm(const report *r, const char *arm);
/* A section headed title, in the page and in the Markdown (the page's
   </section> is the caller's, or rep_chart_section's). */
void rep_section(report *r, const char *title);
/* A section of one chart with its caption. */
void rep_chart_section(report *r, const char *title, lk_plot_kind kind, const char *caption);

/* ---- report_health.c: the checks, computed once, then written ---- */
void rep_health_check(report *r);
void rep_write_health(report *r);

/* ---- report_verdict.c: the verdict lines, for the page and report.json ---- */
typedef enum { V_WIN, V_LOSS, V_SAME, V_NA } rep_verdict_kind;
extern const char *const rep_verdict_class[];        /* "win", "loss", "same", "na" */

typedef struct rep_verdict {
    rep_verdict_kind kind;
    const char *arm;
    size_t row;                    /* its row of the lift table */
    char head[512];                /* "new-offer beat champion on target response" */
    char detail[1024];             /* ": +18.0% relative (4.84% vs 4.10%), 95% CI ..." */
    char plain[512];               /* one sentence for the marketing head, or "" */
    double value_diff, cost_diff;  /* against the champion, on the arm's units; or NaN */
} rep_verdict;

/* Each challenger against the champion, each treated arm against the control
   (response_target): up to max of them into v, their count returned. */
size_t rep_verdicts(const report *r, rep_verdict *v, size_t max);
size_t rep_increments(const report *r, rep_verdict *v, size_t max);

/* ---- the sections, each written in both formats ---- */
void rep_write_verdicts(report *r);
void rep_write_srm_warning(report *r);               /* report_sections.c */
void rep_write_warnings(report *r);
void rep_write_sequential_note(report *r);
void rep_write_lift_tables(report *r, int target);
void rep_write_roi_table(report *r);
/* Under a metric's table: its cap (balances) and CUPED's narrowing. */
void rep_write_metric_notes(report *r, const char *metric);   /* report_balances.c */
/* Under the ROI table: the arms whose ROMI rests on fewer than 30 responders. */
void rep_write_romi_note(report *r);
void rep_write_chart(report *r, lk_plot_kind k, const char *heading, const char *caption);
void rep_write_mix_table(report *r);
void rep_write_power(report *r);
/* The smallest relative lift the power table gives 80% power, or NaN. */
double rep_power_mde(const tbl *t);
/* dir/report.json (report_json.c), whole or not at all. */
int rep_write_json(const report *r, lk_error *err);
/* A JSON string (escaped) and a number (null when not finite). */
void rep_json_str(FILE *f, const char *s);
void rep_json_num(FILE *f, double x);
void rep_write_model(report *r);
void rep_write_model_verdict(report *r);             /* report_model.c */
void rep_write_documents(report *r);                 /* report_page.c */
void rep_write_contacts(report *r);                  /* report_pressure.c */
void rep_write_guardrails(report *r);
void rep_write_relationship(report *r);              /* report_relationship.c */
int rep_relationship_line(const report *r, char *line, size_t len);
void rep_json_relationship(FILE *f, const report *r);
void rep_write_matrix(report *r);                    /* report_matrix.c */

/* A table's file as its chart names it: under the report's final name (report.c). */
char *rep_shown_path(const report *r, const char *path);

/* ---- report_segments.c: the lift by segment ---- */
void rep_segments_find(report *r);                   /* fills nsegcmp, segcmp */
int rep_draw_segments(report *r, lk_error *err);      /* charts/segments-N */
double rep_segment_q_p(const report *r, size_t i);
/* 1: the lift of comparison i differs by segment, 0: no evidence, -1: cannot tell */
int rep_segment_differs(const report *r, size_t i);
void rep_segment_sentence(const report *r, size_t i, char *buf, size_t len);
void rep_write_segments(report *r);
void rep_json_segments(FILE *f, const report *r);    /* ",\n\"segments\":[...]" */

#endif
