/* The CUDA emitter's shared state and its parts: CudaEmit.c (the module,
 * files, globals), CudaHost.c (host functions), CudaKernel.c (kernels from
 * linalg.generic and memref.copy), CudaFuse.c (which generics fuse),
 * CudaGemm.c (contractions to cuBLAS),
 * CudaScalar.c (arith/math ops as C++), CudaArena.c (buffer placement). */
#ifndef AP_TARGET_CUDA_CUDAEMIT_H
#define AP_TARGET_CUDA_CUDAEMIT_H

#include "ap/Analysis.h"
#include "ap/Buf.h"
#include "ap/PtrMap.h"

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stdint.h>

enum { AP_CU_EMIT_MAX_RANK = 8 };

/* One translation unit: the kernels it defines (kept once per text) and its
 * host functions. */
typedef struct {
  char *name; /* "program", "stage0", ... */
  apBuf kernels, host;
  char **kernelTexts;
  int numKernels;
} apCuUnit;

typedef struct {
  MlirOperation module;
  bool failed;
  apPtrMap names; /* value -> id: "v<id>" in host code */
  int nextName;
  apPtrMap globalOf; /* value -> index in globals (get_global and its casts) */
  MlirOperation *globals;
  int numGlobals;
  signed char *stageUse; /* per global: 1 a stage send's descriptor, 2 a recv's */
  apCuUnit *units;
  int numUnits;
  apCuUnit *unit;      /* the one being written */
  int64_t *arenaBytes; /* per function, by index in funcs */
  MlirOperation *funcs;
  int numFuncs;
  apPtrMap allocOffset; /* memref.alloc -> offset into its function's arena */
  int64_t *offsets;
  int numOffsets;
} apCuEmitter;

/* An error at op's location; the emission fails. */
#define apCuError(e, op, ...) (apEmitOpError((op), __VA_ARGS__), (e)->failed = true)
MlirStringRef apCuOpName(MlirOperation op);

/* Element types: storage type in memory, register type in code (bf16 values
 * live in float registers, rounded after every op), runtime enum, bytes. */
const char *apCuStorageType(MlirType t);
const char *apCuRegisterType(MlirType t);
const char *apCuRuntimeType(MlirType t);
int64_t apCuElemBytes(MlirType t);
bool apCuIsBf16(MlirType t);

/* Host names: "v<id>" for every value. */
void apCuName(apCuEmitter *e, apBuf *b, MlirValue v);
/* The C name of a function symbol (injective over symbol names). */
void apCuFuncName(apBuf *b, MlirStringRef symbol);

/* Scalar ops. nameOf appends the C name of a value. Emits
 * "<type> <name> = <expr>;" for op's one result; false (error reported) on
 * an op it cannot translate. */
typedef void (*apCuNameFn)(void *ctx, MlirValue v, apBuf *b);
bool apCuIsScalarOp(MlirOperation op);
bool apCuScalarOp(apCuEmitter *e, apBuf *b, MlirOperation op, apCuNameFn nameOf, void *ctx,
                  const char *indent);

/* Affine expression over loop variables "d<k>" as a C expression. */
bool apCuAffineExpr(apBuf *b, MlirAffineExpr x);
/* "(<v>.ptr)" indexed: the element offset of a view for map results given
 * as C expressions; static strides from `type` where it has them. */
void apCuIndex(apBuf *b, const char *view, MlirType type, MlirAffineMap map);

/* Kernels fuse runs of generics (CudaFuse.c): ops[i]'s one output is
 * operand[i] of ops[feeds[i]] (a later one), ops[i] all-parallel, so its
 * body runs where that op would load the operand (or, for the output of a
 * reduction, its initial value), in the last op's loops; store[i] says
 * whether ops[i] still writes its output for later readers. A lone op or
 * memref.copy is a chain of one. */
enum { AP_CU_MAX_FUSED = 8 };
typedef struct {
  MlirOperation ops[AP_CU_MAX_FUSED];
  int feeds[AP_CU_MAX_FUSED];
  int operand[AP_CU_MAX_FUSED];
  bool store[AP_CU_MAX_FUSED];
  int n;
} apCuChain;
/* The longest run of ops starting at op (a linalg.generic) that fuses;
 * op alone. */
void apCuChainFrom(MlirOperation op, apCuChain *chain);
void apCuChainOf(MlirOperation op, apCuChain *chain);
/* The memref ops that make a view of their first operand (the ones the
 * host code emits). */
bool apCuIsViewOp(MlirOperation op);

/* Kernels: the name of the kernel (defined in the current unit) for a
 * chain, its launch size and the scalars from outside the ops' bodies it
 * takes after the operands. */
enum { AP_CU_MAX_CAPTURES = 16 };
typedef struct {
  MlirValue values[AP_CU_MAX_CAPTURES];
  int count;
} apCuCaptures;
bool apCuKernel(apCuEmitter *e, const apCuChain *chain, char *name, int nameLen, int64_t *threads,
                apCuCaptures *cap);
/* ", <operands of every op...>, <captures...>);" of a launch. */
void apCuLaunchArgs(apCuEmitter *e, apBuf *b, const apCuChain *chain, const apCuCaptures *cap);
/* Emits the host code of the linalg.generic at op and of what it fuses
 * with: a kernel for its chain, cuBLAS where it is a contraction cuBLAS can
 * do (a zero fill just before folded into the call). Returns how many ops
 * it took, 0 on error. */
int apCuEmitGeneric(apCuEmitter *e, apBuf *b, MlirOperation op, const char *indent);
/* Whether a generic is A x B accumulated into C (then each loop's role:
 * 0 batch, 1 M, 2 N, 3 K, as the runtime's apcuTryGemm takes them). */
typedef struct {
  int numLoops;
  int role[AP_CU_EMIT_MAX_RANK * 2];
  MlirType ab, c;
} apCuContraction;
bool apCuMatchContraction(MlirOperation op, apCuContraction *out);

/* Host functions, and their prototypes for program.h. */
void apCuPrototype(apCuEmitter *e, apBuf *b, MlirOperation func);
bool apCuEmitFunction(apCuEmitter *e, MlirOperation func, int index);
/* A main() that times func on zeroed buffers (a module without the
 * harness's @ap_main). */
void apCuBenchMain(apCuEmitter *e, apBuf *b, MlirOperation func);

/* Places the function's memref.allocs in one arena by lifetime; records
 * each alloc's offset (e->allocOffset) and returns the arena's bytes, or
 * -1 (error reported). */
int64_t apCuPlanArena(apCuEmitter *e, MlirOperation func);

/* Operand list helpers for linalg ops. */
int apCuNumInputs(MlirOperation op);
MlirAffineMap apCuMap(MlirOperation op, int operand);

#endif
