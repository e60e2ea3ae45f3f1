/* Collectives in the alpha-beta model, per mesh axis, as Alpa models them.
 * Over several axes a collective runs hierarchically, one axis at a time:
 * the reduction halves first shrink the data the outer axes move. */
#include "ClusterInternal.h"

/* Axes of the mask with more than one device, innermost (highest) first. */
static int axesOf(const apCluster *c, apAxisMask m, int *out) {
  int n = 0;
  for (int i = c->mesh_rank - 1; i >= 0; --i)
    if (((m >> i) & 1u) && c->mesh[i] > 1)
      out[n++] = i;
  return n;
}

static double axisCost(const apCluster *c, int axis, double factor, double bytes) {
  double n = (double)c->mesh[axis];
  return c->alpha[axis] + c->beta[axis] * factor * (n - 1) / n * bytes;
}

int64_t apMeshGroupSize(const apCluster *c, apAxisMask m) {
  int64_t p = 1;
  for (int i = 0; i < c->mesh_rank; ++i)
    if ((m >> i) & 1u)
      p *= c->mesh[i];
  return p;
}

/* reduce-scatter inner, all-reduce the rest on 1/n of the data, all-gather
 * inner: 2(n-1)/n per axis on the data that axis sees. */
double apCostAllReduce(const apCluster *c, apAxisMask m, double bytes) {
  int ax[AP_MAX_MESH_RANK], k = axesOf(c, m, ax);
  if (k == 0)
    return 0;
  if (k == 1)
    return axisCost(c, ax[0], 2, bytes);
  double n0 = (double)c->mesh[ax[0]];
  return axisCost(c, ax[0], 1, bytes) + apCostAllReduce(c, m & ~(1u << ax[0]), bytes / n0) +
         axisCost(c, ax[0], 1, bytes);
}

/* Gathers the outer axes first, on the smaller pieces. `bytes` is the
 * gathered size. */
double apCostAllGather(const apCluster *c, apAxisMask m, double bytes) {
  int ax[AP_MAX_MESH_RANK], k = axesOf(c, m, ax);
  double t = 0, b = bytes;
  for (int i = 0; i < k; ++i) { /* inner gathers the full size last */
    t += axisCost(c, ax[i], 1, b);
    b /= (double)c->mesh[ax[i]];
  }
  return t;
}

/* The mirror of all-gather; `bytes` is the input size. */
double apCostReduceScatter(const apCluster *c, apAxisMask m, double bytes) {
  return apCostAllGather(c, m, bytes);
}

/* Each device keeps 1/n of its B bytes and sends the rest: (n-1)/n * B over
 * its link, per axis. */
double apCostAllToAll(const apCluster *c, apAxisMask m, double bytes) {
  int ax[AP_MAX_MESH_RANK], k = axesOf(c, m, ax);
  double t = 0;
  for (int i = 0; i < k; ++i)
    t += axisCost(c, ax[i], 1, bytes);
  return t;
}

double apCostSendRecv(const apCluster *c, apLinkLevel level, double bytes) {
  double bw = level == AP_LINK_INTRA ? c->intra_bw : c->inter_bw;
  double lat = level == AP_LINK_INTRA ? c->intra_latency : c->inter_latency;
  return bw > 0 ? lat + bytes / bw : 0;
}

/* Sender i feeds receivers i, i + senders, ...: its link carries
 * ceil(receivers / senders) messages. Split, each message is one
 * receiver's share and the receivers then all-gather (one ring). */
double apCostStageTransfer(const apCluster *c, apLinkLevel link, apLinkLevel gather, double bytes,
                           int senders, int receivers, int group) {
  if (senders < 1 || receivers < 1)
    return 0;
  double msgs = (double)((receivers + senders - 1) / senders);
  if (group < 2 || receivers % group)
    return msgs * apCostSendRecv(c, link, bytes);
  double g = (double)group;
  return msgs * apCostSendRecv(c, link, bytes / g) + apCostSendRecv(c, gather, (g - 1) / g * bytes);
}

int apCostStageTransferGroup(const apCluster *c, apLinkLevel link, apLinkLevel gather,
                             double bytes, int senders, int receivers, int perNode, double *time) {
  int best = 0;
  double t = apCostStageTransfer(c, link, gather, bytes, senders, receivers, 0);
  double all = apCostStageTransfer(c, link, gather, bytes, senders, receivers, receivers);
  if (receivers > 1 && all < t)
    best = receivers, t = all;
  if (perNode > 1 && perNode < receivers && receivers % perNode == 0) {
    double node = apCostStageTransfer(c, link, AP_LINK_INTRA, bytes, senders, receivers, perNode);
    if (node < t)
      best = perNode, t = node;
  }
  if (time)
    *time = t;
  return best;
}
