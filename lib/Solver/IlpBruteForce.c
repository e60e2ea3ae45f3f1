/* Exhaustive search, the reference the unit tests hold CBC to. Only for
 * tiny problems: it visits every assignment. */
#include "IlpInternal.h"

#include <stdlib.h>
#include <string.h>

int apIlpSolveBruteForce(const apIlpProblem *p, apIlpResult *r) {
  memset(r, 0, sizeof *r);
  int n = p->num_nodes;
  int *cur = calloc(n + 1, sizeof(int));
  r->choice = calloc(n + 1, sizeof(int));
  if (!cur || !r->choice) {
    free(cur);
    free(r->choice);
    r->choice = NULL;
    r->status = AP_ILP_ERROR;
    return -1;
  }
  double best = AP_INF_COST;
  for (;;) {
    double t = apIlpEvaluate(p, cur);
    if (t < best && apIlpFitsMemory(p, cur)) {
      best = t;
      memcpy(r->choice, cur, sizeof(int) * n);
    }
    int v = n - 1;
    while (v >= 0 && ++cur[v] == p->num_strategies[v])
      cur[v--] = 0;
    if (v < 0)
      break;
  }
  free(cur);
  if (best >= AP_INF_COST) {
    free(r->choice);
    r->choice = NULL;
    r->status = AP_ILP_INFEASIBLE;
    return -1;
  }
  r->status = AP_ILP_OPTIMAL;
  r->objective = r->bound = best;
  return 0;
}
