/* --ap-import-stablehlo's work: every public StableHLO function becomes one
 * func.func of linalg on tensors, written as text and parsed; the module is
 * changed only once the whole text parses. */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "ap/Import.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>
#include <string.h>

static bool isShloOp(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return (n.length > 10 && !memcmp(n.data, "stablehlo.", 10)) ||
         (n.length > 5 && !memcmp(n.data, "chlo.", 5));
}

static MlirWalkResult findShlo(MlirOperation op, void *found) {
  if (!isShloOp(op))
    return MlirWalkResultAdvance;
  *(bool *)found = true;
  return MlirWalkResultInterrupt;
}

/* A function is StableHLO if it has such ops or calls one that has. */
static bool isShloFunc(MlirOperation module, MlirOperation f, int depth) {
  bool found = false;
  mlirOperationWalk(f, findShlo, &found, MlirWalkPreOrder);
  MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  for (MlirOperation o = mlirBlockIsNull(b) ? (MlirOperation){NULL} : mlirBlockGetFirstOperation(b);
       !found && depth < 8 && !mlirOperationIsNull(o); o = mlirOperationGetNextInBlock(o)) {
    MlirOperation callee = apOpNameIs(o, "func.call")
                               ? apShloLookupFunc(module, apShloAttr(o, "callee"))
                               : (MlirOperation){NULL};
    found = !mlirOperationIsNull(callee) && isShloFunc(module, callee, depth + 1);
  }
  return found;
}

static bool isPublic(MlirOperation f) {
  MlirAttribute v = apShloAttr(f, "sym_visibility");
  return mlirAttributeIsNull(v) || mlirStringRefEqual(mlirStringAttrGetValue(v),
                                                      mlirStringRefCreateFromCString("public"));
}

static MlirWalkResult countValues(MlirOperation op, void *n) {
  *(size_t *)n += (size_t)mlirOperationGetNumResults(op);
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      *(size_t *)n += (size_t)mlirBlockGetNumArguments(b);
  return MlirWalkResultAdvance;
}

/* An argument's attributes that mean something to ap-opt (donation as
 * tf.aliasing_output, ap.*); JAX's own (mhlo.*, jax.*) are dropped. */
static void argAttrs(apBuf *b, MlirAttribute all, intptr_t i) {
  if (mlirAttributeIsNull(all) || !mlirAttributeIsAArray(all) || i >= mlirArrayAttrGetNumElements(all))
    return;
  MlirAttribute d = mlirArrayAttrGetElement(all, i);
  if (!mlirAttributeIsADictionary(d))
    return;
  int n = 0;
  for (intptr_t k = 0; k < mlirDictionaryAttrGetNumElements(d); ++k) {
    MlirNamedAttribute na = mlirDictionaryAttrGetElement(d, k);
    MlirStringRef name = mlirIdentifierStr(na.name);
    if (!(name.length > 3 && (!memcmp(name.data, "tf.", 3) || !memcmp(name.data, "ap.", 3))))
      continue;
    apBufPrintf(b, "%s%.*s = ", n++ ? ", " : " {", (int)name.length, name.data);
    apShloAttrText(b, na.attribute);
  }
  if (n)
    apBufPrintf(b, "}");
}

static bool convertFunc(apShlo *s, MlirOperation f) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  MlirAttribute ft = apShloAttr(f, "function_type");
  if (mlirBlockIsNull(entry) || !mlirBlockIsNull(mlirBlockGetNextInRegion(entry)) ||
      mlirAttributeIsNull(ft) || !mlirAttributeIsAType(ft)) {
    apEmitOpError(f, "ap-import-stablehlo: only single-block functions are supported");
    return false;
  }
  MlirType fty = mlirTypeAttrGetValue(ft);
  MlirStringRef name = mlirStringAttrGetValue(apShloAttr(f, "sym_name"));
  apBuf *b = s->out;
  apBufPrintf(b, "  func.func @%.*s(", (int)name.length, name.data);
  MlirAttribute attrs = apShloAttr(f, "arg_attrs");
  int rank;
  int64_t dims[SHLO_MAX_RANK];
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(entry); ++i) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    if (!apShloShape(f, mlirValueGetType(a), &rank, dims))
      return false;
    apBufPrintf(b, "%s%%v%d: ", i ? ", " : "", apShloDefine(s, a));
    apShloType(b, mlirValueGetType(a));
    argAttrs(b, attrs, i);
  }
  apBufPrintf(b, ") -> (");
  for (intptr_t i = 0; i < mlirFunctionTypeGetNumResults(fty); ++i) {
    apBufPrintf(b, "%s", i ? ", " : "");
    apShloType(b, mlirFunctionTypeGetResult(fty, i));
  }
  apBufPrintf(b, ") {\n");
  /* Predicate arguments and results stay i1; inside they are i8. */
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(entry); ++i) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    MlirType t = mlirValueGetType(a);
    if (!mlirTypeEqual(t, apShloStored(t)))
      apPtrMapPut(&s->ids, a.ptr, apShloCastBool(s, f, apShloId(s, a, f), t, apShloStored(t)));
  }
  MlirOperation ret = {NULL};
  if (!apShloConvertBlock(s, entry, &ret))
    return false;
  intptr_t n = mlirOperationGetNumOperands(ret);
  int *ids = malloc(sizeof(int) * (size_t)(n + 1));
  if (!ids)
    abort();
  for (intptr_t i = 0; i < n; ++i) {
    MlirValue v = mlirOperationGetOperand(ret, i);
    MlirType t = mlirValueGetType(v);
    if ((ids[i] = apShloId(s, v, ret)) < 0) {
      free(ids);
      return false;
    }
    if (!mlirTypeEqual(t, apShloStored(t)))
      ids[i] = apShloCastBool(s, ret, ids[i], apShloStored(t), t);
  }
  apBufPrintf(b, "    return");
  for (intptr_t i = 0; i < n; ++i)
    apBufPrintf(b, "%s %%v%d", i ? "," : "", ids[i]);
  free(ids);
  for (intptr_t i = 0; i < n; ++i) {
    apBufPrintf(b, "%s", i ? ", " : " : ");
    apShloType(b, mlirValueGetType(mlirOperationGetOperand(ret, i)));
  }
  apShloEndLine(s, ret);
  apBufPrintf(b, "  }");
  apShloEndLine(s, f);
  return true;
}

bool apImportStablehlo(MlirOperation module) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  size_t values = 0;
  mlirOperationWalk(module, countValues, &values, MlirWalkPreOrder);
  apBuf text = {0};
  apShlo s = {.module = module, .out = &text};
  if (!apPtrMapInit(&s.ids, values)) {
    apEmitOpError(module, "ap-import-stablehlo: out of memory");
    return false;
  }
  apBufPrintf(&text, "module {\n");
  bool ok = true, any = false;
  for (MlirOperation f = mlirBlockGetFirstOperation(body); ok && !mlirOperationIsNull(f);
       f = mlirOperationGetNextInBlock(f))
    if (apOpNameIs(f, "func.func") && isPublic(f) && isShloFunc(module, f, 0)) {
      any = true;
      ok = convertFunc(&s, f);
    }
  apBufPrintf(&text, "}\n");
  apPtrMapFree(&s.ids);
  MlirOperation parsed = {NULL};
  if (ok && any && !text.failed) {
    parsed = mlirOperationCreateParse(mlirOperationGetContext(module),
                                      mlirStringRefCreate(text.data, text.len),
                                      mlirStringRefCreateFromCString("ap-import-stablehlo"));
    if (mlirOperationIsNull(parsed) || !mlirOperationVerify(parsed)) {
      apEmitOpError(module, "ap-import-stablehlo: the converted functions do not verify "
                    "(diagnostics above); is the StableHLO input valid?");
      ok = false;
    }
  } else if (text.failed) {
    apEmitOpError(module, "ap-import-stablehlo: out of memory");
    ok = false;
  }
  apBufFree(&text);
  if (!ok || !any) {
    if (!mlirOperationIsNull(parsed))
      mlirOperationDestroy(parsed);
    return ok;
  }
  /* Every StableHLO function goes (helpers were inlined), then the new ones
   * take the public ones' place at the end of the module. */
  size_t n = 0, cap = 0;
  MlirOperation *dead = NULL;
  for (MlirOperation f = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(f);
       f = mlirOperationGetNextInBlock(f))
    if (apOpNameIs(f, "func.func") && isShloFunc(module, f, 0)) {
      if (n == cap) {
        cap = cap ? 2 * cap : 16;
        MlirOperation *grown = realloc(dead, cap * sizeof *dead);
        if (!grown)
          abort();
        dead = grown;
      }
      dead[n++] = f;
    }
  for (size_t i = 0; i < n; ++i)
    mlirOperationDestroy(dead[i]);
  free(dead);
  MlirBlock src = mlirRegionGetFirstBlock(mlirOperationGetRegion(parsed, 0));
  for (MlirOperation o = mlirBlockGetFirstOperation(src); !mlirOperationIsNull(o);) {
    MlirOperation next = mlirOperationGetNextInBlock(o);
    mlirOperationRemoveFromParent(o);
    mlirBlockAppendOwnedOperation(body, o);
    o = next;
  }
  mlirOperationDestroy(parsed);
  return true;
}
