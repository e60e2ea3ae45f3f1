// What does not fuse, on bufferized input (--ap-emit-cuda): a consumer
// writing what the producer reads, an intermediate read twice or through a
// broadcast; and what does: a transposed write read back in order, the
// producer's loops renamed to the consumer's, its alloc never stored.
// RUN: rm -rf %t && ap-opt %s --ap-emit-cuda=dir=%t -o /dev/null
// RUN: FileCheck %s --input-file=%t/program.cu

// CHECK-LABEL: AP_KERNEL program_k2(apCuView a0, apCuView a1, apCuView a2, apCuView a3) {
// CHECK:         int64_t d1 = t % 4LL;
// CHECK:         int64_t d0 = t % 8LL;
// CHECK:         const float [[V:x[0-9]+]] = ((const float *)a0.ptr)[0 + d1 * 8LL + d0 * 1LL];
// CHECK-NEXT:    float [[E:x[0-9]+]] = expf([[V]]);
// CHECK-NEXT:    const float [[T:x[0-9]+]] = [[E]];
// CHECK-NEXT:    float {{x[0-9]+}} = -[[T]];
// CHECK-NOT:     a1.ptr
// CHECK:         ((float *)a3.ptr)[0 + d0 * 4LL + d1 * 1LL] =

// CHECK-LABEL: void ap_race(apCuView v0) {
// CHECK:         AP_LAUNCH(program_k0, 16LL, v0, [[T:v[0-9]+]]);
// CHECK-NEXT:    AP_LAUNCH(program_k1, 16LL, [[T]], v0);
// CHECK-LABEL: void ap_transposed(
// CHECK:         AP_LAUNCH(program_k2, 32LL,
// CHECK-NEXT:    return;
// CHECK-LABEL: void ap_twice(
// CHECK:         AP_LAUNCH(program_k3,
// CHECK-NEXT:    AP_LAUNCH(program_k4,
// CHECK:         AP_LAUNCH(program_k5,
// CHECK-NEXT:    AP_LAUNCH(program_k6,

#id = affine_map<(i, j) -> (i, j)>
#tr = affine_map<(i, j) -> (j, i)>
#row = affine_map<(i, j) -> (i)>
#v = affine_map<(i) -> (i)>

// The consumer writes what the producer reads: not fused.
func.func @race(%x: memref<4x4xf32>) {
  %t = memref.alloc() : memref<4x4xf32>
  linalg.generic {indexing_maps = [#tr, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x4xf32>) outs(%t : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : memref<4x4xf32>) outs(%x : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.negf %v : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<4x4xf32>
  return
}

// A transposed write read back in order: fused, the producer's loops
// renamed; the intermediate is an alloc read by nothing else, so unstored.
func.func @transposed(%x: memref<4x8xf32>, %y: memref<8x4xf32>) {
  %t = memref.alloc() : memref<8x4xf32>
  linalg.generic {indexing_maps = [#id, #tr], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%t : memref<8x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = math.exp %v : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t : memref<8x4xf32>) outs(%y : memref<8x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.negf %v : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<8x4xf32>
  return
}

// Read twice, or through a broadcast: not fused.
func.func @twice(%x: memref<4x4xf32>, %y: memref<4x4xf32>, %z: memref<4xf32>) {
  %t = memref.alloc() : memref<4x4xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x4xf32>) outs(%t : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = math.exp %v : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#id, #tr, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %t : memref<4x4xf32>, memref<4x4xf32>) outs(%y : memref<4x4xf32>) {
  ^bb0(%u: f32, %v: f32, %o: f32):
    %r = arith.addf %u, %v : f32
    linalg.yield %r : f32
  }
  %s = memref.alloc() : memref<4xf32>
  linalg.generic {indexing_maps = [#v, #v], iterator_types = ["parallel"]}
      ins(%z : memref<4xf32>) outs(%s : memref<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = math.exp %v : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%s : memref<4xf32>) outs(%y : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  memref.dealloc %t : memref<4x4xf32>
  memref.dealloc %s : memref<4xf32>
  return
}
