/* Alpa's intra-operator ILP, solved with CBC.
 *
 *   minimise  sum_v s_v . c_v  +  sum_(u,v) e_uv . R_uv
 *   s_v one-hot over v's strategies, e_uv one-hot over pairs, linearised:
 *   sum_j e_uv[i][j] = s_u[i],  sum_i e_uv[i][j] = s_v[j]
 *   for every memory set M:  sum_{v in M} s_v . m_v  <=  budget
 *
 * Plain C; knows nothing of MLIR. */
#ifndef AP_SOLVER_H
#define AP_SOLVER_H

#ifdef __cplusplus
extern "C" {
#endif

/* Costs at or above this are forbidden choices, not large numbers. */
#define AP_INF_COST 1e30

typedef struct {
  int num_nodes;
  const int *num_strategies;      /* [num_nodes], each >= 1 */
  const double *const *node_cost; /* [v][s] seconds */
  const double *const *node_mem;  /* [v][s] bytes per device; NULL = none */
  int num_edges;
  const int *edge_src, *edge_dst; /* node indices, src != dst */
  /* [e][i * num_strategies[dst] + j]: cost of src strategy i with dst j */
  const double *const *edge_cost;
  /* Memory sets in CSR form: set k holds mem_set_nodes[mem_set_start[k] ..
   * mem_set_start[k+1]). */
  int num_mem_sets;
  const int *mem_set_start; /* [num_mem_sets + 1] */
  const int *mem_set_nodes;
  double mem_budget; /* bytes per device; <= 0: no memory constraint */
  double time_limit; /* seconds; <= 0: none */
  int log_level;     /* CBC's log level on stdout; 0: silent */
  /* Optional, [entry of mem_set_nodes] -> per-strategy bytes of that entry
   * (length num_strategies[node]); overrides node_mem for that entry. Lets
   * one variable stand for several tied nodes, each live at its own time. */
  const double *const *mem_set_mem;
} apIlpProblem;

typedef enum {
  AP_ILP_OPTIMAL,
  AP_ILP_FEASIBLE,   /* time limit hit with an incumbent */
  AP_ILP_INFEASIBLE, /* no assignment fits (memory budget, forbidden pairs) */
  AP_ILP_ERROR
} apIlpStatus;

typedef struct {
  apIlpStatus status;
  int *choice; /* [num_nodes] chosen strategy; malloc'd, NULL unless solved */
  double objective, bound, gap; /* gap = (objective-bound)/max(|obj|,tiny) */
  double seconds;
  int num_vars, num_constraints; /* of the ILP given to CBC, after presolve */
  int used_cbc;                  /* 0 when presolve alone decided it */
} apIlpResult;

/* Solves the problem; deterministic for the same input. Returns 0 when a
 * solution was found (optimal or feasible), -1 otherwise (see status). */
int apIlpSolve(const apIlpProblem *p, apIlpResult *r);
void apIlpResultFree(apIlpResult *r);

/* Exhaustive search over every assignment: a reference for tests on tiny
 * problems. */
int apIlpSolveBruteForce(const apIlpProblem *p, apIlpResult *r);

#ifdef __cplusplus
}
#endif

#endif
