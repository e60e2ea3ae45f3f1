#include "IrText.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void apBufType(apBuf *b, MlirType t) { mlirTypePrint(t, apBufAppend, b); }
void apBufAttr(apBuf *b, MlirAttribute a) { mlirAttributePrint(a, apBufAppend, b); }

void apBufShape(apBuf *b, MlirType tensor) {
  apBuf t = {0};
  apBufType(&t, tensor);
  /* tensor<...>: drop "tensor<" and ">". */
  if (!t.failed && t.len > 8)
    apBufPrintf(b, "%.*s", (int)(t.len - 8), t.data + 7);
  else
    b->failed = 1;
  apBufFree(&t);
}


static bool hasSymbol(MlirBlock body, MlirStringRef name) {
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    MlirAttribute a = mlirOperationGetAttributeByName(o, mlirStringRefCreateFromCString("sym_name"));
    if (!mlirAttributeIsNull(a) && mlirStringRefEqual(mlirStringAttrGetValue(a), name))
      return true;
  }
  return false;
}

bool apParseIntoModule(MlirOperation module, const char *text, const char *what) {
  apBuf wrapped = {0};
  apBufPrintf(&wrapped, "module {\n%s\n}\n", text);
  if (wrapped.failed)
    return false;
  MlirOperation parsed = mlirOperationCreateParse(mlirOperationGetContext(module),
                                                  mlirStringRefCreate(wrapped.data, wrapped.len),
                                                  mlirStringRefCreateFromCString(what));
  apBufFree(&wrapped);
  if (mlirOperationIsNull(parsed))
    return false;
  MlirBlock src = mlirRegionGetFirstBlock(mlirOperationGetRegion(parsed, 0));
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation o = mlirBlockGetFirstOperation(src); !mlirOperationIsNull(o);) {
    MlirOperation next = mlirOperationGetNextInBlock(o);
    MlirAttribute a = mlirOperationGetAttributeByName(o, mlirStringRefCreateFromCString("sym_name"));
    /* Declarations the text repeats so it verifies on its own stay behind. */
    if (mlirAttributeIsNull(a) || !hasSymbol(body, mlirStringAttrGetValue(a))) {
      mlirOperationRemoveFromParent(o);
      mlirBlockAppendOwnedOperation(body, o);
    }
    o = next;
  }
  mlirOperationDestroy(parsed);
  return true;
}

const char *apRtTypeSuffix(MlirType t) {
  if (mlirTypeIsAF32(t))
    return "f32";
  if (mlirTypeIsAF64(t))
    return "f64";
  if (mlirTypeIsABF16(t))
    return "bf16";
  if (mlirTypeIsAInteger(t)) {
    switch (mlirIntegerTypeGetWidth(t)) {
    case 64: return "i64";
    case 32: return "i32";
    case 8: return "i8";
    }
  }
  return NULL;
}

MlirOperation apCallInPlaceOf(MlirOperation op, const char *callee, bool noInline) {
  MlirContext ctx = mlirOperationGetContext(op);
  intptr_t no = mlirOperationGetNumOperands(op), nr = mlirOperationGetNumResults(op);
  MlirValue *operands = malloc(sizeof(MlirValue) * (size_t)(no + 1));
  MlirType *types = malloc(sizeof(MlirType) * (size_t)(nr + 1));
  if (!operands || !types)
    abort();
  for (intptr_t i = 0; i < no; ++i)
    operands[i] = mlirOperationGetOperand(op, i);
  for (intptr_t i = 0; i < nr; ++i)
    types[i] = mlirValueGetType(mlirOperationGetResult(op, i));
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("func.call"),
                                                mlirOperationGetLocation(op));
  mlirOperationStateAddOperands(&st, no, operands);
  mlirOperationStateAddResults(&st, nr, types);
  MlirNamedAttribute attrs[2] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("callee")),
                            mlirFlatSymbolRefAttrGet(ctx, mlirStringRefCreateFromCString(callee))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("no_inline")),
                            mlirUnitAttrGet(ctx)),
  };
  mlirOperationStateAddAttributes(&st, noInline ? 2 : 1, attrs);
  MlirOperation call = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(op), op, call);
  for (intptr_t i = 0; i < nr; ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, i), mlirOperationGetResult(call, i));
  free(operands);
  free(types);
  return call;
}
