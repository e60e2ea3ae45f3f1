/* --ap-report: a listener on the planning passes' plans (apSetPlanListener)
 * and the page drawn from them after the pipeline ran. A planning pass
 * writes its plan only where it has a plan= file, so passes without one are
 * given a private file in a scratch folder. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "PlanReport.h"

#include "ap/Passes.h"
#include "ap/Report.h"
#include "mlir-c/Diagnostics.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void collect(const char *passName, json_object *plan, json_object *cluster,
                    void *user) {
  apPlanReport *r = user;
  json_object *e = json_object_new_object();
  json_object_object_add(e, "pass", json_object_new_string(passName));
  json_object_object_add(e, "plan", json_object_get(plan));
  json_object_object_add(e, "cluster", json_object_get(cluster));
  json_object_array_add(r->plans, e);
}

bool apPlanReportStart(apPlanReport *r, const char *path) {
  memset(r, 0, sizeof *r);
  r->path = path;
  const char *tmp = getenv("TMPDIR");
  tmp = tmp && *tmp ? tmp : "/tmp";
  size_t n = strlen(tmp) + 64;
  r->scratchDir = malloc(n);
  r->scratchPlan = malloc(n);
  if (r->scratchDir)
    snprintf(r->scratchDir, n, "%s/ap-report-XXXXXX", tmp);
  if (!r->scratchDir || !r->scratchPlan || !mkdtemp(r->scratchDir)) {
    fprintf(stderr, "ap-opt: error: --ap-report: cannot make a scratch folder in '%s': %s\n",
            tmp, strerror(errno));
    free(r->scratchDir);
    free(r->scratchPlan);
    r->scratchDir = r->scratchPlan = NULL;
    return false;
  }
  snprintf(r->scratchPlan, n, "%s/plan.json", r->scratchDir);
  r->plans = json_object_new_array();
  apSetPlanListener(collect, r);
  return true;
}

bool apPlanReportWrite(apPlanReport *r, MlirContext ctx, const char *input) {
  /* The page is named after the input without its folders, so it does not
   * change with where the build ran. */
  const char *slash = strrchr(input, '/');
  char *html = apReportHtml(r->plans, slash ? slash + 1 : input);
  if (html && apReportWriteFile(r->path, html) == 0) {
    free(html);
    return true;
  }
  char msg[1024];
  snprintf(msg, sizeof msg, "--ap-report: cannot write the report to '%s'%s%s", r->path,
           html ? ": " : "", html ? strerror(errno) : "");
  free(html);
  mlirEmitError(mlirLocationFileLineColGet(ctx, mlirStringRefCreateFromCString(input), 1, 1),
                msg);
  return false;
}

void apPlanReportStop(apPlanReport *r) {
  apSetPlanListener(NULL, NULL);
  if (r->scratchDir) {
    remove(r->scratchPlan);
    rmdir(r->scratchDir);
  }
  free(r->scratchDir);
  free(r->scratchPlan);
  json_object_put(r->plans);
  memset(r, 0, sizeof *r);
}
