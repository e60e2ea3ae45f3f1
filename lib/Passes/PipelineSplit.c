/* --pipeline-partition, the split: which stage, phase and wave every op of
 * the step belongs to, and one function per (stage, phase, wave) task.
 *
 * Micro-batching follows the data: `ap.role = "data"` arguments carry the
 * batch in dim 0, and linalg indexing maps carry it from operands to
 * results. An op reading the batch runs once per micro-batch (MB); one that
 * drops the batch loop must sum over it (a loss, a weight gradient), so its
 * results are accumulated across micro-batches, and the ops that read those
 * sums (loss scaling, optimizer updates) run once after (POST). Because the
 * step's constants are those of the full batch, the summed micro-batch
 * partials equal the full-batch values exactly (up to rounding). An op that
 * mixes a batch sum back into per-sample data (batch norm's statistics)
 * couples the micro-batches: an error unless there is one micro-batch.
 *
 * Waves order the tasks of one micro-batch: an op's wave is the largest of
 * its producers' waves, plus one when the producer is on another stage. On
 * a training step stage s runs its forward in wave s and its backward in
 * wave 2(P-1)-s; the last stage does both in one wave. */
#include "PipelineSplit.h"

#include "ap/Analysis.h"

#include "IrText.h"
#include "PassCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p)
    abort();
  return p;
}

/* An error at op; false, to return. */
#define opError(op, ...) (apEmitOpError((op), __VA_ARGS__), false)

/* Value ids: arguments first, then op results in order. */
static void indexOps(apPp *pp) {
  if (!apPtrMapInit(&pp->opIndex, (size_t)pp->numOps))
    abort();
  pp->resultBase = xcalloc((size_t)pp->numOps + 1, sizeof(int));
  for (int i = 0, base = pp->numArgs; i < pp->numOps; ++i) {
    pp->resultBase[i] = base;
    base += (int)mlirOperationGetNumResults(pp->ops[i].op);
    apPtrMapPut(&pp->opIndex, pp->ops[i].op.ptr, i);
  }
}

int apPpValueId(const apPp *pp, MlirValue v) {
  if (mlirValueIsABlockArgument(v)) {
    MlirBlock b = mlirBlockArgumentGetOwner(v);
    MlirRegion body = mlirOperationGetRegion(pp->func, 0);
    if (!mlirBlockEqual(b, mlirRegionGetFirstBlock(body)))
      return -1;
    return (int)mlirBlockArgumentGetArgNumber(v);
  }
  int i = apPtrMapGet(&pp->opIndex, mlirOpResultGetOwner(v).ptr);
  return i < 0 ? -1 : pp->resultBase[i] + (int)mlirOpResultGetResultNumber(v);
}
#define valueId apPpValueId

static int64_t layerOf(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, apStr("ap.layer"));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a)
                                                               : -1;
}

static bool isDataArg(MlirOperation func, int i) {
  MlirAttribute all = mlirOperationGetAttributeByName(func, apStr("arg_attrs"));
  if (mlirAttributeIsNull(all) || i >= mlirArrayAttrGetNumElements(all))
    return false;
  MlirAttribute d = mlirArrayAttrGetElement(all, i);
  MlirAttribute role = mlirDictionaryAttrGetElementByName(d, apStr("ap.role"));
  if (mlirAttributeIsNull(role) || !mlirAttributeIsAString(role))
    return false;
  MlirStringRef s = mlirStringAttrGetValue(role);
  return s.length == 4 && !strncmp(s.data, "data", 4);
}

/* Whether linalg op `op` reads loop `loop` through linalg.index. */
static MlirWalkResult findIndex(MlirOperation op, void *user) {
  int *loop = user;
  if (apOpNameIs(op, "linalg.index")) {
    MlirAttribute d = mlirOperationGetAttributeByName(op, apStr("dim"));
    if (!mlirAttributeIsNull(d) && mlirIntegerAttrGetValueInt(d) == *loop) {
      *loop = -2;
      return MlirWalkResultInterrupt;
    }
  }
  return MlirWalkResultAdvance;
}

/* Whether result r of generic `op` is a sum: yield r is an add of the
 * output's block argument. */
static bool isSumReduction(MlirOperation op, int numInputs, int r) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation term = mlirBlockGetTerminator(body);
  if (mlirOperationIsNull(term) || r >= mlirOperationGetNumOperands(term))
    return false;
  MlirValue y = mlirOperationGetOperand(term, r);
  if (!mlirValueIsAOpResult(y))
    return false;
  MlirOperation add = mlirOpResultGetOwner(y);
  if (!apOpNameIs(add, "arith.addf") && !apOpNameIs(add, "arith.addi"))
    return false;
  MlirValue acc = mlirBlockGetArgument(body, numInputs + r);
  return mlirValueEqual(mlirOperationGetOperand(add, 0), acc) ||
         mlirValueEqual(mlirOperationGetOperand(add, 1), acc);
}

static int numInputsOf(MlirOperation op) {
  MlirAttribute seg = mlirOperationGetAttributeByName(op, apStr("operandSegmentSizes"));
  if (mlirAttributeIsNull(seg))
    return (int)mlirOperationGetNumOperands(op) - (int)mlirOperationGetNumResults(op);
  return (int)mlirDenseI32ArrayGetElement(seg, 0);
}

/* The batch loop of a generic and its results' batch dims. */
static bool batchOfGeneric(apPp *pp, int i) {
  apPpOp *o = &pp->ops[i];
  MlirOperation op = o->op;
  MlirAttribute maps = mlirOperationGetAttributeByName(op, apStr("indexing_maps"));
  int nIn = numInputsOf(op);
  o->batchLoop = -1;
  for (int k = 0; k < nIn; ++k) {
    int v = valueId(pp, mlirOperationGetOperand(op, k));
    if (v < 0 || pp->values[v].batchDim < 0)
      continue;
    MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, k));
    MlirAffineExpr e = mlirAffineMapGetResult(m, pp->values[v].batchDim);
    if (!mlirAffineExprIsADim(e))
      return opError(op, "pipeline-partition: operand #%d indexes its batch dimension with a "
                         "compound expression; micro-batching cannot slice it", k);
    int loop = (int)mlirAffineDimExprGetPosition(e);
    if (o->batchLoop >= 0 && o->batchLoop != loop)
      return opError(op, "pipeline-partition: two loops run over the batch");
    o->batchLoop = loop;
  }
  if (o->batchLoop < 0)
    return true;
  if (pp->microBatches > 1) {
    int loop = o->batchLoop;
    mlirOperationWalk(op, findIndex, &loop, MlirWalkPreOrder);
    if (loop == -2)
      return opError(op, "pipeline-partition: the body reads the batch position "
                         "(linalg.index); micro-batches would see other positions");
  }
  for (int r = 0; r < (int)mlirOperationGetNumResults(op); ++r) {
    MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, nIn + r));
    int pos = -1;
    for (intptr_t j = 0; j < mlirAffineMapGetNumResults(m); ++j) {
      MlirAffineExpr e = mlirAffineMapGetResult(m, j);
      if (mlirAffineExprIsADim(e) && (int)mlirAffineDimExprGetPosition(e) == o->batchLoop)
        pos = (int)j;
      else if (!mlirAffineExprIsADim(e) && mlirAffineExprIsFunctionOfDim(e, o->batchLoop))
        return opError(op, "pipeline-partition: result #%d indexes the batch with a compound "
                           "expression", r);
    }
    int v = valueId(pp, mlirOperationGetResult(op, r));
    pp->values[v].batchDim = pos;
    if (pos < 0) {
      if (!isSumReduction(op, nIn, r))
        return opError(op, "pipeline-partition: result #%d reduces over the batch with "
                           "something other than a sum; micro-batches cannot be accumulated", r);
      pp->values[v].acc = true;
    }
  }
  return true;
}

/* tensor.pad that leaves the batch dim unpadded keeps it in place. */
static bool batchOfPad(apPp *pp, int i) {
  MlirOperation op = pp->ops[i].op;
  int v = valueId(pp, mlirOperationGetOperand(op, 0));
  int d = v >= 0 ? pp->values[v].batchDim : -1;
  MlirAttribute lo = mlirOperationGetAttributeByName(op, apStr("static_low"));
  MlirAttribute hi = mlirOperationGetAttributeByName(op, apStr("static_high"));
  if (d < 0 || mlirAttributeIsNull(lo) || mlirAttributeIsNull(hi) ||
      mlirDenseI64ArrayGetElement(lo, d) != 0 || mlirDenseI64ArrayGetElement(hi, d) != 0)
    return opError(op, "pipeline-partition: tensor.pad pads the batch (or reads it other than "
                       "as its source); micro-batching cannot slice it");
  pp->values[valueId(pp, mlirOperationGetResult(op, 0))].batchDim = d;
  return true;
}

/* The batch dim of op's operand k, or -1 (no id, or no batch). */
static int operandBatch(apPp *pp, MlirOperation op, intptr_t k) {
  int v = valueId(pp, mlirOperationGetOperand(op, k));
  return v >= 0 ? pp->values[v].batchDim : -1;
}

static void setResultBatch(apPp *pp, MlirOperation op, int d) {
  pp->values[valueId(pp, mlirOperationGetResult(op, 0))].batchDim = d;
}

static int64_t dimAt(MlirAttribute dims, intptr_t j) {
  return mlirIntegerAttrGetValueInt(mlirArrayAttrGetElement(dims, j));
}

/* Reshapes keep the batch where it leads its reassociation group (unit
 * dims aside): then the micro-batches' slices of one side are contiguous
 * slices of the other. Collapsing [B, S, H] to [B S, H] keeps it in dim 0;
 * expanding [B S, H] to [B, S, H] too, when the micro-batches divide B. */
static bool batchOfReshape(apPp *pp, int i) {
  MlirOperation op = pp->ops[i].op;
  int d = operandBatch(pp, op, 0), g = -1;
  MlirAttribute re = mlirOperationGetAttributeByName(op, apStr("reassociation"));
  MlirType st = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (apOpNameIs(op, "tensor.collapse_shape")) {
    /* Result dim k joins group k's source dims: the batch's, if only unit
     * dims come before it there. */
    for (intptr_t k = 0; g < 0 && k < mlirArrayAttrGetNumElements(re); ++k) {
      MlirAttribute dims = mlirArrayAttrGetElement(re, k);
      for (intptr_t j = 0; j < mlirArrayAttrGetNumElements(dims); ++j) {
        if (dimAt(dims, j) == d)
          g = (int)k;
        if (dimAt(dims, j) == d || mlirShapedTypeGetDimSize(st, dimAt(dims, j)) != 1)
          break;
      }
    }
  } else if (d >= 0) {
    /* Source dim d splits into group d's result dims: the batch goes to
     * the first that is not a unit one. */
    MlirAttribute dims = mlirArrayAttrGetElement(re, d);
    intptr_t j = 0;
    while (j + 1 < mlirArrayAttrGetNumElements(dims) &&
           mlirShapedTypeGetDimSize(rt, dimAt(dims, j)) == 1)
      ++j;
    g = (int)dimAt(dims, j);
    if (mlirShapedTypeGetDimSize(rt, g) % pp->microBatches)
      return opError(op, "pipeline-partition: the batch's part of this reshape (dim %d, size "
                         "%lld) does not divide into %d micro-batches", g,
                     (long long)mlirShapedTypeGetDimSize(rt, g), pp->microBatches);
  }
  if (g < 0)
    return opError(op, "pipeline-partition: this reshape folds the batch into another dim "
                       "behind it; micro-batching cannot slice it");
  setResultBatch(pp, op, g);
  return true;
}

/* extract_slice taking the whole batch dim keeps it (no rank reduction). */
static bool batchOfExtract(apPp *pp, int i) {
  MlirOperation op = pp->ops[i].op;
  int d = operandBatch(pp, op, 0);
  MlirType st = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType rt = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirAttribute off = mlirOperationGetAttributeByName(op, apStr("static_offsets"));
  MlirAttribute size = mlirOperationGetAttributeByName(op, apStr("static_sizes"));
  MlirAttribute stride = mlirOperationGetAttributeByName(op, apStr("static_strides"));
  if (d < 0 || mlirOperationGetNumOperands(op) != 1 ||
      mlirShapedTypeGetRank(st) != mlirShapedTypeGetRank(rt) ||
      mlirDenseI64ArrayGetElement(off, d) != 0 || mlirDenseI64ArrayGetElement(stride, d) != 1 ||
      mlirDenseI64ArrayGetElement(size, d) != mlirShapedTypeGetDimSize(st, d))
    return opError(op, "pipeline-partition: this slice cuts into the batch (or reads it other "
                       "than as its source); micro-batching cannot slice it");
  setResultBatch(pp, op, d);
  return true;
}

/* concat along another dim than the batch: every operand's batch there. */
static bool batchOfConcat(apPp *pp, int i) {
  MlirOperation op = pp->ops[i].op;
  MlirAttribute dimA = mlirOperationGetAttributeByName(op, apStr("dim"));
  int d = operandBatch(pp, op, 0);
  bool ok = d >= 0 && mlirIntegerAttrGetValueInt(dimA) != d;
  for (intptr_t k = 1; ok && k < mlirOperationGetNumOperands(op); ++k)
    ok = operandBatch(pp, op, k) == d;
  if (!ok)
    return opError(op, "pipeline-partition: this concat joins along the batch, or its operands "
                       "hold the batch in different dims; micro-batching cannot slice it");
  setResultBatch(pp, op, d);
  return true;
}

MlirType apPpShrink(const apPp *pp, MlirType t, int d) {
  intptr_t rank = mlirShapedTypeGetRank(t);
  int64_t shape[16];
  for (intptr_t i = 0; i < rank && i < 16; ++i)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  shape[d] /= pp->microBatches;
  return mlirRankedTensorTypeGet(rank, shape, mlirShapedTypeGetElementType(t),
                                 mlirRankedTensorTypeGetEncoding(t));
}

MlirType apPpOperandTypeFor(MlirOperation op, intptr_t k, MlirType orig, MlirType want) {
  MlirType ot = mlirValueGetType(mlirOperationGetOperand(op, k));
  if (apOpNameIs(op, "linalg.fill"))
    return k == mlirOperationGetNumOperands(op) - 1 ? want : ot;
  if (!apOpNameIs(op, "linalg.generic") || mlirOperationGetNumResults(op) != 1)
    return mlirTypeEqual(orig, want) ? ot : (MlirType){NULL};
  if (!mlirTypeIsARankedTensor(ot))
    return ot;
  MlirAttribute maps = mlirOperationGetAttributeByName(op, apStr("indexing_maps"));
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirAffineMap out = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, n - 1));
  MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, k));
  intptr_t rank = mlirShapedTypeGetRank(ot);
  int64_t shape[16];
  if (rank > 16)
    return (MlirType){NULL};
  for (intptr_t j = 0; j < rank; ++j)
    shape[j] = mlirShapedTypeGetDimSize(ot, j);
  for (intptr_t d = 0; d < mlirShapedTypeGetRank(want); ++d) {
    int64_t size = mlirShapedTypeGetDimSize(want, d);
    if (size == mlirShapedTypeGetDimSize(orig, d))
      continue;
    MlirAffineExpr e = mlirAffineMapGetResult(out, d);
    if (!mlirAffineExprIsADim(e))
      return (MlirType){NULL};
    intptr_t loop = mlirAffineDimExprGetPosition(e);
    for (intptr_t j = 0; j < rank; ++j) {
      MlirAffineExpr f = mlirAffineMapGetResult(m, j);
      if (mlirAffineExprIsADim(f) && mlirAffineDimExprGetPosition(f) == loop)
        shape[j] = size;
      else if (mlirAffineExprIsFunctionOfDim(f, loop))
        return (MlirType){NULL}; /* a window over the batch */
    }
  }
  return mlirRankedTensorTypeGet(rank, shape, mlirShapedTypeGetElementType(ot),
                                 mlirRankedTensorTypeGetEncoding(ot));
}

bool apPpRebuildable(const apPp *pp, int v, MlirType want) {
  const apPpValue *val = &pp->values[v];
  MlirType orig = mlirValueGetType(val->v);
  if (mlirTypeEqual(orig, want))
    return true;
  if (val->def < 0 || pp->ops[val->def].kind != AP_PP_REMAT)
    return false;
  MlirOperation op = pp->ops[val->def].op;
  if (apOpNameIs(op, "tensor.empty"))
    return true;
  if (apOpNameIs(op, "arith.constant"))
    return apIsSplatConstant(op);
  if (!apOpNameIs(op, "linalg.fill") && !apOpNameIs(op, "linalg.generic"))
    return false;
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
    int u = valueId(pp, mlirOperationGetOperand(op, k));
    MlirType t = apPpOperandTypeFor(op, k, orig, want);
    if (mlirTypeIsNull(t) || (u >= 0 && !apPpRebuildable(pp, u, t)))
      return false;
  }
  return true;
}

/* Where an op that reads the batch keeps it. With one micro-batch nothing
 * is sliced: results just count as data (scalars as sums), for the kinds. */
static bool batchOfOp(apPp *pp, int i) {
  MlirOperation op = pp->ops[i].op;
  if (pp->microBatches == 1) {
    pp->ops[i].batchLoop = -1;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
      apPpValue *v = &pp->values[valueId(pp, mlirOperationGetResult(op, r))];
      MlirType t = mlirValueGetType(v->v);
      bool ranked = mlirTypeIsARankedTensor(t) && mlirShapedTypeGetRank(t) > 0;
      v->batchDim = ranked ? 0 : -1;
      v->acc = !ranked;
    }
    return true;
  }
  if (apOpNameIs(op, "linalg.generic"))
    return batchOfGeneric(pp, i);
  if (apOpNameIs(op, "tensor.pad"))
    return batchOfPad(pp, i);
  if (apOpNameIs(op, "tensor.collapse_shape") || apOpNameIs(op, "tensor.expand_shape"))
    return batchOfReshape(pp, i);
  if (apOpNameIs(op, "tensor.extract_slice"))
    return batchOfExtract(pp, i);
  if (apOpNameIs(op, "tensor.concat"))
    return batchOfConcat(pp, i);
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return opError(op, "pipeline-partition: '%.*s' reads the batch; micro-batching handles "
                     "linalg.generic, tensor.pad, expand_shape, collapse_shape, extract_slice "
                     "and concat only (run --linalg-generalize-named-ops first, or use "
                     "micro-batches=1)",
                 (int)n.length, n.data);
}

static bool addUseTask(apPpValue *v, int t) {
  for (int k = 0; k < v->numUseTasks; ++k)
    if (v->useTasks[k] == t)
      return true;
  int *p = realloc(v->useTasks, sizeof(int) * (size_t)(v->numUseTasks + 1));
  if (!p)
    abort();
  v->useTasks = p;
  v->useTasks[v->numUseTasks++] = t;
  return true;
}

static int stageOfLayer(const apPp *pp, int64_t layer) {
  for (int s = 0; s < pp->numStages; ++s)
    if (layer >= pp->stages[s].firstLayer && layer <= pp->stages[s].lastLayer)
      return s;
  return -1;
}

static int findTask(apPp *pp, apPpKind kind, int stage, int wave) {
  for (int t = 0; t < pp->numTasks; ++t)
    if (pp->tasks[t].kind == kind && pp->tasks[t].stage == stage && pp->tasks[t].wave == wave)
      return t;
  return -1;
}

/* Task t reads v: an input unless t makes it; remat values are rebuilt in
 * the task, so what they read is needed instead. */
static void needValue(apPp *pp, int t, int v) {
  if (v < 0 || pp->values[v].task == t)
    return;
  int d = pp->values[v].def;
  if (d >= 0 && pp->ops[d].kind == AP_PP_REMAT) {
    MlirOperation op = pp->ops[d].op;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k)
      needValue(pp, t, valueId(pp, mlirOperationGetOperand(op, k)));
    return;
  }
  apPpTask *task = &pp->tasks[t];
  for (int j = 0; j < task->numIn; ++j)
    if (task->in[j] == v)
      return;
  task->in = realloc(task->in, sizeof(int) * (size_t)(task->numIn + 1));
  if (!task->in)
    abort();
  task->in[task->numIn++] = v;
  addUseTask(&pp->values[v], t);
}

/* The values each task reads from outside and those it hands on. */
static void taskInterfaces(apPp *pp) {
  for (int i = 0; i < pp->numOps; ++i) {
    if (pp->ops[i].kind == AP_PP_REMAT)
      continue;
    MlirOperation op = pp->ops[i].op;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k)
      needValue(pp, pp->ops[i].task, valueId(pp, mlirOperationGetOperand(op, k)));
  }
  for (int v = 0; v < pp->numValues; ++v) {
    apPpValue *val = &pp->values[v];
    if (val->task < 0 || (!val->numUseTasks && !val->returned))
      continue;
    apPpTask *task = &pp->tasks[val->task];
    task->out = realloc(task->out, sizeof(int) * (size_t)(task->numOut + 1));
    if (!task->out)
      abort();
    task->out[task->numOut++] = v;
  }
}

typedef struct {
  MlirOperation func;
  int n, cap;
  MlirOperation *user; /* nested ops reading a value of the step's body */
  int *operand;
  MlirOperation bad; /* first one reading something other than a constant */
} apCaptures;

static MlirWalkResult findCapture(MlirOperation op, void *arg) {
  apCaptures *c = arg;
  MlirOperation parent = mlirOperationGetParentOperation(op);
  if (mlirOperationEqual(op, c->func) || mlirOperationEqual(parent, c->func))
    return MlirWalkResultAdvance; /* the step's own ops read its values */
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
    MlirValue v = mlirOperationGetOperand(op, k);
    MlirOperation owner = mlirValueIsAOpResult(v) ? mlirOpResultGetOwner(v)
                                                  : mlirBlockGetParentOperation(
                                                        mlirBlockArgumentGetOwner(v));
    MlirOperation where = mlirValueIsAOpResult(v) ? mlirOperationGetParentOperation(owner) : owner;
    if (!mlirOperationEqual(where, c->func))
      continue; /* defined inside the region tree */
    bool constant = mlirValueIsAOpResult(v) && mlirOperationGetNumOperands(owner) == 0 &&
                    mlirOperationGetNumRegions(owner) == 0 && apOpNameIs(owner, "arith.constant");
    if (!constant) {
      if (mlirOperationIsNull(c->bad))
        c->bad = op;
      continue;
    }
    if (c->n == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 16;
      c->user = realloc(c->user, sizeof(MlirOperation) * (size_t)c->cap);
      c->operand = realloc(c->operand, sizeof(int) * (size_t)c->cap);
      if (!c->user || !c->operand)
        abort();
    }
    c->user[c->n] = op;
    c->operand[c->n++] = (int)k;
  }
  return MlirWalkResultAdvance;
}

/* A region reading a constant of the step's body (as --canonicalize leaves
 * linalg bodies) gets its own copy: tasks carry an op's operands, not what
 * its body captures. Anything else captured is an error at the reader. */
static bool sinkCapturedConstants(MlirOperation func) {
  apCaptures c = {.func = func};
  mlirOperationWalk(func, findCapture, &c, MlirWalkPreOrder);
  for (int i = 0; i < c.n; ++i) {
    MlirOperation owner = mlirOpResultGetOwner(mlirOperationGetOperand(c.user[i], c.operand[i]));
    MlirOperation copy = mlirOperationClone(owner);
    mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(c.user[i]), c.user[i], copy);
    mlirOperationSetOperand(c.user[i], c.operand[i], mlirOperationGetResult(copy, 0));
  }
  free(c.user);
  free(c.operand);
  if (!mlirOperationIsNull(c.bad))
    return opError(c.bad, "pipeline-partition: this op reads a value of the step's body from "
                          "inside a region; only constants can be read that way");
  return true;
}

bool apPpAnalyze(apPp *pp) {
  if (!sinkCapturedConstants(pp->func))
    return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(pp->func, 0));
  pp->numArgs = (int)mlirBlockGetNumArguments(body);
  int cap = 0, numValues = pp->numArgs;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (apOpNameIs(op, "func.return")) {
      pp->ret = op;
      break;
    }
    if (pp->numOps == cap) {
      cap = cap ? 2 * cap : 256;
      pp->ops = realloc(pp->ops, sizeof(apPpOp) * (size_t)cap);
      if (!pp->ops)
        abort();
    }
    memset(&pp->ops[pp->numOps], 0, sizeof(apPpOp));
    pp->ops[pp->numOps].task = -1;
    pp->ops[pp->numOps++].op = op;
    numValues += (int)mlirOperationGetNumResults(op);
  }
  if (mlirOperationIsNull(pp->ret))
    return opError(pp->func, "pipeline-partition: the step must end in func.return");
  pp->numValues = numValues;
  indexOps(pp);
  pp->values = xcalloc((size_t)numValues, sizeof(apPpValue));
  bool anyData = false;
  for (int a = 0; a < pp->numArgs; ++a) {
    apPpValue *v = &pp->values[a];
    v->v = mlirBlockGetArgument(body, a);
    v->def = -1;
    v->arg = a;
    v->task = -1;
    v->batchDim = -1;
    MlirType t = mlirValueGetType(v->v);
    if (isDataArg(pp->func, a) && mlirTypeIsARankedTensor(t) && mlirShapedTypeGetRank(t) > 0) {
      int64_t b = mlirShapedTypeGetDimSize(t, 0);
      if (b % pp->microBatches)
        return opError(pp->func, "pipeline-partition: argument #%d has batch %lld, not "
                                 "divisible into %d micro-batches", a, (long long)b,
                       pp->microBatches);
      v->batchDim = 0;
      anyData = true;
    }
  }
  if (!anyData && pp->microBatches > 1)
    return opError(pp->func, "pipeline-partition: micro-batching needs arguments with "
                             "ap.role = \"data\" (the batch is their first dimension)");
  for (int i = 0, id = pp->numArgs; i < pp->numOps; ++i) {
    MlirOperation op = pp->ops[i].op;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r, ++id) {
      apPpValue *v = &pp->values[id];
      v->v = mlirOperationGetResult(op, r);
      v->def = i;
      v->arg = -1;
      v->task = -1;
      v->batchDim = -1;
    }
  }
  /* Kinds: MB if it reads the batch, POST if it reads a sum over it. */
  for (int i = 0; i < pp->numOps; ++i) {
    apPpOp *o = &pp->ops[i];
    MlirOperation op = o->op;
    bool readsBatch = false, readsSum = false;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
      int v = valueId(pp, mlirOperationGetOperand(op, k));
      if (v < 0)
        continue;
      readsBatch |= pp->values[v].batchDim >= 0;
      bool sum = pp->values[v].acc ||
                 (pp->values[v].def >= 0 && pp->ops[pp->values[v].def].kind == AP_PP_POST);
      readsSum |= sum;
    }
    o->kind = readsBatch ? AP_PP_MB : readsSum ? AP_PP_POST : AP_PP_REMAT;
    if (readsBatch && readsSum && pp->microBatches > 1)
      return opError(op, "pipeline-partition: this op combines a sum over the batch with "
                         "per-sample data (batch statistics), which couples the micro-batches; "
                         "use micro-batches=1");
    /* Remat ops are cloned into each task that reads them: linalg's bodies
     * (a weight's transpose, say) are self-contained. */
    if (o->kind == AP_PP_REMAT && mlirOperationGetNumRegions(op) > 0 &&
        !apOpDialectIs(op, "linalg"))
      return opError(op, "pipeline-partition: unsupported op with regions");
    if (readsBatch && !batchOfOp(pp, i))
      return false;
    /* An operand shaped by the batch loop must come from the data or be
     * rebuilt (an empty or a fill), so it can take the micro-batch shape. */
    if (readsBatch && pp->microBatches > 1 && apOpNameIs(op, "linalg.generic")) {
      MlirAttribute maps = mlirOperationGetAttributeByName(op, apStr("indexing_maps"));
      for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); ++k) {
        int v = valueId(pp, mlirOperationGetOperand(op, k));
        if (v < 0 || pp->values[v].batchDim >= 0)
          continue;
        MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, k));
        MlirType t = mlirValueGetType(pp->values[v].v), want = t;
        for (intptr_t j = 0; j < mlirAffineMapGetNumResults(m); ++j)
          if (mlirAffineExprIsFunctionOfDim(mlirAffineMapGetResult(m, j), o->batchLoop))
            want = apPpShrink(pp, want, (int)j);
        if (!mlirTypeEqual(want, t) && !apPpRebuildable(pp, v, want))
          return opError(op, "pipeline-partition: operand #%d has the batch's extent but does "
                             "not come from the data", (int)k);
      }
    }
  }
  if (pp->microBatches == 1) /* nothing to accumulate: one pass */
    for (int i = 0; i < pp->numOps; ++i) {
      if (pp->ops[i].kind == AP_PP_POST)
        pp->ops[i].kind = AP_PP_MB;
    }
  /* Stages: from ap.layer; ops without one follow their producers. */
  for (int i = 0; i < pp->numOps; ++i) {
    apPpOp *o = &pp->ops[i];
    if (o->kind == AP_PP_REMAT)
      continue;
    int64_t layer = layerOf(o->op);
    o->stage = -1;
    if (layer >= 0) {
      o->stage = stageOfLayer(pp, layer);
      if (o->stage < 0)
        return opError(o->op, "pipeline-partition: ap.layer %lld is in no stage of the plan",
                       (long long)layer);
      continue;
    }
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(o->op); ++k) {
      int v = valueId(pp, mlirOperationGetOperand(o->op, k));
      int d = v >= 0 ? pp->values[v].def : -1;
      if (d >= 0 && pp->ops[d].kind != AP_PP_REMAT && pp->ops[d].stage > o->stage)
        o->stage = pp->ops[d].stage;
    }
    if (o->stage < 0)
      o->stage = 0;
  }
  /* Waves and tasks, MB ones first. */
  for (int pass = 0; pass < 2; ++pass) {
    apPpKind kind = pass ? AP_PP_POST : AP_PP_MB;
    for (int i = 0; i < pp->numOps; ++i) {
      apPpOp *o = &pp->ops[i];
      if (o->kind != kind)
        continue;
      o->wave = 0;
      for (intptr_t k = 0; k < mlirOperationGetNumOperands(o->op); ++k) {
        int v = valueId(pp, mlirOperationGetOperand(o->op, k));
        int d = v >= 0 ? pp->values[v].def : -1;
        if (d < 0 || pp->ops[d].kind != kind)
          continue;
        int w = pp->ops[d].wave + (pp->ops[d].stage != o->stage);
        if (w > o->wave)
          o->wave = w;
      }
    }
  }
  pp->tasks = xcalloc((size_t)pp->numOps + 1, sizeof(apPpTask));
  for (int pass = 0; pass < 2; ++pass) {
    apPpKind kind = pass ? AP_PP_POST : AP_PP_MB;
    int maxWave = -1;
    for (int i = 0; i < pp->numOps; ++i)
      if (pp->ops[i].kind == kind && pp->ops[i].wave > maxWave)
        maxWave = pp->ops[i].wave;
    for (int w = 0; w <= maxWave; ++w)
      for (int s = 0; s < pp->numStages; ++s)
        for (int i = 0; i < pp->numOps; ++i) {
          apPpOp *o = &pp->ops[i];
          if (o->kind != kind || o->wave != w || o->stage != s)
            continue;
          int t = findTask(pp, kind, s, w);
          if (t < 0) {
            t = pp->numTasks++;
            apPpTask *task = &pp->tasks[t];
            task->kind = kind;
            task->stage = s;
            task->wave = w;
            snprintf(task->name, sizeof task->name, "%s.stage%d.%s%d", pp->funcName, s,
                     kind == AP_PP_MB ? "wave" : "update", w);
          }
          o->task = t;
        }
  }
  for (int i = 0; i < pp->numOps; ++i) {
    if (pp->ops[i].kind == AP_PP_REMAT)
      continue;
    MlirOperation op = pp->ops[i].op;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
      pp->values[valueId(pp, mlirOperationGetResult(op, r))].task = pp->ops[i].task;
  }
  pp->numResults = (int)mlirOperationGetNumOperands(pp->ret);
  pp->resultValue = xcalloc((size_t)pp->numResults, sizeof(int));
  for (int r = 0; r < pp->numResults; ++r) {
    int v = valueId(pp, mlirOperationGetOperand(pp->ret, r));
    pp->resultValue[r] = v;
    if (v < 0)
      return opError(pp->ret, "pipeline-partition: result #%d is not a value of the step", r);
    apPpValue *val = &pp->values[v];
    val->returned = true;
    if (val->batchDim >= 0 && pp->microBatches > 1)
      return opError(pp->ret, "pipeline-partition: result #%d carries the batch; with "
                              "micro-batches only sums over the batch can be returned", r);
    if (val->def >= 0 && pp->ops[val->def].kind == AP_PP_REMAT)
      return opError(pp->ret, "pipeline-partition: result #%d does not depend on the data; "
                              "nothing to pipeline", r);
  }
  taskInterfaces(pp);
  return true;
}

void apPpFree(apPp *pp) {
  for (int v = 0; v < pp->numValues; ++v)
    free(pp->values[v].useTasks);
  for (int t = 0; t < pp->numTasks; ++t) {
    free(pp->tasks[t].in);
    free(pp->tasks[t].out);
  }
  free(pp->tasks);
  free(pp->values);
  free(pp->ops);
  free(pp->resultValue);
  apPtrMapFree(&pp->opIndex);
  free(pp->resultBase);
}
