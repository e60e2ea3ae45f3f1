// Kernel fusion in --lower-to-cuda: elementwise producers run inside the
// op that reads them (intermediates still stored where read later), a fill
// and an elementwise op both fused into the row reduction that reads them
// (one kernel per row), and a zero fill before a matmul becomes cuBLAS's
// beta = 0. The fused program computes what the CPU reference does.
// RUN: rm -rf %t && ap-opt %s --lower-to-cuda=dir=%t -o /dev/null
// RUN: FileCheck %s --input-file=%t/program.cu
// REQUIRES: mpi
// RUN: ap-opt %s --auto-shard="cluster=%S/Inputs/mesh1.json summary=false" -o %t.sharded.mlir
// RUN: ap-run %t.sharded.mlir --target cuda-emu | FileCheck %s --check-prefix=NUM
// RUN: ap-run %t.sharded.mlir --target cuda-emu --keep %t.kept > /dev/null
// RUN: env AP_CU_TRACE=1 AP_RT_REPORT=%t.report %mpiexec -n 1 %t.kept/partitioned-cuda/program-emu 2>&1 | FileCheck %s --check-prefix=TRACE
// RUN: ap-opt %t.sharded.mlir --ap-harness --inline=default-pipeline= --shard-partition --lower-to-cuda=dir=%t.again -o /dev/null
// RUN: diff %t.kept/partitioned-cuda/program.cu %t.again/program.cu
// RUN: diff %t.kept/partitioned-cuda/program.h %t.again/program.h

// NUM-COUNT-5: ok
// NUM: ap-run: all 5 results match
// TRACE: ap-cuda: gemm NN beta=0

// 2x, exp and + y^T in one kernel; 2x goes to an argument buffer that
// bufferization reuses (not an alloc: stored), exp is a result (stored).
// CHECK-LABEL: AP_KERNEL program_k0(apCuView a0, apCuView a1, apCuView a2, apCuView a3, apCuView a4, apCuView a5, apCuView a6) {
// CHECK:         float [[X:x[0-9]+]] = {{.*}} * x0;
// CHECK-NEXT:    ((float *)a1.ptr)[0 + d0 * 16LL + d1 * 1LL] = [[X]];
// CHECK:         float [[E:x[0-9]+]] = expf(
// CHECK-NEXT:    ((float *)a3.ptr)[0 + d0 * 16LL + d1 * 1LL] = [[E]];
// CHECK:         = ((const float *)a5.ptr)[0 + d1 * 8LL + d0 * 1LL];
// CHECK:         ((float *)a6.ptr)[0 + d0 * 16LL + d1 * 1LL] =

// The row sum of squares with its zero fill: one thread per row.
// CHECK-LABEL: AP_KERNEL program_k1(apCuView a0, apCuView a1, float a2, apCuView a3, apCuView a4, apCuView a5) {
// CHECK:         if (t >= 8LL)
// CHECK:         const float [[F:x[0-9]+]] = a2;
// CHECK-NEXT:    float [[ACC:x[0-9]+]] = [[F]];
// CHECK-NEXT:    for (int64_t d1 = 0; d1 < 16LL; ++d1) {
// CHECK:           float [[SQ:x[0-9]+]] = [[B:x[0-9]+]] * [[B]];
// CHECK-NEXT:      ((float *)a1.ptr)[0 + d0 * 16LL + d1 * 1LL] = [[SQ]];
// CHECK:         ((float *)a5.ptr)[0 + d0 * 1LL] = [[ACC]];

// CHECK-LABEL: void ap_step(
// CHECK:         AP_LAUNCH(program_k0, 128LL,
// CHECK-NEXT:    AP_LAUNCH(program_k1, 8LL,
// CHECK:         const int zero = {{v[0-9]+}} == 0;
// CHECK:         if (!apcuTryGemm(AP_CU_F32, AP_CU_F32, !zero,

#id = affine_map<(i, j) -> (i, j)>
#tr = affine_map<(i, j) -> (j, i)>
#row = affine_map<(i, j) -> (i)>

func.func @step(%x: tensor<8x16xf32>, %y: tensor<16x8xf32>, %w: tensor<16x4xf32>)
    -> (tensor<8x16xf32>, tensor<8xf32>, tensor<8x16xf32>, tensor<8x4xf32>, tensor<8x16xf32>) {
  %e = tensor.empty() : tensor<8x16xf32>
  %two = arith.constant 2.0 : f32
  // a = 2x (read once, by b)
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<8x16xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.mulf %v, %two : f32
    linalg.yield %r : f32
  } -> tensor<8x16xf32>
  // b = exp(a) (read by c and by the row sum: stored)
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8x16xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = math.exp %v : f32
    linalg.yield %r : f32
  } -> tensor<8x16xf32>
  // c = b + y^T (y read transposed)
  %c = linalg.generic {indexing_maps = [#id, #tr, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b, %y : tensor<8x16xf32>, tensor<16x8xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%u: f32, %v: f32, %o: f32):
    %r = arith.addf %u, %v : f32
    linalg.yield %r : f32
  } -> tensor<8x16xf32>
  // s = rowsum(b * b), its init a fill
  %zero = arith.constant 0.0 : f32
  %e8 = tensor.empty() : tensor<8xf32>
  %sq = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<8x16xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.mulf %v, %v : f32
    linalg.yield %r : f32
  } -> tensor<8x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e8 : tensor<8xf32>) -> tensor<8xf32>
  %s = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%sq : tensor<8x16xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.addf %v, %acc : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  // a matmul after a zero fill
  %e84 = tensor.empty() : tensor<8x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e84 : tensor<8x4xf32>) -> tensor<8x4xf32>
  %mm = linalg.matmul ins(%c, %w : tensor<8x16xf32>, tensor<16x4xf32>) outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %b, %s, %c, %mm, %sq : tensor<8x16xf32>, tensor<8xf32>, tensor<8x16xf32>, tensor<8x4xf32>, tensor<8x16xf32>
}
