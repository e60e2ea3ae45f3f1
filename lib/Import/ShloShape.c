/* Ops that move or create data: constant, broadcast_in_dim, reshape,
 * transpose, iota. */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <stdlib.h>

/* Whether some user of constant `v` needs it as a tensor: a splat read by
 * broadcast_in_dim or as a reduction's initial value is written inline. */
static bool needsTensor(MlirValue v, bool splat) {
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    MlirOperation user = mlirOpOperandGetOwner(u);
    unsigned i = mlirOpOperandGetOperandNumber(u);
    bool inline_ = splat && ((apOpNameIs(user, "stablehlo.broadcast_in_dim") && i == 0) ||
                             (apOpNameIs(user, "stablehlo.reduce") &&
                              mlirOperationGetNumOperands(user) == 2 && i == 1));
    if (!inline_)
      return true;
  }
  return false;
}

bool apShloConstant(apShlo *s, MlirOperation op) {
  MlirValue result = mlirOperationGetResult(op, 0);
  int rank;
  int64_t dims[SHLO_MAX_RANK];
  if (!apShloShape(op, mlirValueGetType(result), &rank, dims))
    return false;
  MlirAttribute a = apShloAttr(op, "value");
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseElements(a)) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.constant whose value is not a dense "
                  "elements attribute (e.g. dense_resource) is not supported");
    return false;
  }
  bool splat = mlirDenseElementsAttrIsSplat(a);
  if (!needsTensor(result, splat))
    return true;
  MlirType t = mlirValueGetType(result);
  if (splat) {
    a = apShloStoredSplat(t, a);
  } else if (apShloIsBool(apShloElt(t))) { /* predicates as i8 */
    intptr_t n = mlirElementsAttrGetNumElements(a);
    int8_t *v = malloc((size_t)n + 1);
    if (!v)
      abort();
    for (intptr_t i = 0; i < n; ++i)
      v[i] = (int8_t)mlirDenseElementsAttrGetBoolValue(a, i);
    a = mlirDenseElementsAttrInt8Get(apShloStored(t), n, v);
    free(v);
  }
  apBufPrintf(s->out, "    %%v%d = arith.constant ", apShloDefine(s, result));
  apShloAttrText(s->out, a);
  apShloEndLine(s, op);
  return true;
}

/* Greedy segments of a reshape: runs of source and result dims with equal
 * products; trailing unit dims join the last run. */
typedef struct {
  int n;
  int src[SHLO_MAX_RANK + 1], dst[SHLO_MAX_RANK + 1]; /* run k: [src[k], src[k+1]) */
} apShloRuns;

static bool runsOf(int rs, const int64_t *ds, int rd, const int64_t *dd, apShloRuns *r) {
  int i = 0, j = 0;
  r->n = 0;
  while (i < rs && j < rd) {
    r->src[r->n] = i, r->dst[r->n] = j;
    int64_t ps = ds[i++], pd = dd[j++];
    while (ps != pd) {
      if (ps == 0 || pd == 0)
        return false;
      if (ps < pd && i < rs)
        ps *= ds[i++];
      else if (pd < ps && j < rd)
        pd *= dd[j++];
      else
        return false;
    }
    ++r->n;
  }
  for (; i < rs; ++i)
    if (ds[i] != 1 || r->n == 0)
      return false;
  for (; j < rd; ++j)
    if (dd[j] != 1 || r->n == 0)
      return false;
  r->src[r->n] = rs, r->dst[r->n] = rd;
  return true;
}

/* collapse_shape / expand_shape of `id` with `groups` ([[0, 1], [2]]). */
static int reassoc(apShlo *s, MlirOperation loc, int id, MlirType from, MlirType to,
                   bool expand, const apShloRuns *r, bool bySrc) {
  int res = apShloFresh(s);
  apBufPrintf(s->out, "    %%v%d = tensor.%s %%v%d [", res,
              expand ? "expand_shape" : "collapse_shape", id);
  const int *b = bySrc ? r->src : r->dst;
  for (int k = 0; k < r->n; ++k) {
    apBufPrintf(s->out, "%s[", k ? ", " : "");
    for (int d = b[k]; d < b[k + 1]; ++d)
      apBufPrintf(s->out, "%s%d", d > b[k] ? ", " : "", d);
    apBufPrintf(s->out, "]");
  }
  apBufPrintf(s->out, "]");
  if (expand) {
    apBufPrintf(s->out, " output_shape [");
    for (intptr_t d = 0; d < mlirShapedTypeGetRank(to); ++d)
      apBufPrintf(s->out, "%s%lld", d ? ", " : "", (long long)mlirShapedTypeGetDimSize(to, d));
    apBufPrintf(s->out, "]");
  }
  apBufPrintf(s->out, " : ");
  apShloType(s->out, from);
  apBufPrintf(s->out, " into ");
  apShloType(s->out, to);
  apShloEndLine(s, loc);
  return res;
}

int apShloReshapeValue(apShlo *s, MlirOperation loc, int id, MlirType from, MlirType to) {
  if (mlirTypeEqual(from, to))
    return id;
  int rs, rd;
  int64_t ds[SHLO_MAX_RANK], dd[SHLO_MAX_RANK];
  if (!apShloShape(loc, from, &rs, ds) || !apShloShape(loc, to, &rd, dd))
    return -1;
  apShloRuns r;
  if (rs == 0 || rd == 0) { /* to or from all unit dims: no groups */
    r.n = 0;
    return reassoc(s, loc, id, from, to, rs == 0, &r, true);
  }
  if (!runsOf(rs, ds, rd, dd, &r)) {
    apEmitOpError(loc, "ap-import-stablehlo: a reshape between shapes of different sizes (or "
                  "with zero-sized dims) is not supported");
    return -1;
  }
  bool collapse = false, expand = false;
  for (int k = 0; k < r.n; ++k) {
    collapse |= r.src[k + 1] - r.src[k] > 1;
    expand |= r.dst[k + 1] - r.dst[k] > 1;
  }
  if (collapse && !expand)
    return reassoc(s, loc, id, from, to, false, &r, true);
  if (expand && !collapse)
    return reassoc(s, loc, id, from, to, true, &r, false);
  /* Both: collapse every run to one dim, then expand it. */
  int64_t mid[SHLO_MAX_RANK];
  for (int k = 0; k < r.n; ++k) {
    mid[k] = 1;
    for (int d = r.src[k]; d < r.src[k + 1]; ++d)
      mid[k] *= ds[d];
  }
  MlirType m = mlirRankedTensorTypeGet(r.n, mid, apShloElt(from), mlirAttributeGetNull());
  int c = reassoc(s, loc, id, from, m, false, &r, true);
  return reassoc(s, loc, c, m, to, true, &r, false);
}

bool apShloReshape(apShlo *s, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0), result = mlirOperationGetResult(op, 0);
  int id = apShloId(s, in, op);
  if (id < 0)
    return false;
  int res = apShloReshapeValue(s, op, id, apShloTypeOf(in), apShloTypeOf(result));
  if (res >= 0)
    apPtrMapPut(&s->ids, result.ptr, res);
  return res >= 0;
}

static const char copyBody[] = "      linalg.yield %a0 : ";

/* A generic copying `in` into a new tensor of type rt: dim d of `in` read
 * by loop map[d]. */
static void copyGeneric(apShlo *s, MlirOperation op, int in, MlirType inType, const int *map,
                        MlirType rt, MlirValue result) {
  int rank = (int)mlirShapedTypeGetRank(rt);
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l < rank; ++l)
    iters[l] = 'p';
  apShloGeneric g = {.loops = rank, .iters = iters, .nIn = 1, .outType = rt};
  g.in[0] = in;
  g.inType[0] = inType;
  g.inRank[0] = (int)mlirShapedTypeGetRank(inType);
  for (int d = 0; d < g.inRank[0]; ++d)
    g.inMap[0][d] = map[d];
  apShloIdentity(g.outMap, rank);
  apBuf body = {0};
  apBufPrintf(&body, "%s", copyBody);
  apShloType(&body, apShloElt(rt));
  apBufPrintf(&body, "\n");
  g.body = body.failed ? "" : body.data;
  g.init = apShloEmpty(s, op, rt);
  apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  apBufFree(&body);
}

bool apShloBroadcast(apShlo *s, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0), result = mlirOperationGetResult(op, 0);
  MlirType it = apShloTypeOf(in), rt = apShloTypeOf(result);
  int ri, rr;
  int64_t di[SHLO_MAX_RANK], dr[SHLO_MAX_RANK], bd[SHLO_MAX_RANK];
  if (!apShloShape(op, it, &ri, di) || !apShloShape(op, rt, &rr, dr))
    return false;
  if (apShloI64Array(op, "broadcast_dimensions", bd, SHLO_MAX_RANK) != ri) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.broadcast_in_dim needs one "
                  "broadcast_dimensions entry per operand dim");
    return false;
  }
  MlirAttribute splat = apShloSplatOf(in);
  if (!mlirAttributeIsNull(splat)) { /* a splat constant of the result's shape */
    MlirAttribute a = apShloStoredSplat(mlirValueGetType(result), splat);
    apBufPrintf(s->out, "    %%v%d = arith.constant ", apShloDefine(s, result));
    apShloAttrText(s->out, a);
    apShloEndLine(s, op);
    return true;
  }
  int id = apShloId(s, in, op);
  if (id < 0)
    return false;
  /* Unit dims that grow are dropped first, so the map stays a projected
   * permutation. */
  int kept = 0, map[SHLO_MAX_RANK];
  int64_t kd[SHLO_MAX_RANK];
  bool identity = ri == rr;
  for (int d = 0; d < ri; ++d) {
    if (bd[d] < 0 || bd[d] >= rr || (di[d] != dr[bd[d]] && di[d] != 1)) {
      apEmitOpError(op, "ap-import-stablehlo: stablehlo.broadcast_in_dim with an invalid "
                    "broadcast_dimensions entry");
      return false;
    }
    identity &= bd[d] == d && di[d] == dr[d];
    if (di[d] == dr[bd[d]]) {
      kd[kept] = di[d];
      map[kept++] = (int)bd[d];
    }
  }
  if (identity) {
    apPtrMapPut(&s->ids, result.ptr, id);
    return true;
  }
  if (kept < ri) {
    MlirType k = mlirRankedTensorTypeGet(kept, kd, apShloElt(it), mlirAttributeGetNull());
    if ((id = apShloReshapeValue(s, op, id, it, k)) < 0)
      return false;
    it = k;
  }
  copyGeneric(s, op, id, it, map, rt, result);
  return true;
}

bool apShloTranspose(apShlo *s, MlirOperation op) {
  MlirValue in = mlirOperationGetOperand(op, 0), result = mlirOperationGetResult(op, 0);
  MlirType it = apShloTypeOf(in), rt = apShloTypeOf(result);
  int rank, rr;
  int64_t d[SHLO_MAX_RANK], dr[SHLO_MAX_RANK], perm[SHLO_MAX_RANK];
  if (!apShloShape(op, it, &rank, d) || !apShloShape(op, rt, &rr, dr))
    return false;
  int map[SHLO_MAX_RANK], seen = 0;
  if (apShloI64Array(op, "permutation", perm, SHLO_MAX_RANK) != rank || rr != rank)
    seen = -1;
  for (int i = 0; i < rank && seen >= 0; ++i) {
    if (perm[i] < 0 || perm[i] >= rank || (seen & (1 << perm[i])) || dr[i] != d[perm[i]])
      seen = -1;
    else
      seen |= 1 << perm[i], map[perm[i]] = i; /* result dim i is operand dim perm[i] */
  }
  if (seen < 0) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.transpose without a valid permutation");
    return false;
  }
  int id = apShloId(s, in, op);
  if (id < 0)
    return false;
  copyGeneric(s, op, id, it, map, rt, result);
  return true;
}

bool apShloIota(apShlo *s, MlirOperation op) {
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(result), elt = apShloElt(rt);
  int rank;
  int64_t dims[SHLO_MAX_RANK];
  if (!apShloShape(op, rt, &rank, dims))
    return false;
  MlirAttribute a = apShloAttr(op, "iota_dimension");
  int64_t k = mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a) ? -1 : mlirIntegerAttrGetValueInt(a);
  bool intElt = mlirTypeIsAInteger(elt) && mlirIntegerTypeIsSignless(elt) &&
                mlirIntegerTypeGetWidth(elt) > 1;
  if (k < 0 || k >= rank || !(intElt || apShloIsFloat(elt))) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.iota needs an iota_dimension and an "
                  "integer or float element type");
    return false;
  }
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l < rank; ++l)
    iters[l] = 'p';
  apShloGeneric g = {.loops = rank, .iters = iters, .outType = rt};
  apShloIdentity(g.outMap, rank);
  apBuf body = {0};
  apBufPrintf(&body, "      %%s0 = linalg.index %lld : index\n", (long long)k);
  if (intElt) {
    apBufPrintf(&body, "      %%s1 = arith.index_cast %%s0 : index to ");
  } else {
    apBufPrintf(&body, "      %%s2 = arith.index_cast %%s0 : index to i64\n"
                       "      %%s1 = arith.sitofp %%s2 : i64 to ");
  }
  apShloType(&body, elt);
  apBufPrintf(&body, "\n      linalg.yield %%s1 : ");
  apShloType(&body, elt);
  apBufPrintf(&body, "\n");
  g.body = body.failed ? "" : body.data;
  g.init = apShloEmpty(s, op, rt);
  apShloEmitGeneric(s, op, &g, apShloDefine(s, result));
  apBufFree(&body);
  return true;
}
