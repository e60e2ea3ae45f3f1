// What --lower-to-cuda cannot translate is an error at the op, with a
// non-zero exit and no files written.
// RUN: rm -rf %t && not ap-opt %s --split-input-file --lower-to-cuda=dir=%t 2>&1 | FileCheck %s
// RUN: not ls %t
// RUN: not ap-opt %s --split-input-file --lower-to-cuda 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: --lower-to-cuda and --ap-emit-cuda need dir=FOLDER
// A folder that cannot be made (a file is in its way):
// RUN: rm -rf %t.file && touch %t.file && not ap-opt %S/Inputs/strided-matmul.mlir --lower-to-cuda=dir=%t.file/out -o %t.out 2>&1 | FileCheck %s --check-prefix=MKDIR
// RUN: not ls %t.out
// MKDIR: error: --lower-to-cuda: cannot make the folder '{{.*}}.file/out': Not a directory

#id = affine_map<(i) -> (i)>
func.func @body(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%a : tensor<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    // CHECK: [[@LINE+1]]:10: error: --lower-to-cuda: 'math.cbrt' is not supported
    %c = math.cbrt %x : f32
    linalg.yield %c : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func private @external(memref<4xf32>)

func.func @host(%a: memref<4xf32>) {
  // CHECK: [[@LINE+1]]:3: error: --lower-to-cuda: 'external' has no body to emit
  func.call @external(%a) : (memref<4xf32>) -> ()
  return
}

// -----

func.func @dynamic(%a: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %a, %c0 : tensor<?xf32>
  // CHECK: [[@LINE+1]]:8: error: --lower-to-cuda: buffers must have a static shape
  %e = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.copy ins(%a : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
