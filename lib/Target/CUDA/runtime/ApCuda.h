/* The interface between code that --lower-to-cuda emits and its runtime.
 *
 * Every memref is an apCuView: a pointer to element [0, ..., 0] of the view
 * (device memory) with sizes and strides in elements, and its rank. One
 * program runs on every rank (one GPU each); the runtime brings up MPI
 * (process ranks, the NCCL unique id), picks the GPU, and implements
 * contractions (cuBLAS), collectives and stage transfers (NCCL, or MPI
 * through host copies with AP_CU_COLLECTIVES=mpi, which lets several ranks
 * share one GPU): ApCuComm.c over a device layer (ApCuDevice.h) that
 * ApCuRuntime.cu implements for GPUs.
 *
 * Built with AP_CUDA_EMULATE (any C++ compiler, ApCuEmu.c), "device" memory
 * is host memory, a launch runs its threads one after another and
 * collectives take the MPI transport: the emitted program runs, and is
 * checked, where there is no GPU. */
#ifndef AP_CUDA_H
#define AP_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { AP_CU_MAX_RANK = 8 };

typedef struct {
  char *ptr;
  int64_t size[AP_CU_MAX_RANK];
  int64_t stride[AP_CU_MAX_RANK];
  int64_t rank; /* for code that sees an unranked memref */
} apCuView;

/* Same order as the CPU runtime's apRtType. */
typedef enum { AP_CU_F32, AP_CU_F64, AP_CU_BF16, AP_CU_I32, AP_CU_I64, AP_CU_I8 } apCuType;

typedef enum {
  AP_CU_ALL_REDUCE,
  AP_CU_ALL_GATHER,
  AP_CU_ALL_SLICE,
  AP_CU_ALL_TO_ALL,
  AP_CU_REDUCE_SCATTER,
  AP_CU_BROADCAST,
  AP_CU_SEND,
  AP_CU_RECV
} apCuCollective;

void apcuInit(int *argc, char ***argv);
void apcuFinalize(void);
/* Zeroed device memory that lives until apcuFinalize (arenas, globals). */
void *apcuAlloc(size_t bytes);
void apcuUpload(void *dev, const void *host, size_t bytes);
/* Host code's scalar loads and stores (each waits for the device). */
void apcuDownload(void *host, const void *dev, size_t bytes);
/* Checks the launch just made (and, with AP_CU_SYNC=1, waits for it). */
void apcuLaunched(const char *kernel);

/* C += op(A) op(B) (C = op(A) op(B) unless accumulate, C not read) in
 * cuBLAS's column-major convention, batch times with the given element
 * strides between batches; A and B of type ab, C of type c, accumulation in
 * f32 (f64 for f64). */
void apcuGemm(apCuType ab, apCuType c, int accumulate, int transA, int transB, int64_t m, int64_t n,
              int64_t k, const void *a, int64_t lda, int64_t strideA, const void *b, int64_t ldb,
              int64_t strideB, void *c_, int64_t ldc, int64_t strideC, int64_t batch);

/* A contraction over views (ApCuCommon.c): C (+)= A B summed over the K
 * loops, for every batch, M and N loop; loop l has role[l] (AP_CU_BATCH:
 * in A, B and C; M: A and C; N: B and C; K: A and B) and extent ext[l] and
 * is dim da[l] of A's view (db[l] of B's, dc[l] of C's), -1 where absent.
 * The loops of a role that lie in memory as one dim merge into one of
 * cuBLAS's (batch into its strided batch); the others are looped here.
 * Calls apcuGemm and returns 1, or returns 0 when no unit stride makes the
 * layout a cuBLAS one (the caller then runs the op's own kernel). */
enum { AP_CU_BATCH, AP_CU_M, AP_CU_N, AP_CU_K };
int apcuTryGemm(apCuType ab, apCuType c, int accumulate, int numLoops, const int *role,
                const int64_t *ext, apCuView a, const int *da, apCuView b, const int *db,
                apCuView cv, const int *dc);
int64_t apcuTypeBytes(apCuType t);
/* Timing for the main() of modules without a harness: AP_CU_ITERS (10),
 * seconds once the device is done, the slowest rank's time per call on
 * stdout (rank 0). */
int apcuBenchIterations(void);
double apcuSeconds(void);
void apcuBenchReport(const char *what, int iters, double seconds);
/* The MLIR memref descriptor of a rank-`rank` view of host memory, as the
 * CPU runtime reads it: {allocated, aligned, offset, sizes, strides}. */
typedef struct {
  void *ptrs[2];
  int64_t ints[1 + 2 * AP_CU_MAX_RANK];
} apCuMlirDesc;
void apcuMlirDesc(apCuMlirDesc *d, void *host, int rank, const int64_t *size,
                  const int64_t *stride);

/* The collectives of --ap-shard-to-runtime; desc is its descriptor (host
 * memory, descLen entries), as for the CPU runtime's ap_rt_<op>_<type>. */
void apcuCollective(apCuCollective op, apCuType t, int inRank, apCuView in, int outRank,
                    apCuView out, const int64_t *desc, int64_t descLen);
/* Stage transfers. apcuStageLinks, once before any: the descriptors of
 * every transfer in the program (isSend[i]: of a send), from which each
 * rank knows the links between ranks it will use. */
void apcuStageLinks(int n, const int64_t *const *descs, const int64_t *lens, const int *isSend);
void apcuStageSend(apCuType t, int rank, apCuView in, const int64_t *desc, int64_t descLen);
void apcuStageRecv(apCuType t, int rank, apCuView out, const int64_t *desc, int64_t descLen);
int64_t apcuProcessIndex(const int64_t *desc, int64_t descLen, int64_t axis);
void apcuReport(apCuType t, int rank, apCuView in, int64_t index);

#ifdef __cplusplus
}
#endif

/* What kernels are written with. */
#ifdef AP_CUDA_EMULATE
#include <math.h>
#include <string.h>
#ifdef __cplusplus
extern "C" {
#endif
extern int64_t apcuEmuThread;
#ifdef __cplusplus
}
#endif
#define AP_KERNEL static void
#define AP_DEVICE static inline
#define AP_THREAD() apcuEmuThread
#define AP_LAUNCH(kernel, n, ...)                                                                  \
  do {                                                                                             \
    int64_t n_ = (n);                                                                              \
    for (apcuEmuThread = 0; apcuEmuThread < n_; ++apcuEmuThread)                                   \
      kernel(__VA_ARGS__);                                                                         \
    apcuLaunched(#kernel);                                                                         \
  } while (0)
typedef uint16_t ap_bf16;
static inline float apBf16ToF32(ap_bf16 h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}
static inline ap_bf16 apF32ToBf16(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return (ap_bf16)((u >> 16) | 0x40);
  return (ap_bf16)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}
#elif defined(__CUDACC__)
#include <cuda_bf16.h>
#include <cuda_runtime.h>
#ifdef __cplusplus
extern "C" cudaStream_t apcuStream(void);
#endif
#define AP_KERNEL static __global__ void
#define AP_DEVICE static __host__ __device__ inline
#define AP_THREAD() ((int64_t)blockIdx.x * blockDim.x + threadIdx.x)
#define AP_LAUNCH(kernel, n, ...)                                                                  \
  do {                                                                                             \
    int64_t n_ = (n);                                                                              \
    if (n_ > 0)                                                                                    \
      kernel<<<(unsigned)((n_ + 255) / 256), 256, 0, apcuStream()>>>(__VA_ARGS__);                 \
    apcuLaunched(#kernel);                                                                         \
  } while (0)
typedef __nv_bfloat16 ap_bf16;
static __host__ __device__ inline float apBf16ToF32(ap_bf16 h) { return __bfloat162float(h); }
static __host__ __device__ inline ap_bf16 apF32ToBf16(float f) { return __float2bfloat16(f); }
#endif

/* Helpers for the code kernels are made of (C++ only). */
#if defined(__cplusplus) && (defined(AP_CUDA_EMULATE) || defined(__CUDACC__))
AP_DEVICE float apRoundBf16(float x) { return apBf16ToF32(apF32ToBf16(x)); }
/* arith.maximumf/minimumf: NaN wins, -0 < +0. */
template <typename T> AP_DEVICE T apMaximumF(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return signbit(a) ? b : a;
  return a > b ? a : b;
}
template <typename T> AP_DEVICE T apMinimumF(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return signbit(a) ? a : b;
  return a < b ? a : b;
}
/* Affine floordiv, ceildiv and mod round towards -inf. */
AP_DEVICE int64_t apFloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
AP_DEVICE int64_t apCeilDiv(int64_t a, int64_t b) { return -apFloorDiv(-a, b); }
AP_DEVICE int64_t apMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + (b < 0 ? -b : b) : r;
}
template <typename T, typename F> AP_DEVICE T apBitcast(F f) {
  T t;
  memcpy(&t, &f, sizeof t);
  return t;
}
#endif

#endif
