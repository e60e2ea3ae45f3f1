/* Analysis for auto-sharding: tensor layouts over a device mesh, the chains
 * of single-step collectives between layouts, the op graph of a function and
 * the sharding strategies of its ops, derived from linalg indexing maps. */
#ifndef AP_ANALYSIS_H
#define AP_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "ap/Cost.h"
#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AP_MAX_RANK 8
#define AP_MAX_LOOPS 12

/* Whether op is named `name` ("linalg.generic"); false for a null op. */
bool apOpNameIs(MlirOperation op, const char *name);
/* Whether op belongs to `dialect` ("linalg"). */
bool apOpDialectIs(MlirOperation op, const char *dialect);
/* Whether op is an arith.constant of one value repeated (a splat), the only
 * tensor constant upstream's shard-partition can slice. */
bool apIsSplatConstant(MlirOperation op);
/* Size and dtype of a tensor element type; false if unknown. */
bool apElementInfo(MlirType t, double *bytes, apDType *dt);
/* An error with printf-style text at op's location. */
void apEmitOpError(MlirOperation op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --- Layouts ------------------------------------------------------------- */

/* How a tensor is split over the mesh: tensor dim d is split over the mesh
 * axes axes[d][0..n[d]) in that (major to minor) order, as shard.sharding's
 * split_axes. Each mesh axis appears at most once. */
typedef struct {
  int8_t rank;
  int8_t n[AP_MAX_RANK];
  int8_t axes[AP_MAX_RANK][AP_MAX_MESH_RANK];
} apSharding;

void apShardingReplicated(apSharding *s, int rank);
bool apShardingEqual(const apSharding *a, const apSharding *b);
bool apShardingIsReplicated(const apSharding *s);
/* Number of pieces tensor dim d is split into. */
int64_t apShardingDimSplit(const apSharding *s, const apCluster *c, int d);
/* Number of distinct shards (product over dims). */
int64_t apShardingNumShards(const apSharding *s, const apCluster *c);
/* Mesh axes the tensor is split over. */
apAxisMask apShardingUsedAxes(const apSharding *s);
/* "[[0], [], [1]]" in shard.sharding's split_axes syntax. */
void apShardingFormat(const apSharding *s, char *buf, int len);

/* --- Resharding ---------------------------------------------------------- */

typedef enum {
  AP_STEP_SLICE,  /* split a dim over one more (minor) axis: local, free */
  AP_STEP_GATHER, /* unsplit a dim's minor axis: all-gather */
  AP_STEP_MOVE,   /* move a dim's minor axis to another dim: all-to-all */
} apReshardStepKind;

typedef struct {
  apReshardStepKind kind;
  int axis, fromDim, toDim;
  apSharding after; /* layout after this step */
  double cost;      /* seconds, alpha-beta on the step's mesh axis */
} apReshardStep;

#define AP_MAX_RESHARD_STEPS (2 * AP_MAX_MESH_RANK + 2)

/* The chain of single-step reshards (each one upstream's shard-partition
 * lowers correctly) from `from` to `to` for a tensor of `shape` with
 * elements of `elemBytes`; cheap steps first (slices shrink the data later
 * steps move). Returns the number of steps (0 when equal); *cost is their
 * total. */
int apReshardPlan(const apSharding *from, const apSharding *to,
                  const int64_t *shape, double elemBytes, const apCluster *c,
                  apReshardStep *steps, double *cost);


/* --- The op graph of a function and its strategies ------------------------ */

typedef enum {
  AP_NODE_ARG,        /* a tensor argument of the function */
  AP_NODE_LINALG,     /* a linalg structured op: strategies from its maps */
  AP_NODE_REPLICATED, /* an op upstream cannot partition: runs replicated */
  AP_NODE_FOLLOWER,   /* tensor.empty, single-use fill, tensor constant:
                         takes the layout its user wants, at no cost */
  AP_NODE_RETURN,     /* func.return: operands keep their producers' layouts */
} apNodeKind;

typedef struct {
  MlirValue value;
  int rank;
  int64_t shape[AP_MAX_RANK];
  double elemBytes;
  apDType dtype;
  int def, defResult; /* defining node and which of its results */
  /* The dim that carries the training batch (dim 0 of `ap.role = "data"`
   * arguments, followed through indexing maps), -1 for none. */
  int batchDim;
  int numUses;
  int *useNode, *useOperand;
} apValue;

typedef struct {
  apSharding *operands; /* [numOperands]; rank -1 for non-tensor operands */
  apSharding *results;  /* [numResults] */
  int8_t loopOfAxis[AP_MAX_MESH_RANK]; /* linalg: loop split by each axis */
  apAxisMask partial; /* axes splitting a reduction: result all-reduced */
  double compute, comm, mem;
} apStrategy;

typedef struct {
  apNodeKind kind;
  MlirOperation op; /* null for arguments */
  int argIndex;
  int numOperands, numResults;
  int *operands, *results; /* value indices; -1 for non-tensor operands */
  /* func.return only: per operand, the argument node that result aliases
   * (the argument's `tf.aliasing_output`, as JAX writes donated state), or
   * -1. The step's state is loop-carried: the result must come back in the
   * argument's layout. */
  int *aliasArg;
  int numLoops;
  int64_t loops[AP_MAX_LOOPS];
  int batchLoop; /* linalg: the loop running over the batch, -1 for none */
  uint32_t reductionLoops; /* bit l: loop l is a reduction */
  double flops;
  bool heavy; /* a contraction: never recomputed redundantly by default */
  int numStrategies;
  apStrategy *strategies;
  char rule[96]; /* why this node has the strategies it has */
} apNode;

typedef struct {
  bool recomputeHeavy; /* allow replicated contractions (Alpa's option) */
  /* Arguments and results replicated at the function's boundary (pipeline
   * stage functions, called with whole tensors). */
  bool replicatedBoundary;
  /* Data-parallel mesh axes: on them an op may only split its batch loop
   * (an argument its batch dim) and is replicated when it has none, as in
   * data parallelism; priced baselines (Megatron's dp x tp) use it. */
  apAxisMask dataAxes;
} apGraphOptions;

typedef struct {
  MlirOperation func;
  const apCluster *cluster;
  bool replicatedBoundary; /* see apGraphOptions */
  int numNodes, numValues;
  apNode *nodes;
  apValue *values;
} apGraph;

/* Builds the graph of `func` (a func.func with one block) and every node's
 * strategies on the cluster's mesh. On unsupported input (dynamic shapes,
 * an op with no rule, a mesh of no usable axis) emits an error at the op's
 * location and returns -1. */
int apGraphBuild(MlirOperation func, const apCluster *c,
                 const apGraphOptions *opt, apGraph *g);
void apGraphFree(apGraph *g);

/* Strategy description for plans: "d0:[0] d2:[1]" (loop -> mesh axes), or
 * the result layout for arguments. */
void apStrategyFormat(const apGraph *g, int node, int s, char *buf, int len);

/* Memory sets for the ILP: the maximal sets of nodes whose results are live
 * at the same time (program order). CSR arrays, caller frees. */
int apGraphLiveSets(const apGraph *g, int **start, int **nodes);

/* Human-readable "file:line:col" or the name of a location. */
void apLocationFormat(MlirLocation loc, char *buf, int len);

/* --- Shrinking the ILP ------------------------------------------------------
 * A node may be tied to a representative: when the representative picks
 * strategy i, the node picks map[i] (identity when map is NULL). Costs,
 * edges and memory fold into the representative, so the ILP has a variable
 * only per representative. Two kinds of ties, both exact restrictions of
 * the plan space, never approximations of its costs:
 *  - a trivial follower (an elementwise op whose every layout is forced by
 *    its one input, with no reduction) follows its producer, as in Alpa;
 *  - a node of a repeated layer (same ops, shapes, maps and wiring as an
 *    earlier layer of the same parity, layers numbered by `ap.layer`) takes
 *    the choice of the node at the same position of the first such layer,
 *    so the ILP does not grow with depth. Tying by parity, not to the very
 *    first copy, keeps plans that alternate across layers. */
typedef struct {
  int *rep;  /* [numNodes]; rep[n] == n for representatives */
  int **map; /* [numNodes]; NULL entries mean identity */
  int numFollowers, numLayerTied, numLayerClasses, numLayers;
} apTies;

int apGraphComputeTies(const apGraph *g, bool followers, bool layers, apTies *t);
void apTiesFree(apTies *t, int numNodes);
/* The strategy node n takes when its representative takes i. */
static inline int apTieStrategy(const apTies *t, int n, int i) {
  return t->map[n] ? t->map[n][i] : i;
}

#ifdef __cplusplus
}
#endif

#endif
