/* --ap-annotate-cluster: validates a cluster spec and records it on the
 * module as `ap.cluster`, the one source every later pass reads. */
#include "PassCommon.h"

static const apPassOptionInfo options[] = {
    {"cluster", AP_OPT_STRING, "",
     "a preset name (e.g. dgx-h100, dgx-h100:2) or a JSON spec file"},
    {"mesh", AP_OPT_STRING, "", "logical mesh shape overriding the spec's, e.g. 2x4"},
    {NULL, 0, NULL, NULL},
};

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  const char *spec = apOptString(opts, "cluster");
  apCluster c;
  if (!*spec) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "ap-annotate-cluster: no cluster given (cluster=PRESET|FILE)");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  if (!apPassCluster(module, "ap-annotate-cluster", spec, apOptString(opts, "mesh"), &c))
    mlirExternalPassSignalFailure(pass);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apAnnotateClusterPassInfo, run, o, onError, user);
}

const apPassInfo apAnnotateClusterPassInfo = {
    "ap-annotate-cluster",
    "Validate a cluster spec and record it on the module as `ap.cluster`",
    options, create, NULL};

MlirPass apCreateAnnotateClusterPass(MlirStringRef options,
                                     MlirStringCallback onError, void *user) {
  return create(options, onError, user);
}
