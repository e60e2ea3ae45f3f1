/* Built-in clusters. Device numbers are vendor peaks (REFERENCE-NUMBERS.md);
 * link bandwidths are what collectives achieve (NCCL bus bandwidth), which is
 * what the alpha-beta model's beta stands for. */
#include "ClusterInternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GiB 1073741824.0

/* V100 SXM2 16 GB: 125 TFLOP/s fp16 tensor cores, 15.7 fp32; no bf16 units,
 * so bf16 is modelled at the fp16 rate (Alpa ran fp16). 900 GB/s HBM2. */
static const apDeviceType v100 = {"V100-SXM2-16GB", {15.7e12, 125e12, 125e12}, 16 * GiB, 900e9,
                                  AP_DEFAULT_EFFICIENCY, AP_DEFAULT_LAUNCH_OVERHEAD};
/* A100 SXM 80 GB: 312 TFLOP/s bf16/fp16, 19.5 fp32 (without TF32), 2039 GB/s. */
static const apDeviceType a100 = {"A100-SXM4-80GB", {19.5e12, 312e12, 312e12}, 80 * GiB,
                                  2039e9, AP_DEFAULT_EFFICIENCY, AP_DEFAULT_LAUNCH_OVERHEAD};
/* H100 SXM 80 GB: 989 TFLOP/s bf16/fp16 dense, 67 fp32, 3.35 TB/s. */
static const apDeviceType h100 = {"H100-SXM5-80GB", {67e12, 989e12, 989e12}, 80 * GiB, 3.35e12,
                                  AP_DEFAULT_EFFICIENCY, AP_DEFAULT_LAUNCH_OVERHEAD};
/* T4 16 GB: 65 TFLOP/s fp16, 8.1 fp32, no bf16 (modelled at fp16), 320 GB/s. */
static const apDeviceType t4 = {"T4-16GB", {8.1e12, 65e12, 65e12}, 16 * GiB, 320e9,
                                AP_DEFAULT_EFFICIENCY, AP_DEFAULT_LAUNCH_OVERHEAD};

typedef struct {
  const char *name, *summary;
  const apDeviceType *dev[2];
  int gpus[2], nodes[2]; /* nodes[0] scales with the ":N" suffix */
  double intraBw, intraLat, interBw, interLat;
} apPreset;

static const apPreset presets[] = {
    /* Alpa's testbed: NVLink hybrid cube mesh (~130 GB/s NCCL bus bandwidth
     * on 8 V100s), 25 Gb/s Ethernet between nodes. */
    {"p3.16xlarge", "8x V100 16 GB, NVLink, 25 Gb/s between nodes", {&v100, NULL}, {8, 0},
     {1, 0}, 130e9, 5e-6, 25e9 / 8, 30e-6},
    /* NVSwitch: ~230 GB/s all-reduce bus bandwidth on 8 A100s; 8x HDR200
     * NICs, one per GPU: 25 GB/s each. */
    {"dgx-a100", "8x A100 80 GB, NVSwitch, 8x 200 Gb/s InfiniBand", {&a100, NULL}, {8, 0},
     {1, 0}, 230e9, 5e-6, 25e9, 10e-6},
    /* ~370 GB/s ring all-reduce on 8 H100s; 8x NDR400 NICs: 50 GB/s each. */
    {"dgx-h100", "8x H100 80 GB, NVSwitch, 8x 400 Gb/s InfiniBand", {&h100, NULL}, {8, 0},
     {1, 0}, 370e9, 5e-6, 50e9, 10e-6},
    /* Mixed: one 4x T4 node (PCIe, ~10 GB/s) and N A100 nodes over 100 Gb/s;
     * the intra-node link is the slower one, as a mesh axis mixing them must
     * wait for it. */
    {"t4+a100", "1 node of 4x T4 + N (default 3) nodes of 8x A100, 100 Gb/s network",
     {&a100, &t4}, {8, 4}, {3, 1}, 10e9, 10e-6, 12.5e9, 20e-6},
};

static const char *const names[] = {"p3.16xlarge", "dgx-a100", "dgx-h100", "t4+a100", NULL};

const char *const *apClusterPresetNames(void) { return names; }

int apClusterPreset(const char *spec, apCluster *c, char *err, size_t errlen) {
  char name[64];
  snprintf(name, sizeof name, "%s", spec);
  int nodes = -1;
  char *colon = strchr(name, ':');
  if (colon) {
    char *end;
    long v = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end || v < 1 || v > 65536) {
      snprintf(err, errlen, "bad node count in '%s' (expected PRESET:N, N >= 1)", spec);
      return -1;
    }
    nodes = (int)v;
    *colon = 0;
  }
  for (size_t i = 0; i < sizeof presets / sizeof presets[0]; ++i) {
    const apPreset *p = &presets[i];
    if (strcmp(p->name, name))
      continue;
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", spec);
    for (int g = 0; g < 2 && p->dev[g]; ++g) {
      c->types[c->num_types] = *p->dev[g];
      c->groups[c->num_groups++] =
          (apNodeGroup){c->num_types++, g == 0 && nodes > 0 ? nodes : p->nodes[g], p->gpus[g]};
    }
    c->intra_bw = p->intraBw;
    c->intra_latency = p->intraLat;
    c->inter_bw = p->interBw;
    c->inter_latency = p->interLat;
    return apClusterDefaultMesh(c, err, errlen);
  }
  int pos = snprintf(err, errlen, "unknown cluster preset '%s' (presets:", name);
  for (int i = 0; names[i]; ++i)
    pos += snprintf(err + pos, pos < (int)errlen ? errlen - pos : 0, " %s", names[i]);
  snprintf(err + pos, pos < (int)errlen ? errlen - pos : 0, "; or a JSON file)");
  return -1;
}

int apClusterLoad(const char *presetOrPath, apCluster *c, char *err, size_t errlen) {
  FILE *f = fopen(presetOrPath, "rb");
  if (!f) {
    if (strchr(presetOrPath, '/') || strstr(presetOrPath, ".json")) {
      snprintf(err, errlen, "cannot open cluster file '%s'", presetOrPath);
      return -1;
    }
    return apClusterPreset(presetOrPath, c, err, errlen);
  }
  size_t cap = 1 << 16, n = 0;
  char *text = malloc(cap);
  size_t got;
  while (text && (got = fread(text + n, 1, cap - n - 1, f)) > 0)
    if ((n += got) == cap - 1) {
      char *t = cap > (1 << 24) ? NULL : realloc(text, cap *= 2);
      if (!t) {
        free(text);
        text = NULL;
      } else
        text = t;
    }
  fclose(f);
  if (!text) {
    snprintf(err, errlen, "cluster file '%s' is too large", presetOrPath);
    return -1;
  }
  text[n] = 0;
  int rc = apClusterFromJSON(text, c, err, errlen);
  free(text);
  return rc;
}
