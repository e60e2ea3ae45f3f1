/* --ap-report=FILE: the plans the planning passes write, collected while
 * the passes run and drawn as one HTML page (lib/Report) once all ran. */
#ifndef AP_OPT_PLANREPORT_H
#define AP_OPT_PLANREPORT_H

#include <stdbool.h>

#include "mlir-c/IR.h"

struct json_object;

typedef struct {
  const char *path;          /* the page */
  char *scratchDir;          /* private, removed at the end */
  char *scratchPlan;         /* plan= for planning passes given none */
  struct json_object *plans; /* [{"pass", "plan", "cluster"}] as they ran */
} apPlanReport;

/* Starts collecting. False (with a message) when no scratch folder can be
 * made. */
bool apPlanReportStart(apPlanReport *r, const char *path);
/* Draws the page from what was collected and writes it whole; on failure
 * emits an error at `input` (line 1) and returns false. */
bool apPlanReportWrite(apPlanReport *r, MlirContext ctx, const char *input);
/* Stops collecting and removes the scratch folder. */
void apPlanReportStop(apPlanReport *r);

#endif
