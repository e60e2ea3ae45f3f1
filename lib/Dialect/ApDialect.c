/* Loads the `ap` dialect from its IRDL definition, embedded at build time. */
#include "ap/Dialect.h"

#include "mlir-c/Dialect/IRDL.h"

extern const char apDialectIRDL[];

MlirLogicalResult apLoadDialect(MlirContext ctx) {
  MlirDialectHandle irdl = mlirGetDialectHandle__irdl__();
  mlirDialectHandleLoadDialect(irdl, ctx);
  /* IRDL dialects are registered once per context; a second load would
   * redefine them. */
  if (!mlirDialectIsNull(mlirContextGetOrLoadDialect(
          ctx, mlirStringRefCreateFromCString("ap"))))
    return mlirLogicalResultSuccess();
  MlirModule defs = mlirModuleCreateParse(
      ctx, mlirStringRefCreateFromCString(apDialectIRDL));
  if (mlirModuleIsNull(defs))
    return mlirLogicalResultFailure();
  MlirLogicalResult result = mlirLoadIRDLDialects(defs);
  mlirModuleDestroy(defs);
  return result;
}
