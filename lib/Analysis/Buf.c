/* apBuf: a growable string (ap/Buf.h). */
#include "ap/Buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(apBuf *b, size_t more) {
  if (b->failed || b->len + more + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + more + 1)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    b->failed = 1;
    return;
  }
  b->data = p;
  b->cap = cap;
}

void apBufPrintf(apBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  reserve(b, (size_t)n);
  if (b->failed)
    return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void apBufAppend(MlirStringRef s, void *user) {
  apBuf *b = user;
  reserve(b, s.length);
  if (b->failed)
    return;
  memcpy(b->data + b->len, s.data, s.length);
  b->len += s.length;
  b->data[b->len] = 0;
}

void apBufFree(apBuf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}
