/* The page: a static frame, the data as JSON in a <script> element, and the
 * script that draws from it. Everything inline, nothing fetched. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "ReportInternal.h"

#include "ap/Report.h"

#include <json-c/json.h>
#include <stdlib.h>

static void escapeHtml(FILE *f, const char *s) {
  for (; *s; ++s)
    switch (*s) {
    case '<':
      fputs("&lt;", f);
      break;
    case '>':
      fputs("&gt;", f);
      break;
    case '&':
      fputs("&amp;", f);
      break;
    case '"':
      fputs("&quot;", f);
      break;
    default:
      fputc(*s, f);
    }
}

/* Runs before anything else: a script error marks the page and shows
 * itself instead of leaving a half-drawn report. */
static const char onError[] =
    "window.onerror = function (msg, src, line) {\n"
    "  document.body.setAttribute('data-rendered', 'error');\n"
    "  var p = document.createElement('pre');\n"
    "  p.id = 'ap-error';\n"
    "  p.textContent = 'The report could not be drawn: ' + msg + ' (line ' + line + ')';\n"
    "  document.body.insertBefore(p, document.body.firstChild);\n"
    "};\n";

char *apReportHtml(json_object *plans, const char *title) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f)
    return NULL;
  json_object *data = apReportData(plans, title);
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"ap-opt --ap-report\">\n<title>",
        f);
  escapeHtml(f, title ? title : "");
  fputs(" \xe2\x80\x94 ap-opt plan report</title>\n<style>\n", f);
  fputs(apReportCss, f);
  fputs("</style>\n</head>\n<body data-rendered=\"no\">\n<script>\n", f);
  fputs(onError, f);
  fputs("</script>\n<header class=\"top\"><div class=\"brand\">ap-opt plan report</div>"
        "<h1 id=\"title\">",
        f);
  escapeHtml(f, title ? title : "");
  fputs("</h1><nav id=\"toc\"></nav></header>\n<main id=\"app\">\n"
        "<noscript><p class=\"note\">This report draws its timeline, mesh and tables "
        "with JavaScript; the plans are in the ap-plan-data element below.</p>"
        "</noscript>\n</main>\n"
        "<script type=\"application/json\" id=\"ap-plan-data\">\n",
        f);
  apReportWriteJson(f, data, 0);
  fputs("\n</script>\n<script>\n", f);
  fputs(apReportJs, f);
  fputs("</script>\n</body>\n</html>\n", f);
  json_object_put(data);
  if (fclose(f)) {
    free(text);
    return NULL;
  }
  return text;
}
