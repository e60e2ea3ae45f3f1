// Collectives on a 1-D grid of 3 ranks (an odd size) over each element type
// the runtime reduces: i32 sum, f64 average, bf16 sum (through float), i64
// all-to-all on a 2-D tensor. Rank r holds values built from r.
// REQUIRES: mpi
// RUN: ap-opt %s --lower-to-cpu -o %t.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.mlir -o %t.ll
// RUN: llc -O1 -filetype=obj -relocation-model=pic %t.ll -o %t.o
// RUN: mpicc %t.o %{ap_rt_link} -o %t
// RUN: %mpiexec -n 3 %t | FileCheck %s

shard.grid @line(shape = 3)

func.func private @ap_rt_report_i32(memref<*xi32>, i64)
func.func private @ap_rt_report_f64(memref<*xf64>, i64)
func.func private @ap_rt_report_bf16(memref<*xbf16>, i64)
func.func private @ap_rt_report_i64(memref<*xi64>, i64)

func.func @ap_main() {
  %r = shard.process_linear_index on @line : index
  %ri = arith.index_cast %r : index to i64
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64

  // i32: [r, 7] summed: [0+1+2, 21].
  // CHECK: result 0 2
  // CHECK-NEXT: 3
  // CHECK-NEXT: 21
  %r32 = arith.trunci %ri : i64 to i32
  %seven = arith.constant 7 : i32
  %xi = tensor.from_elements %r32, %seven : tensor<2xi32>
  %si = shard.all_reduce %xi on @line grid_axes = [0] : tensor<2xi32> -> tensor<2xi32>
  %mi = bufferization.to_buffer %si read_only : tensor<2xi32> to memref<2xi32>
  %ui = memref.cast %mi : memref<2xi32> to memref<*xi32>
  func.call @ap_rt_report_i32(%ui, %k0) : (memref<*xi32>, i64) -> ()

  // f64 average of [r / 4]: (0 + 0.25 + 0.5) / 3.
  // CHECK: result 1 1
  // CHECK-NEXT: 0.25
  %rf = arith.sitofp %ri : i64 to f64
  %q = arith.constant 0.25 : f64
  %rq = arith.mulf %rf, %q : f64
  %xd = tensor.from_elements %rq : tensor<1xf64>
  %ad = shard.all_reduce %xd on @line grid_axes = [0] reduction = average : tensor<1xf64> -> tensor<1xf64>
  %md = bufferization.to_buffer %ad read_only : tensor<1xf64> to memref<1xf64>
  %ud = memref.cast %md : memref<1xf64> to memref<*xf64>
  func.call @ap_rt_report_f64(%ud, %k1) : (memref<*xf64>, i64) -> ()

  // bf16 sum of [1.5 r]: 4.5, exact in bf16.
  // CHECK: result 2 1
  // CHECK-NEXT: 4.5
  %c15 = arith.constant 1.5 : f32
  %rf32 = arith.sitofp %ri : i64 to f32
  %rb32 = arith.mulf %rf32, %c15 : f32
  %rb = arith.truncf %rb32 : f32 to bf16
  %xb = tensor.from_elements %rb : tensor<1xbf16>
  %sb = shard.all_reduce %xb on @line grid_axes = [0] : tensor<1xbf16> -> tensor<1xbf16>
  %mb = bufferization.to_buffer %sb read_only : tensor<1xbf16> to memref<1xbf16>
  %ub = memref.cast %mb : memref<1xbf16> to memref<*xbf16>
  func.call @ap_rt_report_bf16(%ub, %k2) : (memref<*xbf16>, i64) -> ()

  // i64 all-to-all of [[10r, 10r+1, 10r+2]] (1x3): split columns, concat
  // rows: rank k gets column k of every rank, then gathered along columns.
  // CHECK: result 3 9
  // CHECK-NEXT: 0
  // CHECK-NEXT: 1
  // CHECK-NEXT: 2
  // CHECK-NEXT: 10
  // CHECK-NEXT: 11
  // CHECK-NEXT: 12
  // CHECK-NEXT: 20
  // CHECK-NEXT: 21
  // CHECK-NEXT: 22
  %ten = arith.constant 10 : i64
  %base = arith.muli %ri, %ten : i64
  %b1 = arith.addi %base, %k1 : i64
  %b2 = arith.addi %base, %k2 : i64
  %xl = tensor.from_elements %base, %b1, %b2 : tensor<1x3xi64>
  %t = shard.all_to_all %xl on @line grid_axes = [0] split_axis = 1 concat_axis = 0 : tensor<1x3xi64> -> tensor<3x1xi64>
  %g = shard.all_gather %t on @line grid_axes = [0] gather_axis = 1 : tensor<3x1xi64> -> tensor<3x3xi64>
  %ml = bufferization.to_buffer %g read_only : tensor<3x3xi64> to memref<3x3xi64>
  %ul = memref.cast %ml : memref<3x3xi64> to memref<*xi64>
  func.call @ap_rt_report_i64(%ul, %k3) : (memref<*xi64>, i64) -> ()
  return
}
