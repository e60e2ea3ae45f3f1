// Written by hand in StableHLO's generic form: elementwise ops a JAX step
// may use that the exported snippets do not (2-element tensors).
"builtin.module"() ({
  "func.func"() <{function_type = (tensor<2xf32>, tensor<2xf32>, tensor<i1>, tensor<2xi32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xbf16>, tensor<2xi1>, tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>), sym_name = "main"}> ({
  ^bb0(%x: tensor<2xf32>, %y: tensor<2xf32>, %p: tensor<i1>, %i: tensor<2xi32>):
    %0 = "stablehlo.logistic"(%x) : (tensor<2xf32>) -> tensor<2xf32>
    %1 = "stablehlo.tanh"(%x) : (tensor<2xf32>) -> tensor<2xf32>
    %2 = "stablehlo.rsqrt"(%x) : (tensor<2xf32>) -> tensor<2xf32>
    %3 = "stablehlo.power"(%x, %y) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %4 = "stablehlo.abs"(%x) : (tensor<2xf32>) -> tensor<2xf32>
    %5 = "stablehlo.clamp"(%y, %x, %y) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %6 = "stablehlo.convert"(%x) : (tensor<2xf32>) -> tensor<2xbf16>
    %7 = "stablehlo.compare"(%x, %y) <{compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction GT>}> : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
    %8 = "chlo.square"(%x) : (tensor<2xf32>) -> tensor<2xf32>
    %9 = "stablehlo.select"(%p, %x, %y) : (tensor<i1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %10 = "stablehlo.negate"(%i) : (tensor<2xi32>) -> tensor<2xi32>
    %11 = "stablehlo.convert"(%i) : (tensor<2xi32>) -> tensor<2xf32>
    "func.return"(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xbf16>, tensor<2xi1>, tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>) -> ()
  }) : () -> ()
}) : () -> ()
