/* Buffers allocated once: every memref.alloc of a function gets an offset in
 * the function's arena, so that buffers whose lifetimes do not overlap share
 * memory. A lifetime runs from the alloc to the last use of the buffer or of
 * any view of it (subviews, casts, reshapes, and scf results that yield
 * it); a use inside a loop the alloc is not in keeps the buffer to the end
 * of the loop. Placement is first fit, largest buffers first. */
#include "CudaEmit.h"

#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>
#include <string.h>

enum { AP_CU_ALIGN = 256 };

typedef struct {
  apPtrMap pos;      /* op -> pre-order position */
  int *end;          /* position -> last position inside that op */
  MlirOperation *at; /* position -> op */
  int count;
} apCuOrder;

static void number(apCuOrder *o, MlirOperation op, bool fill) {
  int p = o->count++;
  if (fill) {
    apPtrMapPut(&o->pos, op.ptr, p);
    o->at[p] = op;
  }
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      for (MlirOperation c = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(c);
           c = mlirOperationGetNextInBlock(c))
        number(o, c, fill);
  if (fill)
    o->end[p] = o->count - 1;
}

static bool isLoop(MlirOperation op) {
  return apOpNameIs(op, "scf.for") || apOpNameIs(op, "scf.while") || apOpNameIs(op, "scf.parallel");
}

/* The last position v (an alias of the buffer allocated at `start`) is live. */
static int lastUse(const apCuOrder *o, MlirValue v, int start, int depth) {
  int last = start;
  if (depth > 64)
    return o->count - 1;
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    MlirOperation user = mlirOpOperandGetOwner(u);
    int p = apPtrMapGet(&o->pos, user.ptr);
    if (p < 0)
      continue;
    int end = p;
    /* A use in a loop that does not hold the alloc lasts the whole loop. */
    for (MlirOperation a = mlirOperationGetParentOperation(user); !mlirOperationIsNull(a);
         a = mlirOperationGetParentOperation(a)) {
      int q = apPtrMapGet(&o->pos, a.ptr);
      if (q < 0)
        break;
      if (isLoop(a) && !(q <= start && start <= o->end[q]) && o->end[q] > end)
        end = o->end[q];
    }
    if (end > last)
      last = end;
    if (apCuIsViewOp(user)) {
      int l = lastUse(o, mlirOperationGetResult(user, 0), start, depth + 1);
      if (l > last)
        last = l;
    } else if (apOpNameIs(user, "scf.yield")) {
      MlirOperation parent = mlirOperationGetParentOperation(user);
      int l = lastUse(o, mlirOperationGetResult(parent, mlirOpOperandGetOperandNumber(u)), start,
                      depth + 1);
      if (l > last)
        last = l;
    }
  }
  return last;
}

typedef struct {
  int index, start, last;
  int64_t bytes, offset;
} apCuBuffer;

static int bySize(const void *a, const void *b) {
  const apCuBuffer *x = a, *y = b;
  if (x->bytes != y->bytes)
    return x->bytes > y->bytes ? -1 : 1;
  return x->start - y->start;
}

static int byOffset(const void *a, const void *b) {
  const apCuBuffer *const *x = a, *const *y = b;
  return (*x)->offset < (*y)->offset ? -1 : (*x)->offset > (*y)->offset;
}

int64_t apCuPlanArena(apCuEmitter *e, MlirOperation func) {
  apCuOrder o = {{0}, NULL, NULL, 0};
  number(&o, func, false);
  int n = o.count;
  o.count = 0;
  o.end = calloc((size_t)n, sizeof *o.end);
  o.at = calloc((size_t)n, sizeof *o.at);
  apCuBuffer *bufs = calloc((size_t)n, sizeof *bufs);
  const apCuBuffer **placed = calloc((size_t)n, sizeof *placed);
  if (!o.end || !o.at || !bufs || !placed || !apPtrMapInit(&o.pos, (size_t)n)) {
    e->failed = true;
    free(o.end);
    free(o.at);
    free(bufs);
    free(placed);
    return -1;
  }
  number(&o, func, true);
  int numBufs = 0;
  int64_t total = 0;
  for (int p = 0; p < n && !e->failed; ++p) {
    MlirOperation op = o.at[p];
    if (!apOpNameIs(op, "memref.alloc") && !apOpNameIs(op, "memref.alloca"))
      continue;
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (!mlirShapedTypeHasStaticShape(t) || mlirOperationGetNumOperands(op) != 0) {
      apCuError(e, op, "--lower-to-cuda: buffers must have a static shape");
      break;
    }
    int64_t bytes = apCuElemBytes(mlirShapedTypeGetElementType(t));
    for (int64_t d = 0; d < mlirShapedTypeGetRank(t); ++d)
      bytes *= mlirShapedTypeGetDimSize(t, d);
    bufs[numBufs++] = (apCuBuffer){p, p, lastUse(&o, mlirOperationGetResult(op, 0), p, 0),
                                   (bytes + AP_CU_ALIGN - 1) / AP_CU_ALIGN * AP_CU_ALIGN, 0};
  }
  qsort(bufs, (size_t)numBufs, sizeof *bufs, bySize);
  for (int i = 0; i < numBufs && !e->failed; ++i) {
    /* The placed buffers live at the same time, by offset; first gap. */
    int live = 0;
    for (int j = 0; j < i; ++j)
      if (bufs[j].start <= bufs[i].last && bufs[i].start <= bufs[j].last)
        placed[live++] = &bufs[j];
    qsort(placed, (size_t)live, sizeof *placed, byOffset);
    int64_t at = 0;
    for (int j = 0; j < live; ++j) {
      if (placed[j]->offset >= at + bufs[i].bytes)
        break;
      int64_t end = placed[j]->offset + placed[j]->bytes;
      if (end > at)
        at = end;
    }
    bufs[i].offset = at;
    if (at + bufs[i].bytes > total)
      total = at + bufs[i].bytes;
    apPtrMapPut(&e->allocOffset, o.at[bufs[i].index].ptr, e->numOffsets);
    e->offsets[e->numOffsets++] = at;
  }
  apPtrMapFree(&o.pos);
  free(o.end);
  free(o.at);
  free(bufs);
  free(placed);
  return e->failed ? -1 : total;
}
