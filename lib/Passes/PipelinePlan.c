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
#include "AutoShard.h"
#include "PipelineSplit.h"
#include "ClusterLayers.h"
#include "PassCommon.h"

#include "ap/StageDp.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static const apPassOptionInfo options[] = {
    {"cluster", AP_OPT_STRING, "", "cluster preset or JSON file (default: the module's)"},
    {"micro-batches", AP_OPT_INT, "8", "micro-batches the function's batch is split into"},
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
    {NULL, 0, NULL, NULL},
};

enum { MAX_SHAPES = 40 };

typedef struct {
  int n, m;  /* nodes x GPUs per node */
  int group; /* the cluster's node group (one device type) it is carved from */
} apShape;

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

typedef struct {
  MlirOperation module, func;
  const apOptions *opts;
  MlirExternalPass pass;
  apCluster c;
  apShape shapes[MAX_SHAPES];
  int numShapes, devices, B, L;
  double budget;
  /* [shape][layer]: time, weight memory, activation memory per device */
  double *time, *weights, *acts;
  double *cut; /* [layer]: bytes crossing the cut after it, both ways */
  int64_t *layerValues;
} apPipe;

static bool submesh(const apPipe *p, apShape s, apCluster *out) {
  *out = p->c;
  out->groups[0] = p->c.groups[s.group];
  out->num_groups = 1;
  out->groups[0].nodes = s.n;
  out->groups[0].gpus_per_node = s.m;
  int64_t shape[2] = {s.n, s.m};
  char err[256];
  return s.n > 1 ? apClusterSetMesh(out, 2, shape, err, sizeof err) == 0
                 : apClusterSetMesh(out, 1, shape + 1, err, sizeof err) == 0;
}

/* Plans the step on each submesh and tallies per layer. */
static bool profile(apPipe *p) {
  apGraphOptions gopt = {0};
  for (int s = 0; s < p->numShapes; ++s) {
    apCluster sub;
    if (!submesh(p, p->shapes[s], &sub)) {
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
    if (s == 0) {
      p->L = L;
      p->layerValues = vals;
      vals = NULL;
      size_t cells = (size_t)p->numShapes * (size_t)(L + 1);
      p->time = calloc(cells, sizeof(double));
      p->weights = calloc(cells, sizeof(double));
      p->acts = calloc(cells, sizeof(double));
      p->cut = calloc((size_t)L + 1, sizeof(double));
      if (!p->time || !p->weights || !p->acts || !p->cut)
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
        for (int j = lo; j >= 0 && j < hi; ++j)
          p->cut[j] += valueBytes(&g.values[v]);
      }
    }
    free(vals);
    if (L != p->L || L < 1) {
      free(layer);
      apGraphFree(&g);
      fail(p->func, p->pass, "ap-pipeline-plan: no ops carry `ap.layer`; nothing to cut");
      return false;
    }
    if (apOptBool(p->opts, "summary"))
      fprintf(stderr, "ap-pipeline-plan: planning the step on a %dx%d submesh (%d of %d)\n",
              p->shapes[s].n, p->shapes[s].m, s + 1, p->numShapes);
    apShardPlan plan;
    if (apShardSolve(&g, 0, apOptDouble(p->opts, "time-limit"), 0, true, &plan)) {
      free(layer);
      apGraphFree(&g);
      return false;
    }
    for (int n = 0; n < g.numNodes; ++n) {
      if (layer[n] < 0)
        continue;
      size_t at = (size_t)s * (size_t)(L + 1) + (size_t)layer[n];
      p->time[at] += plan.nodeTime[n];
      if (g.nodes[n].kind == AP_NODE_ARG)
        p->weights[at] += plan.nodeMem[n];
      else
        p->acts[at] += plan.nodeMem[n];
    }
    apShardPlanFree(&plan);
    apGraphFree(&g);
    free(layer);
  }
  return true;
}

static double *stageCosts(const apPipe *p, int *meshDevices) {
  int L = p->L, S = p->numShapes;
  double *cost = malloc(sizeof(double) * (size_t)L * L * S + 1);
  if (!cost)
    abort();
  for (int s = 0; s < S; ++s)
    meshDevices[s] = p->shapes[s].n * p->shapes[s].m;
  for (int i = 0; i < L; ++i)
    for (int j = 0; j < L; ++j)
      for (int s = 0; s < S; ++s) {
        double t = 0, w = 0, a = 0;
        for (int l = i; l <= j; ++l) {
          size_t at = (size_t)s * (size_t)(L + 1) + (size_t)l;
          t += p->time[at], w += p->weights[at], a += p->acts[at];
        }
        /* The next stage sits on other nodes when this one fills nodes. */
        const apNodeGroup *grp = &p->c.groups[p->shapes[s].group];
        apLinkLevel lv = (p->c.num_groups > 1 || grp->nodes > 1) && p->shapes[s].m == grp->gpus_per_node
                             ? AP_LINK_INTER : AP_LINK_INTRA;
        double send = j + 1 < L ? apCostSendRecv(&p->c, lv, p->cut[j] / p->B) : 0;
        /* At most this many micro-batches are in flight on a stage. */
        int inflight = p->devices / meshDevices[s];
        if (inflight > p->B)
          inflight = p->B;
        double mem = w + a / p->B * inflight;
        double budget = p->budget >= 0 ? p->budget : apClusterDeviceMemory(&p->c, grp->type);
        bool fits = budget <= 0 || mem <= budget;
        cost[((size_t)i * L + j) * S + s] =
            j < i || !fits ? AP_STAGE_INF : t / p->B + send;
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
                        sh.n, sh.m, nextDev[sh.group]};
    nextDev[sh.group] += sh.n * sh.m;
  }
}

static void record(apPipe *p, const apStagePlan *sp, const double *cost, double seconds,
                   const double *exact, json_object *refinement) {
  MlirContext ctx = mlirOperationGetContext(p->module);
  int L = p->L, S = p->numShapes;
  json_object *root = json_object_new_object(), *stages = json_object_new_array();
  json_object_object_add(root, "micro_batches", json_object_new_int(p->B));
  json_object_object_add(root, "schedule", json_object_new_string("1f1b"));
  MlirAttribute *attrs = malloc(sizeof(MlirAttribute) * (size_t)(sp->num_stages + 1));
  if (!attrs)
    abort();
  bool summary = apOptBool(p->opts, "summary");
  if (summary) {
    fprintf(stderr, "ap-pipeline-plan: %d layers on %d devices (", L, p->devices);
    for (int g = 0; g < p->c.num_groups; ++g)
      fprintf(stderr, "%s%d x %d %s", g ? " + " : "", p->c.groups[g].nodes,
              p->c.groups[g].gpus_per_node, p->c.types[p->c.groups[g].type].name);
    fprintf(stderr, "), %d micro-batches\n", p->B);
  }
  apPpStage *st = malloc(sizeof(apPpStage) * (size_t)(sp->num_stages + 1));
  if (!st)
    abort();
  planStages(p, sp, st);
  for (int k = 0; k < sp->num_stages; ++k) {
    apShape sh = p->shapes[sp->mesh[k]];
    int dev = st[k].firstDevice;
    double t = exact ? exact[k] : cost[((size_t)sp->first[k] * L + sp->last[k]) * S + sp->mesh[k]];
    double w = 0, a = 0;
    for (int l = sp->first[k]; l <= sp->last[k]; ++l) {
      w += p->weights[(size_t)sp->mesh[k] * (size_t)(L + 1) + (size_t)l];
      a += p->acts[(size_t)sp->mesh[k] * (size_t)(L + 1) + (size_t)l];
    }
    int inflight = sp->num_stages - k < p->B ? sp->num_stages - k : p->B; /* 1F1B */
    double mem = w + a / p->B * inflight;
    json_object *js = json_object_new_object();
    json_object *layers = json_object_new_array();
    json_object_array_add(layers, json_object_new_int64(p->layerValues[sp->first[k]]));
    json_object_array_add(layers, json_object_new_int64(p->layerValues[sp->last[k]]));
    json_object_object_add(js, "layers", layers);
    json_object *mesh = json_object_new_array();
    json_object_array_add(mesh, json_object_new_int(sh.n));
    json_object_array_add(mesh, json_object_new_int(sh.m));
    json_object_object_add(js, "submesh", mesh);
    json_object_object_add(js, "first_device", json_object_new_int(dev));
    json_object_object_add(js, "device",
                           json_object_new_string(p->c.types[p->c.groups[sh.group].type].name));
    json_object_object_add(js, "time_per_micro_batch_s", json_object_new_double(t));
    json_object_object_add(js, "memory_bytes", json_object_new_double(mem));
    json_object_array_add(stages, js);
    if (summary)
      fprintf(stderr,
              "  stage %d: layers %lld-%lld on %dx%d %s (devices %d-%d): %.4g s per "
              "micro-batch, %.4g GiB\n",
              k, (long long)p->layerValues[sp->first[k]], (long long)p->layerValues[sp->last[k]],
              sh.n, sh.m, p->c.types[p->c.groups[sh.group].type].name, dev,
              dev + sh.n * sh.m - 1, t, mem / (1 << 30));
    char text[160];
    snprintf(text, sizeof text,
             "{layers = array<i64: %lld, %lld>, submesh = array<i64: %d, %d>, "
             "first_device = %d : i64}",
             (long long)p->layerValues[sp->first[k]], (long long)p->layerValues[sp->last[k]],
             sh.n, sh.m, dev);
    attrs[k] = mlirAttributeParseGet(ctx, apStr(text));
  }
  free(st);
  json_object_object_add(root, "stages", stages);
  if (refinement)
    json_object_object_add(root, "refinement", json_object_get(refinement));
  json_object_object_add(root, "iteration_s", json_object_new_double(sp->latency));
  if (summary)
    fprintf(stderr,
            "  iteration %.4g s (stages sum %.4g s, bottleneck %.4g s); Alpa's DP, %d bounds "
            "tried, %.2f s\n",
            sp->latency, sp->sum, sp->max, sp->tmax_tried, seconds);
  MlirNamedAttribute fields[3] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("micro_batches")),
                            mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), p->B)),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("schedule")),
                            mlirStringAttrGet(ctx, apStr("1f1b"))),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, apStr("stages")),
                            mlirArrayAttrGet(ctx, sp->num_stages, attrs)),
  };
  mlirOperationSetAttributeByName(p->module, apStr("ap.pipeline"),
                                  mlirDictionaryAttrGet(ctx, 3, fields));
  free(attrs);
  const char *path = apOptString(p->opts, "plan");
  if (*path)
    apWritePlanFile(root, path, p->module, p->pass, "ap-pipeline-plan");
  json_object_put(root);
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
    /* The cut's transfer, as the DP prices it. */
    const apNodeGroup *grp = &p->c.groups[p->shapes[sp->mesh[k]].group];
    apLinkLevel lv = (p->c.num_groups > 1 || grp->nodes > 1) &&
                             p->shapes[sp->mesh[k]].m == grp->gpus_per_node
                         ? AP_LINK_INTER
                         : AP_LINK_INTRA;
    if (sp->last[k] + 1 < L)
      t[k] += apCostSendRecv(&p->c, lv, p->cut[sp->last[k]] / p->B);
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
  p.B = (int)apOptInt(opts, "micro-batches");
  if (p.B < 1) {
    fail(module, pass, "ap-pipeline-plan: micro-batches must be at least 1");
    return;
  }
  /* Micro-batches slice the data's batch (dim 0 of ap.role = "data"). */
  MlirAttribute argAttrs = mlirOperationGetAttributeByName(p.func, apStr("arg_attrs"));
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(p.func, 0));
  for (intptr_t a = 0; !mlirAttributeIsNull(argAttrs) && a < mlirArrayAttrGetNumElements(argAttrs);
       ++a) {
    MlirAttribute role = mlirDictionaryAttrGetElementByName(mlirArrayAttrGetElement(argAttrs, a),
                                                            apStr("ap.role"));
    MlirType t = mlirValueGetType(mlirBlockGetArgument(entry, a));
    if (mlirAttributeIsNull(role) || !mlirAttributeIsAString(role) ||
        strncmp(mlirStringAttrGetValue(role).data, "data", 4) || !mlirTypeIsARankedTensor(t) ||
        mlirShapedTypeGetRank(t) < 1 || mlirShapedTypeGetDimSize(t, 0) % p.B == 0)
      continue;
    char msg[200];
    snprintf(msg, sizeof msg,
             "ap-pipeline-plan: argument #%d has batch %lld, not divisible into %d micro-batches",
             (int)a, (long long)mlirShapedTypeGetDimSize(t, 0), p.B);
    fail(p.func, pass, msg);
    return;
  }
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
  int typeDevices[AP_MAX_NODE_GROUPS];
  for (int g = 0; g < p.c.num_groups; ++g) {
    int N = p.c.groups[g].nodes, M = p.c.groups[g].gpus_per_node;
    typeDevices[g] = N * M;
    p.devices += N * M;
    for (int m = 1; m < M && p.numShapes < MAX_SHAPES; m *= 2)
      p.shapes[p.numShapes++] = (apShape){1, m, g};
    /* Whole-node submeshes of 1, 2, 4, .. nodes and all N: any node count
     * is a sum of these, and each shape costs one ILP. */
    for (int n = 1; n < N && p.numShapes < MAX_SHAPES; n *= 2)
      p.shapes[p.numShapes++] = (apShape){n, M, g};
    if (p.numShapes < MAX_SHAPES)
      p.shapes[p.numShapes++] = (apShape){N, M, g};
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bool ok = profile(&p);
  int *meshDevices = malloc(sizeof(int) * (size_t)(p.numShapes + 1));
  int meshType[MAX_SHAPES];
  for (int k = 0; k < p.numShapes; ++k)
    meshType[k] = p.shapes[k].group;
  double *cost = NULL;
  if (ok && meshDevices) {
    cost = stageCosts(&p, meshDevices);
    apStageProblem prob = {.num_layers = p.L, .num_meshes = p.numShapes,
                           .mesh_devices = meshDevices, .devices = p.devices,
                           .micro_batches = p.B, .cost = cost,
                           .num_types = p.c.num_groups, .mesh_type = meshType,
                           .type_devices = typeDevices};
    apStagePlan sp;
    if (apStageDp(&prob, &sp)) {
      fail(module, pass, "ap-pipeline-plan: no pipeline fits the memory budget on this "
                         "cluster (raise memory-budget or add devices)");
    } else {
      json_object *refinement = NULL;
      double *exact = NULL;
      if (apOptBool(opts, "refine") && sp.num_stages > 1 && sp.num_stages <= AP_PP_MAX_STAGES) {
        exact = malloc(sizeof(double) * (size_t)(sp.num_stages + 1));
        if (!exact)
          abort();
        refinement = refine(&p, &sp, cost, exact);
        if (sp.latency >= AP_STAGE_INF || !strcmp(json_object_get_string(json_object_object_get(
                                                       refinement, "winner")), "none")) {
          free(exact);
          exact = NULL;
        }
      }
      clock_gettime(CLOCK_MONOTONIC, &t1);
      record(&p, &sp, cost, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
             exact, refinement);
      json_object_put(refinement);
      free(exact);
      apStagePlanFree(&sp);
    }
  } else if (ok) {
    abort();
  } else {
    mlirExternalPassSignalFailure(pass);
  }
  free(meshDevices);
  free(cost);
  free(p.time);
  free(p.weights);
  free(p.acts);
  free(p.cut);
  free(p.layerValues);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apPipelinePlanPassInfo, run, o, onError, user);
}

const apPassInfo apPipelinePlanPassInfo = {
    "ap-pipeline-plan",
    "Plan pipeline stages (Alpa's inter-op DP over layers and submeshes, auto-shard's ILP per "
    "submesh) and record the plan as ap.pipeline",
    options, create, NULL};
