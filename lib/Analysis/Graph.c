/* The op graph of a function: tensor values, their producers and users, and
 * each op's kind. Strategies are attached by Strategies.c. */
#include "GraphInternal.h"

#include "ap/PtrMap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/Linalg.h"

/* --- helpers --------------------------------------------------------------- */

/* The C API has no accessor for function argument attributes: they live in
 * the `arg_attrs` array of dictionaries. */
MlirAttribute apFuncArgAttr(MlirOperation func, int index,
                                                const char *name) {
  MlirAttribute all =
      mlirOperationGetAttributeByName(func, mlirStringRefCreateFromCString("arg_attrs"));
  if (mlirAttributeIsNull(all) || !mlirAttributeIsAArray(all) ||
      index >= mlirArrayAttrGetNumElements(all))
    return mlirAttributeGetNull();
  MlirAttribute dict = mlirArrayAttrGetElement(all, index);
  if (!mlirAttributeIsADictionary(dict))
    return mlirAttributeGetNull();
  return mlirDictionaryAttrGetElementByName(dict, mlirStringRefCreateFromCString(name));
}

void apLocationFormat(MlirLocation loc, char *buf, int len) {
  for (int depth = 0; depth < 8; ++depth) {
    if (mlirLocationIsAFileLineColRange(loc)) {
      MlirStringRef f = mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(loc));
      snprintf(buf, len, "%.*s:%d:%d", (int)f.length, f.data,
               mlirLocationFileLineColRangeGetStartLine(loc),
               mlirLocationFileLineColRangeGetStartColumn(loc));
      return;
    }
    if (mlirLocationIsAName(loc)) {
      MlirStringRef n = mlirIdentifierStr(mlirLocationNameGetName(loc));
      snprintf(buf, len, "%.*s", (int)n.length, n.data);
      return;
    }
    if (mlirLocationIsACallSite(loc))
      loc = mlirLocationCallSiteGetCallee(loc);
    else if (mlirLocationIsAFused(loc) && mlirLocationFusedGetNumLocations(loc) > 0) {
      intptr_t n = mlirLocationFusedGetNumLocations(loc);
      MlirLocation *all = malloc(sizeof *all * n);
      if (!all)
        break;
      mlirLocationFusedGetLocations(loc, all);
      loc = all[0];
      free(all);
    } else
      break;
  }
  snprintf(buf, len, "<unknown>");
}

bool apOpNameIs(MlirOperation op, const char *name) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == strlen(name) && !memcmp(n.data, name, n.length);
}

bool apOpDialectIs(MlirOperation op, const char *dialect) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  size_t dl = strlen(dialect);
  return n.length > dl && !memcmp(n.data, dialect, dl) && n.data[dl] == '.';
}

void apEmitOpError(MlirOperation op, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  mlirEmitError(mlirOperationGetLocation(op), msg);
}

bool apIsSplatConstant(MlirOperation op) {
  MlirAttribute v = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
  return apOpNameIs(op, "arith.constant") && !mlirAttributeIsNull(v) &&
         mlirAttributeIsADenseElements(v) && mlirDenseElementsAttrIsSplat(v);
}

bool apElementInfo(MlirType t, double *bytes, apDType *dt) {
  *dt = AP_DTYPE_F32;
  if (mlirTypeIsAF32(t)) {
    *bytes = 4;
  } else if (mlirTypeIsABF16(t)) {
    *bytes = 2, *dt = AP_DTYPE_BF16;
  } else if (mlirTypeIsAF16(t)) {
    *bytes = 2, *dt = AP_DTYPE_F16;
  } else if (mlirTypeIsAF64(t)) {
    *bytes = 8;
  } else if (mlirTypeIsAInteger(t)) {
    unsigned w = mlirIntegerTypeGetWidth(t);
    *bytes = w <= 8 ? 1 : w / 8.0;
  } else if (mlirTypeIsAIndex(t)) {
    *bytes = 8;
  } else {
    return false;
  }
  return true;
}

static bool isTensor(MlirType t) { return mlirTypeIsARankedTensor(t) || mlirTypeIsAUnrankedTensor(t); }

/* Adds a value of tensor type; emits an error on dynamic shapes. */
static int addValue(apGraph *g, apPtrMap *map, MlirValue v, int def, int defResult,
                    MlirOperation where) {
  MlirType t = mlirValueGetType(v);
  char what[64];
  if (def >= 0 && g->nodes[def].kind == AP_NODE_ARG)
    snprintf(what, sizeof what, "argument #%d", g->nodes[def].argIndex);
  else
    snprintf(what, sizeof what, "result #%d", defResult);
  if (!mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t)) {
    apEmitOpError(where,
                  "auto-shard: %s has a dynamic or unranked tensor type; only "
                  "static shapes can be planned",
                  what);
    return -1;
  }
  int rank = (int)mlirShapedTypeGetRank(t);
  if (rank > AP_MAX_RANK) {
    apEmitOpError(where, "auto-shard: %s has rank %d; at most %d is supported", what,
                  rank, AP_MAX_RANK);
    return -1;
  }
  apValue *val = &g->values[g->numValues];
  memset(val, 0, sizeof *val);
  val->value = v;
  val->rank = rank;
  val->batchDim = -1;
  for (int d = 0; d < rank; ++d)
    val->shape[d] = mlirShapedTypeGetDimSize(t, d);
  if (!apElementInfo(mlirShapedTypeGetElementType(t), &val->elemBytes, &val->dtype)) {
    apEmitOpError(where, "auto-shard: %s has an unsupported element type", what);
    return -1;
  }
  val->def = def;
  val->defResult = defResult;
  apPtrMapPut(map, v.ptr, g->numValues);
  return g->numValues++;
}

/* Ops upstream cannot partition but whose meaning does not depend on the
 * layout: they run replicated (shard-partition treats them so). */
static bool isReplicatedRule(MlirOperation op) {
  static const char *names[] = {
      "tensor.expand_shape", "tensor.collapse_shape", "tensor.cast",
      "tensor.extract_slice", "tensor.insert_slice", "tensor.pad",
      "tensor.concat", "tensor.reshape", "tensor.generate",
      "tensor.from_elements", "linalg.softmax", "tensor.extract",
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i)
    if (apOpNameIs(op, names[i]))
      return true;
  return false;
}

static bool hasTensors(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (isTensor(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (isTensor(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}

/* A type of another front end's dialect (torch-mlir's !torch.vtensor, say,
 * registered or read as opaque): the step has not been lowered to builtin
 * tensors yet, and passing over it would plan nothing without a word. */
static bool foreignType(MlirType t, MlirStringRef *ns) {
  if (mlirTypeIsAOpaque(t)) {
    *ns = mlirOpaqueTypeGetDialectNamespace(t);
    return true;
  }
  *ns = mlirDialectGetNamespace(mlirTypeGetDialect(t));
  return !mlirStringRefEqual(*ns, mlirStringRefCreateFromCString("builtin")) &&
         !mlirStringRefEqual(*ns, mlirStringRefCreateFromCString("shard"));
}

static bool rejectForeign(MlirOperation at, MlirType t, const char *what) {
  MlirStringRef ns;
  if (!foreignType(t, &ns))
    return false;
  apEmitOpError(at,
                "auto-shard: %s has a type of the '%.*s' dialect, not a builtin tensor: "
                "lower the step to linalg on tensors first (e.g. torch-mlir's "
                "linalg-on-tensors output)",
                what, (int)ns.length, ns.data);
  return true;
}

static int classify(MlirOperation op, apNodeKind *kind) {
  if (apOpNameIs(op, "func.return")) {
    *kind = AP_NODE_RETURN;
    return 0;
  }
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (rejectForeign(op, mlirValueGetType(mlirOperationGetResult(op, i)), "this op's result"))
      return -1;
  if (!hasTensors(op))
    return 1; /* scalar code: not part of the plan */
  if (apOpNameIs(op, "tensor.empty") || apOpNameIs(op, "arith.constant")) {
    /* Upstream's partitioner slices splat constants only: a constant of
     * distinct values (torch-mlir's weights as dense_resource) stays whole. */
    bool whole = apOpNameIs(op, "arith.constant") && !apIsSplatConstant(op);
    *kind = whole ? AP_NODE_REPLICATED : AP_NODE_FOLLOWER;
    return 0;
  }
  if (apOpDialectIs(op, "linalg") && !apOpNameIs(op, "linalg.softmax") &&
      !mlirAttributeIsNull(mlirLinalgGetIndexingMapsAttribute(op))) {
    *kind = AP_NODE_LINALG;
    return 0;
  }
  if (isReplicatedRule(op)) {
    *kind = AP_NODE_REPLICATED;
    return 0;
  }
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  apEmitOpError(op,
                "auto-shard: no sharding rule for '%.*s' (supported: linalg "
                "structured ops, tensor.empty, arith.constant, tensor reshapes "
                "and slices, func.return)",
                (int)n.length, n.data);
  return -1;
}

static int addNode(apGraph *g, apNodeKind kind, MlirOperation op, int argIndex) {
  apNode *n = &g->nodes[g->numNodes];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->op = op;
  n->argIndex = argIndex;
  n->batchLoop = -1;
  return g->numNodes++;
}

static int buildNodes(apGraph *g, MlirBlock body, apPtrMap *map) {
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(body); ++i) {
    MlirValue a = mlirBlockGetArgument(body, i);
    char what[48];
    snprintf(what, sizeof what, "argument #%d", (int)i);
    if (rejectForeign(g->func, mlirValueGetType(a), what))
      return -1;
    if (!isTensor(mlirValueGetType(a)))
      continue;
    int n = addNode(g, AP_NODE_ARG, (MlirOperation){NULL}, (int)i);
    g->nodes[n].numResults = 1;
    g->nodes[n].results = malloc(sizeof(int));
    if (!g->nodes[n].results)
      return -1;
    int v = addValue(g, map, a, n, 0, g->func);
    if (v < 0)
      return -1;
    g->nodes[n].results[0] = v;
  }
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    apNodeKind kind;
    int c = classify(op, &kind);
    if (c < 0)
      return -1;
    if (c > 0)
      continue;
    int n = addNode(g, kind, op, -1);
    apNode *node = &g->nodes[n];
    node->numOperands = (int)mlirOperationGetNumOperands(op);
    node->numResults = (int)mlirOperationGetNumResults(op);
    node->operands = malloc(sizeof(int) * (node->numOperands + 1));
    node->results = malloc(sizeof(int) * (node->numResults + 1));
    if (!node->operands || !node->results)
      return -1;
    for (int k = 0; k < node->numOperands; ++k) {
      MlirValue v = mlirOperationGetOperand(op, k);
      node->operands[k] = isTensor(mlirValueGetType(v)) ? apPtrMapGet(map, v.ptr) : -1;
      if (isTensor(mlirValueGetType(v)) && node->operands[k] < 0) {
        apEmitOpError(op, "auto-shard: operand #%d is a tensor defined inside a "
                          "region; only top-level dataflow can be planned", k);
        return -1;
      }
    }
    for (int r = 0; r < node->numResults; ++r) {
      MlirValue v = mlirOperationGetResult(op, r);
      node->results[r] = -1;
      if (isTensor(mlirValueGetType(v)) &&
          (node->results[r] = addValue(g, map, v, n, r, op)) < 0)
        return -1;
    }
  }
  return 0;
}

/* Reads `tf.aliasing_output = K` on the arguments: argument i is the state
 * that result K of this step updates. */
static int buildAliases(apGraph *g) {
  apNode *ret = NULL;
  for (int n = 0; n < g->numNodes; ++n)
    if (g->nodes[n].kind == AP_NODE_RETURN)
      ret = &g->nodes[n];
  if (!ret)
    return 0;
  ret->aliasArg = malloc(sizeof(int) * (ret->numOperands + 1));
  if (!ret->aliasArg)
    return -1;
  for (int k = 0; k < ret->numOperands; ++k)
    ret->aliasArg[k] = -1;
  for (int n = 0; n < g->numNodes; ++n) {
    if (g->nodes[n].kind != AP_NODE_ARG)
      continue;
    MlirAttribute a = apFuncArgAttr(g->func, g->nodes[n].argIndex,
                                                        "tf.aliasing_output");
    if (mlirAttributeIsNull(a))
      continue;
    int64_t k = mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a) : -1;
    if (k < 0 || k >= ret->numOperands || ret->operands[k] < 0) {
      apEmitOpError(g->func, "auto-shard: argument #%d: tf.aliasing_output must name a "
                             "tensor result of the function", g->nodes[n].argIndex);
      return -1;
    }
    const apValue *arg = &g->values[g->nodes[n].results[0]];
    const apValue *res = &g->values[ret->operands[k]];
    bool same = arg->rank == res->rank && arg->elemBytes == res->elemBytes;
    for (int d = 0; same && d < arg->rank; ++d)
      same = arg->shape[d] == res->shape[d];
    if (!same) {
      apEmitOpError(g->func, "auto-shard: argument #%d aliases result #%lld of another type",
                    g->nodes[n].argIndex, (long long)k);
      return -1;
    }
    ret->aliasArg[k] = n;
  }
  return 0;
}

static int buildUses(apGraph *g) {
  for (int n = 0; n < g->numNodes; ++n)
    for (int k = 0; k < g->nodes[n].numOperands; ++k)
      if (g->nodes[n].operands[k] >= 0)
        g->values[g->nodes[n].operands[k]].numUses++;
  for (int v = 0; v < g->numValues; ++v) {
    g->values[v].useNode = malloc(sizeof(int) * (g->values[v].numUses + 1));
    g->values[v].useOperand = malloc(sizeof(int) * (g->values[v].numUses + 1));
    if (!g->values[v].useNode || !g->values[v].useOperand)
      return -1;
    g->values[v].numUses = 0;
  }
  for (int n = 0; n < g->numNodes; ++n)
    for (int k = 0; k < g->nodes[n].numOperands; ++k) {
      int v = g->nodes[n].operands[k];
      if (v < 0)
        continue;
      apValue *val = &g->values[v];
      val->useNode[val->numUses] = n;
      val->useOperand[val->numUses++] = k;
    }
  return 0;
}

/* A linalg.fill (or any linalg op without inputs) whose only user takes it
 * as an init is a follower too: it costs nothing to produce in any layout. */
static void markFollowers(apGraph *g) {
  for (int n = 0; n < g->numNodes; ++n) {
    apNode *node = &g->nodes[n];
    if (node->kind != AP_NODE_LINALG || !apOpNameIs(node->op, "linalg.fill"))
      continue;
    int v = node->results[0];
    int init = node->operands[node->numOperands - 1];
    if (v >= 0 && g->values[v].numUses == 1 && init >= 0 &&
        g->nodes[g->values[init].def].kind == AP_NODE_FOLLOWER &&
        g->values[init].numUses == 1)
      node->kind = AP_NODE_FOLLOWER;
  }
}

int apGraphBuild(MlirOperation func, const apCluster *c, const apGraphOptions *opt,
                 apGraph *g) {
  static const apGraphOptions none = {0};
  if (!opt)
    opt = &none;
  memset(g, 0, sizeof *g);
  g->func = func;
  g->cluster = c;
  g->replicatedBoundary = opt->replicatedBoundary;
  MlirRegion region = mlirOperationGetRegion(func, 0);
  MlirBlock body = mlirRegionGetFirstBlock(region);
  if (mlirBlockIsNull(body))
    return 0;
  if (!mlirBlockIsNull(mlirBlockGetNextInRegion(body))) {
    apEmitOpError(func, "auto-shard: functions with more than one block are not supported");
    return -1;
  }
  size_t numOps = (size_t)mlirBlockGetNumArguments(body), numVals = numOps;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    ++numOps;
    numVals += (size_t)mlirOperationGetNumResults(op);
  }
  g->nodes = calloc(numOps + 1, sizeof *g->nodes);
  g->values = calloc(numVals + 1, sizeof *g->values);
  apPtrMap map = {0};
  int rc = -1;
  if (!g->nodes || !g->values || !apPtrMapInit(&map, numVals))
    goto out;
  if (buildNodes(g, body, &map) || buildUses(g) || buildAliases(g))
    goto out;
  markFollowers(g);
  rc = apAttachStrategies(g, opt);
out:
  apPtrMapFree(&map);
  if (rc)
    apGraphFree(g);
  return rc;
}

void apGraphFree(apGraph *g) {
  for (int n = 0; n < g->numNodes; ++n) {
    apNode *node = &g->nodes[n];
    for (int s = 0; s < node->numStrategies; ++s)
      free(node->strategies[s].operands);
    free(node->strategies);
    free(node->operands);
    free(node->results);
    free(node->aliasArg);
  }
  for (int v = 0; v < g->numValues; ++v) {
    free(g->values[v].useNode);
    free(g->values[v].useOperand);
  }
  free(g->nodes);
  free(g->values);
  memset(g, 0, sizeof *g);
}
