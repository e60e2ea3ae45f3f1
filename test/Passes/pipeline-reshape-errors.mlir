// Micro-batching refuses reshapes, slices and concats it cannot slice, at
// the op, with no output file: a batch folded behind another dim, a batch
// part that the micro-batches do not divide, a slice of the batch, a concat
// along it.
// RUN: not ap-opt %s --split-input-file --pipeline-partition="stages=1 micro-batches=2 summary=false" -o %t.out 2>&1 | FileCheck %s
// RUN: not test -e %t.out

#t = affine_map<(b, i) -> (b, i)>
#tt = affine_map<(b, i) -> (i, b)>
func.func @behind(%x: tensor<4x2xf32> {ap.role = "data"}) -> tensor<f32> {
  %e = tensor.empty() {ap.layer = 1 : i64} : tensor<2x4xf32>
  %y = linalg.generic {indexing_maps = [#t, #tt], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x2xf32>) outs(%e : tensor<2x4xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<2x4xf32>
  // CHECK: pipeline-reshape-errors.mlir:[[@LINE+1]]:8: error: pipeline-partition: this reshape folds the batch into another dim behind it; micro-batching cannot slice it
  %c = tensor.collapse_shape %y [[0, 1]] {ap.layer = 1 : i64} : tensor<2x4xf32> into tensor<8xf32>
  %s = tensor.extract_slice %c[0] [1] [1] {ap.layer = 1 : i64} : tensor<8xf32> to tensor<1xf32>
  %r = tensor.collapse_shape %s [] {ap.layer = 1 : i64} : tensor<1xf32> into tensor<f32>
  return %r : tensor<f32>
}

// -----

func.func @odd(%x: tensor<6x8xf32> {ap.role = "data"}) -> tensor<3x2x8xf32> {
  // A unit dim ahead of the batch is no obstacle; 3 rows of 2 are.
  %e = tensor.expand_shape %x [[0, 1], [2]] output_shape [1, 6, 8] {ap.layer = 1 : i64} : tensor<6x8xf32> into tensor<1x6x8xf32>
  %c = tensor.collapse_shape %e [[0, 1], [2]] {ap.layer = 1 : i64} : tensor<1x6x8xf32> into tensor<6x8xf32>
  // CHECK: pipeline-reshape-errors.mlir:[[@LINE+1]]:8: error: pipeline-partition: the batch's part of this reshape (dim 0, size 3) does not divide into 2 micro-batches
  %r = tensor.expand_shape %c [[0, 1], [2]] output_shape [3, 2, 8] {ap.layer = 1 : i64} : tensor<6x8xf32> into tensor<3x2x8xf32>
  return %r : tensor<3x2x8xf32>
}

// -----

func.func @slice(%x: tensor<4x8xf32> {ap.role = "data"}) -> tensor<2x8xf32> {
  // CHECK: pipeline-reshape-errors.mlir:[[@LINE+1]]:8: error: pipeline-partition: this slice cuts into the batch (or reads it other than as its source); micro-batching cannot slice it
  %s = tensor.extract_slice %x[1, 0] [2, 8] [1, 1] {ap.layer = 1 : i64} : tensor<4x8xf32> to tensor<2x8xf32>
  return %s : tensor<2x8xf32>
}

// -----

func.func @concat(%x: tensor<4x8xf32> {ap.role = "data"}) -> tensor<8x8xf32> {
  // CHECK: pipeline-reshape-errors.mlir:[[@LINE+1]]:8: error: pipeline-partition: this concat joins along the batch, or its operands hold the batch in different dims; micro-batching cannot slice it
  %c = tensor.concat dim(0) %x, %x {ap.layer = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  return %c : tensor<8x8xf32>
}
