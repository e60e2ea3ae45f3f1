/* Memory sets for the ILP. A node's results are live from the node to their
 * last use (program order); the peak memory is reached at one of the maximal
 * sets of simultaneously live nodes. For intervals those are found in one
 * sweep: a set is maximal where an interval ends after a new one started.
 * Constraining only them keeps the ILP small and exact. */
#include "ap/Analysis.h"

#include <stdbool.h>
#include <stdlib.h>

int apGraphLiveSets(const apGraph *g, int **startOut, int **nodesOut) {
  int n = g->numNodes;
  int *begin = malloc(sizeof(int) * (n + 1)), *end = malloc(sizeof(int) * (n + 1));
  int *ends = calloc(n + 1, sizeof(int));
  int cap = 64, used = 0, sets = 0, setCap = 16;
  int *nodes = malloc(sizeof(int) * cap), *start = malloc(sizeof(int) * (setCap + 1));
  if (!begin || !end || !ends || !nodes || !start)
    goto fail;
  for (int u = 0; u < n; ++u) {
    begin[u] = u;
    end[u] = u;
    const apNode *node = &g->nodes[u];
    for (int r = 0; r < node->numResults; ++r) {
      int v = node->results[r];
      if (v < 0)
        continue;
      for (int k = 0; k < g->values[v].numUses; ++k)
        if (g->values[v].useNode[k] > end[u])
          end[u] = g->values[v].useNode[k];
    }
    if (node->numStrategies > 0)
      ends[end[u]]++;
  }
  start[0] = 0;
  bool startedSinceEmit = false;
  for (int t = 0; t < n; ++t) {
    if (g->nodes[t].numStrategies > 0)
      startedSinceEmit = true;
    if (!ends[t] || !startedSinceEmit)
      continue;
    /* Emit the set live at t. */
    for (int u = 0; u <= t; ++u) {
      if (g->nodes[u].numStrategies == 0 || end[u] < t || begin[u] > t)
        continue;
      if (used == cap) {
        int *m = realloc(nodes, sizeof(int) * (cap *= 2));
        if (!m)
          goto fail;
        nodes = m;
      }
      nodes[used++] = u;
    }
    if (sets == setCap) {
      int *m = realloc(start, sizeof(int) * ((setCap *= 2) + 1));
      if (!m)
        goto fail;
      start = m;
    }
    start[++sets] = used;
    startedSinceEmit = false;
  }
  free(begin);
  free(end);
  free(ends);
  *startOut = start;
  *nodesOut = nodes;
  return sets;
fail:
  free(begin);
  free(end);
  free(ends);
  free(nodes);
  free(start);
  return -1;
}
