/* Parsed pass options: one value per apPassOptionInfo, in table order. */
#ifndef AP_PASSES_PASSOPTIONS_H
#define AP_PASSES_PASSOPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "ap/Passes.h"

typedef struct {
  bool b;
  int64_t i;
  double d;
  char *s; /* owned; "" when unset */
} apOptionValue;

typedef struct {
  const apPassInfo *pass;
  int count;
  apOptionValue *values;
} apOptions;

/* Parses "k=v k2=v2" (MLIR's textual option form; values may be quoted with
 * '...' or "..." or wrapped in {...}) against pass->options, starting from
 * the defaults. On error, reports through onError and returns false. */
bool apOptionsParse(const apPassInfo *pass, MlirStringRef text, apOptions *out,
                    MlirStringCallback onError, void *user);
bool apOptionsCopy(const apOptions *from, apOptions *to);
void apOptionsFree(apOptions *o);

/* Typed lookups by name; the name must be in the pass's table. */
bool apOptBool(const apOptions *o, const char *name);
int64_t apOptInt(const apOptions *o, const char *name);
double apOptDouble(const apOptions *o, const char *name);
const char *apOptString(const apOptions *o, const char *name);

/* Reports a formatted message through an MlirStringCallback. */
void apReportf(MlirStringCallback cb, void *user, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
