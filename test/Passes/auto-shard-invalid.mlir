// Unsupported input gets a located diagnostic, exit 1 and no output.
// RUN: ap-opt %s --split-input-file --verify-diagnostics --auto-shard="cluster=%S/Inputs/mesh4.json summary=false"

// expected-error @below {{auto-shard: argument #0 has a dynamic or unranked tensor type; only static shapes can be planned}}
func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

func.func private @callee(tensor<4x4xf32>) -> tensor<4x4xf32>
func.func @no_rule(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @below {{auto-shard: no sharding rule for 'func.call'}}
  %y = func.call @callee(%x) : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}

// -----

func.func @dynamic_result(%x: tensor<8x4xf32>, %n: index) -> tensor<?x4xf32> {
  // expected-error @below {{auto-shard: result #0 has a dynamic or unranked tensor type}}
  %e = tensor.empty(%n) : tensor<?x4xf32>
  return %e : tensor<?x4xf32>
}

// -----

func.func @complex_elements(%x: tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>> {
  // expected-error @above {{auto-shard: argument #0 has an unsupported element type}}
  return %x : tensor<4xcomplex<f32>>
}
