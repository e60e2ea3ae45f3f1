/* Compute time as a roofline, and device memory. */
#include "ClusterInternal.h"

double apCostCompute(const apCluster *c, int type, apDType dt, double flops, double bytes) {
  if (type < 0 || type >= c->num_types)
    return 0;
  const apDeviceType *d = &c->types[type];
  double peak = d->peak_flops[dt] > 0 ? d->peak_flops[dt] : d->peak_flops[AP_DTYPE_F32];
  double t = peak > 0 ? flops / (peak * d->efficiency) : 0;
  double m = d->mem_bw > 0 ? bytes / d->mem_bw : 0;
  return t > m ? t : m;
}

double apClusterDeviceMemory(const apCluster *c, int type) {
  return type >= 0 && type < c->num_types ? c->types[type].mem_bytes : 0;
}
