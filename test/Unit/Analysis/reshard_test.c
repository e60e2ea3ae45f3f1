/* Reshard chains: each step is one that upstream's partitioner lowers
 * correctly, the chain ends at the target, and its cost is the alpha-beta
 * sum of its steps. */
#include "ApTest.h"
#include "ap/Analysis.h"

#include <string.h>

static apCluster mesh2x2(double beta0, double beta1) {
  apCluster c;
  char err[256];
  const char *spec = beta0 == 1 && beta1 == 1
                         ? "{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": [1, 1]}"
                         : "{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": [1, 0.1]}";
  if (apClusterFromJSON(spec, &c, err, sizeof err))
    fprintf(stderr, "cluster: %s\n", err);
  return c;
}

static apSharding layout(int rank, const char *spec) {
  /* spec: one group per dim separated by '|', axes as digits: "01|" */
  apSharding s;
  apShardingReplicated(&s, rank);
  int d = 0;
  for (const char *p = spec; *p; ++p) {
    if (*p == '|')
      ++d;
    else
      s.axes[d][s.n[d]++] = (int8_t)(*p - '0');
  }
  return s;
}

/* A step is single-step: slice appends one axis to a dim, gather removes a
 * dim's last axis, move does both between two dims. */
static int validChain(const apSharding *from, const apSharding *to,
                      const apReshardStep *st, int n) {
  apSharding cur = *from;
  for (int i = 0; i < n; ++i) {
    apSharding want = cur;
    /* A move only from a dim split over that axis alone into an unsplit
     * dim: the only moves upstream's partitioner gets right. */
    if (st[i].kind == AP_STEP_MOVE && (cur.n[st[i].fromDim] != 1 || cur.n[st[i].toDim] != 0))
      return 0;
    if (st[i].kind == AP_STEP_SLICE) {
      want.axes[st[i].toDim][want.n[st[i].toDim]++] = (int8_t)st[i].axis;
    } else {
      int d = st[i].fromDim;
      if (cur.n[d] == 0 || cur.axes[d][cur.n[d] - 1] != st[i].axis)
        return 0;
      want.n[d]--;
      if (st[i].kind == AP_STEP_MOVE)
        want.axes[st[i].toDim][want.n[st[i].toDim]++] = (int8_t)st[i].axis;
    }
    if (!apShardingEqual(&want, &st[i].after))
      return 0;
    cur = st[i].after;
  }
  return apShardingEqual(&cur, to);
}

int main(void) {
  apCluster c = mesh2x2(1, 1);
  int64_t shape[2] = {8, 16};
  apReshardStep st[AP_MAX_RESHARD_STEPS];
  double cost;

  /* Equal layouts: no steps, no cost. */
  apSharding a = layout(2, "0|1"), b = layout(2, "0|1");
  CHECK(apReshardPlan(&a, &b, shape, 4, &c, st, &cost) == 0);
  CHECK(cost == 0);

  /* [[0],[1]] -> replicated: two gathers (the multi-step reshard upstream
   * miscompiles when given at once). Minor dims first is not required, but
   * each gather removes a dim's last axis. */
  b = layout(2, "|");
  int n = apReshardPlan(&a, &b, shape, 4, &c, st, &cost);
  CHECK(n == 2);
  CHECK(st[0].kind == AP_STEP_GATHER && st[1].kind == AP_STEP_GATHER);
  CHECK(validChain(&a, &b, st, n));
  /* First gather on dim 0 over axis 0: result 8x8 floats = 256 bytes;
   * second over axis 1 to 8x16 = 512 bytes. all-gather = alpha + beta*(n-1)/n*B. */
  CHECK_CLOSE(st[0].cost, 1 + 0.5 * 256, 1e-12);
  CHECK_CLOSE(st[1].cost, 1 + 0.5 * 512, 1e-12);
  CHECK_CLOSE(cost, st[0].cost + st[1].cost, 1e-12);

  /* Replicated -> [[0],[1]]: two free slices. */
  n = apReshardPlan(&b, &a, shape, 4, &c, st, &cost);
  CHECK(n == 2 && st[0].kind == AP_STEP_SLICE && st[1].kind == AP_STEP_SLICE);
  CHECK(cost == 0);
  CHECK(validChain(&b, &a, st, n));

  /* [[0],[]] -> [[],[0]]: one all-to-all on the local 4x16 piece. */
  a = layout(2, "0|");
  b = layout(2, "|0");
  n = apReshardPlan(&a, &b, shape, 4, &c, st, &cost);
  CHECK(n == 1 && st[0].kind == AP_STEP_MOVE && st[0].axis == 0);
  CHECK(validChain(&a, &b, st, n));

  /* [[0,1]] -> [[1,0]]: axis order matters (device order): unsplit both,
   * then split again; never a single multi-axis step. */
  a = layout(2, "01|");
  b = layout(2, "10|");
  n = apReshardPlan(&a, &b, shape, 4, &c, st, &cost);
  CHECK(n >= 3);
  CHECK(validChain(&a, &b, st, n));

  /* [[0],[]] -> [[],[1]]: the slice comes first (free, and it halves what
   * the gather moves). */
  a = layout(2, "0|");
  b = layout(2, "|1");
  n = apReshardPlan(&a, &b, shape, 4, &c, st, &cost);
  CHECK(n == 2 && st[0].kind == AP_STEP_SLICE && st[1].kind == AP_STEP_GATHER);
  CHECK(validChain(&a, &b, st, n));
  /* after the slice the piece is 4x8; gathering axis 0 gives 8x8 = 256 B */
  CHECK_CLOSE(cost, 1 + 0.5 * 256, 1e-12);

  /* Exhaustive: every pair of layouts of a 2-D tensor on a 2x2 mesh gives a
   * valid chain of at most AP_MAX_RESHARD_STEPS steps. */
  const char *all[] = {"|", "0|", "1|", "|0", "|1", "01|", "10|", "|01", "|10", "0|1", "1|0"};
  int total = 0, good = 0;
  for (size_t i = 0; i < sizeof all / sizeof *all; ++i)
    for (size_t j = 0; j < sizeof all / sizeof *all; ++j) {
      a = layout(2, all[i]);
      b = layout(2, all[j]);
      n = apReshardPlan(&a, &b, shape, 4, &c, st, &cost);
      ++total;
      good += validChain(&a, &b, st, n) && n <= AP_MAX_RESHARD_STEPS;
    }
  CHECK(good == total);

  /* And of a 3-D tensor, where multi-axis dims can move. */
  const char *all3[] = {"||", "0||", "1||", "|0|", "|1|", "||0", "||1", "01||", "10||", "|01|",
                        "|10|", "||01", "||10", "0|1|", "1|0|", "0||1", "1||0", "|0|1", "|1|0"};
  int64_t shape3[3] = {4, 8, 16};
  total = good = 0;
  for (size_t i = 0; i < sizeof all3 / sizeof *all3; ++i)
    for (size_t j = 0; j < sizeof all3 / sizeof *all3; ++j) {
      a = layout(3, all3[i]);
      b = layout(3, all3[j]);
      n = apReshardPlan(&a, &b, shape3, 4, &c, st, &cost);
      ++total;
      good += validChain(&a, &b, st, n) && n <= AP_MAX_RESHARD_STEPS;
    }
  CHECK(good == total);

  /* Format matches shard.sharding's split_axes. */
  char buf[64];
  a = layout(3, "1||0");
  apShardingFormat(&a, buf, sizeof buf);
  CHECK(!strcmp(buf, "[[1], [], [0]]"));
  a = layout(3, "0||");
  apShardingFormat(&a, buf, sizeof buf);
  CHECK(!strcmp(buf, "[[0]]"));
  apShardingReplicated(&a, 0);
  apShardingFormat(&a, buf, sizeof buf);
  CHECK(!strcmp(buf, "[[]]"));
  return ap_test_summary("reshard");
}
