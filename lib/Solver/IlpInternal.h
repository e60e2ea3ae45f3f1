/* Shared between the files of lib/Solver. */
#ifndef AP_SOLVER_ILPINTERNAL_H
#define AP_SOLVER_ILPINTERNAL_H

#include <stdbool.h>

#include "ap/Solver.h"

/* The problem after presolve: which strategies are still possible, which
 * nodes are decided, and what folding decided nodes into their neighbours
 * added to the others' costs. */
typedef struct {
  const apIlpProblem *p;
  char **alive;       /* [v][s]: strategy still possible */
  int *numAlive;      /* [v] */
  int *fixed;         /* [v]: the one strategy left, or -1 */
  double **cost;      /* [v][s]: node cost plus folded edge costs */
  char *edgeLive;     /* [e]: both ends undecided */
  double constant;    /* folded cost of edges between decided nodes */
} apPresolved;

/* Returns 0, or -1 when some node has no possible strategy left. */
int apIlpPresolve(const apIlpProblem *p, apPresolved *ps);
void apPresolvedFree(apPresolved *ps, int numNodes);

/* Solves what presolve left with CBC; fills r->choice for undecided nodes.
 * Without memoryRows the memory sets are left out (a relaxation). */
int apIlpSolveCbc(const apPresolved *ps, bool memoryRows, apIlpResult *r);

/* The memory of entry k of the memory sets under strategy s. */
static inline double apIlpEntryMem(const apIlpProblem *p, int k, int s) {
  if (p->mem_set_mem && p->mem_set_mem[k])
    return p->mem_set_mem[k][s];
  return p->node_mem ? p->node_mem[p->mem_set_nodes[k]][s] : 0;
}

/* The objective of a full assignment, from the original problem. */
double apIlpEvaluate(const apIlpProblem *p, const int *choice);
/* Whether a full assignment satisfies every memory set; forbidden choices
 * are checked by apIlpEvaluate returning >= AP_INF_COST. */
int apIlpFitsMemory(const apIlpProblem *p, const int *choice);

#endif
