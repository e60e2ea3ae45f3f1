/* The n-layer MLP of Alpa's tests: Dense (x W + b) and ReLU per layer, mean
 * squared error against y, backward, optimizer update. */
#include "Models.h"

#include <stdio.h>

static const char *relu =
    "%t0 = arith.constant 0.0 : $T\n%t1 = arith.maximumf %a0, %t0 : $T\nlinalg.yield %t1 : $T";

int apModelMlp(emCtx *em, const apModelConfig *c) {
  tStep s = {.opt = c->optimizer, .lr = c->lr, .gradcheck = c->gradcheck};
  int64_t B = c->batch, H = c->hidden, L = c->layers;
  int w[256], b[256];
  if (L > 256) {
    fprintf(stderr, "ap-models: mlp supports at most 256 layers\n");
    return 1;
  }
  char name[32];
  for (int l = 0; l < L; ++l) {
    snprintf(name, sizeof name, "w%d", l);
    w[l] = tParamAdd(&s, name, l + 1, 2, (int64_t[]){H, H});
    snprintf(name, sizeof name, "b%d", l);
    b[l] = tParamAdd(&s, name, l + 1, 1, (int64_t[]){H});
  }
  tDataAdd(&s, "x", 2, (int64_t[]){B, H}, false);
  tDataAdd(&s, "y", 2, (int64_t[]){B, H}, false);
  apModelReport(c, "mlp", s.count);
  tHeader(em, &s);

  emT h[257], z[256];
  h[0] = s.data[0];
  for (int l = 0; l < L; ++l) {
    emScope(em, (int)l + 1, "L%d", (int)l + 1);
    emT mm = emContract(em, "dense", "bk,kh->bh", h[l], s.p[w[l]].value);
    z[l] = emMap2(em, "bias", "bh,h->bh", mm, s.p[b[l]].value,
                  "%t0 = arith.addf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
    h[l + 1] = emMap1(em, "relu", "bh->bh", z[l], relu);
  }
  /* loss = sum((h - y)^2) / (B H); its gradient 2 (h - y) / (B H) */
  char body[512], k1[96];
  emScope(em, (int)L + 1, "loss");
  emT sq = emGeneric(em, "sq_err", "bh,bh->", 2, (emT[]){h[L], s.data[1]}, "0.0",
                     "%t0 = arith.subf %a0, %a1 : $T\n%t1 = arith.mulf %t0, %t0 : $T\n"
                     "%t2 = arith.addf %acc, %t1 : $T\nlinalg.yield %t2 : $T");
  snprintf(body, sizeof body, "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\nlinalg.yield %%t1 : $T",
           emConst(em, "%t0", 1.0 / (double)(B * H), k1, sizeof k1));
  emT loss = emMap1(em, "mean", "->", sq, body);
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.subf %%a0, %%a1 : $T\n%%t2 = arith.mulf %%t1, %%t0 : $T\n"
           "linalg.yield %%t2 : $T",
           emConst(em, "%t0", 2.0 / (double)(B * H), k1, sizeof k1));
  emT d = emMap2(em, "grad", "bh,bh->bh", h[L], s.data[1], body);
  for (int l = (int)L - 1; l >= 0; --l) {
    emScope(em, l + 1, "L%d.grad", l + 1);
    emT dz = emMap2(em, "relu", "bh,bh->bh", d, z[l],
                    "%t0 = arith.constant 0.0 : $T\n%t1 = arith.cmpf ogt, %a1, %t0 : $T\n"
                    "%t2 = arith.select %t1, %a0, %t0 : $T\nlinalg.yield %t2 : $T");
    tGrad(em, &s, w[l], emContract(em, "dense_w", "bk,bh->kh", h[l], dz));
    tGrad(em, &s, b[l], emSum(em, "bias", "bh->h", dz));
    if (l > 0)
      d = emContract(em, "dense_x", "bh,kh->bk", dz, s.p[w[l]].value);
  }
  tFinish(em, &s, loss);
  tFree(&s);
  return 0;
}
