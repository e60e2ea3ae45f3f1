/* One-hot tokens and cross-entropy, shared by the language models. */
#include "Lm.h"

#include <stdio.h>

emT lmOneHot(emCtx *em, const char *name, emT ids) {
  return emMap1(em, name, "bs->bsv", ids,
                "%t0 = linalg.index 2 : index\n%t1 = arith.index_cast %a0 : i32 to index\n"
                "%t2 = arith.cmpi eq, %t0, %t1 : index\n%t3 = arith.uitofp %t2 : i1 to $T\n"
                "linalg.yield %t3 : $T");
}

emT lmCrossEntropy(emCtx *em, emT logits, emT labels, int64_t tokens, lmSaved *sv) {
  /* mean over tokens of logsumexp(logits) - logits[label] */
  emT lm = emMax(em, "xent_max", "bsv->bs", logits);
  sv->le = emMap2(em, "xent_exp", "bsv,bs->bsv", logits, lm,
                  "%t0 = arith.subf %a0, %a1 : $T\n%t1 = math.exp %t0 : $T\nlinalg.yield %t1 : $T");
  sv->lz = emSum(em, "xent_sum", "bsv->bs", sv->le);
  sv->lab = lmOneHot(em, "labels", labels);
  emT picked = emContract(em, "xent_pick", "bsv,bsv->bs", logits, sv->lab);
  emT in3[3] = {lm, sv->lz, picked};
  emT nll = emGeneric(em, "xent", "bs,bs,bs->bs", 3, in3, NULL,
                      "%t0 = math.log %a1 : $T\n%t1 = arith.addf %a0, %t0 : $T\n"
                      "%t2 = arith.subf %t1, %a2 : $T\nlinalg.yield %t2 : $T");
  char body[512], k[96];
  snprintf(body, sizeof body, "%s\n%%t1 = arith.mulf %%a0, %%t0 : $T\nlinalg.yield %%t1 : $T",
           emConst(em, "%t0", 1.0 / (double)tokens, k, sizeof k));
  return emMap1(em, "loss", "->", emSum(em, "loss_sum", "bs->", nll), body);
}

emT lmCrossEntropyGrad(emCtx *em, const lmSaved *sv, int64_t tokens) {
  char body[512], k[96];
  snprintf(body, sizeof body,
           "%s\n%%t1 = arith.divf %%a0, %%a1 : $T\n%%t2 = arith.subf %%t1, %%a2 : $T\n"
           "%%t3 = arith.mulf %%t2, %%t0 : $T\nlinalg.yield %%t3 : $T",
           emConst(em, "%t0", 1.0 / (double)tokens, k, sizeof k));
  emT in3[3] = {sv->le, sv->lz, sv->lab};
  return emGeneric(em, "xent_grad", "bsv,bs,bsv->bsv", 3, in3, NULL, body);
}

/* GELU, tanh approximation, and its derivative times the incoming gradient
 * (%a0; x is %a1). */
const char *const lmGeluBody =
    "%t0 = arith.mulf %a0, %a0 : $T\n%t1 = arith.mulf %t0, %a0 : $T\n"
    "%tk = arith.constant 4.471500e-02 : $T\n%t2 = arith.mulf %t1, %tk : $T\n"
    "%t3 = arith.addf %a0, %t2 : $T\n%tc = arith.constant 7.978845608e-01 : $T\n"
    "%t4 = arith.mulf %t3, %tc : $T\n%t5 = math.tanh %t4 : $T\n"
    "%to = arith.constant 1.0 : $T\n%t6 = arith.addf %t5, %to : $T\n"
    "%th = arith.constant 0.5 : $T\n%t7 = arith.mulf %a0, %th : $T\n"
    "%t8 = arith.mulf %t7, %t6 : $T\nlinalg.yield %t8 : $T";

const char *const lmGeluGradBody =
    "%t0 = arith.mulf %a1, %a1 : $T\n%t1 = arith.mulf %t0, %a1 : $T\n"
    "%tk = arith.constant 4.471500e-02 : $T\n%t2 = arith.mulf %t1, %tk : $T\n"
    "%t3 = arith.addf %a1, %t2 : $T\n%tc = arith.constant 7.978845608e-01 : $T\n"
    "%t4 = arith.mulf %t3, %tc : $T\n%t5 = math.tanh %t4 : $T\n"
    "%to = arith.constant 1.0 : $T\n%t6 = arith.addf %t5, %to : $T\n"
    "%t7 = arith.mulf %t5, %t5 : $T\n%t8 = arith.subf %to, %t7 : $T\n"
    "%tk3 = arith.constant 1.341450e-01 : $T\n%t9 = arith.mulf %t0, %tk3 : $T\n"
    "%t10 = arith.addf %to, %t9 : $T\n%t11 = arith.mulf %t10, %tc : $T\n"
    "%th = arith.constant 0.5 : $T\n%t12 = arith.mulf %a1, %th : $T\n"
    "%t13 = arith.mulf %t12, %t8 : $T\n%t14 = arith.mulf %t13, %t11 : $T\n"
    "%t15 = arith.mulf %t6, %th : $T\n%t16 = arith.addf %t15, %t14 : $T\n"
    "%t17 = arith.mulf %a0, %t16 : $T\nlinalg.yield %t17 : $T";

