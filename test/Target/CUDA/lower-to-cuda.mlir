// --lower-to-cuda on a small step: a matmul goes to cuBLAS (with its own
// kernel as the fallback), elementwise and reduction generics become
// kernels with the ops' bodies (fusion.mlir tests fusion more closely), the
// all-reduce a runtime call with its descriptor, buffers offsets into one
// arena. The output is deterministic.
// RUN: rm -rf %t && ap-opt %s --lower-to-cuda=dir=%t -o %t.mlir
// RUN: FileCheck %s --input-file=%t/program.cu
// RUN: FileCheck %s --check-prefix=HDR --input-file=%t/program.h
// RUN: FileCheck %s --check-prefix=MAKE --input-file=%t/Makefile
// RUN: rm -rf %t.again && ap-opt %s --lower-to-cuda=dir=%t.again -o %t.again.mlir
// RUN: diff -r %t %t.again

#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>
#row = affine_map<(i, j) -> (i)>

shard.grid @g(shape = 2)

func.func @step(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %bias: tensor<4xf32>)
    -> (tensor<8x4xf32>, tensor<8xf32>) {
  %c0 = arith.constant 0.0 : f32
  %z = tensor.empty() : tensor<8x4xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%z : tensor<8x4xf32>) -> tensor<8x4xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x4xf32>)
                      outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
  %sum = shard.all_reduce %mm on @g grid_axes = [0] : tensor<8x4xf32> -> tensor<8x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #col, #id],
                          iterator_types = ["parallel", "parallel"]}
      ins(%sum, %bias : tensor<8x4xf32>, tensor<4xf32>) outs(%z : tensor<8x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %s, %c0 : f32
    linalg.yield %r : f32
  } -> tensor<8x4xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %e8 = tensor.empty() : tensor<8xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e8 : tensor<8xf32>) -> tensor<8xf32>
  %max = linalg.generic {indexing_maps = [#id, #row],
                         iterator_types = ["parallel", "reduction"]}
      ins(%relu : tensor<8x4xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%x: f32, %m: f32):
    %r = arith.maximumf %x, %m : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  return %relu, %max : tensor<8x4xf32>, tensor<8xf32>
}

// The fill: a scalar parameter, the output written, never read.
// CHECK-LABEL: AP_KERNEL program_k0(float a0, apCuView a1) {
// CHECK:         if (t >= 32LL)
// CHECK:         float x0;
// CHECK-NEXT:    const float x1 = a0;

// The matmul's fallback kernel: one thread per (m, n), k inside.
// CHECK-LABEL: AP_KERNEL program_k1(apCuView a0, apCuView a1, apCuView a2) {
// CHECK:         int64_t d1 = t % 4LL;
// CHECK:         int64_t d0 = t % 8LL;
// CHECK:         float x0 = ((const float *)a2.ptr)[0 + d0 * 4LL + d1 * 1LL];
// CHECK-NEXT:    for (int64_t d2 = 0; d2 < 16LL; ++d2) {
// CHECK-NEXT:      const float x1 = ((const float *)a0.ptr)[0 + d0 * 16LL + d2 * 1LL];
// CHECK-NEXT:      const float x2 = ((const float *)a1.ptr)[0 + d2 * 4LL + d1 * 1LL];
// CHECK-NEXT:      float x3 = x1 * x2;
// CHECK-NEXT:      float x4 = x0 + x3;
// CHECK-NEXT:      x0 = x4;
// CHECK-NEXT:    }
// CHECK-NEXT:    ((float *)a2.ptr)[0 + d0 * 4LL + d1 * 1LL] = x0;

// Bias + relu, the -inf fill and the row maximum fuse into one kernel, a
// thread per row: the fill is the maximum's initial value, relu runs inside
// the reduction loop (its result stored: the step returns it), the
// broadcast operand is indexed by d1 alone and the constant relu captures
// is rebuilt inside.
// CHECK-LABEL: AP_KERNEL program_k2(apCuView a0, apCuView a1, apCuView a2, float a3, apCuView a4, apCuView a5, apCuView a6) {
// CHECK:         if (t >= 8LL)
// CHECK:         float x0 = (float)0x0p+0;
// CHECK-NEXT:    const float x1 = a3;
// CHECK-NEXT:    float x2 = x1;
// CHECK-NEXT:    for (int64_t d1 = 0; d1 < 4LL; ++d1) {
// CHECK-NEXT:      const float x3 = ((const float *)a0.ptr)[0 + d0 * 4LL + d1 * 1LL];
// CHECK-NEXT:      const float x4 = ((const float *)a1.ptr)[0 + d1 * 1LL];
// CHECK-NEXT:      float x5 = x3 + x4;
// CHECK-NEXT:      float x6 = apMaximumF(x5, x0);
// CHECK-NEXT:      ((float *)a2.ptr)[0 + d0 * 4LL + d1 * 1LL] = x6;
// CHECK-NEXT:      const float x7 = x6;
// CHECK-NEXT:      float x8 = apMaximumF(x7, x2);
// CHECK-NEXT:      x2 = x8;
// CHECK-NEXT:    }
// CHECK-NEXT:    ((float *)a6.ptr)[0 + d0 * 1LL] = x2;

// The host function: results are out-parameters, the all-reduce's result a
// buffer in the arena; the matmul tries cuBLAS, which writes the result
// itself when the fill before it is of zeros (beta 0), and falls back to
// the fill and its kernel.
// CHECK-LABEL: void ap_step(apCuView v0, apCuView v1, apCuView v2, apCuView v3, apCuView v4) {
// CHECK-NEXT:    char *arena = ap_arena0;
// CHECK:         float [[NINF:v[0-9]+]] = (float)-INFINITY;
// CHECK:         float [[ZERO:v[0-9]+]] = (float)0x0p+0;
// CHECK:         static const int role[] = {AP_CU_M, AP_CU_N, AP_CU_K};
// CHECK-NEXT:    static const int64_t ext[] = {8LL, 4LL, 16LL};
// CHECK-NEXT:    static const int da[] = {0, -1, 1};
// CHECK-NEXT:    static const int db[] = {-1, 1, 0};
// CHECK-NEXT:    static const int dc[] = {0, 1, -1};
// CHECK-NEXT:    const int zero = [[ZERO]] == 0;
// CHECK-NEXT:    if (!zero)
// CHECK-NEXT:      AP_LAUNCH(program_k0, 32LL, [[ZERO]], v3);
// CHECK-NEXT:    if (!apcuTryGemm(AP_CU_F32, AP_CU_F32, !zero, 3, role, ext, v0, da, v1, db, v3, dc)) {
// CHECK-NEXT:      if (zero)
// CHECK-NEXT:        AP_LAUNCH(program_k0, 32LL, [[ZERO]], v3);
// CHECK-NEXT:      AP_LAUNCH(program_k1, 32LL, v0, v1, v3);
// CHECK-NEXT:    }
// CHECK-NEXT:  }
// CHECK:         apCuView [[SUM:v[0-9]+]] = {arena + 0LL, {8LL, 4LL}, {4LL, 1LL}, 2};
// CHECK-NEXT:    ap_ap_drt_dall__reduce_d0(v3, [[SUM]]);
// CHECK-NEXT:    AP_LAUNCH(program_k2, 8LL, [[SUM]], v2, v3, [[NINF]], v4, v3, v4);

// The all-reduce helper: the runtime call with its descriptor's host copy.
// CHECK-LABEL: void ap_ap_drt_dall__reduce_d0(
// CHECK:         apCuView [[D:v[0-9]+]] = {ap_gd0, {7LL}, {1LL}, 1};
// CHECK:         apcuCollective(AP_CU_ALL_REDUCE, AP_CU_F32, 2, v{{[0-9]+}}, 2, v{{[0-9]+}}, (const int64_t *)ap_gh0, 7LL);

// CHECK-LABEL: void apProgramInit(void) {
// CHECK-NEXT:    ap_gd0 = apUpload(ap_gh0, 56LL, 1LL);
// CHECK-NEXT:    ap_arena0 = (char *)apcuAlloc(256LL);
// CHECK-NEXT:  }
// Without the harness's @ap_main, main() times the public function on
// zeroed buffers.
// CHECK-LABEL: int main(int argc, char **argv) {
// CHECK:         apCuView v0 = {(char *)apcuAlloc(512LL), {8LL, 16LL}, {16LL, 1LL}, 2};
// CHECK:         apCuView v4 = {(char *)apcuAlloc(32LL), {8LL}, {1LL}, 1};
// CHECK-NEXT:    const int iters = apcuBenchIterations();
// CHECK-NEXT:    ap_step(v0, v1, v2, v3, v4);
// CHECK-NEXT:    double start = apcuSeconds();
// CHECK-NEXT:    for (int i = 0; i < iters; ++i)
// CHECK-NEXT:      ap_step(v0, v1, v2, v3, v4);
// CHECK-NEXT:    apcuBenchReport("@step", iters, apcuSeconds() - start);

// HDR: #include "ApCuda.h"
// HDR: extern const unsigned char ap_gh0[];
// HDR: extern char *ap_arena0;
// HDR-NEXT: void ap_step(apCuView v0, apCuView v1, apCuView v2, apCuView v3, apCuView v4);

// MAKE: UNITS = program.cu
// MAKE: program: $(DEPS) ApCuRuntime.cu
// MAKE: program-emu: $(DEPS) ApCuEmu.c
