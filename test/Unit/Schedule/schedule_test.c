/* GPipe and 1F1B: valid orders, the bubble (P-1)/(M+P-1) for uniform
 * stages, 1F1B's in-flight bound P-s, and rejection of broken orders. */
#include "ApTest.h"
#include "ap/Schedule.h"

int main(void) {
  double fwd[16], bwd[16], zero[16] = {0};
  for (int i = 0; i < 16; ++i)
    fwd[i] = 1.0, bwd[i] = 2.0;
  char err[256];
  for (int kind = 0; kind < 2; ++kind)
    for (int P = 1; P <= 8; ++P)
      for (int M = 1; M <= 16; ++M) {
        apSchedule s;
        CHECK(apScheduleBuild(kind, P, M, &s) == 0);
        CHECK(apScheduleValidate(&s, err, sizeof err) == 0);
        apScheduleSim sim;
        CHECK(apScheduleSimulate(&s, fwd, bwd, zero, &sim) == 0);
        CHECK_CLOSE(sim.bubbleFraction, (double)(P - 1) / (M + P - 1), 1e-12);
        CHECK_CLOSE(sim.iterationTime, (M + P - 1) * 3.0, 1e-12);
        for (int st = 0; st < P; ++st) {
          int bound = kind == AP_SCHED_1F1B ? (P - st < M ? P - st : M) : M;
          CHECK(sim.maxInFlight[st] == bound);
        }
        apScheduleFree(&s);
      }

  /* Transfers between stages lengthen the iteration. */
  apSchedule s;
  apScheduleBuild(AP_SCHED_1F1B, 4, 8, &s);
  double comm[3] = {0.5, 0.5, 0.5};
  apScheduleSim a, b;
  apScheduleSimulate(&s, fwd, bwd, zero, &a);
  apScheduleSimulate(&s, fwd, bwd, comm, &b);
  CHECK(b.iterationTime > a.iterationTime);

  /* A backward before its forward deadlocks; a step run twice is caught. */
  apStep saved = s.steps[0];
  s.steps[0] = s.steps[s.stepsPerStage - 1];
  s.steps[s.stepsPerStage - 1] = saved;
  CHECK(apScheduleValidate(&s, err, sizeof err) != 0);
  s.steps[s.stepsPerStage - 1] = s.steps[0];
  CHECK(apScheduleValidate(&s, err, sizeof err) != 0);
  apScheduleFree(&s);

  CHECK(apScheduleKindParse("1f1b") == AP_SCHED_1F1B);
  CHECK(apScheduleKindParse("gpipe") == AP_SCHED_GPIPE);
  CHECK(apScheduleKindParse("zigzag") == -1);
  return ap_test_summary("schedule");
}
