/* Collectives and stage transfers of emitted programs, over the device
 * layer (ApCuDevice.h): each shard collective becomes dense buffers in the
 * transport's rank-major layout, packed from and unpacked into the views by
 * strided copies (a tensor dim split in two addresses a member's chunk);
 * where a view already has that layout it is used in place. The CPU
 * runtime (ApRtMpi.c) interprets the descriptors, so both targets read them
 * alike, and supplies MPI reductions and reports.
 *
 * Stage transfers: NCCL has no tags and a send waits for its receive, so a
 * sender never sends on the compute stream. Each transfer is a header
 * {tag, bytes} by MPI (in order between two ranks) and the payload, copied
 * out, on the one-way link between the two ranks; the receiver reads
 * headers in the sender's order, posts the payloads' receives in that
 * order and keeps those that arrive before they are wanted. */
#include "ApCuDevice.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* --- Views ---------------------------------------------------------------- */

static apCuNd ndOf(apCuView v, int rank) {
  apCuNd n;
  memset(&n, 0, sizeof n);
  if (rank < 0 || rank > AP_CU_MAX_RANK)
    apcuDie("ap-cuda: tensor of rank %d unsupported", rank);
  n.ptr = v.ptr;
  n.rank = rank;
  for (int i = 0; i < rank; ++i) {
    n.size[i] = v.size[i];
    n.stride[i] = v.stride[i];
  }
  return n;
}

static apCuNd dense(void *ptr, int rank, const int64_t *size) {
  apCuNd n;
  memset(&n, 0, sizeof n);
  n.ptr = ptr;
  n.rank = rank;
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; --i) {
    n.size[i] = size[i];
    n.stride[i] = s;
    s *= size[i];
  }
  return n;
}

int64_t apcuNdCount(const apCuNd *v) {
  int64_t n = 1;
  for (int i = 0; i < v->rank; ++i)
    n *= v->size[i];
  return n;
}

int apcuNdIsDense(const apCuNd *v) {
  int64_t s = 1;
  for (int i = v->rank - 1; i >= 0; --i) {
    if (v->size[i] != 1 && v->stride[i] != s)
      return 0;
    s *= v->size[i];
  }
  return 1;
}

/* Dim `axis` as (parts, size / parts), the parts dim at `axis`. */
static apCuNd split(apCuNd v, int axis, int64_t parts) {
  apCuNd r = v;
  r.rank = v.rank + 1;
  for (int i = v.rank; i > axis + 1; --i) {
    r.size[i] = v.size[i - 1];
    r.stride[i] = v.stride[i - 1];
  }
  r.size[axis] = parts;
  r.stride[axis] = v.stride[axis] * (v.size[axis] / parts);
  r.size[axis + 1] = v.size[axis] / parts;
  r.stride[axis + 1] = v.stride[axis];
  return r;
}

static apCuNd moveDim(apCuNd v, int from, int to) {
  int64_t size = v.size[from], stride = v.stride[from];
  for (int i = from; i + 1 < v.rank; ++i) {
    v.size[i] = v.size[i + 1];
    v.stride[i] = v.stride[i + 1];
  }
  for (int i = v.rank - 1; i > to; --i) {
    v.size[i] = v.size[i - 1];
    v.stride[i] = v.stride[i - 1];
  }
  v.size[to] = size;
  v.stride[to] = stride;
  return v;
}

/* Index j of dim `axis`, the dim dropped. */
static apCuNd pick(apCuNd v, int axis, int64_t j, int64_t elemBytes) {
  v.ptr += j * v.stride[axis] * elemBytes;
  for (int i = axis; i + 1 < v.rank; ++i) {
    v.size[i] = v.size[i + 1];
    v.stride[i] = v.stride[i + 1];
  }
  v.rank--;
  return v;
}

static void copy(apCuNd dst, apCuNd src, int64_t e, const char *op) {
  if (dst.rank != src.rank)
    apcuDie("ap-cuda: %s: result of rank %d for a rank-%d layout", op, dst.rank, src.rank);
  for (int i = 0; i < dst.rank; ++i)
    if (dst.size[i] != src.size[i])
      apcuDie("ap-cuda: %s: result dim %d has size %lld, expected %lld", op, i,
              (long long)dst.size[i], (long long)src.size[i]);
  if (dst.ptr == src.ptr && !memcmp(dst.stride, src.stride, sizeof dst.stride[0] * dst.rank))
    return;
  apcuDevCopy(dst, src, e);
}

/* The view as a dense buffer: itself when it is one, else a packed copy
 * (*scratch, to release). */
static char *packed(apCuNd v, int64_t e, void **scratch) {
  *scratch = NULL;
  if (apcuNdIsDense(&v))
    return v.ptr;
  *scratch = apcuDevScratch((size_t)(apcuNdCount(&v) * e));
  copy(dense(*scratch, v.rank, v.size), v, e, "pack");
  return *scratch;
}

/* Where a dense result of `count` elements lands: `out` itself when it is
 * dense and the layout is the identity, else scratch. */
static char *landing(const apCuNd *out, int identity, int64_t count, int64_t e, void **scratch) {
  *scratch = NULL;
  if (identity && apcuNdIsDense(out))
    return out->ptr;
  *scratch = apcuDevScratch((size_t)(count * e));
  return *scratch;
}

static void release(void *scratch) {
  if (scratch)
    apcuDevRelease(scratch);
}

/* --- Groups --------------------------------------------------------------- */

typedef struct {
  MPI_Comm comm;
  int index, size;
  void *group; /* the transport's */
} apCuGroup;

enum { AP_CU_MAX_GROUPS = 64 };
static apCuGroup groups[AP_CU_MAX_GROUPS];
static int numGroups;

static void hostDesc(apCuMlirDesc *d, const int64_t *desc, int64_t len) {
  int64_t one = 1;
  apcuMlirDesc(d, (void *)desc, 1, &len, &one);
}

/* The transport's group of communicator comm, made on first use. */
static apCuGroup *groupFor(MPI_Comm comm, int index, int size) {
  for (int i = 0; i < numGroups; ++i)
    if (groups[i].comm == comm)
      return &groups[i];
  if (numGroups == AP_CU_MAX_GROUPS)
    apcuDie("ap-cuda: more than %d communicators", AP_CU_MAX_GROUPS);
  apCuGroup *g = &groups[numGroups++];
  g->comm = comm;
  g->index = index;
  g->size = size;
  g->group = apcuTransport()->makeGroup(comm, g->index, g->size);
  return g;
}

/* The group of collective `op` with descriptor desc, made on first use (by
 * all its members, as they all run the op). */
static apCuGroup *groupOf(apCuCollective op, const int64_t *desc, int64_t len, int *peer) {
  apCuMlirDesc d;
  hostDesc(&d, desc, len);
  int64_t size, p;
  MPI_Comm comm;
  int64_t index = apRtGroup((int)op, 1, &d, &size, &comm, &p);
  *peer = (int)p;
  return groupFor(comm, (int)index, (int)size);
}

/* --- Collectives ---------------------------------------------------------- */

static const char *const opNames[] = {"all_reduce",     "all_gather", "all_slice", "all_to_all",
                                      "reduce_scatter", "broadcast",  "send",      "recv"};

static void checkAxis(const apCuNd *v, int64_t axis, const char *op) {
  if (axis < 0 || axis >= v->rank)
    apcuDie("ap-cuda: %s: axis %lld out of range for a rank-%d tensor", op, (long long)axis,
            v->rank);
}

static void checkCount(const apCuNd *v, int64_t want, const char *op) {
  if (apcuNdCount(v) != want)
    apcuDie("ap-cuda: %s: result has %lld elements, expected %lld", op, (long long)apcuNdCount(v),
            (long long)want);
}

static void checkParts(const apCuNd *v, int64_t axis, int64_t parts, const char *op) {
  if (v->size[axis] % parts)
    apcuDie("ap-cuda: %s: dim %lld of size %lld does not split %lld ways", op, (long long)axis,
            (long long)v->size[axis], (long long)parts);
}

void apcuCollective(apCuCollective op, apCuType t, int inRank, apCuView in, int outRank,
                    apCuView out, const int64_t *desc, int64_t descLen) {
  if ((int)op < 0 || op > AP_CU_RECV)
    apcuDie("ap-cuda: collective %d unknown", (int)op);
  const char *name = opNames[op];
  int peer;
  apCuGroup *g = groupOf(op, desc, descLen, &peer);
  const apCuTransport *T = apcuTransport();
  apCuNd vi = ndOf(in, inRank), vo = ndOf(out, outRank);
  int64_t e = apcuTypeBytes(t), n = apcuNdCount(&vi), P = g->size;
  void *s1 = NULL, *s2 = NULL;
  switch (op) {
  case AP_CU_ALL_REDUCE: {
    checkCount(&vo, n, name);
    char *send = packed(vi, e, &s1), *recv = landing(&vo, 1, n, e, &s2);
    T->allReduce(g->group, send, recv, n, t, desc[0]);
    copy(vo, dense(recv, vo.rank, vo.size), e, name);
    break;
  }
  case AP_CU_ALL_GATHER: {
    int64_t axis = desc[0];
    checkAxis(&vi, axis, name);
    checkCount(&vo, n * P, name);
    char *send = packed(vi, e, &s1), *recv = landing(&vo, axis == 0, n * P, e, &s2);
    T->allGather(g->group, send, recv, n * e);
    int64_t shape[AP_CU_ND] = {P};
    memcpy(shape + 1, vi.size, sizeof vi.size[0] * vi.rank);
    copy(split(vo, (int)axis, P), moveDim(dense(recv, vi.rank + 1, shape), 0, (int)axis), e, name);
    break;
  }
  case AP_CU_ALL_SLICE: {
    int64_t axis = desc[0];
    checkAxis(&vi, axis, name);
    checkParts(&vi, axis, P, name);
    checkCount(&vo, n / P, name);
    copy(vo, pick(split(vi, (int)axis, P), (int)axis, g->index, e), e, name);
    break;
  }
  case AP_CU_ALL_TO_ALL: {
    int64_t from = desc[0], to = desc[1];
    checkAxis(&vi, from, name);
    checkAxis(&vi, to, name);
    checkParts(&vi, from, P, name);
    checkCount(&vo, n, name);
    apCuNd parts = moveDim(split(vi, (int)from, P), (int)from, 0);
    char *send = packed(parts, e, &s1), *recv = landing(&vo, to == 0, n, e, &s2);
    T->allToAll(g->group, send, recv, n / P * e);
    checkParts(&vo, to, P, name);
    copy(split(vo, (int)to, P), moveDim(dense(recv, parts.rank, parts.size), 0, (int)to), e, name);
    break;
  }
  case AP_CU_REDUCE_SCATTER: {
    int64_t axis = desc[1];
    checkAxis(&vi, axis, name);
    checkParts(&vi, axis, P, name);
    checkCount(&vo, n / P, name);
    apCuNd parts = moveDim(split(vi, (int)axis, P), (int)axis, 0);
    char *send = packed(parts, e, &s1), *recv = landing(&vo, 1, n / P, e, &s2);
    T->reduceScatter(g->group, send, recv, n / P, t, desc[0]);
    copy(vo, dense(recv, vo.rank, vo.size), e, name);
    break;
  }
  case AP_CU_BROADCAST: {
    checkCount(&vo, n, name);
    char *buf = landing(&vo, 1, n, e, &s1);
    apCuNd b = dense(buf, vo.rank, vo.size);
    if (g->index == peer)
      copy(b, vi, e, name);
    T->broadcast(g->group, buf, n * e, peer);
    copy(vo, b, e, name);
    break;
  }
  case AP_CU_SEND: {
    checkCount(&vo, n, name);
    T->send(g->group, packed(vi, e, &s1), n * e, peer);
    copy(vo, vi, e, name);
    break;
  }
  case AP_CU_RECV: {
    checkCount(&vo, n, name);
    char *recv = landing(&vo, 1, n, e, &s1);
    T->recv(g->group, recv, n * e, peer);
    copy(vo, dense(recv, vo.rank, vo.size), e, name);
    break;
  }
  }
  release(s1);
  release(s2);
}

/* --- Stage transfers ------------------------------------------------------ */

typedef struct {
  int64_t tag, bytes;
} apCuHeader;

/* Payloads that arrived before they were wanted. */
typedef struct {
  int from;
  int64_t tag, bytes;
  void *ticket;
} apCuArrived;

static MPI_Comm headerComm = MPI_COMM_NULL, payloadComm = MPI_COMM_NULL;
static apCuArrived *arrived;
static int numArrived, capArrived;

static void *grow(void *p, int *cap, int want, size_t elem) {
  if (want <= *cap)
    return p;
  int c = *cap ? 2 * *cap : 64;
  while (c < want)
    c *= 2;
  p = realloc(p, elem * (size_t)c);
  if (!p)
    apcuDie("ap-cuda: out of memory");
  *cap = c;
  return p;
}

/* p = {tag, peer base, peer count, my index, my count, my base, the run
 * of receivers a split gathers in (0: whole)} */
static void stagePeers(const int64_t *desc, int64_t len, int send, int64_t p[7]) {
  apCuMlirDesc d;
  hostDesc(&d, desc, len);
  apRtStagePeers(1, &d, send, p);
}

/* Split transfers (see the CPU runtime) move equal shares of
 * ceil(count / run) elements, the last ones padded, so each run's
 * all-gather is the transport's. */
void apcuStageSend(apCuType t, int rank, apCuView in, const int64_t *desc, int64_t descLen) {
  int64_t p[7];
  stagePeers(desc, descLen, 1, p);
  apCuNd v = ndOf(in, rank);
  int64_t e = apcuTypeBytes(t), count = apcuNdCount(&v);
  int64_t each = p[6] ? (count + p[6] - 1) / p[6] : count;
  void *whole = NULL;
  if (p[6]) {
    whole = apcuDevScratch((size_t)(count * e));
    copy(dense(whole, v.rank, v.size), v, e, "stage send");
  }
  for (int64_t j = p[3]; j < p[2]; j += p[4]) {
    int to = (int)(p[1] + j);
    void *payload = apcuDevScratch((size_t)(each * e));
    if (p[6]) {
      int64_t first, n;
      apRtStageShare(count, p[6], j % p[6], &first, &n);
      if (n > 0)
        copy(dense(payload, 1, &n), dense((char *)whole + first * e, 1, &n), e, "stage send");
    } else {
      copy(dense(payload, v.rank, v.size), v, e, "stage send");
    }
    apCuHeader *h = malloc(sizeof *h);
    if (!h)
      apcuDie("ap-cuda: out of memory");
    *h = (apCuHeader){p[0], each * e};
    apRtIsend(h, sizeof *h, to, 0, &headerComm);
    apcuTransport()->linkSend(to, payload, each * e);
  }
  release(whole);
}

void apcuStageRecv(apCuType t, int rank, apCuView out, const int64_t *desc, int64_t descLen) {
  int64_t p[7];
  stagePeers(desc, descLen, 0, p);
  apCuNd v = ndOf(out, rank);
  int64_t e = apcuTypeBytes(t), count = apcuNdCount(&v);
  int64_t each = p[6] ? (count + p[6] - 1) / p[6] : count;
  int from = (int)(p[1] + p[3] % p[2]);
  const apCuTransport *T = apcuTransport();
  apCuArrived got = {from, -1, 0, NULL};
  for (int i = 0; i < numArrived && !got.ticket; ++i)
    if (arrived[i].from == from && arrived[i].tag == p[0]) {
      got = arrived[i];
      arrived[i] = arrived[--numArrived];
    }
  while (!got.ticket) {
    apCuHeader h;
    MPI_Recv(&h, sizeof h, MPI_BYTE, from, 0, headerComm, MPI_STATUS_IGNORE);
    apCuArrived a = {from, h.tag, h.bytes, T->linkRecv(from, h.bytes)};
    if (h.tag == p[0]) {
      got = a;
    } else {
      arrived = grow(arrived, &capArrived, numArrived + 1, sizeof *arrived);
      arrived[numArrived++] = a;
    }
  }
  void *payload = T->linkTake(got.ticket);
  if (got.bytes != each * e)
    apcuDie("ap-cuda: stage recv: %lld bytes arrived, %lld expected", (long long)got.bytes,
            (long long)(each * e));
  if (p[6]) {
    int64_t at = p[3] % p[6];
    MPI_Comm run = *(MPI_Comm *)apRtStageGroup(p[5] + p[3] - at, p[6]);
    apCuGroup *g = groupFor(run, (int)at, (int)p[6]);
    void *all = apcuDevScratch((size_t)(each * p[6] * e));
    T->allGather(g->group, payload, all, each * e);
    apcuDevRelease(payload);
    payload = all;
  }
  copy(v, dense(payload, v.rank, v.size), e, "stage recv");
  apcuDevRelease(payload);
}

/* A stage descriptor's fields: [tag, peer stage, world, stages, (first
 * rank, ranks) per stage, split]. */
static void checkStageDesc(const int64_t *d, int64_t len) {
  if (len < 5 || d[3] < 1 || len != 5 + 2 * d[3] || d[1] < 0 || d[1] >= d[3])
    apcuDie("ap-cuda: malformed stage descriptor");
}

typedef struct {
  int64_t tag;
  int desc;
} apCuTagged;

static int byTag(const void *a, const void *b) {
  const apCuTagged *x = a, *y = b;
  return x->tag < y->tag ? -1 : x->tag > y->tag ? 1 : x->desc - y->desc;
}

static int byPair(const void *a, const void *b) {
  const int *x = a, *y = b;
  return x[0] != y[0] ? x[0] - y[0] : x[1] - y[1];
}

/* The links every transfer uses: a send's peer is the receiving stage and
 * the recv of the same tag names the sending one; sender device i feeds
 * receiver devices i, i + (sender's count), .... */
void apcuStageLinks(int n, const int64_t *const *descs, const int64_t *lens, const int *isSend) {
  apCuTagged *sends = calloc((size_t)n + 1, sizeof *sends);
  apCuTagged *recvs = calloc((size_t)n + 1, sizeof *recvs);
  int numSends = 0, numRecvs = 0, numPairs = 0, capPairs = 0;
  int *pairs = NULL;
  if (!sends || !recvs)
    apcuDie("ap-cuda: out of memory");
  for (int i = 0; i < n; ++i) {
    checkStageDesc(descs[i], lens[i]);
    if (isSend[i])
      sends[numSends++] = (apCuTagged){descs[i][0], i};
    else
      recvs[numRecvs++] = (apCuTagged){descs[i][0], i};
  }
  qsort(sends, (size_t)numSends, sizeof *sends, byTag);
  qsort(recvs, (size_t)numRecvs, sizeof *recvs, byTag);
  for (int i = 0, k = 0; i < numSends; ++i) {
    while (k < numRecvs && recvs[k].tag < sends[i].tag)
      ++k;
    if (k == numRecvs || recvs[k].tag != sends[i].tag)
      continue;
    const int64_t *sd = descs[sends[i].desc], *rd = descs[recvs[k].desc];
    int64_t to = sd[1], from = rd[1];
    int64_t fBase = sd[4 + 2 * from], fCount = sd[5 + 2 * from];
    int64_t tBase = sd[4 + 2 * to], tCount = sd[5 + 2 * to];
    for (int64_t a = 0; a < fCount; ++a)
      for (int64_t b = a; b < tCount; b += fCount) {
        pairs = grow(pairs, &capPairs, 2 * (numPairs + 1), sizeof *pairs);
        pairs[2 * numPairs] = (int)(fBase + a);
        pairs[2 * numPairs + 1] = (int)(tBase + b);
        ++numPairs;
      }
  }
  qsort(pairs, (size_t)numPairs, 2 * sizeof *pairs, byPair);
  int unique = 0;
  for (int i = 0; i < numPairs; ++i)
    if (!unique || byPair(&pairs[2 * i], &pairs[2 * (unique - 1)])) {
      pairs[2 * unique] = pairs[2 * i];
      pairs[2 * unique + 1] = pairs[2 * i + 1];
      ++unique;
    }
  apcuTransport()->links(pairs, unique);
  free(pairs);
  free(sends);
  free(recvs);
}

/* --- Queries and reports -------------------------------------------------- */

int64_t apcuProcessIndex(const int64_t *desc, int64_t descLen, int64_t axis) {
  apCuMlirDesc d;
  hostDesc(&d, desc, descLen);
  return apRtProcessIndex(1, &d, axis);
}

void apcuReport(apCuType t, int rank, apCuView in, int64_t index) {
  apCuNd v = ndOf(in, rank);
  int64_t e = apcuTypeBytes(t), bytes = apcuNdCount(&v) * e;
  void *scratch;
  char *flat = packed(v, e, &scratch);
  char *host = malloc((size_t)bytes + 1);
  if (!host)
    apcuDie("ap-cuda: out of memory");
  apcuDevRead(host, flat, (size_t)bytes);
  release(scratch);
  apCuNd h = dense(host, v.rank, v.size);
  apCuMlirDesc d;
  apcuMlirDesc(&d, host, rank, h.size, h.stride);
  apRtReport((apRtType)t, rank, &d, index);
  free(host);
}

/* --- Lifetime ------------------------------------------------------------- */

void apcuCommInit(void) {
  MPI_Comm_dup(MPI_COMM_WORLD, &headerComm);
  MPI_Comm_dup(MPI_COMM_WORLD, &payloadComm);
}

void apcuCommFinalize(void) {
  const apCuTransport *T = apcuTransport();
  for (int i = 0; i < numArrived; ++i)
    apcuDevRelease(T->linkTake(arrived[i].ticket));
  free(arrived);
  arrived = NULL;
  numArrived = capArrived = 0;
  T->finalize();
  for (int i = 0; i < numGroups; ++i)
    T->freeGroup(groups[i].group);
  numGroups = 0;
  if (headerComm != MPI_COMM_NULL)
    MPI_Comm_free(&headerComm);
  if (payloadComm != MPI_COMM_NULL)
    MPI_Comm_free(&payloadComm);
}

/* --- The MPI transport ---------------------------------------------------- */

typedef struct {
  MPI_Comm comm;
  int index, size;
} apCuMpiGroup;

static int *declared; /* (from, to) pairs, sorted */
static int numDeclared;

static void *mpiMakeGroup(MPI_Comm comm, int index, int size) {
  apCuMpiGroup *g = malloc(sizeof *g);
  if (!g)
    apcuDie("ap-cuda: out of memory");
  *g = (apCuMpiGroup){comm, index, size};
  return g;
}

static void mpiFreeGroup(void *g) { free(g); }

static void *hostCopy(const void *dev, int64_t bytes) {
  void *h = malloc((size_t)bytes + 1);
  if (!h)
    apcuDie("ap-cuda: out of memory");
  if (dev)
    apcuDevRead(h, dev, (size_t)bytes);
  return h;
}

static int mpiCount(int64_t bytes) {
  if (bytes > INT_MAX)
    apcuDie("ap-cuda: an MPI message of %lld bytes (use NCCL)", (long long)bytes);
  return (int)bytes;
}

static void mpiAllReduce(void *group, const void *send, void *recv, int64_t count, apCuType t,
                         int64_t kind) {
  apCuMpiGroup *g = group;
  char *h = hostCopy(send, count * apcuTypeBytes(t));
  apRtReduceInPlace(h, count, (apRtType)t, kind, &g->comm, g->size);
  apcuDevWrite(recv, h, (size_t)(count * apcuTypeBytes(t)));
  free(h);
}

static void mpiAllGather(void *group, const void *send, void *recv, int64_t bytes) {
  apCuMpiGroup *g = group;
  char *h = hostCopy(send, bytes), *all = hostCopy(NULL, bytes * g->size);
  mpiCount(bytes * g->size);
  MPI_Allgather(h, mpiCount(bytes), MPI_BYTE, all, mpiCount(bytes), MPI_BYTE, g->comm);
  apcuDevWrite(recv, all, (size_t)(bytes * g->size));
  free(h);
  free(all);
}

/* Everything reduced, this member's chunk kept: simple and exact. */
static void mpiReduceScatter(void *group, const void *send, void *recv, int64_t count, apCuType t,
                             int64_t kind) {
  apCuMpiGroup *g = group;
  int64_t e = apcuTypeBytes(t);
  char *h = hostCopy(send, count * g->size * e);
  apRtReduceInPlace(h, count * g->size, (apRtType)t, kind, &g->comm, g->size);
  apcuDevWrite(recv, h + g->index * count * e, (size_t)(count * e));
  free(h);
}

static void mpiAllToAll(void *group, const void *send, void *recv, int64_t bytes) {
  apCuMpiGroup *g = group;
  char *h = hostCopy(send, bytes * g->size), *r = hostCopy(NULL, bytes * g->size);
  mpiCount(bytes * g->size);
  MPI_Alltoall(h, mpiCount(bytes), MPI_BYTE, r, mpiCount(bytes), MPI_BYTE, g->comm);
  apcuDevWrite(recv, r, (size_t)(bytes * g->size));
  free(h);
  free(r);
}

static void mpiBroadcast(void *group, void *buf, int64_t bytes, int root) {
  apCuMpiGroup *g = group;
  char *h = hostCopy(g->index == root ? buf : NULL, bytes);
  MPI_Bcast(h, mpiCount(bytes), MPI_BYTE, root, g->comm);
  apcuDevWrite(buf, h, (size_t)bytes);
  free(h);
}

static void mpiSend(void *group, const void *buf, int64_t bytes, int peer) {
  apCuMpiGroup *g = group;
  char *h = hostCopy(buf, bytes);
  MPI_Send(h, mpiCount(bytes), MPI_BYTE, peer, 0, g->comm);
  free(h);
}

static void mpiRecv(void *group, void *buf, int64_t bytes, int peer) {
  apCuMpiGroup *g = group;
  char *h = hostCopy(NULL, bytes);
  MPI_Recv(h, mpiCount(bytes), MPI_BYTE, peer, 0, g->comm, MPI_STATUS_IGNORE);
  apcuDevWrite(buf, h, (size_t)bytes);
  free(h);
}

/* MPI needs no links; they are kept so that a transfer on a link the
 * program did not declare fails here as it would with NCCL. */
static void mpiLinks(const int *fromTo, int numPairs) {
  free(declared);
  declared = malloc(sizeof *declared * (size_t)(2 * numPairs + 1));
  if (!declared)
    apcuDie("ap-cuda: out of memory");
  memcpy(declared, fromTo, sizeof *declared * (size_t)(2 * numPairs));
  numDeclared = numPairs;
}

static void checkDeclared(int from, int to) {
  int key[2] = {from, to};
  if (!numDeclared || !bsearch(key, declared, (size_t)numDeclared, 2 * sizeof *declared, byPair))
    apcuDie("ap-cuda: stage transfer from rank %d to rank %d on no declared link", from, to);
}

static void mpiLinkSend(int to, void *scratch, int64_t bytes) {
  int me;
  MPI_Comm_rank(MPI_COMM_WORLD, &me);
  checkDeclared(me, to);
  void *h = hostCopy(scratch, bytes);
  apcuDevRelease(scratch);
  apRtIsend(h, bytes, to, 0, &payloadComm);
}

static void *mpiLinkRecv(int from, int64_t bytes) {
  int me;
  MPI_Comm_rank(MPI_COMM_WORLD, &me);
  checkDeclared(from, me);
  char *h = hostCopy(NULL, bytes);
  MPI_Recv(h, mpiCount(bytes), MPI_BYTE, from, 0, payloadComm, MPI_STATUS_IGNORE);
  void *scratch = apcuDevScratch((size_t)bytes);
  apcuDevWrite(scratch, h, (size_t)bytes);
  free(h);
  return scratch;
}

static void *mpiLinkTake(void *ticket) { return ticket; }

static void mpiFinalize(void) {
  free(declared);
  declared = NULL;
  numDeclared = 0;
}

const apCuTransport apcuMpiTransport = {"mpi",        mpiMakeGroup,     mpiFreeGroup, mpiAllReduce,
                                        mpiAllGather, mpiReduceScatter, mpiAllToAll,  mpiBroadcast,
                                        mpiSend,      mpiRecv,          mpiLinks,     mpiLinkSend,
                                        mpiLinkRecv,  mpiLinkTake,      mpiFinalize};
