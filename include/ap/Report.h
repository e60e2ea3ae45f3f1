/* The plan report (--ap-report): one self-contained HTML page, no network,
 * that shows what the planning passes chose: the pipeline schedule as a
 * timeline (simulated by lib/Schedule), the cluster's devices coloured by
 * stage or by mesh axes, and auto-shard's choice for every op in sortable
 * tables. The page embeds the plans as JSON and a little vanilla JS draws
 * from them. json-c objects in, HTML text out; plain C, no MLIR. */
#ifndef AP_REPORT_H
#define AP_REPORT_H

#ifdef __cplusplus
extern "C" {
#endif

struct json_object;

/* The page for `plans`, a json array of {"pass": NAME, "plan": PLAN,
 * "cluster": SPEC or null} in the order the passes ran: PLAN as a planning
 * pass writes it to plan=FILE (auto-shard's "functions", ap-pipeline-plan's
 * "stages"), SPEC the cluster it planned for when PLAN has no "cluster".
 * `title` names the input. The same input gives the same bytes. Returns a
 * malloc'd string, or NULL when out of memory. */
char *apReportHtml(struct json_object *plans, const char *title);

/* Writes `html` to `path` whole or not at all (beside it, then renamed).
 * Returns 0, or -1 with errno set. */
int apReportWriteFile(const char *path, const char *html);

#ifdef __cplusplus
}
#endif

#endif
