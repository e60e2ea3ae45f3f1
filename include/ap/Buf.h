/* A growable string for code that writes text (IR, CUDA, reports). Any
 * failed allocation sets `failed` and later appends do nothing. */
#ifndef AP_BUF_H
#define AP_BUF_H

#include "mlir-c/IR.h"

#include <stddef.h>

typedef struct {
  char *data;
  size_t len, cap;
  int failed;
} apBuf;

void apBufPrintf(apBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void apBufFree(apBuf *b);
/* An MlirStringCallback appending to the apBuf in `user`. */
void apBufAppend(MlirStringRef s, void *user);

#endif
