func.func @bad(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+3 {{this never happens}}
  // (the real error below is on line 4 and is not expected)
  return %y : tensor<4xf32>
}
