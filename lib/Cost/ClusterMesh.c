/* The logical device mesh over the physical cluster: its shape, which link
 * each axis communicates over, and that axis' alpha and beta. */
#include "ClusterInternal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int64_t apClusterNumDevices(const apCluster *c) {
  int64_t n = 0;
  for (int i = 0; i < c->num_groups; ++i)
    n += (int64_t)c->groups[i].nodes * c->groups[i].gpus_per_node;
  return n;
}

int apClusterNodeOf(const apCluster *c, int64_t device) {
  int node = 0;
  for (int g = 0; g < c->num_groups && device >= 0; ++g) {
    const apNodeGroup *grp = &c->groups[g];
    int64_t size = (int64_t)grp->nodes * grp->gpus_per_node;
    if (device < size)
      return node + (int)(device / grp->gpus_per_node);
    device -= size;
    node += grp->nodes;
  }
  return -1;
}

/* The node size, or 0 when groups have different node sizes. */
int64_t apClusterGpusPerNode(const apCluster *c) {
  int64_t g = 0;
  for (int i = 0; i < c->num_groups; ++i) {
    if (g && g != c->groups[i].gpus_per_node)
      return 0;
    g = c->groups[i].gpus_per_node;
  }
  return g;
}

/* Devices are numbered node by node, so an axis whose groups (stride times
 * size consecutive devices) fit in one node stays on the intra-node link. */
static void defaultLevels(apCluster *c) {
  int64_t gpn = apClusterGpusPerNode(c), stride = 1;
  for (int i = c->mesh_rank - 1; i >= 0; --i) {
    int64_t span = stride * c->mesh[i];
    c->axis_level[i] = (gpn > 0 && span <= gpn && gpn % span == 0) ? AP_LINK_INTRA
                                                                   : AP_LINK_INTER;
    if (!c->num_groups)
      c->axis_level[i] = AP_LINK_INTER;
    stride = span;
  }
}

void apClusterDeriveAlphaBeta(apCluster *c) {
  for (int i = 0; i < c->mesh_rank; ++i) {
    double bw = c->axis_level[i] == AP_LINK_INTRA ? c->intra_bw : c->inter_bw;
    double lat = c->axis_level[i] == AP_LINK_INTRA ? c->intra_latency : c->inter_latency;
    if (bw > 0) {
      c->alpha[i] = lat;
      c->beta[i] = 1.0 / bw;
    }
  }
}

int apClusterHasLinkCosts(const apCluster *c) {
  for (int i = 0; i < c->mesh_rank; ++i) {
    double bw = c->axis_level[i] == AP_LINK_INTRA ? c->intra_bw : c->inter_bw;
    if (c->mesh[i] > 1 && bw <= 0)
      return 0;
  }
  return 1;
}

int apClusterSetMesh(apCluster *c, int rank, const int64_t *shape, char *err,
                     size_t errlen) {
  if (rank < 1 || rank > AP_MAX_MESH_RANK) {
    snprintf(err, errlen, "a mesh has 1 to %d axes", AP_MAX_MESH_RANK);
    return -1;
  }
  int64_t prod = 1;
  for (int i = 0; i < rank; ++i) {
    if (shape[i] < 1) {
      snprintf(err, errlen, "mesh sizes must be positive");
      return -1;
    }
    prod *= shape[i];
  }
  int64_t devices = apClusterNumDevices(c);
  if (devices && prod != devices) {
    snprintf(err, errlen, "the mesh has %lld devices but the cluster has %lld",
             (long long)prod, (long long)devices);
    return -1;
  }
  bool links = c->intra_bw > 0 || c->inter_bw > 0;
  if (!links && c->mesh_rank && rank != c->mesh_rank) {
    snprintf(err, errlen,
             "cannot change the mesh rank of a spec given as alpha/beta per axis "
             "(it has no link numbers to derive new axes from)");
    return -1;
  }
  c->mesh_rank = rank;
  memcpy(c->mesh, shape, sizeof(int64_t) * rank);
  defaultLevels(c);
  apClusterDeriveAlphaBeta(c);
  return 0;
}

int apClusterDefaultMesh(apCluster *c, char *err, size_t errlen) {
  int64_t devices = apClusterNumDevices(c), gpn = apClusterGpusPerNode(c);
  int64_t shape[2];
  if (gpn > 0 && devices > gpn) {
    shape[0] = devices / gpn;
    shape[1] = gpn;
    return apClusterSetMesh(c, 2, shape, err, errlen);
  }
  shape[0] = devices;
  return apClusterSetMesh(c, 1, shape, err, errlen);
}
