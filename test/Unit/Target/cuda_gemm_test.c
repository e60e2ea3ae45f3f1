/* apcuTryGemm on random contractions: every loop a batch, M, N or K loop
 * of random extent, each operand's view a random order of its loops, dense
 * or padded, some dims of extent 1. Whatever cuBLAS layout it finds (merged
 * dims, transposes, strided batches, loops it runs itself) must give the
 * loop nest's result exactly (small integers), accumulating or not; where
 * it finds none it must say so and leave C alone. */
#include "ApCuda.h"
#include "ApTest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAXL = 6 };

static uint64_t seed = 12345;
static int rnd(int n) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (int)((seed >> 33) % (uint64_t)n);
}

/* An operand: its loops in view order (outermost first), padded strides. */
typedef struct {
  int loops[MAXL], rank;
  apCuView v;
  float *data;
  int64_t elems;
} operand;

static const int uses[4] = {7, 5, 6, 3}; /* A 1, B 2, C 4 */

static void makeOperand(operand *o, int which, int numLoops, const int *role, const int64_t *ext) {
  o->rank = 0;
  for (int l = 0; l < numLoops; ++l)
    if (uses[role[l]] >> which & 1)
      o->loops[o->rank++] = l;
  for (int i = o->rank - 1; i > 0; --i) { /* shuffle */
    int j = rnd(i + 1), t = o->loops[i];
    o->loops[i] = o->loops[j];
    o->loops[j] = t;
  }
  int64_t s = 1;
  memset(&o->v, 0, sizeof o->v);
  for (int d = o->rank - 1; d >= 0; --d) {
    o->v.size[d] = ext[o->loops[d]];
    o->v.stride[d] = s;
    s *= ext[o->loops[d]] + (rnd(4) == 0 ? rnd(3) : 0); /* sometimes padded */
  }
  o->v.rank = o->rank;
  o->elems = s;
  o->data = calloc((size_t)s, sizeof(float));
  for (int64_t i = 0; i < s; ++i)
    o->data[i] = (float)(rnd(7) - 3);
  o->v.ptr = (char *)o->data;
}

/* Element offset of operand o at loop indices idx. */
static int64_t at(const operand *o, const int64_t *idx) {
  int64_t off = 0;
  for (int d = 0; d < o->rank; ++d)
    off += idx[o->loops[d]] * o->v.stride[d];
  return off;
}

static void dimsOf(const operand *o, int numLoops, int *dims) {
  for (int l = 0; l < numLoops; ++l)
    dims[l] = -1;
  for (int d = 0; d < o->rank; ++d)
    dims[o->loops[d]] = d;
}

static void trial(int accumulate, int *fallbacks) {
  int numLoops = 3 + rnd(MAXL - 2), role[MAXL];
  int64_t ext[MAXL];
  for (int l = 0; l < numLoops; ++l) {
    role[l] = rnd(4);
    ext[l] = 1 + rnd(rnd(5) == 0 ? 1 : 4);
  }
  role[rnd(numLoops)] = AP_CU_K;
  int mn = rnd(numLoops);
  if (role[mn] == AP_CU_K) /* keep the K just set, make another M or N */
    mn = (mn + 1) % numLoops;
  role[mn] = 1 + rnd(2);
  int hasK = 0;
  for (int l = 0; l < numLoops; ++l)
    hasK |= role[l] == AP_CU_K;
  if (!hasK)
    role[(mn + 1) % numLoops] = AP_CU_K;
  operand o[3];
  for (int i = 0; i < 3; ++i)
    makeOperand(&o[i], i, numLoops, role, ext);
  /* The loop nest. */
  float *want = malloc(sizeof(float) * (size_t)o[2].elems);
  memcpy(want, o[2].data, sizeof(float) * (size_t)o[2].elems);
  int64_t total = 1, idx[MAXL];
  for (int l = 0; l < numLoops; ++l)
    total *= ext[l];
  /* Output points not yet reached are zeroed first when not accumulating. */
  for (int64_t p = 0; p < total && !accumulate; ++p) {
    int64_t r = p;
    for (int l = numLoops - 1; l >= 0; --l) {
      idx[l] = r % ext[l];
      r /= ext[l];
    }
    want[at(&o[2], idx)] = 0;
  }
  for (int64_t p = 0; p < total; ++p) {
    int64_t r = p;
    for (int l = numLoops - 1; l >= 0; --l) {
      idx[l] = r % ext[l];
      r /= ext[l];
    }
    want[at(&o[2], idx)] += o[0].data[at(&o[0], idx)] * o[1].data[at(&o[1], idx)];
  }
  int da[MAXL], db[MAXL], dc[MAXL];
  dimsOf(&o[0], numLoops, da);
  dimsOf(&o[1], numLoops, db);
  dimsOf(&o[2], numLoops, dc);
  float *before = malloc(sizeof(float) * (size_t)o[2].elems);
  memcpy(before, o[2].data, sizeof(float) * (size_t)o[2].elems);
  int done = apcuTryGemm(AP_CU_F32, AP_CU_F32, accumulate, numLoops, role, ext, o[0].v, da, o[1].v,
                         db, o[2].v, dc);
  if (done) {
    int same = 1;
    for (int64_t p = 0; p < total; ++p) {
      int64_t r = p;
      for (int l = numLoops - 1; l >= 0; --l) {
        idx[l] = r % ext[l];
        r /= ext[l];
      }
      same &= o[2].data[at(&o[2], idx)] == want[at(&o[2], idx)];
    }
    CHECK(same);
  } else {
    ++*fallbacks;
    CHECK(!memcmp(before, o[2].data, sizeof(float) * (size_t)o[2].elems));
  }
  for (int i = 0; i < 3; ++i)
    free(o[i].data);
  free(want);
  free(before);
}

int main(void) {
  int fallbacks = 0;
  for (int t = 0; t < 3000; ++t)
    trial(t % 2, &fallbacks);
  /* Most random layouts have a cuBLAS form; a few (no unit stride in some
   * operand's M/N/K dims) must fall back. */
  CHECK(fallbacks > 0 && fallbacks < 1500);
  printf("cuda_gemm_test: %d of 3000 contractions fell back\n", fallbacks);
  return ap_test_summary("cuda_gemm_test");
}
