/* The einsum-style linalg.generic emitter. */
#include "Emit.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void emInit(emCtx *em, FILE *out, const char *elt, bool structureOnly) {
  memset(em, 0, sizeof *em);
  em->out = out;
  em->elt = elt;
  em->structureOnly = structureOnly;
}

void emScope(emCtx *em, int layer, const char *fmt, ...) {
  em->layer = layer;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(em->scope, sizeof em->scope, fmt, ap);
  va_end(ap);
}

emT emArg(const char *name, int rank, const int64_t *shape, bool isInt) {
  emT t;
  memset(&t, 0, sizeof t);
  snprintf(t.name, sizeof t.name, "%%%s", name);
  t.rank = rank;
  if (rank > 0) /* 0-d tensors pass no shape */
    memcpy(t.shape, shape, sizeof(int64_t) * rank);
  t.isInt = isInt;
  return t;
}

const char *emType(const emCtx *em, const emT *t, char *buf, int len) {
  int p = snprintf(buf, len, "tensor<");
  for (int d = 0; d < t->rank; ++d)
    p += snprintf(buf + p, len - p, "%lldx", (long long)t->shape[d]);
  snprintf(buf + p, len - p, "%s>", t->isInt ? "i32" : em->elt);
  return buf;
}

const char *emConst(const emCtx *em, const char *var, double v, char *buf, int len) {
  snprintf(buf, len, "%s = arith.constant %.9e : %s", var, v, em->elt);
  return buf;
}

void emFresh(emCtx *em, emT *t) { snprintf(t->name, sizeof t->name, "%%%d", em->next++); }

/* Location and layer of the next op. */
void emTrailer(emCtx *em, const char *opName) {
  if (em->structureOnly)
    fprintf(em->out, "\n");
  else
    fprintf(em->out, " loc(\"%s.%s\")\n", em->scope, opName);
}

static void mapOf(FILE *o, const char *loops, const char *letters) {
  fprintf(o, "affine_map<(");
  for (int i = 0; loops[i]; ++i)
    fprintf(o, "%sd%d", i ? ", " : "", i);
  fprintf(o, ") -> (");
  for (int i = 0; letters[i]; ++i)
    fprintf(o, "%sd%d", i ? ", " : "", (int)(strchr(loops, letters[i]) - loops));
  fprintf(o, ")>");
}

/* Writes the body, replacing $T with the element type. */
void emBody(emCtx *em, const char *body) {
  const char *p = body;
  while (*p) {
    const char *eol = strchr(p, '\n');
    if (!eol)
      eol = p + strlen(p);
    fprintf(em->out, "      ");
    for (const char *q = p; q < eol; ++q) {
      if (q[0] == '$' && q[1] == 'T') {
        fputs(em->elt, em->out);
        ++q;
      } else {
        fputc(*q, em->out);
      }
    }
    fputc('\n', em->out);
    p = *eol ? eol + 1 : eol;
  }
}

emT emGeneric(emCtx *em, const char *opName, const char *spec, int n, const emT *in,
              const char *init, const char *body) {
  char ops[8][EM_MAX_RANK + 1], outL[EM_MAX_RANK + 1], loops[2 * EM_MAX_RANK + 1];
  const char *arrow = strstr(spec, "->");
  const char *p = spec;
  for (int k = 0; k < n; ++k) {
    const char *e = strchr(p, ',');
    if (!e || e > arrow)
      e = arrow;
    snprintf(ops[k], sizeof ops[k], "%.*s", (int)(e - p), p);
    p = e + 1;
  }
  snprintf(outL, sizeof outL, "%s", arrow + 2);
  /* Loops: the output's letters, then the reduced ones in order of use. */
  snprintf(loops, sizeof loops, "%s", outL);
  int64_t size[26] = {0};
  for (int k = 0; k < n; ++k)
    for (int i = 0; ops[k][i]; ++i) {
      char c = ops[k][i];
      size[c - 'a'] = in[k].shape[i];
      if (!strchr(loops, c)) {
        size_t l = strlen(loops);
        loops[l] = c;
        loops[l + 1] = 0;
      }
    }
  for (int i = 0; outL[i]; ++i)
    if (!size[outL[i] - 'a'])
      size[outL[i] - 'a'] = em->dim[outL[i] - 'a'];
  emT out;
  memset(&out, 0, sizeof out);
  out.rank = (int)strlen(outL);
  for (int i = 0; i < out.rank; ++i)
    out.shape[i] = size[outL[i] - 'a'];
  double work = 1;
  for (int i = 0; loops[i]; ++i)
    work *= (double)size[loops[i] - 'a'];
  int bodyOps = 0; /* arithmetic in the body, for the FLOP count */
  for (const char *q = body; (q = strstr(q, " = ")); ++q)
    bodyOps += !strncmp(q + 3, "arith.", 6) || !strncmp(q + 3, "math.", 5);
  em->flops += work * bodyOps;

  FILE *o = em->out;
  char ty[96], ity[8][96];
  emType(em, &out, ty, sizeof ty);
  emT init0;
  emFresh(em, &init0);
  fprintf(o, "    %s = tensor.empty() : %s", init0.name, ty);
  emTrailer(em, opName);
  if (init) {
    emT c, f;
    emFresh(em, &c);
    fprintf(o, "    %s = arith.constant %s : %s", c.name, init, em->elt);
    emTrailer(em, opName);
    emFresh(em, &f);
    fprintf(o, "    %s = linalg.fill ins(%s : %s) outs(%s : %s) -> %s", f.name, c.name, em->elt,
            init0.name, ty, ty);
    emTrailer(em, opName);
    init0 = f;
  }
  emFresh(em, &out);
  fprintf(o, "    %s = linalg.generic {indexing_maps = [", out.name);
  for (int k = 0; k < n; ++k) {
    mapOf(o, loops, ops[k]);
    fprintf(o, ", ");
  }
  mapOf(o, loops, outL);
  fprintf(o, "], iterator_types = [");
  for (int i = 0; loops[i]; ++i)
    fprintf(o, "%s\"%s\"", i ? ", " : "", strchr(outL, loops[i]) ? "parallel" : "reduction");
  fprintf(o, "]}");
  if (n) { /* a table built from loop indices has no inputs */
    fprintf(o, " ins(");
    for (int k = 0; k < n; ++k)
      fprintf(o, "%s%s", k ? ", " : "", in[k].name);
    fprintf(o, " : ");
    for (int k = 0; k < n; ++k)
      fprintf(o, "%s%s", k ? ", " : "", emType(em, &in[k], ity[k], sizeof ity[k]));
    fprintf(o, ")");
  }
  fprintf(o, " outs(%s : %s)", init0.name, ty);
  if (!em->structureOnly)
    fprintf(o, " attrs = {ap.layer = %d : i64}", em->layer);
  fprintf(o, " {\n    ^bb0(");
  for (int k = 0; k < n; ++k)
    fprintf(o, "%%a%d: %s, ", k, in[k].isInt ? "i32" : em->elt);
  fprintf(o, "%%acc: %s):\n", em->elt);
  emBody(em, body);
  fprintf(o, "    } -> %s", ty);
  emTrailer(em, opName);
  return out;
}

emT emContract(emCtx *em, const char *opName, const char *spec, emT a, emT b) {
  emT in[2] = {a, b};
  return emGeneric(em, opName, spec, 2, in, "0.0",
                   "%t0 = arith.mulf %a0, %a1 : $T\n"
                   "%t1 = arith.addf %acc, %t0 : $T\n"
                   "linalg.yield %t1 : $T");
}

emT emMap1(emCtx *em, const char *opName, const char *spec, emT a, const char *body) {
  return emGeneric(em, opName, spec, 1, &a, NULL, body);
}

emT emMap2(emCtx *em, const char *opName, const char *spec, emT a, emT b, const char *body) {
  emT in[2] = {a, b};
  return emGeneric(em, opName, spec, 2, in, NULL, body);
}

emT emMap3(emCtx *em, const char *opName, const char *spec, emT a, emT b, emT c,
           const char *body) {
  emT in[3] = {a, b, c};
  return emGeneric(em, opName, spec, 3, in, NULL, body);
}

emT emSum(emCtx *em, const char *opName, const char *spec, emT a) {
  return emGeneric(em, opName, spec, 1, &a, "0.0",
                   "%t0 = arith.addf %acc, %a0 : $T\nlinalg.yield %t0 : $T");
}

emT emMax(emCtx *em, const char *opName, const char *spec, emT a) {
  return emGeneric(em, opName, spec, 1, &a, "-3.0e+38",
                   "%t0 = arith.maximumf %acc, %a0 : $T\nlinalg.yield %t0 : $T");
}

/* Same-shape element-wise add over the first letters of the alphabet. */
emT emAdd(emCtx *em, const char *opName, emT a, emT b) {
  char spec[32], l[EM_MAX_RANK + 1];
  for (int i = 0; i < a.rank; ++i)
    l[i] = (char)('a' + i);
  l[a.rank] = 0;
  snprintf(spec, sizeof spec, "%s,%s->%s", l, l, l);
  return emMap2(em, opName, spec, a, b,
                "%t0 = arith.addf %a0, %a1 : $T\nlinalg.yield %t0 : $T");
}
