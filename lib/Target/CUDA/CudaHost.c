/* Host functions: one C++ function per func.func, the memrefs as views
 * (buffers at fixed offsets of the function's arena, globals in device
 * memory, views of views computed from their strides), generics and copies
 * as launches or cuBLAS calls, runtime calls to the GPU runtime, scf as C++
 * control flow, scalar results through pointers. */
#include "CudaEmit.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

static void hostName(void *ctx, MlirValue v, apBuf *b) { apCuName(ctx, b, v); }

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

/* The rank of a view: static, looking through casts to unranked memrefs,
 * else the one the view carries. */
static void rankOf(apCuEmitter *e, apBuf *b, MlirValue v) {
  MlirValue at = v;
  MlirType t = mlirValueGetType(at);
  while (!mlirShapedTypeHasRank(t) && mlirValueIsAOpResult(at) &&
         apOpNameIs(mlirOpResultGetOwner(at), "memref.cast")) {
    at = mlirOperationGetOperand(mlirOpResultGetOwner(at), 0);
    t = mlirValueGetType(at);
  }
  if (mlirShapedTypeHasRank(t)) {
    apBufPrintf(b, "%d", (int)mlirShapedTypeGetRank(t));
    return;
  }
  apBufPrintf(b, "(int)");
  apCuName(e, b, v);
  apBufPrintf(b, ".rank");
}

static bool isMemRef(MlirType t) { return mlirTypeIsAMemRef(t) || mlirTypeIsAUnrankedMemRef(t); }

static void declare(apCuEmitter *e, apBuf *b, MlirValue v, const char *indent) {
  MlirType t = mlirValueGetType(v);
  apBufPrintf(b, "%s%s ", indent, isMemRef(t) ? "apCuView" : apCuRegisterType(t));
  apCuName(e, b, v);
}

/* "apCuView v = {ptr, {sizes}, {strides}, rank};" with identity strides. */
static void denseView(apCuEmitter *e, apBuf *b, MlirValue v, const char *ptr, const char *indent) {
  MlirType t = mlirValueGetType(v);
  int rank = (int)mlirShapedTypeGetRank(t);
  declare(e, b, v, indent);
  apBufPrintf(b, " = {%s, {", ptr);
  for (int d = 0; d < rank; ++d)
    apBufPrintf(b, "%s%lldLL", d ? ", " : "", (long long)mlirShapedTypeGetDimSize(t, d));
  apBufPrintf(b, "%s}, {", rank ? "" : "0");
  for (int d = 0; d < rank; ++d) {
    int64_t s = 1;
    for (int j = d + 1; j < rank; ++j)
      s *= mlirShapedTypeGetDimSize(t, j);
    apBufPrintf(b, "%s%lldLL", d ? ", " : "", (long long)s);
  }
  apBufPrintf(b, "%s}, %d};\n", rank ? "" : "0", rank);
}

static int globalIndex(apCuEmitter *e, MlirAttribute sym) {
  MlirStringRef want = mlirFlatSymbolRefAttrGetValue(sym);
  for (int i = 0; i < e->numGlobals; ++i) {
    MlirStringRef n =
        mlirStringAttrGetValue(mlirOperationGetAttributeByName(e->globals[i], str("sym_name")));
    if (mlirStringRefEqual(n, want))
      return i;
  }
  return -1;
}

/* A view op's result from its source: new sizes and strides. */
static bool emitSubview(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent) {
  MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
  MlirType st = mlirValueGetType(src), rt = mlirValueGetType(res);
  int srank = (int)mlirShapedTypeGetRank(st), rrank = (int)mlirShapedTypeGetRank(rt);
  MlirAttribute offs = mlirOperationGetAttributeByName(op, str("static_offsets"));
  MlirAttribute sizes = mlirOperationGetAttributeByName(op, str("static_sizes"));
  MlirAttribute steps = mlirOperationGetAttributeByName(op, str("static_strides"));
  int64_t dyn = mlirShapedTypeGetDynamicSize();
  int next = 1;
  char off[AP_CU_EMIT_MAX_RANK][48], step[AP_CU_EMIT_MAX_RANK][48];
  int64_t size[AP_CU_EMIT_MAX_RANK];
  for (int pass = 0; pass < 3; ++pass)
    for (int d = 0; d < srank; ++d) {
      MlirAttribute a = pass == 0 ? offs : pass == 1 ? sizes : steps;
      int64_t x = mlirDenseI64ArrayGetElement(a, d);
      char *out = pass == 0 ? off[d] : pass == 2 ? step[d] : NULL;
      bool dynamic = pass == 1 ? x == dyn : mlirShapedTypeIsDynamicStrideOrOffset(x);
      if (pass == 1) {
        if (dynamic) {
          apCuError(e, op, "--lower-to-cuda: subviews of dynamic size are not supported");
          return false;
        }
        size[d] = x;
      } else if (dynamic) {
        apBuf nb = {0};
        apCuName(e, &nb, mlirOperationGetOperand(op, next++));
        snprintf(out, 48, "%s", nb.data);
        apBufFree(&nb);
      } else {
        snprintf(out, 48, "%lldLL", (long long)x);
      }
    }
  declare(e, b, res, indent);
  apBufPrintf(b, " = {");
  apCuName(e, b, src);
  apBufPrintf(b, ".ptr + (0");
  for (int d = 0; d < srank; ++d) {
    apBufPrintf(b, " + %s * ", off[d]);
    apCuName(e, b, src);
    apBufPrintf(b, ".stride[%d]", d);
  }
  apBufPrintf(b, ") * %lld, {", (long long)apCuElemBytes(mlirShapedTypeGetElementType(st)));
  /* Rank-reducing: drop unit dims while there are more left than needed. */
  int kept[AP_CU_EMIT_MAX_RANK], numKept = 0;
  for (int d = 0; d < srank; ++d)
    if (!(size[d] == 1 && srank - d > rrank - numKept))
      kept[numKept++] = d;
  for (int j = 0; j < numKept; ++j)
    apBufPrintf(b, "%s%lldLL", j ? ", " : "", (long long)size[kept[j]]);
  apBufPrintf(b, "%s}, {", numKept ? "" : "0");
  for (int j = 0; j < numKept; ++j) {
    apBufPrintf(b, "%s%s * ", j ? ", " : "", step[kept[j]]);
    apCuName(e, b, src);
    apBufPrintf(b, ".stride[%d]", kept[j]);
  }
  apBufPrintf(b, "%s}, %d};\n", numKept ? "" : "0", numKept);
  return true;
}

static bool emitReshape(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent) {
  bool expand = apOpNameIs(op, "memref.expand_shape");
  MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
  MlirType st = mlirValueGetType(src), rt = mlirValueGetType(res);
  MlirType big = expand ? rt : st;
  MlirAttribute groups = mlirOperationGetAttributeByName(op, str("reassociation"));
  int rrank = (int)mlirShapedTypeGetRank(rt);
  char stride[AP_CU_EMIT_MAX_RANK][96];
  for (intptr_t g = 0; g < mlirArrayAttrGetNumElements(groups); ++g) {
    MlirAttribute grp = mlirArrayAttrGetElement(groups, g);
    intptr_t n = mlirArrayAttrGetNumElements(grp);
    apBuf nb = {0};
    apCuName(e, &nb, src);
    if (expand) {
      /* Source dim g becomes dims grp[0..n): innermost keeps its stride. */
      int64_t inner = 1;
      for (intptr_t j = n - 1; j >= 0; --j) {
        int64_t r = mlirIntegerAttrGetValueInt(mlirArrayAttrGetElement(grp, j));
        snprintf(stride[r], sizeof stride[r], "%lldLL * %s.stride[%d]", (long long)inner, nb.data,
                 (int)g);
        inner *= mlirShapedTypeGetDimSize(big, r);
      }
    } else {
      int64_t last = mlirIntegerAttrGetValueInt(mlirArrayAttrGetElement(grp, n - 1));
      snprintf(stride[g], sizeof stride[g], "%s.stride[%d]", nb.data, (int)last);
    }
    apBufFree(&nb);
  }
  declare(e, b, res, indent);
  apBufPrintf(b, " = {");
  apCuName(e, b, src);
  apBufPrintf(b, ".ptr, {");
  for (int d = 0; d < rrank; ++d)
    apBufPrintf(b, "%s%lldLL", d ? ", " : "", (long long)mlirShapedTypeGetDimSize(rt, d));
  apBufPrintf(b, "%s}, {", rrank ? "" : "0");
  for (int d = 0; d < rrank; ++d)
    apBufPrintf(b, "%s%s", d ? ", " : "", stride[d]);
  apBufPrintf(b, "%s}, %d};\n", rrank ? "" : "0", rrank);
  return true;
}

static const char *const collectives[] = {"all_reduce",     "all_gather", "all_slice", "all_to_all",
                                          "reduce_scatter", "broadcast",  "send",      "recv"};
static const char *const collectiveEnums[] = {
    "AP_CU_ALL_REDUCE",     "AP_CU_ALL_GATHER", "AP_CU_ALL_SLICE", "AP_CU_ALL_TO_ALL",
    "AP_CU_REDUCE_SCATTER", "AP_CU_BROADCAST",  "AP_CU_SEND",      "AP_CU_RECV"};

/* The host array and length of a descriptor operand (a global's view). */
static bool descriptor(apCuEmitter *e, apBuf *b, MlirOperation call, MlirValue v) {
  int g = apPtrMapGet(&e->globalOf, v.ptr);
  if (g < 0) {
    apCuError(e, call, "--lower-to-cuda: a runtime descriptor that is not a constant global");
    return false;
  }
  MlirType t = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(e->globals[g], str("type")));
  apBufPrintf(b, "(const int64_t *)ap_gh%d, %lldLL", g, (long long)mlirShapedTypeGetDimSize(t, 0));
  return true;
}

static bool startsWith(MlirStringRef s, const char *p, MlirStringRef *rest) {
  size_t n = strlen(p);
  if (s.length < n || strncmp(s.data, p, n))
    return false;
  *rest = (MlirStringRef){s.data + n, s.length - n};
  return true;
}

static const char *typeEnum(MlirStringRef sfx) {
  static const char *const sfxs[] = {"f32", "f64", "bf16", "i32", "i64", "i8"};
  static const char *const enums[] = {"AP_CU_F32", "AP_CU_F64", "AP_CU_BF16",
                                      "AP_CU_I32", "AP_CU_I64", "AP_CU_I8"};
  for (int i = 0; i < 6; ++i)
    if (strlen(sfxs[i]) == sfx.length && !strncmp(sfxs[i], sfx.data, sfx.length))
      return enums[i];
  return NULL;
}

static void operand(apCuEmitter *e, apBuf *b, MlirOperation op, int i) {
  apCuName(e, b, mlirOperationGetOperand(op, i));
}

/* ap_rt_* of the CPU runtime's ABI as GPU runtime calls. */
static bool emitRuntimeCall(apCuEmitter *e, apBuf *b, MlirOperation call, MlirStringRef callee,
                            const char *indent) {
  MlirStringRef rest;
  if (startsWith(callee, "ap_rt_process_index", &rest) && !rest.length) {
    declare(e, b, mlirOperationGetResult(call, 0), indent);
    apBufPrintf(b, " = apcuProcessIndex(");
    if (!descriptor(e, b, call, mlirOperationGetOperand(call, 0)))
      return false;
    apBufPrintf(b, ", ");
    operand(e, b, call, 1);
    apBufPrintf(b, ");\n");
    return true;
  }
  for (int c = 0; c < 8; ++c) {
    char prefix[48];
    snprintf(prefix, sizeof prefix, "ap_rt_%s_", collectives[c]);
    const char *t;
    if (!startsWith(callee, prefix, &rest) || !(t = typeEnum(rest)))
      continue;
    MlirValue in = mlirOperationGetOperand(call, 0), out = mlirOperationGetOperand(call, 1);
    apBufPrintf(b, "%sapcuCollective(%s, %s, ", indent, collectiveEnums[c], t);
    rankOf(e, b, in);
    apBufPrintf(b, ", ");
    apCuName(e, b, in);
    apBufPrintf(b, ", ");
    rankOf(e, b, out);
    apBufPrintf(b, ", ");
    apCuName(e, b, out);
    apBufPrintf(b, ", ");
    if (!descriptor(e, b, call, mlirOperationGetOperand(call, 2)))
      return false;
    apBufPrintf(b, ");\n");
    return true;
  }
  const char *t;
  bool send = startsWith(callee, "ap_rt_stage_send_", &rest);
  if ((send || startsWith(callee, "ap_rt_stage_recv_", &rest)) && (t = typeEnum(rest))) {
    MlirValue v = mlirOperationGetOperand(call, 0);
    apBufPrintf(b, "%sapcuStage%s(%s, ", indent, send ? "Send" : "Recv", t);
    rankOf(e, b, v);
    apBufPrintf(b, ", ");
    apCuName(e, b, v);
    apBufPrintf(b, ", ");
    MlirValue desc = mlirOperationGetOperand(call, 1);
    if (!descriptor(e, b, call, desc))
      return false;
    e->stageUse[apPtrMapGet(&e->globalOf, desc.ptr)] = send ? 1 : 2;
    apBufPrintf(b, ");\n");
    return true;
  }
  if (startsWith(callee, "ap_rt_report_", &rest) && (t = typeEnum(rest))) {
    MlirValue v = mlirOperationGetOperand(call, 0);
    apBufPrintf(b, "%sapcuReport(%s, ", indent, t);
    rankOf(e, b, v);
    apBufPrintf(b, ", ");
    apCuName(e, b, v);
    apBufPrintf(b, ", ");
    operand(e, b, call, 1);
    apBufPrintf(b, ");\n");
    return true;
  }
  apCuError(e, call, "--lower-to-cuda: no GPU runtime function for '%.*s'", (int)callee.length,
            callee.data);
  return false;
}

static bool emitCall(apCuEmitter *e, apBuf *b, MlirOperation call, const char *indent) {
  MlirStringRef callee =
      mlirFlatSymbolRefAttrGetValue(mlirOperationGetAttributeByName(call, str("callee")));
  MlirStringRef rest;
  if (startsWith(callee, "ap_rt_", &rest))
    return emitRuntimeCall(e, b, call, callee, indent);
  bool found = false;
  for (int i = 0; i < e->numFuncs && !found; ++i)
    found = mlirStringRefEqual(callee, mlirStringAttrGetValue(mlirOperationGetAttributeByName(
                                           e->funcs[i], str("sym_name"))));
  if (!found) {
    apCuError(e, call, "--lower-to-cuda: '%.*s' has no body to emit", (int)callee.length,
              callee.data);
    return false;
  }
  for (intptr_t r = 0; r < mlirOperationGetNumResults(call); ++r) {
    declare(e, b, mlirOperationGetResult(call, r), indent);
    apBufPrintf(b, ";\n");
  }
  apBufPrintf(b, "%s", indent);
  apCuFuncName(b, callee);
  apBufPrintf(b, "(");
  intptr_t n = mlirOperationGetNumOperands(call);
  for (intptr_t i = 0; i < n; ++i) {
    apBufPrintf(b, "%s", i ? ", " : "");
    operand(e, b, call, (int)i);
  }
  for (intptr_t r = 0; r < mlirOperationGetNumResults(call); ++r) {
    apBufPrintf(b, "%s&", n || r ? ", " : "");
    apCuName(e, b, mlirOperationGetResult(call, r));
  }
  apBufPrintf(b, ");\n");
  return true;
}

static bool emitBlock(apCuEmitter *e, apBuf *b, MlirBlock block, const char *indent);

/* Regions of scf ops: results declared before, assigned by scf.yield. */
static bool emitRegion(apCuEmitter *e, apBuf *b, MlirRegion r, const char *indent) {
  char inner[64];
  snprintf(inner, sizeof inner, "%s  ", indent);
  return emitBlock(e, b, mlirRegionGetFirstBlock(r), inner);
}

static bool emitScf(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent) {
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
    declare(e, b, mlirOperationGetResult(op, r), indent);
    apBufPrintf(b, ";\n");
  }
  bool ok = true;
  if (apOpNameIs(op, "scf.if")) {
    apBufPrintf(b, "%sif (", indent);
    operand(e, b, op, 0);
    apBufPrintf(b, ") {\n");
    ok = emitRegion(e, b, mlirOperationGetRegion(op, 0), indent);
    MlirRegion els = mlirOperationGetRegion(op, 1);
    if (ok && !mlirBlockIsNull(mlirRegionGetFirstBlock(els))) {
      apBufPrintf(b, "%s} else {\n", indent);
      ok = emitRegion(e, b, els, indent);
    }
    apBufPrintf(b, "%s}\n", indent);
    return ok;
  }
  if (apOpNameIs(op, "scf.index_switch")) {
    MlirAttribute cases = mlirOperationGetAttributeByName(op, str("cases"));
    apBufPrintf(b, "%sswitch (", indent);
    operand(e, b, op, 0);
    apBufPrintf(b, ") {\n");
    intptr_t n = mlirDenseArrayGetNumElements(cases);
    for (intptr_t i = 0; i < n && ok; ++i) {
      apBufPrintf(b, "%scase %lldLL: {\n", indent,
                  (long long)mlirDenseI64ArrayGetElement(cases, i));
      ok = emitRegion(e, b, mlirOperationGetRegion(op, i + 1), indent);
      apBufPrintf(b, "%s  break;\n%s}\n", indent, indent);
    }
    apBufPrintf(b, "%sdefault: {\n", indent);
    ok = ok && emitRegion(e, b, mlirOperationGetRegion(op, 0), indent);
    apBufPrintf(b, "%s}\n%s}\n", indent, indent);
    return ok;
  }
  /* scf.for: iter_args in the result variables. */
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
    if (mlirTypeIsAMemRef(mlirValueGetType(mlirOperationGetResult(op, r)))) {
      apCuError(e, op, "--lower-to-cuda: loops carrying buffers are not supported");
      return false;
    }
    apBufPrintf(b, "%s", indent);
    apCuName(e, b, mlirOperationGetResult(op, r));
    apBufPrintf(b, " = ");
    operand(e, b, op, (int)(3 + r));
    apBufPrintf(b, ";\n");
  }
  MlirValue iv = mlirBlockGetArgument(body, 0);
  apBufPrintf(b, "%sfor (int64_t ", indent);
  apCuName(e, b, iv);
  apBufPrintf(b, " = ");
  operand(e, b, op, 0);
  apBufPrintf(b, "; ");
  apCuName(e, b, iv);
  apBufPrintf(b, " < ");
  operand(e, b, op, 1);
  apBufPrintf(b, "; ");
  apCuName(e, b, iv);
  apBufPrintf(b, " += ");
  operand(e, b, op, 2);
  apBufPrintf(b, ") {\n");
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
    declare(e, b, mlirBlockGetArgument(body, r + 1), indent);
    apBufPrintf(b, " = ");
    apCuName(e, b, mlirOperationGetResult(op, r));
    apBufPrintf(b, ";\n");
  }
  ok = emitRegion(e, b, mlirOperationGetRegion(op, 0), indent);
  apBufPrintf(b, "%s}\n", indent);
  return ok;
}

/* memref.load / memref.store in host code: one element copied between
 * host and device (the device is waited for: slow, but what a host read
 * of device data costs). */
static bool emitScalarAccess(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent) {
  bool store = apOpNameIs(op, "memref.store");
  int view = store ? 1 : 0;
  MlirValue m = mlirOperationGetOperand(op, view);
  MlirType el = mlirShapedTypeGetElementType(mlirValueGetType(m));
  if (!apCuStorageType(el)) {
    apCuError(e, op, "--lower-to-cuda: host access to this element type is not supported");
    return false;
  }
  bool bf16 = apCuIsBf16(el);
  if (!store) {
    declare(e, b, mlirOperationGetResult(op, 0), indent);
    apBufPrintf(b, ";\n");
  }
  apBufPrintf(b, "%s{\n%s  %s t_", indent, indent, apCuStorageType(el));
  if (store) {
    apBufPrintf(b, " = %s", bf16 ? "apF32ToBf16(" : "");
    operand(e, b, op, 0);
    apBufPrintf(b, "%s", bf16 ? ")" : "");
  }
  apBufPrintf(b, ";\n%s  %s(%s", indent, store ? "apcuUpload" : "apcuDownload",
              store ? "" : "&t_, ");
  apCuName(e, b, m);
  apBufPrintf(b, ".ptr + (0");
  intptr_t rank = mlirShapedTypeGetRank(mlirValueGetType(m));
  for (intptr_t d = 0; d < rank; ++d) {
    apBufPrintf(b, " + ");
    operand(e, b, op, (int)(view + 1 + d));
    apBufPrintf(b, " * ");
    apCuName(e, b, m);
    apBufPrintf(b, ".stride[%d]", (int)d);
  }
  apBufPrintf(b, ") * %lld, %s%lld);\n", (long long)apCuElemBytes(el), store ? "&t_, " : "",
              (long long)apCuElemBytes(el));
  if (!store) {
    apBufPrintf(b, "%s  ", indent);
    apCuName(e, b, mlirOperationGetResult(op, 0));
    apBufPrintf(b, " = %s;\n", bf16 ? "apBf16ToF32(t_)" : "t_");
  }
  apBufPrintf(b, "%s}\n", indent);
  return true;
}

static bool emitOp(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent) {
  if (apOpNameIs(op, "memref.load") || apOpNameIs(op, "memref.store"))
    return emitScalarAccess(e, b, op, indent);
  if (apOpNameIs(op, "memref.alloc") || apOpNameIs(op, "memref.alloca")) {
    int k = apPtrMapGet(&e->allocOffset, op.ptr);
    char ptr[48];
    snprintf(ptr, sizeof ptr, "arena + %lldLL", (long long)(k < 0 ? 0 : e->offsets[k]));
    denseView(e, b, mlirOperationGetResult(op, 0), ptr, indent);
    return true;
  }
  if (apOpNameIs(op, "memref.dealloc"))
    return true;
  if (apOpNameIs(op, "memref.get_global")) {
    int g = globalIndex(e, mlirOperationGetAttributeByName(op, str("name")));
    char ptr[32];
    snprintf(ptr, sizeof ptr, "ap_gd%d", g);
    denseView(e, b, mlirOperationGetResult(op, 0), ptr, indent);
    apPtrMapPut(&e->globalOf, mlirOperationGetResult(op, 0).ptr, g);
    return true;
  }
  if (apOpNameIs(op, "memref.cast")) {
    MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
    int g = apPtrMapGet(&e->globalOf, src.ptr);
    if (g >= 0)
      apPtrMapPut(&e->globalOf, res.ptr, g);
    declare(e, b, res, indent);
    apBufPrintf(b, " = ");
    apCuName(e, b, src);
    apBufPrintf(b, ";\n");
    return true;
  }
  if (apOpNameIs(op, "memref.subview"))
    return emitSubview(e, b, op, indent);
  if (apOpNameIs(op, "memref.expand_shape") || apOpNameIs(op, "memref.collapse_shape"))
    return emitReshape(e, b, op, indent);
  if (apOpNameIs(op, "memref.copy")) {
    char name[64];
    int64_t threads;
    apCuCaptures cap;
    apCuChain copy;
    apCuChainOf(op, &copy);
    if (!apCuKernel(e, &copy, name, sizeof name, &threads, &cap))
      return false;
    apBufPrintf(b, "%sAP_LAUNCH(%s, %lldLL", indent, name, (long long)threads);
    apCuLaunchArgs(e, b, &copy, &cap);
    return true;
  }
  if (apOpNameIs(op, "func.call"))
    return emitCall(e, b, op, indent);
  if (apOpNameIs(op, "func.return")) {
    for (intptr_t r = 0; r < mlirOperationGetNumOperands(op); ++r) {
      apBufPrintf(b, "%s*r%d = ", indent, (int)r);
      operand(e, b, op, (int)r);
      apBufPrintf(b, ";\n");
    }
    apBufPrintf(b, "%sreturn;\n", indent);
    return true;
  }
  if (apOpNameIs(op, "scf.yield")) {
    MlirOperation parent = mlirOperationGetParentOperation(op);
    for (intptr_t r = 0; r < mlirOperationGetNumOperands(op); ++r) {
      apBufPrintf(b, "%s", indent);
      apCuName(e, b, mlirOperationGetResult(parent, r));
      apBufPrintf(b, " = ");
      operand(e, b, op, (int)r);
      apBufPrintf(b, ";\n");
    }
    return true;
  }
  if (apOpNameIs(op, "scf.if") || apOpNameIs(op, "scf.index_switch") || apOpNameIs(op, "scf.for"))
    return emitScf(e, b, op, indent);
  if (apCuIsScalarOp(op))
    return apCuScalarOp(e, b, op, hostName, e, indent);
  MlirStringRef n = apCuOpName(op);
  apCuError(e, op, "--lower-to-cuda: '%.*s' is not supported in host code", (int)n.length, n.data);
  return false;
}

/* Generics may take the ops after them along (fused kernels). */
static bool emitBlock(apCuEmitter *e, apBuf *b, MlirBlock block, const char *indent) {
  MlirOperation op = mlirBlockGetFirstOperation(block);
  while (!mlirOperationIsNull(op)) {
    int taken = 1;
    if (apOpNameIs(op, "linalg.generic") || apOpNameIs(op, "linalg.map"))
      taken = apCuEmitGeneric(e, b, op, indent);
    else if (!emitOp(e, b, op, indent))
      taken = 0;
    if (!taken || e->failed)
      return false;
    while (taken-- > 0)
      op = mlirOperationGetNextInBlock(op);
  }
  return true;
}

/* "void name(apCuView v1, int64_t v2, int64_t *r0)" */
static void signature(apCuEmitter *e, apBuf *b, MlirOperation func) {
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(func, str("function_type")));
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  apBufPrintf(b, "void ");
  apCuFuncName(b, mlirStringAttrGetValue(mlirOperationGetAttributeByName(func, str("sym_name"))));
  apBufPrintf(b, "(");
  intptr_t n = mlirFunctionTypeGetNumInputs(ft);
  for (intptr_t i = 0; i < n; ++i) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    declare(e, b, a, i ? ", " : "");
  }
  for (intptr_t r = 0; r < mlirFunctionTypeGetNumResults(ft); ++r) {
    MlirType t = mlirFunctionTypeGetResult(ft, r);
    apBufPrintf(b, "%s%s *r%d", n || r ? ", " : "", isMemRef(t) ? "apCuView" : apCuRegisterType(t),
                (int)r);
  }
  if (!n && !mlirFunctionTypeGetNumResults(ft))
    apBufPrintf(b, "void");
  apBufPrintf(b, ")");
}

bool apCuEmitFunction(apCuEmitter *e, MlirOperation func, int index) {
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(func, str("function_type")));
  for (intptr_t r = 0; r < mlirFunctionTypeGetNumResults(ft); ++r)
    if (mlirTypeIsAMemRef(mlirFunctionTypeGetResult(ft, r))) {
      apCuError(e, func,
                "--lower-to-cuda: functions must not return buffers (run "
                "buffer-results-to-out-params first)");
      return false;
    }
  int64_t bytes = apCuPlanArena(e, func);
  if (bytes < 0)
    return false;
  e->arenaBytes[index] = bytes;
  apBuf *b = &e->unit->host;
  signature(e, b, func);
  apBufPrintf(b, " {\n");
  if (bytes > 0)
    apBufPrintf(b, "  char *arena = ap_arena%d;\n", index);
  bool ok = emitBlock(e, b, mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0)), "  ");
  apBufPrintf(b, "}\n\n");
  return ok;
}

void apCuPrototype(apCuEmitter *e, apBuf *b, MlirOperation func) {
  signature(e, b, func);
  apBufPrintf(b, ";\n");
}

void apCuBenchMain(apCuEmitter *e, apBuf *b, MlirOperation func) {
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(func, str("function_type")));
  MlirStringRef sym =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(func, str("sym_name")));
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  intptr_t n = mlirFunctionTypeGetNumInputs(ft), numResults = mlirFunctionTypeGetNumResults(ft);
  apBufPrintf(b,
              "\n/* Times @%.*s on zeroed buffers: AP_CU_ITERS calls after one more. */\n"
              "int main(int argc, char **argv) {\n  apcuInit(&argc, &argv);\n"
              "  apProgramInit();\n",
              (int)sym.length, sym.data);
  apBuf call = {0};
  apCuFuncName(&call, sym);
  apBufPrintf(&call, "(");
  for (intptr_t i = 0; i < n; ++i) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    MlirType t = mlirValueGetType(a);
    if (mlirTypeIsAMemRef(t)) {
      int64_t bytes = apCuElemBytes(mlirShapedTypeGetElementType(t));
      for (intptr_t d = 0; d < mlirShapedTypeGetRank(t); ++d)
        bytes *= mlirShapedTypeGetDimSize(t, d);
      char ptr[64];
      snprintf(ptr, sizeof ptr, "(char *)apcuAlloc(%lldLL)", (long long)bytes);
      denseView(e, b, a, ptr, "  ");
    } else {
      declare(e, b, a, "  ");
      apBufPrintf(b, " = 0;\n");
    }
    apBufPrintf(&call, "%s", i ? ", " : "");
    apCuName(e, &call, a);
  }
  for (intptr_t r = 0; r < numResults; ++r) {
    apBufPrintf(b, "  %s r%d;\n", apCuRegisterType(mlirFunctionTypeGetResult(ft, r)), (int)r);
    apBufPrintf(&call, "%s&r%d", n || r ? ", " : "", (int)r);
  }
  apBufPrintf(&call, ");");
  apBufPrintf(b,
              "  const int iters = apcuBenchIterations();\n  %s\n"
              "  double start = apcuSeconds();\n  for (int i = 0; i < iters; ++i)\n    %s\n"
              "  apcuBenchReport(\"@%.*s\", iters, apcuSeconds() - start);\n"
              "  apcuFinalize();\n  return 0;\n}\n",
              call.data, call.data, (int)sym.length, sym.data);
  apBufFree(&call);
}
