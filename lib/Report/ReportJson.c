/* JSON for the page: an object or array with no object inside goes on one
 * line, anything else one member per line, so that every op and every stage
 * is one line (readable, and easy to match in tests). '<' is written as
 * \u003c so that no string can close the <script> element it sits in. */
#include "ReportInternal.h"

#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>

static bool holdsObject(json_object *v) {
  if (json_object_is_type(v, json_type_object))
    return true;
  if (!json_object_is_type(v, json_type_array))
    return false;
  for (size_t i = 0; i < json_object_array_length(v); ++i)
    if (holdsObject(json_object_array_get_idx(v, i)))
      return true;
  return false;
}

static void scalar(FILE *f, json_object *v) {
  /* JSON has no NaN or infinity: the page shows null as "n/a". */
  if (json_object_is_type(v, json_type_double) && !isfinite(json_object_get_double(v))) {
    fputs("null", f);
    return;
  }
  const char *s = json_object_to_json_string_ext(
      v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  for (; *s; ++s)
    if (*s == '<')
      fputs("\\u003c", f);
    else
      fputc(*s, f);
}

static void newline(FILE *f, int indent) {
  fputc('\n', f);
  for (int i = 0; i < indent; ++i)
    fputs("  ", f);
}

void apReportWriteJson(FILE *f, json_object *v, int indent) {
  bool isObject = json_object_is_type(v, json_type_object);
  if (!isObject && !json_object_is_type(v, json_type_array)) {
    scalar(f, v);
    return;
  }
  /* Members of a one-line container are flat; of others, one per line. */
  bool lines = false;
  if (isObject) {
    json_object_object_foreach(v, key, val) {
      (void)key;
      lines = lines || holdsObject(val);
    }
  } else {
    lines = holdsObject(v);
  }
  fputc(isObject ? '{' : '[', f);
  bool first = true;
  if (isObject) {
    json_object_object_foreach(v, key, val) {
      fputs(first ? "" : (lines ? "," : ", "), f);
      if (lines)
        newline(f, indent + 1);
      json_object *k = json_object_new_string(key);
      scalar(f, k);
      json_object_put(k);
      fputs(": ", f);
      apReportWriteJson(f, val, indent + 1);
      first = false;
    }
  } else {
    for (size_t i = 0; i < json_object_array_length(v); ++i) {
      fputs(first ? "" : (lines ? "," : ", "), f);
      if (lines)
        newline(f, indent + 1);
      apReportWriteJson(f, json_object_array_get_idx(v, i), indent + 1);
      first = false;
    }
  }
  if (lines && !first)
    newline(f, indent);
  fputc(isObject ? '}' : ']', f);
}
