/* ap-opt's passes, for any compiler built on the MLIR C API.
 *
 * Each pass is created from an option string in MLIR's textual form
 * ("key=value key2=value2"); a bad option is reported through `onError` and
 * a null pass is returned. The passes are module passes: add them to a pass
 * manager anchored on builtin.module (mlirPassManagerAddOwnedPass). */
#ifndef AP_PASSES_H
#define AP_PASSES_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Loads every dialect ap-opt's passes create (shard, func, linalg, tensor,
 * arith, ...) and the `ap` dialect. Call once per context. */
MlirLogicalResult apRegisterAndLoadDialects(MlirContext ctx);

/* --ap-annotate-cluster: validate a cluster spec (preset or JSON file) and
 * record it on the module as the `ap.cluster` dictionary. */
MlirPass apCreateAnnotateClusterPass(MlirStringRef options,
                                     MlirStringCallback onError, void *user);
/* --auto-shard: intra-operator parallelism (Alpa's ILP). */
MlirPass apCreateAutoShardPass(MlirStringRef options, MlirStringCallback onError,
                               void *user);
/* --pipeline-partition: pipeline stages as functions, a driver running the
 * schedule with ap.send/ap.recv between stages. */
MlirPass apCreatePipelinePartitionPass(MlirStringRef options, MlirStringCallback onError,
                                       void *user);

/* --- The registry, for drivers ------------------------------------------ */

typedef enum {
  AP_OPT_BOOL,
  AP_OPT_INT,
  AP_OPT_DOUBLE,
  AP_OPT_STRING,
} apOptionKind;

typedef struct {
  const char *name;
  apOptionKind kind;
  const char *defaultValue; /* textual, as on the command line */
  const char *help;
} apPassOptionInfo;

typedef struct {
  const char *argument; /* the flag, e.g. "auto-shard" */
  const char *summary;
  const apPassOptionInfo *options; /* terminated by {NULL} */
  MlirPass (*create)(MlirStringRef options, MlirStringCallback onError,
                     void *user);
  /* Set for pipelines of several passes (e.g. lower-to-cpu): adds them. */
  MlirLogicalResult (*addPipeline)(MlirPassManager pm, MlirStringRef options,
                                   MlirStringCallback onError, void *user);
} apPassInfo;

/* All passes, NULL-terminated, in a fixed order. */
const apPassInfo *const *apPassRegistry(void);
/* The pass with this flag, or NULL. */
const apPassInfo *apLookupPass(MlirStringRef argument);

/* Adds one pipeline element to `pm` (a pass manager on builtin.module): one
 * of ours by flag, or an upstream pass/pipeline by name, nested under the op
 * it is anchored on (e.g. shard-partition runs on every func.func). `options`
 * is the text inside {...} or after '=' (may be empty). */
MlirLogicalResult apAddPipelineElement(MlirPassManager pm, MlirStringRef name,
                                       MlirStringRef options,
                                       MlirStringCallback onError, void *user);
/* Adds a whole textual pipeline, "builtin.module(a,b{x=1},func.func(c))" or
 * "a,b", in which our passes may appear by name too. */
MlirLogicalResult apAddTextualPipeline(MlirPassManager pm, MlirStringRef text,
                                       MlirStringCallback onError, void *user);

/* --- Plans, for drivers that show them --------------------------------- */

struct json_object;
/* Called with every plan a planning pass wrote to its plan=FILE (borrowed:
 * take a reference to keep it) and the cluster of the module it planned, as
 * a normalised spec (null when the module records none). */
typedef void (*apPlanListener)(const char *passName, struct json_object *plan,
                               struct json_object *cluster, void *user);
/* One listener per process (NULL: none); not thread-safe. */
void apSetPlanListener(apPlanListener listener, void *user);

#ifdef __cplusplus
}
#endif

#endif
