/* Pass option parsing in MLIR's "key=value key=value" form. */
#include "PassOptions.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void apReportf(MlirStringCallback cb, void *user, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (cb)
    cb(mlirStringRefCreateFromCString(buf), user);
}

static int optionIndex(const apPassInfo *pass, const char *name, size_t len) {
  for (int i = 0; pass->options[i].name; ++i)
    if (strlen(pass->options[i].name) == len &&
        strncmp(pass->options[i].name, name, len) == 0)
      return i;
  return -1;
}

static void validNames(const apPassInfo *pass, char *buf, size_t n) {
  buf[0] = 0;
  for (int i = 0; pass->options[i].name; ++i) {
    size_t used = strlen(buf);
    snprintf(buf + used, n - used, "%s%s", i ? ", " : "", pass->options[i].name);
  }
  if (!buf[0])
    snprintf(buf, n, "(none)");
}

static bool setValue(const apPassInfo *pass, int idx, const char *v,
                     apOptionValue *out, MlirStringCallback onError, void *user) {
  const apPassOptionInfo *info = &pass->options[idx];
  char *end = NULL;
  errno = 0;
  switch (info->kind) {
  case AP_OPT_BOOL:
    if (!strcmp(v, "true") || !strcmp(v, "1") || !*v)
      out->b = true;
    else if (!strcmp(v, "false") || !strcmp(v, "0"))
      out->b = false;
    else
      goto bad;
    return true;
  case AP_OPT_INT:
    out->i = strtoll(v, &end, 10);
    if (!*v || *end || errno)
      goto bad;
    return true;
  case AP_OPT_DOUBLE:
    out->d = strtod(v, &end);
    if (!*v || *end || errno)
      goto bad;
    return true;
  case AP_OPT_STRING: {
    char *copy = strdup(v);
    if (!copy)
      return false;
    free(out->s);
    out->s = copy;
    return true;
  }
  }
bad:
  apReportf(onError, user, "invalid value '%s' for option '%s' of pass '%s' (%s expected)",
            v, info->name, pass->argument,
            info->kind == AP_OPT_BOOL  ? "true or false"
            : info->kind == AP_OPT_INT ? "an integer"
                                       : "a number");
  return false;
}

static bool initDefaults(const apPassInfo *pass, apOptions *out,
                         MlirStringCallback onError, void *user) {
  int n = 0;
  while (pass->options[n].name)
    ++n;
  out->pass = pass;
  out->count = n;
  out->values = calloc(n ? n : 1, sizeof *out->values);
  if (!out->values)
    return false;
  for (int i = 0; i < n; ++i) {
    out->values[i].s = strdup("");
    if (!setValue(pass, i, pass->options[i].defaultValue, &out->values[i],
                  onError, user))
      return false;
  }
  return true;
}

bool apOptionsParse(const apPassInfo *pass, MlirStringRef text, apOptions *out,
                    MlirStringCallback onError, void *user) {
  if (!initDefaults(pass, out, onError, user)) {
    apOptionsFree(out);
    return false;
  }
  const char *p = text.data, *end = text.data + text.length;
  char *value = malloc(text.length + 1);
  if (!value) {
    apOptionsFree(out);
    return false;
  }
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t'))
      ++p;
    if (p >= end)
      break;
    const char *key = p;
    while (p < end && *p != '=' && *p != ' ')
      ++p;
    size_t keyLen = (size_t)(p - key);
    size_t vlen = 0;
    if (p < end && *p == '=') {
      ++p;
      char close = 0;
      if (p < end && (*p == '\'' || *p == '"'))
        close = *p++;
      else if (p < end && *p == '{')
        close = '}', ++p;
      int depth = 0;
      while (p < end) {
        if (close == '}' && *p == '{')
          ++depth;
        if (close ? (*p == close && depth-- == 0) : *p == ' ')
          break;
        value[vlen++] = *p++;
      }
      if (close) {
        if (p >= end) {
          apReportf(onError, user, "unterminated value for option '%.*s' of pass '%s'",
                    (int)keyLen, key, pass->argument);
          goto fail;
        }
        ++p;
      }
    }
    value[vlen] = 0;
    int idx = optionIndex(pass, key, keyLen);
    if (idx < 0) {
      char names[512];
      validNames(pass, names, sizeof names);
      apReportf(onError, user, "unknown option '%.*s' for pass '%s' (valid options: %s)",
                (int)keyLen, key, pass->argument, names);
      goto fail;
    }
    if (vlen == 0 && pass->options[idx].kind != AP_OPT_BOOL) {
      apReportf(onError, user, "option '%s' of pass '%s' needs a value",
                pass->options[idx].name, pass->argument);
      goto fail;
    }
    if (!setValue(pass, idx, value, &out->values[idx], onError, user))
      goto fail;
  }
  free(value);
  return true;
fail:
  free(value);
  apOptionsFree(out);
  return false;
}

bool apOptionsCopy(const apOptions *from, apOptions *to) {
  *to = *from;
  to->values = calloc(from->count ? from->count : 1, sizeof *to->values);
  if (!to->values)
    return false;
  for (int i = 0; i < from->count; ++i) {
    to->values[i] = from->values[i];
    to->values[i].s = strdup(from->values[i].s ? from->values[i].s : "");
  }
  return true;
}

void apOptionsFree(apOptions *o) {
  if (o->values)
    for (int i = 0; i < o->count; ++i)
      free(o->values[i].s);
  free(o->values);
  o->values = NULL;
  o->count = 0;
}

static const apOptionValue *lookup(const apOptions *o, const char *name) {
  int idx = optionIndex(o->pass, name, strlen(name));
  if (idx < 0) {
    fprintf(stderr, "ap-opt internal error: pass '%s' has no option '%s'\n",
            o->pass->argument, name);
    abort();
  }
  return &o->values[idx];
}

bool apOptBool(const apOptions *o, const char *name) { return lookup(o, name)->b; }
int64_t apOptInt(const apOptions *o, const char *name) { return lookup(o, name)->i; }
double apOptDouble(const apOptions *o, const char *name) { return lookup(o, name)->d; }
const char *apOptString(const apOptions *o, const char *name) { return lookup(o, name)->s; }
