/* Graph -> Alpa's ILP -> one strategy per node. Edge costs are the chains of
 * single-step collectives the rewrite will emit (Reshard.c). */
#include "AutoShard.h"

#include <stdint.h>
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

/* Edges of the reduced ILP, one per pair of representatives, summed. */
typedef struct {
  int numEdges, cap;
  int *src, *dst;
  double **cost;
  /* open-addressing map from (src, dst) to edge index */
  uint64_t *keys;
  int *slots;
  size_t tableCap;
} apEdges;

static double reshardCost(const apGraph *g, int v, const apSharding *from,
                          const apSharding *to) {
  apReshardStep steps[AP_MAX_RESHARD_STEPS];
  double cost;
  const apValue *val = &g->values[v];
  apReshardPlan(from, to, val->shape, val->elemBytes, g->cluster, steps, &cost);
  return cost;
}

static int edgeSlot(apEdges *e, int a, int b) {
  if ((size_t)(e->numEdges + 1) * 2 > e->tableCap) {
    size_t cap = e->tableCap ? 2 * e->tableCap : 256;
    uint64_t *keys = malloc(sizeof *keys * cap);
    int *slots = malloc(sizeof *slots * cap);
    if (!keys || !slots) {
      free(keys);
      free(slots);
      return -1;
    }
    for (size_t i = 0; i < cap; ++i)
      slots[i] = -1;
    for (int k = 0; k < e->numEdges; ++k) {
      uint64_t key = ((uint64_t)e->src[k] << 32) | (uint32_t)e->dst[k];
      size_t h = (key * 0x9e3779b97f4a7c15ULL) & (cap - 1);
      while (slots[h] >= 0)
        h = (h + 1) & (cap - 1);
      keys[h] = key;
      slots[h] = k;
    }
    free(e->keys);
    free(e->slots);
    e->keys = keys;
    e->slots = slots;
    e->tableCap = cap;
  }
  uint64_t key = ((uint64_t)a << 32) | (uint32_t)b;
  size_t h = (key * 0x9e3779b97f4a7c15ULL) & (e->tableCap - 1);
  while (e->slots[h] >= 0) {
    if (e->keys[h] == key)
      return e->slots[h];
    h = (h + 1) & (e->tableCap - 1);
  }
  if (e->numEdges == e->cap) {
    int cap = e->cap ? 2 * e->cap : 64;
    int *s = realloc(e->src, sizeof(int) * cap);
    if (!s)
      return -1;
    e->src = s;
    int *d = realloc(e->dst, sizeof(int) * cap);
    if (!d)
      return -1;
    e->dst = d;
    double **c = realloc(e->cost, sizeof(double *) * cap);
    if (!c)
      return -1;
    e->cost = c;
    e->cap = cap;
  }
  e->keys[h] = key;
  e->slots[h] = e->numEdges;
  e->src[e->numEdges] = a;
  e->dst[e->numEdges] = b;
  e->cost[e->numEdges] = NULL;
  return e->numEdges++;
}

/* Adds, for value v and each of its users with strategies, the reshard
 * costs: between two representatives as an edge; within one representative
 * (both ends tied to it) onto its node cost, since both pick the same i. */
static int addValueEdges(const apGraph *g, const apTies *t, int v, const int *ilpIndex,
                         double **nodeCost, apEdges *e) {
  const apValue *val = &g->values[v];
  int u = val->def;
  const apNode *un = &g->nodes[u];
  if (!un->numStrategies)
    return 0;
  int ru = t->rep[u];
  int Su = g->nodes[ru].numStrategies;
  const apSharding **prod = malloc(sizeof *prod * (un->numStrategies + 1));
  if (!prod)
    return -1;
  for (int i = 0; i < un->numStrategies; ++i)
    prod[i] = &un->strategies[i].results[val->defResult];
  apLayoutSet ps;
  if (layoutSetBuild(&ps, prod, un->numStrategies)) {
    free(prod);
    return -1;
  }
  int rc = 0;
  for (int k = 0; k < val->numUses && !rc; ++k) {
    int w = val->useNode[k];
    const apNode *wn = &g->nodes[w];
    /* A returned value that is next step's argument: the consumer is the
     * argument, wanting its own layout. */
    bool loopBack = wn->kind == AP_NODE_RETURN && wn->aliasArg &&
                    wn->aliasArg[val->useOperand[k]] >= 0;
    if (loopBack) {
      w = wn->aliasArg[val->useOperand[k]];
      wn = &g->nodes[w];
    }
    if (!wn->numStrategies || w == u)
      continue;
    int rw = t->rep[w];
    int Sw = g->nodes[rw].numStrategies;
    const apSharding **cons = malloc(sizeof *cons * (wn->numStrategies + 1));
    apLayoutSet cs = {0};
    double *table = NULL;
    if (!cons) {
      rc = -1;
      break;
    }
    for (int j = 0; j < wn->numStrategies; ++j)
      cons[j] = loopBack ? &wn->strategies[j].results[0]
                         : &wn->strategies[j].operands[val->useOperand[k]];
    if (layoutSetBuild(&cs, cons, wn->numStrategies) ||
        !(table = malloc(sizeof(double) * ps.count * cs.count))) {
      rc = -1;
    } else {
      for (int a = 0; a < ps.count; ++a)
        for (int b = 0; b < cs.count; ++b)
          table[a * cs.count + b] = reshardCost(g, v, &ps.items[a], &cs.items[b]);
#define COST(i, j)                                                                      \
  table[ps.indexOf[apTieStrategy(t, u, i)] * cs.count + cs.indexOf[apTieStrategy(t, w, j)]]
      if (ru == rw) {
        for (int i = 0; i < Su; ++i)
          nodeCost[ilpIndex[ru]][i] += COST(i, i);
      } else {
        bool flip = ru > rw; /* one edge per unordered pair */
        int a = flip ? rw : ru, b = flip ? ru : rw;
        int Sa = flip ? Sw : Su, Sb = flip ? Su : Sw;
        int slot = edgeSlot(e, ilpIndex[a], ilpIndex[b]);
        if (slot < 0 || (!e->cost[slot] && !(e->cost[slot] = calloc((size_t)Sa * Sb, sizeof(double))))) {
          rc = -1;
        } else {
          double *m = e->cost[slot];
          for (int i = 0; i < Su; ++i)
            for (int j = 0; j < Sw; ++j)
              m[flip ? (size_t)j * Sb + i : (size_t)i * Sb + j] += COST(i, j);
        }
      }
#undef COST
    }
    free(table);
    free(cons);
    layoutSetFree(&cs);
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

/* Layouts after each producer: first every chosen strategy's, then the
 * followers', which take what their user wants, in reverse program order so
 * users are settled first. */
static void computeLayouts(apShardPlan *plan) {
  const apGraph *g = plan->g;
  for (int pass = 0; pass < 2; ++pass)
    for (int n = g->numNodes - 1; n >= 0; --n) {
      const apNode *node = &g->nodes[n];
      if ((plan->choice[n] >= 0) != (pass == 0))
        continue;
      for (int r = 0; r < node->numResults; ++r) {
        int v = node->results[r];
        if (v < 0)
          continue;
        apSharding *out = &plan->valueLayout[v];
        if (plan->choice[n] >= 0)
          *out = node->strategies[plan->choice[n]].results[r];
        else if (g->values[v].numUses > 0)
          *out = *apPlanUseLayout(plan, v, 0);
        else
          apShardingReplicated(out, g->values[v].rank);
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
  if (node->kind == AP_NODE_RETURN && node->aliasArg && node->aliasArg[val->useOperand[k]] >= 0)
    return &plan->valueLayout[g->nodes[node->aliasArg[val->useOperand[k]]].results[0]];
  if (node->kind == AP_NODE_RETURN && g->replicatedBoundary) {
    static apSharding whole[AP_MAX_RANK + 1];
    apShardingReplicated(&whole[val->rank], val->rank);
    return &whole[val->rank];
  }
  return &plan->valueLayout[v]; /* func.return: as produced */
}

/* Recomputes the objective's parts from the choice, as a cross-check of the
 * solver and for the report. */
static void tally(apShardPlan *plan) {
  const apGraph *g = plan->g;
  plan->nodeTime = calloc((size_t)g->numNodes + 1, sizeof(double));
  plan->nodeMem = calloc((size_t)g->numNodes + 1, sizeof(double));
  if (!plan->nodeTime || !plan->nodeMem)
    abort();
  for (int n = 0; n < g->numNodes; ++n) {
    if (plan->choice[n] < 0)
      continue;
    const apStrategy *s = &g->nodes[n].strategies[plan->choice[n]];
    plan->compute += s->compute;
    plan->comm += s->comm;
    plan->nodeTime[n] += s->compute + s->comm;
    plan->nodeMem[n] += s->mem;
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
      plan->nodeTime[val->useNode[k]] += cost;
      for (int i = 0; i < ns; ++i) {
        plan->numGather += steps[i].kind == AP_STEP_GATHER;
        plan->numAllToAll += steps[i].kind == AP_STEP_MOVE;
      }
    }
  }
}

/* Among strategies of equal cost given the neighbours' choices, take the
 * one needing the least memory: ties in time are common (a free slice of a
 * replicated input costs what an input split from the start costs), and the
 * replicated one wastes memory. The objective does not change. */
static void preferLessMemory(const apIlpProblem *p, int *choice) {
  for (int v = 0; v < p->num_nodes; ++v) {
    int S = p->num_strategies[v], best = choice[v];
    double bestCost = 0, bestMem = p->node_mem[v][best];
    double *local = calloc(S, sizeof(double));
    if (!local)
      return;
    for (int s = 0; s < S; ++s)
      local[s] = p->node_cost[v][s];
    for (int e = 0; e < p->num_edges; ++e) {
      int a = p->edge_src[e], b = p->edge_dst[e], Sb = p->num_strategies[b];
      if (a == v)
        for (int s = 0; s < S; ++s)
          local[s] += p->edge_cost[e][s * Sb + choice[b]];
      else if (b == v)
        for (int s = 0; s < S; ++s)
          local[s] += p->edge_cost[e][choice[a] * Sb + s];
    }
    bestCost = local[best];
    for (int s = 0; s < S; ++s)
      if (local[s] == bestCost && p->node_mem[v][s] < bestMem) {
        best = s;
        bestMem = p->node_mem[v][s];
      }
    choice[v] = best;
    free(local);
  }
}

int apShardSolve(const apGraph *g, double budget, double timeLimit, int solverLog, bool shrink,
                 apShardPlan *plan) {
  memset(plan, 0, sizeof *plan);
  plan->g = g;
  plan->budget = budget;
  int n = g->numNodes;
  apTies ties;
  if (apGraphComputeTies(g, shrink, shrink, &ties))
    return -1;
  int *ilpIndex = malloc(sizeof(int) * (n + 1));
  int *nodeOf = malloc(sizeof(int) * (n + 1));
  int *numStrategies = malloc(sizeof(int) * (n + 1));
  double **cost = calloc(n + 1, sizeof(double *));
  double **mem = calloc(n + 1, sizeof(double *));
  plan->choice = malloc(sizeof(int) * (n + 1));
  plan->valueLayout = calloc(g->numValues + 1, sizeof(apSharding));
  apEdges e = {0};
  int *setStart = NULL, *setNodes = NULL, rc = -1, numSets = 0, m = 0;
  double **entryMem = NULL;
  int *entryNode = NULL;
  if (!ilpIndex || !nodeOf || !numStrategies || !cost || !mem || !plan->choice ||
      !plan->valueLayout)
    goto out;
  for (int i = 0; i < n; ++i) {
    ilpIndex[i] = plan->choice[i] = -1;
    const apNode *node = &g->nodes[i];
    if (!node->numStrategies || ties.rep[i] != i)
      continue;
    if (!(cost[m] = calloc(node->numStrategies, sizeof(double))) ||
        !(mem[m] = calloc(node->numStrategies, sizeof(double))))
      goto out;
    ilpIndex[i] = m;
    nodeOf[m] = i;
    numStrategies[m++] = node->numStrategies;
  }
  /* Node costs (and whole-plan memory, for reporting) fold into the reps. */
  for (int i = 0; i < n; ++i) {
    const apNode *node = &g->nodes[i];
    if (!node->numStrategies)
      continue;
    int r = ilpIndex[ties.rep[i]];
    for (int s = 0; s < numStrategies[r]; ++s) {
      const apStrategy *st = &node->strategies[apTieStrategy(&ties, i, s)];
      cost[r][s] += st->compute + st->comm;
      mem[r][s] += st->mem;
    }
  }
  for (int v = 0; v < g->numValues; ++v)
    if (addValueEdges(g, &ties, v, ilpIndex, cost, &e))
      goto out;
  /* Memory sets: each entry is a rep with the summed memory of its members
   * live in that set. */
  numSets = apGraphLiveSets(g, &setStart, &setNodes);
  if (numSets < 0)
    goto out;
  int entries = 0;
  entryMem = calloc(setStart[numSets] + 1, sizeof(double *));
  entryNode = malloc(sizeof(int) * (setStart[numSets] + 1));
  int *lastEntryOf = malloc(sizeof(int) * (m + 1));
  if (!entryMem || !entryNode || !lastEntryOf) {
    free(lastEntryOf);
    goto out;
  }
  for (int k = 0; k < numSets; ++k) {
    int first = entries;
    for (int r = 0; r < m; ++r)
      lastEntryOf[r] = -1;
    for (int p = setStart[k]; p < setStart[k + 1]; ++p) {
      int node = setNodes[p], r = ilpIndex[ties.rep[node]];
      if (lastEntryOf[r] < first) {
        lastEntryOf[r] = entries;
        entryNode[entries] = r;
        if (!(entryMem[entries++] = calloc(numStrategies[r], sizeof(double)))) {
          free(lastEntryOf);
          goto out;
        }
      }
      double *vec = entryMem[lastEntryOf[r]];
      for (int s = 0; s < numStrategies[r]; ++s)
        vec[s] += g->nodes[node].strategies[apTieStrategy(&ties, node, s)].mem;
    }
    setStart[k] = first;
  }
  setStart[numSets] = entries;
  free(lastEntryOf);
  apIlpProblem p = {
      .num_nodes = m,
      .num_strategies = numStrategies,
      .node_cost = (const double *const *)cost,
      .node_mem = (const double *const *)mem,
      .num_edges = e.numEdges,
      .edge_src = e.src,
      .edge_dst = e.dst,
      .edge_cost = (const double *const *)e.cost,
      .num_mem_sets = numSets,
      .mem_set_start = setStart,
      .mem_set_nodes = entryNode,
      .mem_budget = budget,
      .time_limit = timeLimit,
      .log_level = solverLog,
      .mem_set_mem = (const double *const *)entryMem,
  };
  plan->ilpNodes = m;
  plan->ilpEdges = e.numEdges;
  plan->numFollowers = ties.numFollowers;
  plan->numLayerTied = ties.numLayerTied;
  plan->numLayerClasses = ties.numLayerClasses;
  plan->numLayers = ties.numLayers;
  if (apIlpSolve(&p, &plan->ilp)) {
    if (plan->ilp.status == AP_ILP_INFEASIBLE && budget > 0)
      reportInfeasible(g, budget);
    else
      mlirEmitError(mlirOperationGetLocation(g->func),
                    plan->ilp.status == AP_ILP_INFEASIBLE
                        ? "auto-shard: the sharding problem has no feasible solution"
                        : "auto-shard: the ILP solver found no solution within the "
                          "time limit; raise time-limit");
    goto out;
  }
  preferLessMemory(&p, plan->ilp.choice);
  for (int i = 0; i < n; ++i)
    if (g->nodes[i].numStrategies)
      plan->choice[i] = apTieStrategy(&ties, i, plan->ilp.choice[ilpIndex[ties.rep[i]]]);
  computeLayouts(plan);
  tally(plan);
  /* Peak memory of the chosen plan, over the same live sets. */
  for (int k = 0; k < numSets; ++k) {
    double sum = 0;
    for (int q = setStart[k]; q < setStart[k + 1]; ++q)
      sum += entryMem[q][plan->ilp.choice[entryNode[q]]];
    if (sum > plan->peakMemory)
      plan->peakMemory = sum;
  }
  rc = 0;
out:
  if (entryMem && setStart)
    for (int q = 0; q < setStart[numSets]; ++q)
      free(entryMem[q]);
  free(entryMem);
  free(entryNode);
  for (int i = 0; cost && mem && i < m; ++i) {
    free(cost[i]);
    free(mem[i]);
  }
  for (int i = 0; i < e.numEdges; ++i)
    free(e.cost[i]);
  free(e.src);
  free(e.dst);
  free(e.cost);
  free(e.keys);
  free(e.slots);
  free(setStart);
  free(setNodes);
  free(ilpIndex);
  free(nodeOf);
  free(numStrategies);
  free(cost);
  free(mem);
  apTiesFree(&ties, n);
  if (rc)
    apShardPlanFree(plan);
  return rc;
}

void apShardPlanFree(apShardPlan *plan) {
  free(plan->choice);
  free(plan->valueLayout);
  free(plan->nodeTime);
  free(plan->nodeMem);
  apIlpResultFree(&plan->ilp);
  plan->choice = NULL;
  plan->valueLayout = NULL;
  plan->nodeTime = plan->nodeMem = NULL;
}
