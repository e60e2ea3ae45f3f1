/* The plan as shard dialect annotations: every tensor value gets its
 * producer's layout (`shard.shard %v to %s`), and every use the layout its
 * consumer wants (`annotate_for_users`). A use that wants another layout gets
 * the chain of single-step reshards of Reshard.c, one annotation per step,
 * because upstream's partitioner miscompiles multi-step reshards. */
#include "AutoShard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirStringRef sref(const char *s) { return mlirStringRefCreateFromCString(s); }

typedef struct {
  MlirContext ctx;
  MlirBlock body;
  MlirAttribute gridRef;
  MlirType shardingType;
  MlirOperation lastTop; /* last op of the prologue (shardings, arg annotations) */
  MlirOperation lastSharding;
  int numShardings, cap;
  apSharding *layouts;
  MlirValue *values;
} apRewriter;

static MlirNamedAttribute named(MlirContext ctx, const char *n, MlirAttribute a) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, sref(n)), a);
}

static void insertAfter(apRewriter *rw, MlirOperation *after, MlirOperation op) {
  if (mlirOperationIsNull(*after))
    mlirBlockInsertOwnedOperation(rw->body, 0, op);
  else
    mlirBlockInsertOwnedOperationAfter(rw->body, *after, op);
  *after = op;
}

/* Same split axes, same shard.sharding: it does not depend on the rank. */
static bool sameSplit(const apSharding *a, const apSharding *b) {
  char x[256], y[256];
  apShardingFormat(a, x, sizeof x);
  apShardingFormat(b, y, sizeof y);
  return !strcmp(x, y);
}

/* The shard.sharding value of a layout, created once at the function entry. */
static MlirValue shardingFor(apRewriter *rw, const apSharding *s, MlirLocation loc) {
  for (int i = 0; i < rw->numShardings; ++i)
    if (sameSplit(&rw->layouts[i], s))
      return rw->values[i];
  if (rw->numShardings == rw->cap) {
    rw->cap = rw->cap ? 2 * rw->cap : 16;
    rw->layouts = realloc(rw->layouts, sizeof *rw->layouts * rw->cap);
    rw->values = realloc(rw->values, sizeof *rw->values * rw->cap);
    if (!rw->layouts || !rw->values)
      abort(); /* out of memory */
  }
  char axes[256], text[300];
  apShardingFormat(s, axes, sizeof axes);
  snprintf(text, sizeof text, "#shard<axisarray%s>", axes);
  int32_t segments[2] = {0, 0};
  MlirNamedAttribute attrs[] = {
      named(rw->ctx, "grid", rw->gridRef),
      named(rw->ctx, "split_axes", mlirAttributeParseGet(rw->ctx, sref(text))),
      named(rw->ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(rw->ctx, 2, segments)),
      named(rw->ctx, "static_halo_sizes", mlirDenseI64ArrayGet(rw->ctx, 0, NULL)),
      named(rw->ctx, "static_sharded_dims_offsets", mlirDenseI64ArrayGet(rw->ctx, 0, NULL)),
  };
  MlirOperationState st = mlirOperationStateGet(sref("shard.sharding"), loc);
  mlirOperationStateAddAttributes(&st, 5, attrs);
  mlirOperationStateAddResults(&st, 1, &rw->shardingType);
  MlirOperation op = mlirOperationCreate(&st);
  bool topWasSharding = rw->lastTop.ptr == rw->lastSharding.ptr;
  insertAfter(rw, &rw->lastSharding, op);
  if (topWasSharding)
    rw->lastTop = op;
  rw->layouts[rw->numShardings] = *s;
  rw->values[rw->numShardings] = mlirOperationGetResult(op, 0);
  return rw->values[rw->numShardings++];
}

static MlirOperation createShard(apRewriter *rw, MlirLocation loc, MlirValue src,
                                 const apSharding *s, bool forUsers) {
  MlirValue operands[2] = {src, shardingFor(rw, s, loc)};
  MlirType t = mlirValueGetType(src);
  MlirOperationState st = mlirOperationStateGet(sref("shard.shard"), loc);
  mlirOperationStateAddOperands(&st, 2, operands);
  mlirOperationStateAddResults(&st, 1, &t);
  MlirNamedAttribute a = named(rw->ctx, "annotate_for_users", mlirUnitAttrGet(rw->ctx));
  if (forUsers)
    mlirOperationStateAddAttributes(&st, 1, &a);
  return mlirOperationCreate(&st);
}

/* Annotates value v and rewires its uses. */
static void rewriteValue(apRewriter *rw, const apShardPlan *plan, int v) {
  const apGraph *g = plan->g;
  const apValue *val = &g->values[v];
  const apNode *def = &g->nodes[val->def];
  MlirLocation loc = def->op.ptr ? mlirOperationGetLocation(def->op)
                                 : mlirValueGetLocation(val->value);
  const apSharding *layout = apPlanValueLayout(plan, v);
  MlirOperation res = createShard(rw, loc, val->value, layout, false);
  /* After creating it: that may have added a sharding to the prologue. */
  MlirOperation after = def->op.ptr ? def->op : rw->lastTop;
  insertAfter(rw, &after, res);
  MlirValue annotated = mlirOperationGetResult(res, 0);
  /* One chain per distinct wanted layout, shared by the uses wanting it. */
  int numTargets = 0;
  apSharding *targets = malloc(sizeof *targets * (val->numUses + 1));
  MlirValue *finals = malloc(sizeof *finals * (val->numUses + 1));
  if (!targets || !finals)
    abort();
  for (int k = 0; k < val->numUses; ++k) {
    const apSharding *want = apPlanUseLayout(plan, v, k);
    int t = 0;
    while (t < numTargets && !apShardingEqual(&targets[t], want))
      ++t;
    if (t == numTargets) {
      apReshardStep steps[AP_MAX_RESHARD_STEPS];
      double cost;
      int ns = apReshardPlan(layout, want, val->shape, val->elemBytes, g->cluster,
                             steps, &cost);
      MlirValue cur = annotated;
      for (int i = 0; i < (ns ? ns : 1); ++i) {
        MlirOperation op =
            createShard(rw, loc, cur, ns ? &steps[i].after : layout, true);
        insertAfter(rw, &after, op);
        cur = mlirOperationGetResult(op, 0);
      }
      targets[numTargets] = *want;
      finals[numTargets++] = cur;
    }
    mlirOperationSetOperand(g->nodes[val->useNode[k]].op, val->useOperand[k], finals[t]);
  }
  if (!def->op.ptr)
    rw->lastTop = after;
  free(targets);
  free(finals);
}

int apShardRewrite(const apShardPlan *plan, const char *grid) {
  const apGraph *g = plan->g;
  apRewriter rw;
  memset(&rw, 0, sizeof rw);
  rw.ctx = mlirOperationGetContext(g->func);
  rw.body = mlirRegionGetFirstBlock(mlirOperationGetRegion(g->func, 0));
  if (mlirBlockIsNull(rw.body))
    return 0;
  rw.gridRef = mlirFlatSymbolRefAttrGet(rw.ctx, sref(grid));
  rw.shardingType = mlirTypeParseGet(rw.ctx, sref("!shard.sharding"));
  if (mlirTypeIsNull(rw.shardingType))
    return -1;
  for (int v = 0; v < g->numValues; ++v)
    rewriteValue(&rw, plan, v);
  free(rw.layouts);
  free(rw.values);
  return 0;
}
