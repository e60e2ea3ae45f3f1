// --mlir-print-ir-after-all, --mlir-timing, --mlir-print-debuginfo and
// --allow-unregistered-dialect.
// RUN: ap-opt %s --allow-unregistered-dialect --canonicalize --mlir-print-ir-after-all 2>&1 >/dev/null | FileCheck %s --check-prefix=AFTER
// RUN: ap-opt %s --allow-unregistered-dialect --canonicalize --mlir-timing 2>&1 >/dev/null | FileCheck %s --check-prefix=TIMING
// RUN: ap-opt %s --allow-unregistered-dialect --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: not ap-opt %s 2>&1 | FileCheck %s --check-prefix=UNREG

// AFTER: IR Dump After Canonicalizer
// TIMING: Execution time report
// TIMING: Canonicalizer
// LOC: loc("here")
// UNREG: debug-flags.mlir:14:12: error: operation being parsed with an unregistered dialect
func.func @f() {
  "foo.bar"() : () -> () loc("here")
  return
}
