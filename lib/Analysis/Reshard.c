/* Resharding as a chain of single-step collectives. Upstream shard-partition
 * lowers only one step at a time correctly (split, unsplit or move the minor
 * axis of a dim), so the rewrite emits exactly this chain and the cost model
 * charges exactly it. */
#include "ap/Analysis.h"

#include <string.h>

/* Bytes of one device's piece of the tensor under layout s. */
static double localBytes(const apSharding *s, const int64_t *shape,
                         double elemBytes, const apCluster *c) {
  double b = elemBytes;
  for (int d = 0; d < s->rank; ++d)
    b *= (double)shape[d] / (double)apShardingDimSplit(s, c, d);
  return b;
}

/* cur[d] is a prefix of to[d]: d is ready to take to's next axis. */
static bool isPrefix(const apSharding *cur, const apSharding *to, int d) {
  if (cur->n[d] > to->n[d])
    return false;
  for (int k = 0; k < cur->n[d]; ++k)
    if (cur->axes[d][k] != to->axes[d][k])
      return false;
  return true;
}

static bool axisUsed(const apSharding *s, int axis) {
  return (apShardingUsedAxes(s) >> axis) & 1u;
}

/* Can axis be appended to dim d on the way to `to`? */
static bool nextWanted(const apSharding *cur, const apSharding *to, int d,
                       int axis) {
  return isPrefix(cur, to, d) && cur->n[d] < to->n[d] &&
         to->axes[d][cur->n[d]] == axis;
}

int apReshardPlan(const apSharding *from, const apSharding *to,
                  const int64_t *shape, double elemBytes, const apCluster *c,
                  apReshardStep *steps, double *cost) {
  apSharding cur = *from;
  int n = 0;
  *cost = 0;
  while (!apShardingEqual(&cur, to) && n < AP_MAX_RESHARD_STEPS) {
    apReshardStep st;
    memset(&st, 0, sizeof st);
    bool found = false;
    /* 1. A slice: free, and it shrinks what later steps move. */
    for (int d = 0; d < cur.rank && !found; ++d) {
      if (!isPrefix(&cur, to, d) || cur.n[d] >= to->n[d])
        continue;
      int axis = to->axes[d][cur.n[d]];
      if (axisUsed(&cur, axis))
        continue;
      st = (apReshardStep){AP_STEP_SLICE, axis, -1, d, cur, 0};
      st.after.axes[d][st.after.n[d]++] = (int8_t)axis;
      found = true;
    }
    /* 2. A move: the axis of a dim that must lose it is the next one
     * another dim wants. Upstream's partitioner (LLVM 22) gets a move right
     * only from a dim split over that axis alone into an unsplit dim (see
     * test/Passes/upstream-reshard-steps.test); anything else is a gather
     * and a slice. */
    for (int d = 0; d < cur.rank && !found; ++d) {
      if (isPrefix(&cur, to, d) || cur.n[d] != 1)
        continue;
      int axis = cur.axes[d][0];
      for (int e = 0; e < cur.rank && !found; ++e) {
        if (e == d || cur.n[e] != 0 || !nextWanted(&cur, to, e, axis))
          continue;
        double bytes = localBytes(&cur, shape, elemBytes, c);
        st = (apReshardStep){AP_STEP_MOVE, axis, d, e, cur,
                             apCostAllToAll(c, 1u << axis, bytes)};
        st.after.n[d]--;
        st.after.axes[e][st.after.n[e]++] = (int8_t)axis;
        found = true;
      }
    }
    /* 3. Otherwise gather the minor axis of a dim that must lose it. */
    for (int d = 0; d < cur.rank && !found; ++d) {
      if (isPrefix(&cur, to, d) || cur.n[d] == 0)
        continue;
      int axis = cur.axes[d][cur.n[d] - 1];
      st = (apReshardStep){AP_STEP_GATHER, axis, d, -1, cur, 0};
      st.after.n[d]--;
      st.cost = apCostAllGather(c, 1u << axis,
                                localBytes(&st.after, shape, elemBytes, c));
      found = true;
    }
    if (!found)
      break; /* unreachable for valid layouts */
    steps[n++] = st;
    *cost += st.cost;
    cur = st.after;
  }
  return n;
}
