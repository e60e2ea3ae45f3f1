/* Ops that cut or join tensors: slice, concatenate and pad (what JAX's
 * gradient of a slice is) as tensor.extract_slice, tensor.concat and
 * tensor.pad, which auto-shard keeps replicated. */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>

static void printList(apBuf *b, const int64_t *v, int n) {
  apBufPrintf(b, "[");
  for (int i = 0; i < n; ++i)
    apBufPrintf(b, "%s%lld", i ? ", " : "", (long long)v[i]);
  apBufPrintf(b, "]");
}

bool apShloSlice(apShlo *s, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0), result = mlirOperationGetResult(op, 0);
  MlirType it = apShloTypeOf(in), rt = apShloTypeOf(result);
  int rank, rr;
  int64_t d[SHLO_MAX_RANK], dr[SHLO_MAX_RANK], start[SHLO_MAX_RANK], limit[SHLO_MAX_RANK],
      stride[SHLO_MAX_RANK];
  if (!apShloShape(op, it, &rank, d) || !apShloShape(op, rt, &rr, dr))
    return false;
  bool ok = rr == rank && apShloI64Array(op, "start_indices", start, SHLO_MAX_RANK) == rank &&
            apShloI64Array(op, "limit_indices", limit, SHLO_MAX_RANK) == rank &&
            apShloI64Array(op, "strides", stride, SHLO_MAX_RANK) == rank;
  for (int k = 0; ok && k < rank; ++k)
    ok = start[k] >= 0 && start[k] <= limit[k] && limit[k] <= d[k] && stride[k] > 0 &&
         dr[k] == (limit[k] - start[k] + stride[k] - 1) / stride[k];
  if (!ok) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.slice with indices that do not match "
                  "its shapes");
    return false;
  }
  int id = apShloId(s, in, op);
  if (id < 0)
    return false;
  apBufPrintf(s->out, "    %%v%d = tensor.extract_slice %%v%d", apShloDefine(s, result), id);
  printList(s->out, start, rank);
  printList(s->out, dr, rank);
  printList(s->out, stride, rank);
  apBufPrintf(s->out, " : ");
  apShloType(s->out, it);
  apBufPrintf(s->out, " to ");
  apShloType(s->out, rt);
  apShloEndLine(s, op);
  return true;
}

bool apShloConcatenate(apShlo *s, MlirOperation op) {
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType rt = apShloTypeOf(result);
  int rank, n = (int)mlirOperationGetNumOperands(op);
  int64_t dr[SHLO_MAX_RANK];
  if (!apShloShape(op, rt, &rank, dr))
    return false;
  MlirAttribute a = apShloAttr(op, "dimension");
  int64_t dim = mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a) ? -1
                                                                       : mlirIntegerAttrGetValueInt(a);
  int64_t total = 0;
  bool ok = n >= 1 && dim >= 0 && dim < rank;
  for (int i = 0; ok && i < n; ++i) {
    int r;
    int64_t d[SHLO_MAX_RANK];
    ok = apShloShape(op, mlirValueGetType(mlirOperationGetOperand(op, i)), &r, d) && r == rank;
    for (int k = 0; ok && k < rank; ++k)
      ok = k == dim || d[k] == dr[k];
    total += ok ? d[dim] : 0;
  }
  if (!ok || total != dr[dim]) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.concatenate with a dimension or shapes "
                  "that do not match");
    return false;
  }
  apBuf line = {0};
  apBufPrintf(&line, "tensor.concat dim(%lld)", (long long)dim);
  for (int i = 0; i < n; ++i) {
    int id = apShloId(s, mlirOperationGetOperand(op, i), op);
    if (id < 0) {
      apBufFree(&line);
      return false;
    }
    apBufPrintf(&line, "%s %%v%d", i ? "," : "", id);
  }
  apBufPrintf(&line, " : (");
  for (int i = 0; i < n; ++i) {
    apBufPrintf(&line, "%s", i ? ", " : "");
    apShloType(&line, apShloTypeOf(mlirOperationGetOperand(op, i)));
  }
  apBufPrintf(&line, ") -> ");
  apShloType(&line, rt);
  apBufPrintf(s->out, "    %%v%d = %s", apShloDefine(s, result), line.failed ? "" : line.data);
  apShloEndLine(s, op);
  apBufFree(&line);
  return true;
}

bool apShloPad(apShlo *s, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0), pv = mlirOperationGetOperand(op, 1);
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType it = apShloTypeOf(in), rt = apShloTypeOf(result);
  int rank, rr, rp;
  int64_t d[SHLO_MAX_RANK], dr[SHLO_MAX_RANK], dp[SHLO_MAX_RANK], lo[SHLO_MAX_RANK],
      hi[SHLO_MAX_RANK], inner[SHLO_MAX_RANK];
  if (!apShloShape(op, it, &rank, d) || !apShloShape(op, rt, &rr, dr) ||
      !apShloShape(op, mlirValueGetType(pv), &rp, dp))
    return false;
  bool ok = rr == rank && rp == 0 &&
            apShloI64Array(op, "edge_padding_low", lo, SHLO_MAX_RANK) == rank &&
            apShloI64Array(op, "edge_padding_high", hi, SHLO_MAX_RANK) == rank &&
            apShloI64Array(op, "interior_padding", inner, SHLO_MAX_RANK) == rank;
  /* Negative edge padding cuts (JAX's gradient of a pad): a slice first. */
  int64_t start[SHLO_MAX_RANK], kept[SHLO_MAX_RANK], one[SHLO_MAX_RANK];
  bool cut = false, grow = false;
  for (int k = 0; ok && k < rank; ++k) {
    start[k] = lo[k] < 0 ? -lo[k] : 0;
    kept[k] = d[k] + (lo[k] < 0 ? lo[k] : 0) + (hi[k] < 0 ? hi[k] : 0);
    one[k] = 1;
    cut |= lo[k] < 0 || hi[k] < 0;
    grow |= lo[k] > 0 || hi[k] > 0;
    lo[k] = lo[k] > 0 ? lo[k] : 0, hi[k] = hi[k] > 0 ? hi[k] : 0;
    ok = inner[k] == 0 && kept[k] >= 0 && dr[k] == kept[k] + lo[k] + hi[k];
  }
  if (!ok) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.pad is supported without interior "
                  "padding only");
    return false;
  }
  int id = apShloId(s, in, op);
  if (id < 0)
    return false;
  if (cut) {
    MlirType kt = mlirRankedTensorTypeGet(rank, kept, apShloElt(it), mlirAttributeGetNull());
    int sliced = apShloFresh(s);
    apBufPrintf(s->out, "    %%v%d = tensor.extract_slice %%v%d", sliced, id);
    printList(s->out, start, rank);
    printList(s->out, kept, rank);
    printList(s->out, one, rank);
    apBufPrintf(s->out, " : ");
    apShloType(s->out, it);
    apBufPrintf(s->out, " to ");
    apShloType(s->out, kt);
    apShloEndLine(s, op);
    id = sliced, it = kt;
  }
  if (!grow) {
    apPtrMapPut(&s->ids, result.ptr, id);
    return true;
  }
  /* The padding value as a scalar: a constant, or read from its 0-d tensor. */
  MlirType elt = apShloElt(it);
  MlirAttribute splat = apShloSplatOf(pv);
  char text[64];
  int value = apShloFresh(s);
  if (!mlirAttributeIsNull(splat) && apShloSplatText(splat, text, sizeof text)) {
    if (apShloIsBool(apShloElt(mlirValueGetType(pv))))
      snprintf(text, sizeof text, "%d", mlirDenseElementsAttrGetBoolSplatValue(splat) ? 1 : 0);
    apBufPrintf(s->out, "    %%v%d = ", value);
    apShloScalarConstant(s->out, text, elt);
  } else {
    int t = apShloId(s, pv, op);
    if (t < 0)
      return false;
    apBufPrintf(s->out, "    %%v%d = tensor.extract %%v%d[] : ", value, t);
    apShloType(s->out, apShloTypeOf(pv));
  }
  apShloEndLine(s, op);
  apBufPrintf(s->out, "    %%v%d = tensor.pad %%v%d low", apShloDefine(s, result), id);
  printList(s->out, lo, rank);
  apBufPrintf(s->out, " high");
  printList(s->out, hi, rank);
  apBufPrintf(s->out, " {\n    ^bb0(");
  for (int k = 0; k < rank; ++k)
    apBufPrintf(s->out, "%s%%i%d: index", k ? ", " : "", k);
  apBufPrintf(s->out, "):\n      tensor.yield %%v%d : ", value);
  apShloType(s->out, elt);
  apBufPrintf(s->out, "\n    } : ");
  apShloType(s->out, it);
  apBufPrintf(s->out, " to ");
  apShloType(s->out, rt);
  apShloEndLine(s, op);
  return true;
}
