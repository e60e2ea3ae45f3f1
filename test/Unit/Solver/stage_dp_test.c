/* Alpa's stage DP: hand-worked cases, and the DP against exhaustive search
 * on random small problems (costs with infeasible entries, several submesh
 * shapes, micro-batch counts from 1 to 16). */
#include "ApTest.h"
#include "ap/StageDp.h"

#include <stdlib.h>

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
static double uniform(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (double)(rng % 1000000) / 1e6;
}

/* Layers of times t[l] on one device; a stage on d devices runs d times
 * faster plus a fixed overhead per device (communication). */
static void linearCosts(int L, const double *t, int M, const int *dev, double overhead,
                        double *cost) {
  for (int i = 0; i < L; ++i)
    for (int j = 0; j < L; ++j)
      for (int m = 0; m < M; ++m) {
        double s = 0;
        for (int l = i; l <= j; ++l)
          s += t[l];
        cost[((size_t)i * L + j) * M + m] =
            j < i ? AP_STAGE_INF : s / dev[m] + overhead * (dev[m] - 1);
      }
}

static void handWorked(void) {
  /* Four equal layers, 4 devices, submeshes of 1, 2, 4: no overhead, so one
   * stage on all 4 devices (sum 1, max 1) beats any pipeline for B = 8. */
  int dev[3] = {1, 2, 4};
  double t[4] = {1, 1, 1, 1}, cost[4 * 4 * 3];
  linearCosts(4, t, 3, dev, 0.0, cost);
  apStageProblem p = {.num_layers = 4, .num_meshes = 3, .mesh_devices = dev, .devices = 4,
                      .micro_batches = 8, .cost = cost};
  apStagePlan plan;
  CHECK(apStageDp(&p, &plan) == 0);
  CHECK(plan.num_stages == 1 && plan.mesh[0] == 2);
  CHECK_CLOSE(plan.latency, 1.0 + 7 * 1.0, 1e-12);
  apStagePlanFree(&plan);

  /* With an overhead of 0.5 per extra device, a stage on d devices of n
   * layers costs n/d + 0.5 (d - 1): four 1-device stages cost 1 each
   * (latency 4 + 7 = 11), one 4-device stage 2.5 (2.5 + 17.5 = 20), two
   * 2-device stages 1.5 (3 + 10.5 = 13.5). */
  linearCosts(4, t, 3, dev, 0.5, cost);
  CHECK(apStageDp(&p, &plan) == 0);
  CHECK(plan.num_stages == 4);
  CHECK_CLOSE(plan.latency, 11.0, 1e-12);
  for (int s = 0; s < plan.num_stages; ++s)
    CHECK(plan.first[s] == s && plan.last[s] == s && plan.mesh[s] == 0);
  apStagePlanFree(&plan);

  /* A layer too big for one device (infeasible there) forces a 2-device
   * stage around it. */
  cost[((size_t)1 * 4 + 1) * 3 + 0] = AP_STAGE_INF;
  for (int i = 0; i <= 1; ++i)
    for (int j = 1; j < 4; ++j)
      cost[((size_t)i * 4 + j) * 3 + 0] = AP_STAGE_INF;
  CHECK(apStageDp(&p, &plan) == 0);
  int covering = -1;
  for (int s = 0; s < plan.num_stages; ++s)
    if (plan.first[s] <= 1 && plan.last[s] >= 1)
      covering = s;
  CHECK(covering >= 0 && dev[plan.mesh[covering]] >= 2);
  apStagePlanFree(&plan);

  /* No cover with exactly the devices: 3 devices from shapes {2, 4}. */
  int even[2] = {2, 4};
  double c2[2 * 2 * 2] = {1, 1, 1, 1, AP_STAGE_INF, AP_STAGE_INF, 1, 1};
  apStageProblem q = {.num_layers = 2, .num_meshes = 2, .mesh_devices = even, .devices = 3,
                      .micro_batches = 2, .cost = c2};
  CHECK(apStageDp(&q, &plan) == -1);
}

static void randomAgainstBruteForce(void) {
  int trials = 0, agree = 0;
  for (int trial = 0; trial < 300; ++trial) {
    int L = 1 + (int)(uniform() * 6), M = 1 + (int)(uniform() * 3);
    int dev[3] = {1, 2, 4};
    int D = 1 + (int)(uniform() * 6);
    int B = 1 + (int)(uniform() * 16);
    double *cost = malloc(sizeof(double) * (size_t)(L * L * M));
    for (int i = 0; i < L * L * M; ++i)
      cost[i] = uniform() < 0.15 ? AP_STAGE_INF : 0.1 + uniform();
    apStageProblem p = {.num_layers = L, .num_meshes = M, .mesh_devices = dev, .devices = D,
                        .micro_batches = B, .cost = cost};
    apStagePlan a, b;
    int ra = apStageDp(&p, &a), rb = apStageBruteForce(&p, &b);
    ++trials;
    if (ra == rb) {
      if (ra != 0 || fabs(a.latency - b.latency) <= 1e-9 * b.latency) {
        ++agree;
      } else {
        fprintf(stderr, "trial %d: dp %.9g brute %.9g\n", trial, a.latency, b.latency);
      }
    } else {
      fprintf(stderr, "trial %d: dp rc %d brute rc %d\n", trial, ra, rb);
    }
    if (ra == 0) {
      /* The plan is what it claims: contiguous, covering, exact devices. */
      int used = 0, next = 0;
      double sum = 0, mx = 0;
      for (int s = 0; s < a.num_stages; ++s) {
        CHECK(a.first[s] == next && a.last[s] >= a.first[s]);
        next = a.last[s] + 1;
        used += dev[a.mesh[s]];
        double c = cost[((size_t)a.first[s] * L + a.last[s]) * M + a.mesh[s]];
        CHECK(c < AP_STAGE_INF);
        sum += c;
        mx = c > mx ? c : mx;
      }
      CHECK(next == L && used == D);
      CHECK_CLOSE(a.latency, sum + (B - 1) * mx, 1e-12);
      apStagePlanFree(&a);
    }
    if (rb == 0)
      apStagePlanFree(&b);
    free(cost);
  }
  CHECK(agree == trials);
}

/* Two device types: stages must use exactly each type's devices. */
static void mixedTypes(void) {
  int agree = 0, trials = 0;
  for (int trial = 0; trial < 200; ++trial) {
    int L = 1 + (int)(uniform() * 5);
    int dev[4] = {1, 2, 1, 2}, type[4] = {0, 0, 1, 1};
    int td[2] = {1 + (int)(uniform() * 3), 1 + (int)(uniform() * 3)};
    double *cost = malloc(sizeof(double) * (size_t)(L * L * 4));
    for (int i = 0; i < L * L * 4; ++i)
      cost[i] = uniform() < 0.15 ? AP_STAGE_INF : 0.1 + uniform();
    apStageProblem p = {.num_layers = L, .num_meshes = 4, .mesh_devices = dev,
                        .devices = td[0] + td[1], .micro_batches = 1 + (int)(uniform() * 8),
                        .cost = cost, .num_types = 2, .mesh_type = type, .type_devices = td};
    apStagePlan a, b;
    int ra = apStageDp(&p, &a), rb = apStageBruteForce(&p, &b);
    ++trials;
    if (ra == rb && (ra != 0 || fabs(a.latency - b.latency) <= 1e-9 * b.latency))
      ++agree;
    else
      fprintf(stderr, "mixed trial %d: dp %d %.9g brute %d %.9g\n", trial, ra,
              ra ? 0 : a.latency, rb, rb ? 0 : b.latency);
    if (ra == 0) {
      int used[2] = {0, 0};
      for (int s = 0; s < a.num_stages; ++s)
        used[type[a.mesh[s]]] += dev[a.mesh[s]];
      CHECK(used[0] == td[0] && used[1] == td[1]);
      apStagePlanFree(&a);
    }
    if (rb == 0)
      apStagePlanFree(&b);
    free(cost);
  }
  CHECK(agree == trials);
}

int main(void) {
  handWorked();
  randomAgainstBruteForce();
  mixedTypes();
  return ap_test_summary("stage_dp_test");
}
