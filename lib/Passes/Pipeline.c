/* Composes ap passes with upstream passes in command-line order. Upstream
 * passes anchored on an op below the module (func.func, ...) are nested
 * under that op, as mlir-opt's implicit nesting would. */
#include "PassCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *pass;
  const char *anchor;
} apAnchor;

static const apAnchor anchors[] = {
#include "UpstreamAnchors.inc"
};

static int cmpAnchor(const void *key, const void *elem) {
  const MlirStringRef *k = key;
  const apAnchor *a = elem;
  int c = strncmp(k->data, a->pass, k->length);
  if (c)
    return c;
  return a->pass[k->length] ? -1 : 0;
}

static const char *anchorOf(MlirStringRef name) {
  const apAnchor *a = bsearch(&name, anchors, sizeof anchors / sizeof anchors[0],
                              sizeof anchors[0], cmpAnchor);
  return a ? a->anchor : NULL;
}

MlirLogicalResult apAddPipelineElement(MlirPassManager pm, MlirStringRef name,
                                       MlirStringRef options,
                                       MlirStringCallback onError, void *user) {
  /* --ap-cluster=X is shorthand for --ap-annotate-cluster=cluster=X. */
  if (name.length == 10 && !strncmp(name.data, "ap-cluster", 10)) {
    char *opts = malloc(options.length + 16);
    if (!opts)
      return mlirLogicalResultFailure();
    int n = snprintf(opts, options.length + 16, "cluster='%.*s'",
                     (int)options.length, options.data);
    MlirLogicalResult r = apAddPipelineElement(
        pm, apStr("ap-annotate-cluster"), (MlirStringRef){opts, (size_t)n},
        onError, user);
    free(opts);
    return r;
  }
  const apPassInfo *ours = apLookupPass(name);
  if (ours && ours->addPipeline)
    return ours->addPipeline(pm, options, onError, user);
  if (ours) {
    MlirPass pass = ours->create(options, onError, user);
    if (!pass.ptr)
      return mlirLogicalResultFailure();
    mlirPassManagerAddOwnedPass(pm, pass);
    return mlirLogicalResultSuccess();
  }
  const char *anchor = anchorOf(name);
  size_t cap = name.length + options.length + (anchor ? strlen(anchor) : 0) + 8;
  char *text = malloc(cap);
  if (!text)
    return mlirLogicalResultFailure();
  int n = snprintf(text, cap, "%s%s%.*s%s%.*s%s%s", anchor ? anchor : "",
                   anchor ? "(" : "", (int)name.length, name.data,
                   options.length ? "{" : "", (int)options.length, options.data,
                   options.length ? "}" : "", anchor ? ")" : "");
  MlirLogicalResult r = mlirOpPassManagerAddPipeline(
      mlirPassManagerGetAsOpPassManager(pm), (MlirStringRef){text, (size_t)n},
      onError, user);
  free(text);
  return r;
}

/* Length of the element starting at p: up to a ',' outside (), {} and
 * quotes. */
static size_t elementLength(const char *p, const char *end) {
  int depth = 0;
  char quote = 0;
  const char *q = p;
  for (; q < end; ++q) {
    if (quote) {
      quote = *q == quote ? 0 : quote;
    } else if (*q == '\'' || *q == '"') {
      quote = *q;
    } else if (*q == '(' || *q == '{') {
      ++depth;
    } else if (*q == ')' || *q == '}') {
      --depth;
    } else if (*q == ',' && depth == 0) {
      break;
    }
  }
  return (size_t)(q - p);
}

static MlirStringRef trim(const char *p, size_t n) {
  while (n && (*p == ' ' || *p == '\n' || *p == '\t'))
    ++p, --n;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\t'))
    --n;
  return (MlirStringRef){p, n};
}

MlirLogicalResult apAddTextualPipeline(MlirPassManager pm, MlirStringRef text,
                                       MlirStringCallback onError, void *user) {
  MlirStringRef t = trim(text.data, text.length);
  static const char prefix[] = "builtin.module(";
  size_t plen = sizeof prefix - 1;
  if (t.length > plen && !strncmp(t.data, prefix, plen)) {
    if (t.data[t.length - 1] != ')') {
      apReportf(onError, user, "malformed pass pipeline '%.*s': missing ')'",
                (int)t.length, t.data);
      return mlirLogicalResultFailure();
    }
    t = trim(t.data + plen, t.length - plen - 1);
  }
  const char *p = t.data, *end = t.data + t.length;
  while (p < end) {
    size_t n = elementLength(p, end);
    MlirStringRef el = trim(p, n);
    p += n + (p + n < end); /* skip the comma */
    if (!el.length)
      continue;
    /* name, then {options} or (nested pipeline) */
    size_t k = 0;
    while (k < el.length && el.data[k] != '{' && el.data[k] != '(')
      ++k;
    MlirStringRef name = trim(el.data, k);
    MlirLogicalResult r;
    if (k < el.length && el.data[k] == '(') {
      /* An op-nested pipeline (func.func(...)): upstream parses it. */
      r = mlirOpPassManagerAddPipeline(mlirPassManagerGetAsOpPassManager(pm), el,
                                       onError, user);
    } else {
      MlirStringRef opts = {el.data + k, 0};
      if (k < el.length) {
        if (el.data[el.length - 1] != '}') {
          apReportf(onError, user, "malformed pass options in '%.*s'",
                    (int)el.length, el.data);
          return mlirLogicalResultFailure();
        }
        opts = (MlirStringRef){el.data + k + 1, el.length - k - 2};
      }
      r = apAddPipelineElement(pm, name, opts, onError, user);
    }
    if (mlirLogicalResultIsFailure(r))
      return r;
  }
  return mlirLogicalResultSuccess();
}
