// RUN: ap-opt %s --verify-diagnostics --ap-check-lowered

// expected-error @+1 {{'func.func' was not lowered to the LLVM dialect}}
func.func @f() {
  return
}
