// Not valid MLIR: the op below does not exist and has a stray token.
func.func @bad(%x: tensor<4xf32>) -> tensor<4xf32> {
  // the next line is line 4
  %y = arith.addf %x, %x : tensor<4xf32> garbage
  return %y : tensor<4xf32>
}
