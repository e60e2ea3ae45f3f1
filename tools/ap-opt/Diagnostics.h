/* Collects diagnostics from the context, prints them as file:line:col, and
 * checks them against expected-* comments (--verify-diagnostics). */
#ifndef AP_OPT_DIAGNOSTICS_H
#define AP_OPT_DIAGNOSTICS_H

#include <stdbool.h>

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

typedef struct apDiagnostic {
  MlirDiagnosticSeverity severity;
  char *file;
  int line, col; /* 0 when the location has no file position */
  char *message;
} apDiagnostic;

typedef struct {
  bool collectOnly; /* --verify-diagnostics: hold instead of printing */
  const char *defaultFile; /* for locations the parser made without a name */
  int numErrors;
  int count, cap;
  apDiagnostic *diags;
} apDiagnosticSink;

MlirDiagnosticHandlerID apDiagnosticsAttach(MlirContext ctx, apDiagnosticSink *s);
void apDiagnosticsClear(apDiagnosticSink *s);

/* Matches the collected diagnostics against expected-* comments in `text`
 * (whose first line is line 1 of `file`). Prints each mismatch to stderr and
 * returns false if there was any. */
bool apVerifyDiagnostics(apDiagnosticSink *s, const char *file, const char *text);

#endif
