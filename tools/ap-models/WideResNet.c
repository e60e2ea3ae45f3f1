/* Wide-ResNet (Alpa's suite: the Flax ImageNet ResNet-50/101 with a width
 * factor on the bottleneck's 3x3 conv): NHWC images, a 7x7/2 stem conv,
 * batch norm (batch statistics, as in training), ReLU, 3x3/2 max pool,
 * bottleneck blocks (1x1 f, 3x3 f*width stride s, 1x1 4f; a projection
 * where the shape changes), global average pool, a dense classifier and
 * softmax cross-entropy. The backward pass is written out op by op:
 * strided convolutions' input gradients dilate dy by scattering it into
 * zeros and convolve with the flipped filter. Convolutions have no bias.
 * Running batch statistics (inference only) are not part of the step. */
#include "Models.h"

#include <stdio.h>
#include <stdlib.h>

static const char *relu =
    "%t0 = arith.constant 0.0 : $T\n%t1 = arith.maximumf %a0, %t0 : $T\nlinalg.yield %t1 : $T";
static const char *reluGrad =
    "%t0 = arith.constant 0.0 : $T\n%t1 = arith.cmpf ogt, %a1, %t0 : $T\n"
    "%t2 = arith.select %t1, %a0, %t0 : $T\nlinalg.yield %t2 : $T";
static const char *addBody = "%t0 = arith.addf %a0, %a1 : $T\nlinalg.yield %t0 : $T";

typedef struct {
  int w, g, b; /* conv filter, batch-norm scale and shift */
  int64_t k, stride, pad;
} wConvBn;

typedef struct {
  emT xpad, xhat, rstd, pre; /* conv input (padded), BN's normalized value and 1/std, BN out */
  int64_t h, w;              /* conv input spatial size */
} wSaved;

static wConvBn convBn(tStep *s, const char *name, int layer, int64_t k, int64_t cin,
                      int64_t cout, int64_t stride, int64_t pad) {
  char n[40];
  wConvBn c = {.k = k, .stride = stride, .pad = pad};
  snprintf(n, sizeof n, "%s_w", name);
  c.w = tParamAdd(s, n, layer, 4, (int64_t[]){k, k, cin, cout});
  snprintf(n, sizeof n, "%s_g", name);
  c.g = tParamAdd(s, n, layer, 1, (int64_t[]){cout});
  snprintf(n, sizeof n, "%s_b", name);
  c.b = tParamAdd(s, n, layer, 1, (int64_t[]){cout});
  return c;
}

/* conv, then batch norm over (n, h, w) per channel. */
static emT convBnFwd(emCtx *em, tStep *s, const wConvBn *c, emT x, wSaved *sv) {
  sv->h = x.shape[1], sv->w = x.shape[2];
  sv->xpad = c->pad ? emPad(em, "pad", x, c->pad, c->pad, 0.0) : x;
  emT y = emConv(em, "conv", sv->xpad, s->p[c->w].value, (int)c->stride, false);
  double m = (double)(y.shape[0] * y.shape[1] * y.shape[2]);
  char body[512], k1[96];
  snprintf(body, sizeof body, "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\nlinalg.yield %%t1 : $T",
           emConst(em, "%t0", 1.0 / m, k1, sizeof k1));
  emT mean = emMap1(em, "bn_mean", "c->c", emSum(em, "bn_sum", "nhwc->c", y), body);
  emT xc = emMap2(em, "bn_center", "nhwc,c->nhwc", y, mean,
                  "%t0 = arith.subf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  emT ss = emGeneric(em, "bn_sq", "nhwc->c", 1, &xc, "0.0",
                     "%t0 = arith.mulf %a0, %a0 : $T\n%t1 = arith.addf %acc, %t0 : $T\n"
                     "linalg.yield %t1 : $T");
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\n%%te = arith.constant 1.0e-05 : $T\n"
           "%%t2 = arith.addf %%t1, %%te : $T\n%%t3 = math.rsqrt %%t2 : $T\nlinalg.yield %%t3 : $T",
           emConst(em, "%t0", 1.0 / m, k1, sizeof k1));
  sv->rstd = emMap1(em, "bn_rstd", "c->c", ss, body);
  sv->xhat = emMap2(em, "bn_norm", "nhwc,c->nhwc", xc, sv->rstd,
                    "%t0 = arith.mulf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
  sv->pre = emMap3(em, "bn_affine", "nhwc,c,c->nhwc", sv->xhat, s->p[c->g].value,
                   s->p[c->b].value,
                   "%t0 = arith.mulf %a0, %a1 : $T\n%t1 = arith.addf %t0, %a2 : $T\n"
                   "linalg.yield %t1 : $T");
  return sv->pre;
}

/* Gradients of BN's scale and shift and of the conv filter; returns dx
 * (or nothing for the stem, whose input is data). */
static emT convBnBwd(emCtx *em, tStep *s, const wConvBn *c, const wSaved *sv, emT dy,
                     bool wantDx) {
  emT dg = emContract(em, "bn_dg", "nhwc,nhwc->c", dy, sv->xhat);
  emT db = emSum(em, "bn_db", "nhwc->c", dy);
  tGrad(em, s, c->g, dg);
  tGrad(em, s, c->b, db);
  /* dz = g rstd / M (M dy - db - xhat dg) */
  double m = (double)(dy.shape[0] * dy.shape[1] * dy.shape[2]);
  char body[768], k1[96], k2[96];
  snprintf(body, sizeof body,
           "%s\n%s\n%%t2 = arith.mulf %%a0, %%tm : $T\n%%t3 = arith.subf %%t2, %%a2 : $T\n"
           "%%t4 = arith.mulf %%a1, %%a3 : $T\n%%t5 = arith.subf %%t3, %%t4 : $T\n"
           "%%t6 = arith.mulf %%a4, %%a5 : $T\n%%t7 = arith.mulf %%t6, %%ti : $T\n"
           "%%t8 = arith.mulf %%t5, %%t7 : $T\nlinalg.yield %%t8 : $T",
           emConst(em, "%tm", m, k1, sizeof k1), emConst(em, "%ti", 1.0 / m, k2, sizeof k2));
  emT in[6] = {dy, sv->xhat, db, dg, s->p[c->g].value, sv->rstd};
  emT dz = emGeneric(em, "bn_dx", "nhwc,nhwc,c,c,c,c->nhwc", 6, in, NULL, body);
  tGrad(em, s, c->w, emConvGradW(em, "conv_dw", sv->xpad, dz, c->k, (int)c->stride));
  if (!wantDx)
    return dz;
  /* dx_pad = dilated, padded dz convolved with the flipped filter. */
  emT w = s->p[c->w].value;
  int64_t hp = sv->xpad.shape[1], wp = sv->xpad.shape[2];
  int64_t shape[4] = {dz.shape[0], hp + c->k - 1, wp + c->k - 1, dz.shape[3]};
  emT dil = emScatterSpatial(em, "conv_dilate", dz, shape, c->k - 1, c->k - 1, (int)c->stride);
  emT dxp = emConv(em, "conv_dx", dil, w, 1, true);
  return c->pad ? emCropSpatial(em, "conv_crop", dxp, c->pad, sv->h, sv->w) : dxp;
}

typedef struct {
  wConvBn c1, c2, c3, proj;
  bool hasProj;
  int layer;
} wBlock;

typedef struct {
  wSaved s1, s2, s3, sp;
  emT r1, r2, pre; /* ReLU outputs, and the sum before the last ReLU */
} wBlockSaved;

static int stagesOf(int64_t layers, int *sizes) {
  static const int t50[] = {3, 4, 6, 3}, t101[] = {3, 4, 23, 3}, t152[] = {3, 8, 36, 3};
  const int *t = layers == 50 ? t50 : layers == 101 ? t101 : layers == 152 ? t152 : NULL;
  if (t) {
    for (int i = 0; i < 4; ++i)
      sizes[i] = t[i];
    return 4;
  }
  if (layers == 8) { /* the tiny preset: two one-block stages */
    sizes[0] = sizes[1] = 1;
    return 2;
  }
  return 0;
}

int apModelWideResNet(emCtx *em, const apModelConfig *c) {
  tStep s = {.opt = c->optimizer, .lr = c->lr, .gradcheck = c->gradcheck};
  int sizes[4];
  int numStages = stagesOf(c->layers, sizes);
  if (!numStages) {
    fprintf(stderr, "ap-models: wresnet depth must be 50, 101, 152 (or 8, the tiny one)\n");
    return 1;
  }
  int64_t N = c->batch, S = c->seq, F0 = c->hidden, W = c->width, K = c->vocab;
  int numBlocks = 0;
  for (int i = 0; i < numStages; ++i)
    numBlocks += sizes[i];
  wBlock *bl = calloc((size_t)numBlocks, sizeof *bl);
  wBlockSaved *bs = calloc((size_t)numBlocks, sizeof *bs);
  if (!bl || !bs) {
    perror("ap-models");
    exit(1);
  }
  wConvBn stem = convBn(&s, "stem", 1, 7, 3, F0, 2, 3);
  int64_t cin = F0;
  char name[40];
  for (int i = 0, b = 0; i < numStages; ++i)
    for (int j = 0; j < sizes[i]; ++j, ++b) {
      int64_t f = F0 << i, stride = i > 0 && j == 0 ? 2 : 1;
      wBlock *B = &bl[b];
      B->layer = b + 2;
      snprintf(name, sizeof name, "b%d_c1", b + 1);
      B->c1 = convBn(&s, name, B->layer, 1, cin, f, 1, 0);
      snprintf(name, sizeof name, "b%d_c2", b + 1);
      B->c2 = convBn(&s, name, B->layer, 3, f, f * W, stride, 1);
      snprintf(name, sizeof name, "b%d_c3", b + 1);
      B->c3 = convBn(&s, name, B->layer, 1, f * W, 4 * f, 1, 0);
      B->hasProj = cin != 4 * f || stride != 1;
      if (B->hasProj) {
        snprintf(name, sizeof name, "b%d_proj", b + 1);
        B->proj = convBn(&s, name, B->layer, 1, cin, 4 * f, stride, 0);
      }
      cin = 4 * f;
    }
  int head = numBlocks + 2;
  int fcw = tParamAdd(&s, "fc_w", head, 2, (int64_t[]){cin, K});
  int fcb = tParamAdd(&s, "fc_b", head, 1, (int64_t[]){K});
  tDataAdd(&s, "images", 4, (int64_t[]){N, S, S, 3}, false);
  tDataAdd(&s, "labels", 1, (int64_t[]){N}, true);
  apModelReport(c, "wresnet", s.count);
  tHeader(em, &s);
  em->dim['k' - 'a'] = K;

  /* Forward. */
  emScope(em, 1, "stem");
  wSaved stemSv;
  emT stemPre = convBnFwd(em, &s, &stem, s.data[0], &stemSv);
  emT stemAct = emMap1(em, "relu", "nhwc->nhwc", stemPre, relu);
  /* 3x3/2 max pool, SAME: the one row and column of padding go high. */
  int64_t total = ((stemAct.shape[1] + 1) / 2 - 1) * 2 + 3 - stemAct.shape[1];
  int64_t poolLo = total / 2;
  emT poolIn = emPad(em, "pool_pad", stemAct, poolLo, total - poolLo, -3.0e38);
  emT x = emWindowMax(em, "max_pool", poolIn, 3, 2);
  emT pooled = x;
  for (int b = 0; b < numBlocks; ++b) {
    wBlock *B = &bl[b];
    wBlockSaved *sv = &bs[b];
    emScope(em, B->layer, "B%d", b + 1);
    sv->r1 = emMap1(em, "relu1", "nhwc->nhwc", convBnFwd(em, &s, &B->c1, x, &sv->s1), relu);
    sv->r2 = emMap1(em, "relu2", "nhwc->nhwc", convBnFwd(em, &s, &B->c2, sv->r1, &sv->s2), relu);
    emT y = convBnFwd(em, &s, &B->c3, sv->r2, &sv->s3);
    emT res = B->hasProj ? convBnFwd(em, &s, &B->proj, x, &sv->sp) : x;
    sv->pre = emMap2(em, "residual", "nhwc,nhwc->nhwc", y, res, addBody);
    x = emMap1(em, "relu3", "nhwc->nhwc", sv->pre, relu);
  }
  emScope(em, head, "head");
  double hw = (double)(x.shape[1] * x.shape[2]);
  char body[512], k1[96];
  snprintf(body, sizeof body, "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\nlinalg.yield %%t1 : $T",
           emConst(em, "%t0", 1.0 / hw, k1, sizeof k1));
  emT feat = emMap1(em, "avg_pool", "nc->nc", emSum(em, "pool_sum", "nhwc->nc", x), body);
  emT logits = emMap2(em, "fc_bias", "nk,k->nk", emContract(em, "fc", "nc,ck->nk", feat,
                                                               s.p[fcw].value),
                      s.p[fcb].value, addBody);
  /* Softmax cross-entropy, mean over the batch. */
  emT lmax = emMax(em, "xent_max", "nk->n", logits);
  emT le = emMap2(em, "xent_exp", "nk,n->nk", logits, lmax,
                  "%t0 = arith.subf %a0, %a1 : $T\n%t1 = math.exp %t0 : $T\nlinalg.yield %t1 : $T");
  emT lz = emSum(em, "xent_sum", "nk->n", le);
  emT lab = emMap1(em, "labels", "n->nk", s.data[1],
                   "%t0 = linalg.index 1 : index\n%t1 = arith.index_cast %a0 : i32 to index\n"
                   "%t2 = arith.cmpi eq, %t0, %t1 : index\n%t3 = arith.uitofp %t2 : i1 to $T\n"
                   "linalg.yield %t3 : $T");
  emT picked = emContract(em, "xent_pick", "nk,nk->n", logits, lab);
  emT nll = emGeneric(em, "xent", "n,n,n->n", 3, (emT[]){lmax, lz, picked}, NULL,
                      "%t0 = math.log %a1 : $T\n%t1 = arith.addf %a0, %t0 : $T\n"
                      "%t2 = arith.subf %t1, %a2 : $T\nlinalg.yield %t2 : $T");
  snprintf(body, sizeof body, "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\nlinalg.yield %%t1 : $T",
           emConst(em, "%t0", 1.0 / (double)N, k1, sizeof k1));
  emT loss = emMap1(em, "loss", "->", emSum(em, "loss_sum", "n->", nll), body);

  /* Backward. */
  emScope(em, head, "head.grad");
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.divf %%a0, %%a1 : $T\n%%t2 = arith.subf %%t1, %%a2 : $T\n"
           "%%t3 = arith.mulf %%t2, %%t0 : $T\nlinalg.yield %%t3 : $T",
           emConst(em, "%t0", 1.0 / (double)N, k1, sizeof k1));
  emT dlog = emGeneric(em, "xent_grad", "nk,n,nk->nk", 3, (emT[]){le, lz, lab}, NULL, body);
  tGrad(em, &s, fcw, emContract(em, "fc_dw", "nc,nk->ck", feat, dlog));
  tGrad(em, &s, fcb, emSum(em, "fc_db", "nk->k", dlog));
  emT dfeat = emContract(em, "fc_dx", "nk,ck->nc", dlog, s.p[fcw].value);
  snprintf(body, sizeof body, "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\nlinalg.yield %%t1 : $T",
           emConst(em, "%t0", 1.0 / hw, k1, sizeof k1));
  em->dim['h' - 'a'] = x.shape[1], em->dim['w' - 'a'] = x.shape[2];
  emT dx = emMap1(em, "avg_pool", "nc->nhwc", dfeat, body);
  for (int b = numBlocks - 1; b >= 0; --b) {
    wBlock *B = &bl[b];
    wBlockSaved *sv = &bs[b];
    emScope(em, B->layer, "B%d.grad", b + 1);
    emT d = emMap2(em, "relu3", "nhwc,nhwc->nhwc", dx, sv->pre, reluGrad);
    emT dres = B->hasProj ? convBnBwd(em, &s, &B->proj, &sv->sp, d, true) : d;
    emT d2 = convBnBwd(em, &s, &B->c3, &sv->s3, d, true);
    d2 = emMap2(em, "relu2", "nhwc,nhwc->nhwc", d2, sv->r2, reluGrad);
    emT d1 = convBnBwd(em, &s, &B->c2, &sv->s2, d2, true);
    d1 = emMap2(em, "relu1", "nhwc,nhwc->nhwc", d1, sv->r1, reluGrad);
    emT dmain = convBnBwd(em, &s, &B->c1, &sv->s1, d1, true);
    dx = emAdd(em, "residual", dmain, dres);
  }
  emScope(em, 1, "stem.grad");
  /* Max pool: each window's gradient to the positions equal to its max. */
  emT routed = emWindowArgmaxGrad(em, "max_pool", poolIn, pooled, dx, 3, 2);
  emT acc = {{0}, 0, {0}, false};
  for (int kh = 0; kh < 3; ++kh)
    for (int kw = 0; kw < 3; ++kw) {
      emT part = emScatterSpatial(em, "max_pool", emWindowSlice(em, "max_pool", routed, kh, kw),
                                  poolIn.shape, kh, kw, 2);
      acc = kh || kw ? emAdd(em, "max_pool", acc, part) : part;
    }
  emT dstem = emCropSpatial(em, "max_pool", acc, poolLo, stemAct.shape[1], stemAct.shape[2]);
  dstem = emMap2(em, "relu", "nhwc,nhwc->nhwc", dstem, stemPre, reluGrad);
  convBnBwd(em, &s, &stem, &stemSv, dstem, false);
  tFinish(em, &s, loss);
  tFree(&s);
  free(bl);
  free(bs);
  return 0;
}
