/* --pipeline-partition: splits the step into pipeline stages as the plan on
 * the module (`ap.pipeline`, from --ap-pipeline-plan) or the stages= option
 * says. Each (stage, wave) task becomes a private function, auto-sharded on
 * its stage's submesh (its own shard.grid, replicated at the boundary); the
 * step becomes the driver that runs every stage's steps in the schedule's
 * order with ap.send/ap.recv between stages; `ap.schedule` records the
 * order. PipelineSplit.c and PipelineDriver.c hold the two halves. */
#include "AutoShard.h"
#include "ClusterLayers.h"
#include "IrText.h"
#include "PassCommon.h"
#include "PipelineSplit.h"

#include "ap/ClusterAttr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static const apPassOptionInfo options[] = {
    {"stages", AP_OPT_INT, "0",
     "cut the layers into this many equal stages instead of following ap.pipeline"},
    {"stage-devices", AP_OPT_INT, "1", "with stages=: devices per stage (a 1-D submesh)"},
    {"micro-batches", AP_OPT_INT, "0", "micro-batches (default: the plan's, else 1)"},
    {"schedule", AP_OPT_STRING, "", "1f1b, gpipe or sequential (default: the plan's, else 1f1b)"},
    {"transfers", AP_OPT_STRING, "",
     "how tensors cross stages: sharded (split over the receiving devices and all-gathered "
     "among them, or inside each of their nodes, where the cost model finds it cheaper), "
     "whole, split (wherever the receiver has several devices, gathered by all of them) or "
     "node (likewise, gathered inside each node where the receivers span several); default: "
     "the plan's, else sharded"},
    {"cluster", AP_OPT_STRING, "", "cluster preset or JSON file (default: the module's)"},
    {"memory-budget", AP_OPT_STRING, "", "bytes per device for each stage's ILP (default: none)"},
    {"time-limit", AP_OPT_DOUBLE, "60", "ILP time limit per task function, seconds"},
    {"summary", AP_OPT_BOOL, "true", "print the stages and tasks to stderr"},
    {NULL, 0, NULL, NULL},
};

/* Indexed by apPpTransfers. */
static const char *const transfersNames[] = {"sharded", "whole", "split", "node"};

static bool fail(MlirOperation at, MlirExternalPass pass, const char *msg) {
  mlirEmitError(mlirOperationGetLocation(at), msg);
  mlirExternalPassSignalFailure(pass);
  return false;
}

static int64_t intField(MlirAttribute dict, const char *name, int idx) {
  MlirAttribute a = mlirDictionaryAttrGetElementByName(dict, apStr(name));
  if (mlirAttributeIsNull(a))
    return -1;
  if (mlirAttributeIsAInteger(a))
    return mlirIntegerAttrGetValueInt(a);
  if (mlirAttributeIsADenseI64Array(a) && idx < mlirDenseArrayGetNumElements(a))
    return mlirDenseI64ArrayGetElement(a, idx);
  return -1;
}

/* The stages from `ap.pipeline`. */
static void stringField(MlirAttribute dict, const char *name, char *out, size_t len) {
  MlirAttribute a = mlirDictionaryAttrGetElementByName(dict, apStr(name));
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a)) {
    MlirStringRef v = mlirStringAttrGetValue(a);
    snprintf(out, len, "%.*s", (int)v.length, v.data);
  }
}

/* Replicas of the pipeline: as many stages each, covering the same layers,
 * and `replica_micro_batches` (each replica's count, in order) summing to
 * the micro-batches. */
static bool readReplicas(apPp *pp, MlirAttribute plan, int n, int microBatches) {
  MlirAttribute counts = mlirDictionaryAttrGetElementByName(plan, apStr("replica_micro_batches"));
  int R = pp->numReplicas, P = pp->numStages;
  if (R > AP_PP_MAX_REPLICAS || P * R != n || mlirAttributeIsNull(counts) ||
      !mlirAttributeIsADenseI64Array(counts) || mlirDenseArrayGetNumElements(counts) != R)
    return false;
  for (int r = 0, first = 0; r < R; ++r) {
    pp->mbFirst[r] = first;
    pp->mbCount[r] = (int)mlirDenseI64ArrayGetElement(counts, r);
    first += pp->mbCount[r];
    if (pp->mbCount[r] < 1 || (r == R - 1 && first != microBatches))
      return false;
    for (int s = 0; s < P; ++s) {
      const apPpStage *a = &pp->stages[s], *b = &pp->stages[apPpPhysical(pp, s, r)];
      if (a->firstLayer != b->firstLayer || a->lastLayer != b->lastLayer)
        return false;
    }
  }
  return true;
}

static bool readPlan(apPp *pp, MlirAttribute plan, int *microBatches, char *schedule,
                     char *transfers, size_t len) {
  MlirAttribute st = mlirDictionaryAttrGetElementByName(plan, apStr("stages"));
  if (mlirAttributeIsNull(st) || !mlirAttributeIsAArray(st) ||
      mlirArrayAttrGetNumElements(st) < 1 ||
      mlirArrayAttrGetNumElements(st) > AP_PP_MAX_STAGES)
    return false;
  int n = (int)mlirArrayAttrGetNumElements(st), R = 1;
  for (int s = 0; s < n; ++s) {
    MlirAttribute d = mlirArrayAttrGetElement(st, s);
    if (!mlirAttributeIsADictionary(d))
      return false;
    /* Replicas: optional, stages in replica order. */
    int64_t r = intField(d, "replica", 0);
    if (r < 0)
      r = 0;
    if (r != R - 1 && r != R)
      return false;
    if (r == R)
      ++R;
    apPpStage *x = &pp->stages[s];
    x->firstLayer = (int)intField(d, "layers", 0);
    x->lastLayer = (int)intField(d, "layers", 1);
    x->n = (int)intField(d, "submesh", 0);
    x->m = (int)intField(d, "submesh", 1);
    x->firstDevice = (int)intField(d, "first_device", 0);
    /* Optional: the grid as a logical rows x cols view of the submesh. */
    int64_t rows = intField(d, "mesh", 0), cols = intField(d, "mesh", 1);
    x->rows = rows > 0 ? (int)rows : 0;
    if (x->firstLayer < 0 || x->lastLayer < x->firstLayer || x->n < 1 || x->m < 1 ||
        x->firstDevice < 0 || (rows > 0 && rows * cols != (int64_t)x->n * x->m))
      return false;
  }
  MlirAttribute mb = mlirDictionaryAttrGetElementByName(plan, apStr("micro_batches"));
  if (!mlirAttributeIsNull(mb) && mlirAttributeIsAInteger(mb))
    *microBatches = (int)mlirIntegerAttrGetValueInt(mb);
  pp->numStages = n / R;
  pp->numReplicas = R;
  if (R > 1 && !readReplicas(pp, plan, n, *microBatches))
    return false;
  stringField(plan, "schedule", schedule, len);
  stringField(plan, "transfers", transfers, len);
  return true;
}

static MlirWalkResult collectLayer(MlirOperation op, void *user) {
  int64_t *range = user;
  MlirAttribute a = mlirOperationGetAttributeByName(op, apStr("ap.layer"));
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a)) {
    int64_t l = mlirIntegerAttrGetValueInt(a);
    if (range[0] < 0 || l < range[0])
      range[0] = l;
    if (l > range[1])
      range[1] = l;
  }
  return MlirWalkResultAdvance;
}

/* stages=N: N runs of consecutive layers, as even as the count allows. */
static bool evenStages(apPp *pp, int n, int devices) {
  int64_t range[2] = {-1, -1};
  mlirOperationWalk(pp->func, collectLayer, range, MlirWalkPreOrder);
  int64_t L = range[0] < 0 ? 0 : range[1] - range[0] + 1;
  if (n > AP_PP_MAX_STAGES || L < n)
    return false;
  pp->numStages = n;
  for (int s = 0; s < n; ++s) {
    pp->stages[s].firstLayer = (int)(range[0] + L * s / n);
    pp->stages[s].lastLayer = (int)(range[0] + L * (s + 1) / n - 1);
    pp->stages[s].n = 1;
    pp->stages[s].m = devices;
    pp->stages[s].firstDevice = s * devices;
  }
  return true;
}

static void addGrid(MlirOperation module, const char *name, const apPpStage *st, bool world,
                    int devices) {
  apBuf b = {0};
  if (world)
    apBufPrintf(&b, "shard.grid @%s(shape = %d)\n", name, devices);
  else if (st->rows > 0)
    apBufPrintf(&b, "shard.grid @%s(shape = %dx%d) {ap.first_device = %d : i64}\n", name,
                st->rows, st->n * st->m / st->rows, st->firstDevice);
  else if (st->n > 1)
    apBufPrintf(&b, "shard.grid @%s(shape = %dx%d) {ap.first_device = %d : i64}\n", name, st->n,
                st->m, st->firstDevice);
  else
    apBufPrintf(&b, "shard.grid @%s(shape = %d) {ap.first_device = %d : i64}\n", name, st->m,
                st->firstDevice);
  apParseIntoModule(module, b.data, "pipeline-partition");
  apBufFree(&b);
}

/* Auto-shards task function fn on its stage's submesh. */
static bool shardTask(MlirOperation module, MlirOperation fn, const apCluster *sub,
                      const char *grid, double budget, double timeLimit, int *outlined) {
  apGraphOptions gopt = {.replicatedBoundary = true};
  apGraph g;
  if (apGraphBuild(fn, sub, &gopt, &g))
    return false;
  apShardPlan plan;
  if (apShardSolve(&g, budget, timeLimit, 0, true, &plan)) {
    apGraphFree(&g);
    return false;
  }
  bool ok = apShardRewrite(&plan, grid) == 0;
  apShardPlanFree(&plan);
  apGraphFree(&g);
  if (ok)
    apShardOutline(module, fn, outlined);
  return ok;
}

/* Task functions for replicas 1.. (fns[r * numTasks + t]): copies of
 * replica 0's micro-batch tasks, made before any is sharded (the updates
 * run on replica 0 only). */
static void cloneForReplicas(apPp *pp, MlirOperation *fns) {
  MlirContext ctx = mlirOperationGetContext(pp->module);
  for (int r = apPpReplicas(pp) - 1; r > 0; --r)
    for (int t = 0; t < pp->numTasks && pp->tasks[t].kind == AP_PP_MB; ++t) {
      char name[160];
      apPpTaskName(pp, t, r, name, sizeof name);
      MlirOperation copy = mlirOperationClone(fns[t]);
      mlirOperationSetAttributeByName(copy, apStr("sym_name"), mlirStringAttrGet(ctx, apStr(name)));
      mlirBlockInsertOwnedOperationAfter(mlirOperationGetBlock(fns[t]), fns[t], copy);
      fns[r * pp->numTasks + t] = copy;
    }
}

/* The `ap.schedule` op: kind, micro-batches, the task functions (replica
 * 0's, then each further replica's micro-batch tasks), and per stage its
 * steps as (function, micro-batch) pairs. */
static void recordSchedule(apPp *pp, const apPpOrder *o, const MlirOperation *fns) {
  apBuf b = {0};
  int R = apPpReplicas(pp), mbTasks = 0;
  while (mbTasks < pp->numTasks && pp->tasks[mbTasks].kind == AP_PP_MB)
    ++mbTasks;
  apBufPrintf(&b, "\"ap.schedule\"() {kind = \"%s\", microbatches = %d : i64, stages = [",
              apPpScheduleName(o->kind), pp->microBatches);
  for (int k = 0, n = 0; k < pp->numTasks * R; ++k) {
    if (mlirOperationIsNull(fns[k]))
      continue;
    char name[160];
    apPpTaskName(pp, k % pp->numTasks, k / pp->numTasks, name, sizeof name);
    apBufPrintf(&b, "%s@\"%s\"", n++ ? ", " : "", name);
  }
  apBufPrintf(&b, "], order = [");
  for (int s = 0; s < apPpAllStages(pp); ++s) {
    int r = s / pp->numStages, base = r ? pp->numTasks + (r - 1) * mbTasks : 0;
    apBufPrintf(&b, "%sarray<i64", s ? ", " : "");
    for (int k = 0; k < o->numSteps[s]; ++k)
      apBufPrintf(&b, "%s %d, %d", k ? "," : ":", base + o->steps[s][k][0], o->steps[s][k][1]);
    apBufPrintf(&b, ">");
  }
  apBufPrintf(&b, "]} : () -> ()\n");
  apParseIntoModule(pp->module, b.data, "pipeline-partition");
  apBufFree(&b);
}

/* `ap.pipeline` as it was carried out. */
static void recordPipeline(apPp *pp, const char *schedule) {
  MlirContext ctx = mlirOperationGetContext(pp->module);
  apBuf b = {0};
  int R = apPpReplicas(pp);
  apBufPrintf(&b, "{micro_batches = %d : i64, schedule = \"%s\", transfers = \"%s\", ",
              pp->microBatches, schedule, transfersNames[pp->transfers]);
  if (R > 1) {
    apBufPrintf(&b, "replica_micro_batches = array<i64");
    for (int r = 0; r < R; ++r)
      apBufPrintf(&b, "%s %d", r ? "," : ":", pp->mbCount[r]);
    apBufPrintf(&b, ">, ");
  }
  apBufPrintf(&b, "stages = [");
  for (int s = 0; s < apPpAllStages(pp); ++s) {
    const apPpStage *st = &pp->stages[s];
    apBufPrintf(&b,
                "%s{first_device = %d : i64, layers = array<i64: %d, %d>, submesh = "
                "array<i64: %d, %d>",
                s ? ", " : "", st->firstDevice, st->firstLayer, st->lastLayer, st->n, st->m);
    if (st->rows > 0)
      apBufPrintf(&b, ", mesh = array<i64: %d, %d>", st->rows, st->n * st->m / st->rows);
    if (R > 1)
      apBufPrintf(&b, ", replica = %d : i64", s / pp->numStages);
    apBufPrintf(&b, "}");
  }
  apBufPrintf(&b, "]}");
  MlirAttribute a = mlirAttributeParseGet(ctx, apStr(b.data));
  if (!mlirAttributeIsNull(a))
    mlirOperationSetAttributeByName(pp->module, apStr("ap.pipeline"), a);
  apBufFree(&b);
}

static void summarize(const apPp *pp, const apPpOrder *o) {
  int R = apPpReplicas(pp);
  fprintf(stderr, "pipeline-partition: %d stages, %d micro-batches, %s schedule", pp->numStages,
          pp->microBatches, apPpScheduleName(o->kind));
  if (R > 1)
    fprintf(stderr, ", %d replicas", R);
  fprintf(stderr, "\n");
  for (int s = 0; s < apPpAllStages(pp); ++s) {
    const apPpStage *st = &pp->stages[s];
    int r = s / pp->numStages, first, count;
    apPpReplicaRange(pp, r, &first, &count);
    fprintf(stderr, "  stage %d: layers %d-%d on %dx%d (devices %d-%d)", s, st->firstLayer,
            st->lastLayer, st->n, st->m, st->firstDevice, st->firstDevice + st->n * st->m - 1);
    if (R > 1)
      fprintf(stderr, ", replica %d (micro-batches %d-%d)", r, first, first + count - 1);
    fprintf(stderr, ":");
    for (int t = 0; t < pp->numTasks; ++t)
      if (pp->tasks[t].stage == s % pp->numStages && (r == 0 || pp->tasks[t].kind == AP_PP_MB)) {
        char name[160];
        apPpTaskName(pp, t, r, name, sizeof name);
        fprintf(stderr, " @%s", name);
      }
    fprintf(stderr, "\n");
  }
}

/* Grids and the schedule first, where a reader looks for them. */
static void hoistDeclarations(MlirOperation module) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirOperation first = mlirBlockGetFirstOperation(body);
  while (!mlirOperationIsNull(first) && apOpNameIs(first, "shard.grid"))
    first = mlirOperationGetNextInBlock(first);
  for (MlirOperation op = first; !mlirOperationIsNull(op);) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    if ((apOpNameIs(op, "shard.grid") || apOpNameIs(op, "ap.schedule")) && !mlirOperationEqual(op, first))
      mlirOperationMoveBefore(op, first);
    op = next;
  }
}

/* Replaces the step by the driver (same name and argument attributes). */
static void swapInDriver(apPp *pp) {
  char driver[128];
  snprintf(driver, sizeof driver, "%s.driver", pp->funcName);
  MlirOperation op = apLookupSymbol(pp->module, driver);
  if (mlirOperationIsNull(op))
    return;
  static const char *const keep[] = {"arg_attrs", "res_attrs"};
  for (int k = 0; k < 2; ++k) {
    MlirAttribute a = mlirOperationGetAttributeByName(pp->func, apStr(keep[k]));
    if (!mlirAttributeIsNull(a))
      mlirOperationSetAttributeByName(op, apStr(keep[k]), a);
  }
  mlirOperationMoveBefore(op, pp->func);
  mlirOperationDestroy(pp->func);
  mlirOperationSetAttributeByName(
      op, apStr("sym_name"), mlirStringAttrGet(mlirOperationGetContext(op), apStr(pp->funcName)));
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  apPp pp;
  memset(&pp, 0, sizeof pp);
  pp.module = module;
  pp.func = apStepFunction(module);
  if (mlirOperationIsNull(pp.func)) {
    fail(module, pass, "pipeline-partition: expected exactly one public function with a body");
    return;
  }
  MlirStringRef fname =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(pp.func, apStr("sym_name")));
  snprintf(pp.funcName, sizeof pp.funcName, "%.*s", (int)fname.length, fname.data);
  int microBatches = 1;
  char schedule[32] = "1f1b", transfers[32] = "sharded";
  int want = apOptInt(opts, "stages");
  if (want > 0 && !apFuncHasLayers(pp.func) && apClusterLayers(pp.func, 0) < 0) {
    mlirExternalPassSignalFailure(pass);
    return;
  }
  if (want > 0) {
    int k = apOptInt(opts, "stage-devices");
    if (k < 1 || !evenStages(&pp, want, k)) {
      fail(pp.func, pass, "pipeline-partition: stages= needs at least that many ap.layer values "
                          "and stage-devices >= 1");
      return;
    }
  } else {
    MlirAttribute plan = mlirOperationGetAttributeByName(module, apStr("ap.pipeline"));
    if (mlirAttributeIsNull(plan)) {
      fail(module, pass, "pipeline-partition: no pipeline plan: run --ap-pipeline-plan first, "
                         "or give stages=N");
      return;
    }
    if (!mlirAttributeIsADictionary(plan) ||
        !readPlan(&pp, plan, &microBatches, schedule, transfers, sizeof schedule)) {
      fail(module, pass, "pipeline-partition: malformed ap.pipeline (want stages = [{layers, "
                         "submesh, first_device, replica}], micro_batches, schedule, and for "
                         "replicas replica_micro_batches summing to micro_batches)");
      return;
    }
  }
  if (apOptInt(opts, "micro-batches") > 0)
    microBatches = apOptInt(opts, "micro-batches");
  if (*apOptString(opts, "schedule"))
    snprintf(schedule, sizeof schedule, "%s", apOptString(opts, "schedule"));
  apPpScheduleKind kind = !strcmp(schedule, "1f1b")    ? AP_PP_1F1B
                          : !strcmp(schedule, "gpipe") ? AP_PP_GPIPE
                                                       : AP_PP_SEQUENTIAL;
  if (strcmp(schedule, "1f1b") && strcmp(schedule, "gpipe") && strcmp(schedule, "sequential")) {
    fail(module, pass, "pipeline-partition: schedule must be 1f1b, gpipe or sequential");
    return;
  }
  if (*apOptString(opts, "transfers"))
    snprintf(transfers, sizeof transfers, "%s", apOptString(opts, "transfers"));
  int kindOf = 0;
  while (kindOf < 4 && strcmp(transfers, transfersNames[kindOf]))
    ++kindOf;
  if (kindOf == 4) {
    fail(module, pass, "pipeline-partition: transfers must be sharded, whole, split or node");
    return;
  }
  pp.transfers = (apPpTransfers)kindOf;
  if (microBatches < 1) {
    fail(module, pass, "pipeline-partition: micro-batches must be at least 1");
    return;
  }
  int R = apPpReplicas(&pp);
  if (R > 1 && microBatches != pp.mbFirst[R - 1] + pp.mbCount[R - 1]) {
    fail(module, pass, "pipeline-partition: the plan's replicas split its micro-batches; "
                       "micro-batches= cannot change their count");
    return;
  }
  pp.microBatches = microBatches;
  int world = 0;
  bool needCluster = false;
  int PS = apPpAllStages(&pp);
  for (int s = 0; s < PS; ++s) {
    const apPpStage *st = &pp.stages[s];
    for (int t = 0; t < s; ++t) {
      const apPpStage *o = &pp.stages[t];
      if (st->firstDevice < o->firstDevice + o->n * o->m &&
          o->firstDevice < st->firstDevice + st->n * st->m) {
        fail(module, pass, "pipeline-partition: two stages share devices");
        return;
      }
    }
    if (st->firstDevice + st->n * st->m > world)
      world = st->firstDevice + st->n * st->m;
    needCluster |= st->n * st->m > 1;
  }
  apCluster c;
  memset(&c, 0, sizeof c);
  if (needCluster &&
      !apPassCluster(module, "pipeline-partition", apOptString(opts, "cluster"), "", &c)) {
    mlirExternalPassSignalFailure(pass);
    return;
  }
  if (needCluster)
    pp.cluster = &c;
  const char *budgetText = apOptString(opts, "memory-budget");
  double budget = *budgetText ? apParseBytes(budgetText) : 0;
  if (budget < 0) {
    fail(module, pass, "pipeline-partition: invalid memory-budget");
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "world");
  bool ok = mlirOperationIsNull(apLookupSymbol(module, name));
  for (int s = 0; ok && s < PS; ++s) {
    snprintf(name, sizeof name, "stage%d", s);
    ok = mlirOperationIsNull(apLookupSymbol(module, name));
  }
  if (!ok) {
    fail(module, pass, "pipeline-partition: the module already has a symbol named like the "
                       "grids it creates (world, stageN)");
    return;
  }
  MlirOperation *fns = NULL;
  apPpOrder order = {0};
  if (!apPpAnalyze(&pp))
    goto failed;
  fns = calloc((size_t)(pp.numTasks * R) + 1, sizeof(MlirOperation));
  if (!fns)
    abort();
  if (!apPpBuildTasks(&pp, fns))
    goto failed;
  cloneForReplicas(&pp, fns);
  addGrid(module, "world", NULL, true, world);
  int outlined = 0;
  for (int s = 0; s < PS; ++s) {
    const apPpStage *st = &pp.stages[s];
    snprintf(name, sizeof name, "stage%d", s);
    addGrid(module, name, st, false, 0);
    if (st->n * st->m == 1)
      continue;
    apCluster sub;
    if (!apPpStageCluster(&c, st, &sub)) {
      fail(module, pass, "pipeline-partition: a stage's submesh does not fit the cluster");
      goto done;
    }
    /* Each replica shards its own copy: its grid, its device type. */
    for (int t = 0; t < pp.numTasks; ++t) {
      MlirOperation fn = fns[s / pp.numStages * pp.numTasks + t];
      if (pp.tasks[t].stage == s % pp.numStages && !mlirOperationIsNull(fn) &&
          !shardTask(module, fn, &sub, name, budget, apOptDouble(opts, "time-limit"), &outlined))
        goto failed;
    }
  }
  if (!apPpSchedule(&pp, kind, &order)) {
    fail(pp.func, pass, "pipeline-partition: internal error: no executable order of the tasks");
    goto done;
  }
  if (!apPpBuildDriver(&pp, &order, fns, "world", world))
    goto failed;
  recordSchedule(&pp, &order, fns);
  recordPipeline(&pp, apPpScheduleName(order.kind));
  if (apOptBool(opts, "summary"))
    summarize(&pp, &order);
  swapInDriver(&pp);
  hoistDeclarations(module);
  goto done;
failed:
  mlirExternalPassSignalFailure(pass);
done:
  apPpOrderFree(&pp, &order);
  free(fns);
  apPpFree(&pp);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apPipelinePartitionPassInfo, run, o, onError, user);
}

const apPassInfo apPipelinePartitionPassInfo = {
    "pipeline-partition",
    "Split the step into pipeline stages (one auto-sharded function per stage and phase), a "
    "driver running the schedule with ap.send/ap.recv, and ap.schedule",
    options, create, NULL};

MlirPass apCreatePipelinePartitionPass(MlirStringRef options, MlirStringCallback onError,
                                       void *user) {
  return create(options, onError, user);
}
