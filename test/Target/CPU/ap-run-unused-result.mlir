// An op with a result nothing reads (torch-mlir's max with its unused
// argmax): auto-shard annotates it, the inliner's default clean-up would
// erase that annotation and upstream's shard-partition would then crash, so
// ap-run inlines without it; the split op must still match the reference.
// REQUIRES: mpi
// RUN: ap-opt %s --auto-shard="cluster=%S/../../Passes/Inputs/mesh2.json summary=false" -o %t.mlir
// RUN: FileCheck %s --check-prefix=ANNOT < %t.mlir
// ANNOT: shard.shard %{{[0-9]+}}#1 to
// RUN: ap-run %t.mlir | FileCheck %s
// CHECK: ap-run: all 1 results match
#m2 = affine_map<(d0, d1) -> (d0, d1)>
#m1 = affine_map<(d0, d1) -> (d0)>
func.func @rowmax(%x: tensor<8x4xf32> {ap.role = "data"}) -> tensor<8xf32> {
  %lo = arith.constant -1.0e30 : f32
  %z = arith.constant 0 : i64
  %e = tensor.empty() : tensor<8xf32>
  %ei = tensor.empty() : tensor<8xi64>
  %m0 = linalg.fill ins(%lo : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %i0 = linalg.fill ins(%z : i64) outs(%ei : tensor<8xi64>) -> tensor<8xi64>
  %r:2 = linalg.generic {indexing_maps = [#m2, #m1, #m1], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<8x4xf32>) outs(%m0, %i0 : tensor<8xf32>, tensor<8xi64>) {
  ^bb0(%in: f32, %m: f32, %i: i64):
    %k = linalg.index 1 : index
    %ki = arith.index_cast %k : index to i64
    %gt = arith.cmpf ogt, %in, %m : f32
    %mx = arith.maximumf %in, %m : f32
    %ix = arith.select %gt, %ki, %i : i64
    linalg.yield %mx, %ix : f32, i64
  } -> (tensor<8xf32>, tensor<8xi64>)
  return %r#0 : tensor<8xf32>
}
