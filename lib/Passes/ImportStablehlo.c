/* --ap-import-stablehlo: a JAX step exported as StableHLO (generic form,
 * parsed with --allow-unregistered-dialect) to linalg on tensors
 * (lib/Import). */
#include "PassCommon.h"

#include "ap/Import.h"

static const apPassOptionInfo options[] = {
    {NULL, 0, NULL, NULL},
};

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  (void)opts;
  if (!apImportStablehlo(module))
    mlirExternalPassSignalFailure(pass);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apImportStablehloPassInfo, run, o, onError, user);
}

const apPassInfo apImportStablehloPassInfo = {
    "ap-import-stablehlo",
    "Convert StableHLO (JAX's export, generic form) to linalg/tensor/arith on tensors",
    options, create, NULL};
