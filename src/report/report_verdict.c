/*
 * report_verdict.c - the verdict: each challenger against the champion,
 * each treated arm against the no-contact control, in plain words first
 * and then their numbers.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

typedef rep_verdict verdict;

static void romi_text(const report *r, const char *arm, char *buf, size_t len)
{
    long k = rep_find_roi(r, arm);
    buf[0] = '\0';
    if (k < 0 || !isfinite(tbl_num(r->roi, (size_t)k, ROI_ROMI)))
        return;
    double romi = tbl_num(r->roi, (size_t)k, ROI_ROMI);
    double lo = tbl_num(r->roi, (size_t)k, ROI_ROMI_LO), hi = tbl_num(r->roi, (size_t)k, ROI_ROMI_HI);
    if (isfinite(lo) && isfinite(hi))
        snprintf(buf, len, "; ROMI %.1f (%s %.1f to %.1f)", romi, r->level, lo, hi);
    else
        snprintf(buf, len, "; ROMI %.1f", romi);
}

static void comparison(const report *r, size_t row, const char *what, int with_romi,
                       verdict *v)
{
    const tbl *t = r->lift;
    const char *m = tbl_get(t, row, LIFT_METRIC), *arm = tbl_get(t, row, LIFT_ARM),
               *vs = tbl_get(t, row, LIFT_VS);
    double lift = tbl_num(t, row, LIFT_LIFT), p = rep_p_of(t, row);
    char l[64], lo[64], hi[64], a[64], b[64], pp[64], romi[160];
    rep_fmt_value(m, tbl_num(t, row, LIFT_VALUE), a, sizeof(a));
    b[0] = '\0';
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, LIFT_METRIC), m) && !strcmp(tbl_get(t, i, LIFT_ARM), vs)) {
            rep_fmt_value(m, tbl_num(t, i, LIFT_VALUE), b, sizeof(b));
            break;
        }
    fmt_pct(lift, 1, 1, l, sizeof(l));
    fmt_pct(tbl_num(t, row, LIFT_LIFT_LO), 1, 1, lo, sizeof(lo));
    fmt_pct(tbl_num(t, row, LIFT_LIFT_HI), 1, 1, hi, sizeof(hi));
    rep_fmt_p(p, pp, sizeof(pp));
    romi[0] = '\0';
    if (with_romi)
        romi_text(r, arm, romi, sizeof(romi));
    v->row = row;
    v->value_diff = v->cost_diff = NAN;
    v->arm = arm;
    v->plain[0] = '\0';
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
    char pb[32], el[32];
    rep_fmt_prob(tbl_num(t, row, LIFT_PROB_BETTER), pb, sizeof(pb));
    rep_fmt_loss(m, tbl_num(t, row, LIFT_EXPECTED_LOSS), el, sizeof(el));
    snprintf(v->detail, sizeof(v->detail),
             ": %s relative (%s vs %s), %s %s to %s, adjusted p %s%s, P(better) %s, "
             "expected loss %s%s", l, a, b, r->level, lo, hi, pp[0] == '<' ? "" : "= ", pp, pb,
             el, romi);
}

/* What the challenger's arm earned and cost beyond the champion's, scaled
   to the challenger's units: ROMI of the difference, not against the
   holdout (both arms' figures in the ROI table are against the control,
   so the control's part cancels). */
static void money_vs_champion(const report *r, verdict *ver, const char *champ, char *buf,
                              size_t len)
{
    long a = rep_find_roi(r, ver->arm), c = rep_find_roi(r, champ);
    buf[0] = '\0';
    if (a < 0 || c < 0)
        return;
    const tbl *t = r->roi;
    double na = tbl_num(t, (size_t)a, ROI_N), nc = tbl_num(t, (size_t)c, ROI_N);
    double dv = (tbl_num(t, (size_t)a, ROI_INCREMENTAL_VALUE) / na -
                 tbl_num(t, (size_t)c, ROI_INCREMENTAL_VALUE) / nc) * na;
    double dc = (tbl_num(t, (size_t)a, ROI_COST) / na - tbl_num(t, (size_t)c, ROI_COST) / nc) * na;
    if (!isfinite(dv) || !isfinite(dc) || !(na > 0) || !(nc > 0))
        return;
    ver->value_diff = dv;
    ver->cost_diff = dc;
    char v[64], k[64], q[64];
    rep_fmt_money(r, dv, 1, v, sizeof(v));
    rep_fmt_money(r, dc, 1, k, sizeof(k));
    if (dc > 0)
        snprintf(buf, len, "; against %s: incremental value %s at a cost difference of %s, "
                 "ROMI of the difference %s (no interval)", champ, v, k,
                 fmt_num((dv - dc) / dc, 1, q, sizeof(q)));
    else
        snprintf(buf, len, "; against %s: incremental value %s at a cost difference of %s",
                 champ, v, k);
}

/* The figures against the champion and the sentence a marketing head reads. */
static void vs_champion(const report *r, verdict *v, const char *champ)
{
    char money[256];
    money_vs_champion(r, v, champ, money, sizeof(money));
    size_t at = strlen(v->detail);
    snprintf(v->detail + at, sizeof(v->detail) - at, "%s", money);
    switch (v->kind) {
    case V_WIN:
        snprintf(v->plain, sizeof(v->plain), "Switching from %s to %s should bring more "
                 "target responses; the difference is larger than chance explains.", champ, v->arm);
        break;
    case V_LOSS:
        snprintf(v->plain, sizeof(v->plain), "Keep %s: %s brought fewer target responses.",
                 champ, v->arm);
        break;
    case V_SAME:
        snprintf(v->plain, sizeof(v->plain), "No clear winner: %s and %s may be equally good; "
                 "the test could not tell them apart, so read the interval before choosing.",
                 v->arm, champ);
        break;
    default:
        snprintf(v->plain, sizeof(v->plain), "%s cannot be judged yet: one of the arms has no "
                 "responses.", v->arm);
    }
}

size_t rep_verdicts(const report *r, verdict *v, size_t max)
{
    const lk_experiment *exp = r->exp;
    const char *champ = exp->arms[exp->champion].name;
    size_t k = 0;
    for (size_t a = 0; a < exp->narms && k < max; a++) {
        if (exp->arms[a].role != LK_ROLE_CHALLENGER)
            continue;
        long row = rep_find_lift(r->lift, "response_target", exp->arms[a].name, champ);
        if (row < 0)
            continue;
        comparison(r, (size_t)row, "target response", 0, &v[k]);
        vs_champion(r, &v[k], champ);
        k++;
    }
    return k;
}

size_t rep_increments(const report *r, verdict *v, size_t max)
{
    const lk_experiment *exp = r->exp;
    if (exp->control < 0)
        return 0;
    const char *ctl = exp->arms[exp->control].name;
    size_t k = 0;
    for (size_t a = 0; a < exp->narms && k < max; a++) {
        if ((int)a == exp->control)
            continue;
        long row = rep_find_lift(r->lift, "response_target", exp->arms[a].name, ctl);
        if (row < 0)
            continue;
        comparison(r, (size_t)row, "target response", 1, &v[k]);
        long q = rep_find_roi(r, exp->arms[a].name);
        if (q >= 0 && isfinite(tbl_num(r->roi, (size_t)q, ROI_INCREMENTAL_RESPONSES))) {
            char n[64];
            size_t at = strlen(v[k].detail);
            snprintf(v[k].detail + at, sizeof(v[k].detail) - at,
                     "; about %s incremental responses",
                     fmt_count(tbl_num(r->roi, (size_t)q, ROI_INCREMENTAL_RESPONSES), n, sizeof(n)));
        }
        k++;
    }
    return k;
}

const char *const rep_verdict_class[] = {"win", "loss", "same", "na"};

/* One verdict line: the claim in bold, then its numbers; grey with a
   warning when a health check failed; a warning too when the arm failed a
   guardrail. */
static void write_item(report *r, const verdict *v, const char *claim)
{
    FILE *h = r->html, *m = r->md;
    static const char grey[] = " (do not act on this result: a health check failed)";
    static const char guard[] = " (it failed a guardrail: do not roll it out)";
    int void_ = r->health.failed;
    const char *vs = tbl_get(r->lift, v->row, LIFT_VS);
    const char *dont = void_ ? grey : rep_guard_failed(r, v->arm, vs) ? guard : "";
    fprintf(h, "<li class=\"%s\"><span class=\"sw\" style=\"background:%s\"></span><strong>",
            void_ ? "void" : rep_verdict_class[v->kind], rep_arm_colour(r, v->arm));
    rep_html_esc(h, claim);
    fputs("</strong>", h);
    rep_html_esc(h, v->detail);
    fputs(dont, h);
    fputc('.', h);
    if (v->plain[0]) {
        fputs("<br><span class=\"plain\">", h);
        rep_html_esc(h, v->plain);
        fputs("</span>", h);
    }
    fputs("</li>\n", h);
    fputs("- **", m);
    rep_md_esc(m, claim);
    fputs("**", m);
    rep_md_esc(m, v->detail);
    fputs(dont, m);
    fputs(".\n", m);
    if (v->plain[0]) {
        fputs("  ", m);
        rep_md_esc(m, v->plain);
        fputc('\n', m);
    }
}

static void write_increments(report *r)
{
    static const char *const verb[] = {
        "raised target response over the control",
        "lowered target response below the control",
        "did not significantly change target response over the control",
        "could not be tested against the control"};
    verdict inc[64];
    size_t ni = rep_increments(r, inc, 64);
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

void rep_write_verdicts(report *r)
{
    verdict v[64];
    size_t nv = rep_verdicts(r, v, 64);
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
    rep_write_relationship(r);
    rep_write_model_verdict(r);
    write_increments(r);
    rep_write_guardrails(r);
    fprintf(h, "<p class=\"note\">Relative lift is the arm's rate divided by the other's, minus "
               "one. &ldquo;Significant&rdquo; means the Holm-adjusted p-value is below "
               "&alpha; = %g. P(better) is the posterior probability that the arm's rate is "
               "higher; expected loss is what choosing it costs, on average, if it is in fact "
               "worse. ROMI is (incremental value &minus; cost) / cost: against the no-contact "
               "control for each arm, against the champion's for a challenger's difference.</p>\n</section>\n", r->exp->alpha);
    fprintf(m, "\nRelative lift is the arm's rate divided by the other's, minus one. "
               "Significant means the Holm-adjusted p-value is below alpha = %g. P(better) is the "
               "posterior probability that the arm's rate is higher; expected loss is what "
               "choosing it costs, on average, if it is in fact worse. ROMI is (incremental "
               "value - cost) / cost: against the no-contact control for each arm, against the "
               "champion's for a challenger's difference.\n\n",
            r->exp->alpha);
}
