/*
 * mix_write.c - the attribution mix: openings and credit by channel and
 * by product, direct, halo or none (columns in columns.h; docs/formats.md).
 */
#include "liftkit/attribute.h"
#include "tables/build.h"
#include "tables/columns.h"

static int put_rows(tbl_out *o, const void *src, lk_error *err)
{
    const lk_attr_summary *s = src;
    (void)err;
    for (size_t i = 0; i < s->nmix; i++) {
        const lk_attr_mix *m = &s->mix[i];
        tbl_out_text(o, m->by);
        tbl_out_text(o, m->key);
        tbl_out_text(o, lk_response_name(m->response));
        tbl_out_num(o, (double)m->openings);
        tbl_out_num(o, m->credit);
        tbl_out_end_row(o);
    }
    return LK_OK;
}

void lk_attr_write_mix(lk_csv_writer *w, const lk_attr_summary *s)
{
    tbl_put_csv(w, &tbl_mix, put_rows, s);
}

int tbl_of_mix(tbl **out, const lk_attr_summary *s, const char *path, lk_error *err)
{
    return tbl_build(out, &tbl_mix, path, put_rows, s, err);
}
