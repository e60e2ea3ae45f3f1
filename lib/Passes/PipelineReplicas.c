/* --ap-pipeline-plan on mixed clusters: Metis' data parallelism across
 * device groups. Each node group runs its own replica of the pipeline, the
 * stages cut at the same layers; the batch splits unevenly, in whole
 * micro-batches, in proportion to each replica's speed; the replicas' sums
 * (the gradients) are then reduced onto the first. The cuts come from
 * Alpa's DP on one group (each group is tried as the lead); every other
 * group then gives each stage the submesh that makes its replica fastest
 * within its devices. --ap-pipeline-plan keeps this plan where it beats the
 * single pipeline over all groups. */
#include "PipelinePlan.h"

#include "PipelineSplit.h"

#include <stdlib.h>
#include <string.h>

static double cost(const apPipe *p, const double *c, int i, int j, int m) {
  return c[((size_t)i * p->L + j) * p->numShapes + m];
}

/* Group g's submesh for each of lead's stages: the least bottleneck, then
 * the least sum, within g's devices (a DP over stages and devices left).
 * Fills mesh[]; false when the stages fit no way. */
static bool follow(const apPipe *p, const double *c, const apStagePlan *lead, int g, int *mesh) {
  int P = lead->num_stages, D = p->c.groups[g].nodes * p->c.groups[g].gpus_per_node;
  size_t cells = (size_t)(P + 1) * (size_t)(D + 1);
  double *mx = malloc(sizeof(double) * cells), *sum = malloc(sizeof(double) * cells);
  int *pick = malloc(sizeof(int) * cells);
  if (!mx || !sum || !pick)
    abort();
  /* [s][d]: stages s.. with at most d devices. */
  for (int d = 0; d <= D; ++d)
    mx[(size_t)P * (D + 1) + d] = 0, sum[(size_t)P * (D + 1) + d] = 0;
  for (int s = P - 1; s >= 0; --s)
    for (int d = 0; d <= D; ++d) {
      size_t at = (size_t)s * (D + 1) + d;
      mx[at] = sum[at] = AP_STAGE_INF, pick[at] = -1;
      for (int k = 0; k < p->numShapes; ++k) {
        int dev = p->shapes[k].n * p->shapes[k].m;
        double t = cost(p, c, lead->first[s], lead->last[s], k);
        if (p->shapes[k].group != g || dev > d || t >= AP_STAGE_INF)
          continue;
        size_t rest = (size_t)(s + 1) * (D + 1) + (size_t)(d - dev);
        if (mx[rest] >= AP_STAGE_INF)
          continue;
        double m = t > mx[rest] ? t : mx[rest], su = t + sum[rest];
        if (m < mx[at] || (m == mx[at] && su < sum[at]))
          mx[at] = m, sum[at] = su, pick[at] = k;
      }
    }
  bool ok = mx[D] < AP_STAGE_INF;
  for (int s = 0, d = D; ok && s < P; ++s) {
    mesh[s] = pick[(size_t)s * (D + 1) + d];
    d -= p->shapes[mesh[s]].n * p->shapes[mesh[s]].m;
  }
  free(mx);
  free(sum);
  free(pick);
  return ok;
}

/* A replica's latency with k micro-batches: sum + (k - 1) max. */
static double latency(double sum, double max, int k) { return k > 0 ? sum + (k - 1) * max : 0; }

/* Seconds reducing the sums onto replica 0: each stage of replica 0
 * receives its layers' gradients (the parameters' bytes) from every other
 * replica in turn; the stages do so side by side. */
static double reduceTime(const apPipe *p, const apPipeReplicaPlan *rp) {
  int P = rp->stagesPer;
  double worst = 0;
  for (int s = 0; s < P; ++s) {
    double bytes = 0;
    for (int l = rp->sp.first[s]; l <= rp->sp.last[s]; ++l)
      bytes += p->paramBytes[l];
    const apShape *root = &p->shapes[rp->sp.mesh[s]];
    double t = 0;
    for (int r = 1; r < rp->replicas; ++r) {
      const apShape *from = &p->shapes[rp->sp.mesh[r * P + s]];
      t += apCostStageTransfer(&p->c, AP_LINK_INTER, AP_LINK_INTRA, bytes, from->n * from->m,
                               root->n * root->m, 0);
    }
    worst = t > worst ? t : worst;
  }
  return worst;
}

/* Whether every stage fits its devices with the micro-batches its replica
 * keeps in flight (1F1B). */
static bool fits(const apPipe *p, const apPipeReplicaPlan *rp) {
  int P = rp->stagesPer;
  for (int k = 0; k < P * rp->replicas; ++k) {
    int s = k % P, inflight = P - s < rp->mbCount[k / P] ? P - s : rp->mbCount[k / P];
    double mem = apPipeStageMemory(p, rp->sp.first[k], rp->sp.last[k], rp->sp.mesh[k], p->B,
                                   inflight);
    if (!apPipeFits(p, rp->sp.mesh[k], mem))
      return false;
  }
  return true;
}

/* The plan with lead's cuts, lead group g0 as replica 0, the other groups
 * after it in order. */
static bool replicate(const apPipe *p, const double *c, const apStagePlan *lead, int g0,
                      apPipeReplicaPlan *out) {
  int P = lead->num_stages, R = p->c.num_groups;
  memset(out, 0, sizeof *out);
  if (R > AP_PP_MAX_REPLICAS || P * R > AP_PP_MAX_STAGES || p->B < R)
    return false;
  out->replicas = R, out->stagesPer = P;
  out->sp.num_stages = P * R;
  out->sp.first = malloc(sizeof(int) * (size_t)(P * R));
  out->sp.last = malloc(sizeof(int) * (size_t)(P * R));
  out->sp.mesh = malloc(sizeof(int) * (size_t)(P * R));
  if (!out->sp.first || !out->sp.last || !out->sp.mesh)
    abort();
  double sum[AP_PP_MAX_REPLICAS] = {0}, max[AP_PP_MAX_REPLICAS] = {0};
  bool ok = true;
  for (int r = 0; r < R && ok; ++r) {
    int g = r == 0 ? g0 : r <= g0 ? r - 1 : r;
    int *mesh = out->sp.mesh + r * P;
    if (r == 0)
      memcpy(mesh, lead->mesh, sizeof(int) * (size_t)P);
    else
      ok = follow(p, c, lead, g, mesh);
    for (int s = 0; ok && s < P; ++s) {
      out->sp.first[r * P + s] = lead->first[s];
      out->sp.last[r * P + s] = lead->last[s];
      double t = cost(p, c, lead->first[s], lead->last[s], mesh[s]);
      sum[r] += t;
      max[r] = t > max[r] ? t : max[r];
    }
  }
  /* Whole micro-batches, each to the replica that would finish it first:
   * the least slowest replica for latencies of this form. */
  for (int m = 0; ok && m < p->B; ++m) {
    int best = 0;
    for (int r = 1; r < R; ++r)
      if (latency(sum[r], max[r], out->mbCount[r] + 1) <
          latency(sum[best], max[best], out->mbCount[best] + 1))
        best = r;
    ++out->mbCount[best];
  }
  double slowest = 0;
  for (int r = 0; ok && r < R; ++r) {
    ok = out->mbCount[r] > 0; /* a group not worth its share: not this plan */
    double t = latency(sum[r], max[r], out->mbCount[r]);
    slowest = t > slowest ? t : slowest;
    out->sp.sum += sum[r];
    out->sp.max = max[r] > out->sp.max ? max[r] : out->sp.max;
  }
  ok = ok && fits(p, out);
  if (ok) {
    out->reduce = reduceTime(p, out);
    out->sp.latency = slowest + out->reduce;
  } else {
    apStagePlanFree(&out->sp);
  }
  return ok;
}

bool apPipeReplicated(const apPipe *p, const double *c, apPipeReplicaPlan *best) {
  bool found = false;
  for (int g = 0; p->c.num_groups > 1 && g < p->c.num_groups; ++g) {
    apStagePlan lead;
    if (!apPipeStageDp(p, c, g, &lead)) /* Alpa's DP on group g alone */
      continue;
    apPipeReplicaPlan rp;
    if (replicate(p, c, &lead, g, &rp)) {
      if (!found || rp.sp.latency < best->sp.latency) {
        if (found)
          apStagePlanFree(&best->sp);
        *best = rp, found = true;
      } else {
        apStagePlanFree(&rp.sp);
      }
    }
    apStagePlanFree(&lead);
  }
  return found;
}
