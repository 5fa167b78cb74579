/*
 * pool_write.c - the pooled lift table: one row per comparison pooled
 * across waves (columns in columns.h; docs/formats.md).
 */
#include <math.h>

#include "liftkit/pool.h"
#include "tables/columns.h"

void lk_pool_write(lk_csv_writer *w, const lk_pool *p)
{
    tbl_out o;
    tbl_out_csv(&o, &tbl_pool, w);
    for (size_t i = 0; i < p->n; i++) {
        const lk_pool_row *r = &p->rows[i];
        tbl_out_text(&o, r->metric);
        tbl_out_text(&o, r->arm);
        tbl_out_text(&o, r->vs);
        tbl_out_num(&o, (double)r->waves);
        tbl_out_num(&o, (double)p->files);
        tbl_out_num(&o, r->lift);
        tbl_out_num(&o, r->lift_lo);
        tbl_out_num(&o, r->lift_hi);
        tbl_out_num(&o, r->est.p_value);
        tbl_out_num(&o, r->est.theta);
        tbl_out_num(&o, r->est.se);
        tbl_out_num(&o, r->est.q);
        tbl_out_num(&o, r->waves > 1 ? (double)r->waves - 1 : NAN);
        tbl_out_num(&o, r->est.q_p);
        tbl_out_num(&o, r->est.i2);
        tbl_out_num(&o, p->random ? r->lift_re : NAN);
        tbl_out_num(&o, p->random ? r->lift_re_lo : NAN);
        tbl_out_num(&o, p->random ? r->lift_re_hi : NAN);
        tbl_out_num(&o, p->random ? r->tau2 : NAN);
        tbl_out_end_row(&o);
    }
}
