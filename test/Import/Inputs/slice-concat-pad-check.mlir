"builtin.module"() <{sym_name = "jit_run"}> ({
  "func.func"() <{arg_attrs = [], function_type = () -> (tensor<f32>, tensor<f32>), res_attrs = [{jax.result_info = "result[0]"}, {jax.result_info = "result[1]"}], sym_name = "main", sym_visibility = "public"}> ({
    %5 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<12xf32>
    %6 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %7 = "stablehlo.broadcast_in_dim"(%6) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<12xf32>
    %8 = "stablehlo.multiply"(%5, %7) : (tensor<12xf32>, tensor<12xf32>) -> tensor<12xf32>
    %9 = "stablehlo.constant"() <{value = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %10 = "stablehlo.broadcast_in_dim"(%9) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<12xf32>
    %11 = "stablehlo.add"(%8, %10) : (tensor<12xf32>, tensor<12xf32>) -> tensor<12xf32>
    %12 = "stablehlo.sine"(%11) : (tensor<12xf32>) -> tensor<12xf32>
    %13 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %14 = "stablehlo.broadcast_in_dim"(%13) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<12xf32>
    %15 = "stablehlo.multiply"(%14, %12) : (tensor<12xf32>, tensor<12xf32>) -> tensor<12xf32>
    %16 = "stablehlo.reshape"(%15) : (tensor<12xf32>) -> tensor<2x6xf32>
    %17 = "stablehlo.slice"(%16) <{limit_indices = array<i64: 2, 2>, start_indices = array<i64: 0, 0>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x2xf32>
    %18 = "stablehlo.slice"(%16) <{limit_indices = array<i64: 2, 4>, start_indices = array<i64: 0, 2>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x2xf32>
    %19 = "stablehlo.slice"(%16) <{limit_indices = array<i64: 2, 6>, start_indices = array<i64: 0, 4>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x2xf32>
    %20 = "stablehlo.constant"() <{value = dense<2.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %21 = "stablehlo.broadcast_in_dim"(%20) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x2xf32>
    %22 = "stablehlo.multiply"(%17, %21) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %23 = "stablehlo.concatenate"(%19, %22, %18) <{dimension = 1 : i64}> : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x6xf32>
    %24 = "stablehlo.constant"() <{value = dense<0> : tensor<i32>}> : () -> tensor<i32>
    %25 = "func.call"(%23, %24) <{callee = @_pad}> : (tensor<2x6xf32>, tensor<i32>) -> tensor<3x8xf32>
    %26 = "stablehlo.slice"(%25) <{limit_indices = array<i64: 2, 8>, start_indices = array<i64: 0, 2>, strides = array<i64: 1, 1>}> : (tensor<3x8xf32>) -> tensor<2x6xf32>
    %27 = "stablehlo.multiply"(%26, %23) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %28 = "stablehlo.multiply"(%27, %23) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %29 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %30 = "stablehlo.reduce"(%28, %29) <{dimensions = array<i64: 0, 1>}> ({
    ^bb0(%arg5: tensor<f32>, %arg6: tensor<f32>):
      %65 = "stablehlo.add"(%arg5, %arg6) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%65) : (tensor<f32>) -> ()
    }) : (tensor<2x6xf32>, tensor<f32>) -> tensor<f32>
    %31 = "stablehlo.constant"() <{value = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %32 = "stablehlo.broadcast_in_dim"(%31) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x6xf32>
    %33 = "stablehlo.multiply"(%27, %32) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %34 = "stablehlo.multiply"(%32, %23) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %35 = "stablehlo.multiply"(%26, %34) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %36 = "stablehlo.add"(%33, %35) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %37 = "stablehlo.multiply"(%34, %23) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %38 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %39 = "stablehlo.pad"(%37, %38) <{edge_padding_high = array<i64: 1, 0>, edge_padding_low = array<i64: 0, 2>, interior_padding = array<i64: 0, 0>}> : (tensor<2x6xf32>, tensor<f32>) -> tensor<3x8xf32>
    %40 = "func.call"(%39) <{callee = @_pad_0}> : (tensor<3x8xf32>) -> tensor<2x6xf32>
    %41 = "stablehlo.add"(%36, %40) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %42 = "stablehlo.slice"(%41) <{limit_indices = array<i64: 2, 2>, start_indices = array<i64: 0, 0>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x2xf32>
    %43 = "stablehlo.slice"(%41) <{limit_indices = array<i64: 2, 4>, start_indices = array<i64: 0, 2>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x2xf32>
    %44 = "stablehlo.slice"(%41) <{limit_indices = array<i64: 2, 6>, start_indices = array<i64: 0, 4>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x2xf32>
    %45 = "stablehlo.constant"() <{value = dense<2.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %46 = "stablehlo.broadcast_in_dim"(%45) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x2xf32>
    %47 = "stablehlo.multiply"(%43, %46) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %48 = "stablehlo.concatenate"(%47, %44, %42) <{dimension = 1 : i64}> : (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x6xf32>
    %49 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<12xf32>
    %50 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %51 = "stablehlo.broadcast_in_dim"(%50) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<12xf32>
    %52 = "stablehlo.multiply"(%49, %51) : (tensor<12xf32>, tensor<12xf32>) -> tensor<12xf32>
    %53 = "stablehlo.constant"() <{value = dense<3.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %54 = "stablehlo.broadcast_in_dim"(%53) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<12xf32>
    %55 = "stablehlo.add"(%52, %54) : (tensor<12xf32>, tensor<12xf32>) -> tensor<12xf32>
    %56 = "stablehlo.sine"(%55) : (tensor<12xf32>) -> tensor<12xf32>
    %57 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %58 = "stablehlo.broadcast_in_dim"(%57) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<12xf32>
    %59 = "stablehlo.multiply"(%58, %56) : (tensor<12xf32>, tensor<12xf32>) -> tensor<12xf32>
    %60 = "stablehlo.reshape"(%59) : (tensor<12xf32>) -> tensor<2x6xf32>
    %61 = "stablehlo.multiply"(%48, %60) : (tensor<2x6xf32>, tensor<2x6xf32>) -> tensor<2x6xf32>
    %62 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %63 = "stablehlo.reduce"(%61, %62) <{dimensions = array<i64: 0, 1>}> ({
    ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
      %64 = "stablehlo.add"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%64) : (tensor<f32>) -> ()
    }) : (tensor<2x6xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%30, %63) : (tensor<f32>, tensor<f32>) -> ()
  }) : () -> ()
  "func.func"() <{arg_attrs = [{}, {}], function_type = (tensor<2x6xf32>, tensor<i32>) -> tensor<3x8xf32>, res_attrs = [{}], sym_name = "_pad", sym_visibility = "private"}> ({
  ^bb0(%arg1: tensor<2x6xf32>, %arg2: tensor<i32>):
    %3 = "stablehlo.convert"(%arg2) : (tensor<i32>) -> tensor<f32>
    %4 = "stablehlo.pad"(%arg1, %3) <{edge_padding_high = array<i64: 1, 0>, edge_padding_low = array<i64: 0, 2>, interior_padding = array<i64: 0, 0>}> : (tensor<2x6xf32>, tensor<f32>) -> tensor<3x8xf32>
    "func.return"(%4) : (tensor<3x8xf32>) -> ()
  }) : () -> ()
  "func.func"() <{arg_attrs = [{}], function_type = (tensor<3x8xf32>) -> tensor<2x6xf32>, res_attrs = [{}], sym_name = "_pad_0", sym_visibility = "private"}> ({
  ^bb0(%arg0: tensor<3x8xf32>):
    %0 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %1 = "stablehlo.pad"(%arg0, %0) <{edge_padding_high = array<i64: -1, 0>, edge_padding_low = array<i64: 0, -2>, interior_padding = array<i64: 0, 0>}> : (tensor<3x8xf32>, tensor<f32>) -> tensor<2x6xf32>
    %2 = "stablehlo.slice"(%1) <{limit_indices = array<i64: 2, 6>, start_indices = array<i64: 0, 0>, strides = array<i64: 1, 1>}> : (tensor<2x6xf32>) -> tensor<2x6xf32>
    "func.return"(%2) : (tensor<2x6xf32>) -> ()
  }) : () -> ()
}) {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
// DRV:   func.func @entry() {
// DRV:     %r:2 = call @main() : () -> (tensor<f32>, tensor<f32>)
// DRV:     %x0 = tensor.extract %r#0[] : tensor<f32>
// DRV:     %e0 = arith.constant 1.636589915e-01 : f32
// DRV:     %d0 = arith.subf %x0, %e0 : f32
// DRV:     %a0 = math.absf %d0 : f32
// DRV:     %m0 = math.absf %e0 : f32
// DRV:     %rt0 = arith.constant 1.000000e-04 : f32
// DRV:     %at0 = arith.constant 1.000000e-05 : f32
// DRV:     %s0 = arith.mulf %m0, %rt0 : f32
// DRV:     %t0 = arith.addf %s0, %at0 : f32
// DRV:     %ok0 = arith.cmpf ole, %a0, %t0 : f32
// DRV:     vector.print %x0 : f32
// DRV:     vector.print %ok0 : i1
// DRV:     %x1 = tensor.extract %r#1[] : tensor<f32>
// DRV:     %e1 = arith.constant -1.242081150e-01 : f32
// DRV:     %d1 = arith.subf %x1, %e1 : f32
// DRV:     %a1 = math.absf %d1 : f32
// DRV:     %m1 = math.absf %e1 : f32
// DRV:     %rt1 = arith.constant 1.000000e-04 : f32
// DRV:     %at1 = arith.constant 1.000000e-05 : f32
// DRV:     %s1 = arith.mulf %m1, %rt1 : f32
// DRV:     %t1 = arith.addf %s1, %at1 : f32
// DRV:     %ok1 = arith.cmpf ole, %a1, %t1 : f32
// DRV:     vector.print %x1 : f32
// DRV:     vector.print %ok1 : i1
// DRV:     return
// DRV:   }
// DRV: }
