/* What every ap pass shares: the external-pass wrapper and small helpers. */
#ifndef AP_PASSES_PASSCOMMON_H
#define AP_PASSES_PASSCOMMON_H

#include "PassOptions.h"

#include "mlir-c/Diagnostics.h"

/* The body of a pass. Report errors with mlirEmitError on an op's location
 * and call mlirExternalPassSignalFailure(pass). */
typedef void (*apPassRunFn)(MlirOperation module, const apOptions *opts,
                            MlirExternalPass pass);

/* Parses `options` and wraps `run` as an MlirPass on builtin.module. Returns
 * a null pass (and reports through onError) on bad options. */
MlirPass apMakePass(const apPassInfo *info, apPassRunFn run,
                    MlirStringRef options, MlirStringCallback onError,
                    void *user);

/* The cluster for a pass: the spec `spec` (preset or file) when given, else
 * the module's `ap.cluster`; `mesh` ("2x4", may be "") reshapes it. A given
 * spec or mesh is recorded on the module. Emits the error at the module and
 * returns false on failure. */
#include "ap/Cluster.h"
bool apPassCluster(MlirOperation module, const char *passName, const char *spec,
                   const char *mesh, apCluster *c);

/* Writes `root` (a json_object) pretty-printed to `path` atomically; on
 * failure emits "<passName>: cannot write the plan to ..." at the module and
 * signals the pass's failure. */
/* "16GiB", "512MiB", "1e9", "none" (0); -1 on a malformed size. */
double apParseBytes(const char *s);

struct json_object;
bool apWritePlanFile(struct json_object *root, const char *path, MlirOperation module,
                     MlirExternalPass pass, const char *passName);

extern const apPassInfo apAnnotateClusterPassInfo;
extern const apPassInfo apAutoShardPassInfo;
extern const apPassInfo apShardToRuntimePassInfo;
extern const apPassInfo apCheckLoweredPassInfo;
extern const apPassInfo apLowerToCpuPassInfo;
extern const apPassInfo apLowerToCudaPassInfo;
/* ap-shard-to-runtime, then the upstream pipeline: how both lowerings start
 * (LowerToCpu.c). */
MlirLogicalResult apAddRuntimeLowering(MlirPassManager pm, const char *upstreamPipeline,
                                       MlirStringCallback onError, void *user);
extern const apPassInfo apEmitCudaPassInfo;
extern const apPassInfo apHarnessPassInfo;
extern const apPassInfo apPipelinePlanPassInfo;
extern const apPassInfo apClusterLayersPassInfo;
extern const apPassInfo apPipelinePartitionPassInfo;
extern const apPassInfo apImportStablehloPassInfo;

/* The module's one public func.func with a body (the step), or null when
 * there is none or more than one (ModuleQuery.c). */
MlirOperation apStepFunction(MlirOperation module);
/* The op of `module`'s symbol table named `name`, or null. */
MlirOperation apLookupSymbol(MlirOperation module, const char *name);

static inline MlirStringRef apStr(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

#endif
