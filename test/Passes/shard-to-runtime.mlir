// RUN: ap-opt %s --split-input-file --ap-shard-to-runtime | FileCheck %s
// RUN: ap-opt %s --split-input-file --lower-to-cpu | FileCheck %s --check-prefix=LLVM

// A gather becomes a call of a private helper that passes the tensors as
// unranked memrefs and [gather_axis, grid rank, grid shape, #axes, axes].
// CHECK-NOT: shard.
// CHECK-LABEL: func.func @gather(
// CHECK: %[[R:.*]] = call @[[H:.*]](%arg0) : (tensor<2x8xf32>) -> tensor<2x16xf32>
// CHECK: return %[[R]]
// CHECK: func.func private @ap_rt_all_gather_f32(memref<*xf32>, memref<*xf32>, memref<*xi64>)
// CHECK: func.func private @[[H]](%{{.*}}: tensor<2x8xf32>) -> tensor<2x16xf32>
// CHECK: arith.constant dense<[1, 2, 2, 2, 1, 1]> : tensor<6xi64>
// CHECK: bufferization.to_buffer %{{.*}} read_only : tensor<2x8xf32> to memref<2x8xf32, strided<[?, ?], offset: ?>>
// CHECK: memref.alloc() : memref<2x16xf32>
// CHECK: call @ap_rt_all_gather_f32(
// CHECK: bufferization.to_tensor %{{.*}} restrict : memref<2x16xf32> to tensor<2x16xf32>
// LLVM-LABEL: llvm.func @gather(
// LLVM: llvm.call @ap_rt_all_gather_f32(
shard.grid @g(shape = 2x2)
func.func @gather(%x: tensor<2x8xf32>) -> tensor<2x16xf32> {
  %y = shard.all_gather %x on @g grid_axes = [1] gather_axis = 1 : tensor<2x8xf32> -> tensor<2x16xf32>
  return %y : tensor<2x16xf32>
}

// -----

// Process indices read the rank at run time; the grid shape is a constant.
// CHECK-LABEL: func.func @index(
// CHECK: call @{{.*}}() : () -> (index, index)
// CHECK: func.func private @ap_rt_process_index(memref<*xi64>, i64) -> i64
// CHECK: arith.constant dense<[2, 4, 2, 2, 0, 1]> : tensor<6xi64>
// CHECK-COUNT-2: call @ap_rt_process_index(
// CHECK: arith.constant 4 : index
// CHECK-NEXT: arith.constant 2 : index
shard.grid @g(shape = 4x2)
func.func @index() -> (index, index, index, index) {
  %i:2 = shard.process_multi_index on @g : index, index
  %s:2 = shard.grid_shape @g axes = [0, 1] : index, index
  return %i#0, %i#1, %s#0, %s#1 : index, index, index, index
}

// -----

// A gathered buffer that does not escape is freed.
// LLVM-LABEL: llvm.func @freed(
// LLVM: llvm.call @malloc(
// LLVM: llvm.call @ap_rt_all_reduce_f32(
// LLVM: llvm.call @free(
// LLVM: llvm.return
shard.grid @g(shape = 2)
func.func @freed(%x: tensor<8xf32>) -> f32 {
  %y = shard.all_reduce %x on @g grid_axes = [0] : tensor<8xf32> -> tensor<8xf32>
  %c0 = arith.constant 0 : index
  %e = tensor.extract %y[%c0] : tensor<8xf32>
  return %e : f32
}
