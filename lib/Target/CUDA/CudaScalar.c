/* arith and math ops on scalars as C++ expressions, shared by kernels and
 * host code. Integer arithmetic goes through the unsigned type of the same
 * width (MLIR wraps, C++ signed overflow is undefined); bf16 values live in
 * float registers and are rounded after each op, as MLIR computes them. */
#include "CudaEmit.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *op, *fmt;
} apCuPattern;

/* %a, %b, %c: operands; %U: the unsigned type of the result's width,
 * %T: the result's register type, %f: "f" for f32 math, "" for f64. */
static const apCuPattern patterns[] = {
    {"arith.addf", "%a + %b"},
    {"arith.subf", "%a - %b"},
    {"arith.mulf", "%a * %b"},
    {"arith.divf", "%a / %b"},
    {"arith.remf", "fmod%f(%a, %b)"},
    {"arith.negf", "-%a"},
    {"arith.maximumf", "apMaximumF(%a, %b)"},
    {"arith.minimumf", "apMinimumF(%a, %b)"},
    {"arith.maxnumf", "fmax%f(%a, %b)"},
    {"arith.minnumf", "fmin%f(%a, %b)"},
    {"arith.addi", "(%T)((%U)%a + (%U)%b)"},
    {"arith.subi", "(%T)((%U)%a - (%U)%b)"},
    {"arith.muli", "(%T)((%U)%a * (%U)%b)"},
    {"arith.divsi", "(%T)(%a / %b)"},
    {"arith.divui", "(%T)((%U)%a / (%U)%b)"},
    {"arith.remsi", "(%T)(%a % %b)"},
    {"arith.remui", "(%T)((%U)%a % (%U)%b)"},
    {"arith.andi", "(%T)(%a & %b)"},
    {"arith.ori", "(%T)(%a | %b)"},
    {"arith.xori", "(%T)(%a ^ %b)"},
    {"arith.shli", "(%T)((%U)%a << %b)"},
    {"arith.shrsi", "(%T)(%a >> %b)"},
    {"arith.shrui", "(%T)((%U)%a >> %b)"},
    {"arith.maxsi", "(%a > %b ? %a : %b)"},
    {"arith.minsi", "(%a < %b ? %a : %b)"},
    {"arith.maxui", "((%U)%a > (%U)%b ? %a : %b)"},
    {"arith.minui", "((%U)%a < (%U)%b ? %a : %b)"},
    {"arith.select", "(%a ? %b : %c)"},
    {"arith.extf", "(%T)%a"},
    {"arith.truncf", "(%T)%a"},
    {"arith.sitofp", "(%T)%a"},
    {"arith.uitofp", "(%T)(%U)%a"},
    {"arith.fptosi", "(%T)%a"},
    {"arith.fptoui", "(%T)(%U)%a"},
    {"arith.extsi", "(%T)%a"},
    {"arith.extui", "(%T)(%V)%a"},
    {"arith.trunci", "(%T)%a"},
    {"arith.index_cast", "(%T)%a"},
    {"arith.index_castui", "(%T)(%V)%a"},
    {"math.exp", "exp%f(%a)"},
    {"math.exp2", "exp2%f(%a)"},
    {"math.expm1", "expm1%f(%a)"},
    {"math.log", "log%f(%a)"},
    {"math.log2", "log2%f(%a)"},
    {"math.log10", "log10%f(%a)"},
    {"math.log1p", "log1p%f(%a)"},
    {"math.sqrt", "sqrt%f(%a)"},
    {"math.rsqrt", "(%T)1 / sqrt%f(%a)"},
    {"math.tanh", "tanh%f(%a)"},
    {"math.erf", "erf%f(%a)"},
    {"math.sin", "sin%f(%a)"},
    {"math.cos", "cos%f(%a)"},
    {"math.tan", "tan%f(%a)"},
    {"math.atan", "atan%f(%a)"},
    {"math.atan2", "atan2%f(%a, %b)"},
    {"math.powf", "pow%f(%a, %b)"},
    {"math.absf", "fabs%f(%a)"},
    {"math.floor", "floor%f(%a)"},
    {"math.ceil", "ceil%f(%a)"},
    {"math.round", "round%f(%a)"},
    {"math.copysign", "copysign%f(%a, %b)"},
    {"math.fma", "fma%f(%a, %b, %c)"},
    {"math.absi", "(%a < 0 ? (%T)(0 - (%U)%a) : %a)"},
};

static const char *const fpredicates[] = {"false",
                                          "%a == %b",
                                          "%a > %b",
                                          "%a >= %b",
                                          "%a < %b",
                                          "%a <= %b",
                                          "(%a < %b || %a > %b)",
                                          "(%a == %a && %b == %b)",
                                          "!(%a < %b || %a > %b)",
                                          "!(%a <= %b)",
                                          "!(%a < %b)",
                                          "!(%a >= %b)",
                                          "!(%a > %b)",
                                          "%a != %b",
                                          "(%a != %a || %b != %b)",
                                          "true"};
static const char *const ipredicates[] = {
    "%a == %b", "%a != %b",        "%a < %b",          "%a <= %b",        "%a > %b",
    "%a >= %b", "(%U)%a < (%U)%b", "(%U)%a <= (%U)%b", "(%U)%a > (%U)%b", "(%U)%a >= (%U)%b"};

bool apCuIsScalarOp(MlirOperation op) {
  MlirStringRef n = apCuOpName(op);
  return (n.length > 6 && !strncmp(n.data, "arith.", 6)) ||
         (n.length > 5 && !strncmp(n.data, "math.", 5));
}

static const char *unsignedOf(MlirType t) {
  if (mlirTypeIsAIndex(t))
    return "uint64_t";
  if (!mlirTypeIsAInteger(t))
    return "uint64_t";
  switch (mlirIntegerTypeGetWidth(t)) {
  case 1: return "bool";
  case 8: return "uint8_t";
  case 16: return "uint16_t";
  case 32: return "uint32_t";
  default: return "uint64_t";
  }
}

static void expand(apBuf *b, const char *fmt, const char *a, const char *bb, const char *c,
                   MlirType res, MlirType opd) {
  for (const char *p = fmt; *p; ++p) {
    if (*p != '%' || !p[1]) {
      apBufPrintf(b, "%c", *p);
      continue;
    }
    switch (*++p) {
    case 'a': apBufPrintf(b, "%s", a); break;
    case 'b': apBufPrintf(b, "%s", bb); break;
    case 'c': apBufPrintf(b, "%s", c); break;
    case 'T': apBufPrintf(b, "%s", apCuRegisterType(res)); break;
    case 'U':
      apBufPrintf(b, "%s",
                  unsignedOf(mlirTypeIsAInteger(res) || mlirTypeIsAIndex(res) ? res : opd));
      break;
    case 'V': /* the operand's unsigned type: zero extension */
      apBufPrintf(b, "%s", unsignedOf(opd));
      break;
    case 'f': apBufPrintf(b, "%s", mlirTypeIsAF64(res) || mlirTypeIsAF64(opd) ? "" : "f"); break;
    default: apBufPrintf(b, "%%%c", *p);
    }
  }
}

/* A constant as a C++ literal of its register type. */
static bool literal(apCuEmitter *e, apBuf *b, MlirOperation op, MlirType t) {
  MlirAttribute v = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsAFloat(v)) {
    double d = mlirFloatAttrGetValueDouble(v);
    const char *rt = apCuRegisterType(t);
    if (isnan(d))
      apBufPrintf(b, "(%s)NAN", rt);
    else if (isinf(d))
      apBufPrintf(b, "(%s)%sINFINITY", rt, d < 0 ? "-" : "");
    else
      apBufPrintf(b, "(%s)%a", rt, d);
    return true;
  }
  if (mlirAttributeIsAInteger(v)) {
    if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 1)
      apBufPrintf(b, "%s", mlirIntegerAttrGetValueInt(v) ? "true" : "false");
    else
      apBufPrintf(b, "(%s)%lldLL", apCuRegisterType(t), (long long)mlirIntegerAttrGetValueInt(v));
    return true;
  }
  apCuError(e, op, "--lower-to-cuda: this constant is not a scalar");
  return false;
}

bool apCuScalarOp(apCuEmitter *e, apBuf *b, MlirOperation op, apCuNameFn nameOf, void *ctx,
                  const char *indent) {
  MlirStringRef n = apCuOpName(op);
  if (mlirOperationGetNumResults(op) != 1) {
    apCuError(e, op, "--lower-to-cuda: '%.*s' is not supported", (int)n.length, n.data);
    return false;
  }
  MlirValue r = mlirOperationGetResult(op, 0);
  MlirType t = mlirValueGetType(r);
  if (mlirTypeIsAShaped(t) || !apCuRegisterType(t)) {
    apCuError(e, op, "--lower-to-cuda: '%.*s' on this type is not supported", (int)n.length,
              n.data);
    return false;
  }
  char ops[3][32] = {"", "", ""};
  int numOps = (int)mlirOperationGetNumOperands(op);
  MlirType opd = t;
  for (int i = 0; i < numOps && i < 3; ++i) {
    apBuf nb = {0};
    nameOf(ctx, mlirOperationGetOperand(op, i), &nb);
    snprintf(ops[i], sizeof ops[i], "%s", nb.data ? nb.data : "?");
    apBufFree(&nb);
  }
  if (numOps)
    opd = mlirValueGetType(
        mlirOperationGetOperand(op, numOps > 1 && apOpNameIs(op, "arith.select") ? 1 : 0));
  apBuf x = {0};
  bool ok = true;
  if (apOpNameIs(op, "arith.constant")) {
    ok = literal(e, &x, op, t);
  } else if (apOpNameIs(op, "arith.cmpf") || apOpNameIs(op, "arith.cmpi")) {
    bool f = apOpNameIs(op, "arith.cmpf");
    int64_t p = mlirIntegerAttrGetValueInt(
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("predicate")));
    int64_t max = f ? 16 : 10;
    if (p < 0 || p >= max) {
      apCuError(e, op, "--lower-to-cuda: unknown comparison predicate");
      ok = false;
    } else {
      apBufPrintf(&x, "(");
      expand(&x, f ? fpredicates[p] : ipredicates[p], ops[0], ops[1], "", opd, opd);
      apBufPrintf(&x, ")");
    }
  } else if (apOpNameIs(op, "arith.bitcast")) {
    apBufPrintf(&x, "apBitcast<%s>(%s)", apCuRegisterType(t), ops[0]);
  } else {
    const apCuPattern *pat = NULL;
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns; ++i)
      if (strlen(patterns[i].op) == n.length && !strncmp(patterns[i].op, n.data, n.length))
        pat = &patterns[i];
    if (!pat) {
      apCuError(e, op, "--lower-to-cuda: '%.*s' is not supported", (int)n.length, n.data);
      ok = false;
    } else if (apCuIsBf16(t) && !apOpNameIs(op, "arith.select")) {
      apBufPrintf(&x, "apRoundBf16(");
      expand(&x, pat->fmt, ops[0], ops[1], ops[2], t, opd);
      apBufPrintf(&x, ")");
    } else {
      expand(&x, pat->fmt, ops[0], ops[1], ops[2], t, opd);
    }
  }
  if (ok) {
    apBufPrintf(b, "%s%s ", indent, apCuRegisterType(t));
    nameOf(ctx, r, b);
    apBufPrintf(b, " = %s;\n", x.data);
  }
  apBufFree(&x);
  return ok;
}
