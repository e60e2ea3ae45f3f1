/* apIlpSolve: presolve, then CBC on what is left; objective recomputed
 * exactly from the choice. */
#include "IlpInternal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int apIlpSolve(const apIlpProblem *p, apIlpResult *r) {
  double start = now();
  memset(r, 0, sizeof *r);
  r->status = AP_ILP_ERROR;
  r->choice = calloc(p->num_nodes + 1, sizeof(int));
  if (!r->choice)
    return -1;
  apPresolved ps;
  int rc = apIlpPresolve(p, &ps);
  if (rc) {
    r->status = AP_ILP_INFEASIBLE;
  } else {
    int open = 0;
    for (int v = 0; v < p->num_nodes; ++v) {
      if (ps.fixed[v] >= 0)
        r->choice[v] = ps.fixed[v];
      else
        ++open;
    }
    if (open) {
      /* Memory rows make the LP fractional and CBC branch, yet rarely bind:
       * solve without them first; an optimum of the relaxation that fits
       * the budget is optimal. Otherwise solve again with them. */
      bool lazy = p->mem_budget > 0 && p->num_mem_sets > 0;
      rc = apIlpSolveCbc(&ps, !lazy, r);
      if (lazy && (rc || !apIlpFitsMemory(p, r->choice)))
        rc = apIlpSolveCbc(&ps, true, r);
    } else {
      r->status = AP_ILP_OPTIMAL;
      r->bound = apIlpEvaluate(p, r->choice);
    }
    if (!rc && !apIlpFitsMemory(p, r->choice)) {
      r->status = AP_ILP_INFEASIBLE;
      rc = -1;
    }
  }
  apPresolvedFree(&ps, p->num_nodes);
  r->seconds = now() - start;
  if (rc) {
    if (r->status != AP_ILP_INFEASIBLE)
      r->status = AP_ILP_ERROR;
    free(r->choice);
    r->choice = NULL;
    return -1;
  }
  r->objective = apIlpEvaluate(p, r->choice);
  if (r->bound > r->objective)
    r->bound = r->objective; /* CBC's bound within its tolerance */
  double mag = r->objective > 1e-300 ? r->objective : 1e-300;
  r->gap = (r->objective - r->bound) / mag;
  return 0;
}

void apIlpResultFree(apIlpResult *r) {
  free(r->choice);
  r->choice = NULL;
}
