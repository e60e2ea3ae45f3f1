/* Signature, gradients and optimizer updates of a training step. */
#include "Train.h"

#include <stdlib.h>
#include <string.h>

int tParamAdd(tStep *s, const char *name, int layer, int rank, const int64_t *shape) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 64;
    tParam *p = realloc(s->p, sizeof *p * s->cap);
    if (!p) {
      perror("ap-models");
      exit(1);
    }
    s->p = p;
  }
  tParam *p = &s->p[s->n];
  memset(p, 0, sizeof *p);
  snprintf(p->name, sizeof p->name, "%s", name);
  p->value = emArg(name, rank, shape, false);
  p->layer = layer;
  double c = 1;
  for (int d = 0; d < rank; ++d)
    c *= (double)shape[d];
  s->count += c;
  return s->n++;
}

void tDataAdd(tStep *s, const char *name, int rank, const int64_t *shape, bool isInt) {
  s->data[s->numData] = emArg(name, rank, shape, isInt);
  s->dataName[s->numData++] = name;
}

void tGrad(emCtx *em, tStep *s, int param, emT g) {
  tParam *p = &s->p[param];
  if (!p->hasGrad) {
    p->grad = g;
    p->hasGrad = true;
    return;
  }
  p->grad = emAdd(em, "grad_sum", p->grad, g);
}

static int statesPerParam(const tStep *s) { return s->opt == OPT_ADAM ? 2 : 0; }

void tHeader(emCtx *em, const tStep *s) {
  FILE *o = em->out;
  char ty[96];
  int results = 1; /* the loss comes first */
  fprintf(o, "module {\n  func.func @train_step(");
  int arg = 0;
  for (int i = 0; i < s->n; ++i, ++arg)
    fprintf(o, "%s%s: %s {ap.role = \"param\", tf.aliasing_output = %d : i32}", arg ? ", " : "",
            s->p[i].value.name, emType(em, &s->p[i].value, ty, sizeof ty), results++);
  for (int k = 0; k < statesPerParam(s); ++k)
    for (int i = 0; i < s->n; ++i, ++arg)
      fprintf(o, ", %%%s_%s: %s {ap.role = \"opt_state\", tf.aliasing_output = %d : i32}",
              k ? "v" : "m", s->p[i].name, emType(em, &s->p[i].value, ty, sizeof ty),
              results++);
  for (int d = 0; d < s->numData; ++d)
    fprintf(o, ", %s: %s {ap.role = \"data\"}", s->data[d].name,
            emType(em, &s->data[d], ty, sizeof ty));
  if (s->opt == OPT_ADAM)
    fprintf(o, ", %%step: tensor<%s> {ap.role = \"data\"}", em->elt);
  fprintf(o, ") -> (tensor<%s>", em->elt);
  for (int k = 0; k <= statesPerParam(s); ++k)
    for (int i = 0; i < s->n; ++i)
      fprintf(o, ", %s", emType(em, &s->p[i].value, ty, sizeof ty));
  fprintf(o, ") {\n");
}

/* Letters "ab.." for a tensor of this rank. */
static void letters(int rank, char *out) {
  for (int i = 0; i < rank; ++i)
    out[i] = (char)('a' + i);
  out[rank] = 0;
}

void tFinish(emCtx *em, tStep *s, emT loss) {
  emT *out = calloc((size_t)s->n * 3 + 1, sizeof(emT));
  if (!out) {
    perror("ap-models");
    exit(1);
  }
  char l[8], spec[64], body[1024], c1[96], c2[96], c3[96];
  emT step = emArg("step", 0, NULL, false);
  for (int i = 0; i < s->n; ++i) {
    tParam *p = &s->p[i];
    emScope(em, p->layer, "%s.update", p->name);
    letters(p->value.rank, l);
    if (!p->hasGrad) {
      fprintf(stderr, "ap-models: internal error: %s has no gradient\n", p->name);
      exit(1);
    }
    if (s->opt == OPT_SGD) {
      snprintf(spec, sizeof spec, "%s,%s->%s", l, l, l);
      snprintf(body, sizeof body,
               "%s\n%%t1 = arith.mulf %%a1, %%t0 : $T\n%%t2 = arith.subf %%a0, %%t1 : $T\n"
               "linalg.yield %%t2 : $T",
               emConst(em, "%t0", s->lr, c1, sizeof c1));
      out[i] = emMap2(em, "sgd", spec, p->value, p->grad, body);
      continue;
    }
    /* Adam with bias correction from the step count. */
    emT m = emArg("", p->value.rank, p->value.shape, false), v = m;
    snprintf(m.name, sizeof m.name, "%%m_%s", p->name);
    snprintf(v.name, sizeof v.name, "%%v_%s", p->name);
    snprintf(spec, sizeof spec, "%s,%s->%s", l, l, l);
    snprintf(body, sizeof body,
             "%s\n%s\n%%t2 = arith.mulf %%a0, %%t0 : $T\n%%t3 = arith.mulf %%a1, %%t1 : $T\n"
             "%%t4 = arith.addf %%t2, %%t3 : $T\nlinalg.yield %%t4 : $T",
             emConst(em, "%t0", 0.9, c1, sizeof c1), emConst(em, "%t1", 0.1, c2, sizeof c2));
    out[s->n + i] = emMap2(em, "adam_m", spec, m, p->grad, body);
    snprintf(body, sizeof body,
             "%s\n%s\n%%t2 = arith.mulf %%a0, %%t0 : $T\n%%t3 = arith.mulf %%a1, %%a1 : $T\n"
             "%%t4 = arith.mulf %%t3, %%t1 : $T\n%%t5 = arith.addf %%t2, %%t4 : $T\n"
             "linalg.yield %%t5 : $T",
             emConst(em, "%t0", 0.999, c1, sizeof c1), emConst(em, "%t1", 0.001, c2, sizeof c2));
    out[2 * s->n + i] = emMap2(em, "adam_v", spec, v, p->grad, body);
    snprintf(spec, sizeof spec, "%s,%s,%s,->%s", l, l, l, l);
    snprintf(body, sizeof body,
             "%s\n%s\n%s\n%%tb1 = arith.constant 0.9 : $T\n%%tb2 = arith.constant 0.999 : $T\n"
             "%%tp1 = math.powf %%tb1, %%a3 : $T\n%%tp2 = math.powf %%tb2, %%a3 : $T\n"
             "%%tq1 = arith.subf %%tone, %%tp1 : $T\n%%tq2 = arith.subf %%tone, %%tp2 : $T\n"
             "%%tmh = arith.divf %%a1, %%tq1 : $T\n%%tvh = arith.divf %%a2, %%tq2 : $T\n"
             "%%tsq = math.sqrt %%tvh : $T\n%%tdn = arith.addf %%tsq, %%teps : $T\n"
             "%%tup = arith.divf %%tmh, %%tdn : $T\n%%tst = arith.mulf %%tup, %%tlr : $T\n"
             "%%tnp = arith.subf %%a0, %%tst : $T\nlinalg.yield %%tnp : $T",
             emConst(em, "%tone", 1.0, c1, sizeof c1), emConst(em, "%teps", 1e-8, c2, sizeof c2),
             emConst(em, "%tlr", s->lr, c3, sizeof c3));
    emT in[4] = {p->value, out[s->n + i], out[2 * s->n + i], step};
    out[i] = emGeneric(em, "adam_p", spec, 4, in, NULL, body);
  }
  int numOut = s->n * (1 + statesPerParam(s));
  char ty[96];
  fprintf(em->out, "    return %s", loss.name);
  for (int i = 0; i < numOut; ++i)
    fprintf(em->out, ", %s", out[i].name);
  fprintf(em->out, " : %s", emType(em, &loss, ty, sizeof ty));
  for (int i = 0; i < numOut; ++i)
    fprintf(em->out, ", %s", emType(em, &out[i], ty, sizeof ty));
  fprintf(em->out, "\n  }\n");
  if (s->gradcheck)
    tEmitGradCheck(em, s);
  fprintf(em->out, "}\n");
  free(out);
}

void tFree(tStep *s) {
  free(s->p);
  s->p = NULL;
}
