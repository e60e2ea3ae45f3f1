/* Layer clustering for steps without `ap.layer` (ClusterLayers.c), shared by
 * --ap-cluster-layers, --ap-pipeline-plan and --pipeline-partition. */
#ifndef AP_PASSES_CLUSTERLAYERS_H
#define AP_PASSES_CLUSTERLAYERS_H

#include "mlir-c/IR.h"

#include <stdbool.h>

/* Sets ap.layer on func's compute ops, `layers` of them (0: one per forward
 * contraction, at most 32). Returns the layer count, or -1 with an error
 * emitted at the function. */
int apClusterLayers(MlirOperation func, int layers);
/* Whether any op of func carries ap.layer. */
bool apFuncHasLayers(MlirOperation func);

#endif
