// A 6-layer MLP training step (forward, MSE loss, backward, SGD), batch 32,
// hidden 256: `ap-models mlp --layers 6 --batch 32 --hidden 256`.
module {
  func.func @train_step(%w0: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 1 : i32}, %b0: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 2 : i32}, %w1: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 3 : i32}, %b1: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 4 : i32}, %w2: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 5 : i32}, %b2: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 6 : i32}, %w3: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 7 : i32}, %b3: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 8 : i32}, %w4: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 9 : i32}, %b4: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 10 : i32}, %w5: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 11 : i32}, %b5: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 12 : i32}, %x: tensor<32x256xf32> {ap.role = "data"}, %y: tensor<32x256xf32> {ap.role = "data"}) -> (tensor<f32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>) {
    %0 = tensor.empty() : tensor<32x256xf32> loc("L1.dense")
    %1 = arith.constant 0.0 : f32 loc("L1.dense")
    %2 = linalg.fill ins(%1 : f32) outs(%0 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L1.dense")
    %3 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w0 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%2 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L1.dense")
    %4 = tensor.empty() : tensor<32x256xf32> loc("L1.bias")
    %5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%3, %b0 : tensor<32x256xf32>, tensor<256xf32>) outs(%4 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.addf %a0, %a1 : f32
      linalg.yield %t0 : f32
    } -> tensor<32x256xf32> loc("L1.bias")
    %6 = tensor.empty() : tensor<32x256xf32> loc("L1.relu")
    %7 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%5 : tensor<32x256xf32>) outs(%6 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.maximumf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L1.relu")
    %8 = tensor.empty() : tensor<32x256xf32> loc("L2.dense")
    %9 = arith.constant 0.0 : f32 loc("L2.dense")
    %10 = linalg.fill ins(%9 : f32) outs(%8 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L2.dense")
    %11 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%7, %w1 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%10 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L2.dense")
    %12 = tensor.empty() : tensor<32x256xf32> loc("L2.bias")
    %13 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%11, %b1 : tensor<32x256xf32>, tensor<256xf32>) outs(%12 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.addf %a0, %a1 : f32
      linalg.yield %t0 : f32
    } -> tensor<32x256xf32> loc("L2.bias")
    %14 = tensor.empty() : tensor<32x256xf32> loc("L2.relu")
    %15 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%13 : tensor<32x256xf32>) outs(%14 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.maximumf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L2.relu")
    %16 = tensor.empty() : tensor<32x256xf32> loc("L3.dense")
    %17 = arith.constant 0.0 : f32 loc("L3.dense")
    %18 = linalg.fill ins(%17 : f32) outs(%16 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L3.dense")
    %19 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%15, %w2 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%18 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L3.dense")
    %20 = tensor.empty() : tensor<32x256xf32> loc("L3.bias")
    %21 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%19, %b2 : tensor<32x256xf32>, tensor<256xf32>) outs(%20 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.addf %a0, %a1 : f32
      linalg.yield %t0 : f32
    } -> tensor<32x256xf32> loc("L3.bias")
    %22 = tensor.empty() : tensor<32x256xf32> loc("L3.relu")
    %23 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%21 : tensor<32x256xf32>) outs(%22 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.maximumf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L3.relu")
    %24 = tensor.empty() : tensor<32x256xf32> loc("L4.dense")
    %25 = arith.constant 0.0 : f32 loc("L4.dense")
    %26 = linalg.fill ins(%25 : f32) outs(%24 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L4.dense")
    %27 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%23, %w3 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%26 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L4.dense")
    %28 = tensor.empty() : tensor<32x256xf32> loc("L4.bias")
    %29 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%27, %b3 : tensor<32x256xf32>, tensor<256xf32>) outs(%28 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.addf %a0, %a1 : f32
      linalg.yield %t0 : f32
    } -> tensor<32x256xf32> loc("L4.bias")
    %30 = tensor.empty() : tensor<32x256xf32> loc("L4.relu")
    %31 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%29 : tensor<32x256xf32>) outs(%30 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.maximumf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L4.relu")
    %32 = tensor.empty() : tensor<32x256xf32> loc("L5.dense")
    %33 = arith.constant 0.0 : f32 loc("L5.dense")
    %34 = linalg.fill ins(%33 : f32) outs(%32 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L5.dense")
    %35 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%31, %w4 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%34 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L5.dense")
    %36 = tensor.empty() : tensor<32x256xf32> loc("L5.bias")
    %37 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%35, %b4 : tensor<32x256xf32>, tensor<256xf32>) outs(%36 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.addf %a0, %a1 : f32
      linalg.yield %t0 : f32
    } -> tensor<32x256xf32> loc("L5.bias")
    %38 = tensor.empty() : tensor<32x256xf32> loc("L5.relu")
    %39 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%37 : tensor<32x256xf32>) outs(%38 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.maximumf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L5.relu")
    %40 = tensor.empty() : tensor<32x256xf32> loc("L6.dense")
    %41 = arith.constant 0.0 : f32 loc("L6.dense")
    %42 = linalg.fill ins(%41 : f32) outs(%40 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L6.dense")
    %43 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%39, %w5 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%42 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L6.dense")
    %44 = tensor.empty() : tensor<32x256xf32> loc("L6.bias")
    %45 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%43, %b5 : tensor<32x256xf32>, tensor<256xf32>) outs(%44 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.addf %a0, %a1 : f32
      linalg.yield %t0 : f32
    } -> tensor<32x256xf32> loc("L6.bias")
    %46 = tensor.empty() : tensor<32x256xf32> loc("L6.relu")
    %47 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%45 : tensor<32x256xf32>) outs(%46 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.maximumf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L6.relu")
    %48 = tensor.empty() : tensor<f32> loc("loss.sq_err")
    %49 = arith.constant 0.0 : f32 loc("loss.sq_err")
    %50 = linalg.fill ins(%49 : f32) outs(%48 : tensor<f32>) -> tensor<f32> loc("loss.sq_err")
    %51 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]} ins(%47, %y : tensor<32x256xf32>, tensor<32x256xf32>) outs(%50 : tensor<f32>) attrs = {ap.layer = 7 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.subf %a0, %a1 : f32
      %t1 = arith.mulf %t0, %t0 : f32
      %t2 = arith.addf %acc, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<f32> loc("loss.sq_err")
    %52 = tensor.empty() : tensor<f32> loc("loss.mean")
    %53 = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%51 : tensor<f32>) outs(%52 : tensor<f32>) attrs = {ap.layer = 7 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.constant 1.220703125e-04 : f32
      %t1 = arith.mulf %a0, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<f32> loc("loss.mean")
    %54 = tensor.empty() : tensor<32x256xf32> loc("loss.grad")
    %55 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%47, %y : tensor<32x256xf32>, tensor<32x256xf32>) outs(%54 : tensor<32x256xf32>) attrs = {ap.layer = 7 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 2.441406250e-04 : f32
      %t1 = arith.subf %a0, %a1 : f32
      %t2 = arith.mulf %t1, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("loss.grad")
    %56 = tensor.empty() : tensor<32x256xf32> loc("L6.grad.relu")
    %57 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%55, %45 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%56 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.cmpf ogt, %a1, %t0 : f32
      %t2 = arith.select %t1, %a0, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("L6.grad.relu")
    %58 = tensor.empty() : tensor<256x256xf32> loc("L6.grad.dense_w")
    %59 = arith.constant 0.0 : f32 loc("L6.grad.dense_w")
    %60 = linalg.fill ins(%59 : f32) outs(%58 : tensor<256x256xf32>) -> tensor<256x256xf32> loc("L6.grad.dense_w")
    %61 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%39, %57 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%60 : tensor<256x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<256x256xf32> loc("L6.grad.dense_w")
    %62 = tensor.empty() : tensor<256xf32> loc("L6.grad.bias")
    %63 = arith.constant 0.0 : f32 loc("L6.grad.bias")
    %64 = linalg.fill ins(%63 : f32) outs(%62 : tensor<256xf32>) -> tensor<256xf32> loc("L6.grad.bias")
    %65 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%57 : tensor<32x256xf32>) outs(%64 : tensor<256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.addf %acc, %a0 : f32
      linalg.yield %t0 : f32
    } -> tensor<256xf32> loc("L6.grad.bias")
    %66 = tensor.empty() : tensor<32x256xf32> loc("L6.grad.dense_x")
    %67 = arith.constant 0.0 : f32 loc("L6.grad.dense_x")
    %68 = linalg.fill ins(%67 : f32) outs(%66 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L6.grad.dense_x")
    %69 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%57, %w5 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%68 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L6.grad.dense_x")
    %70 = tensor.empty() : tensor<32x256xf32> loc("L5.grad.relu")
    %71 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%69, %37 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%70 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.cmpf ogt, %a1, %t0 : f32
      %t2 = arith.select %t1, %a0, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("L5.grad.relu")
    %72 = tensor.empty() : tensor<256x256xf32> loc("L5.grad.dense_w")
    %73 = arith.constant 0.0 : f32 loc("L5.grad.dense_w")
    %74 = linalg.fill ins(%73 : f32) outs(%72 : tensor<256x256xf32>) -> tensor<256x256xf32> loc("L5.grad.dense_w")
    %75 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%31, %71 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%74 : tensor<256x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<256x256xf32> loc("L5.grad.dense_w")
    %76 = tensor.empty() : tensor<256xf32> loc("L5.grad.bias")
    %77 = arith.constant 0.0 : f32 loc("L5.grad.bias")
    %78 = linalg.fill ins(%77 : f32) outs(%76 : tensor<256xf32>) -> tensor<256xf32> loc("L5.grad.bias")
    %79 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%71 : tensor<32x256xf32>) outs(%78 : tensor<256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.addf %acc, %a0 : f32
      linalg.yield %t0 : f32
    } -> tensor<256xf32> loc("L5.grad.bias")
    %80 = tensor.empty() : tensor<32x256xf32> loc("L5.grad.dense_x")
    %81 = arith.constant 0.0 : f32 loc("L5.grad.dense_x")
    %82 = linalg.fill ins(%81 : f32) outs(%80 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L5.grad.dense_x")
    %83 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%71, %w4 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%82 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L5.grad.dense_x")
    %84 = tensor.empty() : tensor<32x256xf32> loc("L4.grad.relu")
    %85 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%83, %29 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%84 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.cmpf ogt, %a1, %t0 : f32
      %t2 = arith.select %t1, %a0, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("L4.grad.relu")
    %86 = tensor.empty() : tensor<256x256xf32> loc("L4.grad.dense_w")
    %87 = arith.constant 0.0 : f32 loc("L4.grad.dense_w")
    %88 = linalg.fill ins(%87 : f32) outs(%86 : tensor<256x256xf32>) -> tensor<256x256xf32> loc("L4.grad.dense_w")
    %89 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%23, %85 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%88 : tensor<256x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<256x256xf32> loc("L4.grad.dense_w")
    %90 = tensor.empty() : tensor<256xf32> loc("L4.grad.bias")
    %91 = arith.constant 0.0 : f32 loc("L4.grad.bias")
    %92 = linalg.fill ins(%91 : f32) outs(%90 : tensor<256xf32>) -> tensor<256xf32> loc("L4.grad.bias")
    %93 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%85 : tensor<32x256xf32>) outs(%92 : tensor<256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.addf %acc, %a0 : f32
      linalg.yield %t0 : f32
    } -> tensor<256xf32> loc("L4.grad.bias")
    %94 = tensor.empty() : tensor<32x256xf32> loc("L4.grad.dense_x")
    %95 = arith.constant 0.0 : f32 loc("L4.grad.dense_x")
    %96 = linalg.fill ins(%95 : f32) outs(%94 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L4.grad.dense_x")
    %97 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%85, %w3 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%96 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L4.grad.dense_x")
    %98 = tensor.empty() : tensor<32x256xf32> loc("L3.grad.relu")
    %99 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%97, %21 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%98 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.cmpf ogt, %a1, %t0 : f32
      %t2 = arith.select %t1, %a0, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("L3.grad.relu")
    %100 = tensor.empty() : tensor<256x256xf32> loc("L3.grad.dense_w")
    %101 = arith.constant 0.0 : f32 loc("L3.grad.dense_w")
    %102 = linalg.fill ins(%101 : f32) outs(%100 : tensor<256x256xf32>) -> tensor<256x256xf32> loc("L3.grad.dense_w")
    %103 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%15, %99 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%102 : tensor<256x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<256x256xf32> loc("L3.grad.dense_w")
    %104 = tensor.empty() : tensor<256xf32> loc("L3.grad.bias")
    %105 = arith.constant 0.0 : f32 loc("L3.grad.bias")
    %106 = linalg.fill ins(%105 : f32) outs(%104 : tensor<256xf32>) -> tensor<256xf32> loc("L3.grad.bias")
    %107 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%99 : tensor<32x256xf32>) outs(%106 : tensor<256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.addf %acc, %a0 : f32
      linalg.yield %t0 : f32
    } -> tensor<256xf32> loc("L3.grad.bias")
    %108 = tensor.empty() : tensor<32x256xf32> loc("L3.grad.dense_x")
    %109 = arith.constant 0.0 : f32 loc("L3.grad.dense_x")
    %110 = linalg.fill ins(%109 : f32) outs(%108 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L3.grad.dense_x")
    %111 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%99, %w2 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%110 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L3.grad.dense_x")
    %112 = tensor.empty() : tensor<32x256xf32> loc("L2.grad.relu")
    %113 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%111, %13 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%112 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.cmpf ogt, %a1, %t0 : f32
      %t2 = arith.select %t1, %a0, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("L2.grad.relu")
    %114 = tensor.empty() : tensor<256x256xf32> loc("L2.grad.dense_w")
    %115 = arith.constant 0.0 : f32 loc("L2.grad.dense_w")
    %116 = linalg.fill ins(%115 : f32) outs(%114 : tensor<256x256xf32>) -> tensor<256x256xf32> loc("L2.grad.dense_w")
    %117 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%7, %113 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%116 : tensor<256x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<256x256xf32> loc("L2.grad.dense_w")
    %118 = tensor.empty() : tensor<256xf32> loc("L2.grad.bias")
    %119 = arith.constant 0.0 : f32 loc("L2.grad.bias")
    %120 = linalg.fill ins(%119 : f32) outs(%118 : tensor<256xf32>) -> tensor<256xf32> loc("L2.grad.bias")
    %121 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%113 : tensor<32x256xf32>) outs(%120 : tensor<256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.addf %acc, %a0 : f32
      linalg.yield %t0 : f32
    } -> tensor<256xf32> loc("L2.grad.bias")
    %122 = tensor.empty() : tensor<32x256xf32> loc("L2.grad.dense_x")
    %123 = arith.constant 0.0 : f32 loc("L2.grad.dense_x")
    %124 = linalg.fill ins(%123 : f32) outs(%122 : tensor<32x256xf32>) -> tensor<32x256xf32> loc("L2.grad.dense_x")
    %125 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%113, %w1 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%124 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<32x256xf32> loc("L2.grad.dense_x")
    %126 = tensor.empty() : tensor<32x256xf32> loc("L1.grad.relu")
    %127 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%125, %5 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%126 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 0.0 : f32
      %t1 = arith.cmpf ogt, %a1, %t0 : f32
      %t2 = arith.select %t1, %a0, %t0 : f32
      linalg.yield %t2 : f32
    } -> tensor<32x256xf32> loc("L1.grad.relu")
    %128 = tensor.empty() : tensor<256x256xf32> loc("L1.grad.dense_w")
    %129 = arith.constant 0.0 : f32 loc("L1.grad.dense_w")
    %130 = linalg.fill ins(%129 : f32) outs(%128 : tensor<256x256xf32>) -> tensor<256x256xf32> loc("L1.grad.dense_w")
    %131 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %127 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%130 : tensor<256x256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.mulf %a0, %a1 : f32
      %t1 = arith.addf %acc, %t0 : f32
      linalg.yield %t1 : f32
    } -> tensor<256x256xf32> loc("L1.grad.dense_w")
    %132 = tensor.empty() : tensor<256xf32> loc("L1.grad.bias")
    %133 = arith.constant 0.0 : f32 loc("L1.grad.bias")
    %134 = linalg.fill ins(%133 : f32) outs(%132 : tensor<256xf32>) -> tensor<256xf32> loc("L1.grad.bias")
    %135 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%127 : tensor<32x256xf32>) outs(%134 : tensor<256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %acc: f32):
      %t0 = arith.addf %acc, %a0 : f32
      linalg.yield %t0 : f32
    } -> tensor<256xf32> loc("L1.grad.bias")
    %136 = tensor.empty() : tensor<256x256xf32> loc("w0.update.sgd")
    %137 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w0, %131 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%136 : tensor<256x256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256x256xf32> loc("w0.update.sgd")
    %138 = tensor.empty() : tensor<256xf32> loc("b0.update.sgd")
    %139 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b0, %135 : tensor<256xf32>, tensor<256xf32>) outs(%138 : tensor<256xf32>) attrs = {ap.layer = 1 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256xf32> loc("b0.update.sgd")
    %140 = tensor.empty() : tensor<256x256xf32> loc("w1.update.sgd")
    %141 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w1, %117 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%140 : tensor<256x256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256x256xf32> loc("w1.update.sgd")
    %142 = tensor.empty() : tensor<256xf32> loc("b1.update.sgd")
    %143 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b1, %121 : tensor<256xf32>, tensor<256xf32>) outs(%142 : tensor<256xf32>) attrs = {ap.layer = 2 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256xf32> loc("b1.update.sgd")
    %144 = tensor.empty() : tensor<256x256xf32> loc("w2.update.sgd")
    %145 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w2, %103 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%144 : tensor<256x256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256x256xf32> loc("w2.update.sgd")
    %146 = tensor.empty() : tensor<256xf32> loc("b2.update.sgd")
    %147 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b2, %107 : tensor<256xf32>, tensor<256xf32>) outs(%146 : tensor<256xf32>) attrs = {ap.layer = 3 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256xf32> loc("b2.update.sgd")
    %148 = tensor.empty() : tensor<256x256xf32> loc("w3.update.sgd")
    %149 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w3, %89 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%148 : tensor<256x256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256x256xf32> loc("w3.update.sgd")
    %150 = tensor.empty() : tensor<256xf32> loc("b3.update.sgd")
    %151 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b3, %93 : tensor<256xf32>, tensor<256xf32>) outs(%150 : tensor<256xf32>) attrs = {ap.layer = 4 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256xf32> loc("b3.update.sgd")
    %152 = tensor.empty() : tensor<256x256xf32> loc("w4.update.sgd")
    %153 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w4, %75 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%152 : tensor<256x256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256x256xf32> loc("w4.update.sgd")
    %154 = tensor.empty() : tensor<256xf32> loc("b4.update.sgd")
    %155 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b4, %79 : tensor<256xf32>, tensor<256xf32>) outs(%154 : tensor<256xf32>) attrs = {ap.layer = 5 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256xf32> loc("b4.update.sgd")
    %156 = tensor.empty() : tensor<256x256xf32> loc("w5.update.sgd")
    %157 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w5, %61 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%156 : tensor<256x256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256x256xf32> loc("w5.update.sgd")
    %158 = tensor.empty() : tensor<256xf32> loc("b5.update.sgd")
    %159 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b5, %65 : tensor<256xf32>, tensor<256xf32>) outs(%158 : tensor<256xf32>) attrs = {ap.layer = 6 : i64} {
    ^bb0(%a0: f32, %a1: f32, %acc: f32):
      %t0 = arith.constant 1.000000000e-02 : f32
      %t1 = arith.mulf %a1, %t0 : f32
      %t2 = arith.subf %a0, %t1 : f32
      linalg.yield %t2 : f32
    } -> tensor<256xf32> loc("b5.update.sgd")
    return %53, %137, %139, %141, %143, %145, %147, %149, %151, %153, %155, %157, %159 : tensor<f32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>
  }
}
