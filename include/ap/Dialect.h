/* The `ap` dialect (IRDL): pipeline stage boundaries, stage-to-stage
 * send/recv and the pipeline schedule, with C builders and accessors. */
#ifndef AP_DIALECT_H
#define AP_DIALECT_H

#include <stdint.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the `ap` dialect into `ctx` (idempotent). */
MlirLogicalResult apLoadDialect(MlirContext ctx);

/* Builders: the op is created detached; insert it with mlirBlockInsert*. */
MlirOperation apBoundaryCreate(MlirLocation loc, MlirValue value, int64_t stage);
MlirOperation apSendCreate(MlirLocation loc, MlirValue value, int64_t peer,
                           int64_t tag);
MlirOperation apRecvCreate(MlirLocation loc, MlirType type, int64_t peer,
                           int64_t tag);
/* `stages`: an array attribute of symbol refs; `order`: an array attribute
 * (one entry per device group, each an array of steps). */
MlirOperation apScheduleCreate(MlirLocation loc, MlirStringRef kind,
                               int64_t microbatches, MlirAttribute stages,
                               MlirAttribute order);

/* Accessors. Each returns false / -1 when `op` is not of that kind. */
bool apIsBoundary(MlirOperation op);
bool apIsSend(MlirOperation op);
bool apIsRecv(MlirOperation op);
bool apIsSchedule(MlirOperation op);
int64_t apBoundaryGetStage(MlirOperation op);
int64_t apSendRecvGetPeer(MlirOperation op);
int64_t apSendRecvGetTag(MlirOperation op);

#ifdef __cplusplus
}
#endif

#endif
