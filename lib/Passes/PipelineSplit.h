/* Internals of --pipeline-partition, split by job: Split (the step's ops ->
 * stages, micro-batch phases and waves -> one function per task), Driver
 * (the schedule's order per stage -> the driver function), and the pass
 * (PipelinePartition.c: plan, grids, auto-shard of every task). */
#ifndef AP_PASSES_PIPELINESPLIT_H
#define AP_PASSES_PIPELINESPLIT_H

#include "ap/Cluster.h"
#include "ap/PtrMap.h"

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { AP_PP_MAX_STAGES = 256 };

/* How an op runs under micro-batching. */
typedef enum {
  AP_PP_REMAT, /* no data input, no accumulated input (constants, empties,
                  fills, parameter-only ops): cloned into each task using it */
  AP_PP_MB,    /* reads the batch: runs once per micro-batch */
  AP_PP_POST,  /* reads a value accumulated over micro-batches: runs once */
} apPpKind;

typedef struct {
  MlirValue v;
  int def;      /* defining op index, -1 for arguments */
  int arg;      /* argument index, -1 for op results */
  int batchDim; /* the dim that carries the batch, -1 for none */
  bool acc;     /* a sum over the batch: accumulated across micro-batches */
  int task;     /* producing task, -1 for arguments and remat values */
  int numUseTasks, *useTasks; /* distinct tasks that read it */
  bool returned;
} apPpValue;

typedef struct {
  MlirOperation op;
  apPpKind kind;
  int stage, wave, task;
  int batchLoop; /* MB ops: the loop running over the batch */
} apPpOp;

typedef struct {
  apPpKind kind; /* AP_PP_MB or AP_PP_POST */
  int stage, wave;
  char name[128];
  int numIn, *in;   /* value ids, the function's arguments */
  int numOut, *out; /* value ids, its results */
} apPpTask;

typedef struct {
  int firstLayer, lastLayer; /* ap.layer values, inclusive */
  int n, m;                  /* submesh: nodes x devices per node */
  int firstDevice;
  int rows; /* > 0: the stage's grid is rows x (n m / rows), not n x m */
} apPpStage;

/* How tensors cross stages: split over the receivers (then all-gathered
 * among them, or inside each of their nodes) where the cost model finds it
 * cheaper, never, always (gathered by the whole stage), or always gathered
 * inside the nodes where the receivers span several. */
typedef enum { AP_PP_SHARDED, AP_PP_WHOLE, AP_PP_SPLIT, AP_PP_NODE } apPpTransfers;

/* Metis-style data parallelism across device groups: R replicas of the
 * pipeline, each on its own devices (of its own type), replica r running
 * micro-batches [mbFirst[r], mbFirst[r] + mbCount[r]) of the step, so the
 * batch splits unevenly, in proportion to each replica's speed. stages[] is
 * replica-major: stage s of replica r is stages[r * numStages + s] (see
 * apPpPhysical); the replicas of a stage cover the same layers. The sums
 * over micro-batches are reduced onto replica 0, which runs the updates. */
enum { AP_PP_MAX_REPLICAS = 16 };

typedef struct {
  MlirOperation module, func;
  int numStages; /* per replica: the logical stages tasks belong to */
  int microBatches;
  int numReplicas; /* 0 or 1: one pipeline */
  int mbFirst[AP_PP_MAX_REPLICAS], mbCount[AP_PP_MAX_REPLICAS];
  apPpTransfers transfers;
  const apCluster *cluster; /* NULL when no stage has several devices */
  apPpStage stages[AP_PP_MAX_STAGES];
  int numOps, numValues, numTasks;
  apPpOp *ops;
  apPpValue *values;
  apPpTask *tasks;
  MlirOperation ret;
  int numArgs, numResults;
  int *resultValue; /* [numResults] value ids */
  char funcName[64];
  apPtrMap opIndex; /* op pointer -> op index */
  int *resultBase;  /* each op's first result id */
} apPp;

static inline int apPpReplicas(const apPp *pp) {
  return pp->numReplicas > 1 ? pp->numReplicas : 1;
}
/* The stages of every replica: stages[]'s length. */
static inline int apPpAllStages(const apPp *pp) { return pp->numStages * apPpReplicas(pp); }
/* The index in stages[] of stage s of replica r. */
static inline int apPpPhysical(const apPp *pp, int s, int r) { return r * pp->numStages + s; }

/* The id of a value of the step (arguments first), -1 if not one. */
int apPpValueId(const apPp *pp, MlirValue v);

/* Classifies the step's ops (stage from ap.layer, micro-batch kind, wave)
 * and forms the tasks. Emits an error at the offending op and returns false
 * on input it cannot split. */
bool apPpAnalyze(apPp *pp);
/* Adds a private no_inline function per task (named task.name) to the
 * module, micro-batch tasks typed for one micro-batch. Returns the created
 * functions in task order in fns. */
bool apPpBuildTasks(apPp *pp, MlirOperation *fns);
void apPpFree(apPp *pp);

typedef enum { AP_PP_1F1B, AP_PP_GPIPE, AP_PP_SEQUENTIAL } apPpScheduleKind;

/* Per stage, the ordered (task, micro-batch) steps; kind may fall back to
 * sequential when the tasks are not one forward and one backward per
 * stage. */
/* Indexed by the stages of every replica (stages[]). */
typedef struct {
  apPpScheduleKind kind;
  int *numSteps;        /* [stage] */
  int (**steps)[2];     /* [stage][k] = {task, micro-batch} */
} apPpOrder;

/* The micro-batches replica r runs: [*first, *first + *count). */
void apPpReplicaRange(const apPp *pp, int r, int *first, int *count);

bool apPpSchedule(const apPp *pp, apPpScheduleKind want, apPpOrder *o);
void apPpOrderFree(const apPp *pp, apPpOrder *o);
const char *apPpScheduleName(apPpScheduleKind k);

/* Rebuilding values that read neither the batch nor its sums in a
 * micro-batch's shape: whether value v can take type `want` (an empty, a
 * splat constant, a fill or a generic whose operands can follow: each
 * shrunk dim of its result shrinks the operand dims its loop indexes), and
 * the type operand k of op takes when its result goes from orig to want
 * (null: it cannot). */
bool apPpRebuildable(const apPp *pp, int v, MlirType want);
/* Ranked tensor type t with dim d divided by the micro-batch count. */
MlirType apPpShrink(const apPp *pp, MlirType t, int d);
MlirType apPpOperandTypeFor(MlirOperation op, intptr_t k, MlirType orig, MlirType want);

/* How a tensor of type t goes from stage `from` to stage `to`: 0 whole,
 * else split with the receivers all-gathering it in runs of this many (all
 * of them, or a node's). */
int apPpTransferGroup(const apPp *pp, int from, int to, MlirType t);

/* Replaces the step function's body by the driver: every device reads its
 * stage from its rank and runs that stage's steps (receives, task calls,
 * sends, accumulation, the reduction of the replicas' sums onto replica 0),
 * then the results are broadcast from their stages of replica 0. `fns` are
 * the task functions (for their types); replica r > 0 calls task t's copy
 * named by apPpTaskName. */
bool apPpBuildDriver(apPp *pp, const apPpOrder *o, const MlirOperation *fns,
                     const char *worldGrid, int worldDevices);
/* The name of task t's function in replica r: the task's, with ".r<r>"
 * appended for r > 0 (each replica shards its copy on its own grid). */
void apPpTaskName(const apPp *pp, int t, int r, char *out, size_t len);

/* The cluster restricted to a stage's submesh, carved from the node group
 * that holds its first device. */
#include "ap/Cluster.h"
bool apPpStageCluster(const apCluster *c, const apPpStage *st, apCluster *out);

/* Prices a candidate plan exactly (PipelineRefine.c): splits a scratch copy
 * of the module into the stages' tasks and solves each task's ILP on its
 * stage's submesh; stageTime[s] is stage s's time per micro-batch (updates
 * counted 1/B). budget[s]: bytes per device, 0 for none. False, quietly,
 * when the candidate cannot be split or does not fit. */
bool apPpEvaluate(MlirOperation module, const char *funcName, const apPpStage *stages, int P,
                  int B, const apCluster *c, const double *budget, double timeLimit,
                  double *stageTime);

/* Whether the step can be split into micro-batches at all (no batch
 * statistics coupling the samples, every op's batch followed): what
 * --pipeline-partition checks, on a scratch copy, quietly. */
bool apPpCanMicroBatch(MlirOperation module, const char *funcName);

#endif
