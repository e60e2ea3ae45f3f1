/* Plans as JSON files, written whole or not at all. */
#include "PassCommon.h"

#include "ap/ClusterAttr.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static apPlanListener planListener;
static void *planListenerUser;

void apSetPlanListener(apPlanListener listener, void *user) {
  planListener = listener;
  planListenerUser = user;
}

/* Hands a written plan to the driver's listener with the module's cluster:
 * a pipeline plan names no devices of its own. */
static void notifyListener(struct json_object *root, MlirOperation module,
                           const char *passName) {
  apCluster c;
  char err[256];
  json_object *cluster = NULL;
  if (apClusterFromModule(module, &c, err, sizeof err) == 0) {
    char *spec = apClusterToJSON(&c);
    cluster = spec ? json_tokener_parse(spec) : NULL;
    free(spec);
  }
  planListener(passName, root, cluster, planListenerUser);
  json_object_put(cluster);
}

bool apWritePlanFile(struct json_object *root, const char *path, MlirOperation module,
                     MlirExternalPass pass, const char *passName) {
  size_t n = strlen(path) + 32;
  char *tmp = malloc(n);
  if (!tmp)
    return false;
  snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
  bool ok = json_object_to_file_ext(tmp, root, JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_SPACED) == 0 &&
            rename(tmp, path) == 0;
  if (!ok) {
    remove(tmp);
    char msg[512];
    snprintf(msg, sizeof msg, "%s: cannot write the plan to '%s'", passName, path);
    mlirEmitError(mlirOperationGetLocation(module), msg);
    mlirExternalPassSignalFailure(pass);
  }
  free(tmp);
  if (ok && planListener)
    notifyListener(root, module, passName);
  return ok;
}

/* "16GiB", "512MiB", "1e9", "none"; -1 on a malformed size. */
double apParseBytes(const char *s) {
  if (!strcmp(s, "none"))
    return 0;
  char *end;
  double v = strtod(s, &end);
  if (end == s || v < 0)
    return -1;
  static const struct {
    const char *unit;
    double scale;
  } units[] = {{"", 1},       {"B", 1},          {"KB", 1e3},        {"MB", 1e6},
               {"GB", 1e9},   {"TB", 1e12},      {"KiB", 1024.0},    {"MiB", 1048576.0},
               {"GiB", 1073741824.0}, {"TiB", 1099511627776.0}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; ++i)
    if (!strcmp(end, units[i].unit))
      return v * units[i].scale;
  return -1;
}
