/* Kernels from linalg.generic and memref.copy: one thread per point of the
 * parallel loops (last loop fastest, so neighbouring threads touch
 * neighbouring elements of row-major outputs), the reduction loops inside
 * it in order, the body from the op's own region. Kernels whose text is the
 * same are defined once per unit. */
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
  bool known = rank <= AP_CU_EMIT_MAX_RANK &&
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
static bool captures(apCuEmitter *e, MlirOperation op, MlirBlock body, apBuf *k,
                     apCuLocals *locals, apCuCaptures *cap) {
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

static bool genericKernel(apCuEmitter *e, MlirOperation op, char *name, int nameLen,
                          int64_t *threads, apCuCaptures *cap) {
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
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  /* linalg.map's body sees no outputs. */
  bool outArgs = mlirBlockGetNumArguments(body) == numOperands;
  apCuLocals locals = {{0}, 0};
  apBuf k = {0};
  apBufPrintf(&k, "AP_KERNEL @K(");
  for (int i = 0; i < numOperands; ++i) {
    MlirValue v = mlirOperationGetOperand(op, i);
    MlirType t = mlirValueGetType(v);
    if (mlirTypeIsAMemRef(t))
      apBufPrintf(&k, "%sapCuView a%d", i ? ", " : "", i);
    else
      apBufPrintf(&k, "%s%s a%d", i ? ", " : "", apCuRegisterType(t), i);
  }
  /* The parameters for captured values go in after the body is read. */
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
  char view[16];
  /* Outputs are accumulators: their current values first, where the body
   * reads them (fills and elementwise ops only write). */
  bool reduces = false;
  for (int l = 0; l < numLoops; ++l)
    reduces = reduces || red[l];
  for (int i = numIn; i < numOperands && outArgs; ++i) {
    MlirValue arg = mlirBlockGetArgument(body, i);
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    apBufPrintf(&k, "  %s ", apCuRegisterType(mlirShapedTypeGetElementType(t)));
    localName(&locals, arg, &k);
    snprintf(view, sizeof view, "a%d", i);
    if (reduces || !mlirOpOperandIsNull(mlirValueGetFirstUse(arg))) {
      apBufPrintf(&k, " = ");
      load(&k, t, view, apCuMap(op, i));
    }
    apBufPrintf(&k, ";\n");
  }
  apBuf consts = {0};
  if (!captures(e, op, body, &consts, &locals, cap)) {
    apBufFree(&k);
    apBufFree(&consts);
    return false;
  }
  for (int i = 0; i < cap->count; ++i) {
    apBufPrintf(&consts, "  const %s ", apCuRegisterType(mlirValueGetType(cap->values[i])));
    localName(&locals, cap->values[i], &consts);
    apBufPrintf(&consts, " = c%d;\n", i);
  }
  apBufPrintf(&k, "%s", consts.data ? consts.data : "");
  apBufFree(&consts);
  char indent[64] = "  ";
  for (int l = 0; l < numLoops; ++l)
    if (red[l]) {
      apBufPrintf(&k, "%sfor (int64_t d%d = 0; d%d < %lldLL; ++d%d) {\n", indent, l, l,
                  (long long)ext[l], l);
      strcat(indent, "  ");
    }
  for (int i = 0; i < numIn; ++i) {
    MlirValue arg = mlirBlockGetArgument(body, i);
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(arg)))
      continue;
    apBufPrintf(&k, "%sconst %s ", indent,
                apCuRegisterType(mlirTypeIsAMemRef(t) ? mlirShapedTypeGetElementType(t) : t));
    localName(&locals, arg, &k);
    apBufPrintf(&k, " = ");
    snprintf(view, sizeof view, "a%d", i);
    if (mlirTypeIsAMemRef(t))
      load(&k, t, view, apCuMap(op, i));
    else
      apBufPrintf(&k, "%s", view);
    apBufPrintf(&k, ";\n");
  }
  bool ok = true;
  MlirOperation yield = {NULL};
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o) && ok;
       o = mlirOperationGetNextInBlock(o)) {
    if (apOpNameIs(o, "linalg.yield")) {
      yield = o;
    } else if (apOpNameIs(o, "linalg.index")) {
      int64_t dim = mlirIntegerAttrGetValueInt(
          mlirOperationGetAttributeByName(o, mlirStringRefCreateFromCString("dim")));
      apBufPrintf(&k, "%sconst int64_t ", indent);
      localName(&locals, mlirOperationGetResult(o, 0), &k);
      apBufPrintf(&k, " = d%lld;\n", (long long)dim);
    } else if (apCuIsScalarOp(o)) {
      ok = apCuScalarOp(e, &k, o, localName, &locals, indent);
    } else {
      MlirStringRef on = apCuOpName(o);
      apCuError(e, o, "--lower-to-cuda: '%.*s' in a linalg body is not supported",
                (int)on.length, on.data);
      ok = false;
    }
  }
  for (int i = numIn; ok && outArgs && i < numOperands; ++i) {
    apBufPrintf(&k, "%s", indent);
    localName(&locals, mlirBlockGetArgument(body, i), &k);
    apBufPrintf(&k, " = ");
    localName(&locals, mlirOperationGetOperand(yield, i - numIn), &k);
    apBufPrintf(&k, ";\n");
  }
  for (int l = numLoops - 1; l >= 0; --l)
    if (red[l]) {
      indent[strlen(indent) - 2] = 0;
      apBufPrintf(&k, "%s}\n", indent);
    }
  for (int i = numIn; ok && i < numOperands; ++i) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    MlirType el = mlirShapedTypeGetElementType(t);
    snprintf(view, sizeof view, "a%d", i);
    apBufPrintf(&k, "  ((%s *)a%d.ptr)[", apCuStorageType(el), i);
    apCuIndex(&k, view, t, apCuMap(op, i));
    apBufPrintf(&k, "] = ");
    if (apCuIsBf16(el))
      apBufPrintf(&k, "apF32ToBf16(");
    localName(&locals,
              outArgs ? mlirBlockGetArgument(body, i) : mlirOperationGetOperand(yield, i - numIn),
              &k);
    apBufPrintf(&k, apCuIsBf16(el) ? ");\n" : ";\n");
  }
  apBufPrintf(&k, "}\n");
  if (cap->count && !k.failed) {
    apBuf params = {0};
    for (int i = 0; i < cap->count; ++i)
      apBufPrintf(&params, ", %s c%d", apCuRegisterType(mlirValueGetType(cap->values[i])), i);
    apBuf full = {0};
    apBufPrintf(&full, "%.*s%s%s", (int)paramsAt, k.data, params.data, k.data + paramsAt);
    apBufFree(&params);
    apBufFree(&k);
    k = full;
  }
  if (ok && locals.count >= 512) {
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
  apBufPrintf(&k, "AP_KERNEL @K(apCuView a0, apCuView a1) {\n  int64_t t = AP_THREAD();\n"
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

bool apCuKernel(apCuEmitter *e, MlirOperation op, char *name, int nameLen, int64_t *threads,
                apCuCaptures *cap) {
  cap->count = 0;
  if (apOpNameIs(op, "memref.copy"))
    return copyKernel(e, op, name, nameLen, threads);
  return genericKernel(e, op, name, nameLen, threads, cap);
}
