/* GPT (Megatron/Alpa style): token and position embeddings, pre-LayerNorm
 * blocks of causal multi-head attention and a GELU MLP, a final LayerNorm,
 * an LM head tied to the token embedding (or not), cross-entropy; then the
 * backward pass op by op and the optimizer update.
 *
 * Letters: b batch, s and t sequence (query, key), h hidden, n heads, d head
 * dim, f MLP width, v vocabulary. Attention weights are 3-D ([h, n, d]) as
 * in Flax's DenseGeneral, so no reshape is ever needed. Tokens enter as ids
 * and become one-hot rows contracted with the table (2 b s V h FLOPs, like
 * the LM head): everything stays a projected-permutation linalg.generic. */
#include "Models.h"
#include "Moe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  emT xhat, rstd;
} lnSaved;

static const char *addBody = "%t0 = arith.addf %a0, %a1 : $T\nlinalg.yield %t0 : $T";

static emT layerNorm(emCtx *em, emT x, emT g, emT b, int64_t H, lnSaved *sv) {
  char body[512], k[96], e[96];
  emT sum = emSum(em, "ln_sum", "bsh->bs", x);
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.mulf %%a1, %%t0 : $T\n%%t2 = arith.subf %%a0, %%t1 : $T\n"
           "linalg.yield %%t2 : $T",
           emConst(em, "%t0", 1.0 / (double)H, k, sizeof k));
  emT xc = emMap2(em, "ln_center", "bsh,bs->bsh", x, sum, body);
  emT var = emGeneric(em, "ln_var", "bsh->bs", 1, &xc, "0.0",
                      "%t0 = arith.mulf %a0, %a0 : $T\n%t1 = arith.addf %acc, %t0 : $T\n"
                      "linalg.yield %t1 : $T");
  snprintf(body, sizeof body,
           "%s\n%s\n%%t2 = arith.mulf %%a0, %%t0 : $T\n%%t3 = arith.addf %%t2, %%t1 : $T\n"
           "%%t4 = math.rsqrt %%t3 : $T\nlinalg.yield %%t4 : $T",
           emConst(em, "%t0", 1.0 / (double)H, k, sizeof k), emConst(em, "%t1", 1e-5, e, sizeof e));
  sv->rstd = emMap1(em, "ln_rstd", "bs->bs", var, body);
  sv->xhat = emMap2(em, "ln_norm", "bsh,bs->bsh", xc, sv->rstd,
                    "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  return emMap3(em, "ln_affine", "bsh,h,h->bsh", sv->xhat, g, b,
                "%t0 = arith.mulf %a0, %a1 : $T\n%t1 = arith.addf %t0, %a2 : $T\n"
                "linalg.yield %t1 : $T");
}

/* dx of y = xhat g + b, xhat = (x - mean) rstd; dg and db to the step. */
static emT layerNormGrad(emCtx *em, tStep *st, int g, int b, emT dy, const lnSaved *sv,
                         int64_t H) {
  tGrad(em, st, g, emContract(em, "ln_dg", "bsh,bsh->h", dy, sv->xhat));
  tGrad(em, st, b, emSum(em, "ln_db", "bsh->h", dy));
  emT dxhat = emMap2(em, "ln_dxhat", "bsh,h->bsh", dy, st->p[g].value,
                     "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  emT s1 = emSum(em, "ln_s1", "bsh->bs", dxhat);
  emT s2 = emContract(em, "ln_s2", "bsh,bsh->bs", dxhat, sv->xhat);
  char body[768], k[96];
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.mulf %%a1, %%t0 : $T\n%%t2 = arith.mulf %%a2, %%t0 : $T\n"
           "%%t3 = arith.mulf %%a3, %%t2 : $T\n%%t4 = arith.subf %%a0, %%t1 : $T\n"
           "%%t5 = arith.subf %%t4, %%t3 : $T\n%%t6 = arith.mulf %%t5, %%a4 : $T\n"
           "linalg.yield %%t6 : $T",
           emConst(em, "%t0", 1.0 / (double)H, k, sizeof k));
  emT in[5] = {dxhat, s1, s2, sv->xhat, sv->rstd};
  return emGeneric(em, "ln_dx", "bsh,bs,bs,bsh,bs->bsh", 5, in, NULL, body);
}

typedef struct {
  int ln1g, ln1b, wq, bq, wk, bk, wv, bv, wo, bo, ln2g, ln2b, w1, b1, w2, b2;
  bool moe; /* the MLP is a mixture of experts */
  moeParams mp;
} blockParams;

typedef struct {
  emT x, y1, q, k, v, p, ctx, x1, y2, h1, g;
  lnSaved ln1, ln2;
  moeSaved ms;
} blockSaved;

static void addBlockParams(tStep *st, int l, int64_t H, int64_t N, int64_t D, int64_t F,
                           int64_t E, blockParams *bp) {
  char n[40];
#define P(field, nm, rank, ...)                                                         \
  snprintf(n, sizeof n, "l%d_%s", l, nm);                                               \
  bp->field = tParamAdd(st, n, l, rank, (int64_t[]){__VA_ARGS__})
  P(ln1g, "ln1_g", 1, H);
  P(ln1b, "ln1_b", 1, H);
  P(wq, "wq", 3, H, N, D);
  P(bq, "bq", 2, N, D);
  P(wk, "wk", 3, H, N, D);
  P(bk, "bk", 2, N, D);
  P(wv, "wv", 3, H, N, D);
  P(bv, "bv", 2, N, D);
  P(wo, "wo", 3, N, D, H);
  P(bo, "bo", 1, H);
  P(ln2g, "ln2_g", 1, H);
  P(ln2b, "ln2_b", 1, H);
  bp->moe = E > 0;
  if (bp->moe) {
    moeAddParams(st, l, H, F, E, &bp->mp);
    return;
  }
  P(w1, "w1", 2, H, F);
  P(b1, "b1", 1, F);
  P(w2, "w2", 2, F, H);
  P(b2, "b2", 1, H);
#undef P
}

#define V(i) (st->p[bp->i].value)

static emT blockForward(emCtx *em, tStep *st, const blockParams *bp, emT x, int64_t H,
                        int64_t D, blockSaved *sv) {
  char body[512], k[96];
  const char *biasNd = "%t0 = arith.addf %a0, %a1 : $T\nlinalg.yield %t0 : $T";
  sv->x = x;
  sv->y1 = layerNorm(em, x, V(ln1g), V(ln1b), H, &sv->ln1);
  sv->q = emMap2(em, "q_bias", "bsnd,nd->bsnd", emContract(em, "q", "bsh,hnd->bsnd", sv->y1, V(wq)),
                 V(bq), biasNd);
  sv->k = emMap2(em, "k_bias", "bsnd,nd->bsnd", emContract(em, "k", "bsh,hnd->bsnd", sv->y1, V(wk)),
                 V(bk), biasNd);
  sv->v = emMap2(em, "v_bias", "bsnd,nd->bsnd", emContract(em, "v", "bsh,hnd->bsnd", sv->y1, V(wv)),
                 V(bv), biasNd);
  emT scores = emContract(em, "qk", "bsnd,btnd->bnst", sv->q, sv->k);
  /* scale by 1/sqrt(d); key t after query s is masked out (causal) */
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\n%%t2 = linalg.index 2 : index\n"
           "%%t3 = linalg.index 3 : index\n%%t4 = arith.cmpi ugt, %%t3, %%t2 : index\n"
           "%%t5 = arith.constant -1.0e+09 : $T\n%%t6 = arith.select %%t4, %%t5, %%t1 : $T\n"
           "linalg.yield %%t6 : $T",
           emConst(em, "%t0", 1.0 / sqrt((double)D), k, sizeof k));
  emT masked = emMap1(em, "mask", "bnst->bnst", scores, body);
  emT mx = emMax(em, "softmax_max", "bnst->bns", masked);
  emT ex = emMap2(em, "softmax_exp", "bnst,bns->bnst", masked, mx,
                  "%t0 = arith.subf %a0, %a1 : $T\n%t1 = math.exp %t0 : $T\nlinalg.yield %t1 : $T");
  emT z = emSum(em, "softmax_sum", "bnst->bns", ex);
  sv->p = emMap2(em, "softmax", "bnst,bns->bnst", ex, z,
                 "%t0 = arith.divf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  sv->ctx = emContract(em, "pv", "bnst,btnd->bsnd", sv->p, sv->v);
  emT attn = emMap2(em, "o_bias", "bsh,h->bsh", emContract(em, "o", "bsnd,ndh->bsh", sv->ctx, V(wo)),
                    V(bo), addBody);
  sv->x1 = emAdd(em, "residual1", x, attn);
  sv->y2 = layerNorm(em, sv->x1, V(ln2g), V(ln2b), H, &sv->ln2);
  if (bp->moe)
    return emAdd(em, "residual2", sv->x1, moeForward(em, st, &bp->mp, sv->y2, &sv->ms));
  sv->h1 = emMap2(em, "fc1_bias", "bsf,f->bsf", emContract(em, "fc1", "bsh,hf->bsf", sv->y2, V(w1)),
                  V(b1), addBody);
  sv->g = emMap1(em, "gelu", "bsf->bsf", sv->h1, lmGeluBody);
  emT m2 = emMap2(em, "fc2_bias", "bsh,h->bsh", emContract(em, "fc2", "bsf,fh->bsh", sv->g, V(w2)),
                  V(b2), addBody);
  return emAdd(em, "residual2", sv->x1, m2);
}

static emT attentionBackward(emCtx *em, tStep *st, const blockParams *bp, emT dx1, int64_t H,
                             int64_t D, const blockSaved *sv) {
  tGrad(em, st, bp->bo, emSum(em, "o_db", "bsh->h", dx1));
  tGrad(em, st, bp->wo, emContract(em, "o_dw", "bsnd,bsh->ndh", sv->ctx, dx1));
  emT dctx = emContract(em, "o_dx", "bsh,ndh->bsnd", dx1, V(wo));
  emT dp = emContract(em, "pv_dp", "bsnd,btnd->bnst", dctx, sv->v);
  emT dv = emContract(em, "pv_dv", "bnst,bsnd->btnd", sv->p, dctx);
  emT rowdot = emContract(em, "softmax_dot", "bnst,bnst->bns", dp, sv->p);
  char body[512], k[96];
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.subf %%a1, %%a2 : $T\n%%t2 = arith.mulf %%a0, %%t1 : $T\n"
           "%%t3 = arith.mulf %%t2, %%t0 : $T\nlinalg.yield %%t3 : $T",
           emConst(em, "%t0", 1.0 / sqrt((double)D), k, sizeof k));
  emT in[3] = {sv->p, dp, rowdot};
  emT ds = emGeneric(em, "softmax_grad", "bnst,bnst,bns->bnst", 3, in, NULL, body);
  emT dq = emContract(em, "qk_dq", "bnst,btnd->bsnd", ds, sv->k);
  emT dk = emContract(em, "qk_dk", "bnst,bsnd->btnd", ds, sv->q);
  tGrad(em, st, bp->bq, emSum(em, "q_db", "bsnd->nd", dq));
  tGrad(em, st, bp->bk, emSum(em, "k_db", "bsnd->nd", dk));
  tGrad(em, st, bp->bv, emSum(em, "v_db", "bsnd->nd", dv));
  tGrad(em, st, bp->wq, emContract(em, "q_dw", "bsh,bsnd->hnd", sv->y1, dq));
  tGrad(em, st, bp->wk, emContract(em, "k_dw", "bsh,bsnd->hnd", sv->y1, dk));
  tGrad(em, st, bp->wv, emContract(em, "v_dw", "bsh,bsnd->hnd", sv->y1, dv));
  emT dy1 = emAdd(em, "qkv_dx", emContract(em, "q_dx", "bsnd,hnd->bsh", dq, V(wq)),
                  emContract(em, "k_dx", "bsnd,hnd->bsh", dk, V(wk)));
  dy1 = emAdd(em, "qkv_dx", dy1, emContract(em, "v_dx", "bsnd,hnd->bsh", dv, V(wv)));
  return emAdd(em, "residual1_grad", dx1,
               layerNormGrad(em, st, bp->ln1g, bp->ln1b, dy1, &sv->ln1, H));
}


static emT blockBackward(emCtx *em, tStep *st, const blockParams *bp, emT dx2, int64_t H,
                         int64_t D, const blockSaved *sv) {
  /* MLP */
  if (bp->moe) {
    emT dy2 = moeBackward(em, st, &bp->mp, sv->y2, dx2, &sv->ms);
    return attentionBackward(em, st, bp, emAdd(em, "residual2_grad", dx2,
                             layerNormGrad(em, st, bp->ln2g, bp->ln2b, dy2, &sv->ln2, H)), H, D, sv);
  }
  tGrad(em, st, bp->b2, emSum(em, "fc2_db", "bsh->h", dx2));
  tGrad(em, st, bp->w2, emContract(em, "fc2_dw", "bsf,bsh->fh", sv->g, dx2));
  emT dg = emContract(em, "fc2_dx", "bsh,fh->bsf", dx2, V(w2));
  emT dh1 = emMap2(em, "gelu_grad", "bsf,bsf->bsf", dg, sv->h1, lmGeluGradBody);
  tGrad(em, st, bp->b1, emSum(em, "fc1_db", "bsf->f", dh1));
  tGrad(em, st, bp->w1, emContract(em, "fc1_dw", "bsh,bsf->hf", sv->y2, dh1));
  emT dy2 = emContract(em, "fc1_dx", "bsf,hf->bsh", dh1, V(w1));
  emT dx1 = emAdd(em, "residual2_grad", dx2,
                  layerNormGrad(em, st, bp->ln2g, bp->ln2b, dy2, &sv->ln2, H));
  return attentionBackward(em, st, bp, dx1, H, D, sv);
}

#undef V

int apModelGpt(emCtx *em, const apModelConfig *c) {
  int64_t L = c->layers, H = c->hidden, N = c->heads, D = H / N, F = c->ffn, S = c->seq,
          B = c->batch, Vo = c->vocab;
  tStep st = {.opt = c->optimizer, .lr = c->lr, .gradcheck = c->gradcheck};
  em->dim['v' - 'a'] = Vo;
  int wte = tParamAdd(&st, "wte", 0, 2, (int64_t[]){Vo, H});
  int wpe = tParamAdd(&st, "wpe", 0, 2, (int64_t[]){S, H});
  blockParams *bp = calloc(L, sizeof *bp);
  blockSaved *sv = calloc(L, sizeof *sv);
  if (!bp || !sv) {
    perror("ap-models");
    return 1;
  }
  /* MoE: experts replace the MLP of every other block (the even ones) */
  int64_t E = c->experts;
  if (E) {
    em->dim['s' - 'a'] = em->dim['t' - 'a'] = S;
    em->dim['c' - 'a'] = c->capacity;
  }
  for (int l = 0; l < L; ++l)
    addBlockParams(&st, l + 1, H, N, D, F, (l + 1) % 2 == 0 ? E : 0, &bp[l]);
  int lnfg = tParamAdd(&st, "lnf_g", (int)L + 1, 1, (int64_t[]){H});
  int lnfb = tParamAdd(&st, "lnf_b", (int)L + 1, 1, (int64_t[]){H});
  int head = c->tiedHead ? wte : tParamAdd(&st, "head", (int)L + 1, 2, (int64_t[]){Vo, H});
  tDataAdd(&st, "ids", 2, (int64_t[]){B, S}, true);
  tDataAdd(&st, "labels", 2, (int64_t[]){B, S}, true);
  apModelReport(c, E ? "moe" : "gpt", st.count);
  tHeader(em, &st);

  emScope(em, 0, "embed");
  emT onehot = lmOneHot(em, "onehot", st.data[0]);
  emT x = emMap2(em, "position", "bsh,sh->bsh",
                 emContract(em, "token", "bsv,vh->bsh", onehot, st.p[wte].value),
                 st.p[wpe].value, addBody);
  for (int l = 0; l < L; ++l) {
    emScope(em, l + 1, "L%d", l + 1);
    x = blockForward(em, &st, &bp[l], x, H, D, &sv[l]);
  }
  emScope(em, (int)L + 1, "head");
  lnSaved lnf;
  emT yf = layerNorm(em, x, st.p[lnfg].value, st.p[lnfb].value, H, &lnf);
  emT logits = emContract(em, "logits", "bsh,vh->bsv", yf, st.p[head].value);
  lmSaved xent;
  emT loss = lmCrossEntropy(em, logits, st.data[1], B * S, &xent);

  /* backward */
  emScope(em, (int)L + 1, "head.grad");
  emT dlogits = lmCrossEntropyGrad(em, &xent, B * S);
  tGrad(em, &st, head, emContract(em, "logits_dw", "bsv,bsh->vh", dlogits, yf));
  emT dyf = emContract(em, "logits_dx", "bsv,vh->bsh", dlogits, st.p[head].value);
  emT dx = layerNormGrad(em, &st, lnfg, lnfb, dyf, &lnf, H);
  for (int l = (int)L - 1; l >= 0; --l) {
    emScope(em, l + 1, "L%d.grad", l + 1);
    dx = blockBackward(em, &st, &bp[l], dx, H, D, &sv[l]);
  }
  emScope(em, 0, "embed.grad");
  tGrad(em, &st, wpe, emSum(em, "position_dw", "bsh->sh", dx));
  tGrad(em, &st, wte, emContract(em, "token_dw", "bsv,bsh->vh", onehot, dx));
  tFinish(em, &st, loss);
  tFree(&st);
  free(bp);
  free(sv);
  return 0;
}
