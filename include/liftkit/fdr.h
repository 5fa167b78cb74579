/*
 * fdr.h - Benjamini-Hochberg adjusted p-values (docs/methods.md, "Segments").
 *
 * Over the segments of one metric and comparison, the lift table's p_fdr
 * controls the false discovery rate: with the m defined p-values sorted
 * ascending, p_(i) becomes min over j >= i of min(1, m p_(j) / j)
 * (statsmodels multipletests(method="fdr_bh")).
 */
#ifndef LIFTKIT_FDR_H
#define LIFTKIT_FDR_H

#include <stddef.h>

#include "liftkit/error.h"

/*
 * Adjust p[0..k) into adjusted[0..k), in the input order.  NaN inputs are
 * left out (not counted in m) and stay NaN.  p and adjusted may not
 * overlap.  Returns LK_OK, LK_EDATA for a p outside [0, 1], or LK_EIO if
 * memory ran out.
 */
int lk_fdr_bh(const double *p, size_t k, double *adjusted, lk_error *err);

#endif
