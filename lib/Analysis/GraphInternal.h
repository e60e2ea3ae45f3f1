/* Shared between the files of lib/Analysis. */
#ifndef AP_ANALYSIS_GRAPHINTERNAL_H
#define AP_ANALYSIS_GRAPHINTERNAL_H

#include <stdarg.h>

#include "ap/Analysis.h"

int apAttachStrategies(apGraph *g, const apGraphOptions *opt);
MlirAttribute apFuncArgAttr(MlirOperation func, int index,
                                                const char *name);

#endif
