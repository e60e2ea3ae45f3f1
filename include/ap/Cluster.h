/* Cluster spec: device types, nodes, links and the logical device mesh.
 * Plain C, no MLIR types: the planners and the cost model read it, and the
 * ap-annotate-cluster pass records its normalised JSON on the module. */
#ifndef AP_CLUSTER_H
#define AP_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AP_MAX_MESH_RANK 4
#define AP_MAX_DEVICE_TYPES 8
#define AP_MAX_NODE_GROUPS 16

typedef enum { AP_DTYPE_F32, AP_DTYPE_BF16, AP_DTYPE_F16, AP_DTYPE_COUNT } apDType;

typedef struct {
  char name[32];
  double peak_flops[AP_DTYPE_COUNT]; /* dense FLOP/s; 0 = unknown */
  double mem_bytes;                  /* device memory; 0 = unknown */
  double mem_bw;                     /* bytes/s; 0 = unknown */
  double efficiency;                 /* achievable fraction of peak on GEMMs */
  double launch_overhead;            /* seconds per kernel launch, paid per micro-batch */
} apDeviceType;

/* `nodes` nodes of `gpus_per_node` devices of type `type`. */
typedef struct {
  int type;
  int nodes;
  int gpus_per_node;
} apNodeGroup;

/* Which physical link a mesh axis communicates over. */
typedef enum { AP_LINK_INTRA, AP_LINK_INTER } apLinkLevel;

typedef struct {
  char name[64]; /* preset name, or "custom" */
  int num_types;
  apDeviceType types[AP_MAX_DEVICE_TYPES];
  int num_groups; /* 0 for a pure alpha/beta spec */
  apNodeGroup groups[AP_MAX_NODE_GROUPS];
  double intra_bw, intra_latency; /* bytes/s, seconds; 0 = unknown */
  double inter_bw, inter_latency;
  int mesh_rank;
  int64_t mesh[AP_MAX_MESH_RANK];
  apLinkLevel axis_level[AP_MAX_MESH_RANK];
  double alpha[AP_MAX_MESH_RANK]; /* seconds per message, per mesh axis */
  double beta[AP_MAX_MESH_RANK];  /* seconds per byte, per mesh axis */
} apCluster;

/* Parse a JSON spec (text). Returns 0 on success; on failure fills `err`
 * with a message naming the offending key and returns -1. */
int apClusterFromJSON(const char *text, apCluster *c, char *err, size_t errlen);

/* A built-in preset by name, e.g. "dgx-h100" or "dgx-h100:2" (2 nodes).
 * Returns 0 on success, -1 if unknown (err lists the valid names). */
int apClusterPreset(const char *name, apCluster *c, char *err, size_t errlen);

/* NULL-terminated list of preset names (without a ":N" suffix). */
const char *const *apClusterPresetNames(void);

/* A preset name or a path to a JSON file. */
int apClusterLoad(const char *presetOrPath, apCluster *c, char *err,
                  size_t errlen);

/* Replace the mesh shape (e.g. from a pass option); re-derives the per-axis
 * links and alpha/beta. Fails if the product does not match the device count
 * (when the spec has devices). */
int apClusterSetMesh(apCluster *c, int rank, const int64_t *shape, char *err,
                     size_t errlen);

/* Normalised JSON, keys in a fixed order, so that output is deterministic and
 * apClusterFromJSON(apClusterToJSON(c)) == c. Caller frees. */
char *apClusterToJSON(const apCluster *c);

int64_t apClusterNumDevices(const apCluster *c);

/* The node holding device `device` (devices numbered group by group, node
 * by node), counted over all groups; -1 past the end or without nodes. */
int apClusterNodeOf(const apCluster *c, int64_t device);

#ifdef __cplusplus
}
#endif

#endif
