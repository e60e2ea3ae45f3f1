/* Ties that shrink the ILP: trivial followers and repeated layers (see
 * apTies in ap/Analysis.h). */
#include "GraphInternal.h"

#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/Linalg.h"

/* Follower v of its one input's producer: for every producer strategy there
 * is exactly one strategy of v that takes the producer's layout as is and
 * splits no reduction. Returns the map (malloc'd) or NULL. */
static int *followerMap(const apGraph *g, int v, int *producer) {
  const apNode *node = &g->nodes[v];
  if (node->kind != AP_NODE_LINALG || node->heavy || node->numStrategies == 0)
    return NULL;
  int input = -1, operand = -1;
  for (int k = 0; k < node->numOperands - node->numResults; ++k) {
    if (node->operands[k] < 0)
      continue;
    if (input >= 0)
      return NULL; /* more than one tensor input */
    input = node->operands[k];
    operand = k;
  }
  if (input < 0)
    return NULL;
  const apValue *x = &g->values[input];
  const apNode *u = &g->nodes[x->def];
  if (u->numStrategies == 0)
    return NULL;
  int *map = malloc(sizeof(int) * u->numStrategies);
  if (!map)
    return NULL;
  for (int i = 0; i < u->numStrategies; ++i) {
    const apSharding *want = &u->strategies[i].results[x->defResult];
    int found = -1;
    for (int j = 0; j < node->numStrategies; ++j) {
      const apStrategy *s = &node->strategies[j];
      if (s->partial || !apShardingEqual(&s->operands[operand], want))
        continue;
      if (found >= 0) {
        found = -2; /* v has freedom of its own: not a follower */
        break;
      }
      found = j;
    }
    if (found < 0) {
      free(map);
      return NULL;
    }
    map[i] = found;
  }
  *producer = x->def;
  return map;
}

/* --- repeated layers ------------------------------------------------------- */

static int64_t layerOfOp(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("ap.layer"));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a))
    return -1;
  return mlirIntegerAttrGetValueInt(a);
}

/* Everything a node's strategies and costs depend on, plus its wiring
 * relative to its layer, hashed. */
typedef struct {
  uint64_t hash;
  int layer, pos;
} apSig;

static uint64_t mix(uint64_t h, uint64_t x) {
  h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

static uint64_t nodeHash(const apGraph *g, int n, const int *layer, const int *pos) {
  const apNode *node = &g->nodes[n];
  uint64_t h = mix(0, (uint64_t)node->kind);
  h = mix(h, (uint64_t)node->numStrategies);
  h = mix(h, (uint64_t)(uintptr_t)(node->op.ptr ? mlirOperationGetName(node->op).ptr : NULL));
  if (node->kind == AP_NODE_LINALG)
    h = mix(h, (uint64_t)(uintptr_t)mlirLinalgGetIndexingMapsAttribute(node->op).ptr);
  h = mix(h, (uint64_t)(node->flops * 1e-3));
  for (int k = 0; k < node->numOperands; ++k) {
    int v = node->operands[k];
    if (v < 0)
      continue;
    const apValue *val = &g->values[v];
    /* wiring: the producer's position if it is in the same layer */
    h = mix(h, layer[val->def] == layer[n] ? (uint64_t)pos[val->def] + 1 : 0);
    h = mix(h, (uint64_t)val->defResult);
  }
  for (int r = 0; r < node->numResults; ++r) {
    int v = node->results[r];
    if (v < 0)
      continue;
    for (int d = 0; d < g->values[v].rank; ++d)
      h = mix(h, (uint64_t)g->values[v].shape[d]);
    h = mix(h, (uint64_t)(g->values[v].elemBytes * 8));
  }
  return h;
}

static bool sameStrategies(const apNode *a, const apNode *b) {
  if (a->numStrategies != b->numStrategies)
    return false;
  int k = a->numOperands + a->numResults;
  if (k != b->numOperands + b->numResults)
    return false;
  for (int s = 0; s < a->numStrategies; ++s)
    for (int i = 0; i < k; ++i)
      if (!apShardingEqual(&a->strategies[s].operands[i], &b->strategies[s].operands[i]))
        return false;
  return true;
}

static void tieLayers(const apGraph *g, apTies *t) {
  int n = g->numNodes;
  int *layer = malloc(sizeof(int) * (n + 1)), *pos = malloc(sizeof(int) * (n + 1));
  int64_t maxLayer = -1;
  if (!layer || !pos)
    goto out;
  for (int i = 0; i < n; ++i) {
    layer[i] = g->nodes[i].op.ptr ? (int)layerOfOp(g->nodes[i].op) : -1;
    if (layer[i] > maxLayer)
      maxLayer = layer[i];
  }
  if (maxLayer < 1)
    goto out;
  /* Arguments belong to the layer of their first user. */
  for (int i = 0; i < n; ++i) {
    if (g->nodes[i].kind != AP_NODE_ARG)
      continue;
    const apValue *v = &g->values[g->nodes[i].results[0]];
    if (v->numUses)
      layer[i] = layer[v->useNode[0]];
  }
  int L = (int)maxLayer + 1;
  int *count = calloc(L, sizeof(int));
  int **members = calloc(L, sizeof(int *));
  uint64_t *layerHash = calloc(L, sizeof(uint64_t));
  if (!count || !members || !layerHash)
    goto out2;
  for (int i = 0; i < n; ++i)
    if (layer[i] >= 0)
      pos[i] = count[layer[i]]++;
  for (int l = 0; l < L; ++l) {
    members[l] = malloc(sizeof(int) * (count[l] + 1));
    if (!members[l])
      goto out2;
    count[l] = 0;
  }
  for (int i = 0; i < n; ++i)
    if (layer[i] >= 0)
      members[layer[i]][count[layer[i]]++] = i;
  for (int l = 0; l < L; ++l) {
    uint64_t h = mix(0, (uint64_t)count[l]);
    for (int k = 0; k < count[l]; ++k)
      h = mix(h, nodeHash(g, members[l][k], layer, pos));
    layerHash[l] = h;
    if (count[l])
      t->numLayers++;
  }
  /* Tie each layer to the first earlier layer of the same structure and the
   * same parity: a period of two keeps patterns that alternate across
   * layers (Megatron's column/row pairs over a stack of dense layers) in the
   * plan space, and contains every period-one plan. */
  for (int l = 0; l < L; ++l) {
    int r = l % 2;
    while (r < l && !(count[r] == count[l] && layerHash[r] == layerHash[l]))
      r += 2;
    if (r == l) {
      t->numLayerClasses += count[l] > 0;
      continue;
    }
    bool ok = true;
    for (int k = 0; k < count[l] && ok; ++k)
      ok = sameStrategies(&g->nodes[members[r][k]], &g->nodes[members[l][k]]);
    if (!ok) {
      t->numLayerClasses++;
      continue;
    }
    for (int k = 0; k < count[l]; ++k) {
      int a = members[l][k], b = members[r][k];
      if (g->nodes[a].numStrategies == 0 || t->rep[a] != a)
        continue; /* followers already follow a member of this layer */
      t->rep[a] = b;
      t->numLayerTied++;
    }
  }
out2:
  if (members)
    for (int l = 0; l < L; ++l)
      free(members[l]);
  free(members);
  free(count);
  free(layerHash);
out:
  free(layer);
  free(pos);
}

/* Follows rep chains to the root, composing the maps. A chain that comes
 * back to a node on it (possible: backward ops of earlier layers come later
 * in program order) is cut there: that node becomes its own representative. */
static int resolve(apTies *t, const apGraph *g, int n, char *state) {
  int r = t->rep[n];
  if (r == n || state[n] == 2)
    return r;
  if (state[n] == 1) {
    free(t->map[n]);
    t->map[n] = NULL;
    t->rep[n] = n;
    return n;
  }
  state[n] = 1;
  int root = resolve(t, g, r, state);
  if (t->rep[n] == n) { /* cut while we recursed */
    state[n] = 2;
    return n;
  }
  if (root != r) {
    int k = g->nodes[root].numStrategies;
    int *m = malloc(sizeof(int) * k);
    if (!m)
      abort();
    for (int i = 0; i < k; ++i)
      m[i] = apTieStrategy(t, n, apTieStrategy(t, r, i));
    free(t->map[n]);
    t->map[n] = m;
    t->rep[n] = root;
  }
  state[n] = 2;
  return root;
}

int apGraphComputeTies(const apGraph *g, bool followers, bool layers, apTies *t) {
  memset(t, 0, sizeof *t);
  int n = g->numNodes;
  t->rep = malloc(sizeof(int) * (n + 1));
  t->map = calloc(n + 1, sizeof(int *));
  if (!t->rep || !t->map)
    return -1;
  for (int i = 0; i < n; ++i)
    t->rep[i] = i;
  if (followers)
    for (int v = 0; v < n; ++v) {
      int u;
      int *map = followerMap(g, v, &u);
      if (map) {
        t->rep[v] = u;
        t->map[v] = map;
        t->numFollowers++;
      }
    }
  if (layers)
    tieLayers(g, t);
  char *state = calloc(n + 1, 1);
  if (!state)
    return -1;
  for (int i = 0; i < n; ++i)
    resolve(t, g, i, state);
  free(state);
  return 0;
}

void apTiesFree(apTies *t, int numNodes) {
  if (t->map)
    for (int i = 0; i < numNodes; ++i)
      free(t->map[i]);
  free(t->map);
  free(t->rep);
  memset(t, 0, sizeof *t);
}
