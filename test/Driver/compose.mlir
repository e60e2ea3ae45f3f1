// Upstream passes and ours compose in command-line order.
// RUN: ap-opt %s --canonicalize --ap-annotate-cluster=cluster=dgx-h100 --cse | FileCheck %s
// The same as a textual pipeline, ours inside it by name.
// RUN: ap-opt %s --pass-pipeline='builtin.module(canonicalize,ap-annotate-cluster{cluster=dgx-h100},cse)' | FileCheck %s
// And from stdin.
// RUN: ap-opt --canonicalize --ap-cluster=dgx-h100 --cse < %s | FileCheck %s

// CHECK: module attributes {ap.cluster = {{{.*}}mesh = [8]
// CHECK-LABEL: func.func @f
func.func @f(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  // canonicalize folds the multiplication by one away...
  // CHECK-NOT: arith.mulf
  %c1 = arith.constant dense<1.0> : tensor<4xf32>
  %a = arith.mulf %x, %c1 : tensor<4xf32>
  // ...and cse merges the two identical exps.
  // CHECK: %[[E:.*]] = math.exp %{{.*}} : tensor<4xf32>
  // CHECK-NOT: math.exp
  // CHECK: return %[[E]], %[[E]]
  %e1 = math.exp %a : tensor<4xf32>
  %e2 = math.exp %a : tensor<4xf32>
  return %e1, %e2 : tensor<4xf32>, tensor<4xf32>
}
