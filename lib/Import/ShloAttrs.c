/* StableHLO's own attributes reach us as opaque attributes (the dialect is
 * not registered), so their fields are read from the printed text. */
#include "Shlo.h"

#include "mlir-c/BuiltinAttributes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

MlirAttribute apShloAttr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
}

/* Where `key` starts as a whole word in `text` (not inside a longer key
 * such as lhs_batching_dimensions for batching_dimensions). */
static const char *findKey(const char *text, const char *key) {
  size_t n = strlen(key);
  for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
    bool startOk = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
    bool endOk = !(isalnum((unsigned char)p[n]) || p[n] == '_');
    if (startOk && endOk)
      return p + n;
  }
  return NULL;
}

int apShloAttrList(MlirAttribute a, const char *key, int64_t *out, int max) {
  if (mlirAttributeIsNull(a))
    return 0;
  apBuf b = {0};
  apShloAttrText(&b, a);
  int n = 0;
  const char *p = b.failed ? NULL : findKey(b.data, key);
  if (p) {
    while (*p == ' ' || *p == '=')
      ++p;
    if (*p++ != '[') {
      n = -1;
    } else {
      for (;;) {
        while (*p == ' ' || *p == ',')
          ++p;
        if (*p == ']')
          break;
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p || n == max) {
          n = -1;
          break;
        }
        out[n++] = v;
        p = end;
      }
    }
  }
  apBufFree(&b);
  return n;
}

bool apShloAttrWord(MlirAttribute a, const char *key, char *buf, int size) {
  if (mlirAttributeIsNull(a) || size < 1)
    return false;
  apBuf b = {0};
  apShloAttrText(&b, a);
  const char *p = b.failed ? NULL : findKey(b.data, key);
  int n = 0;
  if (p) {
    while (*p == ' ' || *p == '=')
      ++p;
    while (n + 1 < size && (isalnum((unsigned char)p[n]) || p[n] == '_'))
      buf[n] = p[n], ++n;
  }
  buf[n] = 0;
  apBufFree(&b);
  return n > 0;
}

int apShloI64Array(MlirOperation op, const char *name, int64_t *out, int max) {
  MlirAttribute a = apShloAttr(op, name);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseI64Array(a))
    return -1;
  intptr_t n = mlirDenseArrayGetNumElements(a);
  if (n > max)
    return -1;
  for (intptr_t i = 0; i < n; ++i)
    out[i] = mlirDenseI64ArrayGetElement(a, i);
  return (int)n;
}
