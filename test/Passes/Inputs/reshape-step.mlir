// A step whose batch goes through expand_shape, collapse_shape, a slice and a
// concat before the sums (see ap-run-pipeline.test and
// pipeline-reshape-errors.mlir).
#id3 = affine_map<(b, i, j) -> (b, i, j)>
#w3 = affine_map<(b, i, j) -> (i, j)>
#s3 = affine_map<(b, i, j) -> ()>
module {
  func.func @step(%x: tensor<4x8xf32> {ap.role = "data"}, %w: tensor<2x4xf32> {ap.role = "param"}) -> (tensor<f32>, tensor<2x4xf32>) {
    %e = tensor.expand_shape %x [[0], [1, 2]] output_shape [4, 2, 4] {ap.layer = 1 : i64} : tensor<4x8xf32> into tensor<4x2x4xf32>
    %c = tensor.collapse_shape %e [[0, 1], [2]] {ap.layer = 1 : i64} : tensor<4x2x4xf32> into tensor<8x4xf32>
    %c2 = tensor.expand_shape %c [[0, 1], [2]] output_shape [4, 2, 4] {ap.layer = 1 : i64} : tensor<8x4xf32> into tensor<4x2x4xf32>
    %s = tensor.extract_slice %c2[0, 1, 0] [4, 1, 4] [1, 1, 1] {ap.layer = 1 : i64} : tensor<4x2x4xf32> to tensor<4x1x4xf32>
    %cc = tensor.concat dim(1) %s, %s {ap.layer = 1 : i64} : (tensor<4x1x4xf32>, tensor<4x1x4xf32>) -> tensor<4x2x4xf32>
    %zero = arith.constant {ap.layer = 2 : i64} 0.0 : f32
    %l0 = tensor.empty() {ap.layer = 2 : i64} : tensor<f32>
    %l1 = linalg.fill {ap.layer = 2 : i64} ins(%zero : f32) outs(%l0 : tensor<f32>) -> tensor<f32>
    %loss = linalg.generic {indexing_maps = [#id3, #w3, #s3], iterator_types = ["reduction", "reduction", "reduction"]} ins(%cc, %w : tensor<4x2x4xf32>, tensor<2x4xf32>) outs(%l1 : tensor<f32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a: f32, %b: f32, %acc: f32):
      %m = arith.mulf %a, %b : f32
      %r = arith.addf %acc, %m : f32
      linalg.yield %r : f32
    } -> tensor<f32>
    %g0 = tensor.empty() {ap.layer = 2 : i64} : tensor<2x4xf32>
    %g1 = linalg.fill {ap.layer = 2 : i64} ins(%zero : f32) outs(%g0 : tensor<2x4xf32>) -> tensor<2x4xf32>
    %grad = linalg.generic {indexing_maps = [#id3, #w3], iterator_types = ["reduction", "parallel", "parallel"]} ins(%cc : tensor<4x2x4xf32>) outs(%g1 : tensor<2x4xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a: f32, %acc: f32):
      %r = arith.addf %acc, %a : f32
      linalg.yield %r : f32
    } -> tensor<2x4xf32>
    return %loss, %grad : tensor<f32>, tensor<2x4xf32>
  }
}
