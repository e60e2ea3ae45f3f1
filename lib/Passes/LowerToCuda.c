/* --lower-to-cuda: a partitioned per-device program to CUDA C++. Shard ops
 * become runtime calls (ShardToRuntime.c, the same ABI as the CPU path),
 * named linalg ops generics, then upstream bufferization with every buffer
 * result turned into an out-parameter, so each function's buffers are its
 * own; --ap-emit-cuda writes the sources (lib/Target/CUDA). */
#include "PassCommon.h"

#include "ap/CudaTarget.h"

static const char upstream[] =
    "linalg-generalize-named-ops,"
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-results-to-out-params{hoist-static-allocs modify-public-functions},"
    "lower-affine,canonicalize,cse";

static const apPassOptionInfo options[] = {
    {"dir", AP_OPT_STRING, "", "the folder to write the program into (required)"},
    {NULL, 0, NULL, NULL},
};

static void runEmit(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  if (!apEmitCuda(module, apOptString(opts, "dir")))
    mlirExternalPassSignalFailure(pass);
}

/* Options parse and name a folder. */
static bool validOptions(MlirStringRef o, MlirStringCallback onError, void *user) {
  apOptions opts;
  if (!apOptionsParse(&apEmitCudaPassInfo, o, &opts, onError, user))
    return false;
  bool hasDir = apOptString(&opts, "dir")[0] != 0;
  apOptionsFree(&opts);
  if (!hasDir)
    apReportf(onError, user, "--lower-to-cuda and --ap-emit-cuda need dir=FOLDER");
  return hasDir;
}

static MlirPass createEmit(MlirStringRef o, MlirStringCallback onError, void *user) {
  if (!validOptions(o, onError, user))
    return (MlirPass){NULL};
  return apMakePass(&apEmitCudaPassInfo, runEmit, o, onError, user);
}

const apPassInfo apEmitCudaPassInfo = {
    "ap-emit-cuda",
    "Write a bufferized module as CUDA C++ with its runtime and a Makefile (ends "
    "--lower-to-cuda)",
    options, createEmit, NULL};

static MlirLogicalResult addPipeline(MlirPassManager pm, MlirStringRef o,
                                     MlirStringCallback onError, void *user) {
  if (!validOptions(o, onError, user))
    return mlirLogicalResultFailure();
  if (mlirLogicalResultIsFailure(apAddRuntimeLowering(pm, upstream, onError, user)))
    return mlirLogicalResultFailure();
  MlirPass emit = createEmit(o, onError, user);
  if (!emit.ptr)
    return mlirLogicalResultFailure();
  mlirPassManagerAddOwnedPass(pm, emit);
  return mlirLogicalResultSuccess();
}

const apPassInfo apLowerToCudaPassInfo = {
    "lower-to-cuda",
    "Lower a partitioned module to CUDA C++ in dir=FOLDER: kernels from the linalg "
    "bodies, cuBLAS for contractions, NCCL for collectives and stage transfers, a "
    "Makefile (ap-shard-to-runtime, bufferization, ap-emit-cuda)",
    options, NULL, addPipeline};
