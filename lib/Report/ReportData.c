/* The data the page draws from: every plan as its pass wrote it and, for a
 * pipeline plan, its schedule simulated step by step with the project's own
 * simulator, so the timeline shows what the planner's model predicts. */
#include "ReportInternal.h"

#include "ap/Schedule.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stdlib.h>

static double number(json_object *o, const char *key, bool *found) {
  json_object *v;
  bool ok = json_object_object_get_ex(o, key, &v) &&
            (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int));
  if (found)
    *found = ok;
  return ok ? json_object_get_double(v) : 0;
}

static json_object *fail(json_object *tl, const char *why) {
  json_object_object_add(tl, "error", json_object_new_string(why));
  return tl;
}

/* Forward and backward times per micro-batch of the P stages from
 * `first`: the plan's own forward_s/backward_s when every stage has them,
 * else its time per micro-batch split 1:2 (a backward pass costs about two
 * forwards). */
static bool stageTimes(json_object *stages, int first, int P, double *fwd, double *bwd) {
  bool given = true;
  for (int s = 0; s < P; ++s) {
    json_object *st = json_object_array_get_idx(stages, first + s);
    bool hasF, hasB;
    fwd[s] = number(st, "forward_s", &hasF);
    bwd[s] = number(st, "backward_s", &hasB);
    given = given && hasF && hasB;
  }
  if (!given)
    for (int s = 0; s < P; ++s) {
      json_object *st = json_object_array_get_idx(stages, first + s);
      double t = number(st, "time_per_micro_batch_s", NULL);
      fwd[s] = t / 3;
      bwd[s] = 2 * t / 3;
    }
  return given;
}

/* One replica's pipeline (stages first..first+P-1, micro-batches mb0..):
 * its rows appended to `rows`, its iteration time and busy time added. */
static bool replicaTimeline(json_object *stages, int first, int P, int M, int mb0, int kind,
                            json_object *rows, double *iteration, double *busy, double *bubble,
                            bool *given) {
  apSchedule s;
  double *fwd = malloc(sizeof(double) * 2 * (size_t)P), *bwd = fwd ? fwd + P : NULL;
  apStepTime *t = malloc(sizeof *t * 2 * (size_t)P * (size_t)M);
  apScheduleSim sim;
  bool ok = fwd && t && apScheduleBuild(kind, P, M, &s) == 0;
  if (ok) {
    *given = stageTimes(stages, first, P, fwd, bwd) && *given;
    ok = apScheduleSimulateSteps(&s, fwd, bwd, NULL, &sim, t) == 0;
    for (int st = 0; ok && st < P; ++st) {
      json_object *row = json_object_new_object(), *steps = json_object_new_array();
      json_object_object_add(row, "stage", json_object_new_int(first + st));
      json_object_object_add(row, "forward_s", json_object_new_double(fwd[st]));
      json_object_object_add(row, "backward_s", json_object_new_double(bwd[st]));
      if (st < 64)
        json_object_object_add(row, "max_in_flight", json_object_new_int(sim.maxInFlight[st]));
      /* [micro-batch, 0 forward / 1 backward, start, end] in run order. */
      for (int k = 0; k < s.stepsPerStage; ++k) {
        size_t i = (size_t)st * s.stepsPerStage + k;
        json_object *step = json_object_new_array();
        json_object_array_add(step, json_object_new_int(mb0 + s.steps[i].microbatch));
        json_object_array_add(step, json_object_new_int(s.steps[i].backward));
        json_object_array_add(step, json_object_new_double(t[i].start));
        json_object_array_add(step, json_object_new_double(t[i].end));
        json_object_array_add(steps, step);
        *busy += t[i].end - t[i].start;
      }
      json_object_object_add(row, "steps", steps);
      json_object_array_add(rows, row);
    }
    if (ok && sim.iterationTime > *iteration)
      *iteration = sim.iterationTime;
    *bubble = sim.bubbleFraction;
    apScheduleFree(&s);
  }
  free(fwd);
  free(t);
  return ok;
}

/* The schedule drawn from the plan: one pipeline, or with replicas
 * (`replica_micro_batches`) each replica's own over its micro-batches. */
static json_object *timeline(json_object *plan) {
  json_object *tl = json_object_new_object(), *stages, *kindJ, *counts = NULL;
  if (!json_object_object_get_ex(plan, "stages", &stages) ||
      !json_object_is_type(stages, json_type_array))
    return fail(tl, "the plan has no stages");
  int n = (int)json_object_array_length(stages);
  int M = (int)number(plan, "micro_batches", NULL);
  const char *kindName = json_object_object_get_ex(plan, "schedule", &kindJ)
                             ? json_object_get_string(kindJ)
                             : "1f1b";
  int kind = apScheduleKindParse(kindName ? kindName : "");
  if (kind < 0)
    return fail(tl, "the plan's schedule is neither 1f1b nor gpipe");
  json_object_object_get_ex(plan, "replica_micro_batches", &counts);
  int R = counts && json_object_is_type(counts, json_type_array)
              ? (int)json_object_array_length(counts)
              : 1;
  /* Beyond this the page would hold more boxes than anyone can read. */
  if (n < 1 || M < 1 || R < 1 || n % R || (long)n * M > 100000)
    return fail(tl, "the plan has no stages or micro-batches to draw");
  json_object *rows = json_object_new_array();
  double iteration = 0, busy = 0, bubble = 0;
  bool given = true, ok = true;
  for (int r = 0, mb0 = 0; ok && r < R; ++r) {
    int Mr = R > 1 ? (int)json_object_get_int(json_object_array_get_idx(counts, r)) : M;
    ok = Mr >= 1 && mb0 + Mr <= M &&
         replicaTimeline(stages, r * (n / R), n / R, Mr, mb0, kind, rows, &iteration, &busy,
                         &bubble, &given);
    mb0 += Mr;
  }
  if (!ok) {
    json_object_put(rows);
    return fail(tl, "the schedule could not be simulated");
  }
  json_object_object_add(tl, "schedule", json_object_new_string(apScheduleKindName(kind)));
  json_object_object_add(tl, "times", json_object_new_string(given ? "plan" : "split 1:2"));
  json_object_object_add(tl, "iteration_s", json_object_new_double(iteration));
  /* Idle share of all stages' time, up to the slowest replica's end. */
  if (R > 1)
    bubble = iteration > 0 ? 1 - busy / (n * iteration) : 0;
  json_object_object_add(tl, "bubble", json_object_new_double(bubble));
  json_object_object_add(tl, "stages", rows);
  return tl;
}

json_object *apReportData(json_object *plans, const char *title) {
  json_object *data = json_object_new_object(), *out = json_object_new_array();
  json_object_object_add(data, "title", json_object_new_string(title ? title : ""));
  for (size_t i = 0; plans && i < json_object_array_length(plans); ++i) {
    json_object *in = json_object_array_get_idx(plans, i), *e = json_object_new_object();
    json_object *pass = NULL, *plan = NULL, *cluster = NULL, *stages;
    json_object_object_get_ex(in, "pass", &pass);
    json_object_object_get_ex(in, "plan", &plan);
    /* The plan's own cluster first: auto-shard's may have a reshaped mesh. */
    if (!json_object_object_get_ex(plan, "cluster", &cluster) || !cluster)
      json_object_object_get_ex(in, "cluster", &cluster);
    json_object_object_add(e, "pass", json_object_get(pass));
    json_object_object_add(e, "cluster", json_object_get(cluster));
    if (json_object_object_get_ex(plan, "stages", &stages))
      json_object_object_add(e, "timeline", timeline(plan));
    json_object_object_add(e, "plan", json_object_get(plan));
    json_object_array_add(out, e);
  }
  json_object_object_add(data, "plans", out);
  return data;
}
