/* What language models share: token one-hot rows and the cross-entropy
 * loss with its gradient. */
#ifndef AP_MODELS_LM_H
#define AP_MODELS_LM_H

#include "Emit.h"

/* One-hot rows of integer ids: [b, s] -> [b, s, v] ('v' from em->dim). */
emT lmOneHot(emCtx *em, const char *name, emT ids);

typedef struct {
  emT le, lz, lab; /* exp(logits - max), their sum, one-hot labels */
} lmSaved;

/* Mean cross-entropy of logits [b, s, v] against label ids [b, s]. */
emT lmCrossEntropy(emCtx *em, emT logits, emT labels, int64_t tokens, lmSaved *sv);
/* d(loss)/d(logits) = (softmax - onehot) / tokens. */
emT lmCrossEntropyGrad(emCtx *em, const lmSaved *sv, int64_t tokens);

/* linalg.generic bodies: GELU (tanh form) of %a0, and %a0 times its
 * derivative at %a1. */
extern const char *const lmGeluBody;
extern const char *const lmGeluGradBody;

#endif
