// RUN: ap-opt %s --ap-harness | FileCheck %s
// RUN: ap-opt %s --ap-harness=reference=true | FileCheck %s --check-prefix=REF
// RUN: ap-opt %s --ap-harness --inline --shard-partition | FileCheck %s --check-prefix=SPMD

// @ap_step fills the argument, reshards it from replicated to [[0, 1]] one
// axis at a time, calls the step, and gathers its [[0]] result back to
// replicated; @ap_main reports it.
// CHECK-LABEL: func.func private @step(
// CHECK-LABEL: func.func @ap_step() -> tensor<8x4xf32>
// CHECK: %[[F:.*]] = linalg.generic {{.*}} outs(
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.uitofp
// CHECK: %[[R0:.*]] = shard.sharding @g split_axes = {{\[\[}}]]
// CHECK: %[[A0:.*]] = shard.shard %[[F]] to %[[R0]] : tensor<8x4xf32>
// CHECK: %[[S1:.*]] = shard.sharding @g split_axes = {{\[\[}}0]]
// CHECK: %[[A1:.*]] = shard.shard %[[A0]] to %[[S1]] annotate_for_users
// CHECK: %[[S2:.*]] = shard.sharding @g split_axes = {{\[\[}}0, 1]]
// CHECK: %[[A2:.*]] = shard.shard %[[A1]] to %[[S2]] annotate_for_users
// CHECK: %[[C:.*]] = call @step(%[[A2]])
// CHECK: shard.sharding @g split_axes = {{\[\[}}0]]
// CHECK: shard.sharding @g split_axes = {{\[\[}}]]
// CHECK: %[[G:.*]] = shard.shard %{{.*}} annotate_for_users : tensor<8x4xf32>
// CHECK: return %[[G]]
// CHECK-LABEL: func.func @ap_main()
// CHECK: call @ap_step()
// CHECK: call @ap_rt_report_f32(
// CHECK: func.func private @ap_rt_report_f32(memref<*xf32>, i64)

// REF-NOT: shard.
// REF: func.func @ap_step()
// REF: call @step(

// The partitioned step: each rank's argument a 2x4 slice, then the step's
// own reshard, then the harness's gather.
// SPMD-LABEL: func.func @ap_step()
// SPMD: shard.all_slice {{.*}} grid_axes = [0] slice_axis = 0 : tensor<8x4xf32> -> tensor<4x4xf32>
// SPMD: shard.all_slice {{.*}} grid_axes = [1] slice_axis = 0 : tensor<4x4xf32> -> tensor<2x4xf32>
// SPMD: shard.all_gather {{.*}} grid_axes = [1] gather_axis = 0 : tensor<2x4xf32> -> tensor<4x4xf32>
// SPMD: shard.all_gather {{.*}} grid_axes = [0] gather_axis = 0 : tensor<4x4xf32> -> tensor<8x4xf32>

shard.grid @g(shape = 2x2)
func.func @step(%x: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %s = shard.sharding @g split_axes = [[0, 1]] : !shard.sharding
  %xa = shard.shard %x to %s : tensor<8x4xf32>
  %t = shard.sharding @g split_axes = [[0]] : !shard.sharding
  %xb = shard.shard %xa to %t annotate_for_users : tensor<8x4xf32>
  return %xb : tensor<8x4xf32>
}
