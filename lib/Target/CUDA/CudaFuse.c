/* Which generics fuse into one kernel. A producer (all loops parallel, one
 * output written through a permutation) fuses into the op right after it
 * when that op reads the producer's output as exactly one operand, at one
 * element per point of its loops: an input through a permutation of all
 * its loops, or a reduction's output (the producer then computes the
 * initial value, as a fill does). The fused kernel runs the producer where
 * the consumer would load, so nothing the consumer writes may be read or
 * written by a fused op elsewhere; buffers are told apart by their roots
 * (views followed back). Contractions are left to cuBLAS. */
#include "CudaEmit.h"

#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinTypes.h"

bool apCuIsViewOp(MlirOperation op) {
  return apOpNameIs(op, "memref.subview") || apOpNameIs(op, "memref.cast") ||
         apOpNameIs(op, "memref.expand_shape") || apOpNameIs(op, "memref.collapse_shape");
}

static MlirValue rootOf(MlirValue v) {
  while (mlirValueIsAOpResult(v) && apCuIsViewOp(mlirOpResultGetOwner(v)))
    v = mlirOperationGetOperand(mlirOpResultGetOwner(v), 0);
  return v;
}

static bool isAlloc(MlirValue v) {
  return mlirValueIsAOpResult(v) && (apOpNameIs(mlirOpResultGetOwner(v), "memref.alloc") ||
                                     apOpNameIs(mlirOpResultGetOwner(v), "memref.alloca"));
}

static bool isBuffer(MlirValue v) { return mlirTypeIsAMemRef(mlirValueGetType(v)); }

static bool isFuncArg(MlirValue v) {
  return mlirValueIsABlockArgument(v) &&
         apOpNameIs(mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(v)), "func.func");
}

/* Distinct roots are distinct buffers when either is an alloc or both are
 * arguments of the function (what one-shot bufferization assumes of
 * function arguments too); anything else may be the same memory. */
static bool mayAlias(MlirValue a, MlirValue b) {
  if (!isBuffer(a) || !isBuffer(b))
    return false;
  a = rootOf(a);
  b = rootOf(b);
  if (mlirValueEqual(a, b))
    return true;
  return !(isAlloc(a) || isAlloc(b) || (isFuncArg(a) && isFuncArg(b)));
}

static int numOperands(MlirOperation op) { return (int)mlirOperationGetNumOperands(op); }

static bool isProducer(MlirOperation op) {
  if (!apOpNameIs(op, "linalg.generic") || numOperands(op) - apCuNumInputs(op) != 1)
    return false;
  MlirValue out = mlirOperationGetOperand(op, numOperands(op) - 1);
  MlirAffineMap m = apCuMap(op, numOperands(op) - 1);
  return isBuffer(out) && mlirAffineMapIsPermutation(m) &&
         mlirShapedTypeHasStaticShape(mlirValueGetType(out));
}

/* Whether the loops `m` uses are exactly those of op's outputs, each once. */
static bool coversParallelLoops(MlirOperation op, MlirAffineMap m) {
  if (!mlirAffineMapIsProjectedPermutation(m) || numOperands(op) - apCuNumInputs(op) != 1)
    return false;
  return mlirAffineMapEqual(m, apCuMap(op, numOperands(op) - 1));
}

/* Whether v, an operand of an op joining the chain, touches what the chain
 * writes (or, when v is written, anything the chain touches). */
static bool clashes(const apCuChain *c, MlirValue v, bool writes) {
  for (int i = 0; i < c->n; ++i) {
    MlirOperation op = c->ops[i];
    for (int j = writes ? 0 : apCuNumInputs(op); j < numOperands(op); ++j)
      if (mayAlias(v, mlirOperationGetOperand(op, j)))
        return true;
  }
  return false;
}

static MlirValue outputOf(MlirOperation op) {
  return mlirOperationGetOperand(op, numOperands(op) - 1);
}

/* A fill: one scalar input, no buffer read. */
static bool isFill(MlirOperation op) {
  return isProducer(op) && apCuNumInputs(op) == 1 && !isBuffer(mlirOperationGetOperand(op, 0));
}

/* Whether `next` takes the outputs of the unconsumed ops open[0..numOpen)
 * as one operand each (at[k] for open[k]), reads nothing else the chain
 * writes and writes nothing the chain touches. */
static bool consumes(const apCuChain *c, const int *open, int numOpen, MlirOperation next,
                     int *at) {
  apCuContraction unused;
  if (!apOpNameIs(next, "linalg.generic") || apCuMatchContraction(next, &unused))
    return false;
  int numIn = apCuNumInputs(next);
  for (int k = 0; k < numOpen; ++k)
    at[k] = -1;
  for (int j = 0; j < numOperands(next); ++j) {
    MlirValue v = mlirOperationGetOperand(next, j);
    int taken = -1;
    for (int k = 0; k < numOpen && taken < 0; ++k)
      if (at[k] < 0 && mlirValueEqual(v, outputOf(c->ops[open[k]])))
        taken = k;
    if (taken >= 0) {
      at[taken] = j;
      MlirAffineMap m = apCuMap(next, j);
      if (j < numIn ? !mlirAffineMapIsPermutation(m) : !coversParallelLoops(next, m))
        return false;
      continue;
    }
    if (clashes(c, v, j >= numIn))
      return false;
  }
  for (int k = 0; k < numOpen; ++k)
    if (at[k] < 0)
      return false;
  return true;
}

/* The producer's own inputs may be its output only at the same point. */
static bool selfConsistent(MlirOperation op) {
  MlirValue out = outputOf(op);
  MlirAffineMap outMap = apCuMap(op, numOperands(op) - 1);
  for (int j = 0; j < apCuNumInputs(op); ++j) {
    MlirValue v = mlirOperationGetOperand(op, j);
    if (mayAlias(v, out) && !(mlirValueEqual(v, out) && mlirAffineMapEqual(apCuMap(op, j), outMap)))
      return false;
  }
  return true;
}

/* Whether the output of chain op i is read after the chain: only by the op
 * it feeds and deallocated, an alloc needs no store. */
static bool readLater(const apCuChain *c, int i) {
  MlirOperation op = c->ops[i];
  MlirValue out = outputOf(op);
  if (!isAlloc(out))
    return true;
  for (MlirOpOperand u = mlirValueGetFirstUse(out); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    MlirOperation user = mlirOpOperandGetOwner(u);
    if (!mlirOperationEqual(user, op) && !mlirOperationEqual(user, c->ops[c->feeds[i]]) &&
        !apOpNameIs(user, "memref.dealloc"))
      return true;
  }
  return false;
}

/* Each op joins when it consumes every output the chain has not: the last
 * op's and, where a fill came between (a reduction's initial value), the
 * fill's. */
void apCuChainOf(MlirOperation op, apCuChain *c) {
  c->ops[0] = op;
  c->feeds[0] = -1;
  c->store[0] = true;
  c->n = 1;
}

void apCuChainFrom(MlirOperation op, apCuChain *c) {
  c->ops[0] = op;
  c->n = 1;
  while (c->n + 2 <= AP_CU_MAX_FUSED && isProducer(c->ops[c->n - 1]) &&
         selfConsistent(c->ops[c->n - 1])) {
    int open[2] = {c->n - 1, -1}, numOpen = 1, at[2];
    MlirOperation next = mlirOperationGetNextInBlock(c->ops[c->n - 1]);
    if (!mlirOperationIsNull(next) && isFill(next) && !clashes(c, outputOf(next), true)) {
      c->ops[c->n] = next;
      open[numOpen++] = c->n;
      next = mlirOperationGetNextInBlock(next);
    }
    /* The fill joins only with what consumes it. */
    c->n += numOpen - 1;
    if (mlirOperationIsNull(next) || !consumes(c, open, numOpen, next, at)) {
      c->n -= numOpen - 1;
      break;
    }
    for (int k = 0; k < numOpen; ++k) {
      c->feeds[open[k]] = c->n;
      c->operand[open[k]] = at[k];
    }
    c->ops[c->n++] = next;
  }
  for (int i = 0; i + 1 < c->n; ++i)
    c->store[i] = c->operand[i] < apCuNumInputs(c->ops[c->feeds[i]]) && readLater(c, i);
  c->feeds[c->n - 1] = -1;
  c->store[c->n - 1] = true;
}
