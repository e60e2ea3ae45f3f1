/* The CUDA emitter's driver: the module's globals and functions into units
 * (program.cu, one stage<N>.cu per pipeline stage), program.h declaring
 * what the units share, the runtime's sources and a Makefile, all written
 * to the folder only once everything translated. */
#include "CudaEmit.h"

#include "ap/CudaTarget.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The runtime's sources, embedded at build time (CMakeLists.txt). */
extern const char apCudaRtApCudaH[], apCudaRtApCuDeviceH[], apCudaRtApCuCommonC[],
    apCudaRtApCuCommC[], apCudaRtApCuEmuC[], apCudaRtApCuRuntimeCu[], apCudaRtApRtH[],
    apCudaRtApRtMpiC[], apCudaRtMakefile[];

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

MlirStringRef apCuOpName(MlirOperation op) { return mlirIdentifierStr(mlirOperationGetName(op)); }

bool apCuIsBf16(MlirType t) { return mlirTypeIsABF16(t); }

static int intWidth(MlirType t) {
  if (mlirTypeIsAIndex(t))
    return 64;
  return mlirTypeIsAInteger(t) ? (int)mlirIntegerTypeGetWidth(t) : 0;
}

const char *apCuStorageType(MlirType t) {
  if (mlirTypeIsAF32(t))
    return "float";
  if (mlirTypeIsAF64(t))
    return "double";
  if (mlirTypeIsABF16(t))
    return "ap_bf16";
  switch (intWidth(t)) {
  case 1: return "bool";
  case 8: return "int8_t";
  case 16: return "int16_t";
  case 32: return "int32_t";
  case 64: return "int64_t";
  default: return NULL;
  }
}

const char *apCuRegisterType(MlirType t) {
  return mlirTypeIsABF16(t) ? "float" : apCuStorageType(t);
}

const char *apCuRuntimeType(MlirType t) {
  if (mlirTypeIsAF32(t))
    return "AP_CU_F32";
  if (mlirTypeIsAF64(t))
    return "AP_CU_F64";
  if (mlirTypeIsABF16(t))
    return "AP_CU_BF16";
  switch (intWidth(t)) {
  case 8: return "AP_CU_I8";
  case 32: return "AP_CU_I32";
  case 64: return "AP_CU_I64";
  default: return "AP_CU_F32";
  }
}

int64_t apCuElemBytes(MlirType t) {
  if (mlirTypeIsAF64(t))
    return 8;
  if (mlirTypeIsAF32(t))
    return 4;
  if (mlirTypeIsABF16(t))
    return 2;
  int w = intWidth(t);
  return w <= 8 ? 1 : w / 8;
}

void apCuName(apCuEmitter *e, apBuf *b, MlirValue v) {
  int id = apPtrMapGet(&e->names, v.ptr);
  if (id < 0) {
    id = e->nextName++;
    apPtrMapPut(&e->names, v.ptr, id);
  }
  apBufPrintf(b, "v%d", id);
}

void apCuFuncName(apBuf *b, MlirStringRef s) {
  apBufPrintf(b, "ap_");
  for (size_t i = 0; i < s.length; ++i) {
    unsigned char c = (unsigned char)s.data[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      apBufPrintf(b, "%c", c);
    else if (c == '_')
      apBufPrintf(b, "__");
    else if (c == '.')
      apBufPrintf(b, "_d");
    else
      apBufPrintf(b, "_x%02x", c);
  }
}

/* --- Units ---------------------------------------------------------------- */

static bool isPrivate(MlirOperation func) {
  MlirAttribute v = mlirOperationGetAttributeByName(func, str("sym_visibility"));
  return !mlirAttributeIsNull(v) && mlirStringRefEqual(mlirStringAttrGetValue(v), str("private"));
}

static MlirStringRef symName(MlirOperation op) {
  return mlirStringAttrGetValue(mlirOperationGetAttributeByName(op, str("sym_name")));
}

/* "stage<N>" for a function of pipeline stage N (@step.stageN.*), else
 * "program". */
static void unitName(MlirStringRef sym, char *out, size_t len) {
  snprintf(out, len, "program");
  for (size_t i = 0; i + 6 < sym.length; ++i) {
    size_t j = i + 6;
    if (strncmp(sym.data + i, ".stage", 6))
      continue;
    while (j < sym.length && j < i + 12 && sym.data[j] >= '0' && sym.data[j] <= '9')
      ++j;
    if (j > i + 6) {
      snprintf(out, len, "stage%.*s", (int)(j - i - 6), sym.data + i + 6);
      return;
    }
  }
}

static apCuUnit *unitFor(apCuEmitter *e, const char *name) {
  for (int i = 0; i < e->numUnits; ++i)
    if (!strcmp(e->units[i].name, name))
      return &e->units[i];
  apCuUnit *grown = realloc(e->units, sizeof *grown * (size_t)(e->numUnits + 1));
  if (!grown) {
    e->failed = true;
    return NULL;
  }
  e->units = grown;
  apCuUnit *u = &e->units[e->numUnits++];
  memset(u, 0, sizeof *u);
  u->name = strdup(name);
  return u;
}

/* --- Globals -------------------------------------------------------------- */

/* The initial bytes of a global (one element when splat); false on an
 * initializer this emitter does not read. */
static bool globalBytes(apCuEmitter *e, MlirOperation g, apBuf *b, int64_t *unit, int64_t *count) {
  MlirType t = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(g, str("type")));
  MlirAttribute init = mlirOperationGetAttributeByName(g, str("initial_value"));
  MlirType el = mlirShapedTypeGetElementType(t);
  int64_t n = 1;
  for (int64_t d = 0; d < mlirShapedTypeGetRank(t); ++d)
    n *= mlirShapedTypeGetDimSize(t, d);
  int64_t eb = apCuElemBytes(el);
  *count = 1;
  *unit = n * eb;
  if (mlirAttributeIsNull(init) || mlirAttributeIsAUnit(init)) {
    *unit = 0; /* zeros */
    return true;
  }
  if (!mlirAttributeIsADenseElements(init)) {
    apCuError(e, g, "--lower-to-cuda: this global's initializer is not dense elements");
    return false;
  }
  bool splat = mlirDenseElementsAttrIsSplat(init);
  int64_t stored = splat ? 1 : n;
  if (splat) {
    *unit = eb;
    *count = n;
  }
  if (intWidth(el) == 1) {
    for (int64_t i = 0; i < stored; ++i)
      apBufPrintf(b, "%d,", mlirDenseElementsAttrGetBoolValue(init, i) ? 1 : 0);
    return true;
  }
  const unsigned char *raw = mlirDenseElementsAttrGetRawData(init);
  for (int64_t i = 0; i < stored * eb; ++i)
    apBufPrintf(b, "%s0x%02x,", i % 16 ? "" : "\n  ", raw[i]);
  return true;
}

static bool emitGlobals(apCuEmitter *e, apBuf *decl, apBuf *def, apBuf *init) {
  for (int i = 0; i < e->numGlobals; ++i) {
    apBuf bytes = {0};
    int64_t unit, count;
    if (!globalBytes(e, e->globals[i], &bytes, &unit, &count)) {
      apBufFree(&bytes);
      return false;
    }
    MlirStringRef n = symName(e->globals[i]);
    apBufPrintf(decl, "extern const unsigned char ap_gh%d[]; /* @%.*s */\nextern char *ap_gd%d;\n",
                i, (int)n.length, n.data, i);
    apBufPrintf(def, "alignas(64) const unsigned char ap_gh%d[] = {%s0};\nchar *ap_gd%d;\n", i,
                bytes.data ? bytes.data : "", i);
    apBufPrintf(init, "  ap_gd%d = apUpload(ap_gh%d, %lldLL, %lldLL);\n", i, i, (long long)unit,
                (long long)count);
    apBufFree(&bytes);
  }
  return true;
}

/* --- Files ---------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *text;
} apCuFile;

/* Writes every file as <dir>/.<name>.tmp, then renames them all; on a
 * failure removes those written (the loop counts the failed one too). */
static bool writeFiles(MlirOperation module, const char *dir, const apCuFile *files, int n) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    char msg[512];
    snprintf(msg, sizeof msg, "--lower-to-cuda: cannot make the folder '%s': %s", dir,
             strerror(errno));
    mlirEmitError(mlirOperationGetLocation(module), msg);
    return false;
  }
  char path[4096], tmp[4096];
  int written = 0;
  bool ok = true;
  for (; written < n && ok; ++written) {
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, files[written].name);
    FILE *f = fopen(tmp, "w");
    ok = f && fputs(files[written].text, f) >= 0;
    ok = (f && fclose(f) == 0) && ok;
    if (!ok) {
      char msg[4200];
      snprintf(msg, sizeof msg, "--lower-to-cuda: cannot write '%s': %s", tmp, strerror(errno));
      mlirEmitError(mlirOperationGetLocation(module), msg);
    }
  }
  for (int i = 0; i < written; ++i) {
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, files[i].name);
    snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
    if (!ok)
      unlink(tmp);
    else if (rename(tmp, path) != 0)
      ok = false;
  }
  return ok;
}

/* --- The module ----------------------------------------------------------- */

typedef struct {
  int values, allocs;
} apCuCounts;

static MlirWalkResult count(MlirOperation op, void *user) {
  apCuCounts *c = user;
  c->values += (int)mlirOperationGetNumResults(op);
  c->allocs += apOpNameIs(op, "memref.alloc") || apOpNameIs(op, "memref.alloca");
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      c->values += (int)mlirBlockGetNumArguments(b);
  return MlirWalkResultAdvance;
}

static bool collect(apCuEmitter *e, apCuCounts *c) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(e->module, 0));
  int n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    ++n;
  e->globals = calloc((size_t)n + 1, sizeof *e->globals);
  e->stageUse = calloc((size_t)n + 1, sizeof *e->stageUse);
  e->funcs = calloc((size_t)n + 1, sizeof *e->funcs);
  if (!e->globals || !e->stageUse || !e->funcs)
    return false;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (apOpNameIs(op, "memref.global"))
      e->globals[e->numGlobals++] = op;
    else if (apOpNameIs(op, "func.func") &&
             !mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))))
      e->funcs[e->numFuncs++] = op;
  }
  *c = (apCuCounts){16, 0};
  mlirOperationWalk(e->module, count, c, MlirWalkPreOrder);
  return true;
}

static void freeEmitter(apCuEmitter *e) {
  apPtrMapFree(&e->names);
  apPtrMapFree(&e->globalOf);
  apPtrMapFree(&e->allocOffset);
  for (int i = 0; i < e->numUnits; ++i) {
    for (int k = 0; k < e->units[i].numKernels; ++k)
      free(e->units[i].kernelTexts[k]);
    free(e->units[i].kernelTexts);
    free(e->units[i].name);
    apBufFree(&e->units[i].kernels);
    apBufFree(&e->units[i].host);
  }
  free(e->units);
  free(e->globals);
  free(e->stageUse);
  free(e->funcs);
  free(e->arenaBytes);
  free(e->offsets);
}

static const char uploadHelper[] =
    "/* A global's device copy: `count` copies of `unit` bytes (zeros when\n"
    " * unit is 0). */\n"
    "static char *apUpload(const unsigned char *host, int64_t unit, int64_t count) {\n"
    "  int64_t bytes = unit * count;\n"
    "  char *dev = (char *)apcuAlloc(bytes > 0 ? (size_t)bytes : 1);\n"
    "  if (unit == 0)\n"
    "    return dev;\n"
    "  unsigned char *t = (unsigned char *)malloc((size_t)bytes);\n"
    "  for (int64_t i = 0; i < count; ++i)\n"
    "    memcpy(t + i * unit, host, (size_t)unit);\n"
    "  apcuUpload(dev, t, (size_t)bytes);\n"
    "  free(t);\n"
    "  return dev;\n"
    "}\n\n";

/* The runtime makes the links between ranks that stage transfers use up
 * front, from their descriptors. */
static void emitStageLinks(apCuEmitter *e, apBuf *init) {
  apBuf descs = {0}, lens = {0}, dirs = {0};
  int n = 0;
  for (int i = 0; i < e->numGlobals; ++i) {
    if (!e->stageUse[i])
      continue;
    MlirType t = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(e->globals[i], str("type")));
    apBufPrintf(&descs, "%s(const int64_t *)ap_gh%d", n ? ", " : "", i);
    apBufPrintf(&lens, "%s%lldLL", n ? ", " : "", (long long)mlirShapedTypeGetDimSize(t, 0));
    apBufPrintf(&dirs, "%s%d", n ? ", " : "", e->stageUse[i] == 1);
    ++n;
  }
  if (n)
    apBufPrintf(init,
                "  static const int64_t *const links[] = {%s};\n"
                "  static const int64_t lens[] = {%s};\n"
                "  static const int isSend[] = {%s};\n"
                "  apcuStageLinks(%d, links, lens, isSend);\n",
                descs.data, lens.data, dirs.data, n);
  apBufFree(&descs);
  apBufFree(&lens);
  apBufFree(&dirs);
}

static bool emitAll(apCuEmitter *e, apBuf *header, apBuf *init) {
  apCuUnit *program = unitFor(e, "program");
  if (!program)
    return false;
  apBufPrintf(header, "/* Generated by ap-opt --lower-to-cuda: what the units share. */\n"
                      "#pragma once\n#include \"ApCuda.h\"\n\n#include <stdlib.h>\n\n");
  apBuf defs = {0};
  bool ok = emitGlobals(e, header, &defs, init);
  for (int i = 0; i < e->numFuncs && ok; ++i) {
    char name[32];
    unitName(symName(e->funcs[i]), name, sizeof name);
    e->unit = unitFor(e, name);
    if (!e->unit)
      return false;
    apBufPrintf(header, "extern char *ap_arena%d;\n", i);
    apCuPrototype(e, header, e->funcs[i]);
    ok = apCuEmitFunction(e, e->funcs[i], i) && !e->failed;
    apBufPrintf(&defs, "char *ap_arena%d;\n", i);
    if (ok && e->arenaBytes[i] > 0)
      apBufPrintf(init, "  ap_arena%d = (char *)apcuAlloc(%lldLL);\n", i,
                  (long long)e->arenaBytes[i]);
  }
  emitStageLinks(e, init);
  apBufPrintf(header, "void apProgramInit(void);\n");
  program = &e->units[0];
  apBuf lead = {0};
  apBufPrintf(&lead, "%s\n%s", defs.data ? defs.data : "", uploadHelper);
  apBufFree(&defs);
  /* program.cu leads with the definitions. */
  apBuf host = program->host;
  program->host = lead;
  if (host.data)
    apBufPrintf(&program->host, "%s", host.data);
  apBufFree(&host);
  return ok;
}

bool apEmitCuda(MlirOperation module, const char *dir) {
  apCuEmitter e;
  memset(&e, 0, sizeof e);
  e.module = module;
  apCuCounts c = {0, 0};
  bool counted = collect(&e, &c);
  int numValues = c.values, numAllocs = c.allocs;
  e.arenaBytes = calloc((size_t)e.numFuncs + 1, sizeof *e.arenaBytes);
  e.offsets = calloc((size_t)numAllocs + 1, sizeof *e.offsets);
  if (!counted || !e.arenaBytes || !e.offsets || !apPtrMapInit(&e.names, (size_t)numValues) ||
      !apPtrMapInit(&e.globalOf, (size_t)numValues) ||
      !apPtrMapInit(&e.allocOffset, (size_t)numAllocs + 1)) {
    mlirEmitError(mlirOperationGetLocation(module), "--lower-to-cuda: out of memory");
    freeEmitter(&e);
    return false;
  }
  apBuf header = {0}, init = {0};
  bool ok = emitAll(&e, &header, &init) && !e.failed;
  /* main runs @ap_main (the harness), else times the first public
   * function. */
  MlirOperation entry = {NULL};
  bool hasMain = false;
  for (int i = 0; i < e.numFuncs; ++i)
    hasMain = hasMain || mlirStringRefEqual(symName(e.funcs[i]), str("ap_main"));
  for (int i = 0; i < e.numFuncs && !hasMain && !entry.ptr; ++i)
    if (!isPrivate(e.funcs[i]))
      entry = e.funcs[i];
  apBuf *texts = calloc((size_t)e.numUnits, sizeof *texts);
  apCuFile *files = calloc((size_t)e.numUnits + 10, sizeof *files);
  apBuf make = {0};
  int n = 0;
  if (ok && texts && files) {
    apBufPrintf(&make, "UNITS =");
    for (int i = 0; i < e.numUnits; ++i) {
      apCuUnit *u = &e.units[i];
      apBufPrintf(&texts[i],
                  "/* Generated by ap-opt --lower-to-cuda. */\n#include \"program.h\"\n\n"
                  "%s\n%s",
                  u->kernels.data ? u->kernels.data : "", u->host.data ? u->host.data : "");
      if (i == 0) {
        apBufPrintf(&texts[i], "void apProgramInit(void) {\n%s}\n", init.data ? init.data : "");
        if (hasMain)
          apBufPrintf(&texts[i], "\nint main(int argc, char **argv) {\n  apcuInit(&argc, &argv);\n"
                                 "  apProgramInit();\n  ap_ap__main();\n  apcuFinalize();\n"
                                 "  return 0;\n}\n");
        else if (entry.ptr)
          apCuBenchMain(&e, &texts[i], entry);
      }
      char *fname = malloc(strlen(u->name) + 4);
      sprintf(fname, "%s.cu", u->name);
      files[n++] = (apCuFile){fname, texts[i].data};
      apBufPrintf(&make, " %s", fname);
      ok = ok && !texts[i].failed;
    }
    apBufPrintf(&make, "\n%s", apCudaRtMakefile);
    files[n++] = (apCuFile){"program.h", header.data};
    files[n++] = (apCuFile){"Makefile", make.data};
    files[n++] = (apCuFile){"ApCuda.h", apCudaRtApCudaH};
    files[n++] = (apCuFile){"ApCuDevice.h", apCudaRtApCuDeviceH};
    files[n++] = (apCuFile){"ApCuCommon.c", apCudaRtApCuCommonC};
    files[n++] = (apCuFile){"ApCuComm.c", apCudaRtApCuCommC};
    files[n++] = (apCuFile){"ApCuEmu.c", apCudaRtApCuEmuC};
    files[n++] = (apCuFile){"ApCuRuntime.cu", apCudaRtApCuRuntimeCu};
    files[n++] = (apCuFile){"ApRt.h", apCudaRtApRtH};
    files[n++] = (apCuFile){"ApRtMpi.c", apCudaRtApRtMpiC};
    ok = ok && !header.failed && !make.failed && writeFiles(module, dir, files, n);
  } else if (ok) {
    mlirEmitError(mlirOperationGetLocation(module), "--lower-to-cuda: out of memory");
    ok = false;
  }
  for (int i = 0; i < e.numUnits && files && texts; ++i) {
    free((char *)files[i].name);
    apBufFree(&texts[i]);
  }
  free(files);
  free(texts);
  apBufFree(&make);
  apBufFree(&header);
  apBufFree(&init);
  freeEmitter(&e);
  return ok;
}
