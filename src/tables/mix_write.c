/*
 * mix_write.c - the attribution mix: openings and credit by channel and
 * by product, direct, halo or none (columns in columns.h; docs/formats.md).
 */
#include "liftkit/attribute.h"
#include "tables/build.h"
#include "tables/columns.h"

static void put_rows(tbl_out *o, const lk_attr_summary *s)
{
    for (size_t i = 0; i < s->nmix; i++) {
        const lk_attr_mix *m = &s->mix[i];
        tbl_out_text(o, m->by);
        tbl_out_text(o, m->key);
        tbl_out_text(o, lk_response_name(m->response));
        tbl_out_num(o, (double)m->openings);
        tbl_out_num(o, m->credit);
        tbl_out_end_row(o);
    }
}

void lk_attr_write_mix(lk_csv_writer *w, const lk_attr_summary *s)
{
    tbl_out o;
    tbl_out_csv(&o, &tbl_mix, w);
    put_rows(&o, s);
}

int tbl_of_mix(tbl **out, const lk_attr_summary *s, const char *path, lk_error *err)
{
    tbl_out o;
    if (!(*out = tbl_new(&tbl_mix, path)))
        return lk_error_nomem(err);
    tbl_out_mem(&o, *out);
    put_rows(&o, s);
    return tbl_check(*out, err);
}
