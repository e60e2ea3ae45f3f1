/* The ap dialect's C builders and accessors: ops built in C verify, print in
 * generic form, parse back, and the accessors read what was built. */
#include "ApTest.h"
#include "ap/Dialect.h"
#include "ap/Passes.h"

#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/IR.h"
#include "mlir-c/RegisterEverything.h"

static void append(MlirStringRef s, void *u) {
  char **buf = u;
  size_t n = *buf ? strlen(*buf) : 0;
  *buf = realloc(*buf, n + s.length + 1);
  memcpy(*buf + n, s.data, s.length);
  (*buf)[n + s.length] = 0;
}

int main(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  CHECK(mlirLogicalResultIsSuccess(apRegisterAndLoadDialects(ctx)));
  /* Loading twice is harmless. */
  CHECK(mlirLogicalResultIsSuccess(apLoadDialect(ctx)));

  MlirModule m = mlirModuleCreateParse(
      ctx, mlirStringRefCreateFromCString(
               "func.func @stage_0(%x: tensor<4xf32>) -> tensor<4xf32> {\n"
               "  return %x : tensor<4xf32>\n}\n"));
  CHECK(!mlirModuleIsNull(m));
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  MlirOperation ret = mlirBlockGetFirstOperation(body);
  MlirValue x = mlirBlockGetArgument(body, 0);
  MlirLocation loc = mlirLocationUnknownGet(ctx);

  MlirOperation boundary = apBoundaryCreate(loc, x, 0);
  mlirBlockInsertOwnedOperationBefore(body, ret, boundary);
  MlirOperation send = apSendCreate(loc, mlirOperationGetResult(boundary, 0), 1, 7);
  mlirBlockInsertOwnedOperationBefore(body, ret, send);
  MlirOperation recv = apRecvCreate(loc, mlirValueGetType(x), 1, 8);
  mlirBlockInsertOwnedOperationBefore(body, ret, recv);
  MlirAttribute stage = mlirFlatSymbolRefAttrGet(ctx, mlirStringRefCreateFromCString("stage_0"));
  MlirAttribute step = mlirArrayAttrGet(
      ctx, 2, (MlirAttribute[]){mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), 0),
                                mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), 1)});
  MlirAttribute order = mlirArrayAttrGet(ctx, 1, &step);
  MlirOperation sched = apScheduleCreate(loc, mlirStringRefCreateFromCString("1f1b"), 4,
                                         mlirArrayAttrGet(ctx, 1, &stage), order);
  mlirBlockInsertOwnedOperationBefore(body, ret, sched);
  CHECK(mlirOperationVerify(mlirModuleGetOperation(m)));

  CHECK(apIsBoundary(boundary) && apBoundaryGetStage(boundary) == 0);
  CHECK(apIsSend(send) && apSendRecvGetPeer(send) == 1 && apSendRecvGetTag(send) == 7);
  CHECK(apIsRecv(recv) && apSendRecvGetPeer(recv) == 1 && apSendRecvGetTag(recv) == 8);
  CHECK(apIsSchedule(sched) && !apIsSend(sched));
  CHECK(apSendRecvGetPeer(boundary) == -1 && apBoundaryGetStage(send) == -1);

  /* Round trip through text. */
  char *text = NULL;
  mlirOperationPrint(mlirModuleGetOperation(m), append, &text);
  CHECK(text && strstr(text, "\"ap.send\"") && strstr(text, "tag = 7 : i64") &&
        strstr(text, "kind = \"1f1b\""));
  MlirModule again = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(text));
  CHECK(!mlirModuleIsNull(again) && mlirOperationVerify(mlirModuleGetOperation(again)));
  free(text);
  mlirModuleDestroy(again);
  mlirModuleDestroy(m);
  mlirContextDestroy(ctx);
  return ap_test_summary("dialect");
}
