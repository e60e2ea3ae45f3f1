/* Builders and accessors of the `ap` ops (generic form: IRDL ops have no
 * custom syntax or C++ classes). */
#include "ap/Dialect.h"

#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

static MlirNamedAttribute namedInt(MlirContext ctx, const char *name, int64_t v) {
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, str(name)),
                               mlirIntegerAttrGet(i64, v));
}

static MlirOperation create(MlirLocation loc, const char *name, intptr_t nOperands,
                            MlirValue *operands, intptr_t nResults,
                            MlirType *results, intptr_t nAttrs,
                            MlirNamedAttribute *attrs) {
  MlirOperationState st = mlirOperationStateGet(str(name), loc);
  mlirOperationStateAddOperands(&st, nOperands, operands);
  mlirOperationStateAddResults(&st, nResults, results);
  mlirOperationStateAddAttributes(&st, nAttrs, attrs);
  return mlirOperationCreate(&st);
}

MlirOperation apBoundaryCreate(MlirLocation loc, MlirValue value, int64_t stage) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirType t = mlirValueGetType(value);
  MlirNamedAttribute a[] = {namedInt(ctx, "stage", stage)};
  return create(loc, "ap.boundary", 1, &value, 1, &t, 1, a);
}

MlirOperation apSendCreate(MlirLocation loc, MlirValue value, int64_t peer,
                           int64_t tag) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirNamedAttribute a[] = {namedInt(ctx, "peer", peer), namedInt(ctx, "tag", tag)};
  return create(loc, "ap.send", 1, &value, 0, NULL, 2, a);
}

MlirOperation apRecvCreate(MlirLocation loc, MlirType type, int64_t peer,
                           int64_t tag) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirNamedAttribute a[] = {namedInt(ctx, "peer", peer), namedInt(ctx, "tag", tag)};
  return create(loc, "ap.recv", 0, NULL, 1, &type, 2, a);
}

MlirOperation apScheduleCreate(MlirLocation loc, MlirStringRef kind,
                               int64_t microbatches, MlirAttribute stages,
                               MlirAttribute order) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirNamedAttribute a[] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, str("kind")),
                            mlirStringAttrGet(ctx, kind)),
      namedInt(ctx, "microbatches", microbatches),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, str("stages")), stages),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, str("order")), order),
  };
  return create(loc, "ap.schedule", 0, NULL, 0, NULL, 4, a);
}

static bool isOp(MlirOperation op, const char *name) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == strlen(name) && memcmp(n.data, name, n.length) == 0;
}

bool apIsBoundary(MlirOperation op) { return isOp(op, "ap.boundary"); }
bool apIsSend(MlirOperation op) { return isOp(op, "ap.send"); }
bool apIsRecv(MlirOperation op) { return isOp(op, "ap.recv"); }
bool apIsSchedule(MlirOperation op) { return isOp(op, "ap.schedule"); }

static int64_t intAttr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, str(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a))
    return -1;
  return mlirIntegerAttrGetValueInt(a);
}

int64_t apBoundaryGetStage(MlirOperation op) {
  return apIsBoundary(op) ? intAttr(op, "stage") : -1;
}
int64_t apSendRecvGetPeer(MlirOperation op) {
  return (apIsSend(op) || apIsRecv(op)) ? intAttr(op, "peer") : -1;
}
int64_t apSendRecvGetTag(MlirOperation op) {
  return (apIsSend(op) || apIsRecv(op)) ? intAttr(op, "tag") : -1;
}
