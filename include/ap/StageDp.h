/* Alpa's inter-operator DP: cut L layers into pipeline stages, give each
 * stage a submesh, so that the submeshes use exactly the cluster's devices
 * and the pipeline's latency sum(t_s) + (B - 1) max(t_s) over B
 * micro-batches is least (Alpa, OSDI'22, section 5.2). Plain C, no MLIR. */
#ifndef AP_STAGEDP_H
#define AP_STAGEDP_H

#ifdef __cplusplus
extern "C" {
#endif

#define AP_STAGE_INF 1e300

typedef struct {
  int num_layers;
  int num_meshes;          /* submesh shapes a stage may take */
  const int *mesh_devices; /* [num_meshes] devices of each shape */
  int devices;             /* the cluster's: the stages' submeshes sum to it */
  /* Mixed clusters (optional; 0 means one type): the device type of each
   * submesh shape, and how many devices of each type the stages must use
   * exactly (summing to `devices`). A stage never mixes types. */
  int num_types;
  const int *mesh_type;    /* [num_meshes] */
  const int *type_devices; /* [num_types] */
  int micro_batches;       /* B >= 1 */
  /* Time of one micro-batch of layers i..j (0-based, i <= j) on submesh m,
   * at [(i * num_layers + j) * num_meshes + m]; >= AP_STAGE_INF where the
   * stage does not fit (memory) or is not allowed. */
  const double *cost;
} apStageProblem;

typedef struct {
  int num_stages;
  int *first, *last, *mesh; /* per stage, in pipeline order; malloc'd */
  double latency;           /* sum + (B - 1) * max */
  double sum, max;
  int tmax_tried;           /* candidate bottleneck times evaluated */
} apStagePlan;

/* Returns 0 with the optimal plan, -1 when no assignment covers the layers
 * with exactly `devices` devices. Deterministic; among equal sums for one
 * bottleneck bound, fewer stages win. */
int apStageDp(const apStageProblem *p, apStagePlan *out);
/* Every assignment, for tests on tiny problems. */
int apStageBruteForce(const apStageProblem *p, apStagePlan *out);
void apStagePlanFree(apStagePlan *plan);

#ifdef __cplusplus
}
#endif

#endif
