// RUN: ap-opt %s --split-input-file --verify-diagnostics

func.func @peer_not_int(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected base attribute 'builtin.integer' but got 'builtin.string'}}
  "ap.send"(%x) {peer = "one", tag = 0 : i64} : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @send_not_tensor(%x: f32) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.f32'}}
  "ap.send"(%x) {peer = 1 : i64, tag = 0 : i64} : (f32) -> ()
  return
}

// -----

func.func @missing_tag(%x: tensor<4xf32>) {
  // expected-error @+1 {{attribute "tag" is expected but not provided}}
  "ap.send"(%x) {peer = 1 : i64} : (tensor<4xf32>) -> ()
  return
}
