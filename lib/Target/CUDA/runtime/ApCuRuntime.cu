/* The GPU runtime of emitted programs: one process per GPU (the node-local
 * rank picks it), all device work on one stream, contractions through
 * cuBLAS, device memory allocated once (arenas, globals) plus
 * stream-ordered scratch for the collectives, and the collectives' device
 * layer (ApCuDevice.h): strided copies as a kernel, NCCL communicators per
 * group (the unique id sent by MPI) and one-way NCCL links for stage
 * transfers, each on a stream of its own so that a send never holds the
 * compute stream. AP_CU_COLLECTIVES=mpi takes the MPI transport instead
 * (host copies; several ranks may share a GPU), AP_CU_SYNC=1 waits for and
 * checks every launch, AP_CU_TF32=1 lets f32 contractions use TF32. */
#include "ApCuDevice.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <nccl.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cudaStream_t stream;
static cublasHandle_t blas;
static int syncLaunches, tf32;
static const apCuTransport *transport;

static void cudaCheck(cudaError_t e, const char *what) {
  if (e != cudaSuccess)
    apcuDie("ap-cuda: %s: %s", what, cudaGetErrorString(e));
}
#define CUDA(call) cudaCheck((call), #call)

static void blasCheck(cublasStatus_t s, const char *what) {
  if (s != CUBLAS_STATUS_SUCCESS)
    apcuDie("ap-cuda: %s: %s", what, cublasGetStatusString(s));
}

static void ncclCheck(ncclResult_t r, const char *what) {
  if (r != ncclSuccess)
    apcuDie("ap-cuda: %s: %s", what, ncclGetErrorString(r));
}
#define NCCL(call) ncclCheck((call), #call)

static int envIs(const char *name, const char *value) {
  const char *v = getenv(name);
  return v && !strcmp(v, value);
}

extern "C" cudaStream_t apcuStream(void) { return stream; }

/* --- Memory and launches -------------------------------------------------- */

void *apcuAlloc(size_t bytes) {
  void *p = NULL;
  CUDA(cudaMalloc(&p, bytes ? bytes : 1));
  CUDA(cudaMemsetAsync(p, 0, bytes ? bytes : 1, stream));
  apcuKeep(p);
  return p;
}

static void freeDevice(void *p) { CUDA(cudaFree(p)); }

/* Stream-ordered and waited for: the host buffer may go right after. */
void apcuUpload(void *dev, const void *host, size_t bytes) { apcuDevWrite(dev, host, bytes); }
void apcuDownload(void *host, const void *dev, size_t bytes) { apcuDevRead(host, dev, bytes); }

void apcuLaunched(const char *kernel) {
  cudaError_t e = cudaGetLastError();
  if (e == cudaSuccess && syncLaunches)
    e = cudaStreamSynchronize(stream);
  if (e != cudaSuccess)
    apcuDie("ap-cuda: kernel %s: %s", kernel, cudaGetErrorString(e));
  if (apcuTracing())
    fprintf(stderr, "ap-cuda: launch %s\n", kernel);
}

void *apcuDevScratch(size_t bytes) {
  void *p = NULL;
  CUDA(cudaMallocAsync(&p, bytes ? bytes : 1, stream));
  return p;
}

void apcuDevRelease(void *dev) { CUDA(cudaFreeAsync(dev, stream)); }

double apcuSeconds(void) {
  CUDA(cudaStreamSynchronize(stream));
  return MPI_Wtime();
}

void apcuDevRead(void *host, const void *dev, size_t bytes) {
  CUDA(cudaMemcpyAsync(host, dev, bytes, cudaMemcpyDeviceToHost, stream));
  CUDA(cudaStreamSynchronize(stream));
}

void apcuDevWrite(void *dev, const void *host, size_t bytes) {
  CUDA(cudaMemcpyAsync(dev, host, bytes, cudaMemcpyHostToDevice, stream));
  CUDA(cudaStreamSynchronize(stream));
}

/* dst[i] = src[i]: one thread per element of dst's shape (last dim
 * fastest), moving words of the element's size. */
template <typename W> __global__ void copyKernel(apCuNd dst, apCuNd src, int64_t n) {
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (int64_t)gridDim.x * blockDim.x) {
    int64_t r = i, od = 0, os = 0;
    for (int d = dst.rank - 1; d >= 0; --d) {
      int64_t x = r % dst.size[d];
      r /= dst.size[d];
      od += x * dst.stride[d];
      os += x * src.stride[d];
    }
    ((W *)dst.ptr)[od] = ((const W *)src.ptr)[os];
  }
}

void apcuDevCopy(apCuNd dst, apCuNd src, int64_t e) {
  int64_t n = apcuNdCount(&dst);
  if (n == 0)
    return;
  if (apcuNdIsDense(&dst) && apcuNdIsDense(&src)) {
    CUDA(cudaMemcpyAsync(dst.ptr, src.ptr, (size_t)(n * e), cudaMemcpyDeviceToDevice, stream));
    return;
  }
  unsigned blocks = (unsigned)((n + 255) / 256 < (1 << 20) ? (n + 255) / 256 : (1 << 20));
  switch (e) {
  case 1: copyKernel<uint8_t><<<blocks, 256, 0, stream>>>(dst, src, n); break;
  case 2: copyKernel<uint16_t><<<blocks, 256, 0, stream>>>(dst, src, n); break;
  case 4: copyKernel<uint32_t><<<blocks, 256, 0, stream>>>(dst, src, n); break;
  case 8: copyKernel<uint64_t><<<blocks, 256, 0, stream>>>(dst, src, n); break;
  default: apcuDie("ap-cuda: copy of %lld-byte elements", (long long)e);
  }
  apcuLaunched("apcuDevCopy");
}

/* --- cuBLAS --------------------------------------------------------------- */

static cudaDataType_t blasType(apCuType t) {
  switch (t) {
  case AP_CU_F64: return CUDA_R_64F;
  case AP_CU_BF16: return CUDA_R_16BF;
  default: return CUDA_R_32F;
  }
}

static int asInt(int64_t x, const char *what) {
  if (x < 0 || x > INT_MAX)
    apcuDie("ap-cuda: gemm %s %lld beyond cuBLAS's int", what, (long long)x);
  return (int)x;
}

void apcuGemm(apCuType ab, apCuType c, int accumulate, int transA, int transB, int64_t m, int64_t n,
              int64_t k, const void *a, int64_t lda, int64_t strideA, const void *b, int64_t ldb,
              int64_t strideB, void *c_, int64_t ldc, int64_t strideC, int64_t batch) {
  if (m == 0 || n == 0 || k == 0 || batch == 0)
    return;
  int f64 = ab == AP_CU_F64;
  cublasComputeType_t ct = f64                         ? CUBLAS_COMPUTE_64F
                           : (ab == AP_CU_F32 && tf32) ? CUBLAS_COMPUTE_32F_FAST_TF32
                                                       : CUBLAS_COMPUTE_32F;
  const float one = 1.0f, zero = 0.0f;
  const double oneD = 1.0, zeroD = 0.0;
  const void *alpha = f64 ? (const void *)&oneD : (const void *)&one;
  const void *beta = accumulate ? alpha : f64 ? (const void *)&zeroD : (const void *)&zero;
  blasCheck(cublasGemmStridedBatchedEx(
                blas, transA ? CUBLAS_OP_T : CUBLAS_OP_N, transB ? CUBLAS_OP_T : CUBLAS_OP_N,
                asInt(m, "m"), asInt(n, "n"), asInt(k, "k"), alpha, a, blasType(ab),
                asInt(lda, "lda"), strideA, b, blasType(ab), asInt(ldb, "ldb"), strideB, beta, c_,
                blasType(c), asInt(ldc, "ldc"), strideC, asInt(batch, "batch"), ct,
                CUBLAS_GEMM_DEFAULT),
            "cublasGemmStridedBatchedEx");
}

/* --- NCCL ----------------------------------------------------------------- */

static ncclDataType_t ncclType(apCuType t) {
  switch (t) {
  case AP_CU_F32: return ncclFloat32;
  case AP_CU_F64: return ncclFloat64;
  case AP_CU_BF16: return ncclBfloat16;
  case AP_CU_I32: return ncclInt32;
  case AP_CU_I64: return ncclInt64;
  default: return ncclInt8;
  }
}

static ncclRedOp_t ncclOp(int64_t kind, apCuType t) {
  int isFloat = t == AP_CU_F32 || t == AP_CU_F64 || t == AP_CU_BF16;
  switch (kind) {
  case 1: return ncclSum;
  case 2: return ncclMax;
  case 3: return ncclMin;
  case 4: return ncclProd;
  case 5:
    if (isFloat)
      return ncclAvg;
    break;
  }
  apcuDie("ap-cuda: reduction kind %lld has no NCCL form for this element type (try "
          "AP_CU_COLLECTIVES=mpi)",
          (long long)kind);
  return ncclSum;
}

typedef struct {
  ncclComm_t comm;
  int size;
} apCuNcclGroup;

static void *ncclMakeGroup(MPI_Comm comm, int index, int size) {
  ncclUniqueId id;
  if (index == 0)
    NCCL(ncclGetUniqueId(&id));
  MPI_Bcast(&id, sizeof id, MPI_BYTE, 0, comm);
  apCuNcclGroup *g = (apCuNcclGroup *)malloc(sizeof *g);
  if (!g)
    apcuDie("ap-cuda: out of host memory");
  g->size = size;
  NCCL(ncclCommInitRank(&g->comm, size, id, index));
  return g;
}

static void ncclFreeGroup(void *group) {
  apCuNcclGroup *g = (apCuNcclGroup *)group;
  NCCL(ncclCommDestroy(g->comm));
  free(g);
}

static ncclComm_t commOf(void *group) { return ((apCuNcclGroup *)group)->comm; }

static void ncclAllReduceDev(void *g, const void *send, void *recv, int64_t count, apCuType t,
                             int64_t kind) {
  NCCL(ncclAllReduce(send, recv, (size_t)count, ncclType(t), ncclOp(kind, t), commOf(g), stream));
}

static void ncclAllGatherDev(void *g, const void *send, void *recv, int64_t bytes) {
  NCCL(ncclAllGather(send, recv, (size_t)bytes, ncclUint8, commOf(g), stream));
}

static void ncclReduceScatterDev(void *g, const void *send, void *recv, int64_t count, apCuType t,
                                 int64_t kind) {
  NCCL(ncclReduceScatter(send, recv, (size_t)count, ncclType(t), ncclOp(kind, t), commOf(g),
                         stream));
}

/* All-to-all as grouped sends and receives. */
static void ncclAllToAllDev(void *g, const void *send, void *recv, int64_t bytes) {
  int size = ((apCuNcclGroup *)g)->size;
  NCCL(ncclGroupStart());
  for (int p = 0; p < size; ++p) {
    NCCL(ncclSend((const char *)send + p * bytes, (size_t)bytes, ncclUint8, p, commOf(g), stream));
    NCCL(ncclRecv((char *)recv + p * bytes, (size_t)bytes, ncclUint8, p, commOf(g), stream));
  }
  NCCL(ncclGroupEnd());
}

static void ncclBroadcastDev(void *g, void *buf, int64_t bytes, int root) {
  NCCL(ncclBroadcast(buf, buf, (size_t)bytes, ncclUint8, root, commOf(g), stream));
}

static void ncclSendDev(void *g, const void *buf, int64_t bytes, int peer) {
  NCCL(ncclSend(buf, (size_t)bytes, ncclUint8, peer, commOf(g), stream));
}

static void ncclRecvDev(void *g, void *buf, int64_t bytes, int peer) {
  NCCL(ncclRecv(buf, (size_t)bytes, ncclUint8, peer, commOf(g), stream));
}

/* A one-way link: a two-rank communicator (the sender is rank 0) and a
 * stream of its own at each end. */
typedef struct {
  int peer;
  ncclComm_t comm;
  cudaStream_t stream;
} apCuLink;

static apCuLink *outLinks, *inLinks;
static int numOut, numIn;

/* Every rank walks the same sorted pairs, so the two ends of each link
 * meet: ids go by MPI first, then all of this rank's links are made in one
 * NCCL group. */
static void ncclLinks(const int *fromTo, int numPairs) {
  int me;
  MPI_Comm_rank(MPI_COMM_WORLD, &me);
  MPI_Comm ids;
  MPI_Comm_dup(MPI_COMM_WORLD, &ids);
  int mine = 0;
  for (int i = 0; i < numPairs; ++i)
    mine += fromTo[2 * i] == me || fromTo[2 * i + 1] == me;
  ncclUniqueId *id = (ncclUniqueId *)calloc((size_t)mine + 1, sizeof *id);
  MPI_Request *req = (MPI_Request *)calloc((size_t)mine + 1, sizeof *req);
  int *isOut = (int *)calloc((size_t)mine + 1, sizeof *isOut),
      *peer = (int *)calloc((size_t)mine + 1, sizeof *peer);
  outLinks = (apCuLink *)calloc((size_t)mine + 1, sizeof *outLinks);
  inLinks = (apCuLink *)calloc((size_t)mine + 1, sizeof *inLinks);
  if (!id || !req || !isOut || !peer || !outLinks || !inLinks)
    apcuDie("ap-cuda: out of host memory");
  int k = 0;
  for (int i = 0; i < numPairs; ++i) {
    int from = fromTo[2 * i], to = fromTo[2 * i + 1];
    if (from != me && to != me)
      continue;
    isOut[k] = from == me;
    peer[k] = isOut[k] ? to : from;
    if (isOut[k]) {
      NCCL(ncclGetUniqueId(&id[k]));
      MPI_Isend(&id[k], sizeof id[k], MPI_BYTE, to, 0, ids, &req[k]);
    } else {
      MPI_Irecv(&id[k], sizeof id[k], MPI_BYTE, from, 0, ids, &req[k]);
    }
    ++k;
  }
  MPI_Waitall(mine, req, MPI_STATUSES_IGNORE);
  MPI_Comm_free(&ids);
  NCCL(ncclGroupStart());
  for (k = 0; k < mine; ++k) {
    apCuLink *l = isOut[k] ? &outLinks[numOut++] : &inLinks[numIn++];
    l->peer = peer[k];
    NCCL(ncclCommInitRank(&l->comm, 2, id[k], isOut[k] ? 0 : 1));
  }
  NCCL(ncclGroupEnd());
  for (k = 0; k < numOut; ++k)
    CUDA(cudaStreamCreateWithFlags(&outLinks[k].stream, cudaStreamNonBlocking));
  for (k = 0; k < numIn; ++k)
    CUDA(cudaStreamCreateWithFlags(&inLinks[k].stream, cudaStreamNonBlocking));
  free(id);
  free(req);
  free(isOut);
  free(peer);
}

static apCuLink *linkTo(apCuLink *links, int n, int peer, const char *dir) {
  for (int i = 0; i < n; ++i)
    if (links[i].peer == peer)
      return &links[i];
  apcuDie("ap-cuda: stage transfer %s rank %d on no declared link", dir, peer);
  return NULL;
}

/* `after` waits for what `before` has queued so far. */
static void order(cudaStream_t before, cudaStream_t after) {
  cudaEvent_t ev;
  CUDA(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming));
  CUDA(cudaEventRecord(ev, before));
  CUDA(cudaStreamWaitEvent(after, ev, 0));
  CUDA(cudaEventDestroy(ev));
}

static void ncclLinkSend(int to, void *scratch, int64_t bytes) {
  apCuLink *l = linkTo(outLinks, numOut, to, "to");
  order(stream, l->stream);
  NCCL(ncclSend(scratch, (size_t)bytes, ncclUint8, 1, l->comm, l->stream));
  CUDA(cudaFreeAsync(scratch, l->stream));
}

typedef struct {
  void *scratch;
  cudaEvent_t done;
} apCuTicket;

static void *ncclLinkRecv(int from, int64_t bytes) {
  apCuLink *l = linkTo(inLinks, numIn, from, "from");
  apCuTicket *t = (apCuTicket *)malloc(sizeof *t);
  if (!t)
    apcuDie("ap-cuda: out of host memory");
  CUDA(cudaMallocAsync(&t->scratch, bytes ? (size_t)bytes : 1, l->stream));
  NCCL(ncclRecv(t->scratch, (size_t)bytes, ncclUint8, 0, l->comm, l->stream));
  CUDA(cudaEventCreateWithFlags(&t->done, cudaEventDisableTiming));
  CUDA(cudaEventRecord(t->done, l->stream));
  return t;
}

static void *ncclLinkTake(void *ticket) {
  apCuTicket *t = (apCuTicket *)ticket;
  CUDA(cudaStreamWaitEvent(stream, t->done, 0));
  CUDA(cudaEventDestroy(t->done));
  void *scratch = t->scratch;
  free(t);
  return scratch;
}

static void ncclLinksFinalize(void) {
  apCuLink *all[2] = {outLinks, inLinks};
  int counts[2] = {numOut, numIn};
  for (int s = 0; s < 2; ++s)
    for (int i = 0; i < counts[s]; ++i) {
      CUDA(cudaStreamSynchronize(all[s][i].stream));
      NCCL(ncclCommDestroy(all[s][i].comm));
      CUDA(cudaStreamDestroy(all[s][i].stream));
    }
  free(outLinks);
  free(inLinks);
  outLinks = inLinks = NULL;
  numOut = numIn = 0;
}

static const apCuTransport ncclTransport = {
    "nccl",           ncclMakeGroup,        ncclFreeGroup,    ncclAllReduceDev,
    ncclAllGatherDev, ncclReduceScatterDev, ncclAllToAllDev,  ncclBroadcastDev,
    ncclSendDev,      ncclRecvDev,          ncclLinks,        ncclLinkSend,
    ncclLinkRecv,     ncclLinkTake,         ncclLinksFinalize};

const apCuTransport *apcuTransport(void) { return transport; }

/* --- Lifetime ------------------------------------------------------------- */

void apcuInit(int *argc, char ***argv) {
  apRtInit(argc, argv);
  apcuCommInit();
  const char *c = getenv("AP_CU_COLLECTIVES");
  if (c && strcmp(c, "nccl") && strcmp(c, "mpi"))
    apcuDie("AP_CU_COLLECTIVES=%s: expected nccl or mpi", c);
  int useMpi = c && !strcmp(c, "mpi");
  transport = useMpi ? &apcuMpiTransport : &ncclTransport;
  syncLaunches = envIs("AP_CU_SYNC", "1");
  tf32 = envIs("AP_CU_TF32", "1");
  /* This process's GPU: its rank among the node's processes. */
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int local, locals, devices = 0;
  MPI_Comm_rank(node, &local);
  MPI_Comm_size(node, &locals);
  MPI_Comm_free(&node);
  CUDA(cudaGetDeviceCount(&devices));
  if (devices == 0)
    apcuDie("ap-cuda: no CUDA device");
  if (!useMpi && locals > devices)
    apcuDie("ap-cuda: %d ranks on this node and %d GPUs: NCCL wants a GPU per rank "
            "(AP_CU_COLLECTIVES=mpi lets ranks share one)",
            locals, devices);
  int dev = local % devices;
  CUDA(cudaSetDevice(dev));
  CUDA(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  /* Scratch returns to the pool, not to the driver, between steps. */
  cudaMemPool_t pool;
  uint64_t keep = UINT64_MAX;
  CUDA(cudaDeviceGetDefaultMemPool(&pool, dev));
  CUDA(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
  blasCheck(cublasCreate(&blas), "cublasCreate");
  blasCheck(cublasSetStream(blas, stream), "cublasSetStream");
}

void apcuFinalize(void) {
  CUDA(cudaStreamSynchronize(stream));
  apcuCommFinalize();
  CUDA(cudaDeviceSynchronize());
  apcuReleaseKept(freeDevice);
  blasCheck(cublasDestroy(blas), "cublasDestroy");
  CUDA(cudaStreamDestroy(stream));
  apRtFinalize();
}
