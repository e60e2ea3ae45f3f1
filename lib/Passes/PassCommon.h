/* What every ap pass shares: the external-pass wrapper and small helpers. */
#ifndef AP_PASSES_PASSCOMMON_H
#define AP_PASSES_PASSCOMMON_H

#include "PassOptions.h"

#include "mlir-c/Diagnostics.h"

/* The body of a pass. Report errors with mlirEmitError on an op's location
 * and call mlirExternalPassSignalFailure(pass). */
typedef void (*apPassRunFn)(MlirOperation module, const apOptions *opts,
                            MlirExternalPass pass);

/* Parses `options` and wraps `run` as an MlirPass on builtin.module. Returns
 * a null pass (and reports through onError) on bad options. */
MlirPass apMakePass(const apPassInfo *info, apPassRunFn run,
                    MlirStringRef options, MlirStringCallback onError,
                    void *user);

extern const apPassInfo apAnnotateClusterPassInfo;
extern const apPassInfo apAutoShardPassInfo;

static inline MlirStringRef apStr(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

#endif
