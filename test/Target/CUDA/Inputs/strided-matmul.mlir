// A matmul whose A is every other row and column of a buffer: no unit
// stride, so no cuBLAS layout.
func.func @strided(%big: memref<8x8xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  %a = memref.subview %big[0, 0] [4, 4] [2, 2] : memref<8x8xf32> to memref<4x4xf32, strided<[16, 2]>>
  linalg.matmul ins(%a, %b : memref<4x4xf32, strided<[16, 2]>>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}
