/*
 * units_segments.c - the units' segments (lift --by): the first customer
 * of a unit gives it its segment, and the two parts of a large file are
 * joined into one numbering in label order.
 */
#include <stdlib.h>
#include <string.h>

#include "measure/units_int.h"
#include "util/grow.h"

int lk_units_set_segment(part *p, const lk_csv_row *row, uint32_t unit, int fresh)
{
    if (fresh) {
        uint32_t c = seg_keys_code(&p->seg, row);
        if (c == LK_STRMAP_NONE)
            return -1;
        p->segment[unit] = c;
    } else if (seg_keys_find(&p->seg, row) != p->segment[unit]) {
        p->seg_conflicts++;
    }
    return 0;
}

int lk_units_join_segments(loader *ld)
{
    lk_units *u = ld->u;
    part *a = &ld->part[0];
    size_t cap = a->cap;
    if (lk_grow((void **)&a->segment, &cap, u->n, sizeof(uint32_t)))
        return -1;
    size_t base = a->n;
    u->segment_conflicts = a->seg_conflicts;
    for (size_t k = 1; k < ld->nparts; k++) {
        part *p = &ld->part[k];
        for (size_t i = 0; i < p->n; i++) {
            const seg_keys *pk = &p->seg;
            const char *label = seg_keys_label(pk, p->segment[i]);
            uint32_t c = seg_keys_intern(&a->seg, label, strlen(label));
            if (c == LK_STRMAP_NONE)
                return -1;
            a->segment[base + i] = c;
        }
        base += p->n;
        u->segment_conflicts += p->seg_conflicts;
    }
    uint32_t *order;
    if (seg_keys_finish(&a->seg, &u->segment_labels, &order))
        return -1;
    u->nsegments = seg_keys_count(&a->seg);
    for (size_t i = 0; i < u->n; i++)
        a->segment[i] = order[a->segment[i]];
    free(order);
    u->segment = a->segment;
    a->segment = NULL;
    return 0;
}

