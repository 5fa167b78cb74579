/*
 * report_relationship.c - the relationship line under the verdict:
 * products per customer (or per household, per the experiment's unit) at
 * the window's start and at its end, in each treated arm and in the
 * baseline, from the lift table's products_held_start and
 * products_held_end rows (present when lift or report read holdings); the
 * same line and figures in report.json, of the same arms (in_line).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "tables/columns.h"

/* The value of metric m for arm (its first row), or NaN. */
static double value_of(const tbl *t, const char *m, const char *arm)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(tbl_get(t, i, LIFT_METRIC), m) && !strcmp(tbl_get(t, i, LIFT_ARM), arm))
            return tbl_num(t, i, LIFT_VALUE);
    return NAN;
}

/* "2.31 → 2.38 in new-offer" into buf; 0, or -1 when the arm has no such rows. */
static int arm_text(const report *r, const char *arm, const char *tail, char *buf, size_t len)
{
    double a = value_of(r->lift, "products_held_start", arm);
    double b = value_of(r->lift, "products_held_end", arm);
    if (!isfinite(a) || !isfinite(b))
        return -1;
    snprintf(buf, len, "%.2f \xe2\x86\x92 %.2f in %s%s", a, b, arm, tail);
    return 0;
}

/* The baseline arm of the relationship line (the control, else the
   champion), or -1; its words in tail. */
static int baseline(const lk_experiment *exp, char *tail, size_t len)
{
    int base = exp->control >= 0 ? exp->control : exp->champion;
    snprintf(tail, len, " (the %s)", exp->control >= 0 ? "control" : "champion");
    return base;
}

/* Arm a takes part in the line as a treated arm. */
static int treated(const lk_experiment *exp, size_t a, int base)
{
    return (int)a != base && exp->arms[a].role != LK_ROLE_CONTROL &&
           exp->arms[a].role != LK_ROLE_UNIVERSAL;
}

/* Arm a is in the line and in report.json's arms: a treated arm or the baseline. */
static int in_line(const lk_experiment *exp, size_t a, int base)
{
    return (int)a == base || treated(exp, a, base);
}

int rep_relationship_line(const report *r, char *line, size_t len)
{
    const lk_experiment *exp = r->exp;
    char part[256], noun[64], tail[96];
    int base = baseline(exp, tail, sizeof(tail));
    if (base < 0 || !r->lift || arm_text(r, exp->arms[base].name, tail, part, sizeof(part)))
        return -1;
    lk_unit_singular(exp->unit, noun, sizeof(noun));
    size_t at = (size_t)snprintf(line, len, "Products per %s, from the window's start "
                                 "to its end: ", noun);
    int n = 0;
    for (size_t a = 0; a < exp->narms; a++) {
        char x[256];
        if (!treated(exp, a, base) || arm_text(r, exp->arms[a].name, "", x, sizeof(x)))
            continue;
        if (at < len)
            at += (size_t)snprintf(line + at, len - at, "%s%s", n++ ? ", " : "", x);
    }
    if (!n)
        return -1;
    if (at < len)
        snprintf(line + at, len - at, " vs %s", part);
    return 0;
}

void rep_write_relationship(report *r)
{
    char line[1024];
    if (rep_relationship_line(r, line, sizeof(line)))
        return;
    rep_text(r, line, "<p class=\"relationship\"><strong>Relationship.</strong> ", ".</p>\n",
             "**Relationship.** ", ".\n\n");
}

void rep_json_relationship(FILE *f, const report *r)
{
    char line[1024], tail[96];
    const lk_experiment *exp = r->exp;
    fputs(",\n\"relationship\":", f);
    if (rep_relationship_line(r, line, sizeof(line))) {
        fputs("null", f);
        return;
    }
    int base = baseline(exp, tail, sizeof(tail));
    fputs("{\"sentence\":", f);
    rep_json_str(f, line);
    fputs(",\"baseline\":", f);
    rep_json_str(f, exp->arms[base].name);
    fputs(",\"arms\":[", f);
    for (size_t a = 0, n = 0; a < exp->narms; a++) {
        const char *arm = exp->arms[a].name;
        double b = value_of(r->lift, "products_held_start", arm);
        double e = value_of(r->lift, "products_held_end", arm);
        if (!in_line(exp, a, base) || !isfinite(b) || !isfinite(e))
            continue;
        fputs(n++ ? ",{\"arm\":" : "{\"arm\":", f);
        rep_json_str(f, arm);
        fputs(",\"products_held_start\":", f);
        rep_json_num(f, b);
        fputs(",\"products_held_end\":", f);
        rep_json_num(f, e);
        fputc('}', f);
    }
    fputs("]}", f);
}
