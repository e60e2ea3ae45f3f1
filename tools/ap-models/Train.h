/* What every family's training step shares: the parameter list, the
 * function signature (parameters, optimizer state, data; loss and updated
 * state out, each argument aliasing its update as JAX's donated state does)
 * and the optimizer update. */
#ifndef AP_MODELS_TRAIN_H
#define AP_MODELS_TRAIN_H

#include "Emit.h"

typedef enum { OPT_SGD, OPT_ADAM } tOptimizer;

typedef struct {
  char name[40];
  emT value;   /* the argument */
  emT grad;    /* accumulated gradient, once hasGrad */
  bool hasGrad;
  int layer;
} tParam;

typedef struct {
  tParam *p;
  int n, cap;
  emT data[4];
  const char *dataName[4];
  int numData;
  tOptimizer opt;
  double lr;
  double count; /* number of parameters */
  bool gradcheck; /* also emit the finite-difference @main */
} tStep;

int tParamAdd(tStep *s, const char *name, int layer, int rank, const int64_t *shape);
void tDataAdd(tStep *s, const char *name, int rank, const int64_t *shape, bool isInt);
/* Adds g into the parameter's gradient (summing when used twice). */
void tGrad(emCtx *em, tStep *s, int param, emT g);
/* The func.func line. */
void tHeader(emCtx *em, const tStep *s);
/* The optimizer update of every parameter, the return and the closing. */
void tFinish(emCtx *em, tStep *s, emT loss);
void tFree(tStep *s);
/* The @main of --gradcheck (SGD steps only). */
void tEmitGradCheck(emCtx *em, const tStep *s);

#endif
