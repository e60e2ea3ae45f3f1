/* Sharding strategies. For a linalg op they come from its indexing maps
 * alone: a strategy assigns each mesh axis to at most one loop; every operand
 * dim indexed by a loop is split over that loop's axes. Splitting a reduction
 * loop leaves a partial result that is all-reduced. One mechanism covers
 * matmul, batch_matmul, elementwise and broadcast generics, reductions and
 * transposes: no table per op name. */
#include "GraphInternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/Linalg.h"

typedef struct {
  int numMaps;
  int numDims[AP_MAX_LOOPS + 8];    /* results per map */
  int8_t loopOf[32][AP_MAX_RANK];   /* [operand][tensor dim] -> loop */
} apMaps;

/* Reads the indexing maps; false (with node->rule set) when a map is not a
 * projected permutation, which upstream's partitioner cannot handle. */
static bool readMaps(apNode *node, apMaps *m) {
  MlirAttribute maps = mlirLinalgGetIndexingMapsAttribute(node->op);
  m->numMaps = (int)mlirArrayAttrGetNumElements(maps);
  if (m->numMaps != node->numOperands || m->numMaps > 32) {
    snprintf(node->rule, sizeof node->rule, "replicated: unusual operand/map count");
    return false;
  }
  for (int k = 0; k < m->numMaps; ++k) {
    MlirAffineMap map = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, k));
    node->numLoops = (int)mlirAffineMapGetNumDims(map);
    if (node->numLoops > AP_MAX_LOOPS) {
      snprintf(node->rule, sizeof node->rule, "replicated: more than %d loops", AP_MAX_LOOPS);
      return false;
    }
    m->numDims[k] = (int)mlirAffineMapGetNumResults(map);
    if (m->numDims[k] > AP_MAX_RANK)
      return false;
    for (int r = 0; r < m->numDims[k]; ++r) {
      MlirAffineExpr e = mlirAffineMapGetResult(map, r);
      if (!mlirAffineExprIsADim(e)) {
        snprintf(node->rule, sizeof node->rule,
                 "replicated: indexing map is not a projected permutation");
        return false;
      }
      m->loopOf[k][r] = (int8_t)mlirAffineDimExprGetPosition(e);
    }
  }
  return true;
}

static int countBodyOps(MlirOperation op) {
  if (mlirOperationGetNumRegions(op) == 0)
    return 0;
  MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  int n = 0;
  for (MlirOperation o = mlirBlockIsNull(b) ? (MlirOperation){NULL}
                                            : mlirBlockGetFirstOperation(b);
       !mlirOperationIsNull(o); o = mlirOperationGetNextInBlock(o))
    if (!apOpNameIs(o, "linalg.yield") && !apOpNameIs(o, "linalg.index"))
      ++n;
  return n;
}

static MlirWalkResult markIndex(MlirOperation o, void *user) {
  if (apOpNameIs(o, "linalg.index")) {
    MlirAttribute d = mlirOperationGetAttributeByName(o, mlirStringRefCreateFromCString("dim"));
    if (!mlirAttributeIsNull(d) && mlirIntegerAttrGetValueInt(d) < 32)
      *(uint32_t *)user |= 1u << mlirIntegerAttrGetValueInt(d);
  }
  return MlirWalkResultAdvance;
}

/* Loops the body reads with linalg.index: upstream's partitioner leaves the
 * index local, so splitting such a loop would change what the body computes
 * (a one-hot of global labels over a split vocabulary, a causal mask). */
static uint32_t indexedLoops(MlirOperation op) {
  uint32_t mask = 0;
  if (mlirOperationGetNumRegions(op) > 0)
    mlirOperationWalk(op, markIndex, &mask, MlirWalkPreOrder);
  return mask;
}

static double valueBytes(const apValue *v) {
  double b = v->elemBytes;
  for (int d = 0; d < v->rank; ++d)
    b *= (double)v->shape[d];
  return b;
}

static double localBytes(const apValue *v, const apSharding *s, const apCluster *c) {
  return valueBytes(v) / (double)apShardingNumShards(s, c);
}

/* Compute time on the slowest device type the mesh holds: its groups'
 * types (a submesh carved from a mixed cluster keeps the whole type list),
 * or every type when the spec has no groups. */
static double computeTime(const apCluster *c, apDType dt, double flops, double bytes) {
  double t = 0;
  for (int i = 0; i < c->num_types; ++i) {
    bool used = c->num_groups == 0;
    for (int g = 0; g < c->num_groups && !used; ++g)
      used = c->groups[g].type == i;
    double ti = used ? apCostCompute(c, i, dt, flops, bytes) : 0;
    if (ti > t)
      t = ti;
  }
  return t;
}

static apStrategy *pushStrategy(apNode *node, int *cap) {
  if (node->numStrategies == *cap) {
    *cap = *cap ? 2 * *cap : 8;
    apStrategy *n = realloc(node->strategies, sizeof *n * *cap);
    if (!n)
      return NULL;
    node->strategies = n;
  }
  apStrategy *s = &node->strategies[node->numStrategies];
  memset(s, 0, sizeof *s);
  s->operands = calloc(node->numOperands + node->numResults + 1, sizeof(apSharding));
  if (!s->operands)
    return NULL;
  s->results = s->operands + node->numOperands;
  for (int a = 0; a < AP_MAX_MESH_RANK; ++a)
    s->loopOfAxis[a] = -1;
  node->numStrategies++;
  return s;
}

/* Mesh axes worth assigning (size > 1), in order. */
static int usableAxes(const apCluster *c, int *axes) {
  int n = 0;
  for (int a = 0; a < c->mesh_rank; ++a)
    if (c->mesh[a] > 1)
      axes[n++] = a;
  return n;
}

/* Calls f for every assignment of the usable axes to choices 0..numChoices
 * (numChoices itself meaning "unused"), in a fixed order. */
typedef int (*apAssignFn)(apGraph *g, int node, const int *choice, void *u);
static int forEachAssignment(apGraph *g, int node, int numAxes, int numChoices,
                             apAssignFn f, void *u) {
  int choice[AP_MAX_MESH_RANK] = {0};
  for (int a = 0; a < numAxes; ++a)
    choice[a] = numChoices; /* start from "all unused": replicated first */
  for (;;) {
    if (f(g, node, choice, u))
      return -1;
    int a = numAxes - 1;
    while (a >= 0) {
      choice[a] = (choice[a] + 1) % (numChoices + 1);
      if (choice[a] != numChoices)
        break;
      --a;
    }
    if (a < 0)
      return 0;
  }
}

typedef struct {
  const apMaps *maps;
  int axes[AP_MAX_MESH_RANK];
  int numAxes;
  int cap;
  bool requireAllAxes;
  uint32_t unsplittable; /* loops read by linalg.index */
  apAxisMask dataAxes;   /* these axes take the batch loop or nothing */
  int batch;             /* that loop (or argument dim), -1 for none */
} apLinalgCtx;

/* Data parallelism on the data axes: the batch when there is one, else
 * nothing (numChoices stands for "unused"). */
static bool dataParallelOk(const apLinalgCtx *lc, const int *choice, int numChoices) {
  for (int i = 0; i < lc->numAxes; ++i)
    if (((lc->dataAxes >> lc->axes[i]) & 1u) &&
        choice[i] != (lc->batch >= 0 ? lc->batch : numChoices))
      return false;
  return true;
}

/* Follows the batch through the maps: the loop indexing an operand's batch
 * dim, and the result dims that loop indexes. */
static void followBatch(apGraph *g, apNode *node, const apMaps *m) {
  for (int k = 0; k < node->numOperands && node->batchLoop < 0; ++k) {
    int v = node->operands[k];
    if (v >= 0 && g->values[v].batchDim >= 0 && g->values[v].batchDim < m->numDims[k])
      node->batchLoop = m->loopOf[k][g->values[v].batchDim];
  }
  for (int r = 0; r < node->numResults && node->batchLoop >= 0; ++r) {
    int v = node->results[r], k = node->numOperands - node->numResults + r;
    for (int d = 0; v >= 0 && k >= 0 && d < m->numDims[k]; ++d)
      if (m->loopOf[k][d] == node->batchLoop)
        g->values[v].batchDim = d;
  }
}

static int addLinalgStrategy(apGraph *g, int n, const int *choice, void *u) {
  apLinalgCtx *lc = u;
  apNode *node = &g->nodes[n];
  const apCluster *c = g->cluster;
  int64_t split[AP_MAX_LOOPS];
  for (int l = 0; l < node->numLoops; ++l)
    split[l] = 1;
  int used = 0;
  for (int i = 0; i < lc->numAxes; ++i)
    if (choice[i] < node->numLoops) {
      if ((lc->unsplittable >> choice[i]) & 1u)
        return 0;
      split[choice[i]] *= c->mesh[lc->axes[i]];
      ++used;
    }
  if (lc->requireAllAxes && used < lc->numAxes)
    return 0;
  if (lc->dataAxes && !dataParallelOk(lc, choice, node->numLoops))
    return 0;
  for (int l = 0; l < node->numLoops; ++l)
    if (node->loops[l] % split[l])
      return 0; /* uneven splits fail in upstream's partitioner */
  apStrategy *s = pushStrategy(node, &lc->cap);
  if (!s)
    return -1;
  for (int i = 0; i < lc->numAxes; ++i)
    if (choice[i] < node->numLoops) {
      s->loopOfAxis[lc->axes[i]] = (int8_t)choice[i];
      if ((node->reductionLoops >> choice[i]) & 1u)
        s->partial |= 1u << lc->axes[i];
    }
  double bytes = 0;
  int64_t work = 1;
  for (int l = 0; l < node->numLoops; ++l)
    work *= split[l];
  for (int k = 0; k < node->numOperands + node->numResults; ++k) {
    bool isResult = k >= node->numOperands;
    int v = isResult ? node->results[k - node->numOperands] : node->operands[k];
    apSharding *sh = &s->operands[k];
    if (v < 0) {
      sh->rank = -1;
      continue;
    }
    /* A result is laid out like its init operand. */
    int mapIdx = isResult ? node->numOperands - node->numResults + (k - node->numOperands) : k;
    apShardingReplicated(sh, g->values[v].rank);
    for (int d = 0; d < g->values[v].rank; ++d) {
      int loop = lc->maps->loopOf[mapIdx][d];
      for (int a = 0; a < c->mesh_rank; ++a)
        if (s->loopOfAxis[a] == loop)
          sh->axes[d][sh->n[d]++] = (int8_t)a;
    }
    bytes += localBytes(&g->values[v], sh, c);
    if (isResult) {
      double lb = localBytes(&g->values[v], sh, c);
      s->mem += lb;
      if (s->partial)
        s->comm += apCostAllReduce(c, s->partial, lb);
    }
  }
  int v0 = node->results[0] >= 0 ? node->results[0] : node->operands[0];
  s->compute = computeTime(c, v0 >= 0 ? g->values[v0].dtype : AP_DTYPE_F32,
                           node->flops / (double)work, bytes);
  return 0;
}

static int linalgStrategies(apGraph *g, int n, const apGraphOptions *opt) {
  apNode *node = &g->nodes[n];
  apMaps maps;
  memset(&maps, 0, sizeof maps);
  if (!readMaps(node, &maps))
    return 1; /* replicated */
  /* Loop sizes from the operand shapes; reductions are the loops no result
   * is indexed by. */
  for (int l = 0; l < node->numLoops; ++l)
    node->loops[l] = 0;
  uint32_t inOutput = 0;
  int tensorInputs = 0;
  for (int k = 0; k < node->numOperands; ++k) {
    int v = node->operands[k];
    bool isInit = k >= node->numOperands - node->numResults;
    if (v < 0)
      continue;
    tensorInputs += !isInit;
    for (int d = 0; d < maps.numDims[k]; ++d) {
      node->loops[maps.loopOf[k][d]] = g->values[v].shape[d];
      if (isInit)
        inOutput |= 1u << maps.loopOf[k][d];
    }
  }
  double work = 1;
  for (int l = 0; l < node->numLoops; ++l) {
    if (node->loops[l] <= 0) {
      snprintf(node->rule, sizeof node->rule, "replicated: a loop is not bound by any operand");
      return 1;
    }
    work *= (double)node->loops[l];
    if (!((inOutput >> l) & 1u))
      node->reductionLoops |= 1u << l;
  }
  node->flops = work * countBodyOps(node->op);
  node->heavy = tensorInputs >= 2 && node->reductionLoops != 0;
  followBatch(g, node, &maps);

  apLinalgCtx lc = {.maps = &maps, .unsplittable = indexedLoops(node->op),
                    .dataAxes = opt->dataAxes, .batch = node->batchLoop};
  lc.numAxes = usableAxes(g->cluster, lc.axes);
  lc.requireAllAxes = node->heavy && !opt->recomputeHeavy;
  if (forEachAssignment(g, n, lc.numAxes, node->numLoops, addLinalgStrategy, &lc))
    return -1;
  if (node->numStrategies == 0 && lc.dataAxes) {
    /* The batch does not split evenly here: replicate over the data axes. */
    lc.batch = -1;
    if (forEachAssignment(g, n, lc.numAxes, node->numLoops, addLinalgStrategy, &lc))
      return -1;
  }
  if (node->numStrategies == 0 && lc.requireAllAxes) {
    /* No split uses every axis evenly: allow recomputation rather than fail. */
    lc.requireAllAxes = false;
    if (forEachAssignment(g, n, lc.numAxes, node->numLoops, addLinalgStrategy, &lc))
      return -1;
    snprintf(node->rule, sizeof node->rule,
             "contraction; no even split uses every mesh axis, so recomputation is allowed");
  } else {
    snprintf(node->rule, sizeof node->rule, "%s from indexing maps (%d loops, %d reductions)",
             node->heavy ? "contraction" : "loop splits", node->numLoops,
             __builtin_popcount(node->reductionLoops));
  }
  return 0;
}

/* Any layout of an argument (even splits only). */
static int addArgStrategy(apGraph *g, int n, const int *choice, void *u) {
  apLinalgCtx *lc = u;
  apNode *node = &g->nodes[n];
  const apCluster *c = g->cluster;
  const apValue *v = &g->values[node->results[0]];
  apSharding sh;
  apShardingReplicated(&sh, v->rank);
  for (int i = 0; i < lc->numAxes; ++i)
    if (choice[i] < v->rank)
      sh.axes[choice[i]][sh.n[choice[i]]++] = (int8_t)lc->axes[i];
  for (int d = 0; d < v->rank; ++d)
    if (v->shape[d] % apShardingDimSplit(&sh, c, d))
      return 0;
  if (lc->dataAxes && !dataParallelOk(lc, choice, v->rank))
    return 0;
  apStrategy *s = pushStrategy(node, &lc->cap);
  if (!s)
    return -1;
  s->results[0] = sh;
  s->mem = localBytes(v, &sh, c);
  return 0;
}

static int replicatedStrategy(apGraph *g, int n) {
  apNode *node = &g->nodes[n];
  int cap = 0;
  apStrategy *s = pushStrategy(node, &cap);
  if (!s)
    return -1;
  for (int k = 0; k < node->numOperands + node->numResults; ++k) {
    bool isResult = k >= node->numOperands;
    int v = isResult ? node->results[k - node->numOperands] : node->operands[k];
    if (v < 0) {
      s->operands[k].rank = -1;
      continue;
    }
    apShardingReplicated(&s->operands[k], g->values[v].rank);
    if (isResult)
      s->mem += valueBytes(&g->values[v]);
  }
  return 0;
}

int apAttachStrategies(apGraph *g, const apGraphOptions *opt) {
  for (int n = 0; n < g->numNodes; ++n) {
    apNode *node = &g->nodes[n];
    int rc = 0;
    switch (node->kind) {
    case AP_NODE_ARG: {
      apValue *v = &g->values[node->results[0]];
      MlirAttribute role = apFuncArgAttr(g->func, node->argIndex, "ap.role");
      if (v->rank >= 1 && !mlirAttributeIsNull(role) && mlirAttributeIsAString(role) &&
          mlirStringRefEqual(mlirStringAttrGetValue(role), mlirStringRefCreateFromCString("data")))
        v->batchDim = 0;
      apLinalgCtx lc = {.dataAxes = opt->dataAxes, .batch = v->batchDim};
      lc.numAxes = g->replicatedBoundary ? 0 : usableAxes(g->cluster, lc.axes);
      rc = forEachAssignment(g, n, lc.numAxes, v->rank, addArgStrategy, &lc);
      if (rc == 0 && node->numStrategies == 0 && lc.dataAxes) {
        lc.batch = -1; /* an uneven batch: replicated over the data axes */
        rc = forEachAssignment(g, n, lc.numAxes, v->rank, addArgStrategy, &lc);
      }
      snprintf(node->rule, sizeof node->rule,
               g->replicatedBoundary ? "argument: replicated (stage boundary)"
                                     : "argument: any even layout");
      break;
    }
    case AP_NODE_LINALG:
      rc = linalgStrategies(g, n, opt);
      if (rc == 1) {
        node->kind = AP_NODE_REPLICATED;
        rc = replicatedStrategy(g, n);
      }
      break;
    case AP_NODE_REPLICATED:
      snprintf(node->rule, sizeof node->rule,
               "replicated: upstream shard-partition cannot partition this op");
      rc = replicatedStrategy(g, n);
      break;
    case AP_NODE_FOLLOWER:
    case AP_NODE_RETURN:
      break;
    }
    if (rc)
      return -1;
  }
  return 0;
}

void apStrategyFormat(const apGraph *g, int n, int s, char *buf, int len) {
  const apNode *node = &g->nodes[n];
  const apStrategy *st = &node->strategies[s];
  if (node->kind != AP_NODE_LINALG) {
    if (node->numResults > 0 && st->results[0].rank >= 0)
      apShardingFormat(&st->results[0], buf, len);
    else
      snprintf(buf, len, "replicated");
    return;
  }
  /* "d0:[0] d2:[1]": the mesh axes splitting each loop. */
  int pos = 0;
  buf[0] = 0;
  for (int l = 0; l < node->numLoops; ++l) {
    int k = 0;
    for (int a = 0; a < g->cluster->mesh_rank; ++a) {
      if (st->loopOfAxis[a] != l)
        continue;
      if (k++ == 0)
        pos += snprintf(buf + pos, pos < len ? len - pos : 0, "%sd%d:[", pos ? " " : "", l);
      else
        pos += snprintf(buf + pos, pos < len ? len - pos : 0, ",");
      pos += snprintf(buf + pos, pos < len ? len - pos : 0, "%d", a);
    }
    if (k)
      pos += snprintf(buf + pos, pos < len ? len - pos : 0, "]");
  }
  if (!buf[0])
    snprintf(buf, len, "replicated");
}
