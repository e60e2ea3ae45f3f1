/* Cluster specs and the cost model: presets, exact JSON round trips,
 * validation messages that name the key, and the alpha-beta formulas
 * against hand-computed values. */
#include "ApTest.h"
#include "ap/Cluster.h"
#include "ap/Cost.h"

#include <stdlib.h>
#include <string.h>

static int roundTrips(const apCluster *c) {
  char *a = apClusterToJSON(c), err[256];
  apCluster d;
  int ok = a && apClusterFromJSON(a, &d, err, sizeof err) == 0;
  char *b = ok ? apClusterToJSON(&d) : NULL;
  ok = ok && b && !strcmp(a, b) && !memcmp(c->alpha, d.alpha, sizeof c->alpha) &&
       !memcmp(c->beta, d.beta, sizeof c->beta) && c->mesh_rank == d.mesh_rank;
  if (!ok)
    fprintf(stderr, "round trip failed:\n%s\n%s\n", a ? a : "", b ? b : err);
  free(a);
  free(b);
  return ok;
}

static int errorMentions(const char *json, const char *word) {
  apCluster c;
  char err[512] = "";
  int failed = apClusterFromJSON(json, &c, err, sizeof err) != 0;
  if (!failed || !strstr(err, word))
    fprintf(stderr, "spec %s: %s (wanted an error naming '%s')\n", json,
            failed ? err : "accepted", word);
  return failed && strstr(err, word) != NULL;
}

int main(void) {
  char err[512];
  apCluster c;

  /* Alpa's per-axis form is a spec on its own. */
  CHECK(apClusterFromJSON("{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": [0.01, 1]}", &c,
                          err, sizeof err) == 0);
  CHECK(c.mesh_rank == 2 && c.mesh[0] == 2 && c.mesh[1] == 2);
  CHECK(c.alpha[0] == 1 && c.beta[0] == 0.01 && c.beta[1] == 1);
  CHECK(c.num_types == 0 && apClusterNumDevices(&c) == 0);
  CHECK(apCostCompute(&c, 0, AP_DTYPE_F32, 1e12, 1e9) == 0);
  CHECK(roundTrips(&c));

  /* Collectives, per axis: n = 2 on each. */
  CHECK_CLOSE(apCostAllReduce(&c, 1u, 1000), 1 + 0.01 * 2 * 0.5 * 1000, 1e-12);
  CHECK_CLOSE(apCostAllGather(&c, 2u, 1000), 1 + 1 * 0.5 * 1000, 1e-12);
  CHECK_CLOSE(apCostReduceScatter(&c, 2u, 1000), 1 + 1 * 0.5 * 1000, 1e-12);
  CHECK_CLOSE(apCostAllToAll(&c, 1u, 1000), 1 + 0.01 * 0.5 * 1000, 1e-12);
  CHECK(apCostAllReduce(&c, 0u, 1000) == 0);
  /* Over both axes, hierarchically: reduce-scatter on axis 1 (inner),
   * all-reduce the half on axis 0, all-gather on axis 1. */
  double rs1 = 1 + 1 * 0.5 * 1000, ar0 = 1 + 0.01 * 2 * 0.5 * 500;
  CHECK_CLOSE(apCostAllReduce(&c, 3u, 1000), rs1 + ar0 + rs1, 1e-12);
  /* all-gather over both: axis 0 on half the data, then axis 1 on all. */
  CHECK_CLOSE(apCostAllGather(&c, 3u, 1000), (1 + 1 * 0.5 * 1000) + (1 + 0.01 * 0.5 * 500),
              1e-12);
  CHECK(apMeshGroupSize(&c, 3u) == 4);
  /* A size-1 axis costs nothing, not even alpha. */
  CHECK(apClusterFromJSON("{\"mesh\": [1, 4], \"alpha\": [1, 1], \"beta\": [1, 1]}", &c, err,
                          sizeof err) == 0);
  CHECK(apCostAllReduce(&c, 1u, 1e6) == 0);
  CHECK_CLOSE(apCostAllReduce(&c, 3u, 100), 1 + 2 * 0.75 * 100, 1e-12);

  /* Presets: devices, a 2-level mesh for several nodes, derived costs. */
  for (const char *const *name = apClusterPresetNames(); *name; ++name) {
    CHECK(apClusterPreset(*name, &c, err, sizeof err) == 0);
    CHECK(apClusterNumDevices(&c) > 0 && c.num_types > 0);
    CHECK(roundTrips(&c));
  }
  CHECK(apClusterPreset("dgx-h100:2", &c, err, sizeof err) == 0);
  CHECK(apClusterNumDevices(&c) == 16 && c.mesh_rank == 2 && c.mesh[0] == 2 && c.mesh[1] == 8);
  CHECK(c.axis_level[0] == AP_LINK_INTER && c.axis_level[1] == AP_LINK_INTRA);
  CHECK(c.beta[0] > c.beta[1] * 5); /* InfiniBand is far slower than NVSwitch */
  CHECK_CLOSE(c.beta[1], 1 / 370e9, 1e-12);
  CHECK(apClusterPreset("dgx-a100", &c, err, sizeof err) == 0);
  CHECK(c.mesh_rank == 1 && c.mesh[0] == 8 && c.axis_level[0] == AP_LINK_INTRA);
  CHECK_CLOSE(apClusterDeviceMemory(&c, 0), 80.0 * (1 << 30), 1e-12);
  CHECK(apClusterPreset("p3.16xlarge:8", &c, err, sizeof err) == 0);
  CHECK(apClusterNumDevices(&c) == 64);
  CHECK_CLOSE(c.beta[0], 8 / 25e9, 1e-12); /* 25 Gb/s between nodes */
  CHECK(apClusterPreset("t4+a100", &c, err, sizeof err) == 0);
  CHECK(c.num_types == 2 && apClusterNumDevices(&c) == 28);
  /* Nodes across groups: 3 A100 nodes of 8, then the T4 node of 4. */
  CHECK(apClusterNodeOf(&c, 0) == 0 && apClusterNodeOf(&c, 23) == 2);
  CHECK(apClusterNodeOf(&c, 24) == 3 && apClusterNodeOf(&c, 27) == 3);
  CHECK(apClusterNodeOf(&c, 28) == -1 && apClusterNodeOf(&c, -1) == -1);

  /* Stage transfers: whole, or shares over the slow link and an all-gather
   * over the fast one (dgx-h100: 50 GB/s + 10 us between nodes, 370 GB/s
   * + 5 us inside). */
  CHECK(apClusterPreset("dgx-h100:2", &c, err, sizeof err) == 0);
  double mb64 = 64.0 * (1 << 20);
  CHECK_CLOSE(apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 8, 0),
              10e-6 + mb64 / 50e9, 1e-12);
  CHECK_CLOSE(apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 8, 8),
              10e-6 + mb64 / 8 / 50e9 + 5e-6 + 7.0 / 8 * mb64 / 370e9, 1e-12);
  /* One sender feeds three receivers: three messages on its link. */
  CHECK_CLOSE(apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 1, 3, 0),
              3 * (10e-6 + mb64 / 50e9), 1e-12);
  CHECK_CLOSE(apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 1, 3, 3),
              3 * (10e-6 + mb64 / 3 / 50e9) + 5e-6 + 2.0 / 3 * mb64 / 370e9, 1e-12);
  /* One receiver: nothing to split. */
  CHECK(apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 1, 1) ==
        apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 1, 0));
  /* The rule: split big tensors across nodes; never inside a node (the
   * gather costs what the split saves), nor a scalar (latency). */
  double t = 0;
  CHECK(apCostStageTransferGroup(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 8, 0, &t) == 8);
  CHECK_CLOSE(t, apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 8, 8), 1e-15);
  CHECK(apCostStageTransferGroup(&c, AP_LINK_INTRA, AP_LINK_INTRA, mb64, 8, 8, 0, NULL) == 0);
  CHECK(apCostStageTransferGroup(&c, AP_LINK_INTER, AP_LINK_INTRA, 4, 8, 8, 0, NULL) == 0);
  CHECK(apCostStageTransferGroup(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 1, 0, NULL) == 0);
  /* Receivers on two nodes: gathering inside each node (8 shares over the
   * network, NVSwitch after) beats gathering across them (16 shares, then
   * 15/16 of the tensor over the network again). */
  double node = 2 * (10e-6 + mb64 / 8 / 50e9) + 5e-6 + 7.0 / 8 * mb64 / 370e9;
  CHECK_CLOSE(apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTRA, mb64, 8, 16, 8), node, 1e-12);
  CHECK(apCostStageTransferGroup(&c, AP_LINK_INTER, AP_LINK_INTER, mb64, 8, 16, 8, &t) == 8);
  CHECK_CLOSE(t, node, 1e-15);
  CHECK(node < apCostStageTransfer(&c, AP_LINK_INTER, AP_LINK_INTER, mb64, 8, 16, 16));
  /* Without node-aligned receivers only the whole-stage gather is there. */
  CHECK(apCostStageTransferGroup(&c, AP_LINK_INTER, AP_LINK_INTER, mb64, 8, 16, 0, NULL) == 16);
  CHECK(apClusterPreset("dgx-z900", &c, err, sizeof err) != 0 && strstr(err, "dgx-h100"));
  CHECK(apClusterPreset("dgx-h100:0", &c, err, sizeof err) != 0);

  /* Compute: roofline, both regimes (A100 bf16: 312e12 * 0.6). */
  CHECK(apClusterPreset("dgx-a100", &c, err, sizeof err) == 0);
  CHECK_CLOSE(apCostCompute(&c, 0, AP_DTYPE_BF16, 312e12, 0), 1 / 0.6, 1e-12);
  CHECK_CLOSE(apCostCompute(&c, 0, AP_DTYPE_BF16, 1, 2039e9), 1.0, 1e-12);

  /* Re-meshing derives each axis' level and cost. */
  CHECK(apClusterPreset("dgx-h100:2", &c, err, sizeof err) == 0);
  CHECK(apClusterSetMesh(&c, 2, (int64_t[]){4, 4}, err, sizeof err) == 0);
  CHECK(c.axis_level[0] == AP_LINK_INTER && c.axis_level[1] == AP_LINK_INTRA);
  CHECK(apClusterSetMesh(&c, 1, (int64_t[]){12}, err, sizeof err) != 0 && strstr(err, "16"));

  /* A full spec, a preset with overrides, and the mesh of mixed nodes. */
  const char *full =
      "{\"name\": \"lab\", \"devices\": [{\"name\": \"X\", \"peak_flops\": {\"bf16\": 1e14},"
      " \"memory_bytes\": 1e10, \"memory_bw\": 1e12}],"
      " \"groups\": [{\"device\": \"X\", \"nodes\": 2, \"gpus_per_node\": 4}],"
      " \"links\": {\"intra\": {\"bandwidth\": 1e11, \"latency\": 1e-6},"
      " \"inter\": {\"bandwidth\": 1e10, \"latency\": 1e-5}}}";
  CHECK(apClusterFromJSON(full, &c, err, sizeof err) == 0);
  CHECK(c.mesh_rank == 2 && c.mesh[0] == 2 && c.mesh[1] == 4);
  CHECK_CLOSE(c.types[0].launch_overhead, 4e-6, 1e-12); /* the default */
  CHECK_CLOSE(c.alpha[0], 1e-5, 1e-12);
  CHECK_CLOSE(c.beta[1], 1e-11, 1e-12);
  CHECK(roundTrips(&c));
  CHECK(apClusterFromJSON("{\"preset\": \"dgx-a100\", \"nodes\": 4, \"mesh\": [4, 8]}", &c,
                          err, sizeof err) == 0);
  CHECK(apClusterNumDevices(&c) == 32 && c.axis_level[0] == AP_LINK_INTER);

  /* Bad specs: the message names what is wrong. */
  CHECK(errorMentions("{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": [1]}", "beta"));
  CHECK(errorMentions("{\"devices\": [{\"name\": \"X\", \"peak_flops\": {\"bf16\": 1e14},"
                      " \"memory_bytes\": 1e10, \"launch_overhead\": -1}],"
                      " \"groups\": [{\"device\": \"X\", \"nodes\": 1, \"gpus_per_node\": 4}]}",
                      "launch_overhead"));
  CHECK(errorMentions("{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": \"x\"}", "beta"));
  CHECK(errorMentions("{\"mesh\": [2, 0], \"alpha\": [1, 1], \"beta\": [1, 1]}", "mesh"));
  CHECK(errorMentions("{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": [1, -1]}", "beta"));
  CHECK(errorMentions("{\"mesh\": [2], \"alpha\": [1], \"beta\": [1], \"colour\": 1}", "colour"));
  CHECK(errorMentions("{\"mesh\": [2, 2]}", "alpha"));
  CHECK(errorMentions("{\"alpha\": [1], \"beta\": [1]}", "mesh"));
  CHECK(errorMentions("{\"mesh\": [2, 2, 2, 2, 2], \"alpha\": [1, 1, 1, 1, 1], "
                      "\"beta\": [1, 1, 1, 1, 1]}", "mesh"));
  CHECK(errorMentions("{\"mesh\": [2, 2], \"alpha\": [1, 1]", "malformed JSON"));
  CHECK(errorMentions("[1, 2]", "object"));
  CHECK(errorMentions("{\"preset\": \"dgx-a100\", \"mesh\": [3]}", "8"));
  CHECK(errorMentions("{\"preset\": \"nope\"}", "nope"));
  CHECK(errorMentions("{\"devices\": [{\"name\": \"X\", \"peak_flops\": {\"fp8\": 1},"
                      " \"memory_bytes\": 1}], \"groups\": []}", "fp8"));
  CHECK(errorMentions("{\"devices\": [{\"name\": \"X\", \"peak_flops\": {},"
                      " \"memory_bytes\": 1}], \"groups\": [{\"device\": \"Y\", \"nodes\": 1,"
                      " \"gpus_per_node\": 2}], \"mesh\": [2], \"alpha\": [1], \"beta\": [1]}",
                      "Y"));
  CHECK(errorMentions("{\"mesh\": [1e300], \"alpha\": [1], \"beta\": [1]}", "mesh"));
  CHECK(apClusterLoad("/no/such/cluster.json", &c, err, sizeof err) != 0 &&
        strstr(err, "cannot open"));
  return ap_test_summary("cost");
}
