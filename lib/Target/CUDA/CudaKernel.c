/* Kernels from chains of linalg.generic (CudaFuse.c) and from memref.copy:
 * one thread per point of the last op's parallel loops (last loop fastest,
 * so neighbouring threads touch neighbouring elements of row-major
 * outputs), its reduction loops inside in order, the bodies from the ops'
 * own regions, each fused op's where the next would load its result.
 * Kernels whose text is the same are defined once per unit. */
#include "CudaEmit.h"

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int apCuNumInputs(MlirOperation op) {
  MlirAttribute seg =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("operandSegmentSizes"));
  if (mlirAttributeIsNull(seg))
    return (int)mlirOperationGetNumOperands(op) - 1;
  return (int)mlirDenseI32ArrayGetElement(seg, 0);
}

/* linalg.map (what bufferizing tensor.pad makes) has no maps: identities. */
MlirAffineMap apCuMap(MlirOperation op, int operand) {
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  if (mlirAttributeIsNull(maps)) {
    MlirValue out = mlirOperationGetOperand(op, mlirOperationGetNumOperands(op) - 1);
    return mlirAffineMapMultiDimIdentityGet(mlirOperationGetContext(op),
                                            mlirShapedTypeGetRank(mlirValueGetType(out)));
  }
  return mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, operand));
}

bool apCuAffineExpr(apBuf *b, MlirAffineExpr x) {
  if (mlirAffineExprIsADim(x)) {
    apBufPrintf(b, "d%d", (int)mlirAffineDimExprGetPosition(x));
    return true;
  }
  if (mlirAffineExprIsAConstant(x)) {
    apBufPrintf(b, "%lldLL", (long long)mlirAffineConstantExprGetValue(x));
    return true;
  }
  const char *f = mlirAffineExprIsAAdd(x)        ? "(%s + %s)"
                  : mlirAffineExprIsAMul(x)      ? "(%s * %s)"
                  : mlirAffineExprIsAMod(x)      ? "apMod(%s, %s)"
                  : mlirAffineExprIsAFloorDiv(x) ? "apFloorDiv(%s, %s)"
                  : mlirAffineExprIsACeilDiv(x)  ? "apCeilDiv(%s, %s)"
                                                 : NULL;
  if (!f)
    return false;
  apBuf l = {0}, r = {0};
  bool ok = apCuAffineExpr(&l, mlirAffineBinaryOpExprGetLHS(x)) &&
            apCuAffineExpr(&r, mlirAffineBinaryOpExprGetRHS(x));
  if (ok)
    apBufPrintf(b, f, l.data, r.data);
  apBufFree(&l);
  apBufFree(&r);
  return ok;
}

void apCuIndex(apBuf *b, const char *view, MlirType type, MlirAffineMap map) {
  int64_t rank = mlirShapedTypeGetRank(type);
  int64_t strides[AP_CU_EMIT_MAX_RANK], offset;
  bool known =
      rank <= AP_CU_EMIT_MAX_RANK &&
      mlirLogicalResultIsSuccess(mlirMemRefTypeGetStridesAndOffset(type, strides, &offset));
  apBufPrintf(b, "0");
  for (int64_t d = 0; d < rank; ++d) {
    if (mlirShapedTypeGetDimSize(type, d) == 1)
      continue; /* index 0 */
    apBufPrintf(b, " + ");
    apCuAffineExpr(b, mlirAffineMapGetResult(map, d));
    if (known && !mlirShapedTypeIsDynamicStrideOrOffset(strides[d]))
      apBufPrintf(b, " * %lldLL", (long long)strides[d]);
    else
      apBufPrintf(b, " * %s.stride[%lld]", view, (long long)d);
  }
}

/* Names inside a kernel: the region's values numbered locally, so that
 * kernels of identical ops have identical text. */
typedef struct {
  const void *keys[512];
  int count;
} apCuLocals;

static void localName(void *ctx, MlirValue v, apBuf *b) {
  apCuLocals *l = ctx;
  for (int i = 0; i < l->count; ++i)
    if (l->keys[i] == v.ptr) {
      apBufPrintf(b, "x%d", i);
      return;
    }
  if (l->count < 512)
    l->keys[l->count] = v.ptr;
  apBufPrintf(b, "x%d", l->count++);
}

/* Loop extents: for each loop, a dim of an operand indexed by it alone. */
static bool loopExtents(MlirOperation op, int numLoops, int64_t *ext) {
  int numOperands = (int)mlirOperationGetNumOperands(op);
  for (int l = 0; l < numLoops; ++l) {
    ext[l] = -1;
    for (int k = 0; k < numOperands && ext[l] < 0; ++k) {
      MlirType t = mlirValueGetType(mlirOperationGetOperand(op, k));
      if (!mlirTypeIsAMemRef(t))
        continue;
      MlirAffineMap m = apCuMap(op, k);
      for (intptr_t r = 0; r < mlirAffineMapGetNumResults(m); ++r) {
        MlirAffineExpr x = mlirAffineMapGetResult(m, r);
        if (mlirAffineExprIsADim(x) && mlirAffineDimExprGetPosition(x) == l)
          ext[l] = mlirShapedTypeGetDimSize(t, r);
      }
    }
    if (ext[l] < 0)
      return false;
  }
  return true;
}

/* Defines the kernel text in the current unit once; its name in `name`. */
static void define(apCuEmitter *e, apBuf *text, char *name, int nameLen) {
  apCuUnit *u = e->unit;
  for (int i = 0; i < u->numKernels; ++i)
    if (!strcmp(u->kernelTexts[i], text->data)) {
      snprintf(name, (size_t)nameLen, "%s_k%d", u->name, i);
      return;
    }
  char **grown = realloc(u->kernelTexts, sizeof *grown * (size_t)(u->numKernels + 1));
  if (!grown) {
    e->failed = true;
    return;
  }
  u->kernelTexts = grown;
  u->kernelTexts[u->numKernels] = strdup(text->data);
  snprintf(name, (size_t)nameLen, "%s_k%d", u->name, u->numKernels++);
  /* The text has "@K" where the name goes. */
  const char *at = strstr(text->data, "@K");
  apBufPrintf(&u->kernels, "%.*s%s%s\n", (int)(at - text->data), text->data, name, at + 2);
}

static void load(apBuf *b, MlirType t, const char *view, MlirAffineMap map) {
  MlirType el = mlirShapedTypeGetElementType(t);
  if (apCuIsBf16(el))
    apBufPrintf(b, "apBf16ToF32(((const ap_bf16 *)%s.ptr)[", view);
  else
    apBufPrintf(b, "((const %s *)%s.ptr)[", apCuStorageType(el), view);
  apCuIndex(b, view, t, map);
  apBufPrintf(b, apCuIsBf16(el) ? "])" : "]");
}

/* Whether v is defined inside op's body. */
static bool inside(MlirValue v, MlirBlock body) {
  if (mlirValueIsABlockArgument(v))
    return mlirBlockEqual(mlirBlockArgumentGetOwner(v), body);
  return mlirBlockEqual(mlirOperationGetBlock(mlirOpResultGetOwner(v)), body);
}

/* Values the body uses from above: constants are rebuilt in the kernel,
 * anything else becomes a parameter (captured[]). */
static bool captures(apCuEmitter *e, MlirOperation op, MlirBlock body, apBuf *k, apCuLocals *locals,
                     apCuCaptures *cap) {
  cap->count = 0;
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o))
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(o); ++i) {
      MlirValue v = mlirOperationGetOperand(o, i);
      bool seen = inside(v, body);
      for (int j = 0; j < locals->count && !seen; ++j)
        seen = locals->keys[j] == v.ptr;
      for (int j = 0; j < cap->count && !seen; ++j)
        seen = mlirValueEqual(cap->values[j], v);
      if (seen)
        continue;
      if (mlirValueIsAOpResult(v) && apOpNameIs(mlirOpResultGetOwner(v), "arith.constant")) {
        if (!apCuScalarOp(e, k, mlirOpResultGetOwner(v), localName, locals, "  "))
          return false;
        continue;
      }
      if (cap->count == AP_CU_MAX_CAPTURES || mlirTypeIsAShaped(mlirValueGetType(v))) {
        apCuError(e, op, "--lower-to-cuda: this op's body uses too much from outside");
        return false;
      }
      cap->values[cap->count++] = v;
    }
  return true;
}

/* The kernel of a chain being written: ops[i]'s operand j is parameter
 * a<base[i] + j>; rename[i] gives ops[i]'s loops as expressions of the
 * last op's loops (the kernel's). Ops feed later ones, so the renaming is
 * found from the last op backwards. */
typedef struct {
  apCuEmitter *e;
  const apCuChain *c;
  int base[AP_CU_MAX_FUSED];
  MlirAffineMap rename[AP_CU_MAX_FUSED];
  apCuLocals locals;
  apBuf *k;
} apCuGen;

static MlirAffineMap composed(const apCuGen *g, int i, int j) {
  MlirAffineMap m = apCuMap(g->c->ops[i], j);
  if (i == g->c->n - 1)
    return m;
  intptr_t n = mlirAffineMapGetNumResults(m);
  MlirAffineExpr r[AP_CU_EMIT_MAX_RANK * 2];
  for (intptr_t x = 0; x < n && x < AP_CU_EMIT_MAX_RANK * 2; ++x)
    r[x] = mlirAffineExprCompose(mlirAffineMapGetResult(m, x), g->rename[i]);
  return mlirAffineMapGet(mlirAffineMapGetContext(m), mlirAffineMapGetNumDims(g->rename[i]), 0, n,
                          r);
}

/* ops[i]'s loops from the map its consumer reads its output with. */
static void renameLoops(apCuGen *g, int i) {
  MlirOperation op = g->c->ops[i];
  int out = (int)mlirOperationGetNumOperands(op) - 1;
  MlirAffineMap via = composed(g, g->c->feeds[i], g->c->operand[i]), mine = apCuMap(op, out);
  intptr_t loops = mlirAffineMapGetNumDims(mine);
  MlirAffineExpr r[AP_CU_EMIT_MAX_RANK * 2];
  for (intptr_t x = 0; x < mlirAffineMapGetNumResults(mine); ++x)
    r[mlirAffineDimExprGetPosition(mlirAffineMapGetResult(mine, x))] =
        mlirAffineMapGetResult(via, x);
  g->rename[i] =
      mlirAffineMapGet(mlirAffineMapGetContext(via), mlirAffineMapGetNumDims(via), 0, loops, r);
}

/* The chain op whose output is operand j of ops[i], or -1. */
static int feeder(const apCuChain *c, int i, int j) {
  for (int m = 0; m < i; ++m)
    if (c->feeds[m] == i && c->operand[m] == j)
      return m;
  return -1;
}

static MlirType operandType(MlirOperation op, int j) {
  return mlirValueGetType(mlirOperationGetOperand(op, j));
}

static MlirType elemOf(MlirType t) {
  return mlirTypeIsAMemRef(t) ? mlirShapedTypeGetElementType(t) : t;
}

/* "<T> x = <operand j of ops[i]>;": a load, the scalar parameter, or the
 * value of the fused op before it. */
static bool bindOperand(apCuGen *g, int i, int j, MlirValue arg, const char *indent, bool constant);

/* The ops of ops[i]'s body, its loops renamed to the kernel's; returns its
 * linalg.yield, or a null op on error (reported). */
static MlirOperation emitOps(apCuGen *g, int i, const char *indent) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(g->c->ops[i], 0));
  MlirOperation yield = {NULL};
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    if (apOpNameIs(o, "linalg.yield")) {
      yield = o;
    } else if (apOpNameIs(o, "linalg.index")) {
      int64_t dim = mlirIntegerAttrGetValueInt(
          mlirOperationGetAttributeByName(o, mlirStringRefCreateFromCString("dim")));
      apBufPrintf(g->k, "%sconst int64_t ", indent);
      localName(&g->locals, mlirOperationGetResult(o, 0), g->k);
      apBufPrintf(g->k, " = ");
      apCuAffineExpr(g->k, mlirAffineMapGetResult(g->rename[i], dim));
      apBufPrintf(g->k, ";\n");
    } else if (!apCuIsScalarOp(o)) {
      MlirStringRef on = apCuOpName(o);
      apCuError(g->e, o, "--lower-to-cuda: '%.*s' in a linalg body is not supported",
                (int)on.length, on.data);
      return (MlirOperation){NULL};
    } else if (!apCuScalarOp(g->e, g->k, o, localName, &g->locals, indent)) {
      return (MlirOperation){NULL};
    }
  }
  return yield;
}

/* The body of ops[i] at this point of the kernel; the name of its result
 * in `result`. */
static bool emitBody(apCuGen *g, int i, const char *indent, apBuf *result) {
  MlirOperation op = g->c->ops[i];
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  int numIn = apCuNumInputs(op), numOperands = (int)mlirOperationGetNumOperands(op);
  bool outArgs = mlirBlockGetNumArguments(body) == numOperands;
  for (int j = 0; j < numOperands; ++j) {
    if (j >= numIn && !outArgs)
      break;
    MlirValue arg = mlirBlockGetArgument(body, j);
    bool fed = feeder(g->c, i, j) >= 0;
    if ((fed || !mlirOpOperandIsNull(mlirValueGetFirstUse(arg))) &&
        !bindOperand(g, i, j, arg, indent, j < numIn))
      return false;
  }
  MlirOperation yield = emitOps(g, i, indent);
  if (mlirOperationIsNull(yield))
    return false;
  /* A fused op has one output: its value, and its store where still read. */
  localName(&g->locals, mlirOperationGetOperand(yield, 0), result);
  if (g->c->store[i]) {
    MlirType t = operandType(op, numOperands - 1);
    MlirType el = mlirShapedTypeGetElementType(t);
    char view[16];
    snprintf(view, sizeof view, "a%d", g->base[i] + numOperands - 1);
    apBufPrintf(g->k, "%s((%s *)%s.ptr)[", indent, apCuStorageType(el), view);
    apCuIndex(g->k, view, t, composed(g, i, numOperands - 1));
    apBufPrintf(g->k, "] = %s%s%s;\n", apCuIsBf16(el) ? "apF32ToBf16(" : "", result->data,
                apCuIsBf16(el) ? ")" : "");
  }
  return true;
}

static bool bindOperand(apCuGen *g, int i, int j, MlirValue arg, const char *indent,
                        bool constant) {
  MlirOperation op = g->c->ops[i];
  MlirType t = operandType(op, j);
  apBuf value = {0};
  bool ok = true;
  int m = feeder(g->c, i, j);
  if (m >= 0) {
    ok = emitBody(g, m, indent, &value);
  } else if (mlirTypeIsAMemRef(t)) {
    char view[16];
    snprintf(view, sizeof view, "a%d", g->base[i] + j);
    load(&value, t, view, composed(g, i, j));
  } else {
    apBufPrintf(&value, "a%d", g->base[i] + j);
  }
  if (ok) {
    apBufPrintf(g->k, "%s%s%s ", indent, constant ? "const " : "", apCuRegisterType(elemOf(t)));
    localName(&g->locals, arg, g->k);
    apBufPrintf(g->k, " = %s;\n", value.data ? value.data : "");
  }
  apBufFree(&value);
  return ok;
}

static bool chainKernel(apCuEmitter *e, const apCuChain *c, char *name, int nameLen,
                        int64_t *threads, apCuCaptures *cap) {
  MlirOperation op = c->ops[c->n - 1];
  int numIn = apCuNumInputs(op);
  int numOperands = (int)mlirOperationGetNumOperands(op);
  int numLoops = (int)mlirAffineMapGetNumDims(apCuMap(op, 0));
  int64_t ext[16];
  if (numLoops > 16 || !loopExtents(op, numLoops, ext)) {
    apCuError(e, op, "--lower-to-cuda: a loop of this op has no extent of its own");
    return false;
  }
  /* Reduction loops: those no output map uses. */
  bool red[16] = {false};
  for (int l = 0; l < numLoops; ++l) {
    red[l] = true;
    for (int k = numIn; k < numOperands && red[l]; ++k) {
      MlirAffineMap m = apCuMap(op, k);
      for (intptr_t r = 0; r < mlirAffineMapGetNumResults(m); ++r)
        if (mlirAffineExprIsFunctionOfDim(mlirAffineMapGetResult(m, r), l))
          red[l] = false;
    }
  }
  apBuf k = {0};
  apCuGen g;
  memset(&g, 0, sizeof g);
  g.e = e;
  g.c = c;
  g.k = &k;
  g.rename[c->n - 1] = mlirAffineMapMultiDimIdentityGet(mlirOperationGetContext(op), numLoops);
  for (int i = c->n - 2; i >= 0; --i)
    renameLoops(&g, i);
  apBufPrintf(&k, "AP_KERNEL @K(");
  int param = 0;
  for (int i = 0; i < c->n; ++i) {
    g.base[i] = param;
    for (int j = 0; j < (int)mlirOperationGetNumOperands(c->ops[i]); ++j, ++param) {
      MlirType t = operandType(c->ops[i], j);
      if (mlirTypeIsAMemRef(t))
        apBufPrintf(&k, "%sapCuView a%d", param ? ", " : "", param);
      else
        apBufPrintf(&k, "%s%s a%d", param ? ", " : "", apCuRegisterType(t), param);
    }
  }
  /* The parameters for captured values go in after the bodies are read. */
  size_t paramsAt = k.len;
  int64_t n = 1;
  for (int l = 0; l < numLoops; ++l)
    if (!red[l])
      n *= ext[l];
  *threads = n;
  apBufPrintf(&k, ") {\n  int64_t t = AP_THREAD();\n  if (t >= %lldLL)\n    return;\n",
              (long long)n);
  for (int l = numLoops - 1; l >= 0; --l)
    if (!red[l])
      apBufPrintf(&k, "  int64_t d%d = t %% %lldLL;\n  t /= %lldLL;\n", l, (long long)ext[l],
                  (long long)ext[l]);
  apBufPrintf(&k, "  (void)t;\n");
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  bool outArgs = mlirBlockGetNumArguments(body) == numOperands;
  bool reduces = false;
  for (int l = 0; l < numLoops; ++l)
    reduces = reduces || red[l];
  int last = c->n - 1;
  bool ok = true;
  /* What the bodies use from outside first: every op of the chain may. */
  apBuf consts = {0};
  for (int i = 0; i < c->n && ok; ++i) {
    MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(c->ops[i], 0));
    ok = captures(e, c->ops[i], b, &consts, &g.locals, cap);
  }
  for (int i = 0; i < cap->count && ok; ++i) {
    apBufPrintf(&consts, "  const %s ", apCuRegisterType(mlirValueGetType(cap->values[i])));
    localName(&g.locals, cap->values[i], &consts);
    apBufPrintf(&consts, " = c%d;\n", i);
  }
  apBufPrintf(&k, "%s", consts.data ? consts.data : "");
  apBufFree(&consts);
  /* Outputs are accumulators: their current values first, where the body
   * reads them (fills and elementwise ops only write), or what the fused
   * op before computes. */
  for (int i = numIn; i < numOperands && outArgs && ok; ++i) {
    MlirValue arg = mlirBlockGetArgument(body, i);
    bool fed = feeder(c, last, i) >= 0;
    if (fed || reduces || !mlirOpOperandIsNull(mlirValueGetFirstUse(arg))) {
      ok = bindOperand(&g, last, i, arg, "  ", false);
    } else {
      apBufPrintf(&k, "  %s ", apCuRegisterType(elemOf(operandType(op, i))));
      localName(&g.locals, arg, &k);
      apBufPrintf(&k, ";\n");
    }
  }
  char indent[64] = "  ";
  for (int l = 0; l < numLoops; ++l)
    if (red[l]) {
      apBufPrintf(&k, "%sfor (int64_t d%d = 0; d%d < %lldLL; ++d%d) {\n", indent, l, l,
                  (long long)ext[l], l);
      strcat(indent, "  ");
    }
  for (int i = 0; i < numIn && ok; ++i) {
    MlirValue arg = mlirBlockGetArgument(body, i);
    bool fed = feeder(c, last, i) >= 0;
    if (fed || !mlirOpOperandIsNull(mlirValueGetFirstUse(arg)))
      ok = bindOperand(&g, last, i, arg, indent, true);
  }
  MlirOperation yield = {NULL};
  if (ok) {
    yield = emitOps(&g, last, indent);
    ok = !mlirOperationIsNull(yield);
  }
  for (int i = numIn; ok && outArgs && i < numOperands; ++i) {
    apBufPrintf(&k, "%s", indent);
    localName(&g.locals, mlirBlockGetArgument(body, i), &k);
    apBufPrintf(&k, " = ");
    localName(&g.locals, mlirOperationGetOperand(yield, i - numIn), &k);
    apBufPrintf(&k, ";\n");
  }
  for (int l = numLoops - 1; l >= 0; --l)
    if (red[l]) {
      indent[strlen(indent) - 2] = 0;
      apBufPrintf(&k, "%s}\n", indent);
    }
  char view[16];
  for (int i = numIn; ok && i < numOperands; ++i) {
    MlirType t = operandType(op, i);
    MlirType el = mlirShapedTypeGetElementType(t);
    snprintf(view, sizeof view, "a%d", g.base[last] + i);
    apBufPrintf(&k, "  ((%s *)%s.ptr)[", apCuStorageType(el), view);
    apCuIndex(&k, view, t, apCuMap(op, i));
    apBufPrintf(&k, "] = ");
    if (apCuIsBf16(el))
      apBufPrintf(&k, "apF32ToBf16(");
    localName(&g.locals,
              outArgs ? mlirBlockGetArgument(body, i) : mlirOperationGetOperand(yield, i - numIn),
              &k);
    apBufPrintf(&k, apCuIsBf16(el) ? ");\n" : ";\n");
  }
  apBufPrintf(&k, "}\n");
  if (ok && cap->count && !k.failed) {
    apBuf params = {0};
    for (int i = 0; i < cap->count; ++i)
      apBufPrintf(&params, ", %s c%d", apCuRegisterType(mlirValueGetType(cap->values[i])), i);
    apBuf full = {0};
    apBufPrintf(&full, "%.*s%s%s", (int)paramsAt, k.data, params.data, k.data + paramsAt);
    apBufFree(&params);
    apBufFree(&k);
    k = full;
  }
  if (ok && g.locals.count >= 512) {
    apCuError(e, op, "--lower-to-cuda: this op's body is too large for one kernel");
    ok = false;
  }
  if (ok && !k.failed)
    define(e, &k, name, nameLen);
  apBufFree(&k);
  return ok && !e->failed;
}

/* A copy between two views of the same shape: the identity generic. */
static bool copyKernel(apCuEmitter *e, MlirOperation op, char *name, int nameLen,
                       int64_t *threads) {
  MlirType st = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType dt = mlirValueGetType(mlirOperationGetOperand(op, 1));
  int rank = (int)mlirShapedTypeGetRank(dt);
  MlirType el = mlirShapedTypeGetElementType(dt);
  MlirAffineMap id = mlirAffineMapMultiDimIdentityGet(mlirTypeGetContext(dt), rank);
  apBuf k = {0};
  int64_t n = 1;
  for (int d = 0; d < rank; ++d)
    n *= mlirShapedTypeGetDimSize(dt, d);
  *threads = n;
  apBufPrintf(&k,
              "AP_KERNEL @K(apCuView a0, apCuView a1) {\n  int64_t t = AP_THREAD();\n"
              "  if (t >= %lldLL)\n    return;\n",
              (long long)n);
  for (int d = rank - 1; d >= 0; --d) {
    long long s = (long long)mlirShapedTypeGetDimSize(dt, d);
    apBufPrintf(&k, "  int64_t d%d = t %% %lldLL;\n  t /= %lldLL;\n", d, s, s);
  }
  apBufPrintf(&k, "  (void)t;\n  ((%s *)a1.ptr)[", apCuStorageType(el));
  apCuIndex(&k, "a1", dt, id);
  apBufPrintf(&k, "] = ((const %s *)a0.ptr)[", apCuStorageType(el));
  apCuIndex(&k, "a0", st, id);
  apBufPrintf(&k, "];\n}\n");
  if (!k.failed)
    define(e, &k, name, nameLen);
  apBufFree(&k);
  return !e->failed;
}

bool apCuKernel(apCuEmitter *e, const apCuChain *c, char *name, int nameLen, int64_t *threads,
                apCuCaptures *cap) {
  cap->count = 0;
  if (apOpNameIs(c->ops[0], "memref.copy"))
    return copyKernel(e, c->ops[0], name, nameLen, threads);
  return chainKernel(e, c, name, nameLen, threads, cap);
}

void apCuLaunchArgs(apCuEmitter *e, apBuf *b, const apCuChain *c, const apCuCaptures *cap) {
  for (int i = 0; i < c->n; ++i)
    for (intptr_t j = 0; j < mlirOperationGetNumOperands(c->ops[i]); ++j) {
      apBufPrintf(b, ", ");
      apCuName(e, b, mlirOperationGetOperand(c->ops[i], j));
    }
  for (int i = 0; i < cap->count; ++i) {
    apBufPrintf(b, ", ");
    apCuName(e, b, cap->values[i]);
  }
  apBufPrintf(b, ");\n");
}
