// A windowed linalg op (a 1-D convolution: map d1 + d2) is replicated and
// moved into a private function called with no_inline, which upstream's
// shard-partition copies to every device (it rejects the op itself).
// RUN: ap-opt %s --auto-shard="cluster=%S/Inputs/mesh2.json summary=false" | FileCheck %s
// RUN: ap-opt %s --auto-shard="cluster=%S/Inputs/mesh2.json summary=false" --shard-partition | FileCheck %s --check-prefix=SPMD

// CHECK-LABEL: func.func @conv(
// CHECK-NOT: linalg.generic
// CHECK: %[[C:.*]] = call @ap.outlined.0(%{{.*}}, %{{.*}}, %{{.*}}) {no_inline} : (tensor<8x6xf32>, tensor<3xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK: shard.shard %[[C]] to
// CHECK: func.func private @ap.outlined.0(%{{.*}}: tensor<8x6xf32>, %{{.*}}: tensor<3xf32>, %{{.*}}: tensor<8x4xf32>) -> tensor<8x4xf32> attributes {ap.outlined}
// CHECK-NEXT: linalg.generic
// CHECK-NOT: shard.
// CHECK: return

// SPMD-LABEL: func.func @conv(
// SPMD: call @ap.outlined.0({{.*}}) {no_inline} : (tensor<8x6xf32>, tensor<3xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>

func.func @conv(%x: tensor<8x6xf32>, %w: tensor<3xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1 + d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<8x6xf32>, tensor<3xf32>) outs(%e : tensor<8x4xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}
