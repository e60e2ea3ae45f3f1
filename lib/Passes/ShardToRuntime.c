/* --ap-shard-to-runtime: every shard op left by shard-partition becomes a
 * call into the MPI runtime (lib/Target/CPU/runtime): a private helper per
 * op, written as MLIR, passes its tensors as unranked memrefs and the op's
 * static facts (grid shape, axes, op parameters) as an i64 descriptor;
 * process indices read the rank at run time, so one binary serves every
 * rank. The helpers are inlined by --lower-to-cpu. Ops the runtime does not
 * implement are errors, never left behind. */
#include "IrText.h"
#include "PassCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

enum { MAX_GRID = 8, MAX_GRIDS = 512 };

typedef struct {
  MlirOperation module;
  MlirOperation *ops, grids[MAX_GRIDS];
  int numOps, cap, numGrids;
  int counter;
  int64_t world; /* ranks the program runs on: the grids' furthest device */
  bool failed;
} apLower;

static bool isShardOp(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length > 6 && !strncmp(n.data, "shard.", 6);
}

static MlirWalkResult collect(MlirOperation op, void *user) {
  apLower *l = user;
  if (!isShardOp(op) && !apOpNameIs(op, "ap.send") && !apOpNameIs(op, "ap.recv") &&
      !apOpNameIs(op, "ap.schedule"))
    return MlirWalkResultAdvance;
  if (apOpNameIs(op, "shard.grid")) {
    if (l->numGrids < MAX_GRIDS)
      l->grids[l->numGrids++] = op;
    return MlirWalkResultAdvance;
  }
  if (l->numOps == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    MlirOperation *p = realloc(l->ops, sizeof *p * l->cap);
    if (!p)
      abort();
    l->ops = p;
  }
  l->ops[l->numOps++] = op;
  return MlirWalkResultAdvance;
}

static void fail(apLower *l, MlirOperation op, const char *msg) {
  mlirEmitError(mlirOperationGetLocation(op), msg);
  l->failed = true;
}

/* A grid's first rank: `ap.first_device` (pipeline stages), else 0. */
static int64_t gridBase(MlirOperation grid) {
  MlirAttribute a = mlirOperationGetAttributeByName(grid, apStr("ap.first_device"));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a)
                                                               : 0;
}

/* The shape of the grid `op` refers to, or -1 with an error; its first
 * rank in *base. */
static int gridShapeBase(apLower *l, MlirOperation op, int64_t *shape, int64_t *base);
static int gridShape(apLower *l, MlirOperation op, int64_t *shape) {
  int64_t base;
  return gridShapeBase(l, op, shape, &base);
}

static int gridShapeBase(apLower *l, MlirOperation op, int64_t *shape, int64_t *base) {
  MlirAttribute ref = mlirOperationGetAttributeByName(op, apStr("grid"));
  if (mlirAttributeIsNull(ref) || !mlirAttributeIsAFlatSymbolRef(ref)) {
    fail(l, op, "ap-shard-to-runtime: op names no grid");
    return -1;
  }
  MlirStringRef name = mlirFlatSymbolRefAttrGetValue(ref);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(l->module, 0));
  for (MlirOperation g = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(g);
       g = mlirOperationGetNextInBlock(g)) {
    if (!apOpNameIs(g, "shard.grid"))
      continue;
    MlirStringRef sym = mlirStringAttrGetValue(mlirOperationGetAttributeByName(g, apStr("sym_name")));
    if (sym.length != name.length || strncmp(sym.data, name.data, name.length))
      continue;
    MlirAttribute s = mlirOperationGetAttributeByName(g, apStr("shape"));
    intptr_t n = mlirDenseArrayGetNumElements(s);
    *base = gridBase(g);
    if (n < 1 || n > MAX_GRID) {
      fail(l, op, "ap-shard-to-runtime: grid rank unsupported (1 to 8 axes)");
      return -1;
    }
    for (intptr_t i = 0; i < n; ++i) {
      shape[i] = mlirDenseI64ArrayGetElement(s, i);
      if (shape[i] <= 0) {
        fail(l, op, "ap-shard-to-runtime: grid with a dynamic or empty axis");
        return -1;
      }
    }
    return (int)n;
  }
  fail(l, op, "ap-shard-to-runtime: grid not found in the module");
  return -1;
}

/* "[params..., R, shape..., A, axes..., base, world]" for op's grid and
 * `axesAttr`. */
static bool descriptor(apLower *l, MlirOperation op, const char *axesAttr,
                       const int64_t *params, int numParams, apBuf *out, int *len) {
  int64_t shape[MAX_GRID], base;
  int r = gridShapeBase(l, op, shape, &base);
  if (r < 0)
    return false;
  apBufPrintf(out, "dense<[");
  for (int i = 0; i < numParams; ++i)
    apBufPrintf(out, "%lld, ", (long long)params[i]);
  apBufPrintf(out, "%d", r);
  for (int i = 0; i < r; ++i)
    apBufPrintf(out, ", %lld", (long long)shape[i]);
  MlirAttribute axes = axesAttr ? mlirOperationGetAttributeByName(op, apStr(axesAttr))
                                : (MlirAttribute){NULL};
  intptr_t na = mlirAttributeIsNull(axes) ? 0 : mlirDenseArrayGetNumElements(axes);
  if (axesAttr && na == 0 && strcmp(axesAttr, "axes") == 0) {
    /* process_multi_index / grid_shape with no axes mean all of them. */
    apBufPrintf(out, ", %d", r);
    for (int i = 0; i < r; ++i)
      apBufPrintf(out, ", %d", i);
    *len = numParams + 2 + 2 * r;
  } else {
    apBufPrintf(out, ", %lld", (long long)na);
    for (intptr_t i = 0; i < na; ++i) {
      int64_t a = mlirDenseI16ArrayGetElement(axes, i);
      if (a < 0 || a >= r) {
        fail(l, op, "ap-shard-to-runtime: grid axis out of range");
        return false;
      }
      apBufPrintf(out, ", %lld", (long long)a);
    }
    *len = numParams + 2 + r + (int)na;
  }
  apBufPrintf(out, ", %lld, %lld]>", (long long)base, (long long)l->world);
  *len += 2;
  return true;
}

/* The runtime's suffix for an element type, or NULL. */
static int64_t indexAttr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, apStr(name));
  return mlirAttributeIsNull(a) ? 0 : mlirIntegerAttrGetValueInt(a);
}

/* The reduction kind's runtime code (ShardBase.td's enum values). */
static int64_t reduction(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, apStr("reduction"));
  if (mlirAttributeIsNull(a))
    return 1;
  apBuf b = {0};
  apBufAttr(&b, a);
  static const char *const kinds[] = {"sum", "max", "min", "product", "average",
                                      "bitwise_and", "bitwise_or", "bitwise_xor"};
  int64_t k = -1;
  for (int i = 0; i < 8 && b.data; ++i) {
    const char *p = strstr(b.data, kinds[i]);
    if (p && (p[strlen(kinds[i])] == '>' || p[strlen(kinds[i])] == 0))
      k = i + 1;
  }
  apBufFree(&b);
  return k;
}

static void declare(apBuf *decls, const char *name, const char *sig) {
  apBufPrintf(decls, "func.func private @%s%s\n", name, sig);
}

/* Replaces `op` by a call to a new private function built from `body`. */
static void replaceWithCall(apLower *l, MlirOperation op, const char *callee,
                            const char *text) {
  if (!apParseIntoModule(l->module, text, "ap-shard-to-runtime")) {
    fail(l, op, "ap-shard-to-runtime: internal error: helper did not parse");
    return;
  }
  apCallInPlaceOf(op, callee, false);
  mlirOperationDestroy(op);
}

/* The memref type bufferization.to_buffer gives a tensor argument: any
 * strides and offset. */
static void bufferType(apBuf *b, MlirType tensor) {
  apBuf shape = {0};
  apBufShape(&shape, tensor);
  apBufPrintf(b, "memref<%s, strided<[", shape.data);
  for (intptr_t i = 0; i < mlirShapedTypeGetRank(tensor); ++i)
    apBufPrintf(b, "%s?", i ? ", " : "");
  apBufPrintf(b, "], offset: ?>>");
  apBufFree(&shape);
}

/* The helper of a tensor-to-tensor collective. */
static void lowerCollective(apLower *l, MlirOperation op, const char *rt, const int64_t *params,
                            int numParams) {
  if (mlirOperationGetNumOperands(op) != 1 || mlirOperationGetNumResults(op) != 1) {
    fail(l, op, "ap-shard-to-runtime: collectives with dynamic operands are not supported");
    return;
  }
  MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!mlirTypeIsARankedTensor(in) || !mlirShapedTypeHasStaticShape(in) ||
      !mlirShapedTypeHasStaticShape(out)) {
    fail(l, op, "ap-shard-to-runtime: collective on a dynamically shaped or non-tensor value");
    return;
  }
  const char *sfx = apRtTypeSuffix(mlirShapedTypeGetElementType(in));
  if (!sfx) {
    fail(l, op, "ap-shard-to-runtime: element type unsupported by the runtime "
                "(f32, f64, bf16, i64, i32, i8)");
    return;
  }
  apBuf desc = {0}, text = {0}, inS = {0}, outS = {0}, strided = {0}, name = {0}, fn = {0};
  int dlen = 0;
  if (!descriptor(l, op, "grid_axes", params, numParams, &desc, &dlen))
    goto out;
  apBufShape(&inS, in);
  apBufShape(&outS, out);
  bufferType(&strided, in);
  apBufPrintf(&name, "ap_rt_%s_%s", rt, sfx);
  apBufPrintf(&fn, "ap.rt.%s.%d", rt, l->counter++);
  apBuf sig = {0};
  apBufPrintf(&sig, "(memref<*x%s>, memref<*x%s>, memref<*xi64>)", sfx, sfx);
  declare(&text, name.data, sig.data ? sig.data : "");
  apBufFree(&sig);
  apBuf helper = {0};
  apBufPrintf(&helper,
              "func.func private @%s(%%in: tensor<%s>) -> tensor<%s> {\n"
              "  %%d = arith.constant %s : tensor<%dxi64>\n"
              "  %%dm = bufferization.to_buffer %%d read_only : tensor<%dxi64> to memref<%dxi64>\n"
              "  %%du = memref.cast %%dm : memref<%dxi64> to memref<*xi64>\n"
              "  %%im = bufferization.to_buffer %%in read_only : tensor<%s> to %s\n"
              "  %%iu = memref.cast %%im : %s to memref<*x%s>\n"
              "  %%om = memref.alloc() : memref<%s>\n"
              "  %%ou = memref.cast %%om : memref<%s> to memref<*x%s>\n"
              "  func.call @%s(%%iu, %%ou, %%du) : (memref<*x%s>, memref<*x%s>, memref<*xi64>) -> ()\n"
              "  %%r = bufferization.to_tensor %%om restrict : memref<%s> to tensor<%s>\n"
              "  return %%r : tensor<%s>\n}\n",
              fn.data, inS.data, outS.data, desc.data, dlen, dlen, dlen, dlen, inS.data,
              strided.data, strided.data, sfx, outS.data, outS.data, sfx, name.data, sfx, sfx,
              outS.data, outS.data, outS.data);
  apBufPrintf(&text, "%s", helper.data ? helper.data : "");
  if (!helper.failed && !text.failed)
    replaceWithCall(l, op, fn.data, text.data);
  else
    fail(l, op, "ap-shard-to-runtime: internal error building the runtime call");
  apBufFree(&helper);
out:
  apBufFree(&desc);
  apBufFree(&text);
  apBufFree(&inS);
  apBufFree(&outS);
  apBufFree(&strided);
  apBufFree(&name);
  apBufFree(&fn);
}

/* process_multi_index, process_linear_index and grid_shape: index values. */
static void lowerIndices(apLower *l, MlirOperation op, bool linear, bool shapeOnly) {
  int64_t shape[MAX_GRID];
  int r = gridShape(l, op, shape);
  if (r < 0)
    return;
  apBuf desc = {0}, text = {0}, fn = {0}, decls = {0};
  int dlen = 0;
  if (!descriptor(l, op, linear ? NULL : "axes", NULL, 0, &desc, &dlen))
    goto out;
  intptr_t nr = mlirOperationGetNumResults(op);
  apBufPrintf(&fn, "ap.rt.index.%d", l->counter++);
  apBufPrintf(&text, "func.func private @%s() -> (", fn.data);
  for (intptr_t i = 0; i < nr; ++i)
    apBufPrintf(&text, "%sindex", i ? ", " : "");
  apBufPrintf(&text, ") {\n");
  MlirAttribute axes = mlirOperationGetAttributeByName(op, apStr("axes"));
  intptr_t na = mlirAttributeIsNull(axes) ? 0 : mlirDenseArrayGetNumElements(axes);
  if (!shapeOnly) {
    declare(&decls, "ap_rt_process_index", "(memref<*xi64>, i64) -> i64");
    apBufPrintf(&text,
                "  %%d = arith.constant %s : tensor<%dxi64>\n"
                "  %%dm = bufferization.to_buffer %%d read_only : tensor<%dxi64> to memref<%dxi64>\n"
                "  %%du = memref.cast %%dm : memref<%dxi64> to memref<*xi64>\n",
                desc.data, dlen, dlen, dlen, dlen);
  }
  for (intptr_t i = 0; i < nr; ++i) {
    int64_t axis = linear ? -1 : na ? mlirDenseI16ArrayGetElement(axes, i) : i;
    if (axis >= r) {
      fail(l, op, "ap-shard-to-runtime: grid axis out of range");
      goto out;
    }
    if (shapeOnly) {
      apBufPrintf(&text, "  %%v%d = arith.constant %lld : index\n", (int)i,
                  (long long)shape[axis]);
      continue;
    }
    apBufPrintf(&text,
                "  %%a%d = arith.constant %lld : i64\n"
                "  %%x%d = func.call @ap_rt_process_index(%%du, %%a%d) : (memref<*xi64>, i64) -> i64\n"
                "  %%v%d = arith.index_cast %%x%d : i64 to index\n",
                (int)i, (long long)axis, (int)i, (int)i, (int)i, (int)i);
  }
  apBufPrintf(&text, "  return");
  for (intptr_t i = 0; i < nr; ++i)
    apBufPrintf(&text, "%s %%v%d", i ? "," : "", (int)i);
  if (nr)
    apBufPrintf(&text, " :");
  for (intptr_t i = 0; i < nr; ++i)
    apBufPrintf(&text, "%s index", i ? "," : "");
  apBufPrintf(&text, "\n}\n");
  apBufPrintf(&decls, "%s", text.data ? text.data : "");
  replaceWithCall(l, op, fn.data, decls.data);
out:
  apBufFree(&desc);
  apBufFree(&text);
  apBufFree(&fn);
  apBufFree(&decls);
}

/* broadcast, send, recv: a static peer (in-group coordinates) as params. */
static void lowerPeer(apLower *l, MlirOperation op, const char *attr, const char *rt) {
  MlirAttribute peer = mlirOperationGetAttributeByName(op, apStr(attr));
  int64_t p[MAX_GRID] = {0};
  if (mlirAttributeIsNull(peer) || mlirOperationGetNumOperands(op) != 1)
    return fail(l, op, "ap-shard-to-runtime: only a static peer is supported");
  intptr_t n = mlirDenseArrayGetNumElements(peer);
  if (n > MAX_GRID)
    return fail(l, op, "ap-shard-to-runtime: peer has too many coordinates");
  for (intptr_t i = 0; i < n; ++i) {
    p[i] = mlirDenseI64ArrayGetElement(peer, i);
    if (p[i] < 0)
      return fail(l, op, "ap-shard-to-runtime: only a static peer is supported");
  }
  lowerCollective(l, op, rt, p, MAX_GRID);
}

/* ap.send / ap.recv between pipeline stages: the descriptor is [tag, peer,
 * world, stages, (first device, devices) per stage, split] from
 * `ap.pipeline` and the op's `split` (absent 0, unit 1, an integer: the
 * run of receivers that gathers). */
static void lowerStageTransfer(apLower *l, MlirOperation op, bool isSend) {
  MlirAttribute plan = mlirOperationGetAttributeByName(l->module, apStr("ap.pipeline"));
  MlirAttribute stages = mlirAttributeIsNull(plan) || !mlirAttributeIsADictionary(plan)
                             ? (MlirAttribute){NULL}
                             : mlirDictionaryAttrGetElementByName(plan, apStr("stages"));
  if (mlirAttributeIsNull(stages) || !mlirAttributeIsAArray(stages))
    return fail(l, op, "ap-shard-to-runtime: ap.send/ap.recv in a module without ap.pipeline "
                       "(run --pipeline-partition)");
  MlirValue v = isSend ? mlirOperationGetOperand(op, 0) : mlirOperationGetResult(op, 0);
  MlirType t = mlirValueGetType(v);
  const char *sfx = mlirTypeIsARankedTensor(t) && mlirShapedTypeHasStaticShape(t)
                        ? apRtTypeSuffix(mlirShapedTypeGetElementType(t))
                        : NULL;
  if (!sfx)
    return fail(l, op, "ap-shard-to-runtime: stage transfer of a dynamically shaped tensor or "
                       "an element type the runtime lacks");
  intptr_t n = mlirArrayAttrGetNumElements(stages);
  apBuf desc = {0}, text = {0}, shape = {0}, strided = {0};
  apBufPrintf(&desc, "dense<[%lld, %lld, %lld, %lld", (long long)indexAttr(op, "tag"),
              (long long)indexAttr(op, "peer"), (long long)l->world, (long long)n);
  for (intptr_t s = 0; s < n; ++s) {
    MlirAttribute d = mlirArrayAttrGetElement(stages, s);
    MlirAttribute first = mlirDictionaryAttrGetElementByName(d, apStr("first_device"));
    MlirAttribute sub = mlirDictionaryAttrGetElementByName(d, apStr("submesh"));
    if (mlirAttributeIsNull(first) || mlirAttributeIsNull(sub) ||
        !mlirAttributeIsADenseI64Array(sub) || mlirDenseArrayGetNumElements(sub) != 2) {
      apBufFree(&desc);
      return fail(l, op, "ap-shard-to-runtime: malformed ap.pipeline stages");
    }
    apBufPrintf(&desc, ", %lld, %lld", (long long)mlirIntegerAttrGetValueInt(first),
                (long long)(mlirDenseI64ArrayGetElement(sub, 0) *
                            mlirDenseI64ArrayGetElement(sub, 1)));
  }
  /* split: 0 whole, 1 gathered by the whole receiving stage, g in runs of g. */
  MlirAttribute split = mlirOperationGetAttributeByName(op, apStr("split"));
  int64_t run = 0;
  if (!mlirAttributeIsNull(split)) {
    run = mlirAttributeIsAUnit(split)      ? 1
          : mlirAttributeIsAInteger(split) ? mlirIntegerAttrGetValueInt(split)
                                           : 0;
    if (!mlirAttributeIsAUnit(split) && run < 2) {
      apBufFree(&desc);
      return fail(l, op, "ap-shard-to-runtime: `split` is a unit attribute or a run of at "
                         "least 2 receivers");
    }
  }
  apBufPrintf(&desc, ", %lld]>", (long long)run);
  int dlen = 5 + 2 * (int)n;
  apBufShape(&shape, t);
  bufferType(&strided, t);
  char fn[64];
  snprintf(fn, sizeof fn, "ap.rt.stage_%s.%d", isSend ? "send" : "recv", l->counter++);
  apBuf sig = {0};
  if (isSend)
    apBufPrintf(&sig, "(%%in: tensor<%s>)", shape.data);
  else
    apBufPrintf(&sig, "() -> tensor<%s>", shape.data);
  apBufPrintf(&text,
              "func.func private @ap_rt_stage_%s_%s(memref<*x%s>, memref<*xi64>)\n"
              "func.func private @%s%s {\n"
              "  %%d = arith.constant %s : tensor<%dxi64>\n"
              "  %%dm = bufferization.to_buffer %%d read_only : tensor<%dxi64> to memref<%dxi64>\n"
              "  %%du = memref.cast %%dm : memref<%dxi64> to memref<*xi64>\n",
              isSend ? "send" : "recv", sfx, sfx, fn, sig.data, desc.data, dlen, dlen, dlen,
              dlen);
  apBufFree(&sig);
  if (isSend)
    apBufPrintf(&text,
                "  %%im = bufferization.to_buffer %%in read_only : tensor<%s> to %s\n"
                "  %%iu = memref.cast %%im : %s to memref<*x%s>\n"
                "  func.call @ap_rt_stage_send_%s(%%iu, %%du) : (memref<*x%s>, memref<*xi64>) -> ()\n"
                "  return\n}\n",
                shape.data, strided.data, strided.data, sfx, sfx, sfx);
  else
    apBufPrintf(&text,
                "  %%om = memref.alloc() : memref<%s>\n"
                "  %%ou = memref.cast %%om : memref<%s> to memref<*x%s>\n"
                "  func.call @ap_rt_stage_recv_%s(%%ou, %%du) : (memref<*x%s>, memref<*xi64>) -> ()\n"
                "  %%r = bufferization.to_tensor %%om restrict : memref<%s> to tensor<%s>\n"
                "  return %%r : tensor<%s>\n}\n",
                shape.data, shape.data, sfx, sfx, sfx, shape.data, shape.data, shape.data);
  if (!text.failed)
    replaceWithCall(l, op, fn, text.data);
  else
    fail(l, op, "ap-shard-to-runtime: internal error building the runtime call");
  apBufFree(&desc);
  apBufFree(&text);
  apBufFree(&shape);
  apBufFree(&strided);
}

static void lowerOne(apLower *l, MlirOperation op) {
  if (apOpNameIs(op, "ap.send") || apOpNameIs(op, "ap.recv")) {
    lowerStageTransfer(l, op, apOpNameIs(op, "ap.send"));
  } else if (apOpNameIs(op, "ap.schedule")) {
    mlirOperationDestroy(op); /* a record for readers; the driver carries it out */
  } else if (apOpNameIs(op, "shard.all_reduce")) {
    int64_t k = reduction(op);
    if (k < 0)
      return fail(l, op, "ap-shard-to-runtime: generic reductions are not supported");
    lowerCollective(l, op, "all_reduce", &k, 1);
  } else if (apOpNameIs(op, "shard.all_gather")) {
    int64_t p = indexAttr(op, "gather_axis");
    lowerCollective(l, op, "all_gather", &p, 1);
  } else if (apOpNameIs(op, "shard.all_slice")) {
    int64_t p = indexAttr(op, "slice_axis");
    lowerCollective(l, op, "all_slice", &p, 1);
  } else if (apOpNameIs(op, "shard.all_to_all")) {
    int64_t p[2] = {indexAttr(op, "split_axis"), indexAttr(op, "concat_axis")};
    lowerCollective(l, op, "all_to_all", p, 2);
  } else if (apOpNameIs(op, "shard.reduce_scatter")) {
    int64_t p[2] = {reduction(op), indexAttr(op, "scatter_axis")};
    if (p[0] < 0)
      return fail(l, op, "ap-shard-to-runtime: generic reductions are not supported");
    lowerCollective(l, op, "reduce_scatter", p, 2);
  } else if (apOpNameIs(op, "shard.broadcast")) {
    lowerPeer(l, op, "root", "broadcast");
  } else if (apOpNameIs(op, "shard.send")) {
    lowerPeer(l, op, "destination", "send");
  } else if (apOpNameIs(op, "shard.recv")) {
    lowerPeer(l, op, "source", "recv");
  } else if (apOpNameIs(op, "shard.process_multi_index")) {
    lowerIndices(l, op, false, false);
  } else if (apOpNameIs(op, "shard.process_linear_index")) {
    lowerIndices(l, op, true, false);
  } else if (apOpNameIs(op, "shard.grid_shape")) {
    lowerIndices(l, op, false, true);
  } else {
    apBuf b = {0};
    MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
    apBufPrintf(&b, "ap-shard-to-runtime: '%.*s' has no CPU lowering%s", (int)n.length, n.data,
                apOpNameIs(op, "shard.shard") || apOpNameIs(op, "shard.sharding")
                    ? " (run shard-partition first)"
                    : "");
    fail(l, op, b.data ? b.data : "ap-shard-to-runtime: op has no CPU lowering");
    apBufFree(&b);
  }
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  (void)opts;
  apLower l;
  memset(&l, 0, sizeof l);
  l.module = module;
  mlirOperationWalk(module, collect, &l, MlirWalkPreOrder);
  for (int i = 0; i < l.numGrids; ++i) {
    MlirAttribute s = mlirOperationGetAttributeByName(l.grids[i], apStr("shape"));
    int64_t devices = 1;
    for (intptr_t k = 0; k < mlirDenseArrayGetNumElements(s); ++k)
      devices *= mlirDenseI64ArrayGetElement(s, k);
    if (gridBase(l.grids[i]) + devices > l.world)
      l.world = gridBase(l.grids[i]) + devices;
  }
  for (int i = 0; i < l.numOps; ++i)
    lowerOne(&l, l.ops[i]);
  /* Nothing refers to the grids any more. */
  if (!l.failed)
    for (int i = 0; i < l.numGrids; ++i)
      mlirOperationDestroy(l.grids[i]);
  if (l.failed)
    mlirExternalPassSignalFailure(pass);
  free(l.ops);
}

static const apPassOptionInfo options[] = {{NULL, 0, NULL, NULL}};

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apShardToRuntimePassInfo, run, o, onError, user);
}

const apPassInfo apShardToRuntimePassInfo = {
    "ap-shard-to-runtime",
    "Lower shard collectives and process indices to calls into ap-opt's MPI runtime",
    options, create, NULL};
