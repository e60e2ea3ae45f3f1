// A plan --auto-shard never makes: the loop read by linalg.index is split,
// and upstream's partitioner keeps the index local, so ranks add 0..3
// where the reference adds 0..7. ap-run must report the mismatch.
shard.grid @mesh(shape = 2)
func.func @step(%x: tensor<8xf32>) -> tensor<8xf32> {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %xa = shard.shard %x to %s : tensor<8xf32>
  %xu = shard.shard %xa to %s annotate_for_users : tensor<8xf32>
  %e = tensor.empty() : tensor<8xf32>
  %ea = shard.shard %e to %s : tensor<8xf32>
  %eu = shard.shard %ea to %s annotate_for_users : tensor<8xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]} ins(%xu : tensor<8xf32>) outs(%eu : tensor<8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 0 : index
    %ii = arith.index_cast %i : index to i64
    %f = arith.sitofp %ii : i64 to f32
    %r = arith.addf %a, %f : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  %ya = shard.shard %y to %s : tensor<8xf32>
  %yu = shard.shard %ya to %s annotate_for_users : tensor<8xf32>
  return %yu : tensor<8xf32>
}
