// RUN: ap-opt %s --split-input-file --verify-diagnostics --ap-shard-to-runtime

shard.grid @g(shape = 2)
func.func @shift(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'shard.shift' has no CPU lowering}}
  %y = shard.shift %x on @g grid_axes = [0] shift_axis = 0 offset = 1 : tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

shard.grid @g(shape = 2)
func.func @recv(%x: tensor<4xf32>, %i: index) -> tensor<4xf32> {
  // expected-error @+1 {{only a static peer is supported}}
  %y = shard.recv %x on @g grid_axes = [0] source = [%i] : (tensor<4xf32>, index) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

shard.grid @g(shape = 2)
func.func @unpartitioned(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'shard.sharding' has no CPU lowering (run shard-partition first)}}
  %s = shard.sharding @g split_axes = [[0]] : !shard.sharding
  // expected-error @+1 {{'shard.shard' has no CPU lowering (run shard-partition first)}}
  %y = shard.shard %x to %s : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

shard.grid @g(shape = 2)
func.func @complex(%x: tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>> {
  // expected-error @+1 {{element type unsupported by the runtime}}
  %y = shard.all_reduce %x on @g grid_axes = [0] : tensor<4xcomplex<f32>> -> tensor<4xcomplex<f32>>
  return %y : tensor<4xcomplex<f32>>
}

// -----

module attributes {ap.pipeline = {micro_batches = 1 : i64, schedule = "1f1b", stages = [{first_device = 0 : i64, layers = array<i64: 0, 0>, submesh = array<i64: 1, 1>}, {first_device = 1 : i64, layers = array<i64: 1, 1>, submesh = array<i64: 1, 2>}]}} {
  func.func @run(%x: tensor<4xf32>) {
    // expected-error @+1 {{`split` is a unit attribute or a run of at least 2 receivers}}
    "ap.send"(%x) {peer = 1 : i64, split = 1 : i64, tag = 7 : i64} : (tensor<4xf32>) -> ()
    return
  }
}
