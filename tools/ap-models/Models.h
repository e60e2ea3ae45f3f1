/* The model families and their configuration. */
#ifndef AP_MODELS_MODELS_H
#define AP_MODELS_MODELS_H

#include "Train.h"

typedef struct {
  const char *family;
  int64_t layers, hidden, heads, seq, batch, vocab, ffn;
  int64_t kvHeads; /* Llama's grouped-query attention; 0 = heads */
  int64_t experts, capacity; /* MoE: experts per MoE layer, slots per expert */
  int64_t width; /* Wide-ResNet: width factor of the bottleneck's 3x3 conv */
  bool tiedHead;
  tOptimizer optimizer;
  double lr;
  const char *dtype;
  bool stats;
  bool gradcheck;
} apModelConfig;

int apModelMlp(emCtx *em, const apModelConfig *c);
int apModelGpt(emCtx *em, const apModelConfig *c);
int apModelLlama(emCtx *em, const apModelConfig *c);
/* hidden = base filters, seq = image size, vocab = classes, layers = depth. */
int apModelWideResNet(emCtx *em, const apModelConfig *c);

/* With --stats: the parameter count (and the closed form where there is
 * one) on stderr. */
void apModelReport(const apModelConfig *c, const char *what, double params);

#endif
