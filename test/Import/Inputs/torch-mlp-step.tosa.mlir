"builtin.module"() ({
  "func.func"() <{arg_attrs = [{ap.role = "data"}, {ap.role = "data"}, {ap.role = "param"}, {ap.role = "param"}, {ap.role = "param"}, {ap.role = "param"}], function_type = (tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<f32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>), sym_name = "main"}> ({
  ^bb0(%arg0: tensor<4x8xf32>, %arg1: tensor<4x8xf32>, %arg2: tensor<8x8xf32>, %arg3: tensor<8xf32>, %arg4: tensor<8x8xf32>, %arg5: tensor<8xf32>):
    %0 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
    %1 = "tosa.const_shape"() <{values = dense<[1, 4, 8]> : tensor<3xindex>}> : () -> !tosa.shape<3>
    %2 = "tosa.const_shape"() <{values = dense<[1, 8, 8]> : tensor<3xindex>}> : () -> !tosa.shape<3>
    %3 = "tosa.const_shape"() <{values = dense<[4, 8]> : tensor<2xindex>}> : () -> !tosa.shape<2>
    %4 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %5 = "tosa.const_shape"() <{values = dense<[1, 8]> : tensor<2xindex>}> : () -> !tosa.shape<2>
    %6 = "tosa.const_shape"() <{values = dense<> : tensor<0xindex>}> : () -> !tosa.shape<0>
    %7 = "tosa.const_shape"() <{values = dense<[1, 8, 4]> : tensor<3xindex>}> : () -> !tosa.shape<3>
    %8 = "tosa.const_shape"() <{values = dense<8> : tensor<2xindex>}> : () -> !tosa.shape<2>
    %9 = "tosa.const_shape"() <{values = dense<8> : tensor<1xindex>}> : () -> !tosa.shape<1>
    %10 = "tosa.const"() <{values = dense<2.000000e+00> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
    %11 = "tosa.const"() <{values = dense<3.125000e-02> : tensor<f32>}> : () -> tensor<f32>
    %12 = "tosa.const"() <{values = dense<3.125000e-02> : tensor<4x8xf32>}> : () -> tensor<4x8xf32>
    %13 = "tosa.const"() <{values = dense<1.000000e+00> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
    %14 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
    %15 = "tosa.const"() <{values = dense<1.000000e-01> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
    %16 = "tosa.const"() <{values = dense<1.000000e-01> : tensor<1xf32>}> : () -> tensor<1xf32>
    %17 = "tosa.transpose"(%arg2) <{perms = array<i32: 1, 0>}> : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %18 = "tosa.reshape"(%arg0, %1) : (tensor<4x8xf32>, !tosa.shape<3>) -> tensor<1x4x8xf32>
    %19 = "tosa.reshape"(%17, %2) : (tensor<8x8xf32>, !tosa.shape<3>) -> tensor<1x8x8xf32>
    %20 = "tosa.matmul"(%18, %19, %0, %0) : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>
    %21 = "tosa.reshape"(%20, %3) : (tensor<1x4x8xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
    %22 = "tosa.reshape"(%arg3, %5) : (tensor<8xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
    %23 = "tosa.add"(%21, %22) : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
    %24 = "tosa.clamp"(%23) <{max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32, nan_mode = #tosa.nan_mode<PROPAGATE>}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
    %25 = "tosa.transpose"(%arg4) <{perms = array<i32: 1, 0>}> : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %26 = "tosa.reshape"(%24, %1) : (tensor<4x8xf32>, !tosa.shape<3>) -> tensor<1x4x8xf32>
    %27 = "tosa.reshape"(%25, %2) : (tensor<8x8xf32>, !tosa.shape<3>) -> tensor<1x8x8xf32>
    %28 = "tosa.matmul"(%26, %27, %0, %0) : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>
    %29 = "tosa.reshape"(%28, %3) : (tensor<1x4x8xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
    %30 = "tosa.reshape"(%arg5, %5) : (tensor<8xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
    %31 = "tosa.add"(%29, %30) : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
    %32 = "tosa.sub"(%31, %arg1) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %33 = "tosa.pow"(%32, %10) : (tensor<4x8xf32>, tensor<1x1xf32>) -> tensor<4x8xf32>
    %34 = "tosa.reduce_sum"(%33) <{axis = 0 : i32}> : (tensor<4x8xf32>) -> tensor<1x8xf32>
    %35 = "tosa.reduce_sum"(%34) <{axis = 1 : i32}> : (tensor<1x8xf32>) -> tensor<1x1xf32>
    %36 = "tosa.reshape"(%35, %6) : (tensor<1x1xf32>, !tosa.shape<0>) -> tensor<f32>
    %37 = "tosa.mul"(%36, %11, %4) : (tensor<f32>, tensor<f32>, tensor<1xi8>) -> tensor<f32>
    %38 = "tosa.pow"(%32, %13) : (tensor<4x8xf32>, tensor<1x1xf32>) -> tensor<4x8xf32>
    %39 = "tosa.mul"(%38, %10, %4) : (tensor<4x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<4x8xf32>
    %40 = "tosa.mul"(%12, %39, %4) : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
    %41 = "tosa.reshape"(%40, %1) : (tensor<4x8xf32>, !tosa.shape<3>) -> tensor<1x4x8xf32>
    %42 = "tosa.reshape"(%arg4, %2) : (tensor<8x8xf32>, !tosa.shape<3>) -> tensor<1x8x8xf32>
    %43 = "tosa.matmul"(%41, %42, %0, %0) : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>
    %44 = "tosa.reshape"(%43, %3) : (tensor<1x4x8xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
    %45 = "tosa.transpose"(%40) <{perms = array<i32: 1, 0>}> : (tensor<4x8xf32>) -> tensor<8x4xf32>
    %46 = "tosa.reshape"(%45, %7) : (tensor<8x4xf32>, !tosa.shape<3>) -> tensor<1x8x4xf32>
    %47 = "tosa.matmul"(%46, %26, %0, %0) : (tensor<1x8x4xf32>, tensor<1x4x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8xf32>
    %48 = "tosa.reshape"(%47, %8) : (tensor<1x8x8xf32>, !tosa.shape<2>) -> tensor<8x8xf32>
    %49 = "tosa.reduce_sum"(%40) <{axis = 0 : i32}> : (tensor<4x8xf32>) -> tensor<1x8xf32>
    %50 = "tosa.reshape"(%49, %9) : (tensor<1x8xf32>, !tosa.shape<1>) -> tensor<8xf32>
    %51 = "tosa.greater_equal"(%14, %24) : (tensor<1x1xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
    %52 = "tosa.select"(%51, %14, %44) : (tensor<4x8xi1>, tensor<1x1xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %53 = "tosa.transpose"(%52) <{perms = array<i32: 1, 0>}> : (tensor<4x8xf32>) -> tensor<8x4xf32>
    %54 = "tosa.reshape"(%53, %7) : (tensor<8x4xf32>, !tosa.shape<3>) -> tensor<1x8x4xf32>
    %55 = "tosa.matmul"(%54, %18, %0, %0) : (tensor<1x8x4xf32>, tensor<1x4x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8xf32>
    %56 = "tosa.reshape"(%55, %8) : (tensor<1x8x8xf32>, !tosa.shape<2>) -> tensor<8x8xf32>
    %57 = "tosa.reduce_sum"(%52) <{axis = 0 : i32}> : (tensor<4x8xf32>) -> tensor<1x8xf32>
    %58 = "tosa.reshape"(%57, %9) : (tensor<1x8xf32>, !tosa.shape<1>) -> tensor<8xf32>
    %59 = "tosa.mul"(%56, %15, %4) : (tensor<8x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<8x8xf32>
    %60 = "tosa.sub"(%arg2, %59) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %61 = "tosa.mul"(%58, %16, %4) : (tensor<8xf32>, tensor<1xf32>, tensor<1xi8>) -> tensor<8xf32>
    %62 = "tosa.sub"(%arg3, %61) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %63 = "tosa.mul"(%48, %15, %4) : (tensor<8x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<8x8xf32>
    %64 = "tosa.sub"(%arg4, %63) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %65 = "tosa.mul"(%50, %16, %4) : (tensor<8xf32>, tensor<1xf32>, tensor<1xi8>) -> tensor<8xf32>
    %66 = "tosa.sub"(%arg5, %65) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    "func.return"(%37, %60, %62, %64, %66) : (tensor<f32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> ()
  }) : () -> ()
}) : () -> ()
