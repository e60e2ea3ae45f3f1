/* --ap-annotate-cluster: validates a cluster spec and records it on the
 * module as `ap.cluster`, the one source every later pass reads. */
#include "PassCommon.h"

#include "ap/ClusterAttr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const apPassOptionInfo options[] = {
    {"cluster", AP_OPT_STRING, "",
     "a preset name (e.g. dgx-h100, dgx-h100:2) or a JSON spec file"},
    {"mesh", AP_OPT_STRING, "", "logical mesh shape overriding the spec's, e.g. 2x4"},
    {NULL, 0, NULL, NULL},
};

/* Parses "2x4" into shape; returns the rank or -1. */
static int parseMesh(const char *s, int64_t *shape) {
  int rank = 0;
  while (*s) {
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v <= 0 || rank == AP_MAX_MESH_RANK)
      return -1;
    shape[rank++] = v;
    s = end;
    if (*s == 'x')
      ++s;
    else if (*s)
      return -1;
  }
  return rank;
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  MlirLocation loc = mlirOperationGetLocation(module);
  const char *spec = apOptString(opts, "cluster");
  char err[512], msg[768];
  apCluster c;
  if (!*spec) {
    mlirEmitError(loc, "ap-annotate-cluster: no cluster given (cluster=PRESET|FILE)");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  if (apClusterLoad(spec, &c, err, sizeof err)) {
    snprintf(msg, sizeof msg, "invalid cluster spec '%s': %s", spec, err);
    mlirEmitError(loc, msg);
    mlirExternalPassSignalFailure(pass);
    return;
  }
  const char *mesh = apOptString(opts, "mesh");
  if (*mesh) {
    int64_t shape[AP_MAX_MESH_RANK];
    int rank = parseMesh(mesh, shape);
    if (rank < 0) {
      snprintf(msg, sizeof msg, "invalid mesh '%s': expected positive sizes like 2x4", mesh);
      mlirEmitError(loc, msg);
      mlirExternalPassSignalFailure(pass);
      return;
    }
    if (apClusterSetMesh(&c, rank, shape, err, sizeof err)) {
      snprintf(msg, sizeof msg, "invalid mesh '%s' for cluster '%s': %s", mesh, spec, err);
      mlirEmitError(loc, msg);
      mlirExternalPassSignalFailure(pass);
      return;
    }
  }
  MlirAttribute a = apClusterToAttr(mlirOperationGetContext(module), &c);
  if (mlirAttributeIsNull(a)) {
    mlirEmitError(loc, "ap-annotate-cluster: could not encode the cluster spec");
    mlirExternalPassSignalFailure(pass);
    return;
  }
  mlirOperationSetAttributeByName(module, apStr(AP_CLUSTER_ATTR_NAME), a);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apAnnotateClusterPassInfo, run, o, onError, user);
}

const apPassInfo apAnnotateClusterPassInfo = {
    "ap-annotate-cluster",
    "Validate a cluster spec and record it on the module as `ap.cluster`",
    options, create};

MlirPass apCreateAnnotateClusterPass(MlirStringRef options,
                                     MlirStringCallback onError, void *user) {
  return create(options, onError, user);
}
