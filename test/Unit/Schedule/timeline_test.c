/* apScheduleSimulateSteps: every step's start and end agree with the
 * aggregate simulation, respect the order of each stage and the data
 * dependencies between stages, and reproduce 1F1B's known shape. */
#include "ApTest.h"
#include "ap/Schedule.h"

#include <stdlib.h>

/* Index of (stage, micro-batch, phase) in the stage's order. */
static int find(const apSchedule *s, int st, int m, int bwd) {
  for (int k = 0; k < s->stepsPerStage; ++k) {
    apStep x = s->steps[st * s->stepsPerStage + k];
    if (x.microbatch == m && x.backward == bwd)
      return st * s->stepsPerStage + k;
  }
  return -1;
}

int main(void) {
  double fwd[8], bwd[8], comm[8];
  for (int i = 0; i < 8; ++i)
    fwd[i] = 1.0 + 0.25 * i, bwd[i] = 2.0 + 0.5 * i, comm[i] = 0.125;
  for (int kind = 0; kind < 2; ++kind)
    for (int P = 1; P <= 6; ++P)
      for (int M = 1; M <= 9; ++M) {
        apSchedule s;
        CHECK(apScheduleBuild(kind, P, M, &s) == 0);
        apStepTime *t = malloc(sizeof *t * (size_t)P * s.stepsPerStage);
        apScheduleSim a, b;
        CHECK(apScheduleSimulate(&s, fwd, bwd, comm, &a) == 0);
        CHECK(apScheduleSimulateSteps(&s, fwd, bwd, comm, &b, t) == 0);
        CHECK(a.iterationTime == b.iterationTime);
        double last = 0;
        for (int st = 0; st < P; ++st)
          for (int k = 0; k < s.stepsPerStage; ++k) {
            int i = st * s.stepsPerStage + k;
            apStep x = s.steps[i];
            CHECK_CLOSE(t[i].end - t[i].start, x.backward ? bwd[st] : fwd[st], 1e-12);
            if (k)
              CHECK(t[i].start >= t[i - 1].end); /* one step at a time */
            if (!x.backward && st)
              CHECK(t[i].start >= t[find(&s, st - 1, x.microbatch, 0)].end + comm[st - 1]);
            if (x.backward && st + 1 < P)
              CHECK(t[i].start >= t[find(&s, st + 1, x.microbatch, 1)].end + comm[st]);
            if (t[i].end > last)
              last = t[i].end;
          }
        CHECK(last == b.iterationTime);
        free(t);
        apScheduleFree(&s);
      }

  /* Uniform 1F1B, 2 stages, 2 micro-batches, forward 1, backward 2: stage 0
   * runs F0 F1 at 0 and 1, then each backward once stage 1's is done;
   * stage 1 runs F0 1..2, B0 2..4, F1 4..5, B1 5..7; the last B1 ends at 9. */
  apSchedule s;
  apScheduleBuild(AP_SCHED_1F1B, 2, 2, &s);
  double one[2] = {1, 1}, two[2] = {2, 2};
  apStepTime t[8];
  apScheduleSim sim;
  CHECK(apScheduleSimulateSteps(&s, one, two, NULL, &sim, t) == 0);
  CHECK(t[0].start == 0 && t[1].start == 1); /* stage 0: F0, F1 */
  CHECK(t[2].start == 4 && t[3].start == 7); /* B0, B1 after stage 1's */
  CHECK(t[4].start == 1 && t[5].start == 2); /* stage 1: F0, B0 */
  CHECK(t[6].start == 4 && t[7].start == 5); /* F1, B1 */
  CHECK(sim.iterationTime == 9);
  apScheduleFree(&s);
  return ap_test_summary("schedule timeline");
}
