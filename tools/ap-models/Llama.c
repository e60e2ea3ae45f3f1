/* Llama: pre-RMSNorm blocks of grouped-query attention with rotary position
 * embeddings and a SwiGLU MLP, no biases, an untied LM head, cross-entropy;
 * backward op by op; optimizer update.
 *
 * Letters: b batch, s/t sequence, h hidden, g key-value heads, r query heads
 * per key-value head, d and e head dim, f MLP width, v vocabulary. Query
 * weights are [h, g, r, d], key/value [h, g, d]: grouped attention without
 * reshapes. Rotary embedding is a contraction with a [s, e, d] table of
 * cos/sin built from loop indices (rotate-half form), so it too is a
 * projected-permutation generic (it costs 2 d FLOPs per element). */
#include "Lm.h"
#include "Models.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  emT x, xn;
  emT r;
} rmsSaved;

static emT rmsNorm(emCtx *em, emT x, emT g, int64_t H, rmsSaved *sv) {
  char body[512], k[96], e[96];
  emT ss = emGeneric(em, "rms_sq", "bsh->bs", 1, &x, "0.0",
                     "%t0 = arith.mulf %a0, %a0 : $T\n%t1 = arith.addf %acc, %t0 : $T\n"
                     "linalg.yield %t1 : $T");
  snprintf(body, sizeof body,
           "%s\n%s\n%%t2 = arith.mulf %%a0, %%t0 : $T\n%%t3 = arith.addf %%t2, %%t1 : $T\n"
           "%%t4 = math.rsqrt %%t3 : $T\nlinalg.yield %%t4 : $T",
           emConst(em, "%t0", 1.0 / (double)H, k, sizeof k), emConst(em, "%t1", 1e-6, e, sizeof e));
  sv->x = x;
  sv->r = emMap1(em, "rms_r", "bs->bs", ss, body);
  sv->xn = emMap2(em, "rms_norm", "bsh,bs->bsh", x, sv->r,
                  "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  return emMap2(em, "rms_scale", "bsh,h->bsh", sv->xn, g,
                "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
}

/* dx = r (dxn - xn mean_h(dxn xn)), dxn = dy g; dg to the step. */
static emT rmsNormGrad(emCtx *em, tStep *st, int g, emT dy, const rmsSaved *sv, int64_t H) {
  tGrad(em, st, g, emContract(em, "rms_dg", "bsh,bsh->h", dy, sv->xn));
  emT dxn = emMap2(em, "rms_dxn", "bsh,h->bsh", dy, st->p[g].value,
                   "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  emT dot = emContract(em, "rms_dot", "bsh,bsh->bs", dxn, sv->xn);
  char body[512], k[96];
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.mulf %%a2, %%t0 : $T\n%%t2 = arith.mulf %%a1, %%t1 : $T\n"
           "%%t3 = arith.subf %%a0, %%t2 : $T\n%%t4 = arith.mulf %%t3, %%a3 : $T\n"
           "linalg.yield %%t4 : $T",
           emConst(em, "%t0", 1.0 / (double)H, k, sizeof k));
  emT in[4] = {dxn, sv->xn, dot, sv->r};
  return emGeneric(em, "rms_dx", "bsh,bsh,bs,bs->bsh", 4, in, NULL, body);
}

/* The rotary table R[s, e, d]: out[d] = sum_e x[e] R[s, e, d] rotates the
 * pairs (d, d + D/2) by s * 10000^(-2 (d mod D/2) / D). */
static emT ropeTable(emCtx *em, int64_t D) {
  char body[2048];
  snprintf(body, sizeof body,
           "%%t0 = linalg.index 0 : index\n%%t1 = linalg.index 1 : index\n"
           "%%t2 = linalg.index 2 : index\n"
           "%%th = arith.constant %lld : index\n%%t3 = arith.remui %%t2, %%th : index\n"
           "%%t4 = arith.index_cast %%t3 : index to i64\n%%t5 = arith.sitofp %%t4 : i64 to $T\n"
           "%%tk = arith.constant %.17g : $T\n%%t6 = arith.mulf %%t5, %%tk : $T\n"
           "%%t7 = math.exp %%t6 : $T\n%%t8 = arith.index_cast %%t0 : index to i64\n"
           "%%t9 = arith.sitofp %%t8 : i64 to $T\n%%t10 = arith.mulf %%t9, %%t7 : $T\n"
           "%%tc = math.cos %%t10 : $T\n%%ts = math.sin %%t10 : $T\n"
           "%%tn = arith.negf %%ts : $T\n%%t11 = arith.cmpi ult, %%t2, %%th : index\n"
           "%%t12 = arith.select %%t11, %%tn, %%ts : $T\n%%t13 = arith.addi %%t2, %%th : index\n"
           "%%t14 = arith.subi %%t2, %%th : index\n%%t15 = arith.select %%t11, %%t13, %%t14 : index\n"
           "%%tz = arith.constant 0.0 : $T\n%%t16 = arith.cmpi eq, %%t1, %%t15 : index\n"
           "%%t17 = arith.select %%t16, %%t12, %%tz : $T\n%%t18 = arith.cmpi eq, %%t1, %%t2 : index\n"
           "%%t19 = arith.select %%t18, %%tc, %%t17 : $T\nlinalg.yield %%t19 : $T",
           (long long)(D / 2), -2.0 * log(10000.0) / (double)D);
  return emGeneric(em, "rope_table", "->sed", 0, NULL, NULL, body);
}

typedef struct {
  int attnNorm, wq, wk, wv, wo, mlpNorm, wg, wu, wd;
} blockParams;

typedef struct {
  emT y1, q, k, v, qr, kr, p, ctx, x1, y2, a, u, sg, hm;
  rmsSaved n1, n2;
} blockSaved;

#define V(i) (st->p[bp->i].value)
static const char *mulBody = "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T";
static const char *sigmoid =
    "%t0 = arith.negf %a0 : $T\n%t1 = math.exp %t0 : $T\n%to = arith.constant 1.0 : $T\n"
    "%t2 = arith.addf %to, %t1 : $T\n%t3 = arith.divf %to, %t2 : $T\n";

static emT blockForward(emCtx *em, tStep *st, const blockParams *bp, emT x, emT rope, int64_t H,
                        int64_t D, blockSaved *sv) {
  char body[1024], k[96];
  sv->y1 = rmsNorm(em, x, V(attnNorm), H, &sv->n1);
  sv->q = emContract(em, "q", "bsh,hgrd->bsgrd", sv->y1, V(wq));
  sv->k = emContract(em, "k", "bsh,hgd->bsgd", sv->y1, V(wk));
  sv->v = emContract(em, "v", "bsh,hgd->bsgd", sv->y1, V(wv));
  sv->qr = emContract(em, "q_rope", "bsgre,sed->bsgrd", sv->q, rope);
  sv->kr = emContract(em, "k_rope", "bsge,sed->bsgd", sv->k, rope);
  emT scores = emContract(em, "qk", "bsgrd,btgd->bgrst", sv->qr, sv->kr);
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\n%%t2 = linalg.index 3 : index\n"
           "%%t3 = linalg.index 4 : index\n%%t4 = arith.cmpi ugt, %%t3, %%t2 : index\n"
           "%%t5 = arith.constant -1.0e+09 : $T\n%%t6 = arith.select %%t4, %%t5, %%t1 : $T\n"
           "linalg.yield %%t6 : $T",
           emConst(em, "%t0", 1.0 / sqrt((double)D), k, sizeof k));
  emT masked = emMap1(em, "mask", "bgrst->bgrst", scores, body);
  emT mx = emMax(em, "softmax_max", "bgrst->bgrs", masked);
  emT ex = emMap2(em, "softmax_exp", "bgrst,bgrs->bgrst", masked, mx,
                  "%t0 = arith.subf %a0, %a1 : $T\n%t1 = math.exp %t0 : $T\nlinalg.yield %t1 : $T");
  emT z = emSum(em, "softmax_sum", "bgrst->bgrs", ex);
  sv->p = emMap2(em, "softmax", "bgrst,bgrs->bgrst", ex, z,
                 "%t0 = arith.divf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  sv->ctx = emContract(em, "pv", "bgrst,btgd->bsgrd", sv->p, sv->v);
  sv->x1 = emAdd(em, "residual1", x, emContract(em, "o", "bsgrd,grdh->bsh", sv->ctx, V(wo)));
  sv->y2 = rmsNorm(em, sv->x1, V(mlpNorm), H, &sv->n2);
  sv->a = emContract(em, "gate", "bsh,hf->bsf", sv->y2, V(wg));
  sv->u = emContract(em, "up", "bsh,hf->bsf", sv->y2, V(wu));
  snprintf(body, sizeof body, "%s%%t4 = arith.mulf %%a0, %%t3 : $T\nlinalg.yield %%t4 : $T", sigmoid);
  sv->sg = emMap1(em, "silu", "bsf->bsf", sv->a, body);
  sv->hm = emMap2(em, "swiglu", "bsf,bsf->bsf", sv->sg, sv->u, mulBody);
  return emAdd(em, "residual2", sv->x1, emContract(em, "down", "bsf,fh->bsh", sv->hm, V(wd)));
}

static emT blockBackward(emCtx *em, tStep *st, const blockParams *bp, emT dx2, emT rope, int64_t H,
                         int64_t D, const blockSaved *sv) {
  char body[1024], k[96];
  tGrad(em, st, bp->wd, emContract(em, "down_dw", "bsf,bsh->fh", sv->hm, dx2));
  emT dh = emContract(em, "down_dx", "bsh,fh->bsf", dx2, V(wd));
  emT du = emMap2(em, "swiglu_du", "bsf,bsf->bsf", dh, sv->sg, mulBody);
  emT ds = emMap2(em, "swiglu_ds", "bsf,bsf->bsf", dh, sv->u, mulBody);
  /* silu'(a) = sigmoid(a) (1 + a (1 - sigmoid(a))) */
  snprintf(body, sizeof body,
           "%%t0 = arith.negf %%a1 : $T\n%%t1 = math.exp %%t0 : $T\n%%to = arith.constant 1.0 : $T\n"
           "%%t2 = arith.addf %%to, %%t1 : $T\n%%t3 = arith.divf %%to, %%t2 : $T\n"
           "%%t4 = arith.subf %%to, %%t3 : $T\n%%t5 = arith.mulf %%a1, %%t4 : $T\n"
           "%%t6 = arith.addf %%to, %%t5 : $T\n%%t7 = arith.mulf %%t3, %%t6 : $T\n"
           "%%t8 = arith.mulf %%a0, %%t7 : $T\nlinalg.yield %%t8 : $T");
  emT da = emMap2(em, "silu_grad", "bsf,bsf->bsf", ds, sv->a, body);
  tGrad(em, st, bp->wg, emContract(em, "gate_dw", "bsh,bsf->hf", sv->y2, da));
  tGrad(em, st, bp->wu, emContract(em, "up_dw", "bsh,bsf->hf", sv->y2, du));
  emT dy2 = emAdd(em, "mlp_dx", emContract(em, "gate_dx", "bsf,hf->bsh", da, V(wg)),
                  emContract(em, "up_dx", "bsf,hf->bsh", du, V(wu)));
  emT dx1 = emAdd(em, "residual2_grad", dx2, rmsNormGrad(em, st, bp->mlpNorm, dy2, &sv->n2, H));
  tGrad(em, st, bp->wo, emContract(em, "o_dw", "bsgrd,bsh->grdh", sv->ctx, dx1));
  emT dctx = emContract(em, "o_dx", "bsh,grdh->bsgrd", dx1, V(wo));
  emT dp = emContract(em, "pv_dp", "bsgrd,btgd->bgrst", dctx, sv->v);
  emT dv = emContract(em, "pv_dv", "bgrst,bsgrd->btgd", sv->p, dctx);
  emT rowdot = emContract(em, "softmax_dot", "bgrst,bgrst->bgrs", dp, sv->p);
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.subf %%a1, %%a2 : $T\n%%t2 = arith.mulf %%a0, %%t1 : $T\n"
           "%%t3 = arith.mulf %%t2, %%t0 : $T\nlinalg.yield %%t3 : $T",
           emConst(em, "%t0", 1.0 / sqrt((double)D), k, sizeof k));
  emT in[3] = {sv->p, dp, rowdot};
  emT dsc = emGeneric(em, "softmax_grad", "bgrst,bgrst,bgrs->bgrst", 3, in, NULL, body);
  emT dqr = emContract(em, "qk_dq", "bgrst,btgd->bsgrd", dsc, sv->kr);
  emT dkr = emContract(em, "qk_dk", "bgrst,bsgrd->btgd", dsc, sv->qr);
  emT dq = emContract(em, "q_rope_dx", "bsgrd,sed->bsgre", dqr, rope);
  emT dk = emContract(em, "k_rope_dx", "bsgd,sed->bsge", dkr, rope);
  tGrad(em, st, bp->wq, emContract(em, "q_dw", "bsh,bsgrd->hgrd", sv->y1, dq));
  tGrad(em, st, bp->wk, emContract(em, "k_dw", "bsh,bsgd->hgd", sv->y1, dk));
  tGrad(em, st, bp->wv, emContract(em, "v_dw", "bsh,bsgd->hgd", sv->y1, dv));
  emT dy1 = emAdd(em, "qkv_dx", emContract(em, "q_dx", "bsgrd,hgrd->bsh", dq, V(wq)),
                  emContract(em, "k_dx", "bsgd,hgd->bsh", dk, V(wk)));
  dy1 = emAdd(em, "qkv_dx", dy1, emContract(em, "v_dx", "bsgd,hgd->bsh", dv, V(wv)));
  return emAdd(em, "residual1_grad", dx1, rmsNormGrad(em, st, bp->attnNorm, dy1, &sv->n1, H));
}
#undef V

int apModelLlama(emCtx *em, const apModelConfig *c) {
  int64_t L = c->layers, H = c->hidden, N = c->heads, G = c->kvHeads ? c->kvHeads : N;
  int64_t D = H / N, R = N / G, F = c->ffn, S = c->seq, B = c->batch, Vo = c->vocab;
  if (N % G) {
    fprintf(stderr, "ap-models: heads (%lld) must be a multiple of kv-heads (%lld)\n",
            (long long)N, (long long)G);
    return 1;
  }
  if (D % 2) {
    fprintf(stderr, "ap-models: rotary embeddings need an even head dim (%lld)\n", (long long)D);
    return 1;
  }
  tStep st = {.opt = c->optimizer, .lr = c->lr, .gradcheck = c->gradcheck};
  em->dim['v' - 'a'] = Vo;
  em->dim['s' - 'a'] = S;
  em->dim['e' - 'a'] = D;
  em->dim['d' - 'a'] = D;
  int embed = tParamAdd(&st, "embed", 0, 2, (int64_t[]){Vo, H});
  blockParams *bp = calloc(L, sizeof *bp);
  blockSaved *sv = calloc(L, sizeof *sv);
  if (!bp || !sv) {
    perror("ap-models");
    return 1;
  }
  char n[40];
  for (int l = 0; l < L; ++l) {
#define P(field, nm, rank, ...)                                                         \
  snprintf(n, sizeof n, "l%d_%s", l + 1, nm);                                           \
  bp[l].field = tParamAdd(&st, n, l + 1, rank, (int64_t[]){__VA_ARGS__})
    P(attnNorm, "attn_norm_g", 1, H);
    P(wq, "wq", 4, H, G, R, D);
    P(wk, "wk", 3, H, G, D);
    P(wv, "wv", 3, H, G, D);
    P(wo, "wo", 4, G, R, D, H);
    P(mlpNorm, "mlp_norm_g", 1, H);
    P(wg, "w_gate", 2, H, F);
    P(wu, "w_up", 2, H, F);
    P(wd, "w_down", 2, F, H);
#undef P
  }
  int fnorm = tParamAdd(&st, "final_norm_g", (int)L + 1, 1, (int64_t[]){H});
  int head = tParamAdd(&st, "head", (int)L + 1, 2, (int64_t[]){Vo, H});
  tDataAdd(&st, "ids", 2, (int64_t[]){B, S}, true);
  tDataAdd(&st, "labels", 2, (int64_t[]){B, S}, true);
  apModelReport(c, "llama", st.count);
  tHeader(em, &st);

  emScope(em, 0, "embed");
  emT onehot = lmOneHot(em, "onehot", st.data[0]);
  emT x = emContract(em, "token", "bsv,vh->bsh", onehot, st.p[embed].value);
  emT rope = ropeTable(em, D);
  for (int l = 0; l < L; ++l) {
    emScope(em, l + 1, "L%d", l + 1);
    x = blockForward(em, &st, &bp[l], x, rope, H, D, &sv[l]);
  }
  emScope(em, (int)L + 1, "head");
  rmsSaved fn;
  emT yf = rmsNorm(em, x, st.p[fnorm].value, H, &fn);
  emT logits = emContract(em, "logits", "bsh,vh->bsv", yf, st.p[head].value);
  lmSaved xent;
  emT loss = lmCrossEntropy(em, logits, st.data[1], B * S, &xent);

  emScope(em, (int)L + 1, "head.grad");
  emT dlogits = lmCrossEntropyGrad(em, &xent, B * S);
  tGrad(em, &st, head, emContract(em, "logits_dw", "bsv,bsh->vh", dlogits, yf));
  emT dx = rmsNormGrad(em, &st, fnorm, emContract(em, "logits_dx", "bsv,vh->bsh", dlogits,
                                                 st.p[head].value), &fn, H);
  for (int l = (int)L - 1; l >= 0; --l) {
    emScope(em, l + 1, "L%d.grad", l + 1);
    dx = blockBackward(em, &st, &bp[l], dx, rope, H, D, &sv[l]);
  }
  emScope(em, 0, "embed.grad");
  tGrad(em, &st, embed, emContract(em, "token_dw", "bsv,bsh->vh", onehot, dx));
  tFinish(em, &st, loss);
  tFree(&st);
  free(bp);
  free(sv);
  return 0;
}
