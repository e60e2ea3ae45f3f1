/* The plan report's page: its embedded data is valid JSON that gives back
 * the plans, a pipeline's schedule simulated (times from the plan, or its
 * time per micro-batch split 1:2), nothing that could close the <script>
 * it sits in, the same bytes every time, and a file written whole or not
 * at all. */
#include "ApTest.h"
#include "ap/Report.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static json_object *entry(const char *pass, const char *planText) {
  json_object *e = json_object_new_object();
  json_object_object_add(e, "pass", json_object_new_string(pass));
  json_object_object_add(e, "plan", json_tokener_parse(planText));
  json_object_object_add(e, "cluster", NULL);
  return e;
}

/* The JSON inside the page's ap-plan-data element, parsed. */
static json_object *embedded(const char *html) {
  const char *open = "<script type=\"application/json\" id=\"ap-plan-data\">";
  const char *start = strstr(html, open), *end;
  if (!start || !(end = strstr(start += strlen(open), "</script>")))
    return NULL;
  char *text = strndup(start, (size_t)(end - start));
  json_object *v = text ? json_tokener_parse(text) : NULL;
  free(text);
  return v;
}

static json_object *at(json_object *o, const char *path) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *save, *k = strtok_r(buf, ".", &save); o && k; k = strtok_r(NULL, ".", &save)) {
    if (json_object_is_type(o, json_type_array))
      o = json_object_array_get_idx(o, (size_t)atoi(k));
    else if (!json_object_object_get_ex(o, k, &o))
      return NULL;
  }
  return o;
}

static double num(json_object *o, const char *path) { return json_object_get_double(at(o, path)); }

int main(void) {
  json_object *plans = json_object_new_array();
  /* Two equal stages, three micro-batches, no forward_s/backward_s. */
  json_object_array_add(plans, entry("ap-pipeline-plan",
      "{\"micro_batches\": 3, \"schedule\": \"1f1b\", \"stages\": ["
      "{\"layers\": [0, 1], \"submesh\": [1, 2], \"first_device\": 0, \"time_per_micro_batch_s\": 3},"
      "{\"layers\": [2, 3], \"submesh\": [1, 2], \"first_device\": 2, \"time_per_micro_batch_s\": 3}],"
      "\"iteration_s\": 12}"));
  /* The same with the plan's own forward and backward times, GPipe. */
  json_object_array_add(plans, entry("ap-pipeline-plan",
      "{\"micro_batches\": 2, \"schedule\": \"gpipe\", \"stages\": ["
      "{\"layers\": [0, 0], \"submesh\": [1, 1], \"first_device\": 0, \"time_per_micro_batch_s\": 3,"
      " \"forward_s\": 1.5, \"backward_s\": 1.5}]}"));
  json_object_array_add(plans, entry("ap-pipeline-plan",
      "{\"micro_batches\": 2, \"schedule\": \"zigzag\", \"stages\": []}"));
  json_object *as = entry("auto-shard",
      "{\"functions\": [{\"function\": \"step\", \"ops\": ["
      "{\"op\": \"linalg.matmul\", \"loc\": \"</script><b>x.mlir:1:2\", \"strategy\": \"[[0]]\"}]}]}");
  /* A gap of infinity, which JSON cannot spell. */
  json_object_object_add(at(as, "plan.functions.0"), "gap", json_object_new_double(1.0 / 0.0));
  json_object_array_add(plans, as);
  /* Replicas: one stage each, micro-batches 0-2 on a stage of 1 + 2 s,
   * micro-batch 3 on one of 2 + 4 s. */
  json_object_array_add(plans, entry("ap-pipeline-plan",
      "{\"micro_batches\": 4, \"schedule\": \"1f1b\", \"replica_micro_batches\": [3, 1],"
      " \"stages\": ["
      "{\"layers\": [0, 1], \"submesh\": [1, 1], \"first_device\": 0, \"replica\": 0,"
      " \"forward_s\": 1, \"backward_s\": 2},"
      "{\"layers\": [0, 1], \"submesh\": [1, 1], \"first_device\": 1, \"replica\": 1,"
      " \"forward_s\": 2, \"backward_s\": 4}]}"));

  char *html = apReportHtml(plans, "a<b>.mlir");
  CHECK(html != NULL);
  json_object *data = embedded(html);
  CHECK(data != NULL);
  CHECK(!strcmp(json_object_get_string(at(data, "title")), "a<b>.mlir"));
  CHECK(strstr(html, "<title>a&lt;b&gt;.mlir") != NULL);
  CHECK(json_object_array_length(at(data, "plans")) == 5);

  /* 1:2 split, 1F1B: (M + P - 1) x (forward + backward). */
  CHECK(!strcmp(json_object_get_string(at(data, "plans.0.timeline.times")), "split 1:2"));
  CHECK_CLOSE(num(data, "plans.0.timeline.stages.1.forward_s"), 1.0, 1e-12);
  CHECK_CLOSE(num(data, "plans.0.timeline.stages.1.backward_s"), 2.0, 1e-12);
  CHECK_CLOSE(num(data, "plans.0.timeline.iteration_s"), 12.0, 1e-12);
  CHECK_CLOSE(num(data, "plans.0.timeline.bubble"), 1.0 / 4, 1e-12);
  CHECK(json_object_array_length(at(data, "plans.0.timeline.stages.0.steps")) == 6);
  /* Stage 1's first step: forward of micro-batch 0, after stage 0's. */
  CHECK(num(data, "plans.0.timeline.stages.1.steps.0.1") == 0);
  CHECK_CLOSE(num(data, "plans.0.timeline.stages.1.steps.0.2"), 1.0, 1e-12);
  CHECK(num(data, "plans.0.plan.iteration_s") == 12);

  CHECK(!strcmp(json_object_get_string(at(data, "plans.1.timeline.times")), "plan"));
  CHECK(!strcmp(json_object_get_string(at(data, "plans.1.timeline.schedule")), "gpipe"));
  CHECK_CLOSE(num(data, "plans.1.timeline.iteration_s"), 6.0, 1e-12);
  CHECK(at(data, "plans.2.timeline.error") != NULL);
  CHECK(at(data, "plans.3.timeline") == NULL);

  /* Each replica its own pipeline: 3 x 3 s against 1 x 6 s, 9 s; the
   * second replica idles 3 of them. Its step is micro-batch 3. */
  CHECK_CLOSE(num(data, "plans.4.timeline.iteration_s"), 9.0, 1e-12);
  CHECK_CLOSE(num(data, "plans.4.timeline.bubble"), 3.0 / 18, 1e-12);
  CHECK(json_object_array_length(at(data, "plans.4.timeline.stages")) == 2);
  CHECK(json_object_array_length(at(data, "plans.4.timeline.stages.0.steps")) == 6);
  CHECK(num(data, "plans.4.timeline.stages.1.stage") == 1);
  CHECK(num(data, "plans.4.timeline.stages.1.steps.0.0") == 3);
  CHECK_CLOSE(num(data, "plans.4.timeline.stages.1.steps.1.3"), 6.0, 1e-12);

  /* No string closes the script; the op's text comes back unchanged. */
  CHECK(strstr(html, "</script><b>") == NULL);
  CHECK(!strcmp(json_object_get_string(at(data, "plans.3.plan.functions.0.ops.0.loc")),
                "</script><b>x.mlir:1:2"));
  CHECK(json_object_is_type(at(data, "plans.3.plan.functions.0.gap"), json_type_null));
  /* One op per line. */
  CHECK(strstr(html, "{\"op\": \"linalg.matmul\", \"loc\": \"\\u003c/script>\\u003cb>x.mlir:1:2\", "
                    "\"strategy\": \"[[0]]\"}\n") != NULL);

  /* Self-contained: nothing is fetched. */
  CHECK(strstr(html, "<link") == NULL && strstr(html, "src=\"http") == NULL);

  char *again = apReportHtml(plans, "a<b>.mlir");
  CHECK(again && !strcmp(html, again));
  free(again);

  /* No plans: still a page. */
  json_object *none = json_object_new_array();
  char *empty = apReportHtml(none, "x.mlir");
  json_object *emptyData = empty ? embedded(empty) : NULL;
  CHECK(emptyData && json_object_array_length(at(emptyData, "plans")) == 0);
  json_object_put(emptyData);
  json_object_put(none);
  free(empty);

  /* Whole or nothing. */
  char path[] = "/tmp/ap-report-test-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  CHECK(apReportWriteFile(path, html) == 0);
  FILE *f = fopen(path, "rb");
  size_t len = strlen(html);
  char *back = malloc(len + 1);
  CHECK(f && back && fread(back, 1, len + 1, f) == len && !memcmp(back, html, len));
  if (f)
    fclose(f);
  free(back);
  remove(path);
  CHECK(apReportWriteFile("/nonexistent-ap-dir/report.html", html) == -1);
  CHECK(access("/nonexistent-ap-dir", F_OK) != 0);

  json_object_put(data);
  json_object_put(plans);
  free(html);
  return ap_test_summary("report");
}
