/* What the GPU runtime and its CPU emulation share: contractions as cuBLAS
 * calls (choosing transposes and leading dimensions from the views'
 * strides), MLIR memref descriptors for the CPU runtime, benchmark
 * timing. */
#include "ApCuDevice.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int64_t apcuTypeBytes(apCuType t) {
  switch (t) {
  case AP_CU_F64:
  case AP_CU_I64: return 8;
  case AP_CU_BF16: return 2;
  case AP_CU_I8: return 1;
  default: return 4;
  }
}

void apcuMlirDesc(apCuMlirDesc *d, void *host, int rank, const int64_t *size,
                  const int64_t *stride) {
  d->ptrs[0] = d->ptrs[1] = host;
  d->ints[0] = 0;
  for (int i = 0; i < rank; ++i) {
    d->ints[1 + i] = size[i];
    d->ints[1 + rank + i] = stride[i];
  }
}

enum { AP_CU_MAX_LOOPS = 2 * AP_CU_MAX_RANK };

/* The operands (A 1, B 2, C 4) each role's loops are in. */
static const int roleUses[4] = {7, 5, 6, 3};

typedef struct {
  int64_t ext;       /* merged extent (1: no loop) */
  int64_t stride[3]; /* per operand, of the innermost merged loop */
} apCuDim;

/* The loops of role r merged innermost first (by the stride in the last
 * operand that has them: C for batch, M, N; B for K); a loop that does not
 * continue the merged dim in every operand, and all outside it, go to
 * outer[]. Extent-1 loops are dropped. */
static apCuDim mergeRole(int r, int numLoops, const int *role, const int64_t *ext,
                         int64_t st[3][AP_CU_MAX_LOOPS], int *outer, int *numOuter) {
  int loops[AP_CU_MAX_LOOPS], n = 0, ref = r == AP_CU_K ? 1 : 2;
  for (int l = 0; l < numLoops; ++l)
    if (role[l] == r && ext[l] != 1)
      loops[n++] = l;
  for (int i = 1; i < n; ++i) /* insertion sort: a handful of loops */
    for (int j = i; j > 0; --j) {
      int64_t x = st[ref][loops[j]], y = st[ref][loops[j - 1]];
      if ((x < 0 ? -x : x) >= (y < 0 ? -y : y))
        break;
      int t = loops[j];
      loops[j] = loops[j - 1];
      loops[j - 1] = t;
    }
  apCuDim d = {1, {0, 0, 0}};
  int i = 0;
  if (n > 0) {
    d.ext = ext[loops[0]];
    for (int op = 0; op < 3; ++op)
      d.stride[op] = st[op][loops[0]];
    for (i = 1; i < n; ++i) {
      int merges = 1;
      for (int op = 0; op < 3; ++op)
        if ((roleUses[r] >> op & 1) && st[op][loops[i]] != d.stride[op] * d.ext)
          merges = 0;
      if (!merges)
        break;
      d.ext *= ext[loops[i]];
    }
  }
  for (; i < n; ++i)
    outer[(*numOuter)++] = loops[i];
  return d;
}

/* A column-major rows x cols operand whose (i, j) is at i * si + j * sj:
 * op N when the rows are unit-strided, op T when the columns are. The
 * stride of an extent-1 dim is free. */
static int operand(int64_t rows, int64_t cols, int64_t si, int64_t sj, int allowT, int *trans,
                   int64_t *ld) {
  int64_t minLd = rows > 1 ? rows : 1;
  if (si == 1 || rows == 1) {
    *trans = 0;
    *ld = cols == 1 ? minLd : sj;
    if (*ld >= minLd)
      return 1;
  }
  if (!allowT)
    return 0;
  minLd = cols > 1 ? cols : 1;
  if (sj == 1 || cols == 1) {
    *trans = 1;
    *ld = rows == 1 ? minLd : si;
    return *ld >= minLd;
  }
  return 0;
}

int apcuTracing(void) {
  static int tracing = -1;
  if (tracing < 0) {
    const char *t = getenv("AP_CU_TRACE");
    int rank = 0;
    if (t && *t == '1')
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    tracing = t && *t == '1' && rank == 0;
  }
  return tracing;
}

int apcuTryGemm(apCuType ab, apCuType c, int accumulate, int numLoops, const int *role,
                const int64_t *ext, apCuView a, const int *da, apCuView b, const int *db,
                apCuView cv, const int *dc) {
  if (numLoops > AP_CU_MAX_LOOPS)
    return 0;
  const apCuView *views[3] = {&a, &b, &cv};
  const int *dims[3] = {da, db, dc};
  int64_t st[3][AP_CU_MAX_LOOPS];
  for (int op = 0; op < 3; ++op)
    for (int l = 0; l < numLoops; ++l)
      st[op][l] = dims[op][l] >= 0 ? views[op]->stride[dims[op][l]] : 0;
  int outer[AP_CU_MAX_LOOPS], numOuter = 0;
  apCuDim g[4];
  for (int r = 0; r < 4; ++r)
    g[r] = mergeRole(r, numLoops, role, ext, st, outer, &numOuter);
  int64_t m = g[AP_CU_M].ext, n = g[AP_CU_N].ext, k = g[AP_CU_K].ext;
  int64_t sam = g[AP_CU_M].stride[0], scm = g[AP_CU_M].stride[2];
  int64_t sbn = g[AP_CU_N].stride[1], scn = g[AP_CU_N].stride[2];
  int64_t sak = g[AP_CU_K].stride[0], sbk = g[AP_CU_K].stride[1];
  int ta, tb, tc, swap = 0;
  int64_t lda, ldb, ldc;
  if (operand(m, n, scm, scn, 0, &tc, &ldc) && operand(m, k, sam, sak, 1, &ta, &lda) &&
      operand(k, n, sbk, sbn, 1, &tb, &ldb)) {
    /* C = A B as they are. */
  } else if (operand(n, m, scn, scm, 0, &tc, &ldc) && operand(n, k, sbn, sbk, 1, &ta, &lda) &&
             operand(k, m, sak, sam, 1, &tb, &ldb)) {
    swap = 1; /* C^T = B^T A^T */
  } else {
    if (apcuTracing())
      fprintf(stderr, "ap-cuda: gemm fallback m=%lld n=%lld k=%lld\n", (long long)m, (long long)n,
              (long long)k);
    return 0;
  }
  const apCuDim *batch = &g[AP_CU_BATCH];
  int first = swap ? 1 : 0, second = swap ? 0 : 1;
  const char *pa = views[first]->ptr, *pb = views[second]->ptr;
  int64_t eab = apcuTypeBytes(ab), ec = apcuTypeBytes(c), count = 1;
  for (int i = 0; i < numOuter; ++i)
    count *= ext[outer[i]];
  for (int64_t o = 0; o < count; ++o) {
    /* The outer loops' indices, unflattened (the last fastest); past the
     * first index of a K loop here, C holds a partial sum to add to. */
    int64_t off[3] = {0, 0, 0}, rest = o;
    int add = accumulate;
    for (int i = numOuter - 1; i >= 0; --i) {
      int64_t x = rest % ext[outer[i]];
      rest /= ext[outer[i]];
      for (int op = 0; op < 3; ++op)
        off[op] += x * st[op][outer[i]];
      add |= role[outer[i]] == AP_CU_K && x > 0;
    }
    if (apcuTracing())
      fprintf(stderr,
              "ap-cuda: gemm %c%c%s m=%lld n=%lld k=%lld lda=%lld ldb=%lld ldc=%lld batch=%lld\n",
              ta ? 'T' : 'N', tb ? 'T' : 'N', add ? "" : " beta=0", (long long)(swap ? n : m),
              (long long)(swap ? m : n), (long long)k, (long long)lda, (long long)ldb,
              (long long)ldc, (long long)batch->ext);
    apcuGemm(ab, c, add, ta, tb, swap ? n : m, swap ? m : n, k, pa + off[first] * eab, lda,
             batch->stride[first], pb + off[second] * eab, ldb, batch->stride[second],
             cv.ptr + off[2] * ec, ldc, batch->stride[2], batch->ext);
  }
  return 1;
}

int apcuBenchIterations(void) {
  const char *v = getenv("AP_CU_ITERS");
  if (!v)
    return 10;
  char *end;
  long n = strtol(v, &end, 10);
  if (*v == 0 || *end != 0 || n < 1 || n > 1000000)
    apRtDie("AP_CU_ITERS=%s: expected a count from 1 to 1000000", v);
  return (int)n;
}

void apcuBenchReport(const char *what, int iters, double seconds) {
  double slowest = seconds;
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  if (rank == 0)
    printf("ap-cuda: %s: %d iterations, %.3f ms each\n", what, iters, 1e3 * slowest / iters);
}

static void **kept;
static int numKept;

void apcuKeep(void *dev) {
  void **grown = realloc(kept, sizeof *kept * (size_t)(numKept + 1));
  if (!grown)
    apRtDie("ap-cuda: out of host memory");
  kept = grown;
  kept[numKept++] = dev;
}

void apcuReleaseKept(void (*release)(void *dev)) {
  for (int i = 0; i < numKept; ++i)
    release(kept[i]);
  free(kept);
  kept = NULL;
  numKept = 0;
}
