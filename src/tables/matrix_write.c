/*
 * matrix_write.c - the offer matrix as a table (columns in columns.h;
 * docs/formats.md, "Offer matrix").
 */
#include "liftkit/matrix.h"
#include "tables/build.h"
#include "tables/columns.h"

static int put_rows(tbl_out *o, const void *src, lk_error *err)
{
    const lk_matrix *m = src;
    (void)err;
    for (size_t i = 0; i < m->n; i++) {
        const lk_matrix_cell *c = &m->cells[i];
        tbl_out_text(o, c->month);
        tbl_out_text(o, c->product);
        tbl_out_text(o, c->channel);
        tbl_out_num(o, c->offers);
        tbl_out_num(o, c->direct);
        tbl_out_num(o, c->halo);
        tbl_out_num(o, lk_matrix_rate(c));
        tbl_out_num(o, c->cost);
        tbl_out_end_row(o);
    }
    return LK_OK;
}

int lk_matrix_write(const lk_matrix *m, FILE *f, lk_error *err)
{
    return tbl_stream(f, &tbl_matrix, put_rows, m, err);
}

int tbl_of_matrix(tbl **out, const lk_matrix *m, const char *path, lk_error *err)
{
    return tbl_build(out, &tbl_matrix, path, put_rows, m, err);
}
