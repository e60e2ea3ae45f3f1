/* Pipeline schedules: the order in which each stage runs the forward and
 * backward passes of the micro-batches, a validator, and an event-driven
 * simulator for iteration time, bubble and in-flight micro-batches.
 * Plain C, no MLIR. */
#ifndef AP_SCHEDULE_H
#define AP_SCHEDULE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { AP_SCHED_GPIPE, AP_SCHED_1F1B } apScheduleKind;

typedef struct {
  int microbatch;
  int backward; /* 0: forward, 1: backward */
} apStep;

typedef struct {
  apScheduleKind kind;
  int numStages, numMicrobatches;
  int stepsPerStage; /* 2 * numMicrobatches */
  apStep *steps;     /* [stage * stepsPerStage + k]: stage's k-th step */
} apSchedule;

const char *apScheduleKindName(apScheduleKind k);
/* Parses "gpipe" or "1f1b"; -1 if unknown. */
int apScheduleKindParse(const char *name);

int apScheduleBuild(apScheduleKind kind, int numStages, int numMicrobatches,
                    apSchedule *out);
void apScheduleFree(apSchedule *s);

/* Checks that every (stage, micro-batch, phase) runs once and that the
 * order can execute: a stage's forward needs the previous stage's forward of
 * that micro-batch, its backward the next stage's backward and its own
 * forward. Returns 0, or -1 with the first violation in err. */
int apScheduleValidate(const apSchedule *s, char *err, size_t errlen);

typedef struct {
  double iterationTime;
  double bubbleFraction;   /* idle share of stage time over the iteration */
  int maxInFlight[64];     /* per stage: forwards not yet backwarded */
} apScheduleSim;

/* Simulates the schedule: stage s takes fwd[s] and bwd[s] per micro-batch,
 * and a transfer between stages s and s+1 takes comm[s] (NULL: none). Each
 * stage runs its steps in order, each as soon as its inputs arrived. */
int apScheduleSimulate(const apSchedule *s, const double *fwd, const double *bwd,
                       const double *comm, apScheduleSim *out);

typedef struct {
  double start, end;
} apStepTime;

/* apScheduleSimulate that also returns when every step ran, for drawing the
 * schedule: times[stage * stepsPerStage + k] is the stage's k-th step. */
int apScheduleSimulateSteps(const apSchedule *s, const double *fwd, const double *bwd,
                            const double *comm, apScheduleSim *out, apStepTime *times);

#ifdef __cplusplus
}
#endif

#endif
