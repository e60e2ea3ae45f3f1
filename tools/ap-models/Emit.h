/* A tiny emitter of linalg-on-tensors MLIR text. Every op is a
 * linalg.generic described einsum-style ("bsh,hnd->bsnd"): letters are
 * loops, letters missing from the output are reductions, and each operand's
 * indexing map is the projection onto its letters. That keeps every map a
 * projected permutation, which is what the shard dialect can partition. */
#ifndef AP_MODELS_EMIT_H
#define AP_MODELS_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EM_MAX_RANK 6

typedef struct {
  char name[48];
  int rank;
  int64_t shape[EM_MAX_RANK];
  bool isInt; /* i32 (token ids) instead of the float type */
} emT;

typedef struct {
  FILE *out;
  const char *elt; /* "f32" or "bf16" */
  bool structureOnly; /* no ap.layer attributes, no locations */
  int next;
  int layer;         /* ap.layer of the ops emitted now */
  char scope[48];    /* location prefix, e.g. "L3.attn" */
  double flops;      /* multiply-adds count twice */
  int64_t dim[26];   /* sizes of letters no input binds ('v' of a one-hot) */
} emCtx;

void emInit(emCtx *em, FILE *out, const char *elt, bool structureOnly);

/* Sets the layer and the location prefix of the ops that follow. */
void emScope(emCtx *em, int layer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A function argument %name of the given shape (printed by the caller). */
emT emArg(const char *name, int rank, const int64_t *shape, bool isInt);
/* "tensor<2x3xf32>" */
const char *emType(const emCtx *em, const emT *t, char *buf, int len);

/* The general op: spec "ab,b->a", inputs, and a body. In the body, %a0,
 * %a1, ... are the inputs' elements, %acc the output's, and the last line
 * must be "linalg.yield %x". `init` is the output's starting value for
 * reductions ("0.0", "-3.4e38"), or NULL for element-wise ops. `opName`
 * completes the location: scope.opName. */
emT emGeneric(emCtx *em, const char *opName, const char *spec, int n, const emT *in,
              const char *init, const char *body);

/* Shorthands. */
emT emContract(emCtx *em, const char *opName, const char *spec, emT a, emT b);
emT emMap1(emCtx *em, const char *opName, const char *spec, emT a, const char *body);
emT emMap2(emCtx *em, const char *opName, const char *spec, emT a, emT b, const char *body);
emT emMap3(emCtx *em, const char *opName, const char *spec, emT a, emT b, emT c,
           const char *body);
emT emSum(emCtx *em, const char *opName, const char *spec, emT a);
emT emMax(emCtx *em, const char *opName, const char *spec, emT a);
emT emAdd(emCtx *em, const char *opName, emT a, emT b); /* same shape */
/* A float constant in the body's element type: "%c = arith.constant ...". */
const char *emConst(const emCtx *em, const char *var, double v, char *buf, int len);

/* For emitters of other ops: a fresh SSA name, an op's location and layer
 * trailer, and a body with $T replaced by the element type. */
void emFresh(emCtx *em, emT *t);
void emTrailer(emCtx *em, const char *opName);
void emBody(emCtx *em, const char *body);

/* Windowed ops (EmitWindow.c), for convolutions and pooling; NHWC images,
 * HWIO filters. Their input maps read `h * stride + kh`, which is not a
 * projected permutation: the planner keeps them replicated. */
emT emPad(emCtx *em, const char *opName, emT x, int64_t lo, int64_t hi, double value);
/* out[n,oh,ow,o] = sum x[n, oh*s+kh, ow*s+kw, i] w[kh,kw,i,o] over a padded
 * x; `flipped` reads w[K-1-kh, K-1-kw, o, i] (the input gradient's conv). */
emT emConv(emCtx *em, const char *opName, emT x, emT w, int stride, bool flipped);
/* dw[kh,kw,i,o] = sum x[n, oh*s+kh, ow*s+kw, i] dy[n,oh,ow,o]. */
emT emConvGradW(emCtx *em, const char *opName, emT x, emT dy, int64_t k, int stride);
/* Max over k x k windows of a padded x. */
emT emWindowMax(emCtx *em, const char *opName, emT x, int64_t k, int stride);
/* dy routed to the window positions of x that equal their window's max y:
 * [n,oh,ow,c,kh,kw]. */
emT emWindowArgmaxGrad(emCtx *em, const char *opName, emT x, emT y, emT dy, int64_t k,
                       int stride);
/* A zero tensor of `x`'s rank with `shape`, holding x from (offH, offW) in
 * the two spatial dims, `stride` apart (dilation for strided windows). */
emT emScatterSpatial(emCtx *em, const char *opName, emT x, const int64_t *shape,
                     int64_t offH, int64_t offW, int stride);
/* x[:, lo:lo+h, lo:lo+w, :] */
emT emCropSpatial(emCtx *em, const char *opName, emT x, int64_t lo, int64_t h, int64_t w);
/* The [n,oh,ow,c] slice at (kh, kw) of a [n,oh,ow,c,kh,kw] tensor. */
emT emWindowSlice(emCtx *em, const char *opName, emT x, int64_t kh, int64_t kw);

#endif
