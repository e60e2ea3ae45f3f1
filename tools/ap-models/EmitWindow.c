/* Windowed ops for convolutional models: padding, convolutions and their
 * gradients, max pooling, and the strided scatter/crop the gradients of
 * strided windows need. Generics here write their maps by hand. */
#include "Emit.h"

#include <string.h>

/* A zero (or `init`) tensor of `t`'s type, named into `out`. */
static emT filled(emCtx *em, const char *opName, const emT *t, const char *init) {
  char ty[96];
  emType(em, t, ty, sizeof ty);
  emT e, c, f = *t;
  emFresh(em, &e);
  fprintf(em->out, "    %s = tensor.empty() : %s", e.name, ty);
  emTrailer(em, opName);
  emFresh(em, &c);
  fprintf(em->out, "    %s = arith.constant %s : %s", c.name, init, em->elt);
  emTrailer(em, opName);
  emFresh(em, &f);
  fprintf(em->out, "    %s = linalg.fill ins(%s : %s) outs(%s : %s) -> %s", f.name, c.name, em->elt,
          e.name, ty, ty);
  emTrailer(em, opName);
  return f;
}

/* A generic over loops d0..d(nl-1) ("p"/"r" per loop in `iters`), inputs
 * with the given map results (text over d0..), output indexed by its first
 * out.rank loops. */
static emT windowGeneric(emCtx *em, const char *opName, const char *iters, int n, const emT *in,
                         const char *const *maps, emT out, const char *init, const char *body) {
  int nl = (int)strlen(iters);
  char ty[96], ity[96];
  emType(em, &out, ty, sizeof ty);
  emT acc = filled(em, opName, &out, init ? init : "0.0");
  emFresh(em, &out);
  FILE *o = em->out;
  fprintf(o, "    %s = linalg.generic {indexing_maps = [", out.name);
  for (int k = 0; k <= n; ++k) {
    fprintf(o, "affine_map<(");
    for (int i = 0; i < nl; ++i)
      fprintf(o, "%sd%d", i ? ", " : "", i);
    fprintf(o, ") -> (");
    if (k < n) {
      fprintf(o, "%s", maps[k]);
    } else {
      for (int i = 0; i < out.rank; ++i)
        fprintf(o, "%sd%d", i ? ", " : "", i);
    }
    fprintf(o, ")>%s", k < n ? ", " : "");
  }
  fprintf(o, "], iterator_types = [");
  for (int i = 0; i < nl; ++i)
    fprintf(o, "%s\"%s\"", i ? ", " : "", iters[i] == 'p' ? "parallel" : "reduction");
  fprintf(o, "]} ins(");
  for (int k = 0; k < n; ++k)
    fprintf(o, "%s%s", k ? ", " : "", in[k].name);
  fprintf(o, " : ");
  for (int k = 0; k < n; ++k)
    fprintf(o, "%s%s", k ? ", " : "", emType(em, &in[k], ity, sizeof ity));
  fprintf(o, ") outs(%s : %s)", acc.name, ty);
  if (!em->structureOnly)
    fprintf(o, " attrs = {ap.layer = %d : i64}", em->layer);
  fprintf(o, " {\n    ^bb0(");
  for (int k = 0; k < n; ++k)
    fprintf(o, "%%a%d: %s, ", k, em->elt);
  fprintf(o, "%%acc: %s):\n", em->elt);
  emBody(em, body);
  fprintf(o, "    } -> %s", ty);
  emTrailer(em, opName);
  return out;
}

static const char *const macBody = "%t0 = arith.mulf %a0, %a1 : $T\n"
                                   "%t1 = arith.addf %acc, %t0 : $T\n"
                                   "linalg.yield %t1 : $T";

static double volume(const emT *t) {
  double v = 1;
  for (int d = 0; d < t->rank; ++d)
    v *= (double)t->shape[d];
  return v;
}

emT emPad(emCtx *em, const char *opName, emT x, int64_t lo, int64_t hi, double value) {
  emT out = x;
  out.shape[1] += lo + hi;
  out.shape[2] += lo + hi;
  char ty[96], ity[96];
  emType(em, &out, ty, sizeof ty);
  emType(em, &x, ity, sizeof ity);
  emFresh(em, &out);
  fprintf(em->out,
          "    %s = tensor.pad %s low[0, %lld, %lld, 0] high[0, %lld, %lld, 0] {\n"
          "    ^bb0(%%i0: index, %%i1: index, %%i2: index, %%i3: index):\n"
          "      %%pv = arith.constant %.9e : %s\n      tensor.yield %%pv : %s\n"
          "    } : %s to %s",
          out.name, x.name, (long long)lo, (long long)lo, (long long)hi, (long long)hi, value,
          em->elt, em->elt, ity, ty);
  emTrailer(em, opName);
  return out;
}

emT emConv(emCtx *em, const char *opName, emT x, emT w, int stride, bool flipped) {
  int64_t k = w.shape[0];
  if (flipped) {
    /* wf[kh,kw,o,i] = w[K-1-kh, K-1-kw, i, o], materialized: linalg needs
     * every loop bound by a plain dim somewhere. */
    emT wf = w;
    wf.shape[2] = w.shape[3], wf.shape[3] = w.shape[2];
    char wm[96];
    snprintf(wm, sizeof wm, "%lld - d0, %lld - d1, d3, d2", (long long)(k - 1),
             (long long)(k - 1));
    const char *fm[1] = {wm};
    w = windowGeneric(em, opName, "pppp", 1, &w, fm, wf, NULL, "linalg.yield %a0 : $T");
  }
  emT out = x;
  out.shape[1] = (x.shape[1] - k) / stride + 1;
  out.shape[2] = (x.shape[2] - k) / stride + 1;
  out.shape[3] = w.shape[3];
  /* loops: n oh ow o | kh kw i */
  char xm[96];
  snprintf(xm, sizeof xm, "d0, d1 * %d + d4, d2 * %d + d5, d6", stride, stride);
  const char *maps[2] = {xm, "d4, d5, d6, d3"};
  emT in[2] = {x, w};
  em->flops += 2 * volume(&out) * (double)(k * k) * (double)w.shape[2];
  return windowGeneric(em, opName, "pppprrr", 2, in, maps, out, NULL, macBody);
}

emT emConvGradW(emCtx *em, const char *opName, emT x, emT dy, int64_t k, int stride) {
  emT out = dy;
  out.rank = 4;
  out.shape[0] = k, out.shape[1] = k, out.shape[2] = x.shape[3], out.shape[3] = dy.shape[3];
  /* loops: kh kw i o | n oh ow */
  char xm[96];
  snprintf(xm, sizeof xm, "d4, d5 * %d + d0, d6 * %d + d1, d2", stride, stride);
  const char *maps[2] = {xm, "d4, d5, d6, d3"};
  emT in[2] = {x, dy};
  em->flops += 2 * volume(&out) * volume(&dy) / (double)dy.shape[3];
  return windowGeneric(em, opName, "pppprrr", 2, in, maps, out, NULL, macBody);
}

emT emWindowMax(emCtx *em, const char *opName, emT x, int64_t k, int stride) {
  emT out = x;
  out.shape[1] = (x.shape[1] - k) / stride + 1;
  out.shape[2] = (x.shape[2] - k) / stride + 1;
  /* An empty k x k operand binds the window loops, as linalg's pooling
   * ops do: the maps must determine every loop's range. */
  emT win;
  memset(&win, 0, sizeof win);
  win.rank = 2, win.shape[0] = k, win.shape[1] = k;
  char ty[96];
  emFresh(em, &win);
  fprintf(em->out, "    %s = tensor.empty() : %s", win.name, emType(em, &win, ty, sizeof ty));
  emTrailer(em, opName);
  char xm[96];
  snprintf(xm, sizeof xm, "d0, d1 * %d + d4, d2 * %d + d5, d3", stride, stride);
  const char *maps[2] = {xm, "d4, d5"};
  emT in[2] = {x, win};
  em->flops += volume(&out) * (double)(k * k);
  return windowGeneric(em, opName, "pppprr", 2, in, maps, out, "-3.0e+38",
                       "%t0 = arith.maximumf %acc, %a0 : $T\nlinalg.yield %t0 : $T");
}

emT emWindowArgmaxGrad(emCtx *em, const char *opName, emT x, emT y, emT dy, int64_t k,
                       int stride) {
  emT out = y;
  out.rank = 6;
  out.shape[4] = k, out.shape[5] = k;
  char xm[96];
  snprintf(xm, sizeof xm, "d0, d1 * %d + d4, d2 * %d + d5, d3", stride, stride);
  const char *maps[3] = {xm, "d0, d1, d2, d3", "d0, d1, d2, d3"};
  emT in[3] = {x, y, dy};
  return windowGeneric(em, opName, "pppppp", 3, in, maps, out, NULL,
                       "%t0 = arith.cmpf oeq, %a0, %a1 : $T\n%t1 = arith.constant 0.0 : $T\n"
                       "%t2 = arith.select %t0, %a2, %t1 : $T\nlinalg.yield %t2 : $T");
}

emT emScatterSpatial(emCtx *em, const char *opName, emT x, const int64_t *shape,
                     int64_t offH, int64_t offW, int stride) {
  emT out = x;
  memcpy(out.shape, shape, sizeof(int64_t) * x.rank);
  emT z = filled(em, opName, &out, "0.0");
  char ty[96], ity[96];
  emType(em, &out, ty, sizeof ty);
  emType(em, &x, ity, sizeof ity);
  emFresh(em, &out);
  fprintf(em->out,
          "    %s = tensor.insert_slice %s into %s[0, %lld, %lld, 0] [%lld, %lld, %lld, %lld] "
          "[1, %d, %d, 1] : %s into %s",
          out.name, x.name, z.name, (long long)offH, (long long)offW, (long long)x.shape[0],
          (long long)x.shape[1], (long long)x.shape[2], (long long)x.shape[3], stride, stride,
          ity, ty);
  emTrailer(em, opName);
  return out;
}

emT emCropSpatial(emCtx *em, const char *opName, emT x, int64_t lo, int64_t h, int64_t w) {
  emT out = x;
  out.shape[1] = h, out.shape[2] = w;
  char ty[96], ity[96];
  emType(em, &out, ty, sizeof ty);
  emType(em, &x, ity, sizeof ity);
  emFresh(em, &out);
  fprintf(em->out,
          "    %s = tensor.extract_slice %s[0, %lld, %lld, 0] [%lld, %lld, %lld, %lld] "
          "[1, 1, 1, 1] : %s to %s",
          out.name, x.name, (long long)lo, (long long)lo, (long long)x.shape[0], (long long)h,
          (long long)w, (long long)x.shape[3], ity, ty);
  emTrailer(em, opName);
  return out;
}

emT emWindowSlice(emCtx *em, const char *opName, emT x, int64_t kh, int64_t kw) {
  emT out = x;
  out.rank = 4;
  char ty[96], ity[96];
  emType(em, &out, ty, sizeof ty);
  emType(em, &x, ity, sizeof ity);
  emFresh(em, &out);
  fprintf(em->out,
          "    %s = tensor.extract_slice %s[0, 0, 0, 0, %lld, %lld] [%lld, %lld, %lld, %lld, 1, 1] "
          "[1, 1, 1, 1, 1, 1] : %s to %s",
          out.name, x.name, (long long)kh, (long long)kw, (long long)x.shape[0],
          (long long)x.shape[1], (long long)x.shape[2], (long long)x.shape[3], ity, ty);
  emTrailer(em, opName);
  return out;
}
