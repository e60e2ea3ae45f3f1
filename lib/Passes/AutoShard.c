/* --auto-shard: intra-operator parallelism as in Alpa. For every function:
 * op graph -> strategies from indexing maps -> alpha-beta costs -> ILP (CBC)
 * -> shard dialect annotations that upstream shard-partition turns into SPMD
 * code with collectives. */
#include "AutoShard.h"
#include "PassCommon.h"

#include "ap/ClusterAttr.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlir-c/BuiltinAttributes.h"

static const apPassOptionInfo options[] = {
    {"cluster", AP_OPT_STRING, "",
     "cluster preset or JSON file, recorded as ap.cluster (default: the module's)"},
    {"mesh", AP_OPT_STRING, "", "logical mesh shape overriding the cluster's, e.g. 2x4"},
    {"memory-budget", AP_OPT_STRING, "",
     "bytes per device, e.g. 16GiB, 512MiB, 1e9, or none (default: the device memory)"},
    {"time-limit", AP_OPT_DOUBLE, "60", "ILP time limit in seconds per function"},
    {"solver-log", AP_OPT_INT, "0", "CBC's log level (0 silent, 1 progress), to stderr"},
    {"plan", AP_OPT_STRING, "", "write the plan as JSON to this file"},
    {"recompute-heavy", AP_OPT_BOOL, "false",
     "allow contractions to be computed redundantly across a mesh axis"},
    {"summary", AP_OPT_BOOL, "true", "print a one-screen summary to stderr"},
    {"grid", AP_OPT_STRING, "mesh", "name of the shard.grid symbol to create"},
    {"shrink", AP_OPT_BOOL, "true",
     "merge trivial followers and tie repeated layers before solving"},
    {"data-parallel-axes", AP_OPT_STRING, "",
     "mesh axes held to data parallelism, e.g. 0 or 0,1: on them ops split only the batch "
     "(from ap.role = \"data\" arguments) and replicate the rest"},
    {NULL, 0, NULL, NULL},
};

static void fail(MlirOperation at, MlirExternalPass pass, const char *msg) {
  mlirEmitError(mlirOperationGetLocation(at), msg);
  mlirExternalPassSignalFailure(pass);
}

/* "0,1" -> a mask of mesh axes; -1 when malformed or out of the mesh. */
static int64_t parseAxes(const char *text, int rank) {
  int64_t mask = 0;
  for (const char *p = text; *p;) {
    char *end;
    long a = strtol(p, &end, 10);
    if (end == p || a < 0 || a >= rank || (*end && *end != ','))
      return -1;
    mask |= 1ll << a;
    p = *end ? end + 1 : end;
  }
  return mask;
}

static bool loadCluster(MlirOperation module, const apOptions *opts, apCluster *c,
                        MlirExternalPass pass) {
  if (!apPassCluster(module, "auto-shard", apOptString(opts, "cluster"),
                     apOptString(opts, "mesh"), c)) {
    mlirExternalPassSignalFailure(pass);
    return false;
  }
  if (c->mesh_rank < 1) {
    fail(module, pass, "auto-shard: the cluster spec has no device mesh");
    return false;
  }
  return true;
}

/* The shard.grid for the mesh: reuses one of that name and shape, else
 * creates it at the top of the module under a free name. */
static bool ensureGrid(MlirOperation module, const apCluster *c, const char *want,
                       char *name, size_t len, MlirExternalPass pass) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirAttribute shape = mlirDenseI64ArrayGet(ctx, c->mesh_rank, c->mesh);
  for (int k = 0; k < 1000; ++k) {
    if (k)
      snprintf(name, len, "%s_%d", want, k);
    else
      snprintf(name, len, "%s", want);
    bool taken = false;
    for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
         op = mlirOperationGetNextInBlock(op)) {
      MlirAttribute sym = mlirOperationGetAttributeByName(op, apStr("sym_name"));
      if (mlirAttributeIsNull(sym) || !mlirAttributeIsAString(sym))
        continue;
      MlirStringRef s = mlirStringAttrGetValue(sym);
      if (s.length != strlen(name) || strncmp(s.data, name, s.length))
        continue;
      MlirStringRef opName = mlirIdentifierStr(mlirOperationGetName(op));
      MlirAttribute have = mlirOperationGetAttributeByName(op, apStr("shape"));
      if (opName.length == 10 && !strncmp(opName.data, "shard.grid", 10) &&
          mlirAttributeEqual(have, shape))
        return true;
      taken = true;
    }
    if (taken)
      continue;
    MlirNamedAttribute attrs[] = {
        mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("sym_name")),
                              mlirStringAttrGet(ctx, apStr(name))),
        mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("shape")), shape),
    };
    MlirOperationState st =
        mlirOperationStateGet(apStr("shard.grid"), mlirOperationGetLocation(module));
    mlirOperationStateAddAttributes(&st, 2, attrs);
    mlirBlockInsertOwnedOperation(body, 0, mlirOperationCreate(&st));
    return true;
  }
  fail(module, pass, "auto-shard: no free name for the shard.grid symbol");
  return false;
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  apCluster c;
  if (!loadCluster(module, opts, &c, pass))
    return;
  const char *budgetText = apOptString(opts, "memory-budget");
  double budget = *budgetText ? apParseBytes(budgetText) : 0;
  if (budget < 0) {
    char msg[256];
    snprintf(msg, sizeof msg, "auto-shard: invalid memory-budget '%s'",
             apOptString(opts, "memory-budget"));
    fail(module, pass, msg);
    return;
  }
  if (!*budgetText) {
    /* Default: the smallest device memory of the cluster (none if unknown). */
    budget = 0;
    for (int t = 0; t < c.num_types; ++t) {
      double m = apClusterDeviceMemory(&c, t);
      if (m > 0 && (budget == 0 || m < budget))
        budget = m;
    }
  }
  char grid[128];
  if (!ensureGrid(module, &c, apOptString(opts, "grid"), grid, sizeof grid, pass))
    return;
  int64_t dataAxes = parseAxes(apOptString(opts, "data-parallel-axes"), c.mesh_rank);
  if (dataAxes < 0) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "auto-shard: data-parallel-axes='%s' must list axes of the %d-D mesh, e.g. 0,1",
             apOptString(opts, "data-parallel-axes"), c.mesh_rank);
    fail(module, pass, msg);
    return;
  }
  apGraphOptions gopt = {.recomputeHeavy = apOptBool(opts, "recompute-heavy"),
                         .dataAxes = (apAxisMask)dataAxes};
  json_object *funcs = json_object_new_array();
  bool ok = true;
  /* The functions to plan, listed first: outlining adds functions. */
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  int numFuncs = 0, capFuncs = 0;
  MlirOperation *fns = NULL;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
    if (name.length != 9 || strncmp(name.data, "func.func", 9))
      continue;
    if (mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))))
      continue; /* a declaration */
    if (!mlirAttributeIsNull(mlirOperationGetAttributeByName(op, apStr("ap.outlined"))))
      continue; /* outlined by an earlier run: replicated by construction */
    if (numFuncs == capFuncs) {
      capFuncs = capFuncs ? 2 * capFuncs : 8;
      MlirOperation *p = realloc(fns, sizeof *p * (size_t)capFuncs);
      if (!p)
        abort();
      fns = p;
    }
    fns[numFuncs++] = op;
  }
  int outlined = 0;
  for (int f = 0; ok && f < numFuncs; ++f) {
    MlirOperation op = fns[f];
    MlirStringRef sym = mlirStringAttrGetValue(
        mlirOperationGetAttributeByName(op, apStr("sym_name")));
    char fname[256];
    snprintf(fname, sizeof fname, "%.*s", (int)sym.length, sym.data);
    apGraph g;
    if (apGraphBuild(op, &c, &gopt, &g)) {
      ok = false;
      break;
    }
    apShardPlan plan;
    if (apShardSolve(&g, budget, apOptDouble(opts, "time-limit"), apOptInt(opts, "solver-log"),
                     apOptBool(opts, "shrink"), &plan)) {
      apGraphFree(&g);
      ok = false;
      break;
    }
    apShardReport(&plan, fname, funcs, apOptBool(opts, "summary"));
    ok = apShardRewrite(&plan, grid) == 0;
    apShardPlanFree(&plan);
    apGraphFree(&g);
    int n = ok ? apShardOutline(module, op, &outlined) : 0;
    if (n && apOptBool(opts, "summary"))
      fprintf(stderr, "  %d ops upstream's partitioner cannot take (windowed indexing maps, "
                      "constants of distinct values) replicated in private functions\n", n);
  }
  free(fns);
  if (ok && *apOptString(opts, "plan")) {
    json_object *root = json_object_new_object();
    char *spec = apClusterToJSON(&c);
    json_object *cj = spec ? json_tokener_parse(spec) : NULL;
    free(spec);
    json_object_object_add(root, "cluster", cj);
    json_object_object_add(root, "functions", json_object_get(funcs));
    ok = apWritePlanFile(root, apOptString(opts, "plan"), module, pass, "auto-shard");
    json_object_put(root);
  }
  json_object_put(funcs);
  if (!ok)
    mlirExternalPassSignalFailure(pass);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apAutoShardPassInfo, run, o, onError, user);
}

const apPassInfo apAutoShardPassInfo = {
    "auto-shard",
    "Choose a sharding for every op (Alpa's ILP) and annotate it in the shard dialect",
    options, create, NULL};

MlirPass apCreateAutoShardPass(MlirStringRef options, MlirStringCallback onError,
                               void *user) {
  return create(options, onError, user);
}
