/* Elementwise StableHLO ops: one all-parallel linalg.generic each, the
 * scalar op in its body. select's and clamp's 0-d operands broadcast. */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>

bool apShloElementwise(apShlo *s, MlirOperation op) {
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType rt = apShloTypeOf(result);
  int rank, n = (int)mlirOperationGetNumOperands(op);
  int64_t dims[SHLO_MAX_RANK];
  if (!apShloShape(op, rt, &rank, dims))
    return false;
  if (n < 1 || n > SHLO_MAX_INS || mlirOperationGetNumResults(op) != 1) {
    apEmitOpError(op, "ap-import-stablehlo: %.*s with %d operands is not supported",
                  SHLO_NAME(op), n);
    return false;
  }
  /* A convert to the same type is the value itself. */
  if (apOpNameIs(op, "stablehlo.convert") &&
      mlirTypeEqual(mlirValueGetType(result), mlirValueGetType(mlirOperationGetOperand(op, 0)))) {
    int id = apShloId(s, mlirOperationGetOperand(op, 0), op);
    if (id >= 0)
      apPtrMapPut(&s->ids, result.ptr, id);
    return id >= 0;
  }
  apShloGeneric g = {.loops = rank, .nIn = n, .outType = rt};
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l < rank; ++l)
    iters[l] = 'p';
  g.iters = iters;
  apShloIdentity(g.outMap, rank);
  static const char *const plain[SHLO_MAX_INS] = {"%a0", "%a1", "%a2", "%a3"};
  static const char *const truncated[SHLO_MAX_INS] = {"%b0", "%b1", "%b2", "%b3"};
  const char *args[SHLO_MAX_INS];
  apBuf body = {0};
  for (int i = 0; i < n; ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    int r;
    int64_t d[SHLO_MAX_RANK];
    if (!apShloShape(op, mlirValueGetType(v), &r, d) || (g.in[i] = apShloId(s, v, op)) < 0) {
      apBufFree(&body);
      return false;
    }
    bool same = r == rank;
    for (int k = 0; same && k < r; ++k)
      same = d[k] == dims[k];
    if (!same && r != 0) {
      apEmitOpError(op, "ap-import-stablehlo: %.*s with operands of different shapes is "
                    "not supported", SHLO_NAME(op));
      apBufFree(&body);
      return false;
    }
    g.inType[i] = apShloTypeOf(v);
    g.inRank[i] = r; /* 0: a 0-d operand read at every point */
    apShloIdentity(g.inMap[i], r);
    /* Stored predicates are read as i1. */
    bool pred = apShloIsBool(apShloElt(mlirValueGetType(v)));
    if (pred)
      apBufPrintf(&body, "      %%b%d = arith.trunci %%a%d : i8 to i1\n", i, i);
    args[i] = pred ? truncated[i] : plain[i];
  }
  int tmp = 0;
  char res[32];
  bool ok = apShloScalar(op, &body, &tmp, args, res);
  if (ok && apShloIsBool(apShloElt(mlirValueGetType(result)))) {
    apBufPrintf(&body, "      %%r8 = arith.extui %s : i1 to i8\n", res);
    snprintf(res, sizeof res, "%%r8");
  }
  if (ok) {
    apBufPrintf(&body, "      linalg.yield %s : ", res);
    apShloType(&body, apShloElt(rt));
    apBufPrintf(&body, "\n");
    g.body = body.failed ? "" : body.data;
    g.init = apShloEmpty(s, op, rt);
    apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  }
  apBufFree(&body);
  return ok;
}
