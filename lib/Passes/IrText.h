/* Building IR as text: a growable string, and types and attributes printed
 * into one. Passes that add whole helper functions write them as MLIR and
 * parse them, which reads better than a page of C API builder calls. */
#ifndef AP_PASSES_IRTEXT_H
#define AP_PASSES_IRTEXT_H

#include "ap/Analysis.h" /* apOpNameIs */
#include "ap/Buf.h"
#include "mlir-c/IR.h"

#include <stddef.h>

void apBufType(apBuf *b, MlirType t);
void apBufAttr(apBuf *b, MlirAttribute a);
/* "tensor<4x8xf32>" -> "4x8xf32" appended (the shape and element type). */
void apBufShape(apBuf *b, MlirType tensor);

/* The CPU runtime's suffix for a tensor element type (f32, f64, bf16, i64,
 * i32, i8), or NULL where it has none. */
const char *apRtTypeSuffix(MlirType elementType);

/* Parses `text` (top-level ops, e.g. func.func) as a module of its own and
 * appends its ops to `module`, except symbols `module` already has (so the
 * text may repeat declarations it needs to verify). Returns false (the
 * parser's diagnostic emitted) on error. */
bool apParseIntoModule(MlirOperation module, const char *text, const char *what);

/* Inserts before `op` a func.call of `callee` with op's operands and result
 * types (no_inline when asked) and moves every use of op's results to the
 * call's; `op` itself stays for the caller to move or destroy. */
MlirOperation apCallInPlaceOf(MlirOperation op, const char *callee, bool noInline);

#endif
