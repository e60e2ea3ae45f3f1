/* Tensor layouts over the device mesh (shard.sharding's split_axes). */
#include "ap/Analysis.h"

#include <stdio.h>
#include <string.h>

void apShardingReplicated(apSharding *s, int rank) {
  memset(s, 0, sizeof *s);
  s->rank = (int8_t)rank;
}

bool apShardingEqual(const apSharding *a, const apSharding *b) {
  if (a->rank != b->rank)
    return false;
  for (int d = 0; d < a->rank; ++d) {
    if (a->n[d] != b->n[d])
      return false;
    for (int k = 0; k < a->n[d]; ++k)
      if (a->axes[d][k] != b->axes[d][k])
        return false;
  }
  return true;
}

bool apShardingIsReplicated(const apSharding *s) {
  for (int d = 0; d < s->rank; ++d)
    if (s->n[d])
      return false;
  return true;
}

int64_t apShardingDimSplit(const apSharding *s, const apCluster *c, int d) {
  int64_t p = 1;
  for (int k = 0; k < s->n[d]; ++k)
    p *= c->mesh[s->axes[d][k]];
  return p;
}

int64_t apShardingNumShards(const apSharding *s, const apCluster *c) {
  int64_t p = 1;
  for (int d = 0; d < s->rank; ++d)
    p *= apShardingDimSplit(s, c, d);
  return p;
}

apAxisMask apShardingUsedAxes(const apSharding *s) {
  apAxisMask m = 0;
  for (int d = 0; d < s->rank; ++d)
    for (int k = 0; k < s->n[d]; ++k)
      m |= 1u << s->axes[d][k];
  return m;
}

void apShardingFormat(const apSharding *s, char *buf, int len) {
  /* Trailing unsplit dims are omitted, as the shard dialect prints them. */
  int last = s->rank - 1;
  while (last > 0 && s->n[last] == 0)
    --last;
  int pos = snprintf(buf, len, "[");
  for (int d = 0; d <= last || d == 0; ++d) {
    pos += snprintf(buf + pos, pos < len ? len - pos : 0, "%s[", d ? ", " : "");
    for (int k = 0; d < s->rank && k < s->n[d]; ++k)
      pos += snprintf(buf + pos, pos < len ? len - pos : 0, "%s%d", k ? ", " : "",
                      s->axes[d][k]);
    pos += snprintf(buf + pos, pos < len ? len - pos : 0, "]");
  }
  snprintf(buf + pos, pos < len ? len - pos : 0, "]");
}
