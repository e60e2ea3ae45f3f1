/* Dialects ap's passes create or read. */
#include "ap/Dialect.h"
#include "ap/Passes.h"

#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/Linalg.h"
#include "mlir-c/Dialect/Shard.h"
#include "mlir-c/Dialect/Tensor.h"

MlirLogicalResult apRegisterAndLoadDialects(MlirContext ctx) {
  MlirDialectHandle handles[] = {
      mlirGetDialectHandle__func__(),  mlirGetDialectHandle__shard__(),
      mlirGetDialectHandle__linalg__(), mlirGetDialectHandle__tensor__(),
      mlirGetDialectHandle__arith__(),
  };
  for (size_t i = 0; i < sizeof handles / sizeof handles[0]; ++i) {
    mlirDialectHandleRegisterDialect(handles[i], ctx);
    mlirDialectHandleLoadDialect(handles[i], ctx);
  }
  return apLoadDialect(ctx);
}
