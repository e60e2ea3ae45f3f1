// Host code reading and writing single elements of device buffers
// (tensor.from_elements, tensor.extract; memref.store/load after
// bufferization) as one-element copies, bf16 through its storage type.
// REQUIRES: mpi
// RUN: rm -rf %t && ap-opt %s --lower-to-cuda=dir=%t -o /dev/null
// RUN: FileCheck %s --check-prefix=CODE --input-file=%t/program.cu
// RUN: make -s -C %t emulate
// RUN: %mpiexec -n 1 %t/program-emu | FileCheck %s

// CODE: apcuUpload(v{{[0-9]+}}.ptr + (0 + {{.*}} * v{{[0-9]+}}.stride[0]) * 4, &t_, 4);
// CODE: apcuDownload(&t_, v{{[0-9]+}}.ptr + (0 + {{.*}} * v{{[0-9]+}}.stride[0]) * 4, 4);
// CODE: ap_bf16 t_ = apF32ToBf16(
// CODE: apcuDownload(&t_, v{{[0-9]+}}.ptr + (0 + {{.*}} * v{{[0-9]+}}.stride[0]) * 2, 2);
// CODE: = apBf16ToF32(t_);

func.func private @ap_rt_report_f32(memref<*xf32>, i64)

#id = affine_map<(i) -> (i)>

// [a, 2b, -(a + 2b)]: 2b read back from a kernel's result, the sum stored
// in bf16 (exact), negated by a kernel and read back.
// CHECK: result 0 3
// CHECK-NEXT: 1.5
// CHECK-NEXT: 4.5
// CHECK-NEXT: -6
func.func @pack(%a: f32, %b: f32) -> tensor<3xf32> {
  %x = tensor.from_elements %a, %b : tensor<2xf32>
  %x2 = linalg.add ins(%x, %x : tensor<2xf32>, tensor<2xf32>) outs(%x : tensor<2xf32>) -> tensor<2xf32>
  %i1 = arith.constant 1 : index
  %y = tensor.extract %x2[%i1] : tensor<2xf32>
  %s = arith.addf %a, %y : f32
  %sb = arith.truncf %s : f32 to bf16
  %h = tensor.from_elements %sb : tensor<1xbf16>
  %hn = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%h : tensor<1xbf16>) outs(%h : tensor<1xbf16>) {
  ^bb0(%v: bf16, %o: bf16):
    %n = arith.negf %v : bf16
    linalg.yield %n : bf16
  } -> tensor<1xbf16>
  %i0 = arith.constant 0 : index
  %hb = tensor.extract %hn[%i0] : tensor<1xbf16>
  %hs = arith.extf %hb : bf16 to f32
  %z = tensor.from_elements %a, %y, %hs : tensor<3xf32>
  return %z : tensor<3xf32>
}

func.func @ap_main() {
  %a = arith.constant 1.5 : f32
  %b = arith.constant 2.25 : f32
  %z = func.call @pack(%a, %b) : (f32, f32) -> tensor<3xf32>
  %m = bufferization.to_buffer %z read_only : tensor<3xf32> to memref<3xf32>
  %u = memref.cast %m : memref<3xf32> to memref<*xf32>
  %k = arith.constant 0 : i64
  func.call @ap_rt_report_f32(%u, %k) : (memref<*xf32>, i64) -> ()
  return
}
