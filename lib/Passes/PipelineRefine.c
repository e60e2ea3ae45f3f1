/* UniAP-style joint refinement of a pipeline plan. Alpa's DP prices a
 * stage from per-layer times of one whole-step ILP per submesh shape; here
 * a candidate plan is priced exactly as --pipeline-partition would build
 * it: the step is split (on a scratch copy of the module) into the stages'
 * task functions, typed for one micro-batch, and the auto-shard ILP solves
 * each task on its stage's submesh, so the cut points and every stage's
 * intra-operator plan are judged together. A local search moves cuts one
 * layer at a time while the exact latency improves. */
#include "PipelineSplit.h"

#include "AutoShard.h"
#include "IrText.h"
#include "PassCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"

bool apPpStageCluster(const apCluster *c, const apPpStage *st, apCluster *out) {
  *out = *c;
  int64_t shape[2] = {st->n, st->m};
  if (st->rows > 0) /* a logical view: a 2-D grid either way */
    shape[0] = st->rows, shape[1] = (int64_t)st->n * st->m / st->rows;
  char err[256];
  if (c->num_groups == 0) /* an alpha/beta spec: no nodes to carve from */
    return shape[0] > 1 || st->rows > 0
               ? apClusterSetMesh(out, 2, shape, err, sizeof err) == 0
               : apClusterSetMesh(out, 1, shape + 1, err, sizeof err) == 0;
  int g = 0;
  for (int base = 0; g < c->num_groups; ++g) {
    int size = c->groups[g].nodes * c->groups[g].gpus_per_node;
    if (st->firstDevice < base + size)
      break;
    base += size;
  }
  if (g == c->num_groups)
    g = c->num_groups - 1;
  out->groups[0] = c->groups[g];
  out->num_groups = 1;
  out->groups[0].nodes = st->n;
  out->groups[0].gpus_per_node = st->m;
  return shape[0] > 1 || st->rows > 0 ? apClusterSetMesh(out, 2, shape, err, sizeof err) == 0
                                      : apClusterSetMesh(out, 1, shape + 1, err, sizeof err) == 0;
}

/* Candidates that cannot be split or do not fit are expected: quiet. */
static MlirLogicalResult swallow(MlirDiagnostic d, void *user) {
  (void)d;
  (void)user;
  return mlirLogicalResultSuccess();
}

/* pp over a scratch copy of the module, its diagnostics silenced until
 * closeScratch. */
static MlirDiagnosticHandlerID openScratch(MlirOperation module, const char *funcName, int P,
                                           int B, const apPpStage *stages, apPp *pp) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirDiagnosticHandlerID quiet = mlirContextAttachDiagnosticHandler(ctx, swallow, NULL, NULL);
  memset(pp, 0, sizeof *pp);
  pp->module = mlirOperationClone(module);
  pp->func = apLookupSymbol(pp->module, funcName);
  pp->numStages = P;
  pp->microBatches = B;
  memcpy(pp->stages, stages, sizeof(apPpStage) * (size_t)P);
  snprintf(pp->funcName, sizeof pp->funcName, "%s", funcName);
  return quiet;
}

static void closeScratch(apPp *pp, MlirDiagnosticHandlerID quiet) {
  MlirContext ctx = mlirOperationGetContext(pp->module);
  MlirOperation scratch = pp->module;
  apPpFree(pp);
  mlirOperationDestroy(scratch);
  mlirContextDetachDiagnosticHandler(ctx, quiet);
}

bool apPpEvaluate(MlirOperation module, const char *funcName, const apPpStage *stages, int P,
                  int B, const apCluster *c, const double *budget, double timeLimit,
                  double *stageTime) {
  apPp pp;
  MlirDiagnosticHandlerID quiet = openScratch(module, funcName, P, B, stages, &pp);
  MlirOperation *fns = NULL;
  bool ok = !mlirOperationIsNull(pp.func) && apPpAnalyze(&pp);
  if (ok) {
    fns = calloc((size_t)pp.numTasks + 1, sizeof(MlirOperation));
    if (!fns)
      abort();
    ok = apPpBuildTasks(&pp, fns);
  }
  for (int s = 0; s < P; ++s)
    stageTime[s] = 0;
  for (int t = 0; ok && t < pp.numTasks; ++t) {
    const apPpTask *task = &pp.tasks[t];
    apCluster sub;
    ok = apPpStageCluster(c, &stages[task->stage], &sub);
    apGraphOptions gopt = {.replicatedBoundary = true};
    apGraph g;
    if (!ok || apGraphBuild(fns[t], &sub, &gopt, &g)) {
      ok = false;
      break;
    }
    apShardPlan plan;
    if (apShardSolve(&g, budget[task->stage], timeLimit, 0, true, &plan)) {
      apGraphFree(&g);
      ok = false;
      break;
    }
    double time = plan.compute + plan.comm + plan.reshard;
    /* Updates run once per step: per micro-batch, their share. */
    stageTime[task->stage] += task->kind == AP_PP_POST ? time / B : time;
    apShardPlanFree(&plan);
    apGraphFree(&g);
  }
  free(fns);
  closeScratch(&pp, quiet);
  return ok;
}

bool apPpCanMicroBatch(MlirOperation module, const char *funcName) {
  apPpStage all = {0, 1 << 30, 1, 1, 0, 0}; /* every layer */
  apPp pp;
  MlirDiagnosticHandlerID quiet = openScratch(module, funcName, 1, 2, &all, &pp);
  bool ok = !mlirOperationIsNull(pp.func) && apPpAnalyze(&pp);
  closeScratch(&pp, quiet);
  return ok;
}
