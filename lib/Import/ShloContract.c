/* Ops with reduction loops: dot_general (one contraction generic over
 * batch, free and contracting loops) and reduce (its region as the body). */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

/* %a<i> as the result's element type: float operands are extended or
 * truncated (bf16 x bf16 -> f32 accumulation). */
static bool castArg(apBuf *b, int i, MlirType from, MlirType to, char name[32]) {
  snprintf(name, 32, "%%a%d", i);
  if (mlirTypeEqual(from, to))
    return true;
  if (!apShloIsFloat(from) || !apShloIsFloat(to))
    return false;
  if (mlirFloatTypeGetWidth(from) == mlirFloatTypeGetWidth(to))
    return false;
  snprintf(name, 32, "%%c%d", i);
  apBufPrintf(b, "      %s = arith.%s %%a%d : ", name,
              mlirFloatTypeGetWidth(to) > mlirFloatTypeGetWidth(from) ? "extf" : "truncf", i);
  apShloType(b, from);
  apBufPrintf(b, " to ");
  apShloType(b, to);
  apBufPrintf(b, "\n");
  return true;
}

static bool contains(const int64_t *v, int n, int64_t x) {
  for (int i = 0; i < n; ++i)
    if (v[i] == x)
      return true;
  return false;
}

/* Dims of a rank-r tensor, each at most once across both lists. */
static bool validDims(int r, const int64_t *a, int na, const int64_t *b, int nb) {
  uint32_t seen = 0;
  for (int i = 0; i < na + nb; ++i) {
    int64_t d = i < na ? a[i] : b[i - na];
    if (d < 0 || d >= r || (seen & (1u << d)))
      return false;
    seen |= 1u << d;
  }
  return true;
}

bool apShloDotGeneral(apShlo *s, MlirOperation op) {
  MlirValue l = mlirOperationGetOperand(op, 0), r = mlirOperationGetOperand(op, 1);
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType lt = mlirValueGetType(l), rt = mlirValueGetType(r), ot = mlirValueGetType(result);
  int rl, rr, ro;
  int64_t dl[SHLO_MAX_RANK], dr[SHLO_MAX_RANK], dout[SHLO_MAX_RANK];
  if (!apShloShape(op, lt, &rl, dl) || !apShloShape(op, rt, &rr, dr) ||
      !apShloShape(op, ot, &ro, dout))
    return false;
  MlirAttribute dn = apShloAttr(op, "dot_dimension_numbers");
  int64_t lb[SHLO_MAX_RANK], rb[SHLO_MAX_RANK], lc[SHLO_MAX_RANK], rc[SHLO_MAX_RANK];
  int nb = apShloAttrList(dn, "lhs_batching_dimensions", lb, SHLO_MAX_RANK);
  int nrb = apShloAttrList(dn, "rhs_batching_dimensions", rb, SHLO_MAX_RANK);
  int nc = apShloAttrList(dn, "lhs_contracting_dimensions", lc, SHLO_MAX_RANK);
  int nrc = apShloAttrList(dn, "rhs_contracting_dimensions", rc, SHLO_MAX_RANK);
  bool plainDot = apOpNameIs(op, "stablehlo.dot"); /* [m,] k x k [, n] */
  if (plainDot) {
    nb = nrb = 0, nc = nrc = 1;
    lc[0] = rl - 1, rc[0] = 0;
  }
  int nlf = rl - nb - nc, nrf = rr - nrb - nrc, loops = ro + nc;
  if ((mlirAttributeIsNull(dn) && !plainDot) || nb < 0 || nc < 0 || nb != nrb || nc != nrc || nlf < 0 ||
      nrf < 0 || nb + nlf + nrf != ro || loops > SHLO_MAX_RANK ||
      !validDims(rl, lb, nb, lc, nc) || !validDims(rr, rb, nb, rc, nc)) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.dot_general with dimension numbers "
                  "that do not match its shapes");
    return false;
  }
  apShloGeneric g = {.loops = loops, .nIn = 2, .outType = ot};
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int k = 0; k < loops; ++k)
    iters[k] = k < ro ? 'p' : 'r';
  g.iters = iters;
  g.inType[0] = lt, g.inType[1] = rt;
  g.inRank[0] = rl, g.inRank[1] = rr;
  for (int k = 0; k < nb; ++k)
    g.inMap[0][lb[k]] = k, g.inMap[1][rb[k]] = k;
  for (int k = 0; k < nc; ++k)
    g.inMap[0][lc[k]] = ro + k, g.inMap[1][rc[k]] = ro + k;
  for (int d = 0, f = nb; d < rl; ++d)
    if (!contains(lb, nb, d) && !contains(lc, nc, d))
      g.inMap[0][d] = f++;
  for (int d = 0, f = nb + nlf; d < rr; ++d)
    if (!contains(rb, nb, d) && !contains(rc, nc, d))
      g.inMap[1][d] = f++;
  apShloIdentity(g.outMap, ro);
  /* Every loop has one extent in all three operands. */
  int64_t extent[SHLO_MAX_RANK];
  for (int k = 0; k < loops; ++k)
    extent[k] = k < ro ? dout[k] : -1;
  bool shapesOk = true;
  for (int i = 0; i < 2; ++i)
    for (int d = 0; d < (i ? rr : rl); ++d) {
      int k = g.inMap[i][d];
      int64_t size = i ? dr[d] : dl[d];
      shapesOk &= extent[k] < 0 || extent[k] == size;
      extent[k] = size;
    }
  if (!shapesOk) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.dot_general with operand and result "
                  "shapes that do not match");
    return false;
  }
  MlirType elt = apShloElt(ot);
  apBuf body = {0};
  char a[32], b[32];
  bool fl = apShloIsFloat(elt);
  if (!castArg(&body, 0, apShloElt(lt), elt, a) || !castArg(&body, 1, apShloElt(rt), elt, b) ||
      !(fl || (mlirTypeIsAInteger(elt) && mlirIntegerTypeIsSignless(elt))) || apShloIsBool(elt)) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.dot_general on these element types is "
                  "not supported");
    apBufFree(&body);
    return false;
  }
  apBufPrintf(&body, "      %%p = arith.%s %s, %s : ", fl ? "mulf" : "muli", a, b);
  apShloType(&body, elt);
  apBufPrintf(&body, "\n      %%s = arith.%s %%acc, %%p : ", fl ? "addf" : "addi");
  apShloType(&body, elt);
  apBufPrintf(&body, "\n      linalg.yield %%s : ");
  apShloType(&body, elt);
  apBufPrintf(&body, "\n");
  g.body = body.failed ? "" : body.data;
  if ((g.in[0] = apShloId(s, l, op)) < 0 || (g.in[1] = apShloId(s, r, op)) < 0) {
    apBufFree(&body);
    return false;
  }
  g.init = apShloFilled(s, op, ot, apShloZero(elt));
  apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  apBufFree(&body);
  return true;
}

/* The reduction's initial tensor: a fill when the init is a splat
 * constant, else the 0-d init broadcast to the result's shape. */
static int initOf(apShlo *s, MlirOperation op, MlirValue init, MlirType ot) {
  MlirAttribute splat = apShloSplatOf(init);
  char text[64];
  if (!mlirAttributeIsNull(splat) && apShloSplatText(splat, text, sizeof text)) {
    if (apShloIsBool(apShloElt(mlirValueGetType(init)))) /* stored as i8 */
      snprintf(text, sizeof text, "%d", mlirDenseElementsAttrGetBoolSplatValue(splat) ? 1 : 0);
    return apShloFilled(s, op, ot, text);
  }
  int id = apShloId(s, init, op);
  if (id < 0)
    return -1;
  int rank = (int)mlirShapedTypeGetRank(ot);
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l < rank; ++l)
    iters[l] = 'p';
  apShloGeneric g = {.loops = rank, .iters = iters, .nIn = 1, .outType = ot};
  g.in[0] = id;
  g.inType[0] = apShloTypeOf(init);
  g.inRank[0] = 0;
  apShloIdentity(g.outMap, rank);
  apBuf body = {0};
  apBufPrintf(&body, "      linalg.yield %%a0 : ");
  apShloType(&body, apShloElt(ot));
  apBufPrintf(&body, "\n");
  g.body = body.failed ? "" : body.data;
  g.init = apShloEmpty(s, op, ot);
  int res = apShloEmitGeneric(s, op, &g, apShloFresh(s));
  apBufFree(&body);
  return res;
}

bool apShloReduce(apShlo *s, MlirOperation op) {
  if (mlirOperationGetNumOperands(op) != 2 || mlirOperationGetNumResults(op) != 1) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.reduce of several operands (e.g. an "
                  "argmax) is not supported");
    return false;
  }
  MlirValue in = mlirOperationGetOperand(op, 0), init = mlirOperationGetOperand(op, 1);
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType it = apShloTypeOf(in), ot = apShloTypeOf(result);
  int rank, ro, ri;
  int64_t d[SHLO_MAX_RANK], dout[SHLO_MAX_RANK], di[SHLO_MAX_RANK], red[SHLO_MAX_RANK];
  if (!apShloShape(op, it, &rank, d) || !apShloShape(op, ot, &ro, dout) ||
      !apShloShape(op, mlirValueGetType(init), &ri, di))
    return false;
  int nr = apShloI64Array(op, "dimensions", red, SHLO_MAX_RANK);
  if (nr < 0 || rank - nr != ro || ri != 0 || !validDims(rank, red, nr, red, 0)) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.reduce needs `dimensions` and a 0-d "
                  "initial value");
    return false;
  }
  char iters[SHLO_MAX_RANK + 1] = {0};
  apShloGeneric g = {.loops = rank, .iters = iters, .nIn = 1, .outType = ot};
  for (int l = 0, o = 0; l < rank; ++l) {
    iters[l] = contains(red, nr, l) ? 'r' : 'p';
    if (iters[l] == 'p' && d[l] != dout[o]) {
      apEmitOpError(op, "ap-import-stablehlo: stablehlo.reduce whose result shape is not its "
                    "input's without the reduced dims");
      return false;
    }
    if (iters[l] == 'p')
      g.outMap[o++] = l;
  }
  g.inType[0] = it;
  g.inRank[0] = rank;
  apShloIdentity(g.inMap[0], rank);
  apBuf body = {0};
  int tmp = 0;
  char res[32];
  const char *args[2] = {"%acc", "%a0"};
  bool pred = apShloIsBool(apShloElt(mlirValueGetType(in)));
  if (pred) { /* stored predicates are reduced as i1 */
    apBufPrintf(&body, "      %%acc1 = arith.trunci %%acc : i8 to i1\n"
                       "      %%x1 = arith.trunci %%a0 : i8 to i1\n");
    args[0] = "%acc1", args[1] = "%x1";
  }
  bool ok = apShloScalarRegion(op, mlirOperationGetRegion(op, 0), &body, &tmp, args, res);
  if (ok && pred) {
    apBufPrintf(&body, "      %%r8 = arith.extui %s : i1 to i8\n", res);
    snprintf(res, sizeof res, "%%r8");
  }
  if (ok) {
    apBufPrintf(&body, "      linalg.yield %s : ", res);
    apShloType(&body, apShloElt(ot));
    apBufPrintf(&body, "\n");
    g.body = body.failed ? "" : body.data;
    ok = (g.in[0] = apShloId(s, in, op)) >= 0 && (g.init = initOf(s, op, init, ot)) >= 0;
  }
  if (ok)
    apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  apBufFree(&body);
  return ok;
}
