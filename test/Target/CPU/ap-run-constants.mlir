// A constant tensor of distinct values (torch-mlir bakes a module's weights
// so) read by a split matmul: upstream's shard-partition fails without a
// message on any but a splat constant, so auto-shard moves it into a private
// function (replicated, resharded where read); the result matches.
// REQUIRES: mpi
// RUN: ap-opt %s --auto-shard="cluster=%S/../../Passes/Inputs/mesh2.json" -o %t.mlir 2>&1 | FileCheck %s --check-prefix=SUMMARY
// SUMMARY: 1 ops upstream's partitioner cannot take (windowed indexing maps, constants of distinct values)
// RUN: FileCheck %s --check-prefix=IR < %t.mlir
// IR: call @ap.outlined.0() {no_inline} : () -> tensor<4x2xf32>
// IR: func.func private @ap.outlined.0() -> tensor<4x2xf32>
// IR-NEXT: arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00]
// RUN: ap-run %t.mlir | FileCheck %s
// CHECK: ap-run: all 1 results match
func.func @f(%x: tensor<8x4xf32> {ap.role = "data"}) -> tensor<8x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, -4.0], [0.5, 0.25], [-1.0, 8.0]]> : tensor<4x2xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x2xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x2xf32>) -> tensor<8x2xf32>
  %m = linalg.matmul ins(%x, %w : tensor<8x4xf32>, tensor<4x2xf32>) outs(%f : tensor<8x2xf32>) -> tensor<8x2xf32>
  return %m : tensor<8x2xf32>
}
