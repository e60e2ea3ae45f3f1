/* Presolve: drop forbidden strategies, fold nodes left with one strategy
 * into their neighbours' costs, and repeat until nothing changes. Real
 * graphs shrink a lot: arguments of fixed layout, ops with one strategy. */
#include "IlpInternal.h"

#include <stdlib.h>
#include <string.h>

double apIlpEvaluate(const apIlpProblem *p, const int *choice) {
  double t = 0;
  for (int v = 0; v < p->num_nodes; ++v)
    t += p->node_cost[v][choice[v]];
  for (int e = 0; e < p->num_edges; ++e)
    t += p->edge_cost[e][choice[p->edge_src[e]] * p->num_strategies[p->edge_dst[e]] +
                         choice[p->edge_dst[e]]];
  return t;
}

int apIlpFitsMemory(const apIlpProblem *p, const int *choice) {
  if (p->mem_budget <= 0)
    return 1;
  for (int k = 0; k < p->num_mem_sets; ++k) {
    double m = 0;
    for (int q = p->mem_set_start[k]; q < p->mem_set_start[k + 1]; ++q)
      m += apIlpEntryMem(p, q, choice[p->mem_set_nodes[q]]);
    if (m > p->mem_budget * (1 + 1e-9))
      return 0;
  }
  return 1;
}

void apPresolvedFree(apPresolved *ps, int n) {
  for (int v = 0; ps->alive && v < n; ++v) {
    free(ps->alive[v]);
    free(ps->cost[v]);
  }
  free(ps->alive);
  free(ps->cost);
  free(ps->numAlive);
  free(ps->fixed);
  free(ps->edgeLive);
  memset(ps, 0, sizeof *ps);
}

static void kill(apPresolved *ps, int v, int s) {
  if (ps->alive[v][s]) {
    ps->alive[v][s] = 0;
    ps->numAlive[v]--;
  }
}

int apIlpPresolve(const apIlpProblem *p, apPresolved *ps) {
  int n = p->num_nodes;
  memset(ps, 0, sizeof *ps);
  ps->p = p;
  ps->alive = calloc(n + 1, sizeof(char *));
  ps->cost = calloc(n + 1, sizeof(double *));
  ps->numAlive = calloc(n + 1, sizeof(int));
  ps->fixed = malloc(sizeof(int) * (n + 1));
  ps->edgeLive = malloc(p->num_edges + 1);
  if (!ps->alive || !ps->cost || !ps->numAlive || !ps->fixed || !ps->edgeLive)
    return -1;
  for (int v = 0; v < n; ++v) {
    int S = p->num_strategies[v];
    ps->alive[v] = malloc(S);
    ps->cost[v] = malloc(sizeof(double) * S);
    if (!ps->alive[v] || !ps->cost[v])
      return -1;
    ps->fixed[v] = -1;
    for (int s = 0; s < S; ++s) {
      ps->cost[v][s] = p->node_cost[v][s];
      ps->alive[v][s] = p->node_cost[v][s] < AP_INF_COST;
      ps->numAlive[v] += ps->alive[v][s];
    }
  }
  memset(ps->edgeLive, 1, p->num_edges + 1);
  /* A strategy that fits no memory set alone is impossible too. */
  if (p->mem_budget > 0)
    for (int k = 0; k < p->num_mem_sets; ++k)
      for (int q = p->mem_set_start[k]; q < p->mem_set_start[k + 1]; ++q) {
        int v = p->mem_set_nodes[q];
        for (int s = 0; s < p->num_strategies[v]; ++s)
          if (apIlpEntryMem(p, q, s) > p->mem_budget)
            kill(ps, v, s);
      }
  for (int changed = 1; changed;) {
    changed = 0;
    for (int v = 0; v < n; ++v) {
      if (ps->numAlive[v] == 0)
        return -1;
      if (ps->fixed[v] < 0 && ps->numAlive[v] == 1) {
        int s = 0;
        while (!ps->alive[v][s])
          ++s;
        ps->fixed[v] = s;
        changed = 1;
      }
    }
    /* Fold edges with a decided end into the other end. */
    for (int e = 0; e < p->num_edges; ++e) {
      if (!ps->edgeLive[e])
        continue;
      int a = p->edge_src[e], b = p->edge_dst[e], Sb = p->num_strategies[b];
      const double *m = p->edge_cost[e];
      if (ps->fixed[a] >= 0 && ps->fixed[b] >= 0) {
        double c = m[ps->fixed[a] * Sb + ps->fixed[b]];
        if (c >= AP_INF_COST)
          return -1;
        ps->constant += c;
      } else if (ps->fixed[a] >= 0) {
        for (int j = 0; j < Sb; ++j) {
          ps->cost[b][j] += m[ps->fixed[a] * Sb + j];
          if (ps->cost[b][j] >= AP_INF_COST)
            kill(ps, b, j);
        }
      } else if (ps->fixed[b] >= 0) {
        for (int i = 0; i < p->num_strategies[a]; ++i) {
          ps->cost[a][i] += m[i * Sb + ps->fixed[b]];
          if (ps->cost[a][i] >= AP_INF_COST)
            kill(ps, a, i);
        }
      } else {
        continue;
      }
      ps->edgeLive[e] = 0;
      changed = 1;
    }
  }
  return 0;
}
