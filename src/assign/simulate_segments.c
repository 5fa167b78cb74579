/*
 * simulate_segments.c - an arm whose effect differs in one segment
 * (--segment-effect ARM:SEGMENT=FACTOR), and the truth per arm and
 * segment (truth-segments.csv), so that lift --by and the report's
 * Segments section can be checked against what was simulated.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "liftkit/csv.h"
#include "liftkit/error.h"
#include "liftkit/experiment.h"
#include "liftkit/simulate.h"

#include "assign/simulate_private.h"

int lk_sim_segments_init(sim *s, lk_error *err)
{
    const lk_simulate_options *opt = s->opt;
    const lk_experiment *exp = s->exp;
    s->seg_arm = s->seg_segment = -1;
    s->seg_factor = 1;
    s->seg_expected = calloc(exp->narms * LK_SEG_COUNT, sizeof(double));
    s->seg_units = calloc(exp->narms * LK_SEG_COUNT, sizeof(uint64_t));
    if (!s->seg_expected || !s->seg_units)
        return lk_error_nomem(err);
    if (!opt->segment_effect_arm)
        return LK_OK;
    int a = lk_experiment_arm(exp, opt->segment_effect_arm);
    if (a < 0 || exp->arms[a].role == LK_ROLE_CONTROL || exp->arms[a].role == LK_ROLE_UNIVERSAL)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "--segment-effect: '%s' is not a treated arm of the experiment",
                            opt->segment_effect_arm);
    for (int g = 0; g < LK_SEG_COUNT; g++)
        if (opt->segment_effect_segment &&
            !strcmp(opt->segment_effect_segment, lk_sim_segment_name((lk_sim_segment)g)))
            s->seg_segment = g;
    if (s->seg_segment < 0)
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "--segment-effect: no segment '%s' (mass, affluent, young, senior, "
                            "small-business)",
                            opt->segment_effect_segment ? opt->segment_effect_segment : "");
    if (!(opt->segment_effect > 0 && opt->segment_effect <= 10))
        return lk_error_set(err, LK_EUSAGE, NULL, 0, 0,
                            "--segment-effect: the factor must be in (0, 10], got %g",
                            opt->segment_effect);
    s->seg_arm = a;
    s->seg_factor = opt->segment_effect;
    return LK_OK;
}

void lk_sim_segments_release(sim *s)
{
    free(s->seg_expected);
    free(s->seg_units);
    s->seg_expected = NULL;
    s->seg_units = NULL;
}

double lk_sim_segment_factor(const sim *s, int arm, int seg)
{
    return arm == s->seg_arm && seg == s->seg_segment ? s->seg_factor : 1.0;
}

void lk_sim_segments_close_unit(sim *s)
{
    size_t k = (size_t)s->unit.arm * LK_SEG_COUNT + (size_t)s->unit.segment;
    s->seg_units[k]++;
    s->seg_expected[k] += 1.0 - s->unit.p_no_target;
}

/* The expected target rate of arm a in segment g, or NaN. */
static double seg_rate(const sim *s, int a, int g)
{
    size_t k = (size_t)a * LK_SEG_COUNT + (size_t)g;
    return s->seg_units[k] ? s->seg_expected[k] / (double)s->seg_units[k] : NAN;
}

void lk_sim_write_truth_segments(sim *s)
{
    static const char *const cols[] = {"arm", "segment", "effect_factor", "true_lift_vs_control",
                                       "units", "expected_target_rate",
                                       "expected_lift_vs_control", "expected_lift_vs_champion"};
    const lk_experiment *exp = s->exp;
    lk_csv_writer *w = s->w[F_TRUTH_SEGMENTS];
    lk_csv_put_header(w, cols, sizeof(cols) / sizeof(cols[0]));
    for (size_t a = 0; a < exp->narms; a++)
        for (int g = 0; g < LK_SEG_COUNT; g++) {
            double f = lk_sim_segment_factor(s, (int)a, g), rate = seg_rate(s, (int)a, g);
            double ctrl = exp->control >= 0 ? seg_rate(s, exp->control, g) : NAN;
            lk_csv_put_str(w, exp->arms[a].name);
            lk_csv_put_str(w, lk_sim_segment_name((lk_sim_segment)g));
            lk_csv_put_double(w, f, 9);
            lk_csv_put_double(w, s->rel[a] * f, 9);
            lk_csv_put_long(w, (long long)s->seg_units[a * LK_SEG_COUNT + (size_t)g]);
            lk_csv_put_double(w, rate, 9);
            lk_csv_put_double(w, rate / ctrl - 1.0, 9);
            lk_csv_put_double(w, rate / seg_rate(s, exp->champion, g) - 1.0, 9);
            lk_csv_end_row(w);
        }
}
