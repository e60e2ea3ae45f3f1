// Anything --lower-to-cpu cannot lower is an error, never passed on to
// translation: upstream's own refusals, and what ap-check-lowered finds.
// RUN: ap-opt %s --split-input-file --verify-diagnostics --lower-to-cpu --allow-unregistered-dialect

func.func @opaque(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{ops with unknown memory side effects are not supported}}
  "test.opaque"() : () -> ()
  return %x : tensor<4xf32>
}
