/* --pipeline-partition: one private function per task, its ops cloned from
 * the step in order. Micro-batch tasks take the micro-batch's shapes: every
 * value that carries the batch shrinks by the micro-batch count in that
 * dim, and empties and fills feeding a batch loop are rebuilt in the shape
 * their user wants. */
#include "PipelineSplit.h"

#include "IrText.h"
#include "PassCommon.h"

#include <stdlib.h>
#include <string.h>

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

typedef struct {
  apPp *pp;
  MlirBlock block;
  MlirValue *mapped; /* [numValues]: the value in the task being built */
  MlirValue *remat;  /* [numValues]: rebuilt remat value, if built */
  MlirType *rematType;
  bool failed;
} apTaskBuild;

/* The type value v has in task `task`. */
static MlirType typeIn(const apPp *pp, const apPpTask *task, int v) {
  const apPpValue *val = &pp->values[v];
  MlirType t = mlirValueGetType(val->v);
  if (task->kind == AP_PP_MB && val->batchDim >= 0)
    return apPpShrink(pp, t, val->batchDim);
  return t;
}

/* The type operand k of MB op `o` wants: its map's batch loop dims shrunk. */
static MlirType operandType(const apPp *pp, const apPpOp *o, int k) {
  MlirType t = mlirValueGetType(mlirOperationGetOperand(o->op, k));
  if (o->kind != AP_PP_MB || o->batchLoop < 0 || !mlirTypeIsARankedTensor(t))
    return t;
  MlirAttribute maps = mlirOperationGetAttributeByName(o->op, apStr("indexing_maps"));
  if (mlirAttributeIsNull(maps) || k >= mlirArrayAttrGetNumElements(maps))
    return t;
  MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, k));
  for (intptr_t j = 0; j < mlirAffineMapGetNumResults(m); ++j) {
    MlirAffineExpr e = mlirAffineMapGetResult(m, j);
    if (mlirAffineExprIsADim(e) && (int)mlirAffineDimExprGetPosition(e) == o->batchLoop)
      t = apPpShrink(pp, t, (int)j);
  }
  return t;
}

static MlirValue valueFor(apTaskBuild *b, int v, MlirType want);

/* Rebuilds remat value v (a constant, an empty, a fill, a parameter-only
 * op) in the task with type `want` (apPpRebuildable says when it may
 * differ from v's own). */
static MlirValue rebuild(apTaskBuild *b, int v, MlirType want) {
  apPp *pp = b->pp;
  if (!mlirValueIsNull(b->remat[v]) && mlirTypeEqual(b->rematType[v], want))
    return b->remat[v];
  const apPpValue *val = &pp->values[v];
  MlirOperation src = pp->ops[val->def].op;
  MlirType orig = mlirValueGetType(val->v);
  bool retype = !mlirTypeEqual(orig, want);
  if (retype && !apPpRebuildable(pp, v, want)) {
    mlirEmitError(mlirOperationGetLocation(src),
                  "pipeline-partition: cannot rebuild this op in the micro-batch's shape");
    b->failed = true;
    return val->v;
  }
  MlirOperation c = mlirOperationClone(src);
  intptr_t n = mlirOperationGetNumOperands(src);
  for (intptr_t k = 0; k < n; ++k) {
    MlirValue o = mlirOperationGetOperand(src, k);
    int u = apPpValueId(pp, o);
    /* An init takes the new type, inputs follow their loops. */
    MlirType ut = retype ? apPpOperandTypeFor(src, k, orig, want) : mlirValueGetType(o);
    if (u >= 0)
      mlirOperationSetOperand(c, k, valueFor(b, u, ut));
  }
  if (retype)
    mlirValueSetType(mlirOperationGetResult(c, 0), want);
  if (retype && apOpNameIs(src, "arith.constant")) { /* the splat, reshaped */
    MlirAttribute a = mlirOperationGetAttributeByName(src, apStr("value"));
    mlirOperationSetAttributeByName(
        c, apStr("value"), mlirDenseElementsAttrSplatGet(want, mlirDenseElementsAttrGetSplatValue(a)));
  }
  mlirBlockAppendOwnedOperation(b->block, c);
  MlirValue r = mlirOperationGetResult(c, (intptr_t)(v - pp->resultBase[val->def]));
  b->remat[v] = r;
  b->rematType[v] = want;
  return r;
}

static MlirValue valueFor(apTaskBuild *b, int v, MlirType want) {
  const apPpValue *val = &b->pp->values[v];
  if (val->def >= 0 && b->pp->ops[val->def].kind == AP_PP_REMAT)
    return rebuild(b, v, want);
  if (mlirValueIsNull(b->mapped[v])) {
    MlirOperation at = val->def >= 0 ? b->pp->ops[val->def].op : b->pp->func;
    mlirEmitError(mlirOperationGetLocation(at),
                  "pipeline-partition: internal error: a task reads a value it was not given");
    b->failed = true;
    return val->v;
  }
  return b->mapped[v];
}

/* Shape attributes that must follow the micro-batch's result type: an
 * expand_shape's output_shape, an extract_slice's sizes (the analysis let
 * through only slices that keep the rank). */
static void retypeShapeAttrs(MlirOperation c) {
  MlirType rt = mlirValueGetType(mlirOperationGetResult(c, 0));
  MlirContext ctx = mlirOperationGetContext(c);
  const char *attr = apOpNameIs(c, "tensor.expand_shape")    ? "static_output_shape"
                     : apOpNameIs(c, "tensor.extract_slice") ? "static_sizes"
                                                             : NULL;
  int64_t shape[16];
  intptr_t rank = mlirShapedTypeGetRank(rt);
  if (!attr || rank > 16)
    return;
  for (intptr_t j = 0; j < rank; ++j)
    shape[j] = mlirShapedTypeGetDimSize(rt, j);
  mlirOperationSetAttributeByName(c, apStr(attr), mlirDenseI64ArrayGet(ctx, rank, shape));
}

static MlirOperation buildOne(apPp *pp, int t, apTaskBuild *b) {
  apPpTask *task = &pp->tasks[t];
  MlirContext ctx = mlirOperationGetContext(pp->func);
  MlirLocation loc = mlirOperationGetLocation(pp->func);
  int nIn = task->numIn;
  MlirType *inT = malloc(sizeof(MlirType) * (size_t)(nIn + 1));
  MlirLocation *locs = malloc(sizeof(MlirLocation) * (size_t)(nIn + 1));
  if (!inT || !locs)
    abort();
  for (int j = 0; j < nIn; ++j) {
    inT[j] = typeIn(pp, task, task->in[j]);
    locs[j] = loc;
  }
  b->block = mlirBlockCreate(nIn, inT, locs);
  memset(b->mapped, 0, sizeof(MlirValue) * (size_t)pp->numValues);
  memset(b->remat, 0, sizeof(MlirValue) * (size_t)pp->numValues);
  for (int j = 0; j < nIn; ++j)
    b->mapped[task->in[j]] = mlirBlockGetArgument(b->block, j);
  for (int i = 0; i < pp->numOps && !b->failed; ++i) {
    apPpOp *o = &pp->ops[i];
    if (o->task != t)
      continue;
    MlirOperation c = mlirOperationClone(o->op);
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(o->op); ++k) {
      int u = apPpValueId(pp, mlirOperationGetOperand(o->op, k));
      if (u >= 0)
        mlirOperationSetOperand(c, k, valueFor(b, u, operandType(pp, o, (int)k)));
    }
    for (intptr_t r = 0; r < mlirOperationGetNumResults(o->op); ++r) {
      int v = pp->resultBase[i] + (int)r;
      MlirValue nv = mlirOperationGetResult(c, r);
      if (task->kind == AP_PP_MB && pp->values[v].batchDim >= 0)
        mlirValueSetType(nv, typeIn(pp, task, v));
      b->mapped[v] = nv;
    }
    if (task->kind == AP_PP_MB && o->kind == AP_PP_MB && pp->microBatches > 1)
      retypeShapeAttrs(c);
    mlirBlockAppendOwnedOperation(b->block, c);
  }
  int nOut = task->numOut;
  MlirValue *outV = malloc(sizeof(MlirValue) * (size_t)(nOut + 1));
  MlirType *outT = malloc(sizeof(MlirType) * (size_t)(nOut + 1));
  if (!outV || !outT)
    abort();
  for (int j = 0; j < nOut; ++j) {
    outV[j] = b->mapped[task->out[j]];
    outT[j] = mlirValueGetType(outV[j]);
  }
  MlirOperationState rs = mlirOperationStateGet(apStr("func.return"), loc);
  mlirOperationStateAddOperands(&rs, nOut, outV);
  mlirBlockAppendOwnedOperation(b->block, mlirOperationCreate(&rs));
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, b->block);
  MlirNamedAttribute attrs[] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("sym_name")),
                            mlirStringAttrGet(ctx, apStr(task->name))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("function_type")),
                            mlirTypeAttrGet(mlirFunctionTypeGet(ctx, nIn, inT, nOut, outT))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("sym_visibility")),
                            mlirStringAttrGet(ctx, apStr("private"))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("no_inline")), mlirUnitAttrGet(ctx)),
  };
  MlirOperationState fs = mlirOperationStateGet(apStr("func.func"), loc);
  mlirOperationStateAddAttributes(&fs, 4, attrs);
  mlirOperationStateAddOwnedRegions(&fs, 1, &region);
  MlirOperation fn = mlirOperationCreate(&fs);
  free(inT);
  free(locs);
  free(outV);
  free(outT);
  return fn;
}

bool apPpBuildTasks(apPp *pp, MlirOperation *fns) {
  apTaskBuild b = {.pp = pp};
  b.mapped = calloc((size_t)pp->numValues + 1, sizeof(MlirValue));
  b.remat = calloc((size_t)pp->numValues + 1, sizeof(MlirValue));
  b.rematType = calloc((size_t)pp->numValues + 1, sizeof(MlirType));
  if (!b.mapped || !b.remat || !b.rematType)
    abort();
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(pp->module, 0));
  for (int t = 0; t < pp->numTasks && !b.failed; ++t) {
    fns[t] = buildOne(pp, t, &b);
    mlirBlockInsertOwnedOperationBefore(body, pp->func, fns[t]);
  }
  free(b.mapped);
  free(b.remat);
  free(b.rematType);
  return !b.failed;
}
