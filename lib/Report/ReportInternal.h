/* What the report's files share. */
#ifndef AP_REPORT_INTERNAL_H
#define AP_REPORT_INTERNAL_H

#include <stdio.h>

struct json_object;

/* The data the page draws from (ReportData.c): the plans with each
 * pipeline plan's schedule simulated step by step. A new reference. */
struct json_object *apReportData(struct json_object *plans, const char *title);

/* Writes v as JSON that can sit inside a <script> element (ReportJson.c). */
void apReportWriteJson(FILE *f, struct json_object *v, int indent);

/* The page's style sheet and script (report.css, report.js, embedded). */
extern const char apReportCss[];
extern const char apReportJs[];

#endif
