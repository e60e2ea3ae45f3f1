; The float-to-bfloat16 conversions LLVM's x86 backend calls when it widens
; bf16 math (libgcc 12 lacks them). Written in LLVM IR so the bfloat ABI is
; the backend's own. Round to nearest even; NaN stays a quiet NaN.
define bfloat @__truncsfbf2(float %x) {
  %u = bitcast float %x to i32
  %abs = and i32 %u, 2147483647
  %nan = icmp ugt i32 %abs, 2139095040
  %lsb = lshr i32 %u, 16
  %odd = and i32 %lsb, 1
  %bias = add i32 %odd, 32767
  %rounded = add i32 %u, %bias
  %quiet = or i32 %u, 4194304
  %pick = select i1 %nan, i32 %quiet, i32 %rounded
  %hi = lshr i32 %pick, 16
  %h = trunc i32 %hi to i16
  %r = bitcast i16 %h to bfloat
  ret bfloat %r
}

; Through float: double rounding can differ from a direct rounding in the
; last bit, well inside any bf16 tolerance.
define bfloat @__truncdfbf2(double %x) {
  %f = fptrunc double %x to float
  %r = call bfloat @__truncsfbf2(float %f)
  ret bfloat %r
}
