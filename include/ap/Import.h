/* Importers: other frontends' IR to the upstream linalg/tensor/arith form
 * ap-opt's passes read. */
#ifndef AP_IMPORT_H
#define AP_IMPORT_H

#include <stdbool.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rewrites every public func.func of `module` whose body is StableHLO
 * (parsed in generic form, the dialect unregistered) as one func.func of
 * linalg.generic / tensor / arith ops on static-shaped tensors, the calls
 * to private helpers inlined; the StableHLO functions are erased. On an op
 * it cannot convert it emits "ap-import-stablehlo: ..." at the op and
 * returns false; the module is then left unchanged. */
bool apImportStablehlo(MlirOperation module);

#ifdef __cplusplus
}
#endif

#endif
