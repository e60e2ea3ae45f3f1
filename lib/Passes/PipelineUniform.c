/* Uniform configurations for --ap-pipeline-plan, priced in the planner's
 * own model: pp stages of equal layer counts, each on dp x tp devices that
 * run dp-way data parallel (the batch split, everything else replicated,
 * gradients all-reduced) and tp-way tensor parallel (the ILP chooses the
 * tensor-parallel layout on that axis, Megatron-LM's column/row split when
 * it is the cheapest), with B micro-batches of 1F1B. This is how Megatron-LM
 * plans by hand, and the baselines of bench/plan_quality.sh: one given
 * configuration, or every one the cluster allows (sweep). */
#include "PipelinePlan.h"

#include "PassCommon.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The submesh of dp x tp devices: tp inside a node, the rest as whole nodes
 * when it fills them. False when the cluster cannot hold that shape. */
static bool uniformShape(const apPipe *p, int dp, int tp, apShape *out) {
  int gpn = p->c.groups[0].gpus_per_node, nodes = p->c.groups[0].nodes;
  int64_t dev = (int64_t)dp * tp;
  if (tp > gpn || gpn % tp)
    return false;
  if (dev <= gpn) {
    if (gpn % dev)
      return false;
    *out = (apShape){1, (int)dev, 0, dp, tp, 0};
    return true;
  }
  if (dev % gpn || dev / gpn > nodes)
    return false;
  *out = (apShape){(int)(dev / gpn), gpn, 0, dp, tp, 0};
  return true;
}

/* pp stages of equal layer counts on shape s with B micro-batches; false
 * when a stage does not fit or the batch does not split. */
static bool priceUniform(const apPipe *p, int s, int pp, int B, apStagePlan *out) {
  const apShape *sh = &p->shapes[s];
  if (pp > p->L || (p->batch > 0 && p->batch % ((int64_t)sh->dp * B)))
    return false;
  memset(out, 0, sizeof *out);
  out->first = malloc(sizeof(int) * (size_t)pp);
  out->last = malloc(sizeof(int) * (size_t)pp);
  out->mesh = malloc(sizeof(int) * (size_t)pp);
  if (!out->first || !out->last || !out->mesh)
    abort();
  out->num_stages = pp;
  /* Equal runs of the inner layers; the first and last layer (a language
   * model's embedding and head) ride with the first and last stage, as
   * Megatron-LM places them, when there are inner layers for every stage. */
  int lo = p->L - 2 >= pp ? 1 : 0, n = p->L - 2 * lo;
  for (int k = 0; k < pp; ++k) {
    out->first[k] = k ? lo + (int)((int64_t)k * n / pp) : 0;
    out->last[k] = k + 1 < pp ? lo + (int)((int64_t)(k + 1) * n / pp) - 1 : p->L - 1;
    out->mesh[k] = s;
    double mem = apPipeStageMemory(p, out->first[k], out->last[k], s, B, pp - k);
    if (!apPipeFits(p, s, mem)) {
      apStagePlanFree(out);
      return false;
    }
    double t = apPipeStageTime(p, out->first[k], out->last[k], s, B, NULL);
    out->sum += t;
    out->max = t > out->max ? t : out->max;
  }
  out->latency = out->sum + (B - 1) * out->max;
  return true;
}

static json_object *row(int dp, int tp, int pp, int B, double latency) {
  json_object *r = json_object_new_object();
  json_object_object_add(r, "data_parallel", json_object_new_int(dp));
  json_object_object_add(r, "tensor_parallel", json_object_new_int(tp));
  json_object_object_add(r, "stages", json_object_new_int(pp));
  json_object_object_add(r, "micro_batches", json_object_new_int(B));
  json_object_object_add(r, "iteration_s", json_object_new_double(latency));
  return r;
}

bool apPipeUniform(apPipe *p, int dp, int tp, int pp, int B, apStagePlan *best,
                   json_object *rows) {
  /* The (dp, tp) shapes to profile: each one ILP, shared by every pp. */
  p->numShapes = 0;
  int gpn = p->c.groups[0].gpus_per_node;
  for (int t = 1; t <= gpn; t *= 2)
    for (int stages = 1; stages <= p->devices; ++stages) {
      if (p->devices % ((int64_t)t * stages))
        continue;
      int d = p->devices / (t * stages);
      if (dp > 0 && (d != dp || t != tp || stages != pp))
        continue;
      apShape sh;
      bool seen = false;
      for (int k = 0; k < p->numShapes && !seen; ++k)
        seen = p->shapes[k].dp == d && p->shapes[k].tp == t;
      if (!seen && uniformShape(p, d, t, &sh) && p->numShapes < AP_PLAN_MAX_SHAPES)
        p->shapes[p->numShapes++] = sh;
    }
  if (p->numShapes == 0) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "ap-pipeline-plan: %d-way data x %d-way tensor x %d stages does not fit this "
             "cluster (%d devices, %d per node; tensor parallelism stays inside a node)",
             dp, tp, pp, p->devices, gpn);
    mlirEmitError(mlirOperationGetLocation(p->module), msg);
    return false;
  }
  if (!apPipeProfile(p))
    return false;
  bool found = false;
  int bestB = 0;
  for (int s = 0; s < p->numShapes; ++s) {
    int d = p->shapes[s].dp, t = p->shapes[s].tp;
    int stages = p->devices / (d * t);
    if (dp > 0 && stages != pp)
      continue;
    int choices[64];
    int n = apPipeMicroBatchChoices(p, p->batch > 0 ? p->batch / d : 0, B, choices);
    for (int i = 0; i < n; ++i) {
      apStagePlan sp;
      if (!priceUniform(p, s, stages, choices[i], &sp))
        continue;
      json_object_array_add(rows, row(d, t, stages, choices[i], sp.latency));
      if (found && sp.latency >= best->latency) {
        apStagePlanFree(&sp);
        continue;
      }
      if (found)
        apStagePlanFree(best);
      *best = sp, bestB = choices[i], found = true;
    }
  }
  p->B = bestB;
  if (!found)
    mlirEmitError(mlirOperationGetLocation(p->module),
                  dp > 0 ? "ap-pipeline-plan: this configuration does not fit the memory budget "
                           "or the batch does not split into its replicas and micro-batches"
                         : "ap-pipeline-plan: no uniform configuration fits the memory budget");
  return found;
}
