/* The cluster spec as the module's `ap.cluster` dictionary attribute: every
 * pass after --ap-annotate-cluster reads the cluster from there. */
#ifndef AP_CLUSTERATTR_H
#define AP_CLUSTERATTR_H

#include <stddef.h>

#include "ap/Cluster.h"
#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AP_CLUSTER_ATTR_NAME "ap.cluster"

/* The normalised spec as a dictionary attribute (null on failure). */
MlirAttribute apClusterToAttr(MlirContext ctx, const apCluster *c);

/* Reads `ap.cluster` from `module`. Returns 0 on success; -1 with a message
 * in err when it is absent or invalid. */
int apClusterFromModule(MlirOperation module, apCluster *c, char *err,
                        size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
