/*
 * report.h - the campaign report of docs/methods.md, "Charts and report".
 *
 * A report is one folder, reports/<experiment name>/ by default, that can
 * be mailed or served as it is:
 *   index.html  verdict in plain words first, then the lift and ROI tables,
 *               the charts, the lift by segment, the attribution mix,
 *               the model comparison when
 *               there are model scores, and an audit footer (SHA-256 and
 *               row count of every input, liftkit version, command line);
 *               inline CSS, no scripts, no external resources;
 *   report.md   the same in Markdown;
 *   charts/     KIND.png, KIND.svg, KIND.gp and KIND.csv per chart;
 *   data/       the tables the report was made from (lift.csv, roi.csv,
 *               accrual.csv, mix.csv, power.csv, uplift.csv, and with
 *               segments segments.csv and heterogeneity.csv); the Qini
 *               curves, a point per tie block, are kept as drawn (at most
 *               1,000 points per score) in charts/qini.csv.
 *
 * lk_report_run computes the tables with the lift, roi, attribute, stats
 * and uplift libraries, writes them to data/ and renders the report from
 * them as they are in memory; lk_report_render reads the tables from files
 * (written by liftkit or by anyone honouring their formats, see
 * docs/formats.md) and keeps a copy of each in data/.  Both render the
 * same typed tables, so they make the same report.
 */
#ifndef LIFTKIT_REPORT_H
#define LIFTKIT_REPORT_H

#include <stddef.h>

#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"

/* The most input files a report's footer lists. */
#define LK_REPORT_MAX_INPUTS 140

/* One input file for the audit footer. */
typedef struct lk_report_input {
    const char *role;          /* "experiment", "assignments", ... */
    const char *path;
    char sha256[65];           /* lowercase hex */
    unsigned long rows;        /* CSV data rows (lines for a non-CSV file) */
    int is_csv;
} lk_report_input;

/*
 * SHA-256 (OpenSSL EVP) of the file at in->path and its row count: CSV data
 * rows when in->is_csv (bad rows counted too), else lines.  LK_EIO when the
 * file cannot be read.
 */
int lk_report_input_audit(lk_report_input *in, lk_error *err);

/* Paths of the tables a report is made from; NULL: that part is left out. */
typedef struct lk_report_tables {
    const char *lift;          /* required: docs/methods.md, "Lift" lift table */
    const char *roi;           /* arm,n,contacts,cost,incremental_responses,... */
    const char *accrual;       /* arm,day,n,responders,rate */
    const char *mix;           /* by,key,response,openings,credit */
    const char *power;         /* baseline,treated,n_baseline,n_treated,n_total,power */
    const char *qini;          /* score,n,fraction,qini,uplift */
    const char *uplift;        /* score,n_treated,n_control,qini_coefficient,auuc,... */
    const char *compare;       /* score,vs,qini_diff,qini_diff_lo,... (uplift --compare) */
    const char *segments;      /* the lift table per segment (lift --by); with it */
    const char *heterogeneity; /* the Q table (lift --heterogeneity) is required */
    const char *matrix;        /* month,product,channel,offers,... (liftkit matrix) */
} lk_report_tables;

typedef struct lk_report_options {
    const char *dir;           /* the report folder; NULL: reports/<name> */
    lk_report_input *inputs;   /* audited inputs (already filled), shown in the footer */
    size_t ninputs;
    const char *command_line;  /* shown in the footer; may be NULL */
    const char *gnuplot;       /* NULL: "gnuplot" on PATH */
    const char *model_note;    /* shown in the model section when there is no Qini */
    const char *const *warnings;    /* shown as alerts above the verdict, each a */
    size_t nwarnings;               /* sentence without its full stop (may be none) */
    int control_checked;       /* set: control_contacts was counted from the offers */
    double control_contacts;   /* offers that went to the no-contact control */
    lk_progress progress;      /* the step "charts", counting the charts drawn */
} lk_report_options;

/*
 * Draw the charts into dir/charts and write dir/index.html and
 * dir/report.md from the tables in t.  Errors: LK_EDATA (located) for a bad
 * table, LK_EIO for files and gnuplot.  index.html and report.md are
 * written whole or not at all.
 */
int lk_report_render(const lk_experiment *exp, const lk_report_tables *t,
                     const lk_report_options *opt, lk_error *err);

/* The paths the report is read from (for the command to print). */
typedef struct lk_report_run_options {
    const char *assignments, *offers, *openings;
    const char *events;        /* events.csv for the guardrails, or NULL */
    const char *holdings;      /* holdings.csv: products per customer, or NULL */
    const char *balances;      /* balances.csv: funded accounts, or NULL */
    unsigned long seed;        /* ROI bootstrap seed; 0: the roi default */
    lk_progress progress;
    int has_as_of;             /* an interim read: nothing dated after as_of */
    int32_t as_of;             /* (a day number) counts (interim.h) */
    /* Instead of the three data files: lift summaries (lift --summary) and
       ROI summaries (roi --summary), each list added row by row; used when
       nlift > 0.  The report then has what sums give: the verdict, the lift
       and ROI tables and their charts, power; no accrual, attribution mix,
       model comparison, guardrail events or contact pressure. */
    const char *const *lift_summaries;
    size_t nlift;
    const char *const *roi_summaries;
    size_t nroi;
    const char *const *by;     /* the Segments section's columns of assignments.csv */
    size_t nby;                /* (at most LK_SEGMENT_COLUMNS); 0: the experiment's
                                  stratify column when it is stratified, else none */
} lk_report_run_options;

/*
 * The whole report from raw data: audit the inputs, compute the lift, ROI,
 * accrual, attribution mix, power curve, (for score_* columns of the
 * assignments) the Qini curves and (with run->by, or for a stratified
 * experiment by its stratify column) the lift per segment and its
 * heterogeneity into dir/data, then lk_report_render, with
 * a warning added when offers went to the no-contact control.
 * opt->inputs is ignored: the inputs audited are the experiment file and
 * the three data files (or the summaries).  Errors as the libraries report
 * them.
 */
int lk_report_run(const lk_experiment *exp, const lk_report_run_options *run,
                  const lk_report_options *opt, lk_error *err);

/* The folder a report goes to: opt->dir, or reports/<name>.  Caller frees. */
char *lk_report_dir(const lk_experiment *exp, const lk_report_options *opt);

#endif
