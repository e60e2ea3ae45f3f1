/* The plan as JSON (--ap-plan / plan=FILE) and a one-screen summary. */
#include "AutoShard.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"

static const char *statusName(apIlpStatus s) {
  switch (s) {
  case AP_ILP_OPTIMAL:
    return "optimal";
  case AP_ILP_FEASIBLE:
    return "feasible (time limit)";
  case AP_ILP_INFEASIBLE:
    return "infeasible";
  case AP_ILP_ERROR:
    break;
  }
  return "error";
}

static json_object *opJson(const apShardPlan *plan, int n) {
  const apGraph *g = plan->g;
  const apNode *node = &g->nodes[n];
  const apStrategy *s = &node->strategies[plan->choice[n]];
  json_object *o = json_object_new_object();
  char buf[256];
  if (node->op.ptr) {
    MlirStringRef nm = mlirIdentifierStr(mlirOperationGetName(node->op));
    json_object_object_add(o, "op", json_object_new_string_len(nm.data, (int)nm.length));
    apLocationFormat(mlirOperationGetLocation(node->op), buf, sizeof buf);
    MlirAttribute layer =
        mlirOperationGetAttributeByName(node->op, mlirStringRefCreateFromCString("ap.layer"));
    if (!mlirAttributeIsNull(layer) && mlirAttributeIsAInteger(layer))
      json_object_object_add(o, "layer",
                             json_object_new_int64(mlirIntegerAttrGetValueInt(layer)));
  } else {
    snprintf(buf, sizeof buf, "argument #%d", node->argIndex);
    json_object_object_add(o, "op", json_object_new_string(buf));
    apLocationFormat(mlirValueGetLocation(g->values[node->results[0]].value), buf,
                     sizeof buf);
  }
  json_object_object_add(o, "loc", json_object_new_string(buf));
  apStrategyFormat(g, n, plan->choice[n], buf, sizeof buf);
  json_object_object_add(o, "strategy", json_object_new_string(buf));
  json_object *results = json_object_new_array();
  for (int r = 0; r < node->numResults; ++r)
    if (node->results[r] >= 0) {
      apShardingFormat(&s->results[r], buf, sizeof buf);
      json_object_array_add(results, json_object_new_string(buf));
    }
  json_object_object_add(o, "results", results);
  json_object_object_add(o, "rule", json_object_new_string(node->rule));
  json_object_object_add(o, "compute_s", json_object_new_double(s->compute));
  json_object_object_add(o, "communication_s", json_object_new_double(s->comm));
  json_object_object_add(o, "memory_bytes", json_object_new_double(s->mem));
  json_object_object_add(o, "strategies", json_object_new_int(node->numStrategies));
  return o;
}

void apShardReport(const apShardPlan *plan, const char *funcName, json_object *funcs,
                   bool summary) {
  const apGraph *g = plan->g;
  const apCluster *c = g->cluster;
  char mesh[64] = "";
  for (int a = 0, pos = 0; a < c->mesh_rank; ++a)
    pos += snprintf(mesh + pos, sizeof mesh - pos, "%s%lld", a ? "x" : "",
                    (long long)c->mesh[a]);
  if (funcs) {
    json_object *f = json_object_new_object();
    json_object_object_add(f, "function", json_object_new_string(funcName));
    json_object_object_add(f, "mesh", json_object_new_string(mesh));
    json_object_object_add(f, "status", json_object_new_string(statusName(plan->ilp.status)));
    json_object_object_add(f, "objective_s", json_object_new_double(plan->ilp.objective));
    json_object_object_add(f, "bound_s", json_object_new_double(plan->ilp.bound));
    json_object_object_add(f, "gap", json_object_new_double(plan->ilp.gap));
    json_object_object_add(f, "compute_s", json_object_new_double(plan->compute));
    json_object_object_add(f, "communication_s", json_object_new_double(plan->comm));
    json_object_object_add(f, "resharding_s", json_object_new_double(plan->reshard));
    json_object_object_add(f, "peak_memory_bytes", json_object_new_double(plan->peakMemory));
    json_object_object_add(f, "memory_budget_bytes", json_object_new_double(plan->budget));
    json_object_object_add(f, "graph_nodes", json_object_new_int(g->numNodes));
    json_object_object_add(f, "followers_merged", json_object_new_int(plan->numFollowers));
    json_object_object_add(f, "layer_tied_nodes", json_object_new_int(plan->numLayerTied));
    json_object_object_add(f, "ilp_nodes", json_object_new_int(plan->ilpNodes));
    json_object_object_add(f, "ilp_edges", json_object_new_int(plan->ilpEdges));
    json_object_object_add(f, "ilp_vars", json_object_new_int(plan->ilp.num_vars));
    json_object_object_add(f, "ilp_constraints",
                           json_object_new_int(plan->ilp.num_constraints));
    json_object *ops = json_object_new_array();
    for (int n = 0; n < g->numNodes; ++n)
      if (plan->choice[n] >= 0)
        json_object_array_add(ops, opJson(plan, n));
    json_object_object_add(f, "ops", ops);
    json_object_array_add(funcs, f);
  }
  if (!summary)
    return;
  char budget[64] = "none";
  if (plan->budget > 0)
    snprintf(budget, sizeof budget, "%.4g MiB", plan->budget / (1 << 20));
  fprintf(stderr,
          "auto-shard @%s on mesh %s (%s): %d nodes, %d tensor values\n"
          "  shrink: %d followers merged, %d nodes tied (%d layers in %d classes)\n"
          "  ILP: %d nodes, %d edges -> %d variables, %d constraints; %s%s in %.3f s\n"
          "  objective %.6g s (best bound %.6g s, gap %.2f%%)\n"
          "  = compute %.6g s + op collectives %.6g s + resharding %.6g s\n"
          "  collectives: %d all-reduce, %d all-gather, %d all-to-all\n"
          "  peak memory per device %.4g MiB (budget %s)\n",
          funcName, mesh, c->name, g->numNodes, g->numValues, plan->numFollowers,
          plan->numLayerTied, plan->numLayers, plan->numLayerClasses, plan->ilpNodes,
          plan->ilpEdges, plan->ilp.num_vars, plan->ilp.num_constraints,
          plan->ilp.used_cbc ? "CBC " : "presolve, ", statusName(plan->ilp.status),
          plan->ilp.seconds, plan->ilp.objective, plan->ilp.bound, 100 * plan->ilp.gap,
          plan->compute, plan->comm, plan->reshard, plan->numAllReduce, plan->numGather,
          plan->numAllToAll, plan->peakMemory / (1 << 20), budget);
}
