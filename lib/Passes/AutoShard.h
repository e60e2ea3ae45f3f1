/* Internals of --auto-shard, split by job: Solve (graph -> ILP -> choice),
 * Rewrite (choice -> shard dialect annotations), Report (plan JSON and the
 * stderr summary). */
#ifndef AP_PASSES_AUTOSHARD_H
#define AP_PASSES_AUTOSHARD_H

#include "ap/Analysis.h"
#include "ap/Solver.h"

typedef struct {
  const apGraph *g;
  int *choice;      /* [numNodes] strategy per node; -1 for nodes without */
  apSharding *valueLayout; /* [numValues] layout after the producer */
  apIlpResult ilp;  /* as the solver reported it */
  int ilpNodes, ilpEdges;
  int numFollowers, numLayerTied, numLayerClasses, numLayers; /* ILP shrinking */
  double budget;    /* bytes per device; 0 = none */
  /* Recomputed from the choice: */
  double compute, comm, reshard, peakMemory;
  int numAllReduce, numGather, numAllToAll;
  /* Per node: its strategy's time plus the reshards into it, and its
   * strategy's memory (for grouping by layer, as pipeline planning does). */
  double *nodeTime, *nodeMem;
} apShardPlan;

/* Solves the ILP for g (shrunk by merging followers and tying repeated
 * layers when `shrink`). Emits an error at the function and returns -1 when
 * no plan fits the budget (naming the largest consumers) or the solver
 * fails. */
int apShardSolve(const apGraph *g, double budget, double timeLimit, int solverLog, bool shrink,
                 apShardPlan *plan);
void apShardPlanFree(apShardPlan *plan);

/* The layout value `v` has after its producer (or, for followers, the one
 * its user wants). */
const apSharding *apPlanValueLayout(const apShardPlan *plan, int v);
/* The layout use k of value v wants. */
const apSharding *apPlanUseLayout(const apShardPlan *plan, int v, int k);

/* Inserts shard.sharding / shard.shard annotations for the plan; `grid` is
 * the shard.grid symbol name. */
int apShardRewrite(const apShardPlan *plan, const char *grid);
/* Moves the linalg ops of `func` that upstream's partitioner cannot take
 * (indexing maps that are not projected permutations) into private
 * functions called with no_inline; returns how many. */
int apShardOutline(MlirOperation module, MlirOperation func, int *counter);

/* Appends this function's plan to `ops` (a json-c array) and prints the
 * summary to stderr. */
struct json_object;
void apShardReport(const apShardPlan *plan, const char *funcName,
                   struct json_object *funcs, bool summary);

#endif
