/* Elementwise StableHLO ops as the scalar arith/math ops of a generic body. */
#include "Shlo.h"

#include "ap/Analysis.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

/* Ops that are one arith/math op: per operand kind, float / integer /
 * i1 (pred); NULL where the kind has none. */
typedef struct {
  const char *name;
  int arity;
  const char *f, *i, *b;
} apShloSimpleOp;

static const apShloSimpleOp simpleOps[] = {
    {"stablehlo.add", 2, "arith.addf", "arith.addi", "arith.ori"},
    {"stablehlo.subtract", 2, "arith.subf", "arith.subi", NULL},
    {"stablehlo.multiply", 2, "arith.mulf", "arith.muli", "arith.andi"},
    {"stablehlo.divide", 2, "arith.divf", "arith.divsi", NULL},
    {"stablehlo.remainder", 2, "arith.remf", "arith.remsi", NULL},
    {"stablehlo.maximum", 2, "arith.maximumf", "arith.maxsi", "arith.ori"},
    {"stablehlo.minimum", 2, "arith.minimumf", "arith.minsi", "arith.andi"},
    {"stablehlo.power", 2, "math.powf", "math.ipowi", NULL},
    {"stablehlo.atan2", 2, "math.atan2", NULL, NULL},
    {"stablehlo.and", 2, NULL, "arith.andi", "arith.andi"},
    {"stablehlo.or", 2, NULL, "arith.ori", "arith.ori"},
    {"stablehlo.xor", 2, NULL, "arith.xori", "arith.xori"},
    {"stablehlo.shift_left", 2, NULL, "arith.shli", NULL},
    {"stablehlo.shift_right_arithmetic", 2, NULL, "arith.shrsi", NULL},
    {"stablehlo.shift_right_logical", 2, NULL, "arith.shrui", NULL},
    {"stablehlo.exponential", 1, "math.exp", NULL, NULL},
    {"stablehlo.exponential_minus_one", 1, "math.expm1", NULL, NULL},
    {"stablehlo.log", 1, "math.log", NULL, NULL},
    {"stablehlo.log_plus_one", 1, "math.log1p", NULL, NULL},
    {"stablehlo.tanh", 1, "math.tanh", NULL, NULL},
    {"stablehlo.rsqrt", 1, "math.rsqrt", NULL, NULL},
    {"stablehlo.sqrt", 1, "math.sqrt", NULL, NULL},
    {"stablehlo.cbrt", 1, "math.cbrt", NULL, NULL},
    {"stablehlo.sine", 1, "math.sin", NULL, NULL},
    {"stablehlo.cosine", 1, "math.cos", NULL, NULL},
    {"stablehlo.tan", 1, "math.tan", NULL, NULL},
    {"stablehlo.floor", 1, "math.floor", NULL, NULL},
    {"stablehlo.ceil", 1, "math.ceil", NULL, NULL},
    {"stablehlo.round_nearest_even", 1, "math.roundeven", NULL, NULL},
    {"stablehlo.round_nearest_afz", 1, "math.round", NULL, NULL},
    {"stablehlo.abs", 1, "math.absf", "math.absi", NULL},
    {"stablehlo.negate", 1, "arith.negf", NULL, NULL},
};

/* Ops written by hand below. */
static const char *const specialOps[] = {
    "stablehlo.negate", "stablehlo.not",      "stablehlo.logistic", "chlo.square",
    "stablehlo.compare", "stablehlo.select",  "stablehlo.clamp",    "stablehlo.convert",
    "stablehlo.is_finite", NULL,
};

static const apShloSimpleOp *findSimple(MlirOperation op) {
  for (size_t k = 0; k < sizeof simpleOps / sizeof *simpleOps; ++k)
    if (apOpNameIs(op, simpleOps[k].name))
      return &simpleOps[k];
  return NULL;
}

bool apShloIsElementwise(MlirOperation op) {
  if (findSimple(op))
    return true;
  for (int k = 0; specialOps[k]; ++k)
    if (apOpNameIs(op, specialOps[k]))
      return true;
  return false;
}

static bool isBool(MlirType t) { return mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 1; }

/* Types the body can compute on: floats and signless integers. */
static bool supportedElt(MlirType t) {
  return apShloIsFloat(t) || (mlirTypeIsAInteger(t) && mlirIntegerTypeIsSignless(t));
}

static MlirType operandElt(MlirOperation op, int i) {
  return apShloElt(mlirValueGetType(mlirOperationGetOperand(op, i)));
}

/* Appends "%sN = " and returns N's name in res. */
static void def(apBuf *b, int *tmp, char res[32]) {
  snprintf(res, 32, "%%s%d", (*tmp)++);
  apBufPrintf(b, "      %s = ", res);
}

static void typeLine(apBuf *b, MlirType t) {
  apShloType(b, t);
  apBufPrintf(b, "\n");
}

static void constant(apBuf *b, int *tmp, const char *value, MlirType t, char res[32]) {
  def(b, tmp, res);
  apShloScalarConstant(b, value, t);
  apBufPrintf(b, "\n");
}

static bool compare(MlirOperation op, apBuf *b, int *tmp, const char *const *args, char res[32]) {
  char dir[16], kind[16] = "";
  if (!apShloAttrWord(apShloAttr(op, "comparison_direction"), "comparison_direction", dir,
                      sizeof dir)) {
    apEmitOpError(op, "ap-import-stablehlo: stablehlo.compare without a comparison_direction");
    return false;
  }
  apShloAttrWord(apShloAttr(op, "compare_type"), "comparison_type", kind, sizeof kind);
  MlirType t = operandElt(op, 0);
  static const char *const dirs[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
  static const char *const fpreds[] = {"oeq", "une", "olt", "ole", "ogt", "oge"};
  static const char *const spreds[] = {"eq", "ne", "slt", "sle", "sgt", "sge"};
  static const char *const upreds[] = {"eq", "ne", "ult", "ule", "ugt", "uge"};
  for (int k = 0; k < 6; ++k) {
    if (strcmp(dir, dirs[k]))
      continue;
    bool fl = apShloIsFloat(t);
    /* Predicates compare as unsigned (false < true). */
    bool uns = !strcmp(kind, "UNSIGNED") || isBool(t);
    def(b, tmp, res);
    apBufPrintf(b, "arith.%s %s, %s, %s : ", fl ? "cmpf" : "cmpi",
                fl ? fpreds[k] : uns ? upreds[k] : spreds[k], args[0], args[1]);
    typeLine(b, t);
    return true;
  }
  apEmitOpError(op, "ap-import-stablehlo: comparison_direction %s is not supported", dir);
  return false;
}

/* stablehlo.convert between floats, signless integers and i1. */
static bool convert(MlirOperation op, apBuf *b, int *tmp, const char *arg, char res[32]) {
  MlirType from = operandElt(op, 0), to = apShloElt(mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (mlirTypeEqual(from, to)) {
    snprintf(res, 32, "%s", arg);
    return true;
  }
  const char *cast = NULL;
  if (apShloIsFloat(from) && apShloIsFloat(to)) {
    unsigned wf = mlirFloatTypeGetWidth(from), wt = mlirFloatTypeGetWidth(to);
    if (wf == wt) { /* bf16 <-> f16: through f32 */
      char mid[32];
      MlirType f32 = mlirF32TypeGet(mlirTypeGetContext(from));
      def(b, tmp, mid);
      apBufPrintf(b, "arith.extf %s : ", arg);
      apShloType(b, from);
      apBufPrintf(b, " to f32\n");
      def(b, tmp, res);
      apBufPrintf(b, "arith.truncf %s : ", mid);
      apShloType(b, f32);
      apBufPrintf(b, " to ");
      typeLine(b, to);
      return true;
    }
    cast = wt > wf ? "arith.extf" : "arith.truncf";
  } else if (!apShloIsFloat(from) && apShloIsFloat(to)) {
    cast = isBool(from) ? "arith.uitofp" : "arith.sitofp";
  } else if (apShloIsFloat(from) && isBool(to)) {
    char zero[32];
    constant(b, tmp, "0.0", from, zero);
    def(b, tmp, res);
    apBufPrintf(b, "arith.cmpf une, %s, %s : ", arg, zero);
    typeLine(b, from);
    return true;
  } else if (apShloIsFloat(from)) {
    cast = "arith.fptosi";
  } else if (isBool(to)) {
    char zero[32];
    constant(b, tmp, "0", from, zero);
    def(b, tmp, res);
    apBufPrintf(b, "arith.cmpi ne, %s, %s : ", arg, zero);
    typeLine(b, from);
    return true;
  } else {
    unsigned wf = mlirIntegerTypeGetWidth(from), wt = mlirIntegerTypeGetWidth(to);
    cast = isBool(from) ? "arith.extui" : wt > wf ? "arith.extsi" : "arith.trunci";
  }
  def(b, tmp, res);
  apBufPrintf(b, "%s %s : ", cast, arg);
  apShloType(b, from);
  apBufPrintf(b, " to ");
  typeLine(b, to);
  return true;
}

bool apShloScalar(MlirOperation op, apBuf *b, int *tmp, const char *const *args, char res[32]) {
  char name[64];
  snprintf(name, sizeof name, "%.*s", SHLO_NAME(op));
  intptr_t n = mlirOperationGetNumOperands(op);
  bool unary = apOpNameIs(op, "stablehlo.negate") || apOpNameIs(op, "stablehlo.not") ||
               apOpNameIs(op, "stablehlo.logistic") || apOpNameIs(op, "chlo.square") ||
               apOpNameIs(op, "stablehlo.is_finite") || apOpNameIs(op, "stablehlo.convert");
  if (n < 1 || n > 3 || (unary && n != 1) || mlirOperationGetNumResults(op) != 1) {
    apEmitOpError(op, "ap-import-stablehlo: %s with %d operands is not supported", name, (int)n);
    return false;
  }
  for (intptr_t i = 0; i < n; ++i)
    if (!supportedElt(operandElt(op, (int)i))) {
      apEmitOpError(op, "ap-import-stablehlo: %s on this element type is not supported "
                    "(floats and signless integers are)", name);
      return false;
    }
  MlirType t = operandElt(op, 0);
  bool fl = apShloIsFloat(t), bl = isBool(t);
  const apShloSimpleOp *s = findSimple(op);
  if (s && !(apOpNameIs(op, "stablehlo.negate") && !fl)) {
    const char *mnemonic = fl ? s->f : bl ? s->b : s->i;
    if (!mnemonic || n != s->arity) {
      apEmitOpError(op, "ap-import-stablehlo: %s on %s is not supported", name,
                    fl ? "floats" : bl ? "booleans" : "integers");
      return false;
    }
    def(b, tmp, res);
    apBufPrintf(b, "%s %s%s%s : ", mnemonic, args[0], n > 1 ? ", " : "", n > 1 ? args[1] : "");
    typeLine(b, t);
    return true;
  }
  char t0[32], t1[32];
  if (apOpNameIs(op, "stablehlo.negate") || apOpNameIs(op, "stablehlo.not")) {
    bool neg = apOpNameIs(op, "stablehlo.negate");
    if (fl || (neg && bl)) {
      apEmitOpError(op, "ap-import-stablehlo: %s on this element type is not supported", name);
      return false;
    }
    constant(b, tmp, neg ? "0" : bl ? "true" : "-1", t, t0);
    def(b, tmp, res);
    apBufPrintf(b, "%s %s, %s : ", neg ? "arith.subi" : "arith.xori", neg ? t0 : args[0],
                neg ? args[0] : t0);
    typeLine(b, t);
    return true;
  }
  if (apOpNameIs(op, "chlo.square")) {
    def(b, tmp, res);
    apBufPrintf(b, "%s %s, %s : ", fl ? "arith.mulf" : "arith.muli", args[0], args[0]);
    typeLine(b, t);
    return true;
  }
  if (apOpNameIs(op, "stablehlo.logistic") && fl) { /* 1 / (1 + exp(-x)) */
    char one[32], e[32];
    def(b, tmp, t0);
    apBufPrintf(b, "arith.negf %s : ", args[0]);
    typeLine(b, t);
    def(b, tmp, e);
    apBufPrintf(b, "math.exp %s : ", t0);
    typeLine(b, t);
    constant(b, tmp, "1.0", t, one);
    def(b, tmp, t1);
    apBufPrintf(b, "arith.addf %s, %s : ", one, e);
    typeLine(b, t);
    def(b, tmp, res);
    apBufPrintf(b, "arith.divf %s, %s : ", one, t1);
    typeLine(b, t);
    return true;
  }
  if (apOpNameIs(op, "stablehlo.is_finite") && fl) {
    def(b, tmp, res);
    apBufPrintf(b, "math.isfinite %s : ", args[0]);
    typeLine(b, t);
    return true;
  }
  if (apOpNameIs(op, "stablehlo.compare") && n == 2)
    return compare(op, b, tmp, args, res);
  if (apOpNameIs(op, "stablehlo.select") && n == 3) {
    def(b, tmp, res);
    apBufPrintf(b, "arith.select %s, %s, %s : ", args[0], args[1], args[2]);
    typeLine(b, operandElt(op, 1));
    return true;
  }
  if (apOpNameIs(op, "stablehlo.clamp") && n == 3 && !bl) { /* clamp(min, x, max) */
    MlirType x = operandElt(op, 1);
    bool xf = apShloIsFloat(x);
    def(b, tmp, t0);
    apBufPrintf(b, "%s %s, %s : ", xf ? "arith.maximumf" : "arith.maxsi", args[1], args[0]);
    typeLine(b, x);
    def(b, tmp, res);
    apBufPrintf(b, "%s %s, %s : ", xf ? "arith.minimumf" : "arith.minsi", t0, args[2]);
    typeLine(b, x);
    return true;
  }
  if (apOpNameIs(op, "stablehlo.convert") && n == 1) {
    MlirType to = apShloElt(mlirValueGetType(mlirOperationGetResult(op, 0)));
    if (!supportedElt(to)) {
      apEmitOpError(op, "ap-import-stablehlo: stablehlo.convert to this element type is "
                    "not supported");
      return false;
    }
    return convert(op, b, tmp, args[0], res);
  }
  apEmitOpError(op, "ap-import-stablehlo: %s is not supported%s", name,
                apShloIsElementwise(op) ? " on this element type" : "");
  return false;
}

/* A value of a scalar region and its name in the body. */
typedef struct {
  const void *v;
  char name[32];
} apShloNamed;

static const char *lookup(const apShloNamed *m, int n, MlirValue v) {
  for (int i = 0; i < n; ++i)
    if (m[i].v == v.ptr)
      return m[i].name;
  return NULL;
}

static bool isScalarTensor(MlirType t) {
  return mlirTypeIsARankedTensor(t) && mlirShapedTypeGetRank(t) == 0;
}

bool apShloScalarRegion(MlirOperation owner, MlirRegion r, apBuf *body, int *tmp,
                        const char *const *args, char res[32]) {
  enum { MAX_VALUES = 64 };
  apShloNamed m[MAX_VALUES];
  int n = 0;
  MlirBlock block = mlirRegionGetFirstBlock(r);
  if (mlirBlockIsNull(block) || !mlirBlockIsNull(mlirBlockGetNextInRegion(block)) ||
      mlirBlockGetNumArguments(block) != 2) {
    apEmitOpError(owner, "ap-import-stablehlo: a region of one block with two arguments "
                  "is expected");
    return false;
  }
  for (int i = 0; i < 2; ++i) {
    if (!isScalarTensor(mlirValueGetType(mlirBlockGetArgument(block, i)))) {
      apEmitOpError(owner, "ap-import-stablehlo: region arguments must be 0-d tensors");
      return false;
    }
    m[n].v = mlirBlockGetArgument(block, i).ptr;
    snprintf(m[n++].name, 32, "%s", args[i]);
  }
  for (MlirOperation o = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    const char *in[3];
    intptr_t no = mlirOperationGetNumOperands(o);
    bool ret = apOpNameIs(o, "stablehlo.return");
    bool scalars = mlirOperationGetNumRegions(o) == 0;
    for (intptr_t i = 0; i < no; ++i)
      scalars &= isScalarTensor(mlirValueGetType(mlirOperationGetOperand(o, i)));
    for (intptr_t i = 0; i < mlirOperationGetNumResults(o); ++i)
      scalars &= isScalarTensor(mlirValueGetType(mlirOperationGetResult(o, i)));
    if (no > 3 || mlirOperationGetNumResults(o) != (ret ? 0 : 1) || n == MAX_VALUES || !scalars) {
      apEmitOpError(o, "ap-import-stablehlo: this op is not supported in a reduction region "
                    "(elementwise ops on 0-d tensors are)");
      return false;
    }
    for (intptr_t i = 0; i < no; ++i)
      if (!(in[i] = lookup(m, n, mlirOperationGetOperand(o, i)))) {
        apEmitOpError(o, "ap-import-stablehlo: a reduction region may only use its own values");
        return false;
      }
    if (apOpNameIs(o, "stablehlo.return")) {
      if (no != 1) {
        apEmitOpError(o, "ap-import-stablehlo: only single-value reductions are supported");
        return false;
      }
      snprintf(res, 32, "%s", in[0]);
      return true;
    }
    MlirAttribute splat = apShloSplatOf(mlirOperationGetResult(o, 0));
    if (!mlirAttributeIsNull(splat)) {
      apBuf v = {0};
      apShloAttrText(&v, mlirDenseElementsAttrGetSplatValue(splat));
      def(body, tmp, m[n].name);
      apBufPrintf(body, "arith.constant %s\n", v.failed ? "" : v.data);
      apBufFree(&v);
    } else if (!apShloIsElementwise(o)) {
      apEmitOpError(o, "ap-import-stablehlo: %.*s is not supported in a reduction region",
                    SHLO_NAME(o));
      return false;
    } else if (!apShloScalar(o, body, tmp, in, m[n].name)) {
      return false;
    }
    m[n++].v = mlirOperationGetResult(o, 0).ptr;
  }
  apEmitOpError(owner, "ap-import-stablehlo: the region has no stablehlo.return");
  return false;
}
