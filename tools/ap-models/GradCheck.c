/* --gradcheck: a @main that runs the step on deterministic inputs and checks
 * its gradients against central finite differences of the loss, one probe
 * element per parameter, then checks that a few SGD steps lower the loss.
 * The gradient comes from the SGD update itself, g = (p - p') / lr, so what
 * is checked is exactly the program the planners see. Run it with upstream
 * lowering and mlir-runner (see test/Models/gradcheck.test). */
#include "Train.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* One line of MLIR at the body's indent; $T is the float type. */
static void line(emCtx *em, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fputs("    ", em->out);
  for (const char *p = buf; *p; ++p) {
    if (p[0] == '$' && p[1] == 'T') {
      fputs(em->elt, em->out);
      ++p;
    } else {
      fputc(*p, em->out);
    }
  }
  fputc('\n', em->out);
}

static int counter;

/* A deterministic value for every element of argument k: smooth, small,
 * different per element and per argument; LayerNorm gains near one; token
 * ids a fixed walk over the vocabulary. Returns the SSA name in `name`. */
static void emitInit(emCtx *em, const emT *t, int k, bool gain, int64_t vocab, char *name) {
  char ty[96], maps[256] = "", iters[128] = "";
  emType(em, t, ty, sizeof ty);
  for (int d = 0, p = 0, q = 0; d < t->rank; ++d) {
    p += snprintf(maps + p, sizeof maps - p, "%sd%d", d ? ", " : "", d);
    q += snprintf(iters + q, sizeof iters - q, "%s\"parallel\"", d ? ", " : "");
  }
  int e = counter++;
  snprintf(name, 32, "%%g%d", counter++);
  line(em, "%%g%d = tensor.empty() : %s", e, ty);
  line(em, "%s = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>], iterator_types = "
           "[%s]} outs(%%g%d : %s) {", name, maps, maps, iters, e, ty);
  line(em, "^bb0(%%o: %s):", t->isInt ? "i32" : em->elt);
  line(em, "  %%lin0 = arith.constant 0 : index");
  int64_t stride = 1;
  for (int d = t->rank - 1, j = 0; d >= 0; --d, ++j) {
    line(em, "  %%i%d = linalg.index %d : index", d, d);
    line(em, "  %%s%d = arith.constant %lld : index", d, (long long)stride);
    line(em, "  %%m%d = arith.muli %%i%d, %%s%d : index", d, d, d);
    line(em, "  %%lin%d = arith.addi %%lin%d, %%m%d : index", j + 1, j, d);
    stride *= t->shape[d];
  }
  line(em, "  %%li = arith.index_cast %%lin%d : index to i64", t->rank);
  if (t->isInt) {
    line(em, "  %%c7 = arith.constant %d : i64", 7 + 4 * k);
    line(em, "  %%x = arith.muli %%li, %%c7 : i64");
    line(em, "  %%c3 = arith.constant 3 : i64");
    line(em, "  %%y = arith.addi %%x, %%c3 : i64");
    line(em, "  %%cv = arith.constant %lld : i64", (long long)vocab);
    line(em, "  %%z = arith.remui %%y, %%cv : i64");
    line(em, "  %%r = arith.trunci %%z : i64 to i32");
    line(em, "  linalg.yield %%r : i32");
  } else {
    line(em, "  %%f = arith.sitofp %%li : i64 to $T");
    line(em, "  %%a = arith.constant 0.37 : $T");
    line(em, "  %%b = arith.constant %.3f : $T", 0.11 * (k + 1));
    line(em, "  %%x = arith.mulf %%f, %%a : $T");
    line(em, "  %%y = arith.addf %%x, %%b : $T");
    line(em, "  %%s = math.sin %%y : $T");
    line(em, "  %%sc = arith.constant 0.2 : $T");
    line(em, "  %%v = arith.mulf %%s, %%sc : $T");
    if (gain) {
      line(em, "  %%one = arith.constant 1.0 : $T");
      line(em, "  %%w = arith.addf %%v, %%one : $T");
      line(em, "  linalg.yield %%w : $T");
    } else {
      line(em, "  linalg.yield %%v : $T");
    }
  }
  line(em, "} -> %s", ty);
}

/* "%c1, %c0" index constants of the probe position of parameter k. */
static void probeIndex(emCtx *em, const emT *t, int k, char *out, int len) {
  int p = 0;
  out[0] = 0;
  for (int d = 0; d < t->rank; ++d) {
    int name = counter++;
    line(em, "%%g%d = arith.constant %lld : index", name,
         (long long)((k + 2 * d + 1) % t->shape[d]));
    p += snprintf(out + p, len - p, "%s%%g%d", d ? ", " : "", name);
  }
}

/* Calls the step with args (names), returns the name of the result pack. */
static int call(emCtx *em, const tStep *s, char (*args)[32], int numArgs, int numResults) {
  char ty[96];
  int r = counter++;
  fprintf(em->out, "    %%g%d:%d = func.call @train_step(", r, numResults);
  for (int i = 0; i < numArgs; ++i)
    fprintf(em->out, "%s%s", i ? ", " : "", args[i]);
  fprintf(em->out, ") : (");
  for (int i = 0; i < numArgs; ++i) {
    const emT *t = i < s->n ? &s->p[i].value : &s->data[i - s->n];
    fprintf(em->out, "%s%s", i ? ", " : "", emType(em, t, ty, sizeof ty));
  }
  fprintf(em->out, ") -> (tensor<%s>", em->elt);
  for (int i = 0; i < s->n; ++i)
    fprintf(em->out, ", %s", emType(em, &s->p[i].value, ty, sizeof ty));
  fprintf(em->out, ")\n");
  return r;
}

void tEmitGradCheck(emCtx *em, const tStep *s) {
  int numArgs = s->n + s->numData, numResults = 1 + s->n;
  char(*args)[32] = calloc(numArgs + 1, 32), ty[96], idx[160];
  if (!args)
    return;
  counter = 0;
  fprintf(em->out, "  func.func @main() {\n");
  for (int i = 0; i < s->n; ++i)
    emitInit(em, &s->p[i].value, i, strstr(s->p[i].name, "_g") != NULL, 0, args[i]);
  for (int d = 0; d < s->numData; ++d)
    emitInit(em, &s->data[d], s->n + d, false, em->dim['v' - 'a'], args[s->n + d]);
  int base = call(em, s, args, numArgs, numResults);
  line(em, "%%geps = arith.constant 1.0e-6 : $T");
  line(em, "%%gtwo = arith.constant 2.0e-6 : $T");
  line(em, "%%glr = arith.constant %.17g : $T", s->lr);
  /* relative error above 1e-4, absolute (to 1e-8) below: finite differences
   * carry ~1e-9 of noise */
  line(em, "%%gtiny = arith.constant 1.0e-4 : $T");
  line(em, "%%gworst0 = arith.constant 0.0 : $T");
  char worst[32] = "%gworst0";
  for (int i = 0; i < s->n; ++i) {
    const emT *t = &s->p[i].value;
    emType(em, t, ty, sizeof ty);
    probeIndex(em, t, i, idx, sizeof idx);
    int v = counter++, vp = counter++, vm = counter++, pp = counter++, pm = counter++;
    line(em, "%%g%d = tensor.extract %s[%s] : %s", v, args[i], idx, ty);
    line(em, "%%g%d = arith.addf %%g%d, %%geps : $T", vp, v);
    line(em, "%%g%d = arith.subf %%g%d, %%geps : $T", vm, v);
    line(em, "%%g%d = tensor.insert %%g%d into %s[%s] : %s", pp, vp, args[i], idx, ty);
    line(em, "%%g%d = tensor.insert %%g%d into %s[%s] : %s", pm, vm, args[i], idx, ty);
    char saved[32];
    memcpy(saved, args[i], 32);
    snprintf(args[i], 32, "%%g%d", pp);
    int rp = call(em, s, args, numArgs, numResults);
    snprintf(args[i], 32, "%%g%d", pm);
    int rm = call(em, s, args, numArgs, numResults);
    memcpy(args[i], saved, 32);
    int lp = counter++, lm = counter++, d = counter++, fd = counter++, nw = counter++,
        g0 = counter++, g = counter++, diff = counter++, ad = counter++, afd = counter++,
        ag = counter++, m1 = counter++, m2 = counter++, err = counter++, w = counter++;
    line(em, "%%g%d = tensor.extract %%g%d#0[] : tensor<$T>", lp, rp);
    line(em, "%%g%d = tensor.extract %%g%d#0[] : tensor<$T>", lm, rm);
    line(em, "%%g%d = arith.subf %%g%d, %%g%d : $T", d, lp, lm);
    line(em, "%%g%d = arith.divf %%g%d, %%gtwo : $T", fd, d);
    line(em, "%%g%d = tensor.extract %%g%d#%d[%s] : %s", nw, base, i + 1, idx, ty);
    line(em, "%%g%d = arith.subf %%g%d, %%g%d : $T", g0, v, nw);
    line(em, "%%g%d = arith.divf %%g%d, %%glr : $T", g, g0);
    line(em, "%%g%d = arith.subf %%g%d, %%g%d : $T", diff, fd, g);
    line(em, "%%g%d = math.absf %%g%d : $T", ad, diff);
    line(em, "%%g%d = math.absf %%g%d : $T", afd, fd);
    line(em, "%%g%d = math.absf %%g%d : $T", ag, g);
    line(em, "%%g%d = arith.maximumf %%g%d, %%g%d : $T", m1, afd, ag);
    line(em, "%%g%d = arith.maximumf %%g%d, %%gtiny : $T", m2, m1);
    line(em, "%%g%d = arith.divf %%g%d, %%g%d : $T", err, ad, m2);
    line(em, "vector.print str \"%s fd \"", s->p[i].name);
    line(em, "vector.print %%g%d : $T punctuation <no_punctuation>", fd);
    line(em, "vector.print str \" grad \"");
    line(em, "vector.print %%g%d : $T punctuation <no_punctuation>", g);
    line(em, "vector.print str \" relerr \"");
    line(em, "vector.print %%g%d : $T", err);
    line(em, "%%g%d = arith.maximumf %s, %%g%d : $T", w, worst, err);
    snprintf(worst, sizeof worst, "%%g%d", w);
  }
  line(em, "vector.print str \"max relative error \"");
  line(em, "vector.print %s : $T", worst);
  /* f64 central differences with eps 1e-6 are good to ~1e-9 of the loss;
   * 1e-4 relative leaves room for the smallest probed gradients. */
  int good = counter++, tol = counter++;
  line(em, "%%g%d = arith.constant 1.0e-4 : $T", tol);
  line(em, "%%g%d = arith.cmpf olt, %s, %%g%d : $T", good, worst, tol);
  line(em, "scf.if %%g%d {", good);
  line(em, "  vector.print str \"gradients match\\n\"");
  line(em, "}");
  /* Three more SGD steps from the updated parameters. */
  int last = base;
  char first[32];
  snprintf(first, sizeof first, "%%g%d", counter++);
  line(em, "%s = tensor.extract %%g%d#0[] : tensor<$T>", first, base);
  for (int step = 0; step < 3; ++step) {
    for (int i = 0; i < s->n; ++i)
      snprintf(args[i], 32, "%%g%d#%d", last, i + 1);
    last = call(em, s, args, numArgs, numResults);
  }
  int lastLoss = counter++, ok = counter++;
  line(em, "%%g%d = tensor.extract %%g%d#0[] : tensor<$T>", lastLoss, last);
  line(em, "vector.print str \"loss \"");
  line(em, "vector.print %s : $T punctuation <no_punctuation>", first);
  line(em, "vector.print str \" after 3 more steps \"");
  line(em, "vector.print %%g%d : $T", lastLoss);
  line(em, "%%g%d = arith.cmpf olt, %%g%d, %s : $T", ok, lastLoss, first);
  line(em, "scf.if %%g%d {", ok);
  line(em, "  vector.print str \"loss decreases\\n\"");
  line(em, "}");
  fprintf(em->out, "    return\n  }\n");
  free(args);
}
