/* Diagnostic printing and collection for ap-opt. */
#include "Diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *severityName(MlirDiagnosticSeverity s) {
  switch (s) {
  case MlirDiagnosticError:
    return "error";
  case MlirDiagnosticWarning:
    return "warning";
  case MlirDiagnosticNote:
    return "note";
  case MlirDiagnosticRemark:
    return "remark";
  }
  return "error";
}

static void appendChunk(MlirStringRef s, void *u) {
  char **buf = u;
  size_t old = *buf ? strlen(*buf) : 0;
  char *n = realloc(*buf, old + s.length + 1);
  if (!n)
    return;
  memcpy(n + old, s.data, s.length);
  n[old + s.length] = 0;
  *buf = n;
}

/* The innermost file:line:col of a location (through names, call sites and
 * fused locations); false when there is none. */
static bool filePosition(MlirLocation loc, char **file, int *line, int *col) {
  for (int depth = 0; depth < 16; ++depth) {
    if (mlirLocationIsAFileLineColRange(loc)) {
      MlirStringRef f = mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(loc));
      *file = strndup(f.data, f.length);
      *line = mlirLocationFileLineColRangeGetStartLine(loc);
      *col = mlirLocationFileLineColRangeGetStartColumn(loc);
      return *file != NULL;
    }
    if (mlirLocationIsAName(loc))
      loc = mlirLocationNameGetChildLoc(loc);
    else if (mlirLocationIsACallSite(loc))
      loc = mlirLocationCallSiteGetCaller(loc);
    else if (mlirLocationIsAFused(loc) && mlirLocationFusedGetNumLocations(loc) > 0) {
      intptr_t n = mlirLocationFusedGetNumLocations(loc);
      MlirLocation *all = malloc(sizeof(MlirLocation) * n);
      if (!all)
        return false;
      mlirLocationFusedGetLocations(loc, all);
      loc = all[0];
      free(all);
    } else
      return false;
  }
  return false;
}

static void record(apDiagnosticSink *s, MlirDiagnostic d) {
  if (s->count == s->cap) {
    int cap = s->cap ? 2 * s->cap : 16;
    apDiagnostic *n = realloc(s->diags, sizeof *n * cap);
    if (!n)
      return;
    s->diags = n;
    s->cap = cap;
  }
  apDiagnostic *out = &s->diags[s->count++];
  memset(out, 0, sizeof *out);
  out->severity = mlirDiagnosticGetSeverity(d);
  if (!filePosition(mlirDiagnosticGetLocation(d), &out->file, &out->line, &out->col)) {
    out->file = NULL;
    out->line = out->col = 0;
  } else if ((!out->file[0] || !strcmp(out->file, "-")) && s->defaultFile) {
    free(out->file);
    out->file = strdup(s->defaultFile);
  }
  mlirDiagnosticPrint(d, appendChunk, &out->message);
  if (!out->message)
    out->message = strdup("");
  if (out->severity == MlirDiagnosticError)
    s->numErrors++;
  if (!s->collectOnly) {
    if (out->file && out->line > 0)
      fprintf(stderr, "%s:%d:%d: %s: %s\n", out->file, out->line, out->col,
              severityName(out->severity), out->message);
    else if (out->file) /* the implicit module of the file */
      fprintf(stderr, "%s: %s: %s\n", out->file, severityName(out->severity),
              out->message);
    else {
      char *where = NULL;
      mlirLocationPrint(mlirDiagnosticGetLocation(d), appendChunk, &where);
      fprintf(stderr, "%s: %s: %s\n", where ? where : "<unknown>",
              severityName(out->severity), out->message);
      free(where);
    }
  }
  for (intptr_t i = 0, n = mlirDiagnosticGetNumNotes(d); i < n; ++i)
    record(s, mlirDiagnosticGetNote(d, i));
}

static MlirLogicalResult handler(MlirDiagnostic d, void *u) {
  record(u, d);
  return mlirLogicalResultSuccess();
}

MlirDiagnosticHandlerID apDiagnosticsAttach(MlirContext ctx, apDiagnosticSink *s) {
  return mlirContextAttachDiagnosticHandler(ctx, handler, s, NULL);
}

void apDiagnosticsClear(apDiagnosticSink *s) {
  for (int i = 0; i < s->count; ++i) {
    free(s->diags[i].file);
    free(s->diags[i].message);
  }
  s->count = 0;
  s->numErrors = 0;
}

/* --- expected-* comments -------------------------------------------------- */

typedef struct {
  MlirDiagnosticSeverity severity;
  int line;      /* the line the diagnostic must be on */
  int fromLine;  /* where the comment is, for messages */
  char *message; /* substring to find */
  bool matched;
} apExpected;

static bool parseSeverity(const char *p, MlirDiagnosticSeverity *sev, size_t *len) {
  static const struct {
    const char *name;
    MlirDiagnosticSeverity sev;
  } kinds[] = {{"expected-error", MlirDiagnosticError},
               {"expected-warning", MlirDiagnosticWarning},
               {"expected-remark", MlirDiagnosticRemark},
               {"expected-note", MlirDiagnosticNote}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; ++i) {
    size_t n = strlen(kinds[i].name);
    if (!strncmp(p, kinds[i].name, n)) {
      *sev = kinds[i].sev;
      *len = n;
      return true;
    }
  }
  return false;
}

/* Parses the expected-* comments of `text` into a list; `bad` counts the
 * malformed ones (reported here). */
static apExpected *parseExpected(const char *file, const char *text, int *count,
                                 int *bad) {
  apExpected *list = NULL;
  int n = 0, cap = 0, line = 1;
  const char *p = text;
  *bad = 0;
  while (*p) {
    const char *eol = strchr(p, '\n');
    if (!eol)
      eol = p + strlen(p);
    const char *c = p;
    while (c < eol) {
      const char *hit = strstr(c, "expected-");
      if (!hit || hit >= eol)
        break;
      MlirDiagnosticSeverity sev;
      size_t klen;
      if (!parseSeverity(hit, &sev, &klen)) {
        c = hit + 9;
        continue;
      }
      const char *q = hit + klen;
      int target = line;
      while (*q == ' ')
        ++q;
      if (*q == '@') {
        ++q;
        if (!strncmp(q, "above", 5))
          target = line - 1, q += 5;
        else if (!strncmp(q, "below", 5))
          target = line + 1, q += 5;
        else {
          char *end;
          long off = strtol(q, &end, 10);
          if (end == q || (*q != '+' && *q != '-')) {
            fprintf(stderr, "%s:%d: error: malformed expected-* line designator\n",
                    file, line);
            ++*bad;
            break;
          }
          target = line + (int)off;
          q = end;
        }
      }
      while (*q == ' ')
        ++q;
      const char *open = strstr(q, "{{");
      const char *close = open ? strstr(open + 2, "}}") : NULL;
      if (!open || open >= eol || !close || close > eol) {
        fprintf(stderr, "%s:%d: error: expected-* needs a message in {{...}}\n",
                file, line);
        ++*bad;
        break;
      }
      if (n == cap) {
        cap = cap ? 2 * cap : 8;
        apExpected *m = realloc(list, sizeof *m * cap);
        if (!m)
          break;
        list = m;
      }
      list[n++] = (apExpected){sev, target, line,
                               strndup(open + 2, (size_t)(close - open - 2)), false};
      c = close + 2;
    }
    ++line;
    p = *eol ? eol + 1 : eol;
  }
  *count = n;
  return list;
}

bool apVerifyDiagnostics(apDiagnosticSink *s, const char *file, const char *text) {
  int n, bad;
  apExpected *exp = parseExpected(file, text, &n, &bad);
  bool ok = bad == 0;
  for (int i = 0; i < s->count; ++i) {
    apDiagnostic *d = &s->diags[i];
    bool found = false;
    for (int k = 0; k < n && !found; ++k) {
      if (exp[k].matched || exp[k].severity != d->severity || exp[k].line != d->line)
        continue;
      if (strstr(d->message, exp[k].message))
        exp[k].matched = found = true;
    }
    /* MLIR's own verifier turns these notes off; the C API cannot. */
    if (!found && d->severity == MlirDiagnosticNote &&
        !strncmp(d->message, "see current operation:", 22))
      found = true;
    if (!found) {
      ok = false;
      fprintf(stderr, "%s:%d:%d: error: unexpected %s: %s\n",
              d->file ? d->file : file, d->line, d->col, severityName(d->severity),
              d->message);
    }
  }
  for (int k = 0; k < n; ++k) {
    if (!exp[k].matched) {
      ok = false;
      fprintf(stderr, "%s:%d: error: expected %s \"%s\" was not produced\n", file,
              exp[k].fromLine, severityName(exp[k].severity), exp[k].message);
    }
    free(exp[k].message);
  }
  free(exp);
  return ok;
}
