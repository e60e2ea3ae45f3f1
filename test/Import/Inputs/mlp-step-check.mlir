"builtin.module"() <{sym_name = "jit_run"}> ({
  "func.func"() <{arg_attrs = [], function_type = () -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>), res_attrs = [{jax.result_info = "result[0]"}, {jax.result_info = "result[1]"}, {jax.result_info = "result[2]"}, {jax.result_info = "result[3]"}, {jax.result_info = "result[4]"}], sym_name = "main", sym_visibility = "public"}> ({
    %3 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<4xf32>
    %4 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %5 = "stablehlo.broadcast_in_dim"(%4) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %6 = "stablehlo.multiply"(%3, %5) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %7 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %8 = "stablehlo.broadcast_in_dim"(%7) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %9 = "stablehlo.add"(%6, %8) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %10 = "stablehlo.sine"(%9) : (tensor<4xf32>) -> tensor<4xf32>
    %11 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %12 = "stablehlo.broadcast_in_dim"(%11) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %13 = "stablehlo.multiply"(%12, %10) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %14 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<16xf32>
    %15 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %16 = "stablehlo.broadcast_in_dim"(%15) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %17 = "stablehlo.multiply"(%14, %16) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %18 = "stablehlo.constant"() <{value = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %19 = "stablehlo.broadcast_in_dim"(%18) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %20 = "stablehlo.add"(%17, %19) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %21 = "stablehlo.sine"(%20) : (tensor<16xf32>) -> tensor<16xf32>
    %22 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %23 = "stablehlo.broadcast_in_dim"(%22) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %24 = "stablehlo.multiply"(%23, %21) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %25 = "stablehlo.reshape"(%24) : (tensor<16xf32>) -> tensor<4x4xf32>
    %26 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<4xf32>
    %27 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %28 = "stablehlo.broadcast_in_dim"(%27) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %29 = "stablehlo.multiply"(%26, %28) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %30 = "stablehlo.constant"() <{value = dense<2.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %31 = "stablehlo.broadcast_in_dim"(%30) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %32 = "stablehlo.add"(%29, %31) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %33 = "stablehlo.sine"(%32) : (tensor<4xf32>) -> tensor<4xf32>
    %34 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %35 = "stablehlo.broadcast_in_dim"(%34) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %36 = "stablehlo.multiply"(%35, %33) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %37 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<16xf32>
    %38 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %39 = "stablehlo.broadcast_in_dim"(%38) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %40 = "stablehlo.multiply"(%37, %39) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %41 = "stablehlo.constant"() <{value = dense<3.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %42 = "stablehlo.broadcast_in_dim"(%41) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %43 = "stablehlo.add"(%40, %42) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %44 = "stablehlo.sine"(%43) : (tensor<16xf32>) -> tensor<16xf32>
    %45 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %46 = "stablehlo.broadcast_in_dim"(%45) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %47 = "stablehlo.multiply"(%46, %44) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %48 = "stablehlo.reshape"(%47) : (tensor<16xf32>) -> tensor<4x4xf32>
    %49 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<8xf32>
    %50 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %51 = "stablehlo.broadcast_in_dim"(%50) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<8xf32>
    %52 = "stablehlo.multiply"(%49, %51) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %53 = "stablehlo.constant"() <{value = dense<1.000000e+02> : tensor<f32>}> : () -> tensor<f32>
    %54 = "stablehlo.broadcast_in_dim"(%53) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<8xf32>
    %55 = "stablehlo.add"(%52, %54) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %56 = "stablehlo.sine"(%55) : (tensor<8xf32>) -> tensor<8xf32>
    %57 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %58 = "stablehlo.broadcast_in_dim"(%57) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<8xf32>
    %59 = "stablehlo.multiply"(%58, %56) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %60 = "stablehlo.reshape"(%59) : (tensor<8xf32>) -> tensor<2x4xf32>
    %61 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<8xf32>
    %62 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %63 = "stablehlo.broadcast_in_dim"(%62) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<8xf32>
    %64 = "stablehlo.multiply"(%61, %63) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %65 = "stablehlo.constant"() <{value = dense<2.000000e+02> : tensor<f32>}> : () -> tensor<f32>
    %66 = "stablehlo.broadcast_in_dim"(%65) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<8xf32>
    %67 = "stablehlo.add"(%64, %66) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %68 = "stablehlo.sine"(%67) : (tensor<8xf32>) -> tensor<8xf32>
    %69 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %70 = "stablehlo.broadcast_in_dim"(%69) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<8xf32>
    %71 = "stablehlo.multiply"(%70, %68) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %72 = "stablehlo.reshape"(%71) : (tensor<8xf32>) -> tensor<2x4xf32>
    %73 = "stablehlo.dot_general"(%60, %25) <{dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]}> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    %74 = "stablehlo.reshape"(%13) : (tensor<4xf32>) -> tensor<1x4xf32>
    %75 = "stablehlo.broadcast_in_dim"(%74) <{broadcast_dimensions = array<i64: 0, 1>}> : (tensor<1x4xf32>) -> tensor<2x4xf32>
    %76 = "stablehlo.add"(%73, %75) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %77 = "func.call"(%76) <{callee = @relu}> : (tensor<2x4xf32>) -> tensor<2x4xf32>
    %78 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %79 = "stablehlo.broadcast_in_dim"(%78) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x4xf32>
    %80 = "stablehlo.compare"(%76, %79) <{compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction GT>}> : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xi1>
    %81 = "stablehlo.dot_general"(%77, %48) <{dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]}> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    %82 = "stablehlo.reshape"(%36) : (tensor<4xf32>) -> tensor<1x4xf32>
    %83 = "stablehlo.broadcast_in_dim"(%82) <{broadcast_dimensions = array<i64: 0, 1>}> : (tensor<1x4xf32>) -> tensor<2x4xf32>
    %84 = "stablehlo.add"(%81, %83) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %85 = "stablehlo.subtract"(%84, %72) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %86 = "stablehlo.multiply"(%85, %85) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %87 = "stablehlo.constant"() <{value = dense<2.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %88 = "stablehlo.broadcast_in_dim"(%87) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x4xf32>
    %89 = "stablehlo.multiply"(%88, %85) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %90 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %91 = "stablehlo.reduce"(%86, %90) <{dimensions = array<i64: 0, 1>}> ({
    ^bb0(%arg13: tensor<f32>, %arg14: tensor<f32>):
      %195 = "stablehlo.add"(%arg13, %arg14) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%195) : (tensor<f32>) -> ()
    }) : (tensor<2x4xf32>, tensor<f32>) -> tensor<f32>
    %92 = "stablehlo.constant"() <{value = dense<8.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %93 = "stablehlo.divide"(%91, %92) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %94 = "stablehlo.constant"() <{value = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %95 = "stablehlo.constant"() <{value = dense<8.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %96 = "stablehlo.divide"(%94, %95) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %97 = "stablehlo.broadcast_in_dim"(%96) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x4xf32>
    %98 = "stablehlo.multiply"(%97, %89) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %99 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %100 = "stablehlo.reduce"(%98, %99) <{dimensions = array<i64: 0>}> ({
    ^bb0(%arg11: tensor<f32>, %arg12: tensor<f32>):
      %194 = "stablehlo.add"(%arg11, %arg12) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%194) : (tensor<f32>) -> ()
    }) : (tensor<2x4xf32>, tensor<f32>) -> tensor<4xf32>
    %101 = "stablehlo.reshape"(%100) : (tensor<4xf32>) -> tensor<1x4xf32>
    %102 = "stablehlo.reshape"(%101) : (tensor<1x4xf32>) -> tensor<4xf32>
    %103 = "stablehlo.dot_general"(%98, %77) <{dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]}> : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
    %104 = "stablehlo.transpose"(%103) <{permutation = array<i64: 1, 0>}> : (tensor<4x4xf32>) -> tensor<4x4xf32>
    %105 = "stablehlo.dot_general"(%98, %48) <{dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]}> : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    %106 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %107 = "stablehlo.broadcast_in_dim"(%106) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x4xf32>
    %108 = "stablehlo.select"(%80, %105, %107) : (tensor<2x4xi1>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %109 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %110 = "stablehlo.reduce"(%108, %109) <{dimensions = array<i64: 0>}> ({
    ^bb0(%arg9: tensor<f32>, %arg10: tensor<f32>):
      %193 = "stablehlo.add"(%arg9, %arg10) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%193) : (tensor<f32>) -> ()
    }) : (tensor<2x4xf32>, tensor<f32>) -> tensor<4xf32>
    %111 = "stablehlo.reshape"(%110) : (tensor<4xf32>) -> tensor<1x4xf32>
    %112 = "stablehlo.reshape"(%111) : (tensor<1x4xf32>) -> tensor<4xf32>
    %113 = "stablehlo.dot_general"(%108, %60) <{dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]}> : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
    %114 = "stablehlo.transpose"(%113) <{permutation = array<i64: 1, 0>}> : (tensor<4x4xf32>) -> tensor<4x4xf32>
    %115 = "stablehlo.constant"() <{value = dense<1.000000e-01> : tensor<f32>}> : () -> tensor<f32>
    %116 = "stablehlo.broadcast_in_dim"(%115) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %117 = "stablehlo.multiply"(%116, %112) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %118 = "stablehlo.subtract"(%13, %117) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %119 = "stablehlo.constant"() <{value = dense<1.000000e-01> : tensor<f32>}> : () -> tensor<f32>
    %120 = "stablehlo.broadcast_in_dim"(%119) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4x4xf32>
    %121 = "stablehlo.multiply"(%120, %114) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %122 = "stablehlo.subtract"(%25, %121) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %123 = "stablehlo.constant"() <{value = dense<1.000000e-01> : tensor<f32>}> : () -> tensor<f32>
    %124 = "stablehlo.broadcast_in_dim"(%123) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %125 = "stablehlo.multiply"(%124, %102) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %126 = "stablehlo.subtract"(%36, %125) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %127 = "stablehlo.constant"() <{value = dense<1.000000e-01> : tensor<f32>}> : () -> tensor<f32>
    %128 = "stablehlo.broadcast_in_dim"(%127) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4x4xf32>
    %129 = "stablehlo.multiply"(%128, %104) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %130 = "stablehlo.subtract"(%48, %129) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %131 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<4xf32>
    %132 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %133 = "stablehlo.broadcast_in_dim"(%132) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %134 = "stablehlo.multiply"(%131, %133) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %135 = "stablehlo.constant"() <{value = dense<3.000000e+02> : tensor<f32>}> : () -> tensor<f32>
    %136 = "stablehlo.broadcast_in_dim"(%135) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %137 = "stablehlo.add"(%134, %136) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %138 = "stablehlo.sine"(%137) : (tensor<4xf32>) -> tensor<4xf32>
    %139 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %140 = "stablehlo.broadcast_in_dim"(%139) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %141 = "stablehlo.multiply"(%140, %138) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %142 = "stablehlo.multiply"(%118, %141) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %143 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %144 = "stablehlo.reduce"(%142, %143) <{dimensions = array<i64: 0>}> ({
    ^bb0(%arg7: tensor<f32>, %arg8: tensor<f32>):
      %192 = "stablehlo.add"(%arg7, %arg8) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%192) : (tensor<f32>) -> ()
    }) : (tensor<4xf32>, tensor<f32>) -> tensor<f32>
    %145 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<16xf32>
    %146 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %147 = "stablehlo.broadcast_in_dim"(%146) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %148 = "stablehlo.multiply"(%145, %147) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %149 = "stablehlo.constant"() <{value = dense<3.010000e+02> : tensor<f32>}> : () -> tensor<f32>
    %150 = "stablehlo.broadcast_in_dim"(%149) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %151 = "stablehlo.add"(%148, %150) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %152 = "stablehlo.sine"(%151) : (tensor<16xf32>) -> tensor<16xf32>
    %153 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %154 = "stablehlo.broadcast_in_dim"(%153) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %155 = "stablehlo.multiply"(%154, %152) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %156 = "stablehlo.reshape"(%155) : (tensor<16xf32>) -> tensor<4x4xf32>
    %157 = "stablehlo.multiply"(%122, %156) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %158 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %159 = "stablehlo.reduce"(%157, %158) <{dimensions = array<i64: 0, 1>}> ({
    ^bb0(%arg5: tensor<f32>, %arg6: tensor<f32>):
      %191 = "stablehlo.add"(%arg5, %arg6) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%191) : (tensor<f32>) -> ()
    }) : (tensor<4x4xf32>, tensor<f32>) -> tensor<f32>
    %160 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<4xf32>
    %161 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %162 = "stablehlo.broadcast_in_dim"(%161) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %163 = "stablehlo.multiply"(%160, %162) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %164 = "stablehlo.constant"() <{value = dense<3.020000e+02> : tensor<f32>}> : () -> tensor<f32>
    %165 = "stablehlo.broadcast_in_dim"(%164) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %166 = "stablehlo.add"(%163, %165) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %167 = "stablehlo.sine"(%166) : (tensor<4xf32>) -> tensor<4xf32>
    %168 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %169 = "stablehlo.broadcast_in_dim"(%168) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<4xf32>
    %170 = "stablehlo.multiply"(%169, %167) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %171 = "stablehlo.multiply"(%126, %170) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %172 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %173 = "stablehlo.reduce"(%171, %172) <{dimensions = array<i64: 0>}> ({
    ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
      %190 = "stablehlo.add"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%190) : (tensor<f32>) -> ()
    }) : (tensor<4xf32>, tensor<f32>) -> tensor<f32>
    %174 = "stablehlo.iota"() <{iota_dimension = 0 : i64}> : () -> tensor<16xf32>
    %175 = "stablehlo.constant"() <{value = dense<3.700000e-01> : tensor<f32>}> : () -> tensor<f32>
    %176 = "stablehlo.broadcast_in_dim"(%175) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %177 = "stablehlo.multiply"(%174, %176) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %178 = "stablehlo.constant"() <{value = dense<3.030000e+02> : tensor<f32>}> : () -> tensor<f32>
    %179 = "stablehlo.broadcast_in_dim"(%178) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %180 = "stablehlo.add"(%177, %179) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %181 = "stablehlo.sine"(%180) : (tensor<16xf32>) -> tensor<16xf32>
    %182 = "stablehlo.constant"() <{value = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
    %183 = "stablehlo.broadcast_in_dim"(%182) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<16xf32>
    %184 = "stablehlo.multiply"(%183, %181) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %185 = "stablehlo.reshape"(%184) : (tensor<16xf32>) -> tensor<4x4xf32>
    %186 = "stablehlo.multiply"(%130, %185) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %187 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %188 = "stablehlo.reduce"(%186, %187) <{dimensions = array<i64: 0, 1>}> ({
    ^bb0(%arg1: tensor<f32>, %arg2: tensor<f32>):
      %189 = "stablehlo.add"(%arg1, %arg2) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%189) : (tensor<f32>) -> ()
    }) : (tensor<4x4xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%93, %144, %159, %173, %188) : (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) -> ()
  }) : () -> ()
  "func.func"() <{arg_attrs = [{}], function_type = (tensor<2x4xf32>) -> tensor<2x4xf32>, res_attrs = [{}], sym_name = "relu", sym_visibility = "private"}> ({
  ^bb0(%arg0: tensor<2x4xf32>):
    %0 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> tensor<f32>
    %1 = "stablehlo.broadcast_in_dim"(%0) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x4xf32>
    %2 = "stablehlo.maximum"(%arg0, %1) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    "func.return"(%2) : (tensor<2x4xf32>) -> ()
  }) : () -> ()
}) {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} : () -> ()
// DRV:   func.func @entry() {
// DRV:     %r:5 = call @main() : () -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>)
// DRV:     %x0 = tensor.extract %r#0[] : tensor<f32>
// DRV:     %e0 = arith.constant 6.089517474e-02 : f32
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
// DRV:     %e1 = arith.constant -8.004011959e-02 : f32
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
// DRV:     %x2 = tensor.extract %r#2[] : tensor<f32>
// DRV:     %e2 = arith.constant 1.828210056e-02 : f32
// DRV:     %d2 = arith.subf %x2, %e2 : f32
// DRV:     %a2 = math.absf %d2 : f32
// DRV:     %m2 = math.absf %e2 : f32
// DRV:     %rt2 = arith.constant 1.000000e-04 : f32
// DRV:     %at2 = arith.constant 1.000000e-05 : f32
// DRV:     %s2 = arith.mulf %m2, %rt2 : f32
// DRV:     %t2 = arith.addf %s2, %at2 : f32
// DRV:     %ok2 = arith.cmpf ole, %a2, %t2 : f32
// DRV:     vector.print %x2 : f32
// DRV:     vector.print %ok2 : i1
// DRV:     %x3 = tensor.extract %r#3[] : tensor<f32>
// DRV:     %e3 = arith.constant 7.404536009e-02 : f32
// DRV:     %d3 = arith.subf %x3, %e3 : f32
// DRV:     %a3 = math.absf %d3 : f32
// DRV:     %m3 = math.absf %e3 : f32
// DRV:     %rt3 = arith.constant 1.000000e-04 : f32
// DRV:     %at3 = arith.constant 1.000000e-05 : f32
// DRV:     %s3 = arith.mulf %m3, %rt3 : f32
// DRV:     %t3 = arith.addf %s3, %at3 : f32
// DRV:     %ok3 = arith.cmpf ole, %a3, %t3 : f32
// DRV:     vector.print %x3 : f32
// DRV:     vector.print %ok3 : i1
// DRV:     %x4 = tensor.extract %r#4[] : tensor<f32>
// DRV:     %e4 = arith.constant -3.641420603e-02 : f32
// DRV:     %d4 = arith.subf %x4, %e4 : f32
// DRV:     %a4 = math.absf %d4 : f32
// DRV:     %m4 = math.absf %e4 : f32
// DRV:     %rt4 = arith.constant 1.000000e-04 : f32
// DRV:     %at4 = arith.constant 1.000000e-05 : f32
// DRV:     %s4 = arith.mulf %m4, %rt4 : f32
// DRV:     %t4 = arith.addf %s4, %at4 : f32
// DRV:     %ok4 = arith.cmpf ole, %a4, %t4 : f32
// DRV:     vector.print %x4 : f32
// DRV:     vector.print %ok4 : i1
// DRV:     return
// DRV:   }
// DRV: }
