/* Cluster specs in JSON (json-c): parsing with validation, and the
 * normalised form. All numbers are in SI base units (FLOP/s, bytes, bytes/s,
 * seconds) so that the normalised JSON round-trips exactly. */
#include "ClusterInternal.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return -1;
}

static const char *dtypeNames[AP_DTYPE_COUNT] = {"f32", "bf16", "f16"};

/* Rejects keys not in `allowed` (NULL-terminated). */
static int checkKeys(json_object *o, const char *where, const char *const *allowed,
                     char *err, size_t n) {
  json_object_object_foreach(o, key, val) {
    (void)val;
    int ok = 0;
    for (int i = 0; allowed[i] && !ok; ++i)
      ok = !strcmp(key, allowed[i]);
    if (!ok)
      return fail(err, n, "unknown key '%s' in %s", key, where);
  }
  return 0;
}

static int getNumber(json_object *o, const char *key, const char *where, double *out,
                     int required, int positive, char *err, size_t n) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v)) {
    if (required)
      return fail(err, n, "missing key '%s' in %s", key, where);
    return 1;
  }
  json_type t = json_object_get_type(v);
  if (t != json_type_int && t != json_type_double)
    return fail(err, n, "'%s' in %s must be a number", key, where);
  double d = json_object_get_double(v);
  if (!isfinite(d) || d < 0 || (positive && d == 0))
    return fail(err, n, "'%s' in %s must be a %s finite number", key, where,
                positive ? "positive" : "non-negative");
  *out = d;
  return 0;
}

static int getString(json_object *o, const char *key, const char *where, char *out,
                     size_t cap, int required, char *err, size_t n) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v)) {
    if (required)
      return fail(err, n, "missing key '%s' in %s", key, where);
    return 1;
  }
  if (!json_object_is_type(v, json_type_string))
    return fail(err, n, "'%s' in %s must be a string", key, where);
  const char *s = json_object_get_string(v);
  if (!*s || strlen(s) >= cap)
    return fail(err, n, "'%s' in %s must be a non-empty string of at most %zu characters",
                key, where, cap - 1);
  snprintf(out, cap, "%s", s);
  return 0;
}

static int parseDevice(json_object *o, int idx, apDeviceType *d, char *err, size_t n) {
  char where[64];
  snprintf(where, sizeof where, "devices[%d]", idx);
  if (!json_object_is_type(o, json_type_object))
    return fail(err, n, "%s must be an object", where);
  static const char *const keys[] = {"name", "peak_flops", "memory_bytes", "memory_bw",
                                     "efficiency", "launch_overhead", NULL};
  if (checkKeys(o, where, keys, err, n) ||
      getString(o, "name", where, d->name, sizeof d->name, 1, err, n))
    return -1;
  json_object *peak;
  if (!json_object_object_get_ex(o, "peak_flops", &peak) ||
      !json_object_is_type(peak, json_type_object))
    return fail(err, n, "%s needs 'peak_flops', an object of FLOP/s per dtype (f32, bf16, f16)",
                where);
  char pw[96];
  snprintf(pw, sizeof pw, "%s.peak_flops", where);
  static const char *const dkeys[] = {"f32", "bf16", "f16", NULL};
  if (checkKeys(peak, pw, dkeys, err, n))
    return -1;
  for (int t = 0; t < AP_DTYPE_COUNT; ++t)
    if (getNumber(peak, dtypeNames[t], pw, &d->peak_flops[t], 0, 1, err, n) < 0)
      return -1;
  d->efficiency = AP_DEFAULT_EFFICIENCY;
  d->launch_overhead = AP_DEFAULT_LAUNCH_OVERHEAD;
  if (getNumber(o, "memory_bytes", where, &d->mem_bytes, 1, 1, err, n) < 0 ||
      getNumber(o, "memory_bw", where, &d->mem_bw, 0, 1, err, n) < 0 ||
      getNumber(o, "efficiency", where, &d->efficiency, 0, 1, err, n) < 0 ||
      getNumber(o, "launch_overhead", where, &d->launch_overhead, 0, 0, err, n) < 0)
    return -1;
  if (d->efficiency > 1)
    return fail(err, n, "'efficiency' in %s must be in (0, 1]", where);
  return 0;
}

static int parseLink(json_object *links, const char *key, double *bw, double *lat,
                     char *err, size_t n) {
  json_object *l;
  if (!json_object_object_get_ex(links, key, &l))
    return 0;
  char where[32];
  snprintf(where, sizeof where, "links.%s", key);
  if (!json_object_is_type(l, json_type_object))
    return fail(err, n, "%s must be an object", where);
  static const char *const keys[] = {"bandwidth", "latency", NULL};
  if (checkKeys(l, where, keys, err, n) ||
      getNumber(l, "bandwidth", where, bw, 1, 1, err, n) < 0 ||
      getNumber(l, "latency", where, lat, 1, 0, err, n) < 0)
    return -1;
  return 0;
}

static int parseIntArray(json_object *o, const char *key, int64_t *out, int *count,
                         char *err, size_t n) {
  json_object *a;
  if (!json_object_object_get_ex(o, key, &a))
    return 1;
  if (!json_object_is_type(a, json_type_array))
    return fail(err, n, "'%s' must be an array of positive integers", key);
  size_t len = json_object_array_length(a);
  if (len < 1 || len > AP_MAX_MESH_RANK)
    return fail(err, n, "'%s' must have 1 to %d entries", key, AP_MAX_MESH_RANK);
  for (size_t i = 0; i < len; ++i) {
    json_object *v = json_object_array_get_idx(a, i);
    if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 ||
        json_object_get_int64(v) > (1 << 20))
      return fail(err, n, "'%s' must be an array of positive integers", key);
    out[i] = json_object_get_int64(v);
  }
  *count = (int)len;
  return 0;
}

static int parseDoubleArray(json_object *o, const char *key, double *out, int want,
                            int positiveOk, char *err, size_t n) {
  json_object *a;
  if (!json_object_object_get_ex(o, key, &a))
    return 1;
  if (!json_object_is_type(a, json_type_array) || (int)json_object_array_length(a) != want)
    return fail(err, n, "'%s' must be an array of %d numbers, one per mesh axis", key, want);
  for (int i = 0; i < want; ++i) {
    json_object *v = json_object_array_get_idx(a, i);
    json_type t = json_object_get_type(v);
    double d = json_object_get_double(v);
    if ((t != json_type_int && t != json_type_double) || !isfinite(d) || d < 0)
      return fail(err, n, "'%s' must hold non-negative numbers", key);
    out[i] = d;
  }
  (void)positiveOk;
  return 0;
}

int apClusterFromJSON(const char *text, apCluster *c, char *err, size_t n) {
  enum json_tokener_error jerr;
  json_object *root = json_tokener_parse_verbose(text, &jerr);
  if (!root)
    return fail(err, n, "malformed JSON: %s", json_tokener_error_desc(jerr));
  int rc = apClusterFromJSONObject(root, c, err, n);
  json_object_put(root);
  return rc;
}

int apClusterFromJSONObject(json_object *root, apCluster *c, char *err, size_t n) {
  if (!json_object_is_type(root, json_type_object))
    return fail(err, n, "a cluster spec must be a JSON object");
  static const char *const keys[] = {"name", "preset", "nodes", "devices", "groups", "links",
                                     "mesh", "mesh_levels", "alpha", "beta", NULL};
  if (checkKeys(root, "the cluster spec", keys, err, n))
    return -1;
  memset(c, 0, sizeof *c);
  snprintf(c->name, sizeof c->name, "custom");

  /* A preset as the starting point: "preset": "dgx-a100", "nodes": 4. */
  char preset[64];
  int r0 = getString(root, "preset", "the cluster spec", preset, sizeof preset, 0, err, n);
  if (r0 < 0)
    return -1;
  int fromPreset = r0 == 0;
  if (fromPreset) {
    double nodes = 1;
    if (getNumber(root, "nodes", "the cluster spec", &nodes, 0, 1, err, n) < 0)
      return -1;
    char name[96];
    snprintf(name, sizeof name, "%s:%d", preset, (int)nodes);
    if (nodes != floor(nodes) || apClusterPreset(name, c, err, n))
      return nodes != floor(nodes) ? fail(err, n, "'nodes' must be a whole number") : -1;
    if (json_object_object_get_ex(root, "devices", NULL) ||
        json_object_object_get_ex(root, "groups", NULL))
      return fail(err, n, "'preset' cannot be combined with 'devices' or 'groups'");
  } else if (json_object_object_get_ex(root, "nodes", NULL)) {
    return fail(err, n, "'nodes' goes with 'preset'; describe other clusters with 'groups'");
  }
  if (getString(root, "name", "the cluster spec", c->name, sizeof c->name, 0, err, n) < 0)
    return -1;

  json_object *devs;
  if (json_object_object_get_ex(root, "devices", &devs)) {
    if (!json_object_is_type(devs, json_type_array) || json_object_array_length(devs) < 1 ||
        json_object_array_length(devs) > AP_MAX_DEVICE_TYPES)
      return fail(err, n, "'devices' must be an array of 1 to %d device types",
                  AP_MAX_DEVICE_TYPES);
    c->num_types = (int)json_object_array_length(devs);
    for (int i = 0; i < c->num_types; ++i)
      if (parseDevice(json_object_array_get_idx(devs, i), i, &c->types[i], err, n))
        return -1;
  }
  json_object *groups;
  if (json_object_object_get_ex(root, "groups", &groups)) {
    if (!c->num_types)
      return fail(err, n, "'groups' needs 'devices'");
    if (!json_object_is_type(groups, json_type_array) || json_object_array_length(groups) < 1 ||
        json_object_array_length(groups) > AP_MAX_NODE_GROUPS)
      return fail(err, n, "'groups' must be an array of 1 to %d node groups", AP_MAX_NODE_GROUPS);
    c->num_groups = (int)json_object_array_length(groups);
    for (int i = 0; i < c->num_groups; ++i) {
      json_object *g = json_object_array_get_idx(groups, i);
      char where[32], dev[32];
      snprintf(where, sizeof where, "groups[%d]", i);
      static const char *const gk[] = {"device", "nodes", "gpus_per_node", NULL};
      double nodes, gpn;
      if (!json_object_is_type(g, json_type_object))
        return fail(err, n, "%s must be an object", where);
      if (checkKeys(g, where, gk, err, n) ||
          getString(g, "device", where, dev, sizeof dev, 1, err, n) ||
          getNumber(g, "nodes", where, &nodes, 1, 1, err, n) ||
          getNumber(g, "gpus_per_node", where, &gpn, 1, 1, err, n))
        return -1;
      if (nodes != floor(nodes) || gpn != floor(gpn) || nodes > 65536 || gpn > 1024)
        return fail(err, n, "'nodes' and 'gpus_per_node' in %s must be whole numbers", where);
      int t = 0;
      while (t < c->num_types && strcmp(c->types[t].name, dev))
        ++t;
      if (t == c->num_types)
        return fail(err, n, "'device' in %s names no entry of 'devices': '%s'", where, dev);
      c->groups[i] = (apNodeGroup){t, (int)nodes, (int)gpn};
    }
  } else if (c->num_types && !fromPreset) {
    return fail(err, n, "'devices' needs 'groups' (which nodes hold them)");
  }
  json_object *links;
  if (json_object_object_get_ex(root, "links", &links)) {
    if (!json_object_is_type(links, json_type_object))
      return fail(err, n, "'links' must be an object with 'intra' and 'inter'");
    static const char *const lk[] = {"intra", "inter", NULL};
    if (checkKeys(links, "links", lk, err, n) ||
        parseLink(links, "intra", &c->intra_bw, &c->intra_latency, err, n) ||
        parseLink(links, "inter", &c->inter_bw, &c->inter_latency, err, n))
      return -1;
  }
  /* The mesh: given, from the preset, or one axis per level of the nodes. */
  int64_t mesh[AP_MAX_MESH_RANK];
  int rank = 0;
  int r = parseIntArray(root, "mesh", mesh, &rank, err, n);
  if (r < 0)
    return -1;
  if (r == 0) {
    if (apClusterSetMesh(c, rank, mesh, err, n))
      return -1;
  } else if (c->mesh_rank == 0) {
    if (!c->num_groups)
      return fail(err, n, "missing key 'mesh' (or 'groups' to derive it from)");
    if (apClusterDefaultMesh(c, err, n))
      return -1;
  }
  json_object *lv;
  if (json_object_object_get_ex(root, "mesh_levels", &lv)) {
    if (!json_object_is_type(lv, json_type_array) ||
        (int)json_object_array_length(lv) != c->mesh_rank)
      return fail(err, n, "'mesh_levels' must list 'intra' or 'inter' per mesh axis");
    for (int i = 0; i < c->mesh_rank; ++i) {
      json_object *v = json_object_array_get_idx(lv, i);
      const char *s = json_object_get_string(v);
      if (!json_object_is_type(v, json_type_string) || (strcmp(s, "intra") && strcmp(s, "inter")))
        return fail(err, n, "'mesh_levels' must list 'intra' or 'inter' per mesh axis");
      c->axis_level[i] = !strcmp(s, "intra") ? AP_LINK_INTRA : AP_LINK_INTER;
    }
    apClusterDeriveAlphaBeta(c);
  }
  double alpha[AP_MAX_MESH_RANK], beta[AP_MAX_MESH_RANK];
  int ra = parseDoubleArray(root, "alpha", alpha, c->mesh_rank, 1, err, n);
  int rb = parseDoubleArray(root, "beta", beta, c->mesh_rank, 1, err, n);
  if (ra < 0 || rb < 0)
    return -1;
  if (ra != rb)
    return fail(err, n, "'alpha' and 'beta' go together");
  if (ra == 0) {
    memcpy(c->alpha, alpha, sizeof(double) * c->mesh_rank);
    memcpy(c->beta, beta, sizeof(double) * c->mesh_rank);
  } else if (!apClusterHasLinkCosts(c)) {
    return fail(err, n,
                "the mesh axes have no communication cost: give 'alpha' and 'beta' per "
                "axis, or 'links' with the bandwidth and latency of each level");
  }
  return 0;
}

/* --- normalised form --------------------------------------------------------- */

static json_object *num(double d) {
  /* %.17g round-trips; json-c would print fewer digits. */
  char buf[48];
  int n = snprintf(buf, sizeof buf, "%.17g", d);
  /* Keep it a double when read back ("1" would come back as an integer). */
  if (!strpbrk(buf, ".eEn"))
    snprintf(buf + n, sizeof buf - n, ".0");
  return json_object_new_double_s(d, buf);
}

char *apClusterToJSON(const apCluster *c) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "name", json_object_new_string(c->name));
  if (c->num_types) {
    json_object *devs = json_object_new_array();
    for (int i = 0; i < c->num_types; ++i) {
      const apDeviceType *d = &c->types[i];
      json_object *dj = json_object_new_object(), *peak = json_object_new_object();
      json_object_object_add(dj, "name", json_object_new_string(d->name));
      for (int t = 0; t < AP_DTYPE_COUNT; ++t)
        if (d->peak_flops[t] > 0)
          json_object_object_add(peak, dtypeNames[t], num(d->peak_flops[t]));
      json_object_object_add(dj, "peak_flops", peak);
      json_object_object_add(dj, "memory_bytes", num(d->mem_bytes));
      if (d->mem_bw > 0)
        json_object_object_add(dj, "memory_bw", num(d->mem_bw));
      json_object_object_add(dj, "efficiency", num(d->efficiency));
      json_object_object_add(dj, "launch_overhead", num(d->launch_overhead));
      json_object_array_add(devs, dj);
    }
    json_object_object_add(o, "devices", devs);
    json_object *groups = json_object_new_array();
    for (int i = 0; i < c->num_groups; ++i) {
      json_object *g = json_object_new_object();
      json_object_object_add(g, "device", json_object_new_string(c->types[c->groups[i].type].name));
      json_object_object_add(g, "nodes", json_object_new_int(c->groups[i].nodes));
      json_object_object_add(g, "gpus_per_node", json_object_new_int(c->groups[i].gpus_per_node));
      json_object_array_add(groups, g);
    }
    json_object_object_add(o, "groups", groups);
  }
  if (c->intra_bw > 0 || c->inter_bw > 0) {
    json_object *links = json_object_new_object();
    const char *names[2] = {"intra", "inter"};
    double bw[2] = {c->intra_bw, c->inter_bw}, lat[2] = {c->intra_latency, c->inter_latency};
    for (int i = 0; i < 2; ++i) {
      if (bw[i] <= 0)
        continue;
      json_object *l = json_object_new_object();
      json_object_object_add(l, "bandwidth", num(bw[i]));
      json_object_object_add(l, "latency", num(lat[i]));
      json_object_object_add(links, names[i], l);
    }
    json_object_object_add(o, "links", links);
  }
  json_object *mesh = json_object_new_array(), *levels = json_object_new_array();
  json_object *alpha = json_object_new_array(), *beta = json_object_new_array();
  for (int i = 0; i < c->mesh_rank; ++i) {
    json_object_array_add(mesh, json_object_new_int64(c->mesh[i]));
    json_object_array_add(levels, json_object_new_string(
                                      c->axis_level[i] == AP_LINK_INTRA ? "intra" : "inter"));
    json_object_array_add(alpha, num(c->alpha[i]));
    json_object_array_add(beta, num(c->beta[i]));
  }
  json_object_object_add(o, "mesh", mesh);
  json_object_object_add(o, "mesh_levels", levels);
  json_object_object_add(o, "alpha", alpha);
  json_object_object_add(o, "beta", beta);
  char *out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_SPACED));
  json_object_put(o);
  return out;
}
