/* --lower-to-cpu: a partitioned per-device program to the LLVM dialect, one
 * binary for every rank: shard ops to runtime calls (ShardToRuntime.c),
 * then upstream bufferization with buffer deallocation and the usual
 * conversions. --ap-check-lowered ends it: any op left outside the LLVM
 * dialect is an error, never silently passed on to translation. */
#include "PassCommon.h"

#include <stdio.h>
#include <string.h>

static const char upstream[] =
    "inline,symbol-dce,"
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
    "func.func(convert-linalg-to-loops),expand-strided-metadata,lower-affine,"
    "convert-scf-to-cf,func.func(math-expand-ops),convert-math-to-llvm,convert-math-to-libm,"
    "arith-expand{include-bf16=true},"
    "convert-arith-to-llvm,convert-index-to-llvm,finalize-memref-to-llvm,"
    "convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts";

typedef struct {
  MlirOperation bad;
} apCheck;

static MlirWalkResult check(MlirOperation op, void *user) {
  apCheck *c = user;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  if ((n.length > 5 && !strncmp(n.data, "llvm.", 5)) ||
      (n.length == 14 && !strncmp(n.data, "builtin.module", 14)))
    return MlirWalkResultAdvance;
  c->bad = op;
  return MlirWalkResultInterrupt;
}

static void runCheck(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  (void)opts;
  apCheck c = {{NULL}};
  mlirOperationWalk(module, check, &c, MlirWalkPreOrder);
  if (mlirOperationIsNull(c.bad))
    return;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(c.bad));
  char msg[256];
  snprintf(msg, sizeof msg, "ap-check-lowered: '%.*s' was not lowered to the LLVM dialect",
           (int)n.length, n.data);
  mlirEmitError(mlirOperationGetLocation(c.bad), msg);
  mlirExternalPassSignalFailure(pass);
}

static const apPassOptionInfo noOptions[] = {{NULL, 0, NULL, NULL}};

static MlirPass createCheck(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apCheckLoweredPassInfo, runCheck, o, onError, user);
}

const apPassInfo apCheckLoweredPassInfo = {
    "ap-check-lowered", "Fail on any op outside the LLVM dialect (ends --lower-to-cpu)",
    noOptions, createCheck, NULL};

MlirLogicalResult apAddRuntimeLowering(MlirPassManager pm, const char *upstreamPipeline,
                                       MlirStringCallback onError, void *user) {
  MlirPass shard = apShardToRuntimePassInfo.create(apStr(""), onError, user);
  if (!shard.ptr)
    return mlirLogicalResultFailure();
  mlirPassManagerAddOwnedPass(pm, shard);
  return mlirOpPassManagerAddPipeline(mlirPassManagerGetAsOpPassManager(pm),
                                      apStr(upstreamPipeline), onError, user);
}

static MlirLogicalResult addPipeline(MlirPassManager pm, MlirStringRef options,
                                     MlirStringCallback onError, void *user) {
  if (options.length) {
    apReportf(onError, user, "lower-to-cpu takes no options, got '%.*s'", (int)options.length,
              options.data);
    return mlirLogicalResultFailure();
  }
  if (mlirLogicalResultIsFailure(apAddRuntimeLowering(pm, upstream, onError, user)))
    return mlirLogicalResultFailure();
  MlirPass chk = createCheck(apStr(""), onError, user);
  if (!chk.ptr)
    return mlirLogicalResultFailure();
  mlirPassManagerAddOwnedPass(pm, chk);
  return mlirLogicalResultSuccess();
}

const apPassInfo apLowerToCpuPassInfo = {
    "lower-to-cpu",
    "Lower a partitioned module to the LLVM dialect for CPU ranks over MPI "
    "(ap-shard-to-runtime, bufferization with deallocation, upstream conversions, "
    "ap-check-lowered)",
    noOptions, NULL, addPipeline};
