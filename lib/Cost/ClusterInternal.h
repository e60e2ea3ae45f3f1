/* Shared between the files of lib/Cost. */
#ifndef AP_COST_CLUSTERINTERNAL_H
#define AP_COST_CLUSTERINTERNAL_H

#include "ap/Cluster.h"
#include "ap/Cost.h"

struct json_object;

/* Achievable share of peak on large GEMMs when a spec does not say: cuBLAS
 * reaches 70-80% on big bf16 GEMMs, Megatron-LM 44-52% of peak end to end
 * (REFERENCE-NUMBERS.md); 0.6 sits between for the ops of a training step. */
#define AP_DEFAULT_EFFICIENCY 0.6
/* A kernel launch and the gap before the next kernel on one stream, a few
 * microseconds on V100..H100 without CUDA graphs: what a smaller
 * micro-batch does not shrink. */
#define AP_DEFAULT_LAUNCH_OVERHEAD 4e-6

int apClusterFromJSONObject(struct json_object *root, apCluster *c, char *err,
                            size_t errlen);
/* [nodes, gpus_per_node] (or [devices] on one node / mixed node sizes). */
int apClusterDefaultMesh(apCluster *c, char *err, size_t errlen);
/* alpha = latency, beta = 1/bandwidth of each axis' level, where known. */
void apClusterDeriveAlphaBeta(apCluster *c);
/* Every axis of size > 1 has a cost. */
int apClusterHasLinkCosts(const apCluster *c);
int64_t apClusterGpusPerNode(const apCluster *c);

#endif
