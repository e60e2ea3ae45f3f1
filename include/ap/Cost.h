/* Cost model: compute (roofline), collectives (alpha-beta per mesh axis) and
 * memory. Plain C over apCluster; times in seconds, sizes in bytes. */
#ifndef AP_COST_H
#define AP_COST_H

#include "ap/Cluster.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A set of mesh axes as a bit mask (bit i = mesh axis i). */
typedef unsigned apAxisMask;

/* Number of devices in the group spanned by `axes`. */
int64_t apMeshGroupSize(const apCluster *c, apAxisMask axes);

/* Collectives over the devices spanned by `axes`; `bytes` is the size of the
 * full (unsharded within the group) buffer each device contributes or ends
 * with, as in Alpa's model:
 *   all-reduce      alpha + beta * 2(n-1)/n * B
 *   all-gather      alpha + beta *  (n-1)/n * B   (B = gathered size)
 *   reduce-scatter  alpha + beta *  (n-1)/n * B   (B = input size)
 *   all-to-all      alpha + beta *  (n-1)/n^2 * B
 * Over several axes the collective runs hierarchically, one axis at a time. */
double apCostAllReduce(const apCluster *c, apAxisMask axes, double bytes);
double apCostAllGather(const apCluster *c, apAxisMask axes, double bytes);
double apCostReduceScatter(const apCluster *c, apAxisMask axes, double bytes);
double apCostAllToAll(const apCluster *c, apAxisMask axes, double bytes);
/* Point-to-point transfer of `bytes` over the given link level. */
double apCostSendRecv(const apCluster *c, apLinkLevel level, double bytes);
/* A pipeline stage transfer: a tensor of `bytes` held whole by each of
 * `senders` devices and wanted whole by each of `receivers`, over `link`.
 * group 0: whole, every receiver gets all of it. group g (dividing
 * receivers): the receivers form runs of g, each device gets 1/g of the
 * tensor and every run all-gathers it over `gather` (Megatron-LM's
 * scatter/gather, which pays where `link` is the slow one; g = receivers
 * gathers over the whole stage, g = a node's receivers inside each node).
 * apCostStageTransferGroup: the cheapest of whole, receivers (gathered over
 * `gather`) and, when the receivers span nodes node-aligned with perNode of
 * them in each (0 otherwise), perNode (gathered inside the nodes); a split
 * only where strictly cheaper, its time in *time (may be NULL). The rule
 * --pipeline-partition follows. */
double apCostStageTransfer(const apCluster *c, apLinkLevel link, apLinkLevel gather, double bytes,
                           int senders, int receivers, int group);
int apCostStageTransferGroup(const apCluster *c, apLinkLevel link, apLinkLevel gather,
                             double bytes, int senders, int receivers, int perNode, double *time);

/* Roofline time of `flops` and `bytes` of memory traffic on one device of
 * type `type`: max(flops / (peak * efficiency), bytes / mem_bw). Returns 0
 * when the spec has no device numbers (a pure alpha/beta spec). */
double apCostCompute(const apCluster *c, int type, apDType dt, double flops,
                     double bytes);

/* Memory capacity of one device of type `type` (0 = unknown). */
double apClusterDeviceMemory(const apCluster *c, int type);

#ifdef __cplusplus
}
#endif

#endif
