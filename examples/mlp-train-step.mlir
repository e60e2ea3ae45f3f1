// A 6-layer MLP training step (forward, MSE loss, backward, SGD): batch 32,
// hidden 256, as test/Passes/Inputs/mlp_train_step.py writes it.
func.func @train_step(%w0: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 1 : i32}, %b0: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 2 : i32}, %w1: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 3 : i32}, %b1: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 4 : i32}, %w2: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 5 : i32}, %b2: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 6 : i32}, %w3: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 7 : i32}, %b3: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 8 : i32}, %w4: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 9 : i32}, %b4: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 10 : i32}, %w5: tensor<256x256xf32> {ap.role = "param", tf.aliasing_output = 11 : i32}, %b5: tensor<256xf32> {ap.role = "param", tf.aliasing_output = 12 : i32}, %in: tensor<32x256xf32> {ap.role = "data"}, %target: tensor<32x256xf32> {ap.role = "data"}) -> (tensor<f32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>) {
  %zero = arith.constant 0.0 : f32
  %v1 = tensor.empty() : tensor<32x256xf32>
  %v2 = linalg.fill ins(%zero : f32) outs(%v1 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v3 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%in, %w0 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v2 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v4 = tensor.empty() : tensor<32x256xf32>
  %v5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v3, %b0 : tensor<32x256xf32>, tensor<256xf32>) outs(%v4 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %s = arith.addf %a0, %a1 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v6 = tensor.empty() : tensor<32x256xf32>
  %v7 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v5 : tensor<32x256xf32>) outs(%v6 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%a0: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %a0, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<32x256xf32>
  %v8 = tensor.empty() : tensor<32x256xf32>
  %v9 = linalg.fill ins(%zero : f32) outs(%v8 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v10 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v7, %w1 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v9 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v11 = tensor.empty() : tensor<32x256xf32>
  %v12 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v10, %b1 : tensor<32x256xf32>, tensor<256xf32>) outs(%v11 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %s = arith.addf %a0, %a1 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v13 = tensor.empty() : tensor<32x256xf32>
  %v14 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v12 : tensor<32x256xf32>) outs(%v13 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%a0: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %a0, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<32x256xf32>
  %v15 = tensor.empty() : tensor<32x256xf32>
  %v16 = linalg.fill ins(%zero : f32) outs(%v15 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v17 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v14, %w2 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v16 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v18 = tensor.empty() : tensor<32x256xf32>
  %v19 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v17, %b2 : tensor<32x256xf32>, tensor<256xf32>) outs(%v18 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %s = arith.addf %a0, %a1 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v20 = tensor.empty() : tensor<32x256xf32>
  %v21 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v19 : tensor<32x256xf32>) outs(%v20 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%a0: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %a0, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<32x256xf32>
  %v22 = tensor.empty() : tensor<32x256xf32>
  %v23 = linalg.fill ins(%zero : f32) outs(%v22 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v24 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v21, %w3 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v23 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v25 = tensor.empty() : tensor<32x256xf32>
  %v26 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v24, %b3 : tensor<32x256xf32>, tensor<256xf32>) outs(%v25 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %s = arith.addf %a0, %a1 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v27 = tensor.empty() : tensor<32x256xf32>
  %v28 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v26 : tensor<32x256xf32>) outs(%v27 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%a0: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %a0, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<32x256xf32>
  %v29 = tensor.empty() : tensor<32x256xf32>
  %v30 = linalg.fill ins(%zero : f32) outs(%v29 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v31 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v28, %w4 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v30 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v32 = tensor.empty() : tensor<32x256xf32>
  %v33 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v31, %b4 : tensor<32x256xf32>, tensor<256xf32>) outs(%v32 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %s = arith.addf %a0, %a1 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v34 = tensor.empty() : tensor<32x256xf32>
  %v35 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v33 : tensor<32x256xf32>) outs(%v34 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%a0: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %a0, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<32x256xf32>
  %v36 = tensor.empty() : tensor<32x256xf32>
  %v37 = linalg.fill ins(%zero : f32) outs(%v36 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v38 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v35, %w5 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v37 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v39 = tensor.empty() : tensor<32x256xf32>
  %v40 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v38, %b5 : tensor<32x256xf32>, tensor<256xf32>) outs(%v39 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %s = arith.addf %a0, %a1 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v41 = tensor.empty() : tensor<32x256xf32>
  %v42 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v40 : tensor<32x256xf32>) outs(%v41 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%a0: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %a0, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<32x256xf32>
  %v43 = tensor.empty() : tensor<f32>
  %v44 = linalg.fill ins(%zero : f32) outs(%v43 : tensor<f32>) -> tensor<f32>
  %v45 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]} ins(%v42, %target : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v44 : tensor<f32>) attrs = {ap.layer = 7 : i64} {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %d = arith.subf %p, %q : f32
    %d2 = arith.mulf %d, %d : f32
    %s = arith.addf %acc, %d2 : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  %v46 = tensor.empty() : tensor<f32>
  %v47 = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%v45 : tensor<f32>) outs(%v46 : tensor<f32>) attrs = {ap.layer = 7 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %n = arith.constant 1.220703e-04 : f32
    %s = arith.mulf %p, %n : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  %v48 = tensor.empty() : tensor<32x256xf32>
  %v49 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v42, %target : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v48 : tensor<32x256xf32>) attrs = {ap.layer = 7 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %d = arith.subf %a0, %a1 : f32
    %k = arith.constant 2.441406e-04 : f32
    %s = arith.mulf %d, %k : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v50 = tensor.empty() : tensor<32x256xf32>
  %v51 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v49, %v40 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v50 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %a1, %c0 : f32
    %s = arith.select %pos, %a0, %c0 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v52 = tensor.empty() : tensor<256x256xf32>
  %v53 = linalg.fill ins(%zero : f32) outs(%v52 : tensor<256x256xf32>) -> tensor<256x256xf32>
  %v54 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v35, %v51 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v53 : tensor<256x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v55 = tensor.empty() : tensor<256xf32>
  %v56 = linalg.fill ins(%zero : f32) outs(%v55 : tensor<256xf32>) -> tensor<256xf32>
  %v57 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%v51 : tensor<32x256xf32>) outs(%v56 : tensor<256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v58 = tensor.empty() : tensor<32x256xf32>
  %v59 = linalg.fill ins(%zero : f32) outs(%v58 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v60 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v51, %w5 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v59 : tensor<32x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v61 = tensor.empty() : tensor<256x256xf32>
  %v62 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w5, %v54 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%v61 : tensor<256x256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v63 = tensor.empty() : tensor<256xf32>
  %v64 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b5, %v57 : tensor<256xf32>, tensor<256xf32>) outs(%v63 : tensor<256xf32>) attrs = {ap.layer = 6 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v65 = tensor.empty() : tensor<32x256xf32>
  %v66 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v60, %v33 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v65 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %a1, %c0 : f32
    %s = arith.select %pos, %a0, %c0 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v67 = tensor.empty() : tensor<256x256xf32>
  %v68 = linalg.fill ins(%zero : f32) outs(%v67 : tensor<256x256xf32>) -> tensor<256x256xf32>
  %v69 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v28, %v66 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v68 : tensor<256x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v70 = tensor.empty() : tensor<256xf32>
  %v71 = linalg.fill ins(%zero : f32) outs(%v70 : tensor<256xf32>) -> tensor<256xf32>
  %v72 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%v66 : tensor<32x256xf32>) outs(%v71 : tensor<256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v73 = tensor.empty() : tensor<32x256xf32>
  %v74 = linalg.fill ins(%zero : f32) outs(%v73 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v75 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v66, %w4 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v74 : tensor<32x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v76 = tensor.empty() : tensor<256x256xf32>
  %v77 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w4, %v69 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%v76 : tensor<256x256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v78 = tensor.empty() : tensor<256xf32>
  %v79 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b4, %v72 : tensor<256xf32>, tensor<256xf32>) outs(%v78 : tensor<256xf32>) attrs = {ap.layer = 5 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v80 = tensor.empty() : tensor<32x256xf32>
  %v81 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v75, %v26 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v80 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %a1, %c0 : f32
    %s = arith.select %pos, %a0, %c0 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v82 = tensor.empty() : tensor<256x256xf32>
  %v83 = linalg.fill ins(%zero : f32) outs(%v82 : tensor<256x256xf32>) -> tensor<256x256xf32>
  %v84 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v21, %v81 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v83 : tensor<256x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v85 = tensor.empty() : tensor<256xf32>
  %v86 = linalg.fill ins(%zero : f32) outs(%v85 : tensor<256xf32>) -> tensor<256xf32>
  %v87 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%v81 : tensor<32x256xf32>) outs(%v86 : tensor<256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v88 = tensor.empty() : tensor<32x256xf32>
  %v89 = linalg.fill ins(%zero : f32) outs(%v88 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v90 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v81, %w3 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v89 : tensor<32x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v91 = tensor.empty() : tensor<256x256xf32>
  %v92 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w3, %v84 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%v91 : tensor<256x256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v93 = tensor.empty() : tensor<256xf32>
  %v94 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b3, %v87 : tensor<256xf32>, tensor<256xf32>) outs(%v93 : tensor<256xf32>) attrs = {ap.layer = 4 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v95 = tensor.empty() : tensor<32x256xf32>
  %v96 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v90, %v19 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v95 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %a1, %c0 : f32
    %s = arith.select %pos, %a0, %c0 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v97 = tensor.empty() : tensor<256x256xf32>
  %v98 = linalg.fill ins(%zero : f32) outs(%v97 : tensor<256x256xf32>) -> tensor<256x256xf32>
  %v99 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v14, %v96 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v98 : tensor<256x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v100 = tensor.empty() : tensor<256xf32>
  %v101 = linalg.fill ins(%zero : f32) outs(%v100 : tensor<256xf32>) -> tensor<256xf32>
  %v102 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%v96 : tensor<32x256xf32>) outs(%v101 : tensor<256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v103 = tensor.empty() : tensor<32x256xf32>
  %v104 = linalg.fill ins(%zero : f32) outs(%v103 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v105 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v96, %w2 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v104 : tensor<32x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v106 = tensor.empty() : tensor<256x256xf32>
  %v107 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w2, %v99 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%v106 : tensor<256x256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v108 = tensor.empty() : tensor<256xf32>
  %v109 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b2, %v102 : tensor<256xf32>, tensor<256xf32>) outs(%v108 : tensor<256xf32>) attrs = {ap.layer = 3 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v110 = tensor.empty() : tensor<32x256xf32>
  %v111 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v105, %v12 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v110 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %a1, %c0 : f32
    %s = arith.select %pos, %a0, %c0 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v112 = tensor.empty() : tensor<256x256xf32>
  %v113 = linalg.fill ins(%zero : f32) outs(%v112 : tensor<256x256xf32>) -> tensor<256x256xf32>
  %v114 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v7, %v111 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v113 : tensor<256x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v115 = tensor.empty() : tensor<256xf32>
  %v116 = linalg.fill ins(%zero : f32) outs(%v115 : tensor<256xf32>) -> tensor<256xf32>
  %v117 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%v111 : tensor<32x256xf32>) outs(%v116 : tensor<256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v118 = tensor.empty() : tensor<32x256xf32>
  %v119 = linalg.fill ins(%zero : f32) outs(%v118 : tensor<32x256xf32>) -> tensor<32x256xf32>
  %v120 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%v111, %w1 : tensor<32x256xf32>, tensor<256x256xf32>) outs(%v119 : tensor<32x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v121 = tensor.empty() : tensor<256x256xf32>
  %v122 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w1, %v114 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%v121 : tensor<256x256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v123 = tensor.empty() : tensor<256xf32>
  %v124 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b1, %v117 : tensor<256xf32>, tensor<256xf32>) outs(%v123 : tensor<256xf32>) attrs = {ap.layer = 2 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v125 = tensor.empty() : tensor<32x256xf32>
  %v126 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v120, %v5 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v125 : tensor<32x256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %a1, %c0 : f32
    %s = arith.select %pos, %a0, %c0 : f32
    linalg.yield %s : f32
  } -> tensor<32x256xf32>
  %v127 = tensor.empty() : tensor<256x256xf32>
  %v128 = linalg.fill ins(%zero : f32) outs(%v127 : tensor<256x256xf32>) -> tensor<256x256xf32>
  %v129 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%in, %v126 : tensor<32x256xf32>, tensor<32x256xf32>) outs(%v128 : tensor<256x256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v130 = tensor.empty() : tensor<256xf32>
  %v131 = linalg.fill ins(%zero : f32) outs(%v130 : tensor<256xf32>) -> tensor<256xf32>
  %v132 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%v126 : tensor<32x256xf32>) outs(%v131 : tensor<256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%p: f32, %acc: f32):
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %v133 = tensor.empty() : tensor<256x256xf32>
  %v134 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%w0, %v129 : tensor<256x256xf32>, tensor<256x256xf32>) outs(%v133 : tensor<256x256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256x256xf32>
  %v135 = tensor.empty() : tensor<256xf32>
  %v136 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b0, %v132 : tensor<256xf32>, tensor<256xf32>) outs(%v135 : tensor<256xf32>) attrs = {ap.layer = 1 : i64} {
  ^bb0(%a0: f32, %a1: f32, %out: f32):
    %k = arith.constant 1.000000e-02 : f32
    %g = arith.mulf %a1, %k : f32
    %s = arith.subf %a0, %g : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  return %v47, %v134, %v136, %v122, %v124, %v107, %v109, %v92, %v94, %v77, %v79, %v62, %v64 : tensor<f32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>, tensor<256x256xf32>, tensor<256xf32>
}
