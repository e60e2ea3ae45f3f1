// What torch-mlir leaves that ap-opt cannot plan gets an error at its
// location and no output: torch dialect leftovers (a step not lowered to
// builtin tensors) and torch-mlir's TMTensor ops (nn.Embedding's and
// F.cross_entropy's backward scatter). Both parse with unregistered
// dialects allowed, as torch-mlir prints them in generic form. Module state
// as ml_program globals is likewise an error at the load.
// RUN: not ap-opt %s --split-input-file --allow-unregistered-dialect --auto-shard="cluster=%S/../Passes/Inputs/mesh2.json summary=false" -o %t.out 2>&1 | FileCheck %s
// RUN: not test -e %t.out

// CHECK: torch-errors.mlir:[[@LINE+1]]:1: error: auto-shard: argument #0 has a type of the 'torch' dialect, not a builtin tensor: lower the step to linalg on tensors first
"func.func"() <{function_type = (!torch.vtensor<[2,8],f32>) -> !torch.vtensor<[2,8],f32>, sym_name = "main"}> ({
^bb0(%arg0: !torch.vtensor<[2,8],f32>):
  %0 = "torch.aten.relu"(%arg0) : (!torch.vtensor<[2,8],f32>) -> !torch.vtensor<[2,8],f32>
  "func.return"(%0) : (!torch.vtensor<[2,8],f32>) -> ()
}) : () -> ()

// -----

// CHECK: torch-errors.mlir:[[@LINE+4]]:8: error: auto-shard: no sharding rule for 'tm_tensor.scatter'
"func.func"() <{function_type = (tensor<4xf32>, tensor<4x2xi64>, tensor<4x8xf32>) -> tensor<4x8xf32>, sym_name = "main"}> ({
^bb0(%u: tensor<4xf32>, %i: tensor<4x2xi64>, %t: tensor<4x8xf32>):
  %0 = "tensor.empty"() : () -> tensor<4x8xf32>
  %1 = "tm_tensor.scatter"(%u, %i, %t) <{dimension_map = array<i64: 0, 1>, operandSegmentSizes = array<i32: 2, 1>, unique_indices = false}> ({
  ^bb0(%a: f32, %b: f32):
    "tm_tensor.yield"(%a) : (f32) -> ()
  }) : (tensor<4xf32>, tensor<4x2xi64>, tensor<4x8xf32>) -> tensor<4x8xf32>
  "func.return"(%1) : (tensor<4x8xf32>) -> ()
}) : () -> ()

// -----

// A module's state as ml_program globals (torch-mlir can keep buffers so):
// pass them as arguments instead.
"ml_program.global"() <{sym_name = "w", sym_visibility = "private", type = tensor<4xf32>, value = dense<1.0> : tensor<4xf32>}> : () -> ()
// CHECK: torch-errors.mlir:[[@LINE+3]]:8: error: auto-shard: no sharding rule for 'ml_program.global_load'
"func.func"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, sym_name = "main"}> ({
^bb0(%x: tensor<4xf32>):
  %0 = "ml_program.global_load"() <{global = @w}> : () -> tensor<4xf32>
  "func.return"(%0) : (tensor<4xf32>) -> ()
}) : () -> ()
