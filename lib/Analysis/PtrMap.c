/* Pointer -> int map (include/ap/PtrMap.h). */
#include "ap/PtrMap.h"

#include <stdint.h>
#include <stdlib.h>

static size_t hashPtr(const void *p, size_t cap) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x & (cap - 1);
}

bool apPtrMapInit(apPtrMap *m, size_t n) {
  m->cap = 64;
  while (m->cap < 2 * n + 2)
    m->cap *= 2;
  m->keys = calloc(m->cap, sizeof *m->keys);
  m->vals = calloc(m->cap, sizeof *m->vals);
  return m->keys && m->vals;
}

void apPtrMapPut(apPtrMap *m, const void *k, int v) {
  size_t i = hashPtr(k, m->cap);
  while (m->keys[i] && m->keys[i] != k)
    i = (i + 1) & (m->cap - 1);
  m->keys[i] = k;
  m->vals[i] = v;
}

int apPtrMapGet(const apPtrMap *m, const void *k) {
  size_t i = hashPtr(k, m->cap);
  while (m->keys[i]) {
    if (m->keys[i] == k)
      return m->vals[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}

void apPtrMapFree(apPtrMap *m) {
  free(m->keys);
  free(m->vals);
}
