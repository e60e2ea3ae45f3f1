/* GPipe and 1F1B orders, their validation and simulation. */
#include "ap/Schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *apScheduleKindName(apScheduleKind k) {
  return k == AP_SCHED_GPIPE ? "gpipe" : "1f1b";
}

int apScheduleKindParse(const char *name) {
  if (!strcmp(name, "gpipe"))
    return AP_SCHED_GPIPE;
  if (!strcmp(name, "1f1b"))
    return AP_SCHED_1F1B;
  return -1;
}

int apScheduleBuild(apScheduleKind kind, int P, int M, apSchedule *out) {
  memset(out, 0, sizeof *out);
  if (P < 1 || M < 1)
    return -1;
  out->kind = kind;
  out->numStages = P;
  out->numMicrobatches = M;
  out->stepsPerStage = 2 * M;
  out->steps = malloc(sizeof(apStep) * (size_t)P * 2 * M);
  if (!out->steps)
    return -1;
  for (int s = 0; s < P; ++s) {
    apStep *st = out->steps + (size_t)s * 2 * M;
    int k = 0;
    if (kind == AP_SCHED_GPIPE) {
      /* All forwards, then all backwards (last micro-batch first, as its
       * activations are the freshest). */
      for (int m = 0; m < M; ++m)
        st[k++] = (apStep){m, 0};
      for (int m = M - 1; m >= 0; --m)
        st[k++] = (apStep){m, 1};
    } else {
      /* 1F1B: P-s-1 warm-up forwards, then one forward one backward, then
       * the remaining backwards; at most P-s micro-batches in flight. */
      int warm = P - s - 1 < M ? P - s - 1 : M;
      int f = 0, b = 0;
      for (; f < warm; ++f)
        st[k++] = (apStep){f, 0};
      while (f < M) {
        st[k++] = (apStep){f++, 0};
        st[k++] = (apStep){b++, 1};
      }
      while (b < M)
        st[k++] = (apStep){b++, 1};
    }
  }
  return 0;
}

void apScheduleFree(apSchedule *s) {
  free(s->steps);
  s->steps = NULL;
}

/* The position of each (stage, micro-batch, phase) in its stage's order. */
static int *positions(const apSchedule *s) {
  int P = s->numStages, M = s->numMicrobatches;
  int *pos = malloc(sizeof(int) * (size_t)P * M * 2);
  if (!pos)
    return NULL;
  for (int i = 0; i < P * M * 2; ++i)
    pos[i] = -1;
  for (int st = 0; st < P; ++st)
    for (int k = 0; k < s->stepsPerStage; ++k) {
      apStep x = s->steps[(size_t)st * s->stepsPerStage + k];
      if (x.microbatch < 0 || x.microbatch >= M || (x.backward & ~1)) {
        free(pos);
        return NULL;
      }
      int idx = (st * M + x.microbatch) * 2 + x.backward;
      if (pos[idx] >= 0) {
        free(pos);
        return NULL; /* runs twice */
      }
      pos[idx] = k;
    }
  return pos;
}

int apScheduleValidate(const apSchedule *s, char *err, size_t errlen) {
  apScheduleSim sim;
  double *zero = calloc(s->numStages + 1, sizeof(double)), *one = malloc(sizeof(double) * (s->numStages + 1));
  if (!zero || !one) {
    free(zero);
    free(one);
    return -1;
  }
  for (int i = 0; i < s->numStages; ++i)
    one[i] = 1;
  int *pos = positions(s);
  int rc = 0;
  if (!pos) {
    snprintf(err, errlen, "a step is out of range or runs twice");
    rc = -1;
  } else if (apScheduleSimulate(s, one, one, zero, &sim)) {
    snprintf(err, errlen, "the order deadlocks: a step waits for one that never runs before it");
    rc = -1;
  }
  free(pos);
  free(zero);
  free(one);
  return rc;
}

int apScheduleSimulate(const apSchedule *s, const double *fwd, const double *bwd,
                       const double *comm, apScheduleSim *out) {
  return apScheduleSimulateSteps(s, fwd, bwd, comm, out, NULL);
}

int apScheduleSimulateSteps(const apSchedule *s, const double *fwd, const double *bwd,
                            const double *comm, apScheduleSim *out, apStepTime *times) {
  int P = s->numStages, M = s->numMicrobatches, K = s->stepsPerStage;
  memset(out, 0, sizeof *out);
  double *done = malloc(sizeof(double) * (size_t)P * M * 2);
  int *next = calloc(P, sizeof(int));
  double *free_at = calloc(P, sizeof(double)), busy = 0;
  int *inFlight = calloc(P, sizeof(int));
  int rc = -1;
  if (!done || !next || !free_at || !inFlight)
    goto out;
  for (int i = 0; i < P * M * 2; ++i)
    done[i] = -1;
  /* Repeatedly run any stage whose next step has its inputs: a list
   * scheduler over P queues; no progress in a round means deadlock. */
  for (int remaining = P * K; remaining > 0;) {
    int progressed = 0;
    for (int st = 0; st < P; ++st) {
      if (next[st] == K)
        continue;
      apStep x = s->steps[(size_t)st * K + next[st]];
      int m = x.microbatch;
      double ready;
      if (!x.backward) {
        ready = st == 0 ? 0 : done[((st - 1) * M + m) * 2];
        if (st > 0 && ready < 0)
          continue;
        if (st > 0 && comm)
          ready += comm[st - 1];
      } else {
        double own = done[(st * M + m) * 2];
        if (own < 0)
          continue;
        ready = own;
        if (st + 1 < P) {
          double up = done[((st + 1) * M + m) * 2 + 1];
          if (up < 0)
            continue;
          up += comm ? comm[st] : 0;
          ready = up > ready ? up : ready;
        }
      }
      double start = ready > free_at[st] ? ready : free_at[st];
      double t = x.backward ? bwd[st] : fwd[st];
      done[(st * M + m) * 2 + x.backward] = free_at[st] = start + t;
      if (times)
        times[(size_t)st * K + next[st]] = (apStepTime){start, start + t};
      busy += t;
      inFlight[st] += x.backward ? -1 : 1;
      if (st < 64 && inFlight[st] > out->maxInFlight[st])
        out->maxInFlight[st] = inFlight[st];
      next[st]++;
      remaining--;
      progressed = 1;
    }
    if (!progressed)
      goto out;
  }
  for (int st = 0; st < P; ++st)
    if (free_at[st] > out->iterationTime)
      out->iterationTime = free_at[st];
  out->bubbleFraction =
      out->iterationTime > 0 ? 1 - busy / (P * out->iterationTime) : 0;
  rc = 0;
out:
  free(done);
  free(next);
  free(free_at);
  free(inFlight);
  return rc;
}
