/* --ap-harness: wraps a (sharded) step function for a numerical check.
 * @ap_step fills every argument with deterministic data (an integer hash
 * of the element index, the same in every rank and in the reference),
 * reshards it from replicated to the argument's layout one axis at a time,
 * calls the step and gathers every result back to replicated; @ap_main
 * reports each result through the runtime (rank 0 writes them). With
 * reference=true the shard annotations are stripped instead: the program
 * the partitioned one must match. Run --inline=default-pipeline=
 * --shard-partition after it (the sharded case; the inliner's default
 * clean-up erases annotations of unread results, which upstream's
 * partitioner then crashes on), then --lower-to-cpu. */
#include "IrText.h"
#include "PassCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static const apPassOptionInfo options[] = {
    {"func", AP_OPT_STRING, "", "the step function (default: the only public one)"},
    {"reference", AP_OPT_BOOL, "false", "strip the shardings: the single-device reference"},
    {"seed", AP_OPT_INT, "1", "seed of the deterministic inputs"},
    {"int-range", AP_OPT_INT, "16", "integer inputs are drawn from [0, int-range)"},
    {NULL, 0, NULL, NULL},
};

enum { MAX_DIMS = 16, MAX_AXES = 8 };

/* A layout as split axes per tensor dim. */
typedef struct {
  int rank;
  int n[MAX_DIMS];
  int axes[MAX_DIMS][MAX_AXES];
} apSplit;

/* Parses "[[], [0, 1]]". */
static bool parseSplit(const char *s, apSplit *out) {
  memset(out, 0, sizeof *out);
  while (*s && *s != '[')
    ++s;
  if (*s++ != '[')
    return false;
  for (;;) {
    while (*s == ' ' || *s == ',')
      ++s;
    if (*s == ']')
      return true;
    if (*s++ != '[' || out->rank == MAX_DIMS)
      return false;
    int d = out->rank++;
    for (;;) {
      while (*s == ' ' || *s == ',')
        ++s;
      if (*s == ']') {
        ++s;
        break;
      }
      char *end;
      long a = strtol(s, &end, 10);
      if (end == s || out->n[d] == MAX_AXES)
        return false;
      out->axes[d][out->n[d]++] = (int)a;
      s = end;
    }
  }
}

static void printSplit(apBuf *b, const apSplit *sp) {
  apBufPrintf(b, "[");
  int last = sp->rank - 1;
  while (last > 0 && sp->n[last] == 0)
    --last;
  for (int d = 0; d <= last; ++d) {
    apBufPrintf(b, "%s[", d ? ", " : "");
    for (int k = 0; k < sp->n[d]; ++k)
      apBufPrintf(b, "%s%d", k ? ", " : "", sp->axes[d][k]);
    apBufPrintf(b, "]");
  }
  if (sp->rank == 0)
    apBufPrintf(b, "[]");
  apBufPrintf(b, "]");
}

/* The layout and grid of a value annotated by `shard.shard %v to %s`. */
static bool layoutOf(MlirOperation shardOp, apSplit *sp, apBuf *grid) {
  MlirValue s = mlirOperationGetOperand(shardOp, 1);
  if (!mlirValueIsAOpResult(s))
    return false;
  MlirOperation def = mlirOpResultGetOwner(s);
  if (!apOpNameIs(def, "shard.sharding"))
    return false;
  apBuf t = {0};
  apBufAttr(&t, mlirOperationGetAttributeByName(def, apStr("split_axes")));
  bool ok = t.data && parseSplit(t.data, sp);
  apBufFree(&t);
  if (ok && grid && !grid->len)
    apBufAttr(grid, mlirOperationGetAttributeByName(def, apStr("grid")));
  return ok;
}

static MlirOperation shardUser(MlirValue v) {
  for (MlirOpOperand u = mlirValueGetFirstUse(v); !mlirOpOperandIsNull(u);
       u = mlirOpOperandGetNextUse(u)) {
    MlirOperation o = mlirOpOperandGetOwner(u);
    if (apOpNameIs(o, "shard.shard") &&
        mlirAttributeIsNull(mlirOperationGetAttributeByName(o, apStr("annotate_for_users"))))
      return o;
  }
  return (MlirOperation){NULL};
}

static void emitShard(apBuf *b, const char *grid, const apSplit *sp, const char *type,
                      int *counter, char *cur, bool forUsers);

/* linalg.generic filling %e<i> into %f<i> from a hash of the element index. */
static void emitFill(apBuf *b, int i, MlirType t, int64_t seed, int64_t range, bool scalarOne,
                     bool nonNegative, const char *grid, int *counter) {
  apBuf ts = {0};
  apBufType(&ts, t);
  MlirType el = mlirShapedTypeGetElementType(t);
  apBuf es = {0};
  apBufType(&es, el);
  intptr_t rank = mlirShapedTypeGetRank(t);
  apBufPrintf(b, "  %%e%d = tensor.empty() : %s\n", i, ts.data);
  char init[32];
  snprintf(init, sizeof init, "%%e%d", i);
  if (grid) {
    /* The partitioner wants every value annotated: replicated. */
    apSplit repl;
    memset(&repl, 0, sizeof repl);
    repl.rank = (int)mlirShapedTypeGetRank(t);
    emitShard(b, grid, &repl, ts.data, counter, init, false);
    emitShard(b, grid, &repl, ts.data, counter, init, true);
  }
  apBufPrintf(b, "  %%f%d = linalg.generic {indexing_maps = [affine_map<(", i);
  for (intptr_t d = 0; d < rank; ++d)
    apBufPrintf(b, "%sd%d", d ? ", " : "", (int)d);
  apBufPrintf(b, ") -> (");
  for (intptr_t d = 0; d < rank; ++d)
    apBufPrintf(b, "%sd%d", d ? ", " : "", (int)d);
  apBufPrintf(b, ")>], iterator_types = [");
  for (intptr_t d = 0; d < rank; ++d)
    apBufPrintf(b, "%s\"parallel\"", d ? ", " : "");
  apBufPrintf(b, "]} outs(%s : %s) {\n  ^bb0(%%o: %s):\n", init, ts.data, es.data);
  apBufPrintf(b, "    %%l0 = arith.constant 0 : index\n");
  for (intptr_t d = 0; d < rank; ++d)
    apBufPrintf(b,
                "    %%i%d = linalg.index %d : index\n"
                "    %%s%d = arith.constant %lld : index\n"
                "    %%m%d = arith.muli %%l%d, %%s%d : index\n"
                "    %%l%d = arith.addi %%m%d, %%i%d : index\n",
                (int)d, (int)d, (int)d, (long long)mlirShapedTypeGetDimSize(t, d), (int)d,
                (int)d, (int)d, (int)d + 1, (int)d, (int)d);
  apBufPrintf(b,
              "    %%x0 = arith.index_cast %%l%d : index to i64\n"
              "    %%k1 = arith.constant 2654435761 : i64\n"
              "    %%k2 = arith.constant %lld : i64\n"
              "    %%k3 = arith.constant 15 : i64\n"
              "    %%k4 = arith.constant 2246822519 : i64\n"
              "    %%k5 = arith.constant 16777215 : i64\n"
              "    %%x1 = arith.muli %%x0, %%k1 : i64\n"
              "    %%x2 = arith.addi %%x1, %%k2 : i64\n"
              "    %%x3 = arith.shrui %%x2, %%k3 : i64\n"
              "    %%x4 = arith.xori %%x2, %%x3 : i64\n"
              "    %%x5 = arith.muli %%x4, %%k4 : i64\n"
              "    %%x6 = arith.shrui %%x5, %%k3 : i64\n"
              "    %%x7 = arith.andi %%x6, %%k5 : i64\n",
              (int)rank, (long long)(seed * 1000003 + i * 7919 + 17));
  if (mlirTypeIsAFloat(el)) {
    /* Values in [lo, lo + 1) / 2: [-0.25, 0.25); optimizer state [0, 0.5);
     * scalars (step counts) in [1, 1.5). */
    double lo = scalarOne ? 1.0 : nonNegative ? 0.0 : -0.25;
    double span = scalarOne || nonNegative ? 0.5 : 0.5;
    apBufPrintf(b,
                "    %%u0 = arith.uitofp %%x7 : i64 to f64\n"
                "    %%u1 = arith.constant %.17e : f64\n"
                "    %%u2 = arith.constant %.17e : f64\n"
                "    %%u3 = arith.mulf %%u0, %%u1 : f64\n"
                "    %%u4 = arith.addf %%u3, %%u2 : f64\n",
                span / 16777216.0, lo);
    if (mlirTypeIsAF64(el))
      apBufPrintf(b, "    linalg.yield %%u4 : f64\n");
    else
      apBufPrintf(b, "    %%u5 = arith.truncf %%u4 : f64 to %s\n    linalg.yield %%u5 : %s\n",
                  es.data, es.data);
  } else {
    unsigned w = mlirIntegerTypeGetWidth(el);
    apBufPrintf(b, "    %%r0 = arith.constant %lld : i64\n    %%r1 = arith.remui %%x7, %%r0 : i64\n",
                (long long)(w == 1 ? 2 : range));
    if (w == 64)
      apBufPrintf(b, "    linalg.yield %%r1 : i64\n");
    else
      apBufPrintf(b, "    %%r2 = arith.trunci %%r1 : i64 to %s\n    linalg.yield %%r2 : %s\n",
                  es.data, es.data);
  }
  apBufPrintf(b, "  } -> %s\n", ts.data);
  apBufFree(&ts);
  apBufFree(&es);
}

/* shard.sharding + shard.shard of value `cur` for one step; `cur` becomes
 * the result's name. */
static void emitShard(apBuf *b, const char *grid, const apSplit *sp, const char *type,
                      int *counter, char *cur, bool forUsers) {
  int k = (*counter)++;
  apBufPrintf(b, "  %%sh%d = shard.sharding %s split_axes = ", k, grid);
  printSplit(b, sp);
  apBufPrintf(b, " : !shard.sharding\n  %%v%d = shard.shard %s to %%sh%d%s : %s\n", k, cur, k,
              forUsers ? " annotate_for_users" : "", type);
  snprintf(cur, 32, "%%v%d", k);
}

/* Replaces every shard.shard by its source and drops shardings and grids. */
static void stripShardings(MlirOperation module) {
  for (int round = 0; round < 3; ++round) {
    MlirOperation stack[4096];
    int n = 0;
    /* Walk without the C API's walker so ops can be erased afterwards. */
    MlirBlock mb = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
    for (MlirOperation f = mlirBlockGetFirstOperation(mb); !mlirOperationIsNull(f);
         f = mlirOperationGetNextInBlock(f)) {
      if (round == 2 && apOpNameIs(f, "shard.grid") && n < 4096)
        stack[n++] = f;
      if (!apOpNameIs(f, "func.func") || mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0))))
        continue;
      MlirBlock fb = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
      for (MlirOperation o = mlirBlockGetFirstOperation(fb); !mlirOperationIsNull(o);
           o = mlirOperationGetNextInBlock(o)) {
        if (n == 4096)
          break;
        if ((round == 0 && apOpNameIs(o, "shard.shard")) || (round == 1 && apOpNameIs(o, "shard.sharding")))
          stack[n++] = o;
      }
    }
    for (int i = n - 1; i >= 0; --i) {
      if (round == 0)
        mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(stack[i], 0),
                                      mlirOperationGetOperand(stack[i], 0));
      mlirOperationDestroy(stack[i]);
    }
    if (n == 4096)
      --round; /* more than fit: go again */
  }
}

typedef struct {
  MlirOperation module;
  const apOptions *opts;
  MlirOperation func;
  apBuf text, grid;
  int counter;
  bool ok;
} apHarness;

static void fail(apHarness *h, MlirOperation at, const char *msg) {
  mlirEmitError(mlirOperationGetLocation(at), msg);
  h->ok = false;
}

static bool findFunc(apHarness *h) {
  const char *want = apOptString(h->opts, "func");
  h->func = *want ? apLookupSymbol(h->module, want) : apStepFunction(h->module);
  if (!mlirOperationIsNull(h->func) && apOpNameIs(h->func, "func.func") &&
      !mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(h->func, 0))))
    return true;
  fail(h, h->module, *want ? "ap-harness: no function of that name (func=NAME)"
                           : "ap-harness: expected exactly one public function with a body "
                             "(choose with func=NAME)");
  return false;
}

static void run(MlirOperation module, const apOptions *opts, MlirExternalPass pass) {
  apHarness h;
  memset(&h, 0, sizeof h);
  h.module = module;
  h.opts = opts;
  h.ok = true;
  bool ref = apOptBool(opts, "reference");
  int64_t range = apOptInt(opts, "int-range");
  if (range < 1) {
    fail(&h, module, "ap-harness: int-range must be at least 1");
    goto done;
  }
  if (!findFunc(&h))
    goto done;
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(h.func, apStr("function_type")));
  intptr_t ni = mlirFunctionTypeGetNumInputs(ft), nr = mlirFunctionTypeGetNumResults(ft);
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(h.func, 0));
  MlirOperation ret = mlirBlockGetTerminator(entry);
  for (intptr_t i = 0; i < ni + nr; ++i) {
    MlirType t = i < ni ? mlirFunctionTypeGetInput(ft, i) : mlirFunctionTypeGetResult(ft, i - ni);
    if (!mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t) ||
        !apRtTypeSuffix(mlirShapedTypeGetElementType(t))) {
      fail(&h, h.func, "ap-harness: every argument and result must be a static tensor of "
                       "f32, f64, bf16, i64, i32 or i8");
      goto done;
    }
  }
  if (ref)
    stripShardings(module);
  MlirStringRef fname = mlirStringAttrGetValue(mlirOperationGetAttributeByName(h.func, apStr("sym_name")));
  apBuf *b = &h.text;
  apBufPrintf(b, "module {\nfunc.func @ap_step() -> (");
  for (intptr_t i = 0; i < nr; ++i) {
    if (i)
      apBufPrintf(b, ", ");
    apBufType(b, mlirFunctionTypeGetResult(ft, i));
  }
  apBufPrintf(b, ") {\n");
  char(*argVal)[32] = calloc((size_t)ni + 1, 32), (*resVal)[32] = calloc((size_t)nr + 1, 32);
  if (!argVal || !resVal)
    abort();
  h.counter = 0;
  for (intptr_t i = 0; i < ni; ++i) {
    MlirType t = mlirFunctionTypeGetInput(ft, i);
    MlirAttribute role = mlirOperationGetAttributeByName(h.func, apStr("arg_attrs"));
    bool state = false;
    if (!mlirAttributeIsNull(role) && mlirAttributeIsAArray(role)) {
      MlirAttribute d = mlirArrayAttrGetElement(role, i);
      MlirAttribute r = mlirDictionaryAttrGetElementByName(d, apStr("ap.role"));
      state = !mlirAttributeIsNull(r) && mlirAttributeIsAString(r) &&
              mlirStringAttrGetValue(r).length == 9 &&
              !strncmp(mlirStringAttrGetValue(r).data, "opt_state", 9);
    }
    char cur[32];
    snprintf(cur, sizeof cur, "%%f%d", (int)i);
    /* A pipelined step's driver takes whole tensors on every device. */
    bool whole = ref || (mlirOperationIsNull(shardUser(mlirBlockGetArgument(entry, i))) &&
                         !mlirAttributeIsNull(mlirOperationGetAttributeByName(
                             module, apStr("ap.pipeline"))));
    if (whole) {
      emitFill(b, (int)i, t, apOptInt(opts, "seed"), range, mlirShapedTypeGetRank(t) == 0, state,
               NULL, &h.counter);
    } else {
      MlirOperation user = shardUser(mlirBlockGetArgument(entry, i));
      apSplit target;
      if (mlirOperationIsNull(user) || !layoutOf(user, &target, &h.grid)) {
        fail(&h, h.func, "ap-harness: an argument has no shard.shard annotation "
                         "(run --auto-shard first, or reference=true)");
        goto freeVals;
      }
      emitFill(b, (int)i, t, apOptInt(opts, "seed"), range, mlirShapedTypeGetRank(t) == 0, state,
               h.grid.data, &h.counter);
      apBuf ts = {0};
      apBufType(&ts, t);
      apSplit cur1;
      memset(&cur1, 0, sizeof cur1);
      cur1.rank = (int)mlirShapedTypeGetRank(t);
      emitShard(b, h.grid.data, &cur1, ts.data, &h.counter, cur, false);
      /* Replicated to the target, one slice per axis. */
      for (int d = 0; d < target.rank; ++d)
        for (int k = 0; k < target.n[d]; ++k) {
          cur1.axes[d][cur1.n[d]++] = target.axes[d][k];
          emitShard(b, h.grid.data, &cur1, ts.data, &h.counter, cur, true);
        }
      apBufFree(&ts);
    }
    snprintf(argVal[i], 32, "%s", cur);
  }
  apBufPrintf(b, "  %%res:%d = func.call @%.*s(", (int)nr, (int)fname.length, fname.data);
  for (intptr_t i = 0; i < ni; ++i)
    apBufPrintf(b, "%s%s", i ? ", " : "", argVal[i]);
  apBufPrintf(b, ") : (");
  for (intptr_t i = 0; i < ni; ++i) {
    if (i)
      apBufPrintf(b, ", ");
    apBufType(b, mlirFunctionTypeGetInput(ft, i));
  }
  apBufPrintf(b, ") -> (");
  for (intptr_t i = 0; i < nr; ++i) {
    if (i)
      apBufPrintf(b, ", ");
    apBufType(b, mlirFunctionTypeGetResult(ft, i));
  }
  apBufPrintf(b, ")\n");
  for (intptr_t i = 0; i < nr; ++i) {
    MlirType t = mlirFunctionTypeGetResult(ft, i);
    char cur[32];
    snprintf(cur, sizeof cur, "%%res#%d", (int)i);
    MlirValue rv = mlirOperationGetOperand(ret, i);
    apSplit from;
    if (!ref && mlirValueIsAOpResult(rv) && apOpNameIs(mlirOpResultGetOwner(rv), "shard.shard") &&
        layoutOf(mlirOpResultGetOwner(rv), &from, &h.grid)) {
      apBuf ts = {0};
      apBufType(&ts, t);
      emitShard(b, h.grid.data, &from, ts.data, &h.counter, cur, false);
      /* Back to replicated, one gather per axis, innermost first. */
      for (int d = from.rank - 1; d >= 0; --d)
        while (from.n[d] > 0) {
          --from.n[d];
          emitShard(b, h.grid.data, &from, ts.data, &h.counter, cur, true);
        }
      apBufFree(&ts);
    } else if (!ref && mlirAttributeIsNull(mlirOperationGetAttributeByName(
                           module, apStr("ap.pipeline")))) {
      fail(&h, h.func, "ap-harness: a result has no shard.shard annotation");
      goto freeVals;
    }
    snprintf(resVal[i], 32, "%s", cur);
  }
  apBufPrintf(b, "  return");
  for (intptr_t i = 0; i < nr; ++i)
    apBufPrintf(b, "%s %s", i ? "," : "", resVal[i]);
  if (nr)
    apBufPrintf(b, " :");
  for (intptr_t i = 0; i < nr; ++i) {
    apBufPrintf(b, "%s ", i ? "," : "");
    apBufType(b, mlirFunctionTypeGetResult(ft, i));
  }
  /* @ap_main: the step, then each result to the runtime's report. */
  apBufPrintf(b, "\n}\nfunc.func @ap_main() {\n  %%r:%d = func.call @ap_step() : () -> (", (int)nr);
  for (intptr_t i = 0; i < nr; ++i) {
    if (i)
      apBufPrintf(b, ", ");
    apBufType(b, mlirFunctionTypeGetResult(ft, i));
  }
  apBufPrintf(b, ")\n");
  bool declared[8] = {0};
  static const char *const sfxs[] = {"f32", "f64", "bf16", "i64", "i32", "i8"};
  for (intptr_t i = 0; i < nr; ++i) {
    MlirType t = mlirFunctionTypeGetResult(ft, i);
    const char *sfx = apRtTypeSuffix(mlirShapedTypeGetElementType(t));
    for (int k = 0; k < 6; ++k)
      if (!strcmp(sfx, sfxs[k]))
        declared[k] = true;
    apBuf shape = {0};
    apBufShape(&shape, t);
    apBufPrintf(b,
                "  %%b%d = bufferization.to_buffer %%r#%d read_only : tensor<%s> to memref<%s>\n"
                "  %%u%d = memref.cast %%b%d : memref<%s> to memref<*x%s>\n"
                "  %%n%d = arith.constant %d : i64\n"
                "  func.call @ap_rt_report_%s(%%u%d, %%n%d) : (memref<*x%s>, i64) -> ()\n",
                (int)i, (int)i, shape.data, shape.data, (int)i, (int)i, shape.data, sfx, (int)i,
                (int)i, sfx, (int)i, (int)i, sfx);
    apBufFree(&shape);
  }
  apBufPrintf(b, "  return\n}\n");
  for (int k = 0; k < 6; ++k)
    if (declared[k])
      apBufPrintf(b, "func.func private @ap_rt_report_%s(memref<*x%s>, i64)\n", sfxs[k], sfxs[k]);
  /* Declared so the text verifies on its own; not moved. */
  {
    MlirBlock mb = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
    for (MlirOperation g = mlirBlockGetFirstOperation(mb); !mlirOperationIsNull(g);
         g = mlirOperationGetNextInBlock(g))
      if (apOpNameIs(g, "shard.grid")) {
        mlirOperationPrint(g, apBufAppend, b);
        apBufPrintf(b, "\n");
      }
  }
  apBufPrintf(b, "func.func private @%.*s(", (int)fname.length, fname.data);
  for (intptr_t i = 0; i < ni; ++i) {
    if (i)
      apBufPrintf(b, ", ");
    apBufType(b, mlirFunctionTypeGetInput(ft, i));
  }
  apBufPrintf(b, ") -> (");
  for (intptr_t i = 0; i < nr; ++i) {
    if (i)
      apBufPrintf(b, ", ");
    apBufType(b, mlirFunctionTypeGetResult(ft, i));
  }
  apBufPrintf(b, ")\n}\n");
  if (b->failed) {
    fail(&h, module, "ap-harness: out of memory");
    goto freeVals;
  }
  {
    /* Parse as a module and move its functions into ours. */
    MlirContext ctx = mlirOperationGetContext(module);
    MlirModule m = mlirModuleCreateParse(ctx, mlirStringRefCreate(b->data, b->len));
    if (mlirModuleIsNull(m)) {
      fail(&h, module, "ap-harness: internal error: the harness did not parse");
      goto freeVals;
    }
    MlirBlock src = mlirModuleGetBody(m);
    MlirBlock dst = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
    for (MlirOperation o = mlirBlockGetFirstOperation(src); !mlirOperationIsNull(o);) {
      MlirOperation next = mlirOperationGetNextInBlock(o);
      MlirStringRef n = mlirStringAttrGetValue(mlirOperationGetAttributeByName(o, apStr("sym_name")));
      if (apOpNameIs(o, "shard.grid") ||
          (n.length == fname.length && !strncmp(n.data, fname.data, n.length))) {
        o = next;
        continue;
      }
      mlirOperationRemoveFromParent(o);
      mlirBlockAppendOwnedOperation(dst, o);
      o = next;
    }
    mlirModuleDestroy(m);
    /* The step becomes private so it is inlined away. */
    mlirOperationSetAttributeByName(h.func, apStr("sym_visibility"),
                                    mlirStringAttrGet(ctx, apStr("private")));
  }
freeVals:
  free(argVal);
  free(resVal);
done:
  if (!h.ok)
    mlirExternalPassSignalFailure(pass);
  apBufFree(&h.text);
  apBufFree(&h.grid);
}

static MlirPass create(MlirStringRef o, MlirStringCallback onError, void *user) {
  return apMakePass(&apHarnessPassInfo, run, o, onError, user);
}

const apPassInfo apHarnessPassInfo = {
    "ap-harness",
    "Wrap the step in @ap_main: deterministic inputs resharded from replicated, results "
    "gathered and reported (for ap-run)",
    options, create, NULL};
