/* JSON <-> builtin attributes, for the `ap.cluster` module attribute. The
 * cluster's own JSON is the one source of truth: the attribute is that JSON
 * in builtin form, and reading it back goes through the JSON parser. */
#include "ap/ClusterAttr.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirStringRef sref(const char *s) { return mlirStringRefCreateFromCString(s); }

static MlirAttribute jsonToAttr(MlirContext ctx, json_object *j) {
  switch (json_object_get_type(j)) {
  case json_type_object: {
    int n = json_object_object_length(j), i = 0;
    MlirNamedAttribute *els = calloc(n ? n : 1, sizeof *els);
    if (!els)
      return mlirAttributeGetNull();
    json_object_object_foreach(j, key, val) {
      MlirAttribute a = jsonToAttr(ctx, val);
      if (mlirAttributeIsNull(a)) {
        free(els);
        return a;
      }
      els[i++] = mlirNamedAttributeGet(mlirIdentifierGet(ctx, sref(key)), a);
    }
    MlirAttribute d = mlirDictionaryAttrGet(ctx, n, els);
    free(els);
    return d;
  }
  case json_type_array: {
    size_t n = json_object_array_length(j);
    MlirAttribute *els = calloc(n ? n : 1, sizeof *els);
    if (!els)
      return mlirAttributeGetNull();
    for (size_t i = 0; i < n; ++i) {
      els[i] = jsonToAttr(ctx, json_object_array_get_idx(j, i));
      if (mlirAttributeIsNull(els[i])) {
        free(els);
        return mlirAttributeGetNull();
      }
    }
    MlirAttribute a = mlirArrayAttrGet(ctx, (intptr_t)n, els);
    free(els);
    return a;
  }
  case json_type_int:
    return mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), json_object_get_int64(j));
  case json_type_double:
    return mlirFloatAttrDoubleGet(ctx, mlirF64TypeGet(ctx), json_object_get_double(j));
  case json_type_string:
    return mlirStringAttrGet(ctx, sref(json_object_get_string(j)));
  case json_type_boolean:
    return mlirBoolAttrGet(ctx, json_object_get_boolean(j));
  case json_type_null:
    return mlirUnitAttrGet(ctx);
  }
  return mlirAttributeGetNull();
}

static json_object *attrToJson(MlirAttribute a) {
  if (mlirAttributeIsADictionary(a)) {
    json_object *o = json_object_new_object();
    for (intptr_t i = 0, n = mlirDictionaryAttrGetNumElements(a); i < n; ++i) {
      MlirNamedAttribute el = mlirDictionaryAttrGetElement(a, i);
      MlirStringRef k = mlirIdentifierStr(el.name);
      char *key = strndup(k.data, k.length);
      json_object *v = attrToJson(el.attribute);
      if (!key || !v) {
        free(key);
        json_object_put(v);
        json_object_put(o);
        return NULL;
      }
      json_object_object_add(o, key, v);
      free(key);
    }
    return o;
  }
  if (mlirAttributeIsAArray(a)) {
    json_object *arr = json_object_new_array();
    for (intptr_t i = 0, n = mlirArrayAttrGetNumElements(a); i < n; ++i) {
      json_object *v = attrToJson(mlirArrayAttrGetElement(a, i));
      if (!v) {
        json_object_put(arr);
        return NULL;
      }
      json_object_array_add(arr, v);
    }
    return arr;
  }
  if (mlirAttributeIsABool(a))
    return json_object_new_boolean(mlirBoolAttrGetValue(a));
  if (mlirAttributeIsAInteger(a))
    return json_object_new_int64(mlirIntegerAttrGetValueInt(a));
  if (mlirAttributeIsAFloat(a))
    return json_object_new_double(mlirFloatAttrGetValueDouble(a));
  if (mlirAttributeIsAString(a)) {
    MlirStringRef s = mlirStringAttrGetValue(a);
    return json_object_new_string_len(s.data, (int)s.length);
  }
  if (mlirAttributeIsAUnit(a))
    return NULL; /* JSON null has no json-c object */
  return NULL;
}

MlirAttribute apClusterToAttr(MlirContext ctx, const apCluster *c) {
  char *text = apClusterToJSON(c);
  if (!text)
    return mlirAttributeGetNull();
  json_object *j = json_tokener_parse(text);
  free(text);
  if (!j)
    return mlirAttributeGetNull();
  MlirAttribute a = jsonToAttr(ctx, j);
  json_object_put(j);
  return a;
}

int apClusterFromModule(MlirOperation module, apCluster *c, char *err,
                        size_t errlen) {
  MlirAttribute a = mlirOperationGetAttributeByName(module, sref(AP_CLUSTER_ATTR_NAME));
  if (mlirAttributeIsNull(a)) {
    snprintf(err, errlen,
             "the module has no '" AP_CLUSTER_ATTR_NAME
             "' attribute: give a cluster with --ap-cluster=PRESET|FILE "
             "(or this pass's cluster= option)");
    return -1;
  }
  if (!mlirAttributeIsADictionary(a)) {
    snprintf(err, errlen, "'" AP_CLUSTER_ATTR_NAME "' must be a dictionary attribute");
    return -1;
  }
  json_object *j = attrToJson(a);
  if (!j) {
    snprintf(err, errlen, "'" AP_CLUSTER_ATTR_NAME "' holds a value that is not JSON data");
    return -1;
  }
  const char *text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
  int r = apClusterFromJSON(text, c, err, errlen);
  json_object_put(j);
  return r;
}
