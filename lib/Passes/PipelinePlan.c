/* --ap-pipeline-plan: Alpa's inter-operator planning. Layers come from the
 * ops' `ap.layer`. For every submesh shape of the cluster, (1,1), (1,2),
 * (1,4) .. (1,M), (2,M) .. (N,M), the auto-shard ILP plans the whole step;
 * its per-node times, grouped by layer, give each layer's time on that
 * submesh (the intra-op plan is cached per submesh, not per layer range).
 * A stage's time per micro-batch is its layers' time plus sending the
 * values that cross its end to the next stage, over B micro-batches of the
 * function's batch; its memory is its weights plus the activations of the
 * micro-batches in flight. The stage DP (lib/Solver/StageDp.c) then picks
 * the cuts and submeshes. The plan is recorded as `ap.pipeline` on the
 * module (the split into stage functions is a later pass). Progress goes to
 * stderr per submesh shape when the summary is on. */
#include "PipelinePlan.h"

#include "AutoShard.h"
#include "PipelineSplit.h"
#include "ClusterLayers.h"
#include "PassCommon.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static const apPassOptionInfo options[] = {
    {"cluster", AP_OPT_STRING, "", "cluster preset or JSON file (default: the module's)"},
    {"micro-batches", AP_OPT_INT, "0",
     "micro-batches the function's batch is split into (default 0: the planner tries every "
     "divisor of the batch and keeps the fastest plan)"},
    {"memory-budget", AP_OPT_STRING, "",
     "bytes per device (default: the device memory; none for no limit)"},
    {"time-limit", AP_OPT_DOUBLE, "60", "ILP time limit per submesh shape, seconds"},
    {"plan", AP_OPT_STRING, "", "write the pipeline plan as JSON to this file"},
    {"summary", AP_OPT_BOOL, "true", "print the plan to stderr"},
    {"refine", AP_OPT_BOOL, "false",
     "UniAP-style joint refinement: price the DP's plan and cuts moved by a layer exactly "
     "(each stage's tasks split and auto-sharded), keep the best, report which won"},
    {"layers", AP_OPT_INT, "0",
     "for a step without ap.layer: layers to cluster it into (default: one per forward "
     "contraction, <= 32)"},
    {"data-parallel", AP_OPT_INT, "0",
     "with tensor-parallel and stages: price this uniform configuration (Megatron-LM's "
     "degrees: equal stages, each dp-way data x tp-way tensor parallel) instead of searching"},
    {"tensor-parallel", AP_OPT_INT, "0", "tensor-parallel degree of a uniform configuration"},
    {"stages", AP_OPT_INT, "0", "pipeline stages of a uniform configuration"},
    {"transfers", AP_OPT_STRING, "sharded",
     "how activations cross stages: sharded (uniform configurations: each replica's share "
     "split over its tensor-parallel ranks, as Megatron-LM; searched plans: split over the "
     "receivers and all-gathered where cheaper, recorded for --pipeline-partition) or whole "
     "(whole tensors to every receiver)"},
    {"sweep", AP_OPT_BOOL, "false",
     "price every uniform (data, tensor, pipeline, micro-batches) configuration and keep the "
     "best (the exhaustive baseline); every row goes to the plan JSON"},
    {NULL, 0, NULL, NULL},
};

static void fail(MlirOperation at, MlirExternalPass pass, const char *msg) {
  mlirEmitError(mlirOperationGetLocation(at), msg);
  mlirExternalPassSignalFailure(pass);
}

static int64_t layerAttr(MlirOperation op) {
  if (mlirOperationIsNull(op))
    return -1;
  MlirAttribute a = mlirOperationGetAttributeByName(op, apStr("ap.layer"));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a)
                                                               : -1;
}

/* Every node's layer index (0..L-1, dense): its op's ap.layer, else that of
 * its first user with one (arguments, empties), else the previous node's.
 * Returns L, or 0 when nothing carries ap.layer. */
static int nodeLayers(const apGraph *g, int *layer, int64_t **values) {
  int64_t *raw = malloc(sizeof(int64_t) * ((size_t)g->numNodes + 1));
  if (!raw)
    abort();
  for (int n = 0; n < g->numNodes; ++n)
    raw[n] = layerAttr(g->nodes[n].op);
  for (int n = g->numNodes - 1; n >= 0; --n) {
    if (raw[n] >= 0)
      continue;
    for (int r = 0; r < g->nodes[n].numResults && raw[n] < 0; ++r) {
      int v = g->nodes[n].results[r];
      for (int k = 0; v >= 0 && k < g->values[v].numUses && raw[n] < 0; ++k)
        raw[n] = raw[g->values[v].useNode[k]];
    }
  }
  int64_t prev = -1;
  for (int n = 0; n < g->numNodes; ++n) {
    if (raw[n] < 0 && g->nodes[n].kind != AP_NODE_RETURN)
      raw[n] = prev;
    if (raw[n] >= 0)
      prev = raw[n];
  }
  /* Dense indices in ascending ap.layer order. */
  int64_t *vals = malloc(sizeof(int64_t) * ((size_t)g->numNodes + 1));
  int L = 0;
  if (!vals)
    abort();
  for (int n = 0; n < g->numNodes; ++n) {
    if (raw[n] < 0)
      continue;
    int i = 0;
    while (i < L && vals[i] < raw[n])
      ++i;
    if (i < L && vals[i] == raw[n])
      continue;
    memmove(vals + i + 1, vals + i, sizeof(int64_t) * (size_t)(L - i));
    vals[i] = raw[n];
    ++L;
  }
  for (int n = 0; n < g->numNodes; ++n) {
    layer[n] = -1;
    for (int i = 0; raw[n] >= 0 && i < L; ++i)
      if (vals[i] == raw[n])
        layer[n] = i;
  }
  free(raw);
  *values = vals;
  return L;
}

static double valueBytes(const apValue *v) {
  double b = v->elemBytes;
  for (int d = 0; d < v->rank; ++d)
    b *= (double)v->shape[d];
  return b;
}

/* Whether argument a of func is data (`ap.role = "data"`). */
static bool isDataArg(MlirOperation func, int a) {
  MlirAttribute argAttrs = mlirOperationGetAttributeByName(func, apStr("arg_attrs"));
  if (mlirAttributeIsNull(argAttrs) || a < 0 || a >= mlirArrayAttrGetNumElements(argAttrs))
    return false;
  MlirAttribute role = mlirDictionaryAttrGetElementByName(mlirArrayAttrGetElement(argAttrs, a),
                                                          apStr("ap.role"));
  return !mlirAttributeIsNull(role) && mlirAttributeIsAString(role) &&
         !strncmp(mlirStringAttrGetValue(role).data, "data", 4);
}

/* The submesh as a cluster, and the ILP's view of it: n x m, or for a
 * uniform configuration nodes x (data-parallel part of a node) x tp, the
 * axes other than tp held to data parallelism. */
static bool submesh(const apPipe *p, apShape s, apCluster *out, apAxisMask *dataAxes) {
  *out = p->c;
  out->groups[0] = p->c.groups[s.group];
  out->num_groups = 1;
  out->groups[0].nodes = s.n;
  out->groups[0].gpus_per_node = s.m;
  int64_t shape[3];
  int rank = 0;
  *dataAxes = 0;
  if (s.dp > 0) {
    int64_t dims[3] = {s.n, s.m / s.tp, s.tp};
    for (int k = 0; k < 3; ++k)
      if (dims[k] > 1) {
        if (k < 2)
          *dataAxes |= 1u << rank;
        shape[rank++] = dims[k];
      }
  } else if (s.rows > 0) {
    shape[rank++] = s.rows;
    shape[rank++] = s.n * s.m / s.rows;
  } else {
    if (s.n > 1)
      shape[rank++] = s.n;
    shape[rank++] = s.m;
  }
  if (rank == 0)
    shape[rank++] = 1;
  char err[256];
  return apClusterSetMesh(out, rank, shape, err, sizeof err) == 0;
}

/* The loss (the step's first rank-0 result) and what it reads,
 * transitively: the forward pass. */
static bool *forwardNodes(const apGraph *g) {
  bool *fwd = calloc((size_t)g->numNodes + 1, sizeof(bool));
  int *stack = malloc(sizeof(int) * ((size_t)g->numNodes + 1));
  if (!fwd || !stack)
    abort();
  int top = 0;
  for (int n = 0; n < g->numNodes && top == 0; ++n) {
    const apNode *node = &g->nodes[n];
    for (int k = 0; node->kind == AP_NODE_RETURN && k < node->numOperands && top == 0; ++k) {
      int v = node->operands[k];
      if (v >= 0 && g->values[v].rank == 0 && g->values[v].def >= 0)
        fwd[stack[top++] = g->values[v].def] = true;
    }
  }
  while (top > 0) {
    const apNode *node = &g->nodes[stack[--top]];
    for (int k = 0; k < node->numOperands; ++k) {
      int v = node->operands[k];
      if (v >= 0 && !fwd[g->values[v].def])
        fwd[stack[top++] = g->values[v].def] = true;
    }
  }
  free(stack);
  return fwd;
}

/* No times here: the plan file is byte-identical from run to run. */
static json_object *profileRecord(const apShape *sh, const apShardPlan *plan) {
  json_object *o = json_object_new_object();
  json_object *mesh = json_object_new_array();
  json_object_array_add(mesh, json_object_new_int(sh->n));
  json_object_array_add(mesh, json_object_new_int(sh->m));
  json_object_object_add(o, "submesh", mesh);
  if (sh->dp > 0) {
    json_object_object_add(o, "data_parallel", json_object_new_int(sh->dp));
    json_object_object_add(o, "tensor_parallel", json_object_new_int(sh->tp));
  }
  json_object_object_add(o, "ilp_nodes", json_object_new_int(plan->ilpNodes));
  json_object_object_add(o, "ilp_vars", json_object_new_int(plan->ilp.num_vars));
  json_object_object_add(o, "ilp_constraints", json_object_new_int(plan->ilp.num_constraints));
  json_object_object_add(o, "objective_s", json_object_new_double(plan->ilp.objective));
  json_object_object_add(o, "gap", json_object_new_double(plan->ilp.gap));
  if (sh->rows > 0) {
    json_object *view = json_object_new_array();
    json_object_array_add(view, json_object_new_int(sh->rows));
    json_object_array_add(view, json_object_new_int(sh->n * sh->m / sh->rows));
    json_object_object_add(o, "mesh", view);
  }
  return o;
}

bool apPipeProfile(apPipe *p) {
  apGraphOptions gopt = {0};
  p->profiles = json_object_new_array();
  for (int s = 0; s < p->numShapes; ++s) {
    apCluster sub;
    if (!submesh(p, p->shapes[s], &sub, &gopt.dataAxes)) {
      fail(p->module, p->pass, "ap-pipeline-plan: cannot form a submesh of the cluster");
      return false;
    }
    apGraph g;
    if (apGraphBuild(p->func, &sub, &gopt, &g))
      return false;
    int *layer = malloc(sizeof(int) * ((size_t)g.numNodes + 1));
    if (!layer)
      abort();
    int64_t *vals = NULL;
    int L = nodeLayers(&g, layer, &vals);
    bool *fwd = forwardNodes(&g);
    if (s == 0) {
      p->L = L;
      p->layerValues = vals;
      vals = NULL;
      size_t cells = (size_t)p->numShapes * (size_t)(L + 1);
      p->time = calloc(cells, sizeof(double));
      p->fwdTime = calloc(cells, sizeof(double));
      p->weights = calloc(cells, sizeof(double));
      p->acts = calloc(cells, sizeof(double));
      p->transient = calloc(cells, sizeof(double));
      p->cut = calloc((size_t)L + 1, sizeof(double));
      p->fwdCut = calloc((size_t)L + 1, sizeof(double));
      p->launches = calloc((size_t)L + 1, sizeof(double));
      p->fwdLaunches = calloc((size_t)L + 1, sizeof(double));
      p->paramBytes = calloc((size_t)L + 1, sizeof(double));
      if (!p->time || !p->fwdTime || !p->weights || !p->acts || !p->transient || !p->cut || !p->fwdCut ||
          !p->launches || !p->fwdLaunches || !p->paramBytes)
        abort();
      /* Cuts: a value spans the layers from its producer's to its last
       * user's; activations forward and gradients backward both cross. */
      for (int v = 0; v < g.numValues; ++v) {
        int lo = layer[g.values[v].def], hi = lo;
        for (int k = 0; k < g.values[v].numUses; ++k) {
          int l = layer[g.values[v].useNode[k]];
          if (l < 0)
            continue;
          lo = lo < 0 || l < lo ? l : lo;
          hi = l > hi ? l : hi;
        }
        for (int j = lo; j >= 0 && j < hi; ++j) {
          p->cut[j] += valueBytes(&g.values[v]);
          if (fwd[g.values[v].def])
            p->fwdCut[j] += valueBytes(&g.values[v]);
        }
      }
      for (int n = 0; n < g.numNodes; ++n) {
        apNodeKind k = g.nodes[n].kind;
        if (layer[n] >= 0 && k == AP_NODE_ARG && g.nodes[n].numResults == 1 &&
            g.nodes[n].results[0] >= 0 && !isDataArg(p->func, g.nodes[n].argIndex))
          p->paramBytes[layer[n]] += valueBytes(&g.values[g.nodes[n].results[0]]);
        if (layer[n] >= 0 && (k == AP_NODE_LINALG || k == AP_NODE_REPLICATED)) {
          p->launches[layer[n]] += 1;
          p->fwdLaunches[layer[n]] += fwd[n];
        }
        p->flops += g.nodes[n].flops;
      }
    }
    free(vals);
    if (L != p->L || L < 1) {
      free(fwd);
      free(layer);
      apGraphFree(&g);
      fail(p->func, p->pass, "ap-pipeline-plan: no ops carry `ap.layer`; nothing to cut");
      return false;
    }
    if (apOptBool(p->opts, "summary")) {
      if (p->shapes[s].dp > 0)
        fprintf(stderr,
                "ap-pipeline-plan: planning the step on a %dx%d submesh as %d-way data x %d-way "
                "tensor parallel (%d of %d)\n",
                p->shapes[s].n, p->shapes[s].m, p->shapes[s].dp, p->shapes[s].tp, s + 1,
                p->numShapes);
      else if (p->shapes[s].rows > 0)
        fprintf(stderr,
                "ap-pipeline-plan: planning the step on a %dx%d submesh as a %dx%d mesh (%d of "
                "%d)\n",
                p->shapes[s].n, p->shapes[s].m, p->shapes[s].rows,
                p->shapes[s].n * p->shapes[s].m / p->shapes[s].rows, s + 1, p->numShapes);
      else
        fprintf(stderr, "ap-pipeline-plan: planning the step on a %dx%d submesh (%d of %d)\n",
                p->shapes[s].n, p->shapes[s].m, s + 1, p->numShapes);
    }
    apShardPlan plan;
    if (apShardSolve(&g, 0, apOptDouble(p->opts, "time-limit"), 0, true, &plan)) {
      free(fwd);
      free(layer);
      apGraphFree(&g);
      return false;
    }
    json_object_array_add(p->profiles, profileRecord(&p->shapes[s], &plan));
    for (int n = 0; n < g.numNodes; ++n) {
      if (layer[n] < 0)
        continue;
      size_t at = apPipeAt(p, s, layer[n]);
      p->time[at] += plan.nodeTime[n];
      if (fwd[n])
        p->fwdTime[at] += plan.nodeTime[n];
      /* Forward values stay alive until their micro-batch's backward;
       * the backward's own are made and freed within one micro-batch. */
      if (g.nodes[n].kind == AP_NODE_ARG)
        p->weights[at] += plan.nodeMem[n];
      else if (fwd[n])
        p->acts[at] += plan.nodeMem[n];
      else
        p->transient[at] += plan.nodeMem[n];
    }
    free(fwd);
    apShardPlanFree(&plan);
    apGraphFree(&g);
    free(layer);
  }
  return true;
}

/* The link to the next stage: another node when this one fills nodes. */
static apLinkLevel nextLink(const apPipe *p, int s) {
  const apNodeGroup *grp = &p->c.groups[p->shapes[s].group];
  return (p->c.num_groups > 1 || grp->nodes > 1) && p->shapes[s].m == grp->gpus_per_node
             ? AP_LINK_INTER
             : AP_LINK_INTRA;
}

double apPipeCutSend(const apPipe *p, int j, int s, int next, int B) {
  if (j + 1 >= p->L)
    return 0;
  const apShape *sh = &p->shapes[s], *to = &p->shapes[next >= 0 ? next : s];
  apLinkLevel link = nextLink(p, s);
  double bytes = p->cut[j] / B;
  /* A uniform configuration sends each replica's share of the batch, split
   * over its tensor-parallel ranks and gathered inside the node, as
   * Megatron-LM does. */
  if (sh->dp > 0 && !p->wholeTransfers)
    return apCostStageTransfer(&p->c, link, AP_LINK_INTRA, bytes / sh->dp, sh->tp, sh->tp, sh->tp);
  /* The rest as --pipeline-partition sends: whole tensors, or split where
   * that is cheaper, gathered by the whole receiving stage (across nodes
   * when it spans them) or inside each of its nodes. */
  int senders = sh->n * sh->m, receivers = to->n * to->m;
  apLinkLevel gather = to->n > 1 ? AP_LINK_INTER : AP_LINK_INTRA;
  if (p->wholeTransfers)
    return apCostStageTransfer(&p->c, link, gather, bytes, senders, receivers, 0);
  double t;
  apCostStageTransferGroup(&p->c, link, gather, bytes, senders, receivers, to->n > 1 ? to->m : 0,
                           &t);
  return t;
}

double apPipeStageTime(const apPipe *p, int i, int j, int s, int B, double *fwd) {
  const apShape *sh = &p->shapes[s];
  double t = 0, f = 0, k = 0, kf = 0;
  for (int l = i; l <= j; ++l) {
    size_t at = apPipeAt(p, s, l);
    t += p->time[at], f += p->fwdTime[at], k += p->launches[l], kf += p->fwdLaunches[l];
  }
  /* Launches do not shrink with the micro-batch. */
  double launch = p->c.types[p->c.groups[sh->group].type].launch_overhead;
  double send = apPipeCutSend(p, j, s, -1, B);
  /* The send's forward part: the activations' share of the cut. */
  if (fwd)
    *fwd = f / B + kf * launch + (j + 1 < p->L && p->cut[j] > 0 ? send * p->fwdCut[j] / p->cut[j] : 0);
  return t / B + k * launch + send;
}

double apPipeStageMemory(const apPipe *p, int i, int j, int s, int B, int inflight) {
  double w = 0, a = 0, t = 0;
  for (int l = i; l <= j; ++l) {
    size_t at = apPipeAt(p, s, l);
    w += p->weights[at], a += p->acts[at], t += p->transient[at];
  }
  return w + a / B * (inflight < B ? inflight : B) + t / B;
}

bool apPipeFits(const apPipe *p, int s, double mem) {
  double budget = p->budget >= 0 ? p->budget
                                  : apClusterDeviceMemory(&p->c, p->c.groups[p->shapes[s].group].type);
  return budget <= 0 || mem <= budget;
}

static double *stageCosts(const apPipe *p) {
  int L = p->L, S = p->numShapes;
  double *cost = malloc(sizeof(double) * (size_t)L * L * S + 1);
  if (!cost)
    abort();
  for (int i = 0; i < L; ++i)
    for (int j = 0; j < L; ++j)
      for (int s = 0; s < S; ++s) {
        /* At most this many micro-batches are in flight on a stage. */
        int inflight = p->devices / (p->shapes[s].n * p->shapes[s].m);
        bool ok = j >= i && apPipeFits(p, s, apPipeStageMemory(p, i, j, s, p->B, inflight));
        cost[((size_t)i * L + j) * S + s] = ok ? apPipeStageTime(p, i, j, s, p->B, NULL)
                                               : AP_STAGE_INF;
      }
  return cost;
}

/* The plan's stages as --pipeline-partition reads them. */
static void planStages(const apPipe *p, const apStagePlan *sp, apPpStage *st) {
  int nextDev[AP_MAX_NODE_GROUPS + 1];
  for (int g = 0, base = 0; g < p->c.num_groups; ++g) {
    nextDev[g] = base;
    base += p->c.groups[g].nodes * p->c.groups[g].gpus_per_node;
  }
  for (int k = 0; k < sp->num_stages; ++k) {
    apShape sh = p->shapes[sp->mesh[k]];
    st[k] = (apPpStage){(int)p->layerValues[sp->first[k]], (int)p->layerValues[sp->last[k]],
                        sh.n, sh.m, nextDev[sh.group], sh.rows};
    nextDev[sh.group] += sh.n * sh.m;
  }
}

void apPipeRecord(apPipe *p, const apStagePlan *sp, double seconds, const double *exact,
                  const apPipeReplicaPlan *rep, json_object *extra) {
  MlirContext ctx = mlirOperationGetContext(p->module);
  int L = p->L;
  json_object *root = json_object_new_object(), *stages = json_object_new_array();
  const char *transfers = p->wholeTransfers ? "whole" : "sharded";
  json_object_object_add(root, "micro_batches", json_object_new_int(p->B));
  json_object_object_add(root, "schedule", json_object_new_string("1f1b"));
  json_object_object_add(root, "transfers", json_object_new_string(transfers));
  MlirAttribute *attrs = malloc(sizeof(MlirAttribute) * (size_t)(sp->num_stages + 1));
  if (!attrs)
    abort();
  bool summary = apOptBool(p->opts, "summary");
  if (summary) {
    fprintf(stderr, "ap-pipeline-plan: %d layers on %d devices (", L, p->devices);
    for (int g = 0; g < p->c.num_groups; ++g)
      fprintf(stderr, "%s%d x %d %s", g ? " + " : "", p->c.groups[g].nodes,
              p->c.groups[g].gpus_per_node, p->c.types[p->c.groups[g].type].name);
    fprintf(stderr, "), %d micro-batches", p->B);
    for (int r = 0; rep && r < rep->replicas; ++r)
      fprintf(stderr, "%s%d", r ? " + " : ", split over replicas as ", rep->mbCount[r]);
    fprintf(stderr, "\n");
  }
  int P = rep ? rep->stagesPer : sp->num_stages;
  apPpStage *st = malloc(sizeof(apPpStage) * (size_t)(sp->num_stages + 1));
  if (!st)
    abort();
  planStages(p, sp, st);
  for (int k = 0; k < sp->num_stages; ++k) {
    apShape sh = p->shapes[sp->mesh[k]];
    int dev = st[k].firstDevice;
    double fwd;
    double t = apPipeStageTime(p, sp->first[k], sp->last[k], sp->mesh[k], p->B, &fwd);
    if (exact) {
      fwd *= t > 0 ? exact[k] / t : 0;
      t = exact[k];
    }
    int r = k / P, inflight = P - k % P; /* 1F1B */
    if (rep && rep->mbCount[r] < inflight)
      inflight = rep->mbCount[r];
    double mem = apPipeStageMemory(p, sp->first[k], sp->last[k], sp->mesh[k], p->B, inflight);
    json_object *js = json_object_new_object();
    json_object *layers = json_object_new_array();
    json_object_array_add(layers, json_object_new_int64(p->layerValues[sp->first[k]]));
    json_object_array_add(layers, json_object_new_int64(p->layerValues[sp->last[k]]));
    json_object_object_add(js, "layers", layers);
    json_object *mesh = json_object_new_array();
    json_object_array_add(mesh, json_object_new_int(sh.n));
    json_object_array_add(mesh, json_object_new_int(sh.m));
    json_object_object_add(js, "submesh", mesh);
    if (sh.dp > 0) {
      json_object_object_add(js, "data_parallel", json_object_new_int(sh.dp));
      json_object_object_add(js, "tensor_parallel", json_object_new_int(sh.tp));
    }
    json_object_object_add(js, "first_device", json_object_new_int(dev));
    if (rep)
      json_object_object_add(js, "replica", json_object_new_int(r));
    json_object_object_add(js, "device",
                           json_object_new_string(p->c.types[p->c.groups[sh.group].type].name));
    json_object_object_add(js, "time_per_micro_batch_s", json_object_new_double(t));
    json_object_object_add(js, "forward_s", json_object_new_double(fwd));
    json_object_object_add(js, "backward_s", json_object_new_double(t - fwd));
    json_object_object_add(js, "memory_bytes", json_object_new_double(mem));
    json_object_array_add(stages, js);
    char as[64] = "";
    if (sh.rows > 0)
      snprintf(as, sizeof as, " as %dx%d", sh.rows, sh.n * sh.m / sh.rows);
    else if (sh.dp > 0)
      snprintf(as, sizeof as, " as %d-way data x %d-way tensor", sh.dp, sh.tp);
    if (summary && rep && k % P == 0)
      fprintf(stderr, "  replica %d (%d micro-batches):\n", r, rep->mbCount[r]);
    if (summary)
      fprintf(stderr,
              "  %sstage %d: layers %lld-%lld on %dx%d%s %s (devices %d-%d): %.4g s per "
              "micro-batch, %.4g GiB\n",
              rep ? "  " : "", k, (long long)p->layerValues[sp->first[k]],
              (long long)p->layerValues[sp->last[k]], sh.n, sh.m, as,
              p->c.types[p->c.groups[sh.group].type].name, dev, dev + sh.n * sh.m - 1, t,
              mem / (1 << 30));
    char text[240], view[64] = "", replica[32] = "";
    if (rep)
      snprintf(replica, sizeof replica, ", replica = %d : i64", r);
    if (sh.rows > 0) {
      snprintf(view, sizeof view, ", mesh = array<i64: %d, %d>", sh.rows, sh.n * sh.m / sh.rows);
      json_object *lm = json_object_new_array();
      json_object_array_add(lm, json_object_new_int(sh.rows));
      json_object_array_add(lm, json_object_new_int(sh.n * sh.m / sh.rows));
      json_object_object_add(js, "mesh", lm);
    }
    snprintf(text, sizeof text,
             "{layers = array<i64: %lld, %lld>, submesh = array<i64: %d, %d>, "
             "first_device = %d : i64%s%s}",
             (long long)p->layerValues[sp->first[k]], (long long)p->layerValues[sp->last[k]],
             sh.n, sh.m, dev, view, replica);
    attrs[k] = mlirAttributeParseGet(ctx, apStr(text));
  }
  free(st);
  json_object_object_add(root, "stages", stages);
  if (extra) {
    json_object_object_foreach(extra, key, val) json_object_object_add(root, key, json_object_get(val));
  }
  json_object_object_add(root, "iteration_s", json_object_new_double(sp->latency));
  if (rep) {
    json_object *counts = json_object_new_array();
    for (int r = 0; r < rep->replicas; ++r)
      json_object_array_add(counts, json_object_new_int(rep->mbCount[r]));
    json_object_object_add(root, "replica_micro_batches", counts);
    json_object_object_add(root, "reduce_s", json_object_new_double(rep->reduce));
    json_object_object_add(root, "single_pipeline_s",
                           rep->pipeline < AP_STAGE_INF ? json_object_new_double(rep->pipeline)
                                                        : NULL);
  }
  json_object_object_add(root, "step_flops", json_object_new_double(p->flops));
  json_object_object_add(root, "profiles", json_object_get(p->profiles));
  if (summary && rep)
    fprintf(stderr,
            "  iteration %.4g s (the slowest replica, then %.4g s reducing the gradients onto "
            "replica 0); replicas per device group, against %.4g s for one pipeline, %.2f s\n",
            sp->latency, rep->reduce, rep->pipeline, seconds);
  else if (summary && p->shapes[sp->mesh[0]].dp > 0)
    fprintf(stderr,
            "  iteration %.4g s (stages sum %.4g s, bottleneck %.4g s); uniform stages, %.2f s\n",
            sp->latency, sp->sum, sp->max, seconds);
  else if (summary)
    fprintf(stderr,
            "  iteration %.4g s (stages sum %.4g s, bottleneck %.4g s); Alpa's DP, %d bounds "
            "tried, %.2f s\n",
            sp->latency, sp->sum, sp->max, sp->tmax_tried, seconds);
  int64_t counts[AP_PP_MAX_REPLICAS];
  for (int r = 0; rep && r < rep->replicas; ++r)
    counts[r] = rep->mbCount[r];
  MlirNamedAttribute fields[5] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("micro_batches")),
                            mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), p->B)),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("schedule")),
                            mlirStringAttrGet(ctx, apStr("1f1b"))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("stages")),
                            mlirArrayAttrGet(ctx, sp->num_stages, attrs)),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("transfers")),
                            mlirStringAttrGet(ctx, apStr(transfers))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("replica_micro_batches")),
                            mlirDenseI64ArrayGet(ctx, rep ? rep->replicas : 0, counts)),
  };
  mlirOperationSetAttributeByName(p->module, apStr("ap.pipeline"),
                                  mlirDictionaryAttrGet(ctx, rep ? 5 : 4, fields));
  free(attrs);
  const char *path = apOptString(p->opts, "plan");
  if (*path)
    apWritePlanFile(root, path, p->module, p->pass, "ap-pipeline-plan");
  json_object_put(root);
}

bool apPipeStageDp(const apPipe *p, const double *cost, int group, apStagePlan *out) {
  int meshDevices[AP_PLAN_MAX_SHAPES], meshType[AP_PLAN_MAX_SHAPES];
  int typeDevices[AP_MAX_NODE_GROUPS] = {0}, devices = 0;
  for (int k = 0; k < p->numShapes; ++k) {
    meshDevices[k] = p->shapes[k].n * p->shapes[k].m;
    meshType[k] = p->shapes[k].group;
  }
  for (int g = 0; g < p->c.num_groups; ++g)
    if (group < 0 || g == group)
      devices += typeDevices[g] = p->c.groups[g].nodes * p->c.groups[g].gpus_per_node;
  apStageProblem prob = {.num_layers = p->L, .num_meshes = p->numShapes,
                         .mesh_devices = meshDevices, .devices = devices,
                         .micro_batches = p->B, .cost = cost, .num_types = p->c.num_groups,
                         .mesh_type = meshType, .type_devices = typeDevices};
  return apStageDp(&prob, out) == 0;
}

/* Exact latency of plan sp (stage times in t, with the DP's transfer
 * cost of each cut), or AP_STAGE_INF. */
static double exactLatency(apPipe *p, const apStagePlan *sp, const double *cost, double *t) {
  int P = sp->num_stages, L = p->L, S = p->numShapes;
  apPpStage st[AP_PP_MAX_STAGES];
  double budget[AP_PP_MAX_STAGES];
  planStages(p, sp, st);
  for (int k = 0; k < P; ++k) {
    const apNodeGroup *grp = &p->c.groups[p->shapes[sp->mesh[k]].group];
    budget[k] = p->budget >= 0 ? p->budget : apClusterDeviceMemory(&p->c, grp->type);
    if (cost[((size_t)sp->first[k] * L + sp->last[k]) * S + sp->mesh[k]] >= AP_STAGE_INF)
      return AP_STAGE_INF; /* the DP's memory model rules it out */
  }
  MlirStringRef name =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(p->func, apStr("sym_name")));
  char fname[128];
  snprintf(fname, sizeof fname, "%.*s", (int)name.length, name.data);
  if (!apPpEvaluate(p->module, fname, st, P, p->B, &p->c, budget,
                    apOptDouble(p->opts, "time-limit"), t))
    return AP_STAGE_INF;
  double sum = 0, max = 0;
  for (int k = 0; k < P; ++k) {
    /* Launches and the cut's transfer, as the DP prices them. */
    const apShape *sh = &p->shapes[sp->mesh[k]];
    for (int l = sp->first[k]; l <= sp->last[k]; ++l)
      t[k] += p->launches[l] * p->c.types[p->c.groups[sh->group].type].launch_overhead;
    t[k] += apPipeCutSend(p, sp->last[k], sp->mesh[k], k + 1 < P ? sp->mesh[k + 1] : -1, p->B);
    sum += t[k];
    max = t[k] > max ? t[k] : max;
  }
  return sum + (p->B - 1) * max;
}

/* The local search: move one cut by one layer while the exact latency
 * drops. Updates sp (cuts, latency) and t when a move wins; returns the
 * report. */
static json_object *refine(apPipe *p, apStagePlan *sp, const double *cost, double *t) {
  int P = sp->num_stages;
  double dpPredicted = sp->latency;
  double best = exactLatency(p, sp, cost, t);
  double dpExact = best;
  int moves = 0, candidates = 1;
  double *tc = malloc(sizeof(double) * (size_t)(P + 1));
  if (!tc)
    abort();
  for (bool improved = best < AP_STAGE_INF; improved && moves < 4 * P;) {
    improved = false;
    int bestK = -1, bestD = 0;
    double bestLat = best;
    for (int k = 0; k + 1 < P; ++k)
      for (int d = -1; d <= 1; d += 2) {
        if (sp->last[k] + d < sp->first[k] || sp->first[k + 1] + d > sp->last[k + 1])
          continue;
        sp->last[k] += d, sp->first[k + 1] += d;
        double lat = exactLatency(p, sp, cost, tc);
        sp->last[k] -= d, sp->first[k + 1] -= d;
        ++candidates;
        if (lat < bestLat * (1 - 1e-9)) {
          bestLat = lat, bestK = k, bestD = d;
        }
      }
    if (bestK >= 0) {
      sp->last[bestK] += bestD, sp->first[bestK + 1] += bestD;
      best = exactLatency(p, sp, cost, t);
      ++moves;
      improved = true;
    }
  }
  free(tc);
  const char *winner = best >= AP_STAGE_INF ? "none" : moves ? "refined" : "alpa-dp";
  if (best < AP_STAGE_INF) {
    double sum = 0, max = 0;
    for (int k = 0; k < P; ++k)
      sum += t[k], max = t[k] > max ? t[k] : max;
    sp->latency = best, sp->sum = sum, sp->max = max;
  }
  json_object *r = json_object_new_object();
  json_object_object_add(r, "alpa_dp_predicted_s", json_object_new_double(dpPredicted));
  json_object_object_add(r, "alpa_dp_exact_s",
                         dpExact < AP_STAGE_INF ? json_object_new_double(dpExact) : NULL);
  json_object_object_add(r, "refined_s",
                         best < AP_STAGE_INF ? json_object_new_double(best) : NULL);
  json_object_object_add(r, "moves", json_object_new_int(moves));
  json_object_object_add(r, "candidates", json_object_new_int(candidates));
  json_object_object_add(r, "winner", json_object_new_string(winner));
  if (apOptBool(p->opts, "summary")) {
    if (dpExact >= AP_STAGE_INF)
      fprintf(stderr, "ap-pipeline-plan: refinement: the DP's plan could not be priced "
                      "exactly; Alpa's DP plan kept\n");
    else
      fprintf(stderr,
              "ap-pipeline-plan: refinement (exact per-stage ILPs, %d candidates): Alpa's DP "
              "plan %.4g s (DP model %.4g s), refined %.4g s after %d moves: %s wins\n",
              candidates, dpExact, dpPredicted, best, moves,
              moves ? "the refinement" : "Alpa's DP");
  }
  return r;
}

/* Alpa's DP for every micro-batch count to try, and on mixed clusters the
 * replicas per device group; the best plan in *best (p->B set to its
 * count, *bestCost its stage costs), or in *rep with *replicated set when
 * the replicas win. */
static bool searchStages(apPipe *p, apStagePlan *best, double **bestCost, apPipeReplicaPlan *rep,
                         bool *replicated) {
  int choices[64];
  int n = apPipeMicroBatchChoices(p, p->batch, (int)apOptInt(p->opts, "micro-batches"), choices);
  bool found = false, foundRep = false;
  int bestB = 0, repB = 0;
  for (int i = 0; i < n; ++i) {
    p->B = choices[i];
    double *cost = stageCosts(p);
    apPipeReplicaPlan rp;
    if (apPipeReplicated(p, cost, &rp)) {
      if (!foundRep || rp.sp.latency < rep->sp.latency) {
        if (foundRep)
          apStagePlanFree(&rep->sp);
        *rep = rp, repB = p->B, foundRep = true;
      } else {
        apStagePlanFree(&rp.sp);
      }
    }
    apStagePlan sp;
    if (!apPipeStageDp(p, cost, -1, &sp)) {
      free(cost);
      continue;
    }
    if (!found || sp.latency < best->latency) {
      if (found) {
        apStagePlanFree(best);
        free(*bestCost);
      }
      *best = sp, *bestCost = cost, bestB = p->B, found = true;
    } else {
      apStagePlanFree(&sp);
      free(cost);
    }
  }
  p->B = bestB;
  *replicated = foundRep && (!found || rep->sp.latency < best->latency);
  if (foundRep) {
    rep->pipeline = found ? best->latency : AP_STAGE_INF;
    p->replicasLatency = rep->sp.latency;
    if (*replicated)
      p->B = repB;
    else
      apStagePlanFree(&rep->sp);
  }
  if (!found && !foundRep)
    fail(p->module, p->pass, "ap-pipeline-plan: no pipeline fits the memory budget on this "
                             "cluster (raise memory-budget or add devices)");
  return found || foundRep;
}

int apPipeMicroBatchChoices(const apPipe *p, int64_t per, int B, int *out) {
  if (B > 0 || p->oneMicroBatch) {
    out[0] = B > 0 ? B : 1;
    return per <= 0 || per % out[0] == 0;
  }
  int n = 0;
  for (int64_t d = 1; d <= (per > 0 ? per : 1) && n < 64; ++d)
    if (per <= 0 || per % d == 0)
      out[n++] = (int)d;
  return n;
}

/* Checks that B micro-batches divide every data argument; records the batch. */
static bool readBatch(apPipe *p, int B) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(p->func, 0));
  for (intptr_t a = 0; a < mlirBlockGetNumArguments(entry); ++a) {
    MlirType t = mlirValueGetType(mlirBlockGetArgument(entry, a));
    if (!isDataArg(p->func, (int)a) || !mlirTypeIsARankedTensor(t) || mlirShapedTypeGetRank(t) < 1)
      continue;
    int64_t batch = mlirShapedTypeGetDimSize(t, 0);
    if (!p->batch)
      p->batch = batch;
    if (B <= 0 || batch % B == 0)
      continue;
    char msg[200];
    snprintf(msg, sizeof msg,
             "ap-pipeline-plan: argument #%d has batch %lld, not divisible into %d micro-batches",
             (int)a, (long long)batch, B);
    fail(p->func, p->pass, msg);
    return false;
  }
  return true;
}

static void freePipe(apPipe *p) {
  free(p->time);
  free(p->fwdTime);
  free(p->weights);
  free(p->acts);
  free(p->transient);
  free(p->cut);
  free(p->launches);
  free(p->fwdLaunches);
  free(p->fwdCut);
  free(p->paramBytes);
  free(p->layerValues);
  json_object_put(p->profiles);
}

static double since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* Alpa's search: submesh shapes, one ILP each, the stage DP, optionally the
 * joint refinement. */
static void planSearched(apPipe *p) {
  for (int g = 0; g < p->c.num_groups; ++g) {
    int N = p->c.groups[g].nodes, M = p->c.groups[g].gpus_per_node;
    for (int m = 1; m < M && p->numShapes < AP_PLAN_MAX_SHAPES; m *= 2)
      p->shapes[p->numShapes++] = (apShape){1, m, g, 0, 0, 0};
    /* A node's GPUs also as 2-D logical meshes (2 x M/2, ..., M/2 x 2). */
    for (int r = 2; r * 2 <= M && M % r == 0 && p->numShapes < AP_PLAN_MAX_SHAPES; r *= 2)
      p->shapes[p->numShapes++] = (apShape){1, M, g, 0, 0, r};
    /* Whole-node submeshes of 1, 2, 4, .. nodes and all N: any node count
     * is a sum of these, and each shape costs one ILP. */
    for (int n = 1; n < N && p->numShapes < AP_PLAN_MAX_SHAPES; n *= 2)
      p->shapes[p->numShapes++] = (apShape){n, M, g, 0, 0, 0};
    if (p->numShapes < AP_PLAN_MAX_SHAPES)
      p->shapes[p->numShapes++] = (apShape){N, M, g, 0, 0, 0};
  }
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  apStagePlan sp = {0};
  apPipeReplicaPlan rep;
  bool replicated = false;
  double *cost = NULL;
  if (!apPipeProfile(p) || !searchStages(p, &sp, &cost, &rep, &replicated)) {
    mlirExternalPassSignalFailure(p->pass);
    return;
  }
  if (replicated) {
    if (apOptBool(p->opts, "refine") && apOptBool(p->opts, "summary"))
      fprintf(stderr, "ap-pipeline-plan: refinement: replicas per device group win; the "
                      "refinement moves the cuts of one pipeline only\n");
    apStagePlanFree(&sp);
    apPipeRecord(p, &rep.sp, since(&t0), NULL, &rep, NULL);
    apStagePlanFree(&rep.sp);
    free(cost);
    return;
  }
  json_object *extra = json_object_new_object();
  if (p->replicasLatency > 0) {
    json_object_object_add(extra, "replicas_s", json_object_new_double(p->replicasLatency));
    if (apOptBool(p->opts, "summary"))
      fprintf(stderr, "ap-pipeline-plan: replicas per device group: %.4g s; one pipeline wins\n",
              p->replicasLatency);
  }
  double *exact = NULL;
  if (apOptBool(p->opts, "refine") && sp.num_stages > 1 && sp.num_stages <= AP_PP_MAX_STAGES) {
    exact = malloc(sizeof(double) * (size_t)(sp.num_stages + 1));
    if (!exact)
      abort();
    json_object *refinement = refine(p, &sp, cost, exact);
    if (sp.latency >= AP_STAGE_INF ||
        !strcmp(json_object_get_string(json_object_object_get(refinement, "winner")), "none")) {
      free(exact);
      exact = NULL;
    }
    json_object_object_add(extra, "refinement", refinement);
  }
  apPipeRecord(p, &sp, since(&t0), exact, NULL, extra);
  json_object_put(extra);
  free(exact);
  free(cost);
  apStagePlanFree(&sp);
}

/* Megatron-LM's kind of plan, priced in the same model: one configuration,
 * or the best of all (sweep). */
static void planUniform(apPipe *p) {
  int dp = (int)apOptInt(p->opts, "data-parallel"), tp = (int)apOptInt(p->opts, "tensor-parallel");
  int pp = (int)apOptInt(p->opts, "stages");
  bool sweep = apOptBool(p->opts, "sweep");
  if (!sweep && (dp < 1 || tp < 1 || pp < 1)) {
    fail(p->module, p->pass, "ap-pipeline-plan: data-parallel, tensor-parallel and stages "
                             "are given together, each at least 1 (or sweep=true)");
    return;
  }
  if (sweep && (dp || tp || pp)) {
    fail(p->module, p->pass, "ap-pipeline-plan: sweep=true searches the degrees itself; "
                             "drop data-parallel, tensor-parallel and stages");
    return;
  }
  if (p->c.num_groups != 1 || apOptBool(p->opts, "refine")) {
    fail(p->module, p->pass, p->c.num_groups != 1
                                 ? "ap-pipeline-plan: uniform configurations need a cluster of "
                                   "one device type"
                                 : "ap-pipeline-plan: refine=true refines searched plans, not "
                                   "uniform configurations");
    return;
  }
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  json_object *rows = json_object_new_array();
  apStagePlan sp;
  if (!apPipeUniform(p, dp, tp, pp, (int)apOptInt(p->opts, "micro-batches"), &sp, rows)) {
    json_object_put(rows);
    mlirExternalPassSignalFailure(p->pass);
    return;
  }
  json_object *extra = json_object_new_object();
  if (sweep)
    json_object_object_add(extra, "sweep", rows);
  else
    json_object_put(rows);
  apPipeRecord(p, &sp, since(&t0), NULL, NULL, extra);
  json_object_put(extra);
  apStagePlanFree(&sp);
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  apPipe p;
  memset(&p, 0, sizeof p);
  p.module = module, p.opts = opts, p.pass = pass;
  if (!apPassCluster(module, "ap-pipeline-plan", apOptString(opts, "cluster"), "", &p.c)) {
    mlirExternalPassSignalFailure(pass);
    return;
  }
  if (p.c.num_groups < 1) {
    fail(module, pass, "ap-pipeline-plan: the cluster spec names no nodes (use a preset or a "
                       "spec with nodes and devices)");
    return;
  }
  p.func = apStepFunction(module);
  if (mlirOperationIsNull(p.func)) {
    fail(module, pass, "ap-pipeline-plan: expected exactly one public function with a body");
    return;
  }
  const char *transfers = apOptString(opts, "transfers");
  if (strcmp(transfers, "sharded") && strcmp(transfers, "whole")) {
    fail(module, pass, "ap-pipeline-plan: transfers must be sharded or whole");
    return;
  }
  p.wholeTransfers = !strcmp(transfers, "whole");
  int B = (int)apOptInt(opts, "micro-batches");
  if (B < 0) {
    fail(module, pass, "ap-pipeline-plan: micro-batches must be at least 1 (or 0: chosen)");
    return;
  }
  /* Micro-batches slice the data's batch (dim 0 of ap.role = "data"). */
  if (!readBatch(&p, B))
    return;
  if (!apFuncHasLayers(p.func)) {
    int L = apClusterLayers(p.func, apOptInt(opts, "layers"));
    if (L < 0) {
      mlirExternalPassSignalFailure(pass);
      return;
    }
    if (apOptBool(opts, "summary"))
      fprintf(stderr, "ap-pipeline-plan: no ap.layer on the step: clustered into %d layers\n", L);
  }
  /* The budget: given, none (0), or each device type's memory (-1). */
  const char *budgetText = apOptString(opts, "memory-budget");
  p.budget = *budgetText ? apParseBytes(budgetText) : -1;
  if (*budgetText && p.budget < 0) {
    fail(module, pass, "ap-pipeline-plan: invalid memory-budget");
    return;
  }
  for (int g = 0; g < p.c.num_groups; ++g)
    p.devices += p.c.groups[g].nodes * p.c.groups[g].gpus_per_node;
  /* Choosing micro-batches: only where --pipeline-partition can split them. */
  MlirStringRef fname =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(p.func, apStr("sym_name")));
  char name[128];
  snprintf(name, sizeof name, "%.*s", (int)fname.length, fname.data);
  if (B == 0 && p.batch > 1 && !apPpCanMicroBatch(module, name)) {
    p.oneMicroBatch = true;
    if (apOptBool(opts, "summary"))
      fprintf(stderr, "ap-pipeline-plan: the step cannot be split into micro-batches (see "
                      "--pipeline-partition=micro-batches=2): one micro-batch\n");
  }
  bool uniform = apOptInt(opts, "data-parallel") || apOptInt(opts, "tensor-parallel") ||
                 apOptInt(opts, "stages") || apOptBool(opts, "sweep");
  if (uniform)
    planUniform(&p);
  else
    planSearched(&p);
  freePipe(&p);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apPipelinePlanPassInfo, run, o, onError, user);
}

const apPassInfo apPipelinePlanPassInfo = {
    "ap-pipeline-plan",
    "Plan pipeline stages (Alpa's inter-op DP over layers and submeshes, auto-shard's ILP per "
    "submesh) and record the plan as ap.pipeline",
    options, create, NULL};
