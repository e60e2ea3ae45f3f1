// The ap dialect (IRDL) parses and verifies in generic form.
// RUN: ap-opt %s | FileCheck %s

// CHECK-LABEL: func.func @stage_0
// CHECK: %[[B:.*]] = "ap.boundary"(%{{.*}}) {stage = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: "ap.send"(%[[B]]) {peer = 1 : i64, tag = 7 : i64} : (tensor<4xf32>) -> ()
// CHECK: "ap.recv"() {peer = 1 : i64, tag = 8 : i64} : () -> tensor<4xf32>
// CHECK: "ap.schedule"() {kind = "1f1b", microbatches = 4 : i64, order = {{\[}}[0, 1]], stages = [@stage_0]} : () -> ()
func.func @stage_0(%x: tensor<4xf32>) -> tensor<4xf32> {
  %b = "ap.boundary"(%x) {stage = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  "ap.send"(%b) {peer = 1 : i64, tag = 7 : i64} : (tensor<4xf32>) -> ()
  %g = "ap.recv"() {peer = 1 : i64, tag = 8 : i64} : () -> tensor<4xf32>
  "ap.schedule"() {kind = "1f1b", microbatches = 4 : i64, stages = [@stage_0], order = [[0, 1]]} : () -> ()
  return %g : tensor<4xf32>
}
