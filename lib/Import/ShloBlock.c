/* Converts a function body op by op; func.call of a private helper is
 * inlined (its body converted in place with its arguments bound to the
 * call's operands). */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <string.h>

enum { MAX_INLINE_DEPTH = 64 };

typedef bool (*apShloConvertFn)(apShlo *, MlirOperation);

/* Each converter with the operands, results and regions it reads (-1:
 * it checks them itself). */
static const struct {
  const char *name;
  apShloConvertFn fn;
  int operands, results, regions;
} converters[] = {
    {"stablehlo.constant", apShloConstant, 0, 1, 0},
    {"stablehlo.broadcast_in_dim", apShloBroadcast, 1, 1, 0},
    {"stablehlo.reshape", apShloReshape, 1, 1, 0},
    {"stablehlo.transpose", apShloTranspose, 1, 1, 0},
    {"stablehlo.iota", apShloIota, 0, 1, 0},
    {"stablehlo.dot_general", apShloDotGeneral, 2, 1, 0},
    {"stablehlo.dot", apShloDotGeneral, 2, 1, 0},
    {"stablehlo.reduce", apShloReduce, -1, -1, 1},
    {"stablehlo.gather", apShloGather, 2, 1, 0},
    {"stablehlo.scatter", apShloScatter, -1, -1, 1},
    {"stablehlo.slice", apShloSlice, 1, 1, 0},
    {"stablehlo.concatenate", apShloConcatenate, -1, 1, 0},
    {"stablehlo.pad", apShloPad, 2, 1, 0},
};

static bool arityIs(MlirOperation op, int operands, int results, int regions) {
  if ((operands < 0 || mlirOperationGetNumOperands(op) == operands) &&
      (results < 0 || mlirOperationGetNumResults(op) == results) &&
      mlirOperationGetNumRegions(op) == regions)
    return true;
  apEmitOpError(op, "ap-import-stablehlo: %.*s with %d operands, %d results and %d regions "
                "is not supported", SHLO_NAME(op), (int)mlirOperationGetNumOperands(op),
                (int)mlirOperationGetNumResults(op), (int)mlirOperationGetNumRegions(op));
  return false;
}

MlirOperation apShloLookupFunc(MlirOperation module, MlirAttribute callee) {
  if (mlirAttributeIsNull(callee) || !mlirAttributeIsAFlatSymbolRef(callee))
    return (MlirOperation){NULL};
  MlirStringRef name = mlirFlatSymbolRefAttrGetValue(callee);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    MlirAttribute n = apShloAttr(o, "sym_name");
    if (apOpNameIs(o, "func.func") && !mlirAttributeIsNull(n) &&
        mlirStringRefEqual(mlirStringAttrGetValue(n), name))
      return o;
  }
  return (MlirOperation){NULL};
}

/* Every result of op must be a static tensor. */
static bool staticResults(MlirOperation op) {
  int rank;
  int64_t dims[SHLO_MAX_RANK];
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (!apShloShape(op, mlirValueGetType(mlirOperationGetResult(op, i)), &rank, dims))
      return false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (!apShloShape(op, mlirValueGetType(mlirOperationGetOperand(op, i)), &rank, dims))
      return false;
  return true;
}

static bool inlineCall(apShlo *s, MlirOperation call) {
  MlirOperation f = apShloLookupFunc(s->module, apShloAttr(call, "callee"));
  MlirRegion body = mlirOperationIsNull(f) ? (MlirRegion){NULL} : mlirOperationGetRegion(f, 0);
  MlirBlock entry = mlirRegionIsNull(body) ? (MlirBlock){NULL} : mlirRegionGetFirstBlock(body);
  if (mlirBlockIsNull(entry) || !mlirBlockIsNull(mlirBlockGetNextInRegion(entry)) ||
      mlirBlockGetNumArguments(entry) != mlirOperationGetNumOperands(call)) {
    apEmitOpError(call, "ap-import-stablehlo: func.call of a function that is not a "
                  "single-block function of this module is not supported");
    return false;
  }
  if (s->depth >= MAX_INLINE_DEPTH) {
    apEmitOpError(call, "ap-import-stablehlo: calls nested deeper than %d (recursion?) "
                  "are not supported", MAX_INLINE_DEPTH);
    return false;
  }
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(call); ++i) {
    int id = apShloId(s, mlirOperationGetOperand(call, i), call);
    if (id < 0)
      return false;
    apPtrMapPut(&s->ids, mlirBlockGetArgument(entry, i).ptr, id);
  }
  ++s->depth;
  MlirOperation ret = {NULL};
  bool ok = apShloConvertBlock(s, entry, &ret);
  --s->depth;
  if (!ok)
    return false;
  if (mlirOperationGetNumOperands(ret) != mlirOperationGetNumResults(call)) {
    apEmitOpError(call, "ap-import-stablehlo: the callee returns %d values, the call has %d",
                  (int)mlirOperationGetNumOperands(ret), (int)mlirOperationGetNumResults(call));
    return false;
  }
  for (intptr_t i = 0; i < mlirOperationGetNumResults(call); ++i) {
    int id = apShloId(s, mlirOperationGetOperand(ret, i), ret);
    if (id < 0)
      return false;
    apPtrMapPut(&s->ids, mlirOperationGetResult(call, i).ptr, id);
  }
  return true;
}

/* Results that are their operands, renamed (an optimization barrier). */
static bool forward(apShlo *s, MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
    int id = apShloId(s, mlirOperationGetOperand(op, i), op);
    if (id < 0)
      return false;
    apPtrMapPut(&s->ids, mlirOperationGetResult(op, i).ptr, id);
  }
  return true;
}

bool apShloConvertBlock(apShlo *s, MlirBlock block, MlirOperation *ret) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!staticResults(op))
      return false;
    if (apOpNameIs(op, "func.return")) {
      *ret = op;
      return true;
    }
    bool ok = false, known = true;
    if (apOpNameIs(op, "func.call"))
      ok = inlineCall(s, op);
    else if (apOpNameIs(op, "stablehlo.optimization_barrier") &&
             mlirOperationGetNumOperands(op) == mlirOperationGetNumResults(op))
      ok = forward(s, op);
    else if (apShloIsElementwise(op))
      ok = arityIs(op, -1, 1, 0) && apShloElementwise(s, op);
    else {
      known = false;
      for (size_t k = 0; k < sizeof converters / sizeof *converters; ++k)
        if (apOpNameIs(op, converters[k].name)) {
          known = true;
          ok = arityIs(op, converters[k].operands, converters[k].results, converters[k].regions) &&
               converters[k].fn(s, op);
          break;
        }
    }
    if (!known)
      apEmitOpError(op, "ap-import-stablehlo: %.*s is not supported", SHLO_NAME(op));
    if (!ok)
      return false;
  }
  apEmitOpError(mlirBlockGetParentOperation(block),
                "ap-import-stablehlo: a function body without func.return");
  return false;
}
