/* The CUDA target: a bufferized, partitioned module (what --lower-to-cuda's
 * upstream steps leave) as CUDA C++ sources, their host runtime and a
 * Makefile in one folder. */
#ifndef AP_CUDATARGET_H
#define AP_CUDATARGET_H

#include <stdbool.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the program into `dir` (made if missing): program.h, program.cu,
 * stage<N>.cu for the functions of pipeline stage N, the runtime sources and
 * a Makefile. On error emits a diagnostic at the op it cannot translate,
 * writes nothing and returns false. */
bool apEmitCuda(MlirOperation module, const char *dir);

#ifdef __cplusplus
}
#endif

#endif
