/*
 * report_health.c - the health strip at the top of every report: sample
 * ratio (each arm's observed units against its expected share), data
 * completeness, contamination of the no-contact control and guardrails.
 *
 * Each check is green when fine and red with its reason.  A failed check of
 * the data (sample ratio, a contacted control) sets r->health.failed, and
 * every verdict line below then turns grey with "do not act on this result":
 * a broken split or a contacted holdout makes the comparisons unreliable
 * however significant they look.  A failed guardrail is red too, but it is a
 * finding about one arm, not about the data: the other comparisons stand,
 * and that arm's own verdict lines say it must not be rolled out.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liftkit/stats.h"
#include "report/report_int.h"
#include "tables/columns.h"
#include "tables/tablefmt.h"

static rep_check *add_check(rep_health *h, const char *name, rep_state state)
{
    rep_check *c = &h->checks[h->ncheck++];
    c->name = name;
    c->state = state;
    c->text[0] = '\0';
    return c;
}

/* A check of the data itself: when it fails, no verdict can be trusted. */
static rep_check *add_data_check(rep_health *h, const char *name, rep_state state)
{
    h->failed |= state == REP_FAIL;
    return add_check(h, name, state);
}

/* Each arm's units: the first lift row of that arm on the table's first metric. */
static void arm_counts(report *r)
{
    const lk_experiment *exp = r->exp;
    const tbl *t = r->lift;
    const char *first = t->nrows ? tbl_get(t, 0, LIFT_METRIC) : "";
    double total = 0, wsum = 0;
    rep_health *h = &r->health;
    h->narms = exp->narms < REP_MAX_ARMS ? exp->narms : REP_MAX_ARMS;
    for (size_t a = 0; a < h->narms; a++) {
        h->observed[a] = NAN;
        for (size_t i = 0; i < t->nrows; i++)
            if (!strcmp(tbl_get(t, i, LIFT_METRIC), first) &&
                !strcmp(tbl_get(t, i, LIFT_ARM), exp->arms[a].name)) {
                h->observed[a] = tbl_num(t, i, LIFT_N);
                break;
            }
        if (isfinite(h->observed[a])) {
            total += h->observed[a];
            wsum += exp->arms[a].weight;
        }
    }
    for (size_t a = 0; a < h->narms; a++)
        h->expected[a] = isfinite(h->observed[a]) && wsum > 0
                             ? total * exp->arms[a].weight / wsum : NAN;
}

static void sample_ratio(report *r)
{
    rep_health *h = &r->health;
    arm_counts(r);
    int bad = isfinite(r->srm_p) && r->srm_p < LK_SRM_THRESHOLD;
    rep_check *c = add_data_check(h, "Sample ratio", bad ? REP_FAIL : isfinite(r->srm_p) ? REP_OK : REP_INFO);
    char p[32];
    size_t at = (size_t)snprintf(c->text, sizeof(c->text), "%s (p %s%s): ",
                                 bad ? "arm sizes do not match the weights"
                                     : isfinite(r->srm_p) ? "arm sizes match the weights"
                                                          : "not tested",
                                 isfinite(r->srm_p) && r->srm_p < 0.0001 ? "" : "= ",
                                 rep_fmt_p(r->srm_p, p, sizeof(p)));
    const char *sep = "";
    for (size_t a = 0; a < h->narms && at < sizeof(c->text); a++) {
        char o[32], e[32];
        if (!isfinite(h->observed[a]))
            continue;
        at += (size_t)snprintf(c->text + at, sizeof(c->text) - at, "%s%s %s (expected %s)",
                               sep, r->exp->arms[a].name,
                               fmt_count(h->observed[a], o, sizeof(o)),
                               fmt_count(h->expected[a], e, sizeof(e)));
        sep = ", ";
    }
}

static void completeness(report *r)
{
    if (r->interim[0]) {
        /* an interim read is not a failure: the verdict is provisional */
        rep_check *c = add_check(&r->health, "Data", REP_INFO);
        snprintf(c->text, sizeof(c->text), "%s", r->interim);
        return;
    }
    rep_check *c = add_check(&r->health, "Data", REP_OK);
    snprintf(c->text, sizeof(c->text), "final read: every day of the %d-day window counts",
             r->exp->window);
}

static void contamination(report *r)
{
    rep_health *h = &r->health;
    if (r->exp->control < 0) {
        rep_check *c = add_check(h, "Control", REP_INFO);
        snprintf(c->text, sizeof(c->text), "no no-contact control in this experiment");
        return;
    }
    const char *ctl = r->exp->arms[r->exp->control].name;
    if (!r->opt->control_checked) {
        rep_check *c = add_check(h, "Control", REP_INFO);
        snprintf(c->text, sizeof(c->text), "offers to '%s' not checked (no offers file)", ctl);
        return;
    }
    double n = r->opt->control_contacts;
    rep_check *c = add_data_check(h, "Control", n > 0 ? REP_FAIL : REP_OK);
    if (n > 0)
        snprintf(c->text, sizeof(c->text),
                 "%.0f offer%s went to the no-contact control '%s': figures against it are "
                 "biased low", n, n == 1 ? "" : "s", ctl);
    else
        snprintf(c->text, sizeof(c->text), "no offers went to the no-contact control '%s'", ctl);
}

/* The lift table's guardrail column: a fail is red with the rows that failed. */
static void guardrails(report *r)
{
    const tbl *t = r->lift;
    size_t n = 0, fails = 0, open = 0;
    char failed[512] = "";
    for (size_t i = 0; i < t->nrows; i++) {
        const char *g = tbl_get(t, i, LIFT_GUARDRAIL);
        if (!*g)
            continue;
        n++;
        open += !strcmp(g, "inconclusive");
        if (strcmp(g, "fail"))
            continue;
        size_t at = strlen(failed);
        snprintf(failed + at, sizeof(failed) - at, "%s%s (%s vs %s)", fails++ ? ", " : "",
                 tbl_get(t, i, LIFT_METRIC), tbl_get(t, i, LIFT_ARM), tbl_get(t, i, LIFT_VS));
    }
    rep_check *c = add_check(&r->health, "Guardrails", fails ? REP_FAIL : n ? REP_OK : REP_INFO);
    r->health.guard_failed = fails > 0;
    if (fails)
        snprintf(c->text, sizeof(c->text), "%zu of %zu failed: %s", fails, n, failed);
    else if (n)
        snprintf(c->text, sizeof(c->text), "%zu checked, none failed%s", n,
                 open ? " (some inconclusive)" : "");
    else
        snprintf(c->text, sizeof(c->text), "none declared");
}

void rep_health_check(report *r)
{
    memset(&r->health, 0, sizeof(r->health));
    sample_ratio(r);
    completeness(r);
    contamination(r);
    guardrails(r);
}

static const char *const state_class[] = {"ok", "bad", "info"};
static const char *const state_word[] = {"OK", "FAILED", "n/a"};

void rep_write_health(report *r)
{
    const rep_health *h = &r->health;
    FILE *f = r->html, *m = r->md;
    fprintf(f, "<section class=\"health%s\" aria-label=\"Health checks\">\n<ul>\n",
            h->failed ? " failed" : "");
    fputs("**Health checks**\n\n", m);
    for (size_t i = 0; i < h->ncheck; i++) {
        const rep_check *c = &h->checks[i];
        fprintf(f, "<li class=\"%s\"><strong>%s</strong> <span class=\"state\">%s</span> ",
                state_class[c->state], c->name, state_word[c->state]);
        rep_html_esc(f, c->text);
        fputs("</li>\n", f);
        fprintf(m, "- **%s** %s: ", c->name, state_word[c->state]);
        rep_md_esc(m, c->text);
        fputc('\n', m);
    }
    fputs("</ul>\n", f);
    if (h->failed) {
        fputs("<p><strong>A check failed: do not act on this result.</strong></p>\n", f);
        fputs("\n**A check failed: do not act on this result.**\n", m);
    } else if (h->guard_failed) {
        static const char g[] = "A guardrail failed: the arm that failed it must not be "
                                "rolled out on this result, whatever its lift.";
        fprintf(f, "<p><strong>%s</strong></p>\n", g);
        fprintf(m, "\n**%s**\n", g);
    }
    fputs("</section>\n", f);
    fputc('\n', m);
}

/* 1 when a guardrail row of this arm against this baseline failed: a
   challenger is judged against the champion it would replace, the contact
   itself against the no-contact control (docs/methods.md, "Guardrails"). */
int rep_guard_failed(const report *r, const char *arm, const char *vs)
{
    const tbl *t = r->lift;
    if (!r->health.guard_failed || !arm || !vs)
        return 0;
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, LIFT_GUARDRAIL), "fail") &&
            !strcmp(tbl_get(t, i, LIFT_ARM), arm) && !strcmp(tbl_get(t, i, LIFT_VS), vs))
            return 1;
    return 0;
}
