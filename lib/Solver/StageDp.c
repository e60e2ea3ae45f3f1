/* Alpa's stage DP. For a bound tmax on every stage's time, G[k][d] is the
 * least sum of stage times covering layers k.. with exactly d devices; the
 * latency is then G[0][D] + (B - 1) tmax, exact when tmax is the plan's own
 * bottleneck. Candidates for tmax are the distinct stage times, ascending,
 * starting at the smallest feasible one (feasibility is monotone, so a
 * binary search finds it) and stopping once (B - 1) tmax plus the unbounded
 * optimum cannot beat the best latency found. */
#include "ap/StageDp.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const apStageProblem *p;
  int states;     /* device-count states: prod over types of (count + 1) */
  int stride[8];  /* mixed radix of a state, per type */
  int full;       /* the state with every device used */
  double *g;    /* [(L + 1) * states] */
  int *choiceJ; /* stage k..j */
  int *choiceM;
  int *stages;  /* stages in G[k][d], for the tie-break */
} apDp;

static double cost(const apStageProblem *p, int i, int j, int m) {
  return p->cost[((size_t)i * p->num_layers + j) * p->num_meshes + m];
}

static int typeOf(const apStageProblem *p, int m) { return p->num_types > 0 ? p->mesh_type[m] : 0; }

/* Devices of type t left in state d. */
static int left(const apDp *s, int d, int t) {
  int cap = s->p->num_types > 0 ? s->p->type_devices[t] : s->p->devices;
  return d / s->stride[t] % (cap + 1);
}

/* G for bound tmax; returns G[0][all devices]. */
static double runDp(apDp *s, double tmax) {
  const apStageProblem *p = s->p;
  int L = p->num_layers, S = s->states;
  for (int k = 0; k <= L; ++k)
    for (int d = 0; d < S; ++d) {
      size_t at = (size_t)k * S + d;
      s->g[at] = k == L && d == 0 ? 0 : AP_STAGE_INF;
      s->choiceJ[at] = s->choiceM[at] = -1;
      s->stages[at] = 0;
    }
  for (int k = L - 1; k >= 0; --k)
    for (int d = 1; d < S; ++d) {
      size_t at = (size_t)k * S + d;
      for (int j = k; j < L; ++j)
        for (int m = 0; m < p->num_meshes; ++m) {
          int dev = p->mesh_devices[m], t = typeOf(p, m);
          if (dev > left(s, d, t))
            continue;
          double c = cost(p, k, j, m);
          if (c >= AP_STAGE_INF || c > tmax)
            continue;
          size_t rest = (size_t)(j + 1) * S + (size_t)(d - dev * s->stride[t]);
          if (s->g[rest] >= AP_STAGE_INF)
            continue;
          double v = c + s->g[rest];
          int st = 1 + s->stages[rest];
          if (v < s->g[at] || (v == s->g[at] && st < s->stages[at])) {
            s->g[at] = v;
            s->choiceJ[at] = j;
            s->choiceM[at] = m;
            s->stages[at] = st;
          }
        }
    }
  return s->g[s->full];
}

static int cmpDouble(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int extract(const apDp *s, apStagePlan *out) {
  const apStageProblem *p = s->p;
  int S = s->states, n = s->stages[s->full];
  out->first = malloc(sizeof(int) * (size_t)(n + 1));
  out->last = malloc(sizeof(int) * (size_t)(n + 1));
  out->mesh = malloc(sizeof(int) * (size_t)(n + 1));
  if (!out->first || !out->last || !out->mesh)
    return -1;
  out->num_stages = n;
  out->sum = 0;
  out->max = 0;
  for (int k = 0, d = s->full, i = 0; k < p->num_layers; ++i) {
    size_t at = (size_t)k * S + d;
    int j = s->choiceJ[at], m = s->choiceM[at];
    out->first[i] = k;
    out->last[i] = j;
    out->mesh[i] = m;
    double c = cost(p, k, j, m);
    out->sum += c;
    if (c > out->max)
      out->max = c;
    k = j + 1;
    d -= p->mesh_devices[m] * s->stride[typeOf(p, m)];
  }
  out->latency = out->sum + (double)(p->micro_batches - 1) * out->max;
  return 0;
}

int apStageDp(const apStageProblem *p, apStagePlan *out) {
  memset(out, 0, sizeof *out);
  int L = p->num_layers, D = p->devices, M = p->num_meshes;
  if (L <= 0 || D <= 0 || M <= 0 || p->micro_batches < 1 || p->num_types > 8)
    return -1;
  apDp s = {.p = p, .states = 1};
  int types = p->num_types > 0 ? p->num_types : 1;
  for (int t = 0; t < types; ++t) {
    int cap = p->num_types > 0 ? p->type_devices[t] : D;
    s.stride[t] = s.states;
    s.full += cap * s.states;
    s.states *= cap + 1;
  }
  size_t cells = (size_t)(L + 1) * (size_t)s.states;
  s.g = malloc(sizeof(double) * cells);
  s.choiceJ = malloc(sizeof(int) * cells);
  s.choiceM = malloc(sizeof(int) * cells);
  s.stages = malloc(sizeof(int) * cells);
  size_t nc = 0;
  double *cand = malloc(sizeof(double) * ((size_t)L * L * M + 1));
  int rc = -1;
  if (!s.g || !s.choiceJ || !s.choiceM || !s.stages || !cand)
    goto out;
  for (int i = 0; i < L; ++i)
    for (int j = i; j < L; ++j)
      for (int m = 0; m < M; ++m)
        if (cost(p, i, j, m) < AP_STAGE_INF && p->mesh_devices[m] <= D)
          cand[nc++] = cost(p, i, j, m);
  if (!nc)
    goto out;
  qsort(cand, nc, sizeof(double), cmpDouble);
  size_t u = 0;
  for (size_t i = 0; i < nc; ++i)
    if (!u || cand[i] != cand[u - 1])
      cand[u++] = cand[i];
  double unbounded = runDp(&s, AP_STAGE_INF);
  if (unbounded >= AP_STAGE_INF)
    goto out; /* no cover uses exactly D devices */
  /* The smallest feasible bound. */
  size_t lo = 0, hi = u - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (runDp(&s, cand[mid]) < AP_STAGE_INF)
      hi = mid;
    else
      lo = mid + 1;
  }
  double best = AP_STAGE_INF, bestT = 0;
  int tried = 0;
  for (size_t i = lo; i < u; ++i) {
    double t = cand[i];
    if (unbounded + (double)(p->micro_batches - 1) * t >= best)
      break; /* no larger bound can win */
    double g = runDp(&s, t);
    ++tried;
    if (g < AP_STAGE_INF && g + (double)(p->micro_batches - 1) * t < best) {
      best = g + (double)(p->micro_batches - 1) * t;
      bestT = t;
    }
  }
  runDp(&s, bestT);
  rc = extract(&s, out);
  out->tmax_tried = tried;
out:
  free(s.g);
  free(s.choiceJ);
  free(s.choiceM);
  free(s.stages);
  free(cand);
  return rc;
}

/* Brute force: every composition of the layers into stages and every mesh
 * per stage, recursively. */
typedef struct {
  const apStageProblem *p;
  int rem[8]; /* devices left per type */
  int *first, *mesh, n;
  int *bestFirst, *bestMesh, bestN;
  double best;
} apBrute;

static void brute(apBrute *b, int k) {
  const apStageProblem *p = b->p;
  if (k == p->num_layers) {
    for (int t = 0; t < 8; ++t)
      if (b->rem[t])
        return;
    double sum = 0, mx = 0;
    for (int i = 0; i < b->n; ++i) {
      int last = i + 1 < b->n ? b->first[i + 1] - 1 : p->num_layers - 1;
      double c = cost(p, b->first[i], last, b->mesh[i]);
      sum += c;
      mx = c > mx ? c : mx;
    }
    double lat = sum + (double)(p->micro_batches - 1) * mx;
    if (lat < b->best) {
      b->best = lat;
      b->bestN = b->n;
      memcpy(b->bestFirst, b->first, sizeof(int) * (size_t)b->n);
      memcpy(b->bestMesh, b->mesh, sizeof(int) * (size_t)b->n);
    }
    return;
  }
  for (int j = k; j < p->num_layers; ++j)
    for (int m = 0; m < p->num_meshes; ++m) {
      int t = typeOf(p, m);
      if (p->mesh_devices[m] > b->rem[t] || cost(p, k, j, m) >= AP_STAGE_INF)
        continue;
      b->first[b->n] = k;
      b->mesh[b->n++] = m;
      b->rem[t] -= p->mesh_devices[m];
      brute(b, j + 1);
      b->rem[t] += p->mesh_devices[m];
      --b->n;
    }
}

int apStageBruteForce(const apStageProblem *p, apStagePlan *out) {
  memset(out, 0, sizeof *out);
  int L = p->num_layers;
  apBrute b = {.p = p, .best = AP_STAGE_INF};
  b.first = malloc(sizeof(int) * (size_t)L);
  b.mesh = malloc(sizeof(int) * (size_t)L);
  b.bestFirst = malloc(sizeof(int) * (size_t)L);
  b.bestMesh = malloc(sizeof(int) * (size_t)L);
  int rc = -1;
  if (b.first && b.mesh && b.bestFirst && b.bestMesh) {
    if (p->num_types > 0)
      for (int t = 0; t < p->num_types && t < 8; ++t)
        b.rem[t] = p->type_devices[t];
    else
      b.rem[0] = p->devices;
    brute(&b, 0);
    if (b.best < AP_STAGE_INF) {
      out->num_stages = b.bestN;
      out->first = b.bestFirst;
      out->mesh = b.bestMesh;
      out->last = malloc(sizeof(int) * (size_t)L);
      b.bestFirst = b.bestMesh = NULL;
      if (out->last) {
        for (int i = 0; i < out->num_stages; ++i) {
          out->last[i] = i + 1 < out->num_stages ? out->first[i + 1] - 1 : L - 1;
          double c = cost(p, out->first[i], out->last[i], out->mesh[i]);
          out->sum += c;
          out->max = c > out->max ? c : out->max;
        }
        out->latency = b.best;
        rc = 0;
      }
    }
  }
  free(b.first);
  free(b.mesh);
  free(b.bestFirst);
  free(b.bestMesh);
  return rc;
}

void apStagePlanFree(apStagePlan *plan) {
  free(plan->first);
  free(plan->last);
  free(plan->mesh);
  memset(plan, 0, sizeof *plan);
}
