/* Finding ops in a module: the step function, a symbol by name. */
#include "IrText.h"
#include "PassCommon.h"

#include "mlir-c/BuiltinAttributes.h"

MlirOperation apStepFunction(MlirOperation module) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirOperation found = {NULL};
  int n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!apOpNameIs(op, "func.func") ||
        mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))) ||
        !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, apStr("sym_visibility"))))
      continue;
    found = op;
    ++n;
  }
  return n == 1 ? found : (MlirOperation){NULL};
}

MlirOperation apLookupSymbol(MlirOperation module, const char *name) {
  MlirSymbolTable table = mlirSymbolTableCreate(module);
  MlirOperation op = mlirSymbolTableLookup(table, apStr(name));
  mlirSymbolTableDestroy(table);
  return op;
}
