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
