/* Graph -> Alpa's ILP -> one strategy per node. Edge costs are the chains of
 * single-step collectives the rewrite will emit (Reshard.c). */
#include "AutoShard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/Diagnostics.h"

/* Distinct layouts in a list, so each (from, to) reshard is planned once. */
typedef struct {
  int count;
  apSharding *items;
  int *indexOf; /* per input position */
} apLayoutSet;

static int layoutSetBuild(apLayoutSet *set, const apSharding *const *in, int n) {
  set->count = 0;
  set->items = malloc(sizeof(apSharding) * (n ? n : 1));
  set->indexOf = malloc(sizeof(int) * (n ? n : 1));
  if (!set->items || !set->indexOf)
    return -1;
  for (int i = 0; i < n; ++i) {
    int k = 0;
    while (k < set->count && !apShardingEqual(&set->items[k], in[i]))
      ++k;
    if (k == set->count)
      set->items[set->count++] = *in[i];
    set->indexOf[i] = k;
  }
  return 0;
}

static void layoutSetFree(apLayoutSet *s) {
  free(s->items);
  free(s->indexOf);
}

typedef struct {
  int numEdges, cap;
  int *src, *dst;
  double **cost;
} apEdges;

static double reshardCost(const apGraph *g, int v, const apSharding *from,
                          const apSharding *to) {
  apReshardStep steps[AP_MAX_RESHARD_STEPS];
  double cost;
  const apValue *val = &g->values[v];
  apReshardPlan(from, to, val->shape, val->elemBytes, g->cluster, steps, &cost);
  return cost;
}

/* One edge per (value, ILP user): cost[i][j] = reshard from the producer's
 * layout under strategy i to what the user wants under strategy j. */
static int addValueEdges(const apGraph *g, int v, const int *ilpIndex, apEdges *e) {
  const apValue *val = &g->values[v];
  const apNode *u = &g->nodes[val->def];
  if (ilpIndex[val->def] < 0)
    return 0;
  const apSharding **prod = malloc(sizeof *prod * u->numStrategies);
  if (!prod)
    return -1;
  for (int i = 0; i < u->numStrategies; ++i)
    prod[i] = &u->strategies[i].results[val->defResult];
  apLayoutSet ps;
  if (layoutSetBuild(&ps, prod, u->numStrategies)) {
    free(prod);
    return -1;
  }
  int rc = 0;
  for (int k = 0; k < val->numUses && !rc; ++k) {
    const apNode *w = &g->nodes[val->useNode[k]];
    if (ilpIndex[val->useNode[k]] < 0 || val->useNode[k] == val->def)
      continue;
    const apSharding **cons = malloc(sizeof *cons * w->numStrategies);
    if (!cons) {
      rc = -1;
      break;
    }
    apLayoutSet cs = {0};
    for (int j = 0; j < w->numStrategies; ++j)
      cons[j] = &w->strategies[j].operands[val->useOperand[k]];
    double *table = NULL, *m = NULL;
    if (layoutSetBuild(&cs, cons, w->numStrategies) ||
        !(table = malloc(sizeof(double) * ps.count * cs.count)) ||
        !(m = malloc(sizeof(double) * u->numStrategies * w->numStrategies))) {
      free(table);
      free(cons);
      layoutSetFree(&cs);
      rc = -1;
      break;
    }
    for (int a = 0; a < ps.count; ++a)
      for (int b = 0; b < cs.count; ++b)
        table[a * cs.count + b] = reshardCost(g, v, &ps.items[a], &cs.items[b]);
    for (int i = 0; i < u->numStrategies; ++i)
      for (int j = 0; j < w->numStrategies; ++j)
        m[i * w->numStrategies + j] = table[ps.indexOf[i] * cs.count + cs.indexOf[j]];
    free(table);
    free(cons);
    layoutSetFree(&cs);
    if (e->numEdges == e->cap) {
      e->cap = e->cap ? 2 * e->cap : 64;
      int *s = realloc(e->src, sizeof(int) * e->cap);
      if (s)
        e->src = s;
      int *d = realloc(e->dst, sizeof(int) * e->cap);
      if (d)
        e->dst = d;
      double **c = realloc(e->cost, sizeof(double *) * e->cap);
      if (c)
        e->cost = c;
      if (!s || !d || !c) {
        free(m);
        rc = -1;
        break;
      }
    }
    e->src[e->numEdges] = ilpIndex[val->def];
    e->dst[e->numEdges] = ilpIndex[val->useNode[k]];
    e->cost[e->numEdges++] = m;
  }
  layoutSetFree(&ps);
  free(prod);
  return rc;
}

/* Names the nodes that need the most memory even in their best layout. */
static void reportInfeasible(const apGraph *g, double budget) {
  int top[5] = {-1, -1, -1, -1, -1};
  double best[5] = {0};
  for (int n = 0; n < g->numNodes; ++n) {
    const apNode *node = &g->nodes[n];
    if (!node->numStrategies)
      continue;
    double m = node->strategies[0].mem;
    for (int s = 1; s < node->numStrategies; ++s)
      if (node->strategies[s].mem < m)
        m = node->strategies[s].mem;
    for (int k = 0; k < 5; ++k)
      if (top[k] < 0 || m > best[k]) {
        memmove(top + k + 1, top + k, sizeof(int) * (4 - k));
        memmove(best + k + 1, best + k, sizeof(double) * (4 - k));
        top[k] = n, best[k] = m;
        break;
      }
  }
  char msg[1536];
  int pos = snprintf(msg, sizeof msg,
                     "auto-shard: no sharding fits the memory budget of %.4g GiB per "
                     "device; largest consumers in their smallest layout:",
                     budget / (1u << 30));
  for (int k = 0; k < 5 && top[k] >= 0; ++k) {
    const apNode *node = &g->nodes[top[k]];
    char where[256], what[128];
    if (node->op.ptr) {
      MlirStringRef nm = mlirIdentifierStr(mlirOperationGetName(node->op));
      snprintf(what, sizeof what, "%.*s", (int)nm.length, nm.data);
      apLocationFormat(mlirOperationGetLocation(node->op), where, sizeof where);
    } else {
      snprintf(what, sizeof what, "argument #%d", node->argIndex);
      apLocationFormat(mlirValueGetLocation(g->values[node->results[0]].value), where,
                       sizeof where);
    }
    pos += snprintf(msg + pos, pos < (int)sizeof msg ? sizeof msg - pos : 0,
                    " %s at %s (%.4g MiB);", what, where, best[k] / (1u << 20));
  }
  mlirEmitError(mlirOperationGetLocation(g->func), msg);
}

/* Layouts after each producer; followers take what their user wants, found
 * in reverse program order so users are settled first. */
static void computeLayouts(apShardPlan *plan) {
  const apGraph *g = plan->g;
  for (int n = g->numNodes - 1; n >= 0; --n) {
    const apNode *node = &g->nodes[n];
    for (int r = 0; r < node->numResults; ++r) {
      int v = node->results[r];
      if (v < 0)
        continue;
      apSharding *out = &plan->valueLayout[v];
      if (plan->choice[n] >= 0) {
        *out = node->strategies[plan->choice[n]].results[r];
      } else if (g->values[v].numUses > 0) {
        *out = *apPlanUseLayout(plan, v, 0);
      } else {
        apShardingReplicated(out, g->values[v].rank);
      }
    }
  }
}

const apSharding *apPlanValueLayout(const apShardPlan *plan, int v) {
  return &plan->valueLayout[v];
}

const apSharding *apPlanUseLayout(const apShardPlan *plan, int v, int k) {
  const apGraph *g = plan->g;
  const apValue *val = &g->values[v];
  int w = val->useNode[k];
  const apNode *node = &g->nodes[w];
  if (plan->choice[w] >= 0)
    return &node->strategies[plan->choice[w]].operands[val->useOperand[k]];
  if (node->kind == AP_NODE_FOLLOWER && node->numResults > 0 && node->results[0] >= 0)
    return &plan->valueLayout[node->results[0]]; /* a fill's init */
  return &plan->valueLayout[v];                   /* func.return */
}

/* Recomputes the objective's parts from the choice, as a cross-check of the
 * solver and for the report. */
static void tally(apShardPlan *plan) {
  const apGraph *g = plan->g;
  for (int n = 0; n < g->numNodes; ++n) {
    if (plan->choice[n] < 0)
      continue;
    const apStrategy *s = &g->nodes[n].strategies[plan->choice[n]];
    plan->compute += s->compute;
    plan->comm += s->comm;
    if (s->partial)
      plan->numAllReduce += g->nodes[n].numResults;
  }
  for (int v = 0; v < g->numValues; ++v) {
    const apValue *val = &g->values[v];
    for (int k = 0; k < val->numUses; ++k) {
      if (plan->choice[val->useNode[k]] < 0 && g->nodes[val->useNode[k]].kind != AP_NODE_FOLLOWER)
        continue;
      apReshardStep steps[AP_MAX_RESHARD_STEPS];
      double cost;
      int ns = apReshardPlan(&plan->valueLayout[v], apPlanUseLayout(plan, v, k), val->shape,
                             val->elemBytes, g->cluster, steps, &cost);
      plan->reshard += cost;
      for (int i = 0; i < ns; ++i) {
        plan->numGather += steps[i].kind == AP_STEP_GATHER;
        plan->numAllToAll += steps[i].kind == AP_STEP_MOVE;
      }
    }
  }
}

int apShardSolve(const apGraph *g, double budget, double timeLimit, apShardPlan *plan) {
  memset(plan, 0, sizeof *plan);
  plan->g = g;
  plan->budget = budget;
  int n = g->numNodes;
  int *ilpIndex = malloc(sizeof(int) * (n + 1));
  int *nodeOf = malloc(sizeof(int) * (n + 1));
  int *numStrategies = malloc(sizeof(int) * (n + 1));
  const double **cost = malloc(sizeof(double *) * (n + 1));
  const double **mem = malloc(sizeof(double *) * (n + 1));
  plan->choice = malloc(sizeof(int) * (n + 1));
  plan->valueLayout = calloc(g->numValues + 1, sizeof(apSharding));
  apEdges e = {0};
  int *setStart = NULL, *setNodes = NULL, rc = -1;
  bool ready = false; /* ilpIndex initialised: the cleanup may read it */
  if (!ilpIndex || !nodeOf || !numStrategies || !cost || !mem || !plan->choice ||
      !plan->valueLayout)
    goto out;
  for (int i = 0; i < n; ++i)
    ilpIndex[i] = plan->choice[i] = -1;
  ready = true;
  int m = 0;
  for (int i = 0; i < n; ++i) {
    const apNode *node = &g->nodes[i];
    if (!node->numStrategies)
      continue;
    double *c = malloc(sizeof(double) * node->numStrategies);
    double *mm = malloc(sizeof(double) * node->numStrategies);
    if (!c || !mm) {
      free(c);
      free(mm);
      goto out;
    }
    for (int s = 0; s < node->numStrategies; ++s) {
      c[s] = node->strategies[s].compute + node->strategies[s].comm;
      mm[s] = node->strategies[s].mem;
    }
    ilpIndex[i] = m;
    nodeOf[m] = i;
    numStrategies[m] = node->numStrategies;
    cost[m] = c;
    mem[m++] = mm;
  }
  for (int v = 0; v < g->numValues; ++v)
    if (addValueEdges(g, v, ilpIndex, &e))
      goto out;
  int numSets = apGraphLiveSets(g, &setStart, &setNodes);
  if (numSets < 0)
    goto out;
  for (int k = 0; k < setStart[numSets]; ++k)
    setNodes[k] = ilpIndex[setNodes[k]];
  apIlpProblem p = {
      .num_nodes = m,
      .num_strategies = numStrategies,
      .node_cost = cost,
      .node_mem = mem,
      .num_edges = e.numEdges,
      .edge_src = e.src,
      .edge_dst = e.dst,
      .edge_cost = (const double *const *)e.cost,
      .num_mem_sets = numSets,
      .mem_set_start = setStart,
      .mem_set_nodes = setNodes,
      .mem_budget = budget,
      .time_limit = timeLimit,
  };
  plan->ilpNodes = m;
  plan->ilpEdges = e.numEdges;
  if (apIlpSolve(&p, &plan->ilp)) {
    if (plan->ilp.status == AP_ILP_INFEASIBLE && budget > 0)
      reportInfeasible(g, budget);
    else
      mlirEmitError(mlirOperationGetLocation(g->func),
                    plan->ilp.status == AP_ILP_INFEASIBLE
                        ? "auto-shard: the sharding problem has no feasible solution"
                        : "auto-shard: the ILP solver failed (time limit without a "
                          "solution?); raise time-limit");
    goto out;
  }
  for (int i = 0; i < m; ++i)
    plan->choice[nodeOf[i]] = plan->ilp.choice[i];
  computeLayouts(plan);
  tally(plan);
  /* Peak memory of the chosen plan, over the same live sets. */
  for (int k = 0; k < numSets; ++k) {
    double sum = 0;
    for (int i = setStart[k]; i < setStart[k + 1]; ++i)
      sum += mem[setNodes[i]][plan->ilp.choice[setNodes[i]]];
    if (sum > plan->peakMemory)
      plan->peakMemory = sum;
  }
  rc = 0;
out:
  if (ready)
    for (int i = 0; i < n; ++i)
      if (ilpIndex[i] >= 0) {
        free((void *)cost[ilpIndex[i]]);
        free((void *)mem[ilpIndex[i]]);
      }
  for (int i = 0; i < e.numEdges; ++i)
    free(e.cost[i]);
  free(e.src);
  free(e.dst);
  free(e.cost);
  free(setStart);
  free(setNodes);
  free(ilpIndex);
  free(nodeOf);
  free(numStrategies);
  free(cost);
  free(mem);
  if (rc)
    apShardPlanFree(plan);
  return rc;
}

void apShardPlanFree(apShardPlan *plan) {
  free(plan->choice);
  free(plan->valueLayout);
  apIlpResultFree(&plan->ilp);
  plan->choice = NULL;
  plan->valueLayout = NULL;
}
