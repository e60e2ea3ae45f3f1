/* Contractions to cuBLAS. A linalg.generic is a contraction when its body is
 * out + a * b (inputs possibly extended from bf16), every map a projected
 * permutation, and each loop is a batch loop (in A, B and C), an M loop (A,
 * C), an N loop (B, C) or a K loop (A, B), with some K loop and some M or N
 * loop: a transformer's contractions have several of a kind (heads and head
 * size, batch and sequence). Whether cuBLAS can take the operands' strides,
 * and which loops merge into one of its dims, is only known at run time
 * (views may have dynamic strides), so the runtime's apcuTryGemm decides and
 * the op's own kernel is the fallback. */
#include "CudaEmit.h"

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>

/* v, or the operand of the arith.extf that defines v. */
static MlirValue throughExt(MlirValue v) {
  if (mlirValueIsAOpResult(v) && apOpNameIs(mlirOpResultGetOwner(v), "arith.extf"))
    return mlirOperationGetOperand(mlirOpResultGetOwner(v), 0);
  return v;
}

static bool isArg(MlirValue v, MlirBlock body, int i) {
  return mlirValueEqual(v, mlirBlockGetArgument(body, i));
}

static bool mulAddBody(MlirOperation op) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetTerminator(body);
  if (mlirOperationGetNumOperands(yield) != 1)
    return false;
  MlirValue sum = mlirOperationGetOperand(yield, 0);
  if (!mlirValueIsAOpResult(sum) || !apOpNameIs(mlirOpResultGetOwner(sum), "arith.addf"))
    return false;
  MlirOperation add = mlirOpResultGetOwner(sum);
  MlirValue x = mlirOperationGetOperand(add, 0), y = mlirOperationGetOperand(add, 1);
  if (isArg(x, body, 2)) {
    MlirValue t = x;
    x = y;
    y = t;
  }
  if (!isArg(y, body, 2) || !mlirValueIsAOpResult(x) ||
      !apOpNameIs(mlirOpResultGetOwner(x), "arith.mulf"))
    return false;
  MlirOperation mul = mlirOpResultGetOwner(x);
  MlirValue a = throughExt(mlirOperationGetOperand(mul, 0));
  MlirValue b = throughExt(mlirOperationGetOperand(mul, 1));
  /* Nothing else in the body. */
  int count = 0;
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o))
    ++count;
  int exts = !mlirValueEqual(a, mlirOperationGetOperand(mul, 0)) +
             !mlirValueEqual(b, mlirOperationGetOperand(mul, 1));
  return count == 3 + exts &&
         ((isArg(a, body, 0) && isArg(b, body, 1)) || (isArg(a, body, 1) && isArg(b, body, 0)));
}

bool apCuMatchContraction(MlirOperation op, apCuContraction *out) {
  if (!apOpNameIs(op, "linalg.generic") || apCuNumInputs(op) != 2 ||
      mlirOperationGetNumOperands(op) != 3 || !mulAddBody(op))
    return false;
  MlirType t[3];
  for (int i = 0; i < 3; ++i) {
    t[i] = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (!mlirTypeIsAMemRef(t[i]))
      return false;
  }
  out->ab = mlirShapedTypeGetElementType(t[0]);
  out->c = mlirShapedTypeGetElementType(t[2]);
  bool f32 = mlirTypeIsAF32(out->ab) && mlirTypeIsAF32(out->c);
  bool f64 = mlirTypeIsAF64(out->ab) && mlirTypeIsAF64(out->c);
  bool bf = apCuIsBf16(out->ab) && (apCuIsBf16(out->c) || mlirTypeIsAF32(out->c));
  if (!mlirTypeEqual(out->ab, mlirShapedTypeGetElementType(t[1])) || !(f32 || f64 || bf))
    return false;
  int numLoops = (int)mlirAffineMapGetNumDims(apCuMap(op, 0));
  unsigned in[AP_CU_EMIT_MAX_RANK * 2] = {0};
  if (numLoops > AP_CU_EMIT_MAX_RANK * 2)
    return false;
  for (int i = 0; i < 3; ++i) {
    MlirAffineMap m = apCuMap(op, i);
    if (!mlirAffineMapIsProjectedPermutation(m))
      return false;
    for (intptr_t r = 0; r < mlirAffineMapGetNumResults(m); ++r)
      in[mlirAffineDimExprGetPosition(mlirAffineMapGetResult(m, r))] |= 1u << i;
  }
  /* Operand bits (A 1, B 2, C 4) to roles. */
  static const int roles[8] = {-1, -1, -1, 3, -1, 1, 2, 0};
  int count[4] = {0, 0, 0, 0};
  out->numLoops = numLoops;
  for (int l = 0; l < numLoops; ++l) {
    out->role[l] = roles[in[l]];
    if (out->role[l] < 0)
      return false;
    count[out->role[l]]++;
  }
  return count[3] > 0 && count[1] + count[2] > 0;
}

/* The dim of operand i's view that loop l indexes, or -1. */
static int dimOf(MlirOperation op, int i, int l) {
  MlirAffineMap m = apCuMap(op, i);
  for (intptr_t r = 0; r < mlirAffineMapGetNumResults(m); ++r)
    if ((int)mlirAffineDimExprGetPosition(mlirAffineMapGetResult(m, r)) == l)
      return (int)r;
  return -1;
}

static int64_t extentOf(MlirOperation op, int l) {
  for (int i = 0; i < 3; ++i) {
    int d = dimOf(op, i, l);
    if (d >= 0)
      return mlirShapedTypeGetDimSize(mlirValueGetType(mlirOperationGetOperand(op, i)), d);
  }
  return 1;
}

/* A zero fill of the contraction's output just before it: cuBLAS then
 * writes C (beta 0) instead of adding to it. The fill is a generic with one
 * scalar input that it yields. */
static bool isFillOf(MlirOperation fill, MlirOperation gemm) {
  if (mlirOperationIsNull(fill) || !apOpNameIs(fill, "linalg.generic") ||
      mlirOperationGetNumOperands(fill) != 2 || apCuNumInputs(fill) != 1 ||
      mlirTypeIsAShaped(mlirValueGetType(mlirOperationGetOperand(fill, 0))) ||
      !mlirValueEqual(mlirOperationGetOperand(fill, 1), mlirOperationGetOperand(gemm, 2)) ||
      !mlirAffineMapIsPermutation(apCuMap(fill, 1)))
    return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(fill, 0));
  MlirOperation yield = mlirBlockGetFirstOperation(body);
  return apOpNameIs(yield, "linalg.yield") && mlirOperationGetNumOperands(yield) == 1 &&
         mlirValueEqual(mlirOperationGetOperand(yield, 0), mlirBlockGetArgument(body, 0));
}

typedef struct {
  char name[64];
  int64_t threads;
  apCuCaptures cap;
  apCuChain chain;
} apCuLaunch;

static bool prepare(apCuEmitter *e, MlirOperation op, apCuLaunch *l, bool fuse) {
  if (fuse)
    apCuChainFrom(op, &l->chain);
  else
    apCuChainOf(op, &l->chain);
  return apCuKernel(e, &l->chain, l->name, sizeof l->name, &l->threads, &l->cap);
}

static void launch(apCuEmitter *e, apBuf *b, const apCuLaunch *l, const char *indent) {
  apBufPrintf(b, "%sAP_LAUNCH(%s, %lldLL", indent, l->name, (long long)l->threads);
  apCuLaunchArgs(e, b, &l->chain, &l->cap);
}

/* apcuTryGemm on the op's views, its own kernel where cuBLAS cannot take
 * them; a zero fill before it (fill, else NULL) becomes beta 0. */
static void emitContraction(apCuEmitter *e, apBuf *b, MlirOperation op, const apCuContraction *c,
                            const apCuLaunch *fallback, const apCuLaunch *fill,
                            const char *indent) {
  static const char *const roleNames[] = {"AP_CU_BATCH", "AP_CU_M", "AP_CU_N", "AP_CU_K"};
  apBufPrintf(b, "%s{\n%s  static const int role[] = {", indent, indent);
  for (int l = 0; l < c->numLoops; ++l)
    apBufPrintf(b, "%s%s", l ? ", " : "", roleNames[c->role[l]]);
  apBufPrintf(b, "};\n%s  static const int64_t ext[] = {", indent);
  for (int l = 0; l < c->numLoops; ++l)
    apBufPrintf(b, "%s%lldLL", l ? ", " : "", (long long)extentOf(op, l));
  apBufPrintf(b, "};\n");
  const char *names[3] = {"da", "db", "dc"};
  for (int i = 0; i < 3; ++i) {
    apBufPrintf(b, "%s  static const int %s[] = {", indent, names[i]);
    for (int l = 0; l < c->numLoops; ++l)
      apBufPrintf(b, "%s%d", l ? ", " : "", dimOf(op, i, l));
    apBufPrintf(b, "};\n");
  }
  char inner[64];
  snprintf(inner, sizeof inner, "%s    ", indent);
  if (fill) {
    apBufPrintf(b, "%s  const int zero = ", indent);
    apCuName(e, b, mlirOperationGetOperand(fill->chain.ops[0], 0));
    apBufPrintf(b, " == 0;\n%s  if (!zero)\n", indent);
    launch(e, b, fill, inner);
  }
  apBufPrintf(b, "%s  if (!apcuTryGemm(%s, %s, %s, %d, role, ext, ", indent, apCuRuntimeType(c->ab),
              apCuRuntimeType(c->c), fill ? "!zero" : "1", c->numLoops);
  apCuName(e, b, mlirOperationGetOperand(op, 0));
  apBufPrintf(b, ", da, ");
  apCuName(e, b, mlirOperationGetOperand(op, 1));
  apBufPrintf(b, ", db, ");
  apCuName(e, b, mlirOperationGetOperand(op, 2));
  apBufPrintf(b, ", dc)) {\n");
  if (fill) {
    apBufPrintf(b, "%s    if (zero)\n", indent);
    snprintf(inner, sizeof inner, "%s      ", indent);
    launch(e, b, fill, inner);
    snprintf(inner, sizeof inner, "%s    ", indent);
  }
  launch(e, b, fallback, inner);
  apBufPrintf(b, "%s  }\n%s}\n", indent, indent);
}

int apCuEmitGeneric(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent) {
  apCuContraction c;
  apCuLaunch main, fill;
  MlirOperation next = mlirOperationGetNextInBlock(op);
  if (apCuMatchContraction(op, &c)) {
    if (!prepare(e, op, &main, false))
      return 0;
    emitContraction(e, b, op, &c, &main, NULL, indent);
    return 1;
  }
  if (!mlirOperationIsNull(next) && apCuMatchContraction(next, &c) && isFillOf(op, next)) {
    if (!prepare(e, op, &fill, false) || !prepare(e, next, &main, false))
      return 0;
    emitContraction(e, b, next, &c, &main, &fill, indent);
    return 2;
  }
  if (!prepare(e, op, &main, true))
    return 0;
  launch(e, b, &main, indent);
  return main.chain.n;
}
