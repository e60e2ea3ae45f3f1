// RUN: ap-opt %s --split-input-file --ap-shard-to-runtime | FileCheck %s
// RUN: ap-opt %s --split-input-file --lower-to-cpu | FileCheck %s --check-prefix=LLVM

// A gather becomes a call of a private helper that passes the tensors as
// unranked memrefs and [gather_axis, grid rank, grid shape, #axes, axes, first rank, world].
// CHECK-NOT: shard.
// CHECK-LABEL: func.func @gather(
// CHECK: %[[R:.*]] = call @[[H:.*]](%arg0) : (tensor<2x8xf32>) -> tensor<2x16xf32>
// CHECK: return %[[R]]
// CHECK: func.func private @ap_rt_all_gather_f32(memref<*xf32>, memref<*xf32>, memref<*xi64>)
// CHECK: func.func private @[[H]](%{{.*}}: tensor<2x8xf32>) -> tensor<2x16xf32>
// CHECK: arith.constant dense<[1, 2, 2, 2, 1, 1, 0, 4]> : tensor<8xi64>
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
// CHECK: arith.constant dense<[2, 4, 2, 2, 0, 1, 0, 8]> : tensor<8xi64>
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

// -----

// Pipelined modules: ap.send/ap.recv pass [tag, peer stage, world, stages,
// (first device, devices) per stage, split] from ap.pipeline and the op's
// `split` (unit, 1: shares and an all-gather by the whole receiving stage;
// an integer g: in runs of g receivers); a stage grid's collectives carry
// its first device; ap.schedule, a record, is dropped.
// CHECK-LABEL: func.func @xfer(
// CHECK: call @[[S:ap.rt.stage_send.[0-9]+]](%arg0) : (tensor<4xf32>) -> ()
// CHECK: call @[[R:ap.rt.stage_recv.[0-9]+]]() : () -> tensor<4xf32>
// CHECK-NOT: ap.schedule
// CHECK: func.func private @[[S]](%{{.*}}: tensor<4xf32>)
// CHECK: arith.constant dense<[7, 1, 3, 2, 0, 1, 1, 2, 0]> : tensor<9xi64>
// CHECK: call @ap_rt_stage_send_f32(
// CHECK: func.func private @[[R]]() -> tensor<4xf32>
// CHECK: arith.constant dense<[7, 0, 3, 2, 0, 1, 1, 2, 1]> : tensor<9xi64>
// CHECK: call @ap_rt_stage_recv_f32(
// CHECK: func.func private @{{ap.rt.stage_send.[0-9]+}}(%{{.*}}: tensor<4xf32>)
// CHECK: arith.constant dense<[8, 1, 3, 2, 0, 1, 1, 2, 2]> : tensor<9xi64>
// CHECK: arith.constant dense<[1, 1, 2, 1, 0, 1, 3]> : tensor<7xi64>
// CHECK: call @ap_rt_all_reduce_f32(
module attributes {ap.pipeline = {micro_batches = 1 : i64, schedule = "1f1b", stages = [{first_device = 0 : i64, layers = array<i64: 0, 0>, submesh = array<i64: 1, 1>}, {first_device = 1 : i64, layers = array<i64: 1, 1>, submesh = array<i64: 1, 2>}]}} {
  shard.grid @world(shape = 3)
  shard.grid @stage1(shape = 2) {ap.first_device = 1 : i64}
  "ap.schedule"() {kind = "1f1b", microbatches = 1 : i64, stages = [@xfer], order = [array<i64: 0, 0>]} : () -> ()
  func.func @xfer(%x: tensor<4xf32>) -> tensor<4xf32> {
    "ap.send"(%x) {peer = 1 : i64, tag = 7 : i64} : (tensor<4xf32>) -> ()
    %y = "ap.recv"() {peer = 0 : i64, split, tag = 7 : i64} : () -> tensor<4xf32>
    "ap.send"(%x) {peer = 1 : i64, split = 2 : i64, tag = 8 : i64} : (tensor<4xf32>) -> ()
    %z = shard.all_reduce %y on @stage1 grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
    return %z : tensor<4xf32>
  }
}
