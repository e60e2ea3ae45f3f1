/* A GShard-style mixture-of-experts MLP: top-2 gating, expert capacity,
 * dispatch and combine as contractions over the expert dimension.
 *
 * Letters: b batch, s/t sequence, h hidden, e expert, c capacity slot, f
 * expert width. Each batch row is a group: a token's slot in its expert's
 * buffer is how many earlier tokens of the row chose that expert, a cumulative
 * sum written as a contraction with a strictly lower triangular table; tokens
 * past the capacity are dropped (their MLP output is zero), as in GShard.
 * Gating: softmax, the top two experts, weights renormalised over the two. */
#include "Moe.h"

#include <stdio.h>

static const char *mulBody = "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T";

void moeAddParams(tStep *st, int layer, int64_t H, int64_t F, int64_t E, moeParams *mp) {
  char n[40];
  snprintf(n, sizeof n, "l%d_gate", layer);
  mp->wg = tParamAdd(st, n, layer, 2, (int64_t[]){H, E});
  snprintf(n, sizeof n, "l%d_experts_w1", layer);
  mp->w1 = tParamAdd(st, n, layer, 3, (int64_t[]){E, H, F});
  snprintf(n, sizeof n, "l%d_experts_w2", layer);
  mp->w2 = tParamAdd(st, n, layer, 3, (int64_t[]){E, F, H});
}

emT moeForward(emCtx *em, tStep *st, const moeParams *mp, emT y, moeSaved *sv) {
  emT logits = emContract(em, "gate", "bsh,he->bse", y, st->p[mp->wg].value);
  emT mx = emMax(em, "gate_max", "bse->bs", logits);
  emT ex = emMap2(em, "gate_exp", "bse,bs->bse", logits, mx,
                  "%t0 = arith.subf %a0, %a1 : $T\n%t1 = math.exp %t0 : $T\nlinalg.yield %t1 : $T");
  sv->p = emMap2(em, "gate_softmax", "bse,bs->bse", ex, emSum(em, "gate_sum", "bse->bs", ex),
                 "%t0 = arith.divf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  /* top-1 and top-2 as masks: the maximum, then the maximum of the rest */
  emT m1 = emMax(em, "top1", "bse->bs", sv->p);
  emT rest = emMap2(em, "top1_drop", "bse,bs->bse", sv->p, m1,
                    "%t0 = arith.cmpf oeq, %a0, %a1 : $T\n%tz = arith.constant 0.0 : $T\n"
                    "%t1 = arith.select %t0, %tz, %a0 : $T\nlinalg.yield %t1 : $T");
  emT m2 = emMax(em, "top2", "bse->bs", rest);
  emT in3[3] = {sv->p, m1, m2};
  sv->mask = emGeneric(em, "top2_mask", "bse,bs,bs->bse", 3, in3, NULL,
                       "%t0 = arith.cmpf oge, %a0, %a2 : $T\n%t1 = arith.uitofp %t0 : i1 to $T\n"
                       "linalg.yield %t1 : $T");
  sv->z = emContract(em, "gate_norm", "bse,bse->bs", sv->p, sv->mask);
  emT in2[3] = {sv->p, sv->mask, sv->z};
  sv->w = emGeneric(em, "gate_weight", "bse,bse,bs->bse", 3, in2, NULL,
                    "%t0 = arith.mulf %a0, %a1 : $T\n%t1 = arith.divf %t0, %a2 : $T\n"
                    "linalg.yield %t1 : $T");
  /* slot = number of earlier tokens of the row routed to the same expert */
  emT tri = emGeneric(em, "causal_table", "->st", 0, NULL, NULL,
                      "%t0 = linalg.index 0 : index\n%t1 = linalg.index 1 : index\n"
                      "%t2 = arith.cmpi ult, %t1, %t0 : index\n%t3 = arith.uitofp %t2 : i1 to $T\n"
                      "linalg.yield %t3 : $T");
  emT slot = emContract(em, "slot", "st,bte->bse", tri, sv->mask);
  sv->dispatch = emMap2(em, "dispatch", "bse,bse->bsec", sv->mask, slot,
                        "%t0 = linalg.index 3 : index\n%t1 = arith.index_cast %t0 : index to i64\n"
                        "%t2 = arith.sitofp %t1 : i64 to $T\n%t3 = arith.cmpf oeq, %t2, %a1 : $T\n"
                        "%tz = arith.constant 0.0 : $T\n%t4 = arith.select %t3, %a0, %tz : $T\n"
                        "linalg.yield %t4 : $T");
  sv->combine = emMap2(em, "combine_weight", "bsec,bse->bsec", sv->dispatch, sv->w, mulBody);
  sv->xe = emContract(em, "dispatch_x", "bsec,bsh->ebch", sv->dispatch, y);
  sv->h1 = emContract(em, "expert_fc1", "ebch,ehf->ebcf", sv->xe, st->p[mp->w1].value);
  sv->g = emMap1(em, "expert_gelu", "ebcf->ebcf", sv->h1, lmGeluBody);
  sv->h2 = emContract(em, "expert_fc2", "ebcf,efh->ebch", sv->g, st->p[mp->w2].value);
  return emContract(em, "combine", "bsec,ebch->bsh", sv->combine, sv->h2);
}

emT moeBackward(emCtx *em, tStep *st, const moeParams *mp, emT y, emT dout, const moeSaved *sv) {
  emT dh2 = emContract(em, "combine_dx", "bsec,bsh->ebch", sv->combine, dout);
  emT dcomb = emContract(em, "combine_dw", "bsh,ebch->bsec", dout, sv->h2);
  emT dw = emContract(em, "combine_weight_grad", "bsec,bsec->bse", dcomb, sv->dispatch);
  tGrad(em, st, mp->w2, emContract(em, "expert_fc2_dw", "ebcf,ebch->efh", sv->g, dh2));
  emT dg = emContract(em, "expert_fc2_dx", "ebch,efh->ebcf", dh2, st->p[mp->w2].value);
  emT dh1 = emMap2(em, "expert_gelu_grad", "ebcf,ebcf->ebcf", dg, sv->h1, lmGeluGradBody);
  tGrad(em, st, mp->w1, emContract(em, "expert_fc1_dw", "ebch,ebcf->ehf", sv->xe, dh1));
  emT dxe = emContract(em, "expert_fc1_dx", "ebcf,ehf->ebch", dh1, st->p[mp->w1].value);
  emT dy = emContract(em, "dispatch_dx", "bsec,ebch->bsh", sv->dispatch, dxe);
  /* w = p M / z with z = sum(p M): dp = M (dw - sum(dw w)) / z; the masks
   * and slots are piecewise constant */
  emT dot = emContract(em, "gate_weight_dot", "bse,bse->bs", dw, sv->w);
  emT in4[4] = {dw, dot, sv->mask, sv->z};
  emT dp = emGeneric(em, "gate_weight_grad", "bse,bs,bse,bs->bse", 4, in4, NULL,
                     "%t0 = arith.subf %a0, %a1 : $T\n%t1 = arith.mulf %t0, %a2 : $T\n"
                     "%t2 = arith.divf %t1, %a3 : $T\nlinalg.yield %t2 : $T");
  emT pdot = emContract(em, "gate_softmax_dot", "bse,bse->bs", dp, sv->p);
  emT in3[3] = {sv->p, dp, pdot};
  emT dlogits = emGeneric(em, "gate_softmax_grad", "bse,bse,bs->bse", 3, in3, NULL,
                          "%t0 = arith.subf %a1, %a2 : $T\n%t1 = arith.mulf %a0, %t0 : $T\n"
                          "linalg.yield %t1 : $T");
  tGrad(em, st, mp->wg, emContract(em, "gate_dw", "bsh,bse->he", y, dlogits));
  return emAdd(em, "moe_dx", dy, emContract(em, "gate_dx", "bse,he->bsh", dlogits,
                                              st->p[mp->wg].value));
}
