/* The GPU runtime emulated on the CPU (programs built with AP_CUDA_EMULATE):
 * device memory is host memory, launches run their threads in turn, cuBLAS
 * is a reference loop nest in cuBLAS's conventions and collectives take
 * the MPI transport (ApCuComm.c, the layout code the GPU runs too). It
 * runs the emitted code where there is no GPU, so that code is checked
 * everywhere. */
#include "ApCuDevice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t apcuEmuThread;

void apcuInit(int *argc, char ***argv) {
  apRtInit(argc, argv);
  apcuCommInit();
}

void apcuFinalize(void) {
  apcuCommFinalize();
  apcuReleaseKept(free);
  apRtFinalize();
}

void *apcuAlloc(size_t bytes) {
  void *p = calloc(1, bytes ? bytes : 1);
  if (!p)
    apcuDie("ap-cuda (emulated): out of memory for %zu bytes", bytes);
  apcuKeep(p);
  return p;
}

void apcuUpload(void *dev, const void *host, size_t bytes) { memcpy(dev, host, bytes); }
void apcuDownload(void *host, const void *dev, size_t bytes) { memcpy(host, dev, bytes); }

void apcuLaunched(const char *kernel) {
  if (apcuTracing())
    fprintf(stderr, "ap-cuda: launch %s\n", kernel);
}

static double get(apCuType t, const char *p, int64_t i) {
  switch (t) {
  case AP_CU_F64: return ((const double *)p)[i];
  case AP_CU_BF16: {
    uint32_t u = (uint32_t)((const uint16_t *)p)[i] << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
  }
  default: return ((const float *)p)[i];
  }
}

/* cuBLAS's gemm: column-major, op(X) = X or X^T, C (+)= op(A) op(B),
 * accumulated in C's precision (f32 for bf16) in order of k as the CPU
 * program does. */
void apcuGemm(apCuType ab, apCuType c, int accumulate, int transA, int transB, int64_t m, int64_t n,
              int64_t k, const void *a, int64_t lda, int64_t strideA, const void *b, int64_t ldb,
              int64_t strideB, void *c_, int64_t ldc, int64_t strideC, int64_t batch) {
  int64_t eab = apcuTypeBytes(ab), ec = apcuTypeBytes(c);
  for (int64_t q = 0; q < batch; ++q) {
    const char *pa = (const char *)a + q * strideA * eab;
    const char *pb = (const char *)b + q * strideB * eab;
    char *pc = (char *)c_ + q * strideC * ec;
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = 0; i < m; ++i) {
        int64_t ci = i + j * ldc;
        if (c == AP_CU_F64) {
          double acc = accumulate ? ((double *)pc)[ci] : 0.0;
          for (int64_t l = 0; l < k; ++l)
            acc += get(ab, pa, transA ? l + i * lda : i + l * lda) *
                   get(ab, pb, transB ? j + l * ldb : l + j * ldb);
          ((double *)pc)[ci] = acc;
          continue;
        }
        float acc = accumulate ? (float)get(c, pc, ci) : 0.0f;
        for (int64_t l = 0; l < k; ++l)
          acc += (float)get(ab, pa, transA ? l + i * lda : i + l * lda) *
                 (float)get(ab, pb, transB ? j + l * ldb : l + j * ldb);
        if (c == AP_CU_BF16)
          ((uint16_t *)pc)[ci] = apF32ToBf16(acc);
        else
          ((float *)pc)[ci] = acc;
      }
  }
}

/* --- The device layer (ApCuDevice.h) ------------------------------------- */

void apcuDevCopy(apCuNd dst, apCuNd src, int64_t e) {
  int64_t n = apcuNdCount(&dst), idx[AP_CU_ND] = {0};
  for (int64_t k = 0; k < n; ++k) {
    int64_t od = 0, os = 0;
    for (int i = 0; i < dst.rank; ++i) {
      od += idx[i] * dst.stride[i];
      os += idx[i] * src.stride[i];
    }
    memcpy(dst.ptr + od * e, src.ptr + os * e, (size_t)e);
    for (int i = dst.rank - 1; i >= 0; --i) {
      if (++idx[i] < dst.size[i])
        break;
      idx[i] = 0;
    }
  }
}

void *apcuDevScratch(size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p)
    apcuDie("ap-cuda (emulated): out of memory for %zu bytes", bytes);
  return p;
}

void apcuDevRelease(void *dev) { free(dev); }
double apcuSeconds(void) { return MPI_Wtime(); }
void apcuDevRead(void *host, const void *dev, size_t bytes) { memcpy(host, dev, bytes); }
void apcuDevWrite(void *dev, const void *host, size_t bytes) { memcpy(dev, host, bytes); }

/* Collectives go through MPI, as AP_CU_COLLECTIVES=mpi does on GPUs. */
const apCuTransport *apcuTransport(void) { return &apcuMpiTransport; }
