// Upstream passes anchored on functions (shard-partition is a
// FunctionOpInterface pass, which mlir-opt 22 refuses at module level) are
// nested under func.func by the driver.
// RUN: ap-opt %s --shard-partition | FileCheck %s

shard.grid @g(shape = 4)
// CHECK-LABEL: func.func @f
// CHECK-SAME: tensor<2x8xf32>
func.func @f(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %s = shard.sharding @g split_axes = [[0]] : !shard.sharding
  %r = shard.sharding @g split_axes = [[]] : !shard.sharding
  %a = shard.shard %x to %s : tensor<8x8xf32>
  %b = shard.shard %a to %r annotate_for_users : tensor<8x8xf32>
  // CHECK: shard.all_gather %{{.*}} on @g grid_axes = [0] gather_axis = 0 : tensor<2x8xf32> -> tensor<8x8xf32>
  return %b : tensor<8x8xf32>
}
