/* gather and scatter as JAX writes them for an embedding lookup
 * (table[ids]) and its gradient (a scatter-add into the table's rows):
 * both become a one-hot of the ids and a contraction with it, as
 * ap-models writes embeddings, so every op keeps projected-permutation
 * maps. Out-of-range ids select no row (JAX masks them anyway). */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <stdlib.h>

/* The ids as a tensor of the batch dims (the index vector dim of size one
 * dropped); its rank goes to nb. -1 when they do not index one dim. */
static int batchIds(apShlo *s, MlirOperation op, MlirValue indices, int64_t ivd, int *nb,
                    MlirType *idsType) {
  MlirType t = mlirValueGetType(indices);
  int r;
  int64_t d[SHLO_MAX_RANK];
  if (!apShloShape(op, t, &r, d))
    return -1;
  MlirType elt = apShloElt(t);
  if (!mlirTypeIsAInteger(elt) || !mlirIntegerTypeIsSignless(elt) || r >= SHLO_MAX_RANK ||
      !(ivd == r || (ivd == r - 1 && d[r - 1] == 1)))
    return -1;
  *nb = (int)ivd;
  *idsType = mlirRankedTensorTypeGet(*nb, d, elt, mlirAttributeGetNull());
  int id = apShloId(s, indices, op);
  return id < 0 ? -1 : apShloReshapeValue(s, op, id, t, *idsType);
}

/* onehot[b..., v] = (ids[b...] == v), of element type elt, v < vocab. */
static int oneHot(apShlo *s, MlirOperation op, int ids, MlirType idsType, int nb, int64_t vocab,
                  MlirType elt) {
  int64_t shape[SHLO_MAX_RANK];
  for (int k = 0; k < nb; ++k)
    shape[k] = mlirShapedTypeGetDimSize(idsType, k);
  shape[nb] = vocab;
  MlirType ot = mlirRankedTensorTypeGet(nb + 1, shape, elt, mlirAttributeGetNull());
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l <= nb; ++l)
    iters[l] = 'p';
  apShloGeneric g = {.loops = nb + 1, .iters = iters, .nIn = 1, .outType = ot};
  g.in[0] = ids;
  g.inType[0] = idsType;
  g.inRank[0] = nb;
  apShloIdentity(g.inMap[0], nb);
  apShloIdentity(g.outMap, nb + 1);
  apBuf body = {0};
  apBufPrintf(&body, "      %%s0 = linalg.index %d : index\n"
                     "      %%s1 = arith.index_cast %%a0 : ", nb);
  apShloType(&body, apShloElt(idsType));
  apBufPrintf(&body, " to index\n      %%s2 = arith.cmpi eq, %%s0, %%s1 : index\n"
                     "      %%s3 = arith.%s %%s2 : i1 to ",
              apShloIsFloat(elt) ? "uitofp" : "extui");
  apShloType(&body, elt);
  apBufPrintf(&body, "\n      linalg.yield %%s3 : ");
  apShloType(&body, elt);
  apBufPrintf(&body, "\n");
  g.body = body.failed ? "" : body.data;
  g.init = apShloEmpty(s, op, ot);
  int res = apShloEmitGeneric(s, op, &g, apShloFresh(s));
  apBufFree(&body);
  return res;
}

static void macBody(apBuf *b, MlirType elt) {
  bool fl = apShloIsFloat(elt);
  apBufPrintf(b, "      %%p = arith.%s %%a0, %%a1 : ", fl ? "mulf" : "muli");
  apShloType(b, elt);
  apBufPrintf(b, "\n      %%s = arith.%s %%acc, %%p : ", fl ? "addf" : "addi");
  apShloType(b, elt);
  apBufPrintf(b, "\n      linalg.yield %%s : ");
  apShloType(b, elt);
  apBufPrintf(b, "\n");
}

static bool isList(MlirAttribute a, const char *key, int64_t first, int n) {
  int64_t v[SHLO_MAX_RANK];
  int got = apShloAttrList(a, key, v, SHLO_MAX_RANK);
  if (got != n)
    return false;
  for (int k = 0; k < n; ++k)
    if (v[k] != first + k)
      return false;
  return true;
}

static bool supportedTable(MlirType elt) {
  return apShloIsFloat(elt) || (mlirTypeIsAInteger(elt) && mlirIntegerTypeIsSignless(elt) &&
                                mlirIntegerTypeGetWidth(elt) > 1);
}

bool apShloGather(apShlo *s, MlirOperation op) {
  MlirValue table = mlirOperationGetOperand(op, 0), result = mlirOperationGetResult(op, 0);
  MlirType tt = mlirValueGetType(table), ot = mlirValueGetType(result);
  int rt, ro, nb = 0;
  int64_t dt[SHLO_MAX_RANK], dout[SHLO_MAX_RANK], sizes[SHLO_MAX_RANK], ivd[1];
  if (!apShloShape(op, tt, &rt, dt) || !apShloShape(op, ot, &ro, dout))
    return false;
  MlirAttribute dn = apShloAttr(op, "dimension_numbers");
  bool ok = rt >= 1 && supportedTable(apShloElt(tt)) &&
            apShloAttrList(dn, "collapsed_slice_dims", ivd, 1) == 1 && ivd[0] == 0 &&
            apShloAttrList(dn, "start_index_map", ivd, 1) == 1 && ivd[0] == 0 &&
            apShloAttrList(dn, "operand_batching_dims", ivd, 1) == 0 &&
            apShloI64Array(op, "slice_sizes", sizes, SHLO_MAX_RANK) == rt && sizes[0] == 1;
  for (int d = 1; ok && d < rt; ++d)
    ok = sizes[d] == dt[d];
  MlirType idsType;
  char word[24];
  int ids = -1;
  if (ok && apShloAttrWord(dn, "index_vector_dim", word, sizeof word))
    ids = batchIds(s, op, mlirOperationGetOperand(op, 1), atoll(word), &nb, &idsType);
  ok = ok && ids >= 0 && ro == nb + rt - 1 && isList(dn, "offset_dims", nb, rt - 1);
  if (!ok) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.gather is supported only as an "
                  "embedding lookup (table[ids]: whole rows of dim 0 picked by integer ids)");
    return false;
  }
  MlirType elt = apShloElt(tt);
  int hot = oneHot(s, op, ids, idsType, nb, dt[0], elt);
  /* out[b..., h...] += onehot[b..., v] * table[v, h...]; v is the last loop. */
  int loops = ro + 1;
  char iters[SHLO_MAX_RANK + 2] = {0};
  for (int l = 0; l < loops; ++l)
    iters[l] = l < ro ? 'p' : 'r';
  apShloGeneric g = {.loops = loops, .iters = iters, .nIn = 2, .outType = ot};
  g.in[0] = hot;
  int64_t hs[SHLO_MAX_RANK + 1];
  for (int k = 0; k < nb; ++k)
    hs[k] = dout[k];
  hs[nb] = dt[0];
  g.inType[0] = mlirRankedTensorTypeGet(nb + 1, hs, elt, mlirAttributeGetNull());
  g.inRank[0] = nb + 1;
  apShloIdentity(g.inMap[0], nb);
  g.inMap[0][nb] = ro;
  g.in[1] = apShloId(s, table, op);
  g.inType[1] = tt;
  g.inRank[1] = rt;
  g.inMap[1][0] = ro;
  for (int d = 1; d < rt; ++d)
    g.inMap[1][d] = nb + d - 1;
  apShloIdentity(g.outMap, ro);
  if (g.in[1] < 0 || loops > SHLO_MAX_RANK)
    return false;
  apBuf body = {0};
  macBody(&body, elt);
  g.body = body.failed ? "" : body.data;
  g.init = apShloFilled(s, op, ot, apShloZero(elt));
  apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  apBufFree(&body);
  return true;
}

/* Whether the region is `return(add(arg0, arg1))`. */
static bool isAddRegion(MlirRegion r) {
  MlirBlock b = mlirRegionGetFirstBlock(r);
  if (mlirBlockIsNull(b) || mlirBlockGetNumArguments(b) != 2)
    return false;
  MlirOperation add = mlirBlockGetFirstOperation(b);
  if (!apOpNameIs(add, "stablehlo.add") || mlirOperationGetNumOperands(add) != 2 ||
      mlirOperationGetNumResults(add) != 1)
    return false;
  for (int i = 0; i < 2; ++i)
    if (!mlirValueEqual(mlirOperationGetOperand(add, i), mlirBlockGetArgument(b, i)) &&
        !mlirValueEqual(mlirOperationGetOperand(add, i), mlirBlockGetArgument(b, 1 - i)))
      return false;
  MlirOperation ret = mlirOperationGetNextInBlock(add);
  return apOpNameIs(ret, "stablehlo.return") && mlirOperationGetNumOperands(ret) == 1 &&
         mlirValueEqual(mlirOperationGetOperand(ret, 0), mlirOperationGetResult(add, 0));
}

bool apShloScatter(apShlo *s, MlirOperation op) {
  if (mlirOperationGetNumOperands(op) != 3 || mlirOperationGetNumResults(op) != 1 ||
      !isAddRegion(mlirOperationGetRegion(op, 0))) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.scatter is supported only as an "
                  "embedding gradient (a scatter-add of rows)");
    return false;
  }
  MlirValue table = mlirOperationGetOperand(op, 0), upd = mlirOperationGetOperand(op, 2);
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType tt = mlirValueGetType(table), ut = mlirValueGetType(upd);
  int rt, ru, nb = 0;
  int64_t dt[SHLO_MAX_RANK], du[SHLO_MAX_RANK], v[1];
  if (!apShloShape(op, tt, &rt, dt) || !apShloShape(op, ut, &ru, du))
    return false;
  MlirAttribute dn = apShloAttr(op, "scatter_dimension_numbers");
  char word[24];
  bool ok = rt >= 1 && supportedTable(apShloElt(tt)) &&
            mlirTypeEqual(apShloElt(tt), apShloElt(ut)) &&
            apShloAttrList(dn, "inserted_window_dims", v, 1) == 1 && v[0] == 0 &&
            apShloAttrList(dn, "scatter_dims_to_operand_dims", v, 1) == 1 && v[0] == 0 &&
            apShloAttrList(dn, "input_batching_dims", v, 1) == 0 &&
            apShloAttrWord(dn, "index_vector_dim", word, sizeof word);
  MlirType idsType;
  int ids = ok ? batchIds(s, op, mlirOperationGetOperand(op, 1), atoll(word), &nb, &idsType) : -1;
  ok = ok && ids >= 0 && ru == nb + rt - 1 && isList(dn, "update_window_dims", nb, rt - 1);
  for (int d = 1; ok && d < rt; ++d)
    ok = du[nb + d - 1] == dt[d];
  for (int k = 0; ok && k < nb; ++k)
    ok = du[k] == mlirShapedTypeGetDimSize(idsType, k);
  if (!ok) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.scatter is supported only as an "
                  "embedding gradient (a scatter-add of whole rows of dim 0 at integer ids)");
    return false;
  }
  MlirType elt = apShloElt(tt);
  int hot = oneHot(s, op, ids, idsType, nb, dt[0], elt);
  /* out[v, h...] = table[v, h...] + sum_b onehot[b..., v] * upd[b..., h...];
   * loops: v, h... then the batch dims (reductions). */
  int loops = rt + nb;
  char iters[2 * SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l < loops; ++l)
    iters[l] = l < rt ? 'p' : 'r';
  if (loops > SHLO_MAX_RANK) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.scatter of this rank is not supported");
    return false;
  }
  apShloGeneric g = {.loops = loops, .iters = iters, .nIn = 2, .outType = tt};
  int64_t hs[SHLO_MAX_RANK + 1];
  for (int k = 0; k < nb; ++k)
    hs[k] = du[k];
  hs[nb] = dt[0];
  g.in[0] = hot;
  g.inType[0] = mlirRankedTensorTypeGet(nb + 1, hs, elt, mlirAttributeGetNull());
  g.inRank[0] = nb + 1;
  for (int k = 0; k < nb; ++k)
    g.inMap[0][k] = rt + k;
  g.inMap[0][nb] = 0;
  g.in[1] = apShloId(s, upd, op);
  g.inType[1] = ut;
  g.inRank[1] = ru;
  for (int k = 0; k < nb; ++k)
    g.inMap[1][k] = rt + k;
  for (int d = 1; d < rt; ++d)
    g.inMap[1][nb + d - 1] = d;
  apShloIdentity(g.outMap, rt);
  if (g.in[1] < 0 || (g.init = apShloId(s, table, op)) < 0)
    return false;
  apBuf body = {0};
  macBody(&body, elt);
  g.body = body.failed ? "" : body.data;
  apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  apBufFree(&body);
  return true;
}
