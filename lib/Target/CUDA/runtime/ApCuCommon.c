/* What the GPU runtime and its CPU emulation share: contractions as cuBLAS
 * calls (choosing transposes and leading dimensions from the views'
 * strides) and MLIR memref descriptors for the CPU runtime. */
#include "ApCuda.h"

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

int apcuTryGemm(apCuType ab, apCuType c, int accumulate, int64_t m, int64_t n, int64_t k,
                int numBatch, const int64_t *batch, apCuView a, const int *da, apCuView b,
                const int *db, apCuView cv, const int *dc) {
  int64_t sam = a.stride[da[0]], sak = a.stride[da[1]];
  int64_t sbk = b.stride[db[0]], sbn = b.stride[db[1]];
  int64_t scm = cv.stride[dc[0]], scn = cv.stride[dc[1]];
  int ta, tb, tc, swap = 0;
  int64_t lda, ldb, ldc;
  if (operand(m, n, scm, scn, 0, &tc, &ldc) && operand(m, k, sam, sak, 1, &ta, &lda) &&
      operand(k, n, sbk, sbn, 1, &tb, &ldb)) {
    /* C = A B as they are. */
  } else if (operand(n, m, scn, scm, 0, &tc, &ldc) && operand(n, k, sbn, sbk, 1, &ta, &lda) &&
             operand(k, m, sak, sam, 1, &tb, &ldb)) {
    swap = 1; /* C^T = B^T A^T */
  } else {
    return 0;
  }
  const apCuView *va = swap ? &b : &a, *vb = swap ? &a : &b;
  const int *dva = swap ? db : da, *dvb = swap ? da : db;
  int64_t rm = swap ? n : m, rn = swap ? m : n;
  int64_t count = 1, sa = 0, sb = 0, sc = 0, outer = 1;
  if (numBatch > 0) {
    int last = numBatch - 1;
    count = batch[last];
    sa = va->stride[dva[2 + last]];
    sb = vb->stride[dvb[2 + last]];
    sc = cv.stride[dc[2 + last]];
    for (int i = 0; i < last; ++i)
      outer *= batch[i];
  }
  int64_t eab = apcuTypeBytes(ab), ec = apcuTypeBytes(c);
  for (int64_t o = 0; o < outer; ++o) {
    /* The outer batch index o, unflattened (last fastest). */
    int64_t offA = 0, offB = 0, offC = 0, rest = o;
    for (int i = numBatch - 2; i >= 0; --i) {
      int64_t x = rest % batch[i];
      rest /= batch[i];
      offA += x * va->stride[dva[2 + i]];
      offB += x * vb->stride[dvb[2 + i]];
      offC += x * cv.stride[dc[2 + i]];
    }
    apcuGemm(ab, c, accumulate, ta, tb, rm, rn, k, va->ptr + offA * eab, lda, sa,
             vb->ptr + offB * eab, ldb, sb, cv.ptr + offC * ec, ldc, sc, count);
  }
  return 1;
}
