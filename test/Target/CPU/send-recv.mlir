// Point-to-point inside a group, as per-stage programs use it: on a 2x2
// grid, the axis-1 groups are {0, 1} and {2, 3}; member 0 of each sends its
// [10r, 10r+1] to member 1, which receives it in place of its own. Gathered:
// ranks 0 and 1 hold rank 0's data, ranks 2 and 3 rank 2's.
// REQUIRES: mpi
// RUN: ap-opt %s --lower-to-cpu -o %t.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.mlir -o %t.ll
// RUN: llc -O1 -filetype=obj -relocation-model=pic %t.ll -o %t.o
// RUN: mpicc %t.o %{ap_rt_link} -o %t
// RUN: %mpiexec -n 4 %t | FileCheck %s
// CHECK: result 0 8
// CHECK-NEXT: 0
// CHECK-NEXT: 1
// CHECK-NEXT: 0
// CHECK-NEXT: 1
// CHECK-NEXT: 20
// CHECK-NEXT: 21
// CHECK-NEXT: 20
// CHECK-NEXT: 21

shard.grid @g(shape = 2x2)
func.func private @ap_rt_report_f32(memref<*xf32>, i64)

func.func @ap_main() {
  %r = shard.process_linear_index on @g : index
  %ri = arith.index_cast %r : index to i64
  %rf = arith.sitofp %ri : i64 to f32
  %c10 = arith.constant 10.0 : f32
  %c1 = arith.constant 1.0 : f32
  %a = arith.mulf %rf, %c10 : f32
  %b = arith.addf %a, %c1 : f32
  %x = tensor.from_elements %a, %b : tensor<2xf32>
  %p:2 = shard.process_multi_index on @g : index, index
  %c0 = arith.constant 0 : index
  %first = arith.cmpi eq, %p#1, %c0 : index
  %y = scf.if %first -> tensor<2xf32> {
    %s = shard.send %x on @g grid_axes = [1] destination = [1] : (tensor<2xf32>) -> tensor<2xf32>
    scf.yield %s : tensor<2xf32>
  } else {
    %v = shard.recv %x on @g grid_axes = [1] source = [0] : (tensor<2xf32>) -> tensor<2xf32>
    scf.yield %v : tensor<2xf32>
  }
  %g = shard.all_gather %y on @g grid_axes = [0, 1] gather_axis = 0 : tensor<2xf32> -> tensor<8xf32>
  %m = bufferization.to_buffer %g read_only : tensor<8xf32> to memref<8xf32>
  %u = memref.cast %m : memref<8xf32> to memref<*xf32>
  %k = arith.constant 0 : i64
  func.call @ap_rt_report_f32(%u, %k) : (memref<*xf32>, i64) -> ()
  return
}
