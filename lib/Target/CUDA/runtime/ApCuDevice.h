/* Inside the runtime: what a device layer gives the collectives
 * (ApCuComm.c), implemented for GPUs (ApCuRuntime.cu) and for the CPU
 * emulation (ApCuEmu.c).
 *
 * All device work is ordered on one compute stream; host calls that read
 * device memory wait for it. A collective moves dense device buffers
 * through a transport: NCCL on GPUs, or MPI through host memory (the
 * emulation, and GPUs with AP_CU_COLLECTIVES=mpi). Both speak the same
 * interface so that the layout work around them (ApCuComm.c) is one code,
 * run in CI by the emulation. */
#ifndef AP_CU_DEVICE_H
#define AP_CU_DEVICE_H

#include "ApCuda.h"
#include "ApRt.h"

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A view with one dim more than tensors have: the collectives split a dim
 * in two to address members' chunks. */
enum { AP_CU_ND = AP_CU_MAX_RANK + 1 };
typedef struct {
  char *ptr;
  int rank;
  int64_t size[AP_CU_ND];
  int64_t stride[AP_CU_ND];
} apCuNd;

/* Elements; whether row-major contiguous (an extent-1 dim's stride is
 * free). */
int64_t apcuNdCount(const apCuNd *v);
int apcuNdIsDense(const apCuNd *v);
/* dst[i] = src[i] for every index of their (equal) shape. */
void apcuDevCopy(apCuNd dst, apCuNd src, int64_t elemBytes);
/* AP_CU_TRACE=1 (rank 0): each launch and cuBLAS call on stderr, so tests
 * can see which path an op took. */
int apcuTracing(void);
/* What apcuAlloc hands out lives until apcuFinalize: kept here, then
 * given back through `release`. */
void apcuKeep(void *dev);
void apcuReleaseKept(void (*release)(void *dev));
/* Scratch device memory, ordered on the compute stream. */
void *apcuDevScratch(size_t bytes);
void apcuDevRelease(void *dev);
/* Host <-> device, after the work queued so far. */
void apcuDevRead(void *host, const void *dev, size_t bytes);
void apcuDevWrite(void *dev, const void *host, size_t bytes);

/* A transport for dense device buffers. `group` is what makeGroup made for
 * a communicator (members in group order); counts are elements, `bytes`
 * are per member; kind is shard's reduction (1 sum, 2 max, 3 min, 4 prod,
 * 5 avg, 6-8 bitwise). Stage links are one-way channels between two world
 * ranks, all declared up front (links); linkSend takes ownership of a
 * scratch buffer, linkRecv returns a ticket whose scratch linkTake hands
 * over once the data may be read in compute-stream order. */
typedef struct {
  const char *name;
  void *(*makeGroup)(MPI_Comm comm, int index, int size);
  void (*freeGroup)(void *group);
  void (*allReduce)(void *group, const void *send, void *recv, int64_t count, apCuType t,
                    int64_t kind);
  void (*allGather)(void *group, const void *send, void *recv, int64_t bytes);
  void (*reduceScatter)(void *group, const void *send, void *recv, int64_t count, apCuType t,
                        int64_t kind);
  void (*allToAll)(void *group, const void *send, void *recv, int64_t bytes);
  void (*broadcast)(void *group, void *buf, int64_t bytes, int root);
  void (*send)(void *group, const void *buf, int64_t bytes, int peer);
  void (*recv)(void *group, void *buf, int64_t bytes, int peer);
  void (*links)(const int *fromTo, int numPairs);
  void (*linkSend)(int to, void *scratch, int64_t bytes);
  void *(*linkRecv)(int from, int64_t bytes);
  void *(*linkTake)(void *ticket);
  void (*finalize)(void);
} apCuTransport;

/* MPI through host memory (ApCuComm.c). */
extern const apCuTransport apcuMpiTransport;
/* The device layer's choice, made by apcuInit. */
const apCuTransport *apcuTransport(void);
/* apcuInit calls apcuCommInit once MPI is up; apcuFinalize calls
 * apcuCommFinalize while the device still is (it drains the links and
 * frees the groups; apRtFinalize waits for the MPI sends). */
void apcuCommInit(void);
void apcuCommFinalize(void);

#define apcuDie apRtDie

#ifdef __cplusplus
}
#endif

#endif
