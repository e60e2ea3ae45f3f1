/* Internals of --ap-pipeline-plan, split by job: the pass (PipelinePlan.c:
 * per-submesh profiles, Alpa's stage DP, the choice of micro-batches, the
 * joint refinement, the record) and the priced uniform configurations
 * (PipelineUniform.c: fixed data x tensor x pipeline degrees, as Megatron-LM
 * sets them by hand, and a sweep over all of them). */
#ifndef AP_PASSES_PIPELINEPLAN_H
#define AP_PASSES_PIPELINEPLAN_H

#include "PassOptions.h"
#include "PipelineSplit.h"

#include "ap/Cost.h"
#include "ap/StageDp.h"

#include <stdbool.h>
#include <stdint.h>

#include "mlir-c/IR.h"

enum { AP_PLAN_MAX_SHAPES = 64 };

/* A submesh: n nodes x m GPUs per node of one node group. With dp > 0 the
 * ILP sees it as dp-way data parallel (the batch split, everything else
 * replicated) times tp-way tensor parallel (free), dp * tp = n * m; with
 * dp = 0 the ILP is free on an n x m mesh, or on a rows x (n m / rows)
 * logical view of it when rows > 0 (Alpa's logical meshes: a node's GPUs
 * as 2 x 4 lets one plan mix data and tensor parallelism). */
typedef struct {
  int n, m, group;
  int dp, tp;
  int rows;
} apShape;

typedef struct {
  MlirOperation module, func;
  const apOptions *opts;
  MlirExternalPass pass;
  apCluster c;
  apShape shapes[AP_PLAN_MAX_SHAPES];
  int numShapes, devices, L;
  int B;         /* micro-batches of the plan being priced or recorded */
  int64_t batch; /* the data's batch (dim 0 of ap.role = "data"), 0 if none */
  double budget; /* bytes per device; 0 none; -1 each device's memory */
  bool wholeTransfers; /* every stage transfer sends whole tensors */
  bool oneMicroBatch;  /* batch statistics or the like: B = 1 only */
  /* [shape][layer]: time (forward part too), weight memory, forward
   * activations (alive per micro-batch in flight) and the backward's own
   * values (one micro-batch's) per device; [layer]: kernels launched, bytes
   * crossing the cut after it (and the forward pass's part of each) */
  double *time, *fwdTime, *weights, *acts, *transient;
  double *launches, *fwdLaunches, *cut, *fwdCut;
  double *paramBytes; /* [layer]: its parameters' bytes (their gradients') */
  double flops; /* of the whole step */
  double replicasLatency; /* the best replicated plan's, when one was priced */
  int64_t *layerValues;
  struct json_object *profiles; /* per shape: ILP size, gap, seconds */
} apPipe;

static inline size_t apPipeAt(const apPipe *p, int shape, int layer) {
  return (size_t)shape * (size_t)(p->L + 1) + (size_t)layer;
}

/* Plans the step on every shape of p (one ILP each) and tallies per layer.
 * Emits an error and returns false on failure. */
bool apPipeProfile(apPipe *p);
/* The send of the cut after layer j from shape s to shape next (-1: a
 * stage like s, as the DP assumes), one micro-batch of B. */
double apPipeCutSend(const apPipe *p, int j, int s, int next, int B);
/* Time of one micro-batch (of B) of layers i..j on shape s, with the send
 * of the cut after j; *fwd (may be NULL) gets its forward part. */
double apPipeStageTime(const apPipe *p, int i, int j, int s, int B, double *fwd);
/* Memory per device of layers i..j on shape s with `inflight` micro-batches
 * of B alive; and whether it fits the budget. */
double apPipeStageMemory(const apPipe *p, int i, int j, int s, int B, int inflight);
bool apPipeFits(const apPipe *p, int s, double mem);
/* Alpa's stage DP over the stage costs `cost` (layers x layers x shapes,
 * AP_STAGE_INF where a stage does not fit) for p->B micro-batches, using
 * exactly every device, or with group >= 0 exactly that node group's. */
bool apPipeStageDp(const apPipe *p, const double *cost, int group, apStagePlan *out);

/* Replicas of the pipeline, one per node group (PipelineReplicas.c). */
typedef struct {
  apStagePlan sp; /* every replica's stages, replica by replica; latency:
                     the slowest replica's plus the reduction */
  int replicas, stagesPer;
  int mbCount[AP_PP_MAX_REPLICAS]; /* micro-batches per replica, summing to B */
  double reduce;    /* seconds reducing the sums onto replica 0 */
  double pipeline;  /* the best single pipeline's latency, for the record */
} apPipeReplicaPlan;

/* The best replicated plan for p->B micro-batches over the stage costs c
 * (as the stage DP reads them); false when the cluster has one group or
 * none fits. */
bool apPipeReplicated(const apPipe *p, const double *c, apPipeReplicaPlan *best);

/* Records sp (micro-batches p->B) as ap.pipeline, the plan JSON and the
 * summary; exact (may be NULL): stage times priced by the refinement;
 * rep (may be NULL): sp is rep's replicated plan; extra (may be NULL): keys
 * merged into the JSON root. */
void apPipeRecord(apPipe *p, const apStagePlan *sp, double seconds, const double *exact,
                  const apPipeReplicaPlan *rep, struct json_object *extra);

/* Uniform configurations (PipelineUniform.c): with dp, tp, pp > 0 prices
 * that one, else every (dp, tp, pp) of the cluster; micro-batches B > 0 or
 * every divisor of the batch (B = 0). Fills p->shapes, profiles them, and
 * returns the best plan in *best with p->B set; `rows` (a json array) gets
 * every configuration priced. False with an error emitted when none fits. */
bool apPipeUniform(apPipe *p, int dp, int tp, int pp, int B, apStagePlan *best,
                   struct json_object *rows);

/* The micro-batch counts to try: divisors of `per` (the batch a replica
 * runs), at most 64 of them, ascending; B > 0 is the only candidate when it
 * divides, 1 when the step cannot be micro-batched. Returns how many. */
int apPipeMicroBatchChoices(const apPipe *p, int64_t per, int B, int *out);

#endif
