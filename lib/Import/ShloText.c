/* SSA names, types and the linalg ops the importer writes as text. */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

int apShloId(apShlo *s, MlirValue v, MlirOperation user) {
  int id = apPtrMapGet(&s->ids, v.ptr);
  if (id < 0)
    apEmitOpError(user, "ap-import-stablehlo: an operand of this op has no converted value");
  return id;
}

int apShloDefine(apShlo *s, MlirValue v) {
  int id = s->next++;
  apPtrMapPut(&s->ids, v.ptr, id);
  return id;
}

void apShloEndLine(apShlo *s, MlirOperation op) {
  apBufPrintf(s->out, " ");
  mlirLocationPrint(mlirOperationGetLocation(op), apBufAppend, s->out);
  apBufPrintf(s->out, "\n");
}

bool apShloShape(MlirOperation op, MlirType t, int *rank, int64_t *dims) {
  if (!mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t)) {
    apBuf b = {0};
    mlirTypePrint(t, apBufAppend, &b);
    apEmitOpError(op, "ap-import-stablehlo: %.*s has type %s; only static-shaped tensors "
                  "are supported (dynamic shapes are not)",
                  SHLO_NAME(op), b.failed ? "?" : b.data);
    apBufFree(&b);
    return false;
  }
  *rank = (int)mlirShapedTypeGetRank(t);
  if (*rank > SHLO_MAX_RANK) {
    apEmitOpError(op, "ap-import-stablehlo: rank %d is above the supported %d", *rank,
                  SHLO_MAX_RANK);
    return false;
  }
  for (int d = 0; d < *rank; ++d)
    dims[d] = mlirShapedTypeGetDimSize(t, d);
  return true;
}

MlirType apShloElt(MlirType t) { return mlirShapedTypeGetElementType(t); }

bool apShloIsFloat(MlirType elt) { return mlirTypeIsAFloat(elt); }

bool apShloIsBool(MlirType elt) {
  return mlirTypeIsAInteger(elt) && mlirIntegerTypeGetWidth(elt) == 1;
}

MlirType apShloStored(MlirType t) {
  if (!mlirTypeIsARankedTensor(t) || !apShloIsBool(apShloElt(t)))
    return t;
  int64_t dims[SHLO_MAX_RANK];
  intptr_t rank = mlirShapedTypeGetRank(t);
  for (intptr_t d = 0; d < rank && d < SHLO_MAX_RANK; ++d)
    dims[d] = mlirShapedTypeGetDimSize(t, d);
  return mlirRankedTensorTypeGet(rank, dims, mlirIntegerTypeGet(mlirTypeGetContext(t), 8),
                                 mlirAttributeGetNull());
}

MlirAttribute apShloStoredSplat(MlirType t, MlirAttribute splat) {
  MlirType stored = apShloStored(t);
  if (mlirTypeEqual(stored, t))
    return mlirDenseElementsAttrSplatGet(t, mlirDenseElementsAttrGetSplatValue(splat));
  return mlirDenseElementsAttrSplatGet(
      stored, mlirIntegerAttrGet(apShloElt(stored), mlirDenseElementsAttrGetBoolSplatValue(splat)));
}

const char *apShloZero(MlirType elt) {
  if (apShloIsFloat(elt))
    return "0.0";
  if (mlirTypeIsAInteger(elt) && mlirIntegerTypeGetWidth(elt) == 1)
    return "false";
  return "0";
}

void apShloIdentity(int *map, int r) {
  for (int d = 0; d < r; ++d)
    map[d] = d;
}

static void printMap(apBuf *b, int loops, const int *map, int rank) {
  apBufPrintf(b, "affine_map<(");
  for (int l = 0; l < loops; ++l)
    apBufPrintf(b, "%sd%d", l ? ", " : "", l);
  apBufPrintf(b, ") -> (");
  for (int d = 0; d < rank; ++d)
    apBufPrintf(b, "%sd%d", d ? ", " : "", map[d]);
  apBufPrintf(b, ")>");
}

int apShloEmitGeneric(apShlo *s, MlirOperation loc, const apShloGeneric *g, int res) {
  apBuf *b = s->out;
  apBufPrintf(b, "    %%v%d = linalg.generic {indexing_maps = [", res);
  for (int i = 0; i < g->nIn; ++i) {
    printMap(b, g->loops, g->inMap[i], g->inRank[i]);
    apBufPrintf(b, ", ");
  }
  printMap(b, g->loops, g->outMap, (int)mlirShapedTypeGetRank(g->outType));
  apBufPrintf(b, "], iterator_types = [");
  for (int l = 0; l < g->loops; ++l)
    apBufPrintf(b, "%s\"%s\"", l ? ", " : "", g->iters[l] == 'r' ? "reduction" : "parallel");
  apBufPrintf(b, "]}");
  if (g->nIn) {
    apBufPrintf(b, " ins(");
    for (int i = 0; i < g->nIn; ++i)
      apBufPrintf(b, "%s%%v%d", i ? ", " : "", g->in[i]);
    apBufPrintf(b, " : ");
    for (int i = 0; i < g->nIn; ++i) {
      apBufPrintf(b, "%s", i ? ", " : "");
      apShloType(b, g->inType[i]);
    }
    apBufPrintf(b, ")");
  }
  apBufPrintf(b, " outs(%%v%d : ", g->init);
  apShloType(b, g->outType);
  apBufPrintf(b, ") {\n    ^bb0(");
  for (int i = 0; i < g->nIn; ++i) {
    apBufPrintf(b, "%%a%d: ", i);
    apShloType(b, apShloElt(g->inType[i]));
    apBufPrintf(b, ", ");
  }
  apBufPrintf(b, "%%acc: ");
  apShloType(b, apShloElt(g->outType));
  apBufPrintf(b, "):\n%s    } -> ", g->body);
  apShloType(b, g->outType);
  apShloEndLine(s, loc);
  return res;
}

void apShloScalarConstant(apBuf *b, const char *value, MlirType elt) {
  apBufPrintf(b, "arith.constant %s", value);
  /* true and false are typed already. */
  if (strcmp(value, "true") && strcmp(value, "false")) {
    apBufPrintf(b, " : ");
    apShloType(b, elt);
  }
}

int apShloCastBool(apShlo *s, MlirOperation loc, int id, MlirType from, MlirType to) {
  int rank = (int)mlirShapedTypeGetRank(to);
  char iters[SHLO_MAX_RANK + 1] = {0};
  for (int l = 0; l < rank; ++l)
    iters[l] = 'p';
  apShloGeneric g = {.loops = rank, .iters = iters, .nIn = 1, .outType = to};
  g.in[0] = id;
  g.inType[0] = from;
  g.inRank[0] = rank;
  apShloIdentity(g.inMap[0], rank);
  apShloIdentity(g.outMap, rank);
  bool widen = apShloIsBool(apShloElt(from));
  g.body = widen ? "      %s0 = arith.extui %a0 : i1 to i8\n      linalg.yield %s0 : i8\n"
                 : "      %s0 = arith.trunci %a0 : i8 to i1\n      linalg.yield %s0 : i1\n";
  g.init = apShloEmpty(s, loc, to);
  return apShloEmitGeneric(s, loc, &g, apShloFresh(s));
}

int apShloEmpty(apShlo *s, MlirOperation loc, MlirType t) {
  int id = apShloFresh(s);
  apBufPrintf(s->out, "    %%v%d = tensor.empty() : ", id);
  apShloType(s->out, t);
  apShloEndLine(s, loc);
  return id;
}

int apShloFilled(apShlo *s, MlirOperation loc, MlirType t, const char *valueText) {
  int e = apShloEmpty(s, loc, t), c = apShloFresh(s), f = apShloFresh(s);
  MlirType elt = apShloElt(t);
  apBufPrintf(s->out, "    %%v%d = ", c);
  apShloScalarConstant(s->out, valueText, elt);
  apShloEndLine(s, loc);
  apBufPrintf(s->out, "    %%v%d = linalg.fill ins(%%v%d : ", f, c);
  apShloType(s->out, elt);
  apBufPrintf(s->out, ") outs(%%v%d : ", e);
  apShloType(s->out, t);
  apBufPrintf(s->out, ") -> ");
  apShloType(s->out, t);
  apShloEndLine(s, loc);
  return f;
}

MlirAttribute apShloSplatOf(MlirValue v) {
  if (!mlirValueIsAOpResult(v))
    return (MlirAttribute){NULL};
  MlirOperation def = mlirOpResultGetOwner(v);
  if (!apOpNameIs(def, "stablehlo.constant"))
    return (MlirAttribute){NULL};
  MlirAttribute a = mlirOperationGetAttributeByName(def, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseElements(a) ||
      !mlirDenseElementsAttrIsSplat(a))
    return (MlirAttribute){NULL};
  return a;
}

bool apShloSplatText(MlirAttribute splat, char *buf, int size) {
  apBuf b = {0};
  apShloAttrText(&b, mlirDenseElementsAttrGetSplatValue(splat));
  bool ok = !b.failed && b.len > 0 && (int)b.len < size;
  if (ok) {
    /* "1.0 : f32" -> "1.0"; booleans print bare. */
    char *colon = strstr(b.data, " : ");
    snprintf(buf, (size_t)size, "%.*s", (int)(colon ? (size_t)(colon - b.data) : b.len), b.data);
  }
  apBufFree(&b);
  return ok;
}
