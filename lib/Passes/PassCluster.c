/* The cluster a pass works on, from its options or the module. */
#include "PassCommon.h"

#include "ap/ClusterAttr.h"

#include <stdio.h>
#include <stdlib.h>

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
    if (*s == 'x' && s[1])
      ++s;
    else if (*s)
      return -1;
  }
  return rank ? rank : -1;
}

bool apPassCluster(MlirOperation module, const char *passName, const char *spec,
                   const char *mesh, apCluster *c) {
  MlirLocation loc = mlirOperationGetLocation(module);
  char err[512], msg[1024];
  if (*spec) {
    if (apClusterLoad(spec, c, err, sizeof err)) {
      snprintf(msg, sizeof msg, "invalid cluster spec '%s': %s", spec, err);
      mlirEmitError(loc, msg);
      return false;
    }
  } else if (apClusterFromModule(module, c, err, sizeof err)) {
    snprintf(msg, sizeof msg, "%s: %s", passName, err);
    mlirEmitError(loc, msg);
    return false;
  }
  if (*mesh) {
    int64_t shape[AP_MAX_MESH_RANK];
    int rank = parseMesh(mesh, shape);
    if (rank < 0) {
      snprintf(msg, sizeof msg, "%s: invalid mesh '%s': expected positive sizes like 2x4",
               passName, mesh);
      mlirEmitError(loc, msg);
      return false;
    }
    if (apClusterSetMesh(c, rank, shape, err, sizeof err)) {
      snprintf(msg, sizeof msg, "%s: invalid mesh '%s' for cluster '%s': %s", passName, mesh,
               *spec ? spec : c->name, err);
      mlirEmitError(loc, msg);
      return false;
    }
  }
  if (*spec || *mesh) {
    MlirAttribute a = apClusterToAttr(mlirOperationGetContext(module), c);
    if (mlirAttributeIsNull(a)) {
      snprintf(msg, sizeof msg, "%s: could not encode the cluster spec", passName);
      mlirEmitError(loc, msg);
      return false;
    }
    mlirOperationSetAttributeByName(module, apStr(AP_CLUSTER_ATTR_NAME), a);
  }
  return true;
}
