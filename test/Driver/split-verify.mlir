// --split-input-file processes chunks separately; --verify-diagnostics checks
// diagnostics (with their real line numbers) against expected-* comments.
// RUN: ap-opt %s --split-input-file --verify-diagnostics

func.func @ok(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

func.func @bad(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{use of undeclared SSA value name}}
  return %y : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @below {{'func.return' op has 1 operands, but enclosing function (@f) returns 0}}
  "func.return"(%x) : (tensor<4xf32>) -> ()
}

