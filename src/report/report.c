/*
 * report.c - the report folder: charts, index.html and report.md (see
 * report.h), rendered from the tables in data/.
 *
 * The verdict, tables and captions are built once from the tables and
 * written twice, as HTML and as Markdown.  Every string that came from
 * data is escaped for the format it goes into.  The HTML has inline CSS
 * and no scripts; images are referenced relative to the folder, so the
 * folder is the whole report.  Invariant: index.html and report.md are
 * replaced only when everything before them succeeded.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/evp.h>

#include "liftkit/csv.h"
#include "liftkit/date.h"
#include "liftkit/experiment.h"
#include "liftkit/liftkit.h"
#include "liftkit/output.h"
#include "liftkit/plot.h"
#include "liftkit/report.h"
#include "liftkit/units.h"

#include "tables/table.h"
#include "util/path.h"

/* ---- audit ---- */

static int count_csv_rows(lk_report_input *in, lk_error *err)
{
    lk_csv_reader *r;
    int rc = lk_csv_open(&r, in->path, err);
    if (rc == LK_EDATA) { /* an empty or headerless file still gets a checksum */
        in->rows = 0;
        return LK_OK;
    }
    if (rc)
        return rc;
    lk_csv_row *row;
    lk_error ignored;
    for (;;) {
        rc = lk_csv_next(r, &row, &ignored);
        if (!row)
            break;
    }
    in->rows = lk_csv_rows_read(r);
    lk_csv_close(r);
    return rc == LK_EIO ? lk_error_set(err, LK_EIO, in->path, 0, 0, "cannot read") : LK_OK;
}

int lk_report_input_audit(lk_report_input *in, lk_error *err)
{
    FILE *f = fopen(in->path, "rb");
    if (!f)
        return lk_error_errno(err, in->path, "cannot open");
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        fclose(f);
        return lk_error_set(err, LK_EIO, NULL, 0, 0, "cannot start SHA-256");
    }
    unsigned char buf[1 << 16];
    size_t n;
    unsigned long lines = 0;
    int ok = 1;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        ok &= EVP_DigestUpdate(ctx, buf, n) == 1;
        for (size_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
    }
    ok &= !ferror(f);
    fclose(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 32;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return lk_error_set(err, LK_EIO, in->path, 0, 0, "cannot read");
    for (unsigned i = 0; i < 32; i++)
        snprintf(in->sha256 + 2 * i, 3, "%02x", md[i]);
    in->rows = lines;
    return in->is_csv ? count_csv_rows(in, err) : LK_OK;
}

char *lk_report_dir(const lk_experiment *exp, const lk_report_options *opt)
{
    if (opt && opt->dir)
        return strdup(opt->dir);
    /* The name becomes one folder name: no separators, no "." or "..". */
    size_t n = strlen(exp->name) + 16;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "reports/%s", exp->name);
    for (char *c = p + 8; *c; c++)
        if (*c == '/' || *c == '\\' || (c == p + 8 && *c == '.'))
            *c = '_';
    if (!p[8])
        snprintf(p, n, "reports/_");
    return p;
}

/* ---- the tables ---- */

enum {
    L_METRIC, L_ARM, L_ROLE, L_N, L_VALUE, L_VLO, L_VHI, L_VS, L_DIFF, L_DLO, L_DHI,
    L_LIFT, L_LLO, L_LHI, L_P, L_PADJ, L_TEST, L_PB, L_EL, L_SRM, L_NCOLS
};
static const tbl_column lift_cols[L_NCOLS] = {
    {"metric", TBL_TEXT}, {"arm", TBL_TEXT}, {"role", TBL_TEXT}, {"n", TBL_NUM},
    {"value", TBL_OPTNUM}, {"value_lo", TBL_OPTNUM}, {"value_hi", TBL_OPTNUM},
    {"vs", TBL_TEXT}, {"diff", TBL_OPTNUM}, {"diff_lo", TBL_OPTNUM}, {"diff_hi", TBL_OPTNUM},
    {"lift", TBL_OPTNUM}, {"lift_lo", TBL_OPTNUM}, {"lift_hi", TBL_OPTNUM},
    {"p_value", TBL_OPTNUM}, {"p_adjusted", TBL_OPTNUM}, {"test", TBL_TEXT},
    {"prob_better", TBL_OPTNUM}, {"expected_loss", TBL_OPTNUM}, {"srm_p", TBL_OPTNUM}};

enum { R_ARM, R_N, R_CONTACTS, R_COST, R_IRESP, R_IVALUE, R_ROMI, R_RLO, R_RHI, R_CPIR,
       R_NCOLS };
static const tbl_column roi_cols[R_NCOLS] = {
    {"arm", TBL_TEXT}, {"n", TBL_NUM}, {"contacts", TBL_OPTNUM}, {"cost", TBL_OPTNUM},
    {"incremental_responses", TBL_OPTNUM}, {"incremental_value", TBL_OPTNUM},
    {"romi", TBL_OPTNUM}, {"romi_lo", TBL_OPTNUM}, {"romi_hi", TBL_OPTNUM},
    {"cost_per_incremental_response", TBL_OPTNUM}};

enum { M_BY, M_KEY, M_RESPONSE, M_OPENINGS, M_CREDIT, M_NCOLS };
static const tbl_column mix_cols[M_NCOLS] = {
    {"by", TBL_TEXT}, {"key", TBL_TEXT}, {"response", TBL_TEXT}, {"openings", TBL_NUM},
    {"credit", TBL_NUM}};

enum { U_SCORE, U_NT, U_NC, U_QINI, U_AUUC, U_TOP10, U_TOP30, U_NCOLS };
static const tbl_column uplift_cols[U_NCOLS] = {
    {"score", TBL_TEXT}, {"n_treated", TBL_NUM}, {"n_control", TBL_NUM},
    {"qini_coefficient", TBL_OPTNUM}, {"auuc", TBL_OPTNUM}, {"uplift_top10", TBL_OPTNUM},
    {"uplift_top30", TBL_OPTNUM}};

enum { W_BASE, W_TREATED, W_NB, W_NT, W_NTOTAL, W_POWER, W_NCOLS };
static const tbl_column power_cols[W_NCOLS] = {
    {"baseline", TBL_NUM}, {"treated", TBL_NUM}, {"n_baseline", TBL_NUM},
    {"n_treated", TBL_NUM}, {"n_total", TBL_NUM}, {"power", TBL_NUM}};

typedef struct report {
    const lk_experiment *exp;
    const lk_report_tables *tables;
    const lk_report_options *opt;
    char *dir;
    tbl *lift, *roi, *mix, *uplift, *power;
    int charts[LK_PLOT_COUNT];     /* drawn */
    double srm_p;
    FILE *html, *md;
    char level[32];                /* "95% CI" */
} report;

static const char *metric_title(const char *m)
{
    static const struct { const char *name, *title; } t[] = {
        {"response_target", "Target response rate"},
        {"response_any", "Response rate, any product"},
        {"balance_target", "Balance of target products per unit"},
        {"balance_any", "Balance of any product per unit"},
        {"products_opened", "Products opened per unit"}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (!strcmp(m, t[i].name))
            return t[i].title;
    return m;
}

static int is_rate(const char *metric)
{
    return !strncmp(metric, "response_", 9);
}

static const char *arm_colour(const report *r, const char *arm)
{
    int i = lk_experiment_arm(r->exp, arm);
    return i >= 0 ? lk_plot_arm_colour(r->exp, (size_t)i) : "#444444";
}

static double p_of(const tbl *t, size_t row)
{
    double p = tbl_num(t, row, L_PADJ);
    return isfinite(p) ? p : tbl_num(t, row, L_P);
}

static long find_lift(const tbl *t, const char *metric, const char *arm, const char *vs)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, L_METRIC), metric) && !strcmp(tbl_get(t, i, L_ARM), arm) &&
            !strcmp(tbl_get(t, i, L_VS), vs))
            return (long)i;
    return -1;
}

static long find_roi(const report *r, const char *arm)
{
    for (size_t i = 0; r->roi && i < r->roi->nrows; i++)
        if (!strcmp(tbl_get(r->roi, i, R_ARM), arm))
            return (long)i;
    return -1;
}

/* ---- formatting ---- */

static char *fmt_p(double p, char *buf, size_t len)
{
    if (!isfinite(p))
        snprintf(buf, len, "n/a");
    else if (p < 0.0001)
        snprintf(buf, len, "< 0.0001");
    else
        snprintf(buf, len, "%.2g", p);
    if (isfinite(p) && p >= 0.0001 && p < 1 && strchr(buf, 'e'))
        snprintf(buf, len, "%.4f", p);
    return buf;
}

/* A value of metric m: a rate in percent, or a mean. */
/* Decimals of a mean: balances in whole currency units, counts finer. */
static int mean_digits(const char *m)
{
    return !strncmp(m, "balance_", 8) ? 0 : 3;
}

static char *fmt_value(const char *m, double v, char *buf, size_t len)
{
    return is_rate(m) ? fmt_pct(v, 2, 0, buf, len) : fmt_num(v, mean_digits(m), buf, len);
}

/* A difference of metric m: percentage points, or a signed mean difference. */
static char *fmt_diff(const char *m, double d, char *buf, size_t len)
{
    char num[48];
    if (!isfinite(d)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    fmt_num(is_rate(m) ? d * 100 : d, is_rate(m) ? 2 : mean_digits(m), num, sizeof(num));
    snprintf(buf, len, "%s%s%s", d >= 0 && num[0] != '-' ? "+" : "", num, is_rate(m) ? " pp" : "");
    return buf;
}

static char *fmt_range(const char *a, const char *b, char *buf, size_t len)
{
    snprintf(buf, len, "%s to %s", a, b);
    return buf;
}

/* ---- escaping ---- */

static void html_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void md_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]|", *s) || (*s == '<' && s[1] && s[1] != ' '))
            fputc('\\', f);
        if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

/* ---- the verdict ---- */

typedef enum { V_WIN, V_LOSS, V_SAME, V_NA } verdict_kind;

typedef struct verdict {
    verdict_kind kind;
    const char *arm;
    char head[512];      /* "new-offer beat champion on target response" */
    char detail[1024];   /* ": +18.0% relative (4.84% vs 4.10%), 95% CI ..." */
} verdict;

static void romi_text(const report *r, const char *arm, char *buf, size_t len)
{
    long k = find_roi(r, arm);
    buf[0] = '\0';
    if (k < 0 || !isfinite(tbl_num(r->roi, (size_t)k, R_ROMI)))
        return;
    double romi = tbl_num(r->roi, (size_t)k, R_ROMI);
    double lo = tbl_num(r->roi, (size_t)k, R_RLO), hi = tbl_num(r->roi, (size_t)k, R_RHI);
    if (isfinite(lo) && isfinite(hi))
        snprintf(buf, len, "; ROMI %.1f (%s %.1f to %.1f)", romi, r->level, lo, hi);
    else
        snprintf(buf, len, "; ROMI %.1f", romi);
}

static void comparison(const report *r, size_t row, const char *what, verdict *v)
{
    const tbl *t = r->lift;
    const char *m = tbl_get(t, row, L_METRIC), *arm = tbl_get(t, row, L_ARM),
               *vs = tbl_get(t, row, L_VS);
    double lift = tbl_num(t, row, L_LIFT), p = p_of(t, row);
    char l[64], lo[64], hi[64], a[64], b[64], pp[64], romi[160];
    fmt_value(m, tbl_num(t, row, L_VALUE), a, sizeof(a));
    b[0] = '\0';
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, L_METRIC), m) && !strcmp(tbl_get(t, i, L_ARM), vs)) {
            fmt_value(m, tbl_num(t, i, L_VALUE), b, sizeof(b));
            break;
        }
    fmt_pct(lift, 1, 1, l, sizeof(l));
    fmt_pct(tbl_num(t, row, L_LLO), 1, 1, lo, sizeof(lo));
    fmt_pct(tbl_num(t, row, L_LHI), 1, 1, hi, sizeof(hi));
    fmt_p(p, pp, sizeof(pp));
    romi_text(r, arm, romi, sizeof(romi));
    v->arm = arm;
    if (!isfinite(p) || !isfinite(lift)) {
        v->kind = V_NA;
        snprintf(v->head, sizeof(v->head), "%s vs %s on %s could not be tested", arm, vs, what);
        snprintf(v->detail, sizeof(v->detail), ": %s vs %s (a count is zero)%s", a, b, romi);
        return;
    }
    int sig = p < r->exp->alpha;
    v->kind = !sig ? V_SAME : lift > 0 ? V_WIN : V_LOSS;
    if (v->kind == V_WIN)
        snprintf(v->head, sizeof(v->head), "%s beat %s on %s", arm, vs, what);
    else if (v->kind == V_LOSS)
        snprintf(v->head, sizeof(v->head), "%s did worse than %s on %s", arm, vs, what);
    else
        snprintf(v->head, sizeof(v->head), "%s did not significantly differ from %s on %s", arm,
                 vs, what);
    snprintf(v->detail, sizeof(v->detail), ": %s relative (%s vs %s), %s %s to %s, adjusted p %s%s%s",
             l, a, b, r->level, lo, hi, pp[0] == '<' ? "" : "= ", pp, romi);
}

/* Challengers against the champion on response_target. */
static size_t verdicts(const report *r, verdict *v, size_t max)
{
    const lk_experiment *exp = r->exp;
    const char *champ = exp->arms[exp->champion].name;
    size_t k = 0;
    for (size_t a = 0; a < exp->narms && k < max; a++) {
        if (exp->arms[a].role != LK_ROLE_CHALLENGER)
            continue;
        long row = find_lift(r->lift, "response_target", exp->arms[a].name, champ);
        if (row >= 0)
            comparison(r, (size_t)row, "target response", &v[k++]);
    }
    return k;
}

/* Treated arms against the control on response_target. */
static size_t increments(const report *r, verdict *v, size_t max)
{
    const lk_experiment *exp = r->exp;
    if (exp->control < 0)
        return 0;
    const char *ctl = exp->arms[exp->control].name;
    size_t k = 0;
    for (size_t a = 0; a < exp->narms && k < max; a++) {
        if ((int)a == exp->control)
            continue;
        long row = find_lift(r->lift, "response_target", exp->arms[a].name, ctl);
        if (row < 0)
            continue;
        comparison(r, (size_t)row, "target response", &v[k]);
        long q = find_roi(r, exp->arms[a].name);
        if (q >= 0 && isfinite(tbl_num(r->roi, (size_t)q, R_IRESP))) {
            char n[64];
            size_t at = strlen(v[k].detail);
            snprintf(v[k].detail + at, sizeof(v[k].detail) - at,
                     "; about %s incremental responses",
                     fmt_count(tbl_num(r->roi, (size_t)q, R_IRESP), n, sizeof(n)));
        }
        k++;
    }
    return k;
}

static const char *verdict_class[] = {"win", "loss", "same", "na"};

/* One verdict line: the claim in bold, then its numbers. */
static void write_item(report *r, const verdict *v, const char *claim)
{
    FILE *h = r->html, *m = r->md;
    fprintf(h, "<li class=\"%s\"><span class=\"sw\" style=\"background:%s\"></span><strong>",
            verdict_class[v->kind], arm_colour(r, v->arm));
    html_esc(h, claim);
    fputs("</strong>", h);
    html_esc(h, v->detail);
    fputs(".</li>\n", h);
    fputs("- **", m);
    md_esc(m, claim);
    fputs("**", m);
    md_esc(m, v->detail);
    fputs(".\n", m);
}

static void write_increments(report *r)
{
    static const char *const verb[] = {
        "raised target response over the control",
        "lowered target response below the control",
        "did not significantly change target response over the control",
        "could not be tested against the control"};
    verdict inc[64];
    size_t ni = increments(r, inc, 64);
    if (ni) {
        fputs("<h3>Against the no-contact control (incrementality)</h3>\n"
              "<ul class=\"increments\">\n", r->html);
        fputs("\n**Against the no-contact control (incrementality):**\n\n", r->md);
        for (size_t i = 0; i < ni; i++) {
            char claim[600];
            snprintf(claim, sizeof(claim), "%s %s", inc[i].arm, verb[inc[i].kind]);
            write_item(r, &inc[i], claim);
        }
        fputs("</ul>\n", r->html);
    }
    if (r->exp->control < 0) {
        fputs("<p><strong>There is no no-contact control</strong>, so what the campaign added "
              "over doing nothing (incrementality) and ROMI cannot be measured.</p>\n", r->html);
        fputs("\n**There is no no-contact control**, so what the campaign added over doing "
              "nothing (incrementality) and ROMI cannot be measured.\n", r->md);
    }
}

static void write_verdicts(report *r)
{
    verdict v[64];
    size_t nv = verdicts(r, v, 64);
    FILE *h = r->html, *m = r->md;
    fputs("<section class=\"verdict\">\n<h2>Verdict</h2>\n", h);
    fputs("## Verdict\n\n", m);
    if (nv == 0) {
        fputs("<p>There is no challenger to compare with the champion.</p>\n", h);
        fputs("There is no challenger to compare with the champion.\n\n", m);
    } else {
        fputs("<ul class=\"verdicts\">\n", h);
        for (size_t i = 0; i < nv; i++)
            write_item(r, &v[i], v[i].head);
        fputs("</ul>\n", h);
    }
    write_increments(r);
    fprintf(h, "<p class=\"note\">Relative lift is the arm's rate divided by the other's, minus "
               "one. &ldquo;Significant&rdquo; means the Holm-adjusted p-value is below "
               "&alpha; = %g. ROMI is (incremental value &minus; cost) / cost against the "
               "no-contact control.</p>\n</section>\n", r->exp->alpha);
    fprintf(m, "\nRelative lift is the arm's rate divided by the other's, minus one. "
               "Significant means the Holm-adjusted p-value is below alpha = %g. ROMI is "
               "(incremental value - cost) / cost against the no-contact control.\n\n",
            r->exp->alpha);
}

/* ---- sections ---- */

static void write_srm_warning(report *r)
{
    char text[256];
    if (!isfinite(r->srm_p) || r->srm_p >= LK_SRM_THRESHOLD)
        return;
    lk_srm_warning(r->srm_p, text, sizeof(text));
    fputs("<div class=\"srm\" role=\"alert\"><strong>Warning:</strong> ", r->html);
    html_esc(r->html, text);
    fputs(".</div>\n", r->html);
    fputs("> **WARNING:** ", r->md);
    md_esc(r->md, text);
    fputs(".\n\n", r->md);
}

/* The caller's warnings (a contacted holdout, say), as alerts. */
static void write_warnings(report *r)
{
    for (size_t i = 0; i < r->opt->nwarnings; i++) {
        fputs("<div class=\"srm\" role=\"alert\"><strong>Warning:</strong> ", r->html);
        html_esc(r->html, r->opt->warnings[i]);
        fputs(".</div>\n", r->html);
        fputs("> **WARNING:** ", r->md);
        md_esc(r->md, r->opt->warnings[i]);
        fputs(".\n\n", r->md);
    }
}

static void th(FILE *h, FILE *m, const char *const *cols, size_t n)
{
    fputs("<thead><tr>", h);
    for (size_t i = 0; i < n; i++)
        fprintf(h, "<th>%s</th>", cols[i]);
    fputs("</tr></thead>\n<tbody>\n", h);
    fputs("|", m);
    for (size_t i = 0; i < n; i++)
        fprintf(m, " %s |", cols[i]);
    fputs("\n|", m);
    for (size_t i = 0; i < n; i++)
        fputs(i ? "---:|" : "---|", m);
    fputc('\n', m);
}

/* One cell: text (escaped) in both formats. */
static void td(FILE *h, FILE *m, const char *cls, const char *text)
{
    if (cls)
        fprintf(h, "<td class=\"%s\">", cls);
    else
        fputs("<td>", h);
    html_esc(h, text);
    fputs("</td>", h);
    fputc(' ', m);
    md_esc(m, text);
    fputs(" |", m);
}

static void td_arm(const report *r, const char *arm)
{
    fprintf(r->html, "<tr><td class=\"arm\"><span class=\"sw\" style=\"background:%s\"></span>",
            arm_colour(r, arm));
    html_esc(r->html, arm);
    fputs("</td>", r->html);
    fputs("| ", r->md);
    md_esc(r->md, arm);
    fputs(" |", r->md);
}

static void lift_row(report *r, size_t i)
{
    const tbl *t = r->lift;
    const char *m = tbl_get(t, i, L_METRIC);
    char a[96], b[96], c[96], buf[512], cnt[256];
    td_arm(r, tbl_get(t, i, L_ARM));
    td(r->html, r->md, "num", fmt_count(tbl_num(t, i, L_N), cnt, sizeof(cnt)));
    fmt_value(m, tbl_num(t, i, L_VALUE), a, sizeof(a));
    fmt_value(m, tbl_num(t, i, L_VLO), b, sizeof(b));
    fmt_value(m, tbl_num(t, i, L_VHI), c, sizeof(c));
    snprintf(buf, sizeof(buf), "%s (%s)", a, fmt_range(b, c, cnt, sizeof(cnt)));
    td(r->html, r->md, "num", buf);
    int has_vs = *tbl_get(t, i, L_VS) != '\0';
    td(r->html, r->md, NULL, has_vs ? tbl_get(t, i, L_VS) : "");
    if (!has_vs) {
        for (int k = 0; k < 4; k++)
            td(r->html, r->md, NULL, "");
    } else {
        double p = p_of(t, i), lift = tbl_num(t, i, L_LIFT);
        const char *cls = isfinite(p) && p < r->exp->alpha ? (lift > 0 || tbl_num(t, i, L_DIFF) > 0 ? "num up" : "num down") : "num";
        fmt_diff(m, tbl_num(t, i, L_DIFF), a, sizeof(a));
        fmt_diff(m, tbl_num(t, i, L_DLO), b, sizeof(b));
        fmt_diff(m, tbl_num(t, i, L_DHI), c, sizeof(c));
        snprintf(buf, sizeof(buf), "%s (%s)", a, fmt_range(b, c, cnt, sizeof(cnt)));
        td(r->html, r->md, cls, buf);
        fmt_pct(lift, 1, 1, a, sizeof(a));
        fmt_pct(tbl_num(t, i, L_LLO), 1, 1, b, sizeof(b));
        fmt_pct(tbl_num(t, i, L_LHI), 1, 1, c, sizeof(c));
        snprintf(buf, sizeof(buf), "%s (%s)", a, fmt_range(b, c, cnt, sizeof(cnt)));
        td(r->html, r->md, cls, buf);
        snprintf(buf, sizeof(buf), "%s%s%s%s", fmt_p(p, a, sizeof(a)),
                 *tbl_get(t, i, L_TEST) ? " (" : "", tbl_get(t, i, L_TEST),
                 *tbl_get(t, i, L_TEST) ? ")" : "");
        td(r->html, r->md, "num", buf);
        double pb = tbl_num(t, i, L_PB);
        td(r->html, r->md, "num", isfinite(pb) ? fmt_pct(pb, 1, 0, a, sizeof(a)) : "");
    }
    fputs("</tr>\n", r->html);
    fputc('\n', r->md);
}

/*
 * The lift tables: with target set, the response_target table only (it
 * comes right after the verdict); else every other metric's.
 */
static void write_lift_tables(report *r, int target)
{
    const tbl *t = r->lift;
    const char *seen[16];
    size_t nseen = 0, ntables = 0;
    const char *title = target ? "Lift on target response" : "Other metrics";
    for (size_t i = 0; i < t->nrows; i++)
        ntables += !strcmp(tbl_get(t, i, L_METRIC), "response_target") == !!target;
    if (!ntables)
        return;
    fprintf(r->html, "<section>\n<h2>%s</h2>\n", title);
    fprintf(r->md, "## %s\n\n", title);
    fprintf(r->html, "<p class=\"note\">Each challenger against the champion, and each "
                     "treated arm against the control. Intervals are %s; p-values are "
                     "Holm-adjusted per metric and baseline. Green: significantly better; "
                     "red: significantly worse.</p>\n", r->level);
    for (size_t i = 0; i < t->nrows; i++) {
        const char *m = tbl_get(t, i, L_METRIC);
        if (!strcmp(m, "response_target") != !!target)
            continue;
        size_t k = 0;
        while (k < nseen && strcmp(seen[k], m))
            k++;
        if (k < nseen || nseen == 16)
            continue;
        seen[nseen++] = m;
        fputs("<h3>", r->html);
        html_esc(r->html, metric_title(m));
        fputs("</h3>\n<table>\n", r->html);
        fputs("### ", r->md);
        md_esc(r->md, metric_title(m));
        fputs("\n\n", r->md);
        const char *rate_cols[] = {"Arm", "Units", is_rate(m) ? "Rate (CI)" : "Mean (CI)", "vs",
                                   "Difference (CI)", "Relative lift (CI)", "Adjusted p (test)",
                                   "P(better)"};
        th(r->html, r->md, rate_cols, 8);
        for (size_t j = i; j < t->nrows; j++)
            if (!strcmp(tbl_get(t, j, L_METRIC), m))
                lift_row(r, j);
        fputs("</tbody></table>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</section>\n", r->html);
}

static void write_roi_table(report *r)
{
    const tbl *t = r->roi;
    if (!t)
        return;
    fputs("<section>\n<h2>Return on marketing investment</h2>\n", r->html);
    fputs("## Return on marketing investment\n\n", r->md);
    fprintf(r->html, "<p class=\"note\">Each treated arm against the no-contact control. "
                     "Incremental responses and value are (arm &minus; control) per unit "
                     "&times; units; ROMI = (incremental value &minus; cost) / cost, with a "
                     "bootstrap %s.</p>\n<table>\n", r->level);
    const char *cols[] = {"Arm", "Units", "Contacts", "Cost", "Incremental responses",
                          "Incremental value", "ROMI (CI)", "Cost per incremental response"};
    th(r->html, r->md, cols, 8);
    for (size_t i = 0; i < t->nrows; i++) {
        char a[64], b[64], c[64], buf[256];
        td_arm(r, tbl_get(t, i, R_ARM));
        td(r->html, r->md, "num", fmt_count(tbl_num(t, i, R_N), a, sizeof(a)));
        td(r->html, r->md, "num", fmt_count(tbl_num(t, i, R_CONTACTS), a, sizeof(a)));
        td(r->html, r->md, "num", fmt_num(tbl_num(t, i, R_COST), 0, a, sizeof(a)));
        td(r->html, r->md, "num", fmt_num(tbl_num(t, i, R_IRESP), 0, a, sizeof(a)));
        td(r->html, r->md, "num", fmt_num(tbl_num(t, i, R_IVALUE), 0, a, sizeof(a)));
        double romi = tbl_num(t, i, R_ROMI);
        fmt_num(romi, 2, a, sizeof(a));
        fmt_num(tbl_num(t, i, R_RLO), 2, b, sizeof(b));
        fmt_num(tbl_num(t, i, R_RHI), 2, c, sizeof(c));
        if (isfinite(tbl_num(t, i, R_RLO)))
            snprintf(buf, sizeof(buf), "%s (%s to %s)", a, b, c);
        else
            snprintf(buf, sizeof(buf), "%s", a);
        const char *cls = isfinite(tbl_num(t, i, R_RLO)) && tbl_num(t, i, R_RLO) > 0 ? "num up"
                          : isfinite(tbl_num(t, i, R_RHI)) && tbl_num(t, i, R_RHI) < 0 ? "num down"
                                                                                        : "num";
        td(r->html, r->md, cls, buf);
        td(r->html, r->md, "num", fmt_num(tbl_num(t, i, R_CPIR), 2, a, sizeof(a)));
        fputs("</tr>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</tbody></table>\n</section>\n", r->html);
    fputc('\n', r->md);
}

static void write_chart(report *r, lk_plot_kind k, const char *heading, const char *caption)
{
    if (!r->charts[k])
        return;
    const char *name = lk_plot_kind_name(k);
    fputs("<figure>\n", r->html);
    if (heading)
        fprintf(r->html, "<h3>%s</h3>\n", heading);
    fprintf(r->html,
            "<img src=\"charts/%s.png\" alt=\"%s\" loading=\"eager\">\n"
            "<figcaption>%s <span class=\"files\"><a href=\"charts/%s.svg\">SVG</a> &middot; "
            "<a href=\"charts/%s.csv\">data</a> &middot; <a href=\"charts/%s.gp\">gnuplot "
            "script</a></span></figcaption>\n</figure>\n",
            name, heading ? heading : name, caption, name, name, name);
    if (heading)
        fprintf(r->md, "### %s\n\n", heading);
    fprintf(r->md, "![%s](charts/%s.png)\n\n%s\n\n", heading ? heading : name, name, caption);
}

static void write_mix_table(report *r)
{
    const tbl *t = r->mix;
    if (!t)
        return;
    fputs("<table class=\"mix\">\n", r->html);
    const char *cols[] = {"By", "Channel or product", "Direct", "Halo", "None", "Direct share"};
    th(r->html, r->md, cols, 6);
    for (size_t i = 0; i < t->nrows; i++) {
        /* one line per (by, key): the first row of each pair starts it */
        size_t j = 0;
        while (j < i && !(strcmp(tbl_get(t, j, M_BY), tbl_get(t, i, M_BY)) == 0 &&
                          strcmp(tbl_get(t, j, M_KEY), tbl_get(t, i, M_KEY)) == 0))
            j++;
        if (j < i)
            continue;
        double c[3] = {0, 0, 0};
        static const char *const resp[] = {"direct", "halo", "none"};
        for (size_t k = i; k < t->nrows; k++) {
            if (strcmp(tbl_get(t, k, M_BY), tbl_get(t, i, M_BY)) ||
                strcmp(tbl_get(t, k, M_KEY), tbl_get(t, i, M_KEY)))
                continue;
            for (int q = 0; q < 3; q++)
                if (!strcmp(tbl_get(t, k, M_RESPONSE), resp[q]))
                    c[q] += tbl_num(t, k, M_CREDIT);
        }
        char a[64];
        fputs("<tr>", r->html);
        fputs("|", r->md);
        td(r->html, r->md, NULL, tbl_get(t, i, M_BY));
        const char *key = tbl_get(t, i, M_KEY);
        int none = !*key || (!strcmp(tbl_get(t, i, M_BY), "channel") && !strcmp(key, "none"));
        td(r->html, r->md, NULL, none ? "(no offer)" : key);
        for (int q = 0; q < 3; q++)
            td(r->html, r->md, "num", fmt_num(c[q], 0, a, sizeof(a)));
        double total = c[0] + c[1] + c[2];
        td(r->html, r->md, "num", fmt_pct(total > 0 ? c[0] / total : NAN, 1, 0, a, sizeof(a)));
        fputs("</tr>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</tbody></table>\n", r->html);
    fputc('\n', r->md);
}

/* The smallest relative lift reaching 80% power, from a power-by-lift table. */
static double power_mde(const tbl *t)
{
    double best = NAN;
    for (size_t i = 0; t && i < t->nrows; i++) {
        double p1 = tbl_num(t, i, W_BASE), p2 = tbl_num(t, i, W_TREATED);
        double l = p1 > 0 ? p2 / p1 - 1 : NAN;
        if (tbl_num(t, i, W_POWER) >= 0.8 && l > 0 && !(l >= best))
            best = l;
    }
    return best;
}

static void write_power(report *r)
{
    if (!r->charts[LK_PLOT_POWER])
        return;
    char caption[512], l[64];
    double mde = power_mde(r->power);
    if (isfinite(mde))
        snprintf(caption, sizeof(caption),
                 "Power of the champion/challenger comparison at the sizes this test had. With "
                 "these sizes the test had an 80%% chance to detect a true relative lift of "
                 "about %s in target response; smaller true effects can easily read as &ldquo;no "
                 "significant difference&rdquo;.",
                 fmt_pct(mde, 0, 1, l, sizeof(l)));
    else
        snprintf(caption, sizeof(caption), "Power of the comparison against the true effect.");
    fputs("<section>\n<h2>Could the test have seen it?</h2>\n", r->html);
    fputs("## Could the test have seen it?\n\n", r->md);
    write_chart(r, LK_PLOT_POWER, NULL, caption);
    fputs("</section>\n", r->html);
}

static void write_model(report *r)
{
    if (!r->charts[LK_PLOT_QINI] && !r->opt->model_note)
        return;
    fputs("<section>\n<h2>Model comparison</h2>\n", r->html);
    fputs("## Model comparison\n\n", r->md);
    if (!r->charts[LK_PLOT_QINI]) {
        fputs("<p class=\"note\">", r->html);
        html_esc(r->html, r->opt->model_note);
        fputs("</p>\n</section>\n", r->html);
        md_esc(r->md, r->opt->model_note);
        fputs("\n\n", r->md);
        return;
    }
    char caption[512];
    snprintf(caption, sizeof(caption),
             "Qini curves of the champion against the no-contact control: incremental "
             "responders gained by offering first to the customers each model scores highest, "
             "against random targeting (dotted). The higher the curve above the dotted line, "
             "the better the model finds the customers the offer moves.");
    write_chart(r, LK_PLOT_QINI, NULL, caption);
    if (r->uplift) {
        const tbl *t = r->uplift;
        fputs("<table>\n", r->html);
        const char *cols[] = {"Score", "Treated", "Control", "Qini coefficient", "AUUC",
                              "Uplift, top 10%", "Uplift, top 30%"};
        th(r->html, r->md, cols, 7);
        for (size_t i = 0; i < t->nrows; i++) {
            char a[64];
            fputs("<tr>", r->html);
            fputs("|", r->md);
            td(r->html, r->md, NULL, tbl_get(t, i, U_SCORE));
            td(r->html, r->md, "num", fmt_count(tbl_num(t, i, U_NT), a, sizeof(a)));
            td(r->html, r->md, "num", fmt_count(tbl_num(t, i, U_NC), a, sizeof(a)));
            td(r->html, r->md, "num", fmt_num(tbl_num(t, i, U_QINI), 3, a, sizeof(a)));
            td(r->html, r->md, "num", fmt_num(tbl_num(t, i, U_AUUC), 3, a, sizeof(a)));
            td(r->html, r->md, "num", fmt_pct(tbl_num(t, i, U_TOP10), 2, 1, a, sizeof(a)));
            td(r->html, r->md, "num", fmt_pct(tbl_num(t, i, U_TOP30), 2, 1, a, sizeof(a)));
            fputs("</tr>\n", r->html);
            fputc('\n', r->md);
        }
        fputs("</tbody></table>\n", r->html);
        fputc('\n', r->md);
    }
    fputs("</section>\n", r->html);
}

static void write_audit(report *r)
{
    FILE *h = r->html, *m = r->md;
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
    fputs("<footer>\n<h2>Audit</h2>\n<table class=\"audit\">\n", h);
    fputs("## Audit\n\n", m);
    const char *cols[] = {"Input", "File", "Rows", "SHA-256"};
    th(h, m, cols, 4);
    for (size_t i = 0; i < r->opt->ninputs; i++) {
        const lk_report_input *in = &r->opt->inputs[i];
        char rows[64];
        snprintf(rows, sizeof(rows), "%s%s", fmt_count((double)in->rows, rows + 32, 32),
                 in->is_csv ? "" : " lines");
        fputs("<tr>", h);
        fputs("|", m);
        td(h, m, NULL, in->role);
        td(h, m, NULL, in->path);
        td(h, m, "num", rows);
        td(h, m, "hash", in->sha256);
        fputs("</tr>\n", h);
        fputc('\n', m);
    }
    fputs("</tbody></table>\n<p>liftkit ", h);
    html_esc(h, lk_version());
    fprintf(h, " &middot; generated %s", when);
    fprintf(m, "\nliftkit %s, generated %s", lk_version(), when);
    if (r->opt->command_line) {
        fputs(" &middot; command: <code>", h);
        html_esc(h, r->opt->command_line);
        fputs("</code>", h);
        fputs(", command: `", m);
        for (const char *s = r->opt->command_line; *s; s++)
            fputc(*s == '`' ? '\'' : *s, m);
        fputc('`', m);
    }
    fputs("</p>\n<p>The tables behind every number are in <a href=\"data/\">data/</a>; each "
          "chart's data and gnuplot script are beside it in <a href=\"charts/\">charts/</a>.</p>\n"
          "</footer>\n",
          h);
    fputs(". The tables are in data/, each chart's data and gnuplot script in charts/.\n", m);
}

static const char css[] =
    "body{font-family:'DejaVu Sans',system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
    "sans-serif;color:#222;background:#f6f7f9;margin:0;line-height:1.5}\n"
    "main{max-width:1200px;margin:0 auto;padding:24px 32px 48px;background:#fff;"
    "box-shadow:0 0 12px rgba(0,0,0,.06)}\n"
    "h1{font-size:30px;margin:8px 0 4px}h2{font-size:22px;margin:36px 0 10px;"
    "border-bottom:2px solid #e4e6ea;padding-bottom:4px}h3{font-size:17px;margin:22px 0 8px}\n"
    ".sub{color:#555;margin:0 0 16px}\n"
    ".verdict{background:#f3f7fb;border-left:6px solid #0072B2;padding:4px 20px 12px;"
    "margin-top:20px}\n"
    ".verdict h2{border:0;margin-top:12px}\n"
    "ul.verdicts,ul.increments{list-style:none;padding:0}\n"
    ".verdicts li{font-size:18px;margin:10px 0}.increments li{margin:6px 0}\n"
    "li.win strong{color:#1a7a35}li.loss strong{color:#b42318}li.same strong{color:#333}\n"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:8px;"
    "vertical-align:baseline}\n"
    ".srm{background:#b42318;color:#fff;padding:16px 20px;font-size:18px;margin:18px 0;"
    "border-radius:4px}\n"
    ".note{color:#555;font-size:14px}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}\n"
    "th{text-align:left;background:#eef0f3;padding:6px 8px;font-weight:600}\n"
    "td{padding:5px 8px;border-bottom:1px solid #e6e8eb}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.up{color:#1a7a35;font-weight:600}td.down{color:#b42318;font-weight:600}\n"
    "td.arm{white-space:nowrap;font-weight:600}\n"
    "td.hash{font-family:'DejaVu Sans Mono',monospace;font-size:12px;word-break:break-all}\n"
    "figure{margin:16px 0}figure img{max-width:100%;height:auto;border:1px solid #eee}\n"
    "figcaption{color:#555;font-size:14px}.files{white-space:nowrap;margin-left:8px}\n"
    "footer{margin-top:40px;font-size:13px;color:#444}footer h2{font-size:18px}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:12px;word-break:break-all}\n"
    "a{color:#0060a0}\n";

static void write_header(report *r)
{
    const lk_experiment *exp = r->exp;
    char start[16], end[16], units[64];
    lk_date_format(exp->start, start);
    lk_date_format(exp->start + exp->window, end);
    double n = 0;
    const char *first = tbl_get(r->lift, 0, L_METRIC);
    for (size_t i = 0; i < r->lift->nrows; i++) {
        size_t j = 0;
        while (j < i && strcmp(tbl_get(r->lift, j, L_ARM), tbl_get(r->lift, i, L_ARM)))
            j++;
        if (j == i && !strcmp(tbl_get(r->lift, i, L_METRIC), first))
            n += tbl_num(r->lift, i, L_N);
    }
    fmt_count(n, units, sizeof(units));
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          r->html);
    html_esc(r->html, exp->name);
    fprintf(r->html, " &mdash; campaign report</title>\n<style>\n%s</style>\n</head>\n<body>\n"
                     "<main>\n<h1>Campaign report: ", css);
    html_esc(r->html, exp->name);
    fprintf(r->html, "</h1>\n<p class=\"sub\">Measurement window %s to %s (%d days) &middot; "
                     "target products ", start, end, exp->window);
    fputs("# Campaign report: ", r->md);
    md_esc(r->md, exp->name);
    fprintf(r->md, "\n\nMeasurement window %s to %s (%d days), target products ", start, end,
            exp->window);
    for (size_t i = 0; i < exp->nproducts; i++) {
        fputs(i ? ", " : "", r->html);
        html_esc(r->html, exp->products[i]);
        fputs(i ? ", " : "", r->md);
        md_esc(r->md, exp->products[i]);
    }
    fprintf(r->html, " &middot; %s units in %zu arms &middot; &alpha; = %g</p>\n", units,
            exp->narms, exp->alpha);
    fprintf(r->md, ", %s units in %zu arms, alpha = %g.\n\n", units, exp->narms, exp->alpha);
}

static void write_documents(report *r)
{
    write_header(r);
    write_srm_warning(r);
    write_warnings(r);
    write_verdicts(r);
    write_lift_tables(r, 1);
    write_roi_table(r);
    fputs("<section>\n<h2>Response by arm</h2>\n", r->html);
    fputs("## Response by arm\n\n", r->md);
    write_chart(r, LK_PLOT_RATE, NULL,
                "Target response rate per arm (share of assigned units that opened a target "
                "product in the window), with confidence-interval bars.");
    write_chart(r, LK_PLOT_FOREST, "Relative lift of each comparison",
                "Relative lift with its interval; the dashed line is no difference. An interval "
                "that crosses it is not significant.");
    fputs("</section>\n", r->html);
    if (r->charts[LK_PLOT_ACCRUAL]) {
        fputs("<section>\n<h2>How responses came in</h2>\n", r->html);
        fputs("## How responses came in\n\n", r->md);
        write_chart(r, LK_PLOT_ACCRUAL, NULL,
                    "Cumulative target response rate by days since the campaign started. Arms "
                    "that separate early and stay apart show a real difference; the gap at the "
                    "right end is the one in the tables.");
        fputs("</section>\n", r->html);
    }
    if (r->charts[LK_PLOT_MIX]) {
        fputs("<section>\n<h2>Attribution mix</h2>\n", r->html);
        fputs("## Attribution mix\n\n", r->md);
        write_chart(r, LK_PLOT_MIX, NULL,
                    "Openings credited to an offer of the same product (direct), to an offer of "
                    "another product (halo), or to no offer (none: organic).");
        write_mix_table(r);
        fputs("</section>\n", r->html);
    }
    write_lift_tables(r, 0);
    write_power(r);
    write_model(r);
    write_audit(r);
    fputs("</main>\n</body>\n</html>\n", r->html);
}

/* ---- charts and files ---- */

static int draw(report *r, lk_plot_kind k, const char *table, lk_error *err)
{
    if (!table)
        return LK_OK;
    char *dir = lk_path_join(r->dir, "charts");
    if (!dir)
        return lk_error_nomem(err);
    lk_plot_options po = {.exp = r->exp, .gnuplot = r->opt->gnuplot};
    int rc = lk_plot(k, table, dir, &po, err);
    free(dir);
    r->charts[k] = rc == LK_OK;
    return rc;
}

/* What the charts would reject, found before anything is written. */
static int precheck(const char *path, const tbl_column *cols, size_t n, int is_mix,
                    lk_error *err)
{
    tbl *t;
    int rc = tbl_load(&t, path, cols, n, err);
    if (rc)
        return rc;
    if (t->nrows == 0)
        rc = lk_error_set(err, LK_EDATA, path, 0, 0, "no rows to draw");
    for (size_t i = 0; !rc && is_mix && i < t->nrows; i++) {
        const char *by = tbl_get(t, i, M_BY), *resp = tbl_get(t, i, M_RESPONSE);
        if (strcmp(by, "channel") && strcmp(by, "product"))
            rc = lk_error_set(err, LK_EDATA, path, t->line[i], 0,
                              "invalid value '%.40s' in column 'by', expected channel or product",
                              by);
        else if (strcmp(resp, "direct") && strcmp(resp, "halo") && strcmp(resp, "none"))
            rc = lk_error_set(err, LK_EDATA, path, t->line[i], 0,
                              "invalid value '%.40s' in column 'response', expected direct, "
                              "halo or none", resp);
    }
    tbl_free(t);
    return rc;
}

static int precheck_tables(const lk_report_tables *t, lk_error *err)
{
    static const tbl_column accrual[] = {{"arm", TBL_TEXT}, {"day", TBL_NUM}, {"n", TBL_NUM},
                                         {"responders", TBL_NUM}, {"rate", TBL_OPTNUM}};
    static const tbl_column qini[] = {{"score", TBL_TEXT}, {"n", TBL_NUM},
                                      {"fraction", TBL_NUM}, {"qini", TBL_NUM},
                                      {"uplift", TBL_OPTNUM}};
    int rc = LK_OK;
    if (t->accrual)
        rc = precheck(t->accrual, accrual, 5, 0, err);
    if (!rc && t->qini)
        rc = precheck(t->qini, qini, 5, 0, err);
    if (!rc && t->mix)
        rc = precheck(t->mix, mix_cols, M_NCOLS, 1, err);
    if (!rc && t->power)
        rc = precheck(t->power, power_cols, W_NCOLS, 0, err);
    return rc;
}

static int load_tables(report *r, lk_error *err)
{
    const lk_report_tables *t = r->tables;
    if (!t->lift)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "a report needs a lift table");
    int rc = tbl_load(&r->lift, t->lift, lift_cols, L_NCOLS, err);
    if (!rc && t->roi)
        rc = tbl_load(&r->roi, t->roi, roi_cols, R_NCOLS, err);
    if (!rc && t->mix)
        rc = tbl_load(&r->mix, t->mix, mix_cols, M_NCOLS, err);
    if (!rc && t->uplift)
        rc = tbl_load(&r->uplift, t->uplift, uplift_cols, U_NCOLS, err);
    if (!rc && t->power)
        rc = tbl_load(&r->power, t->power, power_cols, W_NCOLS, err);
    if (!rc)
        rc = precheck_tables(t, err);
    if (!rc && r->lift->nrows == 0)
        rc = lk_error_set(err, LK_EDATA, t->lift, 0, 0, "the lift table has no rows");
    r->srm_p = NAN;
    for (size_t i = 0; !rc && i < r->lift->nrows; i++)
        if (isfinite(tbl_num(r->lift, i, L_SRM)))
            r->srm_p = isfinite(r->srm_p) ? fmin(r->srm_p, tbl_num(r->lift, i, L_SRM))
                                          : tbl_num(r->lift, i, L_SRM);
    return rc;
}

static int draw_all(report *r, lk_error *err)
{
    const lk_report_tables *t = r->tables;
    int rc = draw(r, LK_PLOT_RATE, t->lift, err);
    if (!rc)
        rc = draw(r, LK_PLOT_FOREST, t->lift, err);
    if (!rc)
        rc = draw(r, LK_PLOT_ACCRUAL, t->accrual, err);
    if (!rc)
        rc = draw(r, LK_PLOT_MIX, t->mix, err);
    if (!rc)
        rc = draw(r, LK_PLOT_POWER, t->power, err);
    if (!rc)
        rc = draw(r, LK_PLOT_QINI, t->qini, err);
    return rc;
}

/* Copy src to dst through an all-or-nothing output (unless they are one file). */
static int copy_file(const char *src, const char *dst, lk_error *err)
{
    char *a = realpath(src, NULL), *b = realpath(dst, NULL);
    int same = a && b && !strcmp(a, b);
    free(a);
    free(b);
    if (same)
        return LK_OK;
    FILE *in = fopen(src, "rb");
    if (!in)
        return lk_error_errno(err, src, "cannot open");
    lk_output *o;
    int rc = lk_output_open(&o, dst, err);
    if (rc) {
        fclose(in);
        return rc;
    }
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, n, lk_output_file(o));
    if (ferror(in)) {
        fclose(in);
        lk_output_abort(o);
        return lk_error_errno(err, src, "cannot read");
    }
    fclose(in);
    return lk_output_commit(o, err);
}

/* Keep a copy of every table in dir/data, so the folder holds its sources. */
static int copy_tables(report *r, lk_report_tables *copy, char **paths, lk_error *err)
{
    const char **slot[] = {&copy->lift, &copy->roi, &copy->accrual, &copy->mix,
                           &copy->power, &copy->qini, &copy->uplift};
    static const char *const names[] = {"lift.csv", "roi.csv", "accrual.csv", "mix.csv",
                                        "power.csv", "qini.csv", "uplift.csv"};
    char *data = lk_path_join(r->dir, "data");
    int rc = data ? lk_path_mkdirs(data, err) : lk_error_nomem(err);
    for (size_t i = 0; !rc && i < 7; i++) {
        /* Qini curves have a point per tie block (up to one per unit): the
           chart's own qini.csv keeps the points drawn instead. */
        if (!*slot[i] || slot[i] == &copy->qini)
            continue;
        paths[i] = lk_path_join(data, names[i]);
        if (!paths[i])
            rc = lk_error_nomem(err);
        else if (!(rc = copy_file(*slot[i], paths[i], err)))
            *slot[i] = paths[i];
    }
    free(data);
    return rc;
}

static int write_files(report *r, lk_error *err)
{
    char *hp = lk_path_join(r->dir, "index.html"), *mp = lk_path_join(r->dir, "report.md");
    lk_output *ho = NULL, *mo = NULL;
    int rc = !hp || !mp ? lk_error_nomem(err) : LK_OK;
    if (!rc)
        rc = lk_output_open(&ho, hp, err);
    if (!rc)
        rc = lk_output_open(&mo, mp, err);
    if (!rc) {
        r->html = lk_output_file(ho);
        r->md = lk_output_file(mo);
        write_documents(r);
        rc = lk_output_commit(ho, err);
        ho = NULL;
        if (!rc)
            rc = lk_output_commit(mo, err);
        mo = NULL;
    }
    if (ho)
        lk_output_abort(ho);
    if (mo)
        lk_output_abort(mo);
    free(hp);
    free(mp);
    return rc;
}

int lk_report_render(const lk_experiment *exp, const lk_report_tables *t,
                     const lk_report_options *opt, lk_error *err)
{
    static const lk_report_options defaults = {0};
    lk_report_tables copy = *t;
    char *paths[7] = {0};
    report r = {.exp = exp, .tables = &copy, .opt = opt ? opt : &defaults};
    snprintf(r.level, sizeof(r.level), "%g%% CI", 100 * (1 - exp->alpha));
    r.dir = lk_report_dir(exp, r.opt);
    int rc = r.dir ? LK_OK : lk_error_nomem(err);
    if (!rc && !t->lift)
        rc = lk_error_set(err, LK_EUSAGE, NULL, 0, 0, "a report needs a lift table");
    if (!rc)
        rc = load_tables(&r, err);
    if (!rc)
        rc = lk_path_mkdirs(r.dir, err);
    if (!rc)
        rc = copy_tables(&r, &copy, paths, err);
    if (!rc)
        rc = draw_all(&r, err);
    if (!rc)
        rc = write_files(&r, err);
    tbl_free(r.lift);
    tbl_free(r.roi);
    tbl_free(r.mix);
    tbl_free(r.uplift);
    tbl_free(r.power);
    for (size_t i = 0; i < 7; i++)
        free(paths[i]);
    free(r.dir);
    return rc;
}
