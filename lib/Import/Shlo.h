/* The StableHLO importer's shared state. It writes the new function as
 * MLIR text (one linalg.generic per StableHLO op, projected-permutation
 * maps as ap-models writes them) and parses it at the end: ops are
 * converted one at a time, each reading its operands' SSA names. */
#ifndef AP_IMPORT_SHLO_H
#define AP_IMPORT_SHLO_H

#include <stdbool.h>
#include <stdint.h>

#include "ap/Buf.h"
#include "ap/PtrMap.h"
#include "mlir-c/IR.h"

enum { SHLO_MAX_RANK = 12, SHLO_MAX_INS = 4 };

typedef struct {
  MlirOperation module;
  apBuf *out;   /* the function's body */
  apPtrMap ids; /* MlirValue -> SSA number, %vN */
  int next;     /* next SSA number */
  int depth;    /* inlining depth of the function being written */
} apShlo;

/* --- Values and text (ShloText.c) --------------------------------------- */

/* An op's name for "%.*s" in messages. */
#define SHLO_NAME(op)                                                        \
  (int)mlirIdentifierStr(mlirOperationGetName(op)).length,                  \
      mlirIdentifierStr(mlirOperationGetName(op)).data

static inline void apShloType(apBuf *b, MlirType t) { mlirTypePrint(t, apBufAppend, b); }
static inline void apShloAttrText(apBuf *b, MlirAttribute a) {
  mlirAttributePrint(a, apBufAppend, b);
}

/* The SSA number of `v` in the new function; -1 (error at `user`) if none. */
int apShloId(apShlo *s, MlirValue v, MlirOperation user);
/* A new SSA number for `v` (its result in the new function). */
int apShloDefine(apShlo *s, MlirValue v);
/* An SSA number for a temporary. */
static inline int apShloFresh(apShlo *s) { return s->next++; }
/* " loc(...)" of op, then a newline. */
void apShloEndLine(apShlo *s, MlirOperation op);

/* A static tensor's shape; false (error at op) on a dynamic or unranked
 * one or a rank above SHLO_MAX_RANK. */
bool apShloShape(MlirOperation op, MlirType t, int *rank, int64_t *dims);
MlirType apShloElt(MlirType tensor);
/* Predicates (i1 tensors) are stored as i8 between ops, as the MPI runtime
 * has no i1 transfers; bodies truncate on reading and extend on writing,
 * function boundaries keep i1. */
bool apShloIsBool(MlirType elt);
MlirType apShloStored(MlirType tensor);
static inline MlirType apShloTypeOf(MlirValue v) { return apShloStored(mlirValueGetType(v)); }
/* i1 <-> i8 tensor `id` of type `from` as type `to`; returns the new number. */
int apShloCastBool(apShlo *s, MlirOperation loc, int id, MlirType from, MlirType to);
/* A splat constant of tensor type `t` (its stored type) with the element of
 * the splat dense attribute `splat`. */
MlirAttribute apShloStoredSplat(MlirType t, MlirAttribute splat);
bool apShloIsFloat(MlirType elt);
/* "0.0" / "0" / "false": zero of a scalar type, as arith.constant's value. */
const char *apShloZero(MlirType elt);

/* One linalg.generic. Operand maps are given as, for each operand dim, the
 * loop it reads (a projected permutation). The body is text using %a0 ..
 * for the inputs and %acc for the output, ending in linalg.yield. */
typedef struct {
  int loops;
  const char *iters; /* one char per loop: 'p'arallel, 'r'eduction */
  int nIn;
  int in[SHLO_MAX_INS];
  MlirType inType[SHLO_MAX_INS];
  int inRank[SHLO_MAX_INS];
  int inMap[SHLO_MAX_INS][SHLO_MAX_RANK];
  int init; /* the outs operand */
  MlirType outType;
  int outMap[SHLO_MAX_RANK];
  const char *body;
} apShloGeneric;
/* Writes %v<res> = linalg.generic ...; returns res. */
int apShloEmitGeneric(apShlo *s, MlirOperation loc, const apShloGeneric *g, int res);
/* "arith.constant VALUE : elt", without the type for true and false. */
void apShloScalarConstant(apBuf *b, const char *value, MlirType elt);
/* tensor.empty of type t; returns its number. */
int apShloEmpty(apShlo *s, MlirOperation loc, MlirType t);
/* tensor.empty filled with the scalar `valueText` (e.g. "0.0"). */
int apShloFilled(apShlo *s, MlirOperation loc, MlirType t, const char *valueText);
/* Identity maps for a rank-r operand of an r-loop op. */
void apShloIdentity(int *map, int r);

/* --- StableHLO attributes (ShloAttrs.c) --------------------------------- */

/* The integers of `key = [a, b]` inside an opaque attribute's text
 * (#stablehlo.dot<...>); 0 when absent, -1 when malformed or too many. */
int apShloAttrList(MlirAttribute a, const char *key, int64_t *out, int max);
/* The word after `key` (e.g. "comparison_direction" -> "GT") in `buf`. */
bool apShloAttrWord(MlirAttribute a, const char *key, char *buf, int size);
/* An array<i64: ...> attribute of op; -1 when absent or too long. */
int apShloI64Array(MlirOperation op, const char *name, int64_t *out, int max);
MlirAttribute apShloAttr(MlirOperation op, const char *name);

/* --- Scalar bodies (ShloScalar.c) --------------------------------------- */

/* A scalar op in a generic body: the StableHLO elementwise op `op` applied
 * to `args` (scalar names; element types from op's operands). Writes lines
 * to `body`, the result's name to res. False (error at op) if the op has no
 * scalar form for these types. `tmp` numbers the body's temporaries. */
bool apShloScalar(MlirOperation op, apBuf *body, int *tmp, const char *const *args,
                  char res[32]);
/* Whether `op` is an elementwise op apShloScalar converts. */
bool apShloIsElementwise(MlirOperation op);
/* A region of elementwise ops on 0-d tensors (reduce, scatter) as scalar
 * lines: block argument i is args[i]; the yielded name goes to res. */
bool apShloScalarRegion(MlirOperation owner, MlirRegion r, apBuf *body, int *tmp,
                        const char *const *args, char res[32]);

/* --- Op converters; each emits the op's result and false on error ------- */

bool apShloElementwise(apShlo *s, MlirOperation op);   /* ShloElementwise.c */
bool apShloConstant(apShlo *s, MlirOperation op);      /* ShloShape.c */
bool apShloBroadcast(apShlo *s, MlirOperation op);
bool apShloReshape(apShlo *s, MlirOperation op);
bool apShloTranspose(apShlo *s, MlirOperation op);
bool apShloIota(apShlo *s, MlirOperation op);
bool apShloDotGeneral(apShlo *s, MlirOperation op);    /* ShloContract.c */
bool apShloReduce(apShlo *s, MlirOperation op);
bool apShloGather(apShlo *s, MlirOperation op);        /* ShloGather.c */
bool apShloScatter(apShlo *s, MlirOperation op);
bool apShloSlice(apShlo *s, MlirOperation op);         /* ShloSlice.c */
bool apShloConcatenate(apShlo *s, MlirOperation op);
bool apShloPad(apShlo *s, MlirOperation op);
/* Reshapes value `id` of type `from` to `to` (same element count) with
 * collapse_shape / expand_shape; returns the new number. */
int apShloReshapeValue(apShlo *s, MlirOperation loc, int id, MlirType from, MlirType to);

/* --- Bodies (ShloBlock.c) ----------------------------------------------- */

/* Converts the ops of `block` up to its func.return, which goes to *ret. */
bool apShloConvertBlock(apShlo *s, MlirBlock block, MlirOperation *ret);
/* The func.func of s->module that `callee` (a symbol reference) names. */
MlirOperation apShloLookupFunc(MlirOperation module, MlirAttribute callee);

/* The splat constant `v` is defined as, or a null attribute. */
MlirAttribute apShloSplatOf(MlirValue v);
/* Its element as arith.constant's value text ("1.000000e+00", "true"). */
bool apShloSplatText(MlirAttribute splat, char *buf, int size);

#endif
