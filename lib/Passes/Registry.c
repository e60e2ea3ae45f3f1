/* The table of ap passes, for drivers and --help. */
#include "PassCommon.h"

#include <string.h>

static const apPassInfo *const registry[] = {
    &apImportStablehloPassInfo,
    &apAnnotateClusterPassInfo,
    &apAutoShardPassInfo,
    &apClusterLayersPassInfo,
    &apPipelinePlanPassInfo,
    &apPipelinePartitionPassInfo,
    &apHarnessPassInfo,
    &apShardToRuntimePassInfo,
    &apLowerToCpuPassInfo,
    &apLowerToCudaPassInfo,
    &apEmitCudaPassInfo,
    &apCheckLoweredPassInfo,
    NULL,
};

const apPassInfo *const *apPassRegistry(void) { return registry; }

const apPassInfo *apLookupPass(MlirStringRef argument) {
  for (int i = 0; registry[i]; ++i)
    if (strlen(registry[i]->argument) == argument.length &&
        !strncmp(registry[i]->argument, argument.data, argument.length))
      return registry[i];
  return NULL;
}
