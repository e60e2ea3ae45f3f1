/* A map from pointers (an MlirValue's or MlirOperation's .ptr) to
 * non-negative ints: open addressing, sized once for n keys. Plain C. */
#ifndef AP_PTRMAP_H
#define AP_PTRMAP_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const void **keys;
  int *vals;
  size_t cap;
} apPtrMap;

/* Room for n keys; false when out of memory. */
bool apPtrMapInit(apPtrMap *m, size_t n);
void apPtrMapPut(apPtrMap *m, const void *key, int value);
/* The value of key, or -1. */
int apPtrMapGet(const apPtrMap *m, const void *key);
void apPtrMapFree(apPtrMap *m);

#ifdef __cplusplus
}
#endif

#endif
