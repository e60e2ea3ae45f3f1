// Every collective the CPU runtime implements, on a 2x2 grid over 4 MPI
// ranks: rank r = (c0, c1) = (r / 2, r % 2) holds 10r + i. Each result is
// gathered to every rank (itself a test of all_gather's group order) and
// rank 0 prints it; the expected values are worked out in the comments.
// REQUIRES: mpi
// RUN: ap-opt %s --lower-to-cpu -o %t.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.mlir -o %t.ll
// RUN: llc -O1 -filetype=obj -relocation-model=pic %t.ll -o %t.o
// RUN: mpicc %t.o %{ap_rt_link} -o %t
// RUN: %mpiexec -n 4 %t | FileCheck %s
// RUN: not %mpiexec -n 2 %t 2>&1 | FileCheck %s --check-prefix=RANKS
// RANKS: error: the program runs on 4 devices but 2 MPI ranks were started

shard.grid @g(shape = 2x2)

func.func private @ap_rt_report_f32(memref<*xf32>, i64)

func.func @report(%t: tensor<*xf32>, %k: i64) {
  %m = bufferization.to_buffer %t read_only : tensor<*xf32> to memref<*xf32>
  func.call @ap_rt_report_f32(%m, %k) : (memref<*xf32>, i64) -> ()
  return
}

// [10r + 0, 10r + 1]
func.func @mine() -> tensor<2xf32> {
  %r = shard.process_linear_index on @g : index
  %ri = arith.index_cast %r : index to i64
  %rf = arith.sitofp %ri : i64 to f32
  %c10 = arith.constant 10.0 : f32
  %c1 = arith.constant 1.0 : f32
  %a = arith.mulf %rf, %c10 : f32
  %b = arith.addf %a, %c1 : f32
  %t = tensor.from_elements %a, %b : tensor<2xf32>
  return %t : tensor<2xf32>
}

func.func @ap_main() {
  %x = func.call @mine() : () -> tensor<2xf32>
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index

  // Sum over the whole grid: [0+10+20+30, 1+11+21+31].
  // CHECK: result 0 2
  // CHECK-NEXT: 60
  // CHECK-NEXT: 64
  %s = shard.all_reduce %x on @g grid_axes = [0, 1] : tensor<2xf32> -> tensor<2xf32>
  %s0 = tensor.cast %s : tensor<2xf32> to tensor<*xf32>
  %k0 = arith.constant 0 : i64
  func.call @report(%s0, %k0) : (tensor<*xf32>, i64) -> ()

  // Max along axis 1 (ranks {0,1}, {2,3}), then gathered along axis 0.
  // CHECK: result 1 4
  // CHECK-NEXT: 10
  // CHECK-NEXT: 11
  // CHECK-NEXT: 30
  // CHECK-NEXT: 31
  %m = shard.all_reduce %x on @g grid_axes = [1] reduction = max : tensor<2xf32> -> tensor<2xf32>
  %mg = shard.all_gather %m on @g grid_axes = [0] gather_axis = 0 : tensor<2xf32> -> tensor<4xf32>
  %m1 = tensor.cast %mg : tensor<4xf32> to tensor<*xf32>
  %k1 = arith.constant 1 : i64
  func.call @report(%m1, %k1) : (tensor<*xf32>, i64) -> ()

  // Gather over axes [1, 0]: axis 1 major, so the order is ranks 0, 2, 1, 3.
  // CHECK: result 2 8
  // CHECK-NEXT: 0
  // CHECK-NEXT: 1
  // CHECK-NEXT: 20
  // CHECK-NEXT: 21
  // CHECK-NEXT: 10
  // CHECK-NEXT: 11
  // CHECK-NEXT: 30
  // CHECK-NEXT: 31
  %g = shard.all_gather %x on @g grid_axes = [1, 0] gather_axis = 0 : tensor<2xf32> -> tensor<8xf32>
  %g2 = tensor.cast %g : tensor<8xf32> to tensor<*xf32>
  %k2 = arith.constant 2 : i64
  func.call @report(%g2, %k2) : (tensor<*xf32>, i64) -> ()

  // Slice [0, 1, 2, 3] over both axes: rank r keeps element r; adding 10r
  // shows which one it kept: [0, 11, 22, 33].
  // CHECK: result 3 4
  // CHECK-NEXT: 0
  // CHECK-NEXT: 11
  // CHECK-NEXT: 22
  // CHECK-NEXT: 33
  %iota = arith.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>
  %sl = shard.all_slice %iota on @g grid_axes = [0, 1] slice_axis = 0 : tensor<4xf32> -> tensor<1xf32>
  %x0 = tensor.extract_slice %x[0] [1] [1] : tensor<2xf32> to tensor<1xf32>
  %e3 = tensor.empty() : tensor<1xf32>
  %sl2 = linalg.add ins(%sl, %x0 : tensor<1xf32>, tensor<1xf32>) outs(%e3 : tensor<1xf32>) -> tensor<1xf32>
  %slg = shard.all_gather %sl2 on @g grid_axes = [0, 1] gather_axis = 0 : tensor<1xf32> -> tensor<4xf32>
  %s3 = tensor.cast %slg : tensor<4xf32> to tensor<*xf32>
  %k3 = arith.constant 3 : i64
  func.call @report(%s3, %k3) : (tensor<*xf32>, i64) -> ()

  // All-to-all along axis 1 on [[10r, 10r+1], [10r+2, 10r+3]]: split rows,
  // concatenate columns; member k of group c0 gets row k of ranks 2c0 and
  // 2c0+1 side by side. Gathered: rows by (c0, k).
  // CHECK: result 4 16
  // CHECK-NEXT: 0
  // CHECK-NEXT: 1
  // CHECK-NEXT: 10
  // CHECK-NEXT: 11
  // CHECK-NEXT: 2
  // CHECK-NEXT: 3
  // CHECK-NEXT: 12
  // CHECK-NEXT: 13
  // CHECK-NEXT: 20
  // CHECK-NEXT: 21
  // CHECK-NEXT: 30
  // CHECK-NEXT: 31
  // CHECK-NEXT: 22
  // CHECK-NEXT: 23
  // CHECK-NEXT: 32
  // CHECK-NEXT: 33
  %x0s = tensor.extract %x[%i0] : tensor<2xf32>
  %x1s = tensor.extract %x[%i1] : tensor<2xf32>
  %two = arith.constant 2.0 : f32
  %x2s = arith.addf %x0s, %two : f32
  %x3s = arith.addf %x1s, %two : f32
  %y = tensor.from_elements %x0s, %x1s, %x2s, %x3s : tensor<2x2xf32>
  %a2a = shard.all_to_all %y on @g grid_axes = [1] split_axis = 0 concat_axis = 1 : tensor<2x2xf32> -> tensor<1x4xf32>
  %a1 = shard.all_gather %a2a on @g grid_axes = [1] gather_axis = 0 : tensor<1x4xf32> -> tensor<2x4xf32>
  %a0 = shard.all_gather %a1 on @g grid_axes = [0] gather_axis = 0 : tensor<2x4xf32> -> tensor<4x4xf32>
  %s4 = tensor.cast %a0 : tensor<4x4xf32> to tensor<*xf32>
  %k4 = arith.constant 4 : i64
  func.call @report(%s4, %k4) : (tensor<*xf32>, i64) -> ()

  // Reduce-scatter over both axes of [10r, 10r+1, 10r+2, 10r+3]: the sums
  // [60, 64, 68, 72], element r on rank r.
  // CHECK: result 5 4
  // CHECK-NEXT: 60
  // CHECK-NEXT: 64
  // CHECK-NEXT: 68
  // CHECK-NEXT: 72
  %x4 = tensor.concat dim(0) %x, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  %off = arith.constant dense<[0.0, 0.0, 2.0, 2.0]> : tensor<4xf32>
  %e6 = tensor.empty() : tensor<4xf32>
  %z = linalg.add ins(%x4, %off : tensor<4xf32>, tensor<4xf32>) outs(%e6 : tensor<4xf32>) -> tensor<4xf32>
  %rs = shard.reduce_scatter %z on @g grid_axes = [0, 1] scatter_axis = 0 : tensor<4xf32> -> tensor<1xf32>
  %rsg = shard.all_gather %rs on @g grid_axes = [0, 1] gather_axis = 0 : tensor<1xf32> -> tensor<4xf32>
  %s5 = tensor.cast %rsg : tensor<4xf32> to tensor<*xf32>
  %k5 = arith.constant 5 : i64
  func.call @report(%s5, %k5) : (tensor<*xf32>, i64) -> ()

  // Broadcast along axis 0 from coordinate 1: rank (c0, c1) gets rank
  // (1, c1)'s data, [20, 21] or [30, 31]. Gathered over [0, 1].
  // CHECK: result 6 8
  // CHECK-NEXT: 20
  // CHECK-NEXT: 21
  // CHECK-NEXT: 30
  // CHECK-NEXT: 31
  // CHECK-NEXT: 20
  // CHECK-NEXT: 21
  // CHECK-NEXT: 30
  // CHECK-NEXT: 31
  %bc = shard.broadcast %x on @g grid_axes = [0] root = [1] : (tensor<2xf32>) -> tensor<2xf32>
  %bcg = shard.all_gather %bc on @g grid_axes = [0, 1] gather_axis = 0 : tensor<2xf32> -> tensor<8xf32>
  %s6 = tensor.cast %bcg : tensor<8xf32> to tensor<*xf32>
  %k6 = arith.constant 6 : i64
  func.call @report(%s6, %k6) : (tensor<*xf32>, i64) -> ()

  // The grid's shape and this process's coordinates, as floats.
  // CHECK: result 7 4
  // CHECK-NEXT: 2
  // CHECK-NEXT: 2
  // CHECK-NEXT: 0
  // CHECK-NEXT: 0
  %d:2 = shard.grid_shape @g : index, index
  %p:2 = shard.process_multi_index on @g : index, index
  %d0 = arith.index_cast %d#0 : index to i64
  %d1 = arith.index_cast %d#1 : index to i64
  %p0 = arith.index_cast %p#0 : index to i64
  %p1 = arith.index_cast %p#1 : index to i64
  %d0f = arith.sitofp %d0 : i64 to f32
  %d1f = arith.sitofp %d1 : i64 to f32
  %p0f = arith.sitofp %p0 : i64 to f32
  %p1f = arith.sitofp %p1 : i64 to f32
  %vf = tensor.from_elements %d0f, %d1f, %p0f, %p1f : tensor<4xf32>
  %s7 = tensor.cast %vf : tensor<4xf32> to tensor<*xf32>
  %k7 = arith.constant 7 : i64
  func.call @report(%s7, %k7) : (tensor<*xf32>, i64) -> ()
  return
}
