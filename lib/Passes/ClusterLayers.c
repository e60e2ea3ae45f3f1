/* --ap-cluster-layers: `ap.layer` for a step that has none, so pipeline
 * planning can cut it (Alpa's layer clustering, simplified). The forward
 * pass is what the loss depends on (the step's first rank-0 result); its
 * compute ops are cut, in program order, into `layers` runs of about equal
 * FLOPs. Every other compute op (backward, optimizer) joins the latest
 * layer among the forward activations it reads, else among the parameters
 * (a parameter belongs to the layer that first reads it), but never a
 * later layer than the gradients it reads: the backward pass then only
 * moves towards earlier layers, and a pipeline cut is crossed once each
 * way. Reshapes and slices take the layer of what they read, so their
 * readers see through them; empties, fills and constants get none: they
 * follow their users. */
#include "ClusterLayers.h"

#include "IrText.h"
#include "PassCommon.h"

#include "ap/PtrMap.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static const apPassOptionInfo options[] = {
    {"layers", AP_OPT_INT, "0", "layers to form (default: one per forward contraction, <= 32)"},
    {NULL, 0, NULL, NULL},
};

typedef struct {
  int numOps, numArgs;
  MlirOperation *ops;
  int *layer;   /* per op, -1 for none */
  int *argLayer;
  bool *forward;
  bool *argDep; /* reads a function argument, transitively */
  double *flops;
  apPtrMap opIndex; /* op pointer -> index in ops */
} apClu;

static int opIndexOf(const apClu *c, MlirValue v, int *arg) {
  *arg = -1;
  if (mlirValueIsABlockArgument(v)) {
    *arg = (int)mlirBlockArgumentGetArgNumber(v);
    return -1;
  }
  return apPtrMapGet(&c->opIndex, mlirOpResultGetOwner(v).ptr);
}

static bool isCompute(MlirOperation op) {
  return mlirOperationGetNumRegions(op) > 0 && !apOpNameIs(op, "linalg.fill") &&
         mlirOperationGetNumResults(op) > 0 &&
         mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetResult(op, 0)));
}

static MlirWalkResult countBody(MlirOperation op, void *user) {
  (void)op;
  ++*(int *)user;
  return MlirWalkResultAdvance;
}

/* Iterations times the body's ops, from the indexing maps and shapes. */
static double flopsOf(MlirOperation op) {
  MlirAttribute maps = mlirOperationGetAttributeByName(op, apStr("indexing_maps"));
  double iters = 1;
  if (!mlirAttributeIsNull(maps)) {
    int64_t loop[16] = {0};
    intptr_t n = mlirArrayAttrGetNumElements(maps);
    for (intptr_t k = 0; k < n && k < mlirOperationGetNumOperands(op); ++k) {
      MlirType t = mlirValueGetType(mlirOperationGetOperand(op, k));
      if (!mlirTypeIsARankedTensor(t))
        continue;
      MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, k));
      for (intptr_t j = 0; j < mlirAffineMapGetNumResults(m); ++j) {
        MlirAffineExpr e = mlirAffineMapGetResult(m, j);
        if (mlirAffineExprIsADim(e) && mlirAffineDimExprGetPosition(e) < 16)
          loop[mlirAffineDimExprGetPosition(e)] = mlirShapedTypeGetDimSize(t, j);
      }
    }
    for (int l = 0; l < 16; ++l)
      if (loop[l] > 0)
        iters *= (double)loop[l];
  } else {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
    for (intptr_t d = 0; d < mlirShapedTypeGetRank(t); ++d)
      iters *= (double)mlirShapedTypeGetDimSize(t, d);
  }
  int body = -1; /* the walk counts op itself */
  mlirOperationWalk(op, countBody, &body, MlirWalkPreOrder);
  return iters * (body > 1 ? body - 1 : 1);
}

static void markForward(apClu *c, int i) {
  if (i < 0 || c->forward[i])
    return;
  c->forward[i] = true;
  MlirOperation op = c->ops[i];
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
    int arg;
    markForward(c, opIndexOf(c, mlirOperationGetOperand(op, k), &arg));
  }
}

/* Whether op i reads the result of an op with a layer. */
static bool readsLayer(const apClu *c, int i) {
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(c->ops[i]); ++k) {
    int arg, d = opIndexOf(c, mlirOperationGetOperand(c->ops[i], k), &arg);
    if (d >= 0 && c->layer[d] >= 0)
      return true;
  }
  return false;
}

int apClusterLayers(MlirOperation func, int layers) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  apClu c = {0};
  c.numArgs = (int)mlirBlockGetNumArguments(body);
  MlirOperation ret = {NULL};
  int cap = 0;
  MlirContext ctx = mlirOperationGetContext(func);
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (apOpNameIs(op, "func.return")) {
      ret = op;
      break;
    }
    if (c.numOps == cap) {
      cap = cap ? 2 * cap : 256;
      c.ops = realloc(c.ops, sizeof(MlirOperation) * (size_t)cap);
      if (!c.ops)
        abort();
    }
    c.ops[c.numOps++] = op;
  }
  if (!apPtrMapInit(&c.opIndex, (size_t)c.numOps))
    abort();
  for (int i = 0; i < c.numOps; ++i)
    apPtrMapPut(&c.opIndex, c.ops[i].ptr, i);
  int made = -1;
  c.layer = malloc(sizeof(int) * (size_t)(c.numOps + 1));
  c.argLayer = malloc(sizeof(int) * (size_t)(c.numArgs + 1));
  c.forward = calloc((size_t)c.numOps + 1, sizeof(bool));
  c.flops = calloc((size_t)c.numOps + 1, sizeof(double));
  c.argDep = calloc((size_t)c.numOps + 1, sizeof(bool));
  if (!c.layer || !c.argLayer || !c.forward || !c.flops || !c.argDep)
    abort();
  for (int i = 0; i < c.numOps; ++i)
    c.layer[i] = -1;
  for (int a = 0; a < c.numArgs; ++a)
    c.argLayer[a] = -1;
  /* The loss: the first rank-0 tensor result. */
  int loss = -1;
  for (intptr_t r = 0; !mlirOperationIsNull(ret) && r < mlirOperationGetNumOperands(ret); ++r) {
    MlirValue v = mlirOperationGetOperand(ret, r);
    MlirType t = mlirValueGetType(v);
    int arg;
    if (mlirTypeIsARankedTensor(t) && mlirShapedTypeGetRank(t) == 0 &&
        (loss = opIndexOf(&c, v, &arg)) >= 0)
      break;
  }
  if (loss < 0) {
    mlirEmitError(mlirOperationGetLocation(func),
                  "ap-cluster-layers: no rank-0 result (the loss) to tell the forward pass "
                  "from the backward; annotate the ops with ap.layer");
    goto out;
  }
  markForward(&c, loss);
  for (int i = 0; i < c.numOps; ++i)
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(c.ops[i]); ++k) {
      int arg, d = opIndexOf(&c, mlirOperationGetOperand(c.ops[i], k), &arg);
      c.argDep[i] |= arg >= 0 || (d >= 0 && c.argDep[d]);
    }
  double total = 0;
  int heavy = 0, compute = 0;
  for (int i = 0; i < c.numOps; ++i) {
    if (!c.forward[i] || !isCompute(c.ops[i]))
      continue;
    c.flops[i] = flopsOf(c.ops[i]);
    total += c.flops[i];
    ++compute;
    /* A contraction: two inputs and a reduction loop. */
    MlirAttribute it = mlirOperationGetAttributeByName(c.ops[i], apStr("iterator_types"));
    apBuf b = {0};
    if (!mlirAttributeIsNull(it))
      apBufAttr(&b, it);
    heavy += b.data && strstr(b.data, "reduction") && mlirOperationGetNumOperands(c.ops[i]) >= 3;
    apBufFree(&b);
  }
  if (layers <= 0)
    layers = heavy < 1 ? 1 : heavy > 32 ? 32 : heavy;
  if (layers > compute)
    layers = compute;
  if (layers < 1) {
    mlirEmitError(mlirOperationGetLocation(func),
                  "ap-cluster-layers: the loss depends on no compute op");
    goto out;
  }
  /* Forward: contiguous runs of about total/layers FLOPs each. */
  double cum = 0;
  int cur = 0, left = compute;
  for (int i = 0; i < c.numOps; ++i) {
    if (!c.forward[i] || !isCompute(c.ops[i]))
      continue;
    /* Keep at least one op for each layer still to come. */
    if (cur < layers - 1 && cum >= total * (cur + 1) / layers && left >= layers - cur)
      ++cur;
    if (left < layers - cur)
      ++cur;
    c.layer[i] = cur;
    cum += c.flops[i];
    --left;
    MlirOperation op = c.ops[i];
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
      int arg;
      opIndexOf(&c, mlirOperationGetOperand(op, k), &arg);
      if (arg >= 0 && c.argLayer[arg] < 0)
        c.argLayer[arg] = cur;
    }
  }
  /* Forward reshapes, slices and the like: the latest layer they read, so
   * their readers see through them. */
  for (int i = 0; i < c.numOps; ++i) {
    if (!c.forward[i] || isCompute(c.ops[i]))
      continue;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(c.ops[i]); ++k) {
      int arg, d = opIndexOf(&c, mlirOperationGetOperand(c.ops[i], k), &arg);
      if (d >= 0 && c.argDep[d] && c.layer[d] > c.layer[i])
        c.layer[i] = c.layer[d];
    }
  }
  /* The rest: the latest forward activation read, else the latest
   * parameter, else its gradient inputs' layer; never above a gradient
   * input's layer, so the backward pass only moves to earlier layers.
   * Reshapes and slices of gradients too (else their readers would not see
   * the gradient's layer); what reads no layer at all (empties, fills,
   * constants) gets none. */
  for (int i = 0; i < c.numOps; ++i) {
    if (c.forward[i] || (!isCompute(c.ops[i]) && !readsLayer(&c, i)))
      continue;
    MlirOperation op = c.ops[i];
    int act = -1, par = -1, bwd = INT_MAX;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
      int arg, d = opIndexOf(&c, mlirOperationGetOperand(op, k), &arg);
      if (arg >= 0 && c.argLayer[arg] > par)
        par = c.argLayer[arg];
      else if (d >= 0 && c.layer[d] >= 0 && c.forward[d] && c.argDep[d] && c.layer[d] > act)
        act = c.layer[d]; /* not tables every layer shares (masks, rotary) */
      else if (d >= 0 && c.layer[d] >= 0 && !c.forward[d] && c.argDep[d] && c.layer[d] < bwd)
        bwd = c.layer[d];
    }
    int l = act >= 0 ? act : par >= 0 ? par : bwd < INT_MAX ? bwd : layers - 1;
    c.layer[i] = l > bwd ? bwd : l;
  }
  for (int i = 0; i < c.numOps; ++i)
    if (c.layer[i] >= 0)
      mlirOperationSetAttributeByName(c.ops[i], apStr("ap.layer"),
                                      mlirIntegerAttrGet(i64, c.layer[i]));
  made = layers;
out:
  apPtrMapFree(&c.opIndex);
  free(c.ops);
  free(c.layer);
  free(c.argLayer);
  free(c.forward);
  free(c.flops);
  free(c.argDep);
  return made;
}

static MlirWalkResult hasLayer(MlirOperation op, void *user) {
  if (!mlirAttributeIsNull(mlirOperationGetAttributeByName(op, apStr("ap.layer")))) {
    *(bool *)user = true;
    return MlirWalkResultInterrupt;
  }
  return MlirWalkResultAdvance;
}

bool apFuncHasLayers(MlirOperation func) {
  bool found = false;
  mlirOperationWalk(func, hasLayer, &found, MlirWalkPreOrder);
  return found;
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!apOpNameIs(op, "func.func") ||
        mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))) ||
        !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, apStr("sym_visibility"))))
      continue;
    if (apClusterLayers(op, apOptInt(opts, "layers")) < 0) {
      mlirExternalPassSignalFailure(pass);
      return;
    }
  }
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apClusterLayersPassInfo, run, o, onError, user);
}

const apPassInfo apClusterLayersPassInfo = {
    "ap-cluster-layers",
    "Give the ops of a step without ap.layer layers of about equal forward FLOPs (Alpa's layer "
    "clustering), backward and optimizer ops joining their forward layer",
    options, create, NULL};
