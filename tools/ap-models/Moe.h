/* The mixture-of-experts MLP of the MoE family (GShard style). */
#ifndef AP_MODELS_MOE_H
#define AP_MODELS_MOE_H

#include "Lm.h"
#include "Train.h"

typedef struct {
  int wg, w1, w2; /* gate [h, e], experts [e, h, f] and [e, f, h] */
} moeParams;

typedef struct {
  emT p, mask, z, w, dispatch, combine, xe, h1, g, h2;
} moeSaved;

void moeAddParams(tStep *st, int layer, int64_t H, int64_t F, int64_t E, moeParams *mp);
/* y [b, s, h] -> the experts' output [b, s, h]. The capacity ('c') and the
 * sequence length ('s', 't') must be in em->dim. */
emT moeForward(emCtx *em, tStep *st, const moeParams *mp, emT y, moeSaved *sv);
emT moeBackward(emCtx *em, tStep *st, const moeParams *mp, emT y, emT dout, const moeSaved *sv);

#endif
