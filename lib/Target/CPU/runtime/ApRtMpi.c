/* The CPU runtime of --lower-to-cpu: every shard collective of a partitioned
 * program as a call into MPI, one process per grid device, rank = the
 * device's row-major linear index. Tensors arrive as unranked memrefs (rank,
 * descriptor), each call's static facts in an i64 descriptor:
 *   [op params..., grid rank R, grid shape[R], #axes A, axes[A]]
 * Group communicators are split once per (grid, axes) and cached. Any misuse
 * (wrong world size, bad descriptor) aborts every rank with a message, never
 * hangs. */
#include "ApRt.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mpi.h>

enum { MAX_RANK = 16, MAX_GRID = 8, MAX_COMMS = 64 };

typedef struct {
  int64_t rank;
  int64_t sizes[MAX_RANK];
  int64_t strides[MAX_RANK];
  int64_t offset;
  char *base; /* aligned pointer */
  int64_t count;
} apRtView;

typedef struct {
  int gridRank, numAxes;
  int64_t shape[MAX_GRID];
  int64_t axes[MAX_GRID];
  int64_t base, world; /* the grid's first rank; the ranks the program wants */
  const int64_t *params;
} apRtDesc;

typedef struct {
  int gridRank, numAxes;
  int64_t shape[MAX_GRID], axes[MAX_GRID], base;
  MPI_Comm comm;
} apRtComm;

static apRtComm comms[MAX_COMMS];
static int numComms;

static void vdie(const char *fmt, va_list ap) __attribute__((noreturn));
static void vdie(const char *fmt, va_list ap) {
  int rank = -1;
  int inited = 0;
  MPI_Initialized(&inited);
  if (inited)
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  /* One write per message, so ranks dying together do not interleave. */
  char msg[512];
  int n = snprintf(msg, sizeof msg, "ap-rt (rank %d): error: ", rank);
  if (n >= 0 && n < (int)sizeof msg)
    n += vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  if (n < 0 || n > (int)sizeof msg - 2)
    n = (int)sizeof msg - 2;
  msg[n++] = '\n';
  if (write(STDERR_FILENO, msg, (size_t)n) < 0)
    exit(3);
  /* The launcher forwards stderr through its proxies; an abort right away
   * can kill the job before the message gets out on a loaded machine. */
  struct timespec pause = {0, 300 * 1000 * 1000};
  nanosleep(&pause, NULL);
  if (inited)
    MPI_Abort(MPI_COMM_WORLD, 2);
  exit(2);
}

void apRtDie(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vdie(fmt, ap);
  va_end(ap);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vdie(fmt, ap);
  va_end(ap);
}

/* An unranked memref descriptor: {allocated, aligned, offset, sizes, strides}. */
static apRtView view(int64_t rank, void *desc, size_t elem) {
  apRtView v;
  memset(&v, 0, sizeof v);
  if (rank < 0 || rank > MAX_RANK)
    die("tensor of rank %lld unsupported", (long long)rank);
  char **ptrs = desc;
  int64_t *ints = (int64_t *)(ptrs + 2);
  v.rank = rank;
  v.base = ptrs[1];
  v.offset = ints[0];
  v.count = 1;
  for (int64_t i = 0; i < rank; ++i) {
    v.sizes[i] = ints[1 + i];
    v.strides[i] = ints[1 + rank + i];
    v.count *= v.sizes[i];
  }
  v.base += v.offset * (int64_t)elem;
  return v;
}

static apRtDesc descriptor(int64_t rank, void *d, int numParams) {
  apRtView v = view(rank, d, sizeof(int64_t));
  if (v.rank != 1)
    die("malformed collective descriptor");
  const int64_t *p = (const int64_t *)v.base;
  int64_t n = v.count;
  apRtDesc r;
  memset(&r, 0, sizeof r);
  r.params = p;
  int64_t k = numParams;
  if (k >= n || p[k] < 1 || p[k] > MAX_GRID)
    die("malformed collective descriptor");
  r.gridRank = (int)p[k++];
  if (k + r.gridRank >= n)
    die("malformed collective descriptor");
  for (int i = 0; i < r.gridRank; ++i)
    r.shape[i] = p[k++];
  r.numAxes = (int)p[k++];
  if (r.numAxes < 0 || r.numAxes > r.gridRank || k + r.numAxes + 2 != n)
    die("malformed collective descriptor");
  for (int i = 0; i < r.numAxes; ++i) {
    r.axes[i] = p[k++];
    if (r.axes[i] < 0 || r.axes[i] >= r.gridRank)
      die("grid axis %lld out of range", (long long)r.axes[i]);
  }
  r.base = p[k++];
  r.world = p[k++];
  return r;
}

static int64_t gridDevices(const apRtDesc *d) {
  int64_t devices = 1;
  for (int i = 0; i < d->gridRank; ++i)
    devices *= d->shape[i];
  return devices;
}

static void checkWorld(int64_t want) {
  int size;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (want != size)
    die("the program runs on %lld devices but %d MPI ranks were started", (long long)want, size);
}

/* This process's coordinates on the grid (ranks base.. base + devices - 1);
 * checks the world is the program's. */
static void coords(const apRtDesc *d, int64_t *c) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  checkWorld(d->world);
  int64_t devices = gridDevices(d);
  if (rank < d->base || rank >= d->base + devices)
    die("rank %d runs an op of the grid on ranks %lld-%lld", rank, (long long)d->base,
        (long long)(d->base + devices - 1));
  int64_t r = rank - d->base;
  for (int i = d->gridRank - 1; i >= 0; --i) {
    c[i] = r % d->shape[i];
    r /= d->shape[i];
  }
}

/* Index of this process in its group along d's axes (first axis major), and
 * the group size. */
static int64_t groupIndex(const apRtDesc *d, int64_t *groupSize) {
  int64_t c[MAX_GRID], idx = 0, n = 1;
  coords(d, c);
  for (int i = 0; i < d->numAxes; ++i) {
    idx = idx * d->shape[d->axes[i]] + c[d->axes[i]];
    n *= d->shape[d->axes[i]];
  }
  *groupSize = n;
  return idx;
}

/* The communicator of this process's group; made once, then cached. Only
 * the group's members take part in making it (MPI_Comm_create_group), as
 * a pipeline stage's grid is used by its ranks alone. */
static MPI_Comm groupComm(const apRtDesc *d) {
  for (int k = 0; k < numComms; ++k) {
    apRtComm *c = &comms[k];
    if (c->gridRank == d->gridRank && c->numAxes == d->numAxes && c->base == d->base &&
        !memcmp(c->shape, d->shape, sizeof(int64_t) * d->gridRank) &&
        !memcmp(c->axes, d->axes, sizeof(int64_t) * d->numAxes))
      return c->comm;
  }
  if (numComms == MAX_COMMS)
    die("more than %d distinct communicators", MAX_COMMS);
  int64_t c[MAX_GRID], n;
  coords(d, c);
  groupIndex(d, &n);
  /* Members in group order: the axes' coordinates, first axis major. */
  int *members = malloc(sizeof(int) * (size_t)n);
  if (!members)
    die("out of memory");
  for (int64_t g = 0; g < n; ++g) {
    int64_t at[MAX_GRID], rest = g;
    memcpy(at, c, sizeof at);
    for (int i = d->numAxes - 1; i >= 0; --i) {
      at[d->axes[i]] = rest % d->shape[d->axes[i]];
      rest /= d->shape[d->axes[i]];
    }
    int64_t r = 0;
    for (int i = 0; i < d->gridRank; ++i)
      r = r * d->shape[i] + at[i];
    members[g] = (int)(d->base + r);
  }
  MPI_Group world, group;
  MPI_Comm_group(MPI_COMM_WORLD, &world);
  MPI_Group_incl(world, (int)n, members, &group);
  apRtComm *e = &comms[numComms++];
  e->gridRank = d->gridRank;
  e->numAxes = d->numAxes;
  e->base = d->base;
  memcpy(e->shape, d->shape, sizeof e->shape);
  memcpy(e->axes, d->axes, sizeof e->axes);
  MPI_Comm_create_group(MPI_COMM_WORLD, group, 0, &e->comm);
  MPI_Group_free(&group);
  MPI_Group_free(&world);
  free(members);
  return e->comm;
}

/* Strided view <-> contiguous row-major buffer. */
static void copyStrided(const apRtView *v, char *flat, size_t elem, int toFlat) {
  int64_t idx[MAX_RANK] = {0};
  for (int64_t n = 0; n < v->count; ++n) {
    int64_t off = 0;
    for (int64_t i = 0; i < v->rank; ++i)
      off += idx[i] * v->strides[i];
    char *p = v->base + off * (int64_t)elem;
    if (toFlat)
      memcpy(flat + n * elem, p, elem);
    else
      memcpy(p, flat + n * elem, elem);
    for (int64_t i = v->rank - 1; i >= 0; --i) {
      if (++idx[i] < v->sizes[i])
        break;
      idx[i] = 0;
    }
  }
}

static char *packed(const apRtView *v, size_t elem) {
  char *b = malloc((size_t)v->count * elem + 1);
  if (!b)
    die("out of memory");
  copyStrided(v, b, elem, 1);
  return b;
}

/* Elements before / from `axis` in a row-major shape. */
static int64_t outerOf(const apRtView *v, int64_t axis) {
  int64_t n = 1;
  for (int64_t i = 0; i < axis; ++i)
    n *= v->sizes[i];
  return n;
}

static void checkAxis(const apRtView *v, int64_t axis, const char *what) {
  if (axis < 0 || axis >= v->rank)
    die("%s axis %lld out of range for a rank-%lld tensor", what, (long long)axis,
        (long long)v->rank);
}

/* Chunk j of n along `axis` of flat `src` (shape of v) into dst. */
static void takeChunk(const apRtView *v, const char *src, int64_t axis, int64_t j,
                      int64_t n, char *dst, size_t elem) {
  int64_t outer = outerOf(v, axis), inner = v->count / (outer ? outer : 1);
  int64_t chunk = inner / n;
  for (int64_t o = 0; o < outer; ++o)
    memcpy(dst + o * chunk * elem, src + (o * inner + j * chunk) * elem,
           (size_t)chunk * elem);
}

/* Flat `src` holding n chunks one after the other (each of shape `part`)
 * into flat dst, concatenated along `axis`. */
static void concatChunks(const apRtView *part, const char *src, int64_t axis,
                         int64_t n, char *dst, size_t elem) {
  int64_t outer = outerOf(part, axis), inner = part->count / (outer ? outer : 1);
  for (int64_t k = 0; k < n; ++k)
    for (int64_t o = 0; o < outer; ++o)
      memcpy(dst + (o * n + k) * inner * elem, src + (k * part->count + o * inner) * elem,
             (size_t)inner * elem);
}

static void checkCount(const apRtView *out, int64_t want, const char *op) {
  if (out->count != want)
    die("%s: result has %lld elements, expected %lld", op, (long long)out->count,
        (long long)want);
}

/* `in` splits n ways along axis into `out`. */
static void checkSplit(const apRtView *in, const apRtView *out, int64_t axis, int64_t n,
                       const char *op) {
  if (in->sizes[axis] % n)
    die("%s: dim %lld of size %lld does not split %lld ways", op, (long long)axis,
        (long long)in->sizes[axis], (long long)n);
  checkCount(out, in->count / n, op);
}

/* Types: MPI's, and bf16 reduced through float. */
static MPI_Datatype mpiType(apRtType t) {
  switch (t) {
  case AP_RT_F32: return MPI_FLOAT;
  case AP_RT_F64: return MPI_DOUBLE;
  case AP_RT_I32: return MPI_INT32_T;
  case AP_RT_I64: return MPI_INT64_T;
  case AP_RT_I8: return MPI_INT8_T;
  default: return MPI_DATATYPE_NULL;
  }
}

static size_t elemSize(apRtType t) {
  switch (t) {
  case AP_RT_F64: case AP_RT_I64: return 8;
  case AP_RT_F32: case AP_RT_I32: return 4;
  case AP_RT_BF16: return 2;
  default: return 1;
  }
}

static MPI_Op mpiOp(int64_t kind, apRtType t) {
  int isFloat = t == AP_RT_F32 || t == AP_RT_F64 || t == AP_RT_BF16;
  switch (kind) {
  case 1: case 5: return MPI_SUM; /* average divides afterwards */
  case 2: return MPI_MAX;
  case 3: return MPI_MIN;
  case 4: return MPI_PROD;
  case 6: if (!isFloat) return MPI_BAND; break;
  case 7: if (!isFloat) return MPI_BOR; break;
  case 8: if (!isFloat) return MPI_BXOR; break;
  }
  die("reduction kind %lld unsupported for this element type", (long long)kind);
  return MPI_OP_NULL;
}

static float bf16ToFloat(uint16_t h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static uint16_t floatToBf16(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return (uint16_t)((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1); /* round to nearest even */
  return (uint16_t)(u >> 16);
}

/* In-place reduction of flat `buf` over comm; bf16 goes through float. */
static void reduceFlat(char *buf, int64_t count, apRtType t, int64_t kind, MPI_Comm comm,
                       int64_t groupSize) {
  if (t == AP_RT_BF16) {
    float *f = malloc(sizeof(float) * (size_t)count + 1);
    if (!f)
      die("out of memory");
    for (int64_t i = 0; i < count; ++i)
      f[i] = bf16ToFloat(((uint16_t *)buf)[i]);
    MPI_Allreduce(MPI_IN_PLACE, f, (int)count, MPI_FLOAT, mpiOp(kind, t), comm);
    for (int64_t i = 0; i < count; ++i)
      ((uint16_t *)buf)[i] = floatToBf16(kind == 5 ? f[i] / (float)groupSize : f[i]);
    free(f);
    return;
  }
  MPI_Datatype dt = mpiType(t);
  if (dt == MPI_DATATYPE_NULL)
    die("element type unsupported by reductions");
  MPI_Allreduce(MPI_IN_PLACE, buf, (int)count, dt, mpiOp(kind, t), comm);
  if (kind != 5)
    return;
  for (int64_t i = 0; i < count; ++i) {
    if (t == AP_RT_F32)
      ((float *)buf)[i] /= (float)groupSize;
    else if (t == AP_RT_F64)
      ((double *)buf)[i] /= (double)groupSize;
    else
      die("average of an integer tensor");
  }
}

void apRtReduceInPlace(void *buf, int64_t count, apRtType t, int64_t kind, void *comm,
                       int64_t groupSize) {
  reduceFlat(buf, count, t, kind, *(MPI_Comm *)comm, groupSize);
}

static int memberRank(const apRtDesc *d, const char *op);

void apRtAllReduce(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
                   void *dd) {
  apRtDesc d = descriptor(dr, dd, 1);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  checkCount(&vo, vi.count, "all_reduce");
  int64_t n;
  groupIndex(&d, &n);
  char *b = packed(&vi, e);
  reduceFlat(b, vi.count, t, d.params[0], groupComm(&d), n);
  copyStrided(&vo, b, e, 0);
  free(b);
}

void apRtAllGather(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
                   void *dd) {
  apRtDesc d = descriptor(dr, dd, 1);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  int64_t n, axis = d.params[0];
  groupIndex(&d, &n);
  checkAxis(&vi, axis, "all_gather: gather");
  checkCount(&vo, vi.count * n, "all_gather");
  char *b = packed(&vi, e), *all = malloc((size_t)(vi.count * n) * e + 1),
       *o = malloc((size_t)(vi.count * n) * e + 1);
  if (!all || !o)
    die("out of memory");
  MPI_Allgather(b, (int)(vi.count * e), MPI_BYTE, all, (int)(vi.count * e), MPI_BYTE,
                groupComm(&d));
  concatChunks(&vi, all, axis, n, o, e);
  copyStrided(&vo, o, e, 0);
  free(b);
  free(all);
  free(o);
}

void apRtAllSlice(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
                  void *dd) {
  apRtDesc d = descriptor(dr, dd, 1);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  int64_t n, axis = d.params[0];
  int64_t j = groupIndex(&d, &n);
  checkAxis(&vi, axis, "all_slice: slice");
  checkSplit(&vi, &vo, axis, n, "all_slice");
  char *b = packed(&vi, e), *o = malloc((size_t)vo.count * e + 1);
  if (!o)
    die("out of memory");
  takeChunk(&vi, b, axis, j, n, o, e);
  copyStrided(&vo, o, e, 0);
  free(b);
  free(o);
}

void apRtAllToAll(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
                  void *dd) {
  apRtDesc d = descriptor(dr, dd, 2);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  int64_t n, split = d.params[0], concat = d.params[1];
  groupIndex(&d, &n);
  checkAxis(&vi, split, "all_to_all: split");
  checkAxis(&vi, concat, "all_to_all: concat");
  if (vi.sizes[split] % n)
    die("all_to_all: dim %lld of size %lld does not split %lld ways", (long long)split,
        (long long)vi.sizes[split], (long long)n);
  checkCount(&vo, vi.count, "all_to_all");
  int64_t chunk = vi.count / n;
  char *b = packed(&vi, e), *send = malloc((size_t)vi.count * e + 1),
       *recv = malloc((size_t)vi.count * e + 1), *o = malloc((size_t)vi.count * e + 1);
  if (!send || !recv || !o)
    die("out of memory");
  for (int64_t j = 0; j < n; ++j)
    takeChunk(&vi, b, split, j, n, send + j * chunk * e, e);
  MPI_Alltoall(send, (int)(chunk * e), MPI_BYTE, recv, (int)(chunk * e), MPI_BYTE,
               groupComm(&d));
  apRtView part = vi;
  part.sizes[split] /= n;
  part.count = chunk;
  concatChunks(&part, recv, concat, n, o, e);
  copyStrided(&vo, o, e, 0);
  free(b);
  free(send);
  free(recv);
  free(o);
}

void apRtReduceScatter(apRtType t, int64_t ir, void *in, int64_t orank, void *out,
                       int64_t dr, void *dd) {
  apRtDesc d = descriptor(dr, dd, 2);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  int64_t n, axis = d.params[1];
  int64_t j = groupIndex(&d, &n);
  checkAxis(&vi, axis, "reduce_scatter: scatter");
  checkSplit(&vi, &vo, axis, n, "reduce_scatter");
  /* Reduce everything, keep this process's chunk: simple and exact. */
  char *b = packed(&vi, e), *o = malloc((size_t)vo.count * e + 1);
  if (!o)
    die("out of memory");
  reduceFlat(b, vi.count, t, d.params[0], groupComm(&d), n);
  takeChunk(&vi, b, axis, j, n, o, e);
  copyStrided(&vo, o, e, 0);
  free(b);
  free(o);
}

void apRtBroadcast(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
                   void *dd) {
  /* params: the root's coordinates along the axes, padded to the grid rank. */
  apRtDesc d = descriptor(dr, dd, MAX_GRID);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  checkCount(&vo, vi.count, "broadcast");
  char *b = packed(&vi, e);
  MPI_Bcast(b, (int)(vi.count * e), MPI_BYTE, memberRank(&d, "broadcast"), groupComm(&d));
  copyStrided(&vo, b, e, 0);
  free(b);
}

/* The group rank of the member at in-group coordinates params[0..A). */
static int memberRank(const apRtDesc *d, const char *op) {
  int64_t r = 0;
  for (int i = 0; i < d->numAxes; ++i) {
    int64_t c = d->params[i];
    if (c < 0 || c >= d->shape[d->axes[i]])
      die("%s: peer coordinate %lld out of range", op, (long long)c);
    r = r * d->shape[d->axes[i]] + c;
  }
  return (int)r;
}

int64_t apRtGroup(int op, int64_t dr, void *dd, int64_t *size, void *comm, int64_t *peer) {
  static const int numParams[] = {1, 1, 1, 2, 2, MAX_GRID, MAX_GRID, MAX_GRID};
  static const char *const names[] = {"broadcast", "send", "recv"};
  if (op < 0 || op > 7)
    die("collective %d unknown", op);
  apRtDesc d = descriptor(dr, dd, numParams[op]);
  int64_t index = groupIndex(&d, size);
  if (comm)
    *(MPI_Comm *)comm = groupComm(&d);
  *peer = op >= 5 ? memberRank(&d, names[op - 5]) : -1;
  return index;
}

/* Point to point inside the group; meaningful where only some ranks run
 * the op (per-stage programs, or a branch on the process index). MPI keeps
 * messages between a pair in order, so no tags are needed. */
void apRtSend(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
              void *dd) {
  apRtDesc d = descriptor(dr, dd, MAX_GRID);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  checkCount(&vo, vi.count, "send");
  char *b = packed(&vi, e);
  MPI_Send(b, (int)(vi.count * e), MPI_BYTE, memberRank(&d, "send"), 0, groupComm(&d));
  copyStrided(&vo, b, e, 0);
  free(b);
}

void apRtRecv(apRtType t, int64_t ir, void *in, int64_t orank, void *out, int64_t dr,
              void *dd) {
  apRtDesc d = descriptor(dr, dd, MAX_GRID);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e), vo = view(orank, out, e);
  checkCount(&vo, vi.count, "recv");
  char *b = malloc((size_t)vo.count * e + 1);
  if (!b)
    die("out of memory");
  MPI_Recv(b, (int)(vo.count * e), MPI_BYTE, memberRank(&d, "recv"), 0, groupComm(&d),
           MPI_STATUS_IGNORE);
  copyStrided(&vo, b, e, 0);
  free(b);
}

/* --- Pipeline stage transfers ------------------------------------------------
 * Descriptor: [tag, peer stage, world, stages, (first rank, ranks) per
 * stage, split]. A value is whole on every device of its stage; device j
 * of the receiving stage gets it from device j mod (sender's count): all
 * of it (split 0), or only its share (apRtStageShare) before the receivers
 * all-gather the shares (Megatron-LM's scatter/gather: the slow link
 * carries 1/n of the bytes): split 1 over the whole receiving stage (share
 * j of its n), split g in runs of g receivers (a node's: share j mod g of
 * g, gathered inside the run). Sends are buffered and non-blocking, so a
 * stage never waits for its receiver; receives block. */
typedef struct {
  MPI_Request req;
  char *buf;
} apRtPending;

static apRtPending *pending;
static int numPending, capPending;
static MPI_Comm stageComm = MPI_COMM_NULL;

static void reapSends(int wait) {
  int k = 0;
  for (int i = 0; i < numPending; ++i) {
    int done = 0;
    if (wait)
      MPI_Wait(&pending[i].req, MPI_STATUS_IGNORE), done = 1;
    else
      MPI_Test(&pending[i].req, &done, MPI_STATUS_IGNORE);
    if (done)
      free(pending[i].buf);
    else
      pending[k++] = pending[i];
  }
  numPending = k;
}

typedef struct {
  int64_t tag, peerBase, peerCount, myIndex, myCount, myBase, split;
} apRtStagePeer;

static apRtStagePeer stagePeer(int64_t dr, void *dd, int send) {
  const char *op = send ? "stage send" : "stage recv";
  apRtView v = view(dr, dd, sizeof(int64_t));
  const int64_t *p = (const int64_t *)v.base;
  if (v.rank != 1 || v.count < 5 || v.count != 5 + 2 * p[3] || p[1] < 0 || p[1] >= p[3] ||
      p[v.count - 1] < 0)
    die("%s: malformed stage descriptor", op);
  checkWorld(p[2]);
  int rank, tagUb = 32767, *ub, flag = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &ub, &flag);
  if (flag)
    tagUb = *ub;
  apRtStagePeer r = {.tag = p[0], .peerBase = p[4 + 2 * p[1]], .peerCount = p[5 + 2 * p[1]],
                     .myIndex = -1, .split = p[v.count - 1]};
  if (r.tag < 0 || r.tag > tagUb)
    die("%s: tag %lld beyond MPI's bound %d", op, (long long)r.tag, tagUb);
  for (int64_t s = 0; s < p[3]; ++s)
    if (rank >= p[4 + 2 * s] && rank < p[4 + 2 * s] + p[5 + 2 * s]) {
      r.myIndex = rank - p[4 + 2 * s];
      r.myCount = p[5 + 2 * s];
      r.myBase = p[4 + 2 * s];
    }
  if (r.myIndex < 0)
    die("%s: rank %d is in no pipeline stage", op, rank);
  /* The gather's run of receivers: 0 (whole), all of them, or g. */
  int64_t receivers = send ? r.peerCount : r.myCount;
  if (r.split == 1 || (r.split > 1 && r.split >= receivers))
    r.split = receivers > 1 ? receivers : 0;
  if (r.split > 1 && receivers % r.split)
    die("%s: runs of %lld receivers do not tile %lld", op, (long long)r.split,
        (long long)receivers);
  return r;
}

void apRtStagePeers(int64_t dr, void *dd, int send, int64_t p[7]) {
  apRtStagePeer r = stagePeer(dr, dd, send);
  p[0] = r.tag;
  p[1] = r.peerBase;
  p[2] = r.peerCount;
  p[3] = r.myIndex;
  p[4] = r.myCount;
  p[5] = r.myBase;
  p[6] = r.split;
}

void apRtStageShare(int64_t count, int64_t parts, int64_t j, int64_t *first, int64_t *n) {
  int64_t each = (count + parts - 1) / parts;
  *first = j * each < count ? j * each : count;
  *n = *first + each < count ? each : count - *first;
}

void *apRtStageGroup(int64_t base, int64_t count) {
  static MPI_Comm comm;
  int world;
  MPI_Comm_size(MPI_COMM_WORLD, &world);
  apRtDesc d = {.gridRank = 1, .numAxes = 1, .shape = {count}, .axes = {0}, .base = base,
                .world = world};
  comm = groupComm(&d);
  return &comm;
}

void apRtIsend(void *buf, int64_t bytes, int to, int tag, void *comm) {
  if (bytes > INT_MAX)
    die("an MPI message of %lld bytes", (long long)bytes);
  reapSends(0);
  if (numPending == capPending) {
    capPending = capPending ? 2 * capPending : 64;
    pending = realloc(pending, sizeof *pending * (size_t)capPending);
    if (!pending)
      die("out of memory");
  }
  apRtPending *q = &pending[numPending++];
  q->buf = buf;
  MPI_Isend(buf, (int)bytes, MPI_BYTE, to, tag, *(MPI_Comm *)comm, &q->req);
}

void apRtStageSend(apRtType t, int64_t ir, void *in, int64_t dr, void *dd) {
  apRtStagePeer p = stagePeer(dr, dd, 1);
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e);
  /* Split: packed once, each receiver's share copied out of it. */
  char *whole = p.split ? packed(&vi, e) : NULL;
  for (int64_t j = p.myIndex; j < p.peerCount; j += p.myCount) {
    if (!p.split) {
      apRtIsend(packed(&vi, e), vi.count * (int64_t)e, (int)(p.peerBase + j), (int)p.tag,
                &stageComm);
      continue;
    }
    int64_t first, n;
    apRtStageShare(vi.count, p.split, j % p.split, &first, &n);
    char *b = malloc((size_t)(n * (int64_t)e) + 1);
    if (!b)
      die("out of memory");
    memcpy(b, whole + first * (int64_t)e, (size_t)(n * (int64_t)e));
    apRtIsend(b, n * (int64_t)e, (int)(p.peerBase + j), (int)p.tag, &stageComm);
  }
  free(whole);
}

void apRtStageRecv(apRtType t, int64_t orank, void *out, int64_t dr, void *dd) {
  apRtStagePeer p = stagePeer(dr, dd, 0);
  size_t e = elemSize(t);
  apRtView vo = view(orank, out, e);
  /* Split: the shares land at their places of a padded buffer, equal
   * shares for MPI_Allgather among this run of receivers. */
  int64_t first = 0, n = vo.count, each = vo.count, parts = p.split ? p.split : 1;
  int64_t at = p.split ? p.myIndex % parts : 0;
  if (p.split) {
    apRtStageShare(vo.count, parts, at, &first, &n);
    each = (vo.count + parts - 1) / parts;
  }
  char *b = malloc((size_t)(each * parts) * e + 1);
  if (!b)
    die("out of memory");
  int from = (int)(p.peerBase + p.myIndex % p.peerCount);
  MPI_Status st;
  char *mine = b + (size_t)(each * at) * e;
  MPI_Recv(mine, (int)(n * (int64_t)e), MPI_BYTE, from, (int)p.tag, stageComm, &st);
  int got = 0;
  MPI_Get_count(&st, MPI_BYTE, &got);
  if ((size_t)got != (size_t)n * e)
    die("stage recv: %d bytes arrived, %lld expected", got, (long long)(n * (int64_t)e));
  if (p.split)
    MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, b, (int)(each * (int64_t)e), MPI_BYTE,
                  *(MPI_Comm *)apRtStageGroup(p.myBase + p.myIndex - at, parts));
  copyStrided(&vo, b, e, 0);
  free(b);
}

int64_t apRtProcessIndex(int64_t dr, void *dd, int64_t axis) {
  apRtDesc d = descriptor(dr, dd, 0);
  int64_t c[MAX_GRID];
  coords(&d, c);
  if (axis < 0) { /* the linear index */
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank - d.base;
  }
  if (axis >= d.gridRank)
    die("grid axis %lld out of range", (long long)axis);
  return c[axis];
}

/* Deterministic inputs: a hash of (seed, element index), the same on every
 * rank and in the reference. Floats in [lo, hi), integers in [0, range). */
static double hashUnit(int64_t seed, int64_t i) {
  uint64_t x = (uint64_t)seed * 0x9E3779B97F4A7C15ull + (uint64_t)i * 0xBF58476D1CE4E5B9ull;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 29;
  return (double)(x >> 11) / 9007199254740992.0;
}

void apRtFill(apRtType t, int64_t orank, void *out, int64_t seed, double lo, double hi,
              int64_t range) {
  size_t e = elemSize(t);
  apRtView vo = view(orank, out, e);
  char *b = malloc((size_t)vo.count * e + 1);
  if (!b)
    die("out of memory");
  for (int64_t i = 0; i < vo.count; ++i) {
    double u = hashUnit(seed, i), f = lo + (hi - lo) * u;
    int64_t k = range > 0 ? (int64_t)(u * (double)range) : 0;
    switch (t) {
    case AP_RT_F32: ((float *)b)[i] = (float)f; break;
    case AP_RT_F64: ((double *)b)[i] = f; break;
    case AP_RT_BF16: ((uint16_t *)b)[i] = floatToBf16((float)f); break;
    case AP_RT_I32: ((int32_t *)b)[i] = (int32_t)k; break;
    case AP_RT_I64: ((int64_t *)b)[i] = k; break;
    default: ((int8_t *)b)[i] = (int8_t)(k & 1); break;
    }
  }
  copyStrided(&vo, b, e, 0);
  free(b);
}

/* Writes a (replicated) result as text on rank 0: "result K N" then N
 * values; every rank checks it holds the same data as rank 0. */
void apRtReport(apRtType t, int64_t ir, void *in, int64_t index) {
  size_t e = elemSize(t);
  apRtView vi = view(ir, in, e);
  char *b = packed(&vi, e);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  char *root = malloc((size_t)vi.count * e + 1);
  if (!root)
    die("out of memory");
  memcpy(root, b, (size_t)vi.count * e);
  MPI_Bcast(root, (int)(vi.count * e), MPI_BYTE, 0, MPI_COMM_WORLD);
  int differs = memcmp(root, b, (size_t)vi.count * e) != 0, any = 0;
  MPI_Allreduce(&differs, &any, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  if (rank == 0) {
    const char *path = getenv("AP_RT_REPORT");
    FILE *f = path ? fopen(path, index == 0 ? "w" : "a") : stdout;
    if (!f)
      die("cannot open %s", path);
    fprintf(f, "result %lld %lld%s\n", (long long)index, (long long)vi.count,
            any ? " ranks-differ" : "");
    for (int64_t i = 0; i < vi.count; ++i) {
      double x;
      switch (t) {
      case AP_RT_F32: x = ((float *)b)[i]; break;
      case AP_RT_F64: x = ((double *)b)[i]; break;
      case AP_RT_BF16: x = bf16ToFloat(((uint16_t *)b)[i]); break;
      case AP_RT_I32: x = ((int32_t *)b)[i]; break;
      case AP_RT_I64: x = (double)((int64_t *)b)[i]; break;
      default: x = ((int8_t *)b)[i]; break;
      }
      fprintf(f, "%.17g\n", x);
    }
    if (path)
      fclose(f);
  }
  free(b);
  free(root);
}

/* memref.copy between non-contiguous buffers lowers to this call (as
 * upstream's runner utils define it): strided source to strided target. */
typedef struct {
  int64_t rank;
  void *descriptor;
} apRtUnranked;

void memrefCopy(int64_t elemSize, apRtUnranked *src, apRtUnranked *dst);
void memrefCopy(int64_t elemSize, apRtUnranked *src, apRtUnranked *dst) {
  apRtView vs = view(src->rank, src->descriptor, (size_t)elemSize);
  apRtView vd = view(dst->rank, dst->descriptor, (size_t)elemSize);
  if (vs.count != vd.count)
    die("memref copy between %lld and %lld elements", (long long)vs.count, (long long)vd.count);
  char *b = packed(&vs, (size_t)elemSize);
  copyStrided(&vd, b, (size_t)elemSize, 0);
  free(b);
}

void apRtInit(int *argc, char ***argv) {
  MPI_Init(argc, argv);
  MPI_Comm_dup(MPI_COMM_WORLD, &stageComm);
}

void apRtFinalize(void) {
  reapSends(1);
  free(pending);
  pending = NULL;
  if (stageComm != MPI_COMM_NULL)
    MPI_Comm_free(&stageComm);
  for (int k = 0; k < numComms; ++k)
    MPI_Comm_free(&comms[k].comm);
  numComms = 0;
  MPI_Finalize();
}
