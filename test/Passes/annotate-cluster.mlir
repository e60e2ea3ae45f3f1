// --ap-annotate-cluster records the normalised spec as `ap.cluster`: from a
// preset (with a node count), from a JSON file, with a mesh override.
// RUN: ap-opt %s --ap-annotate-cluster=cluster=dgx-h100:2 | FileCheck %s --check-prefix=PRESET
// RUN: ap-opt %s --ap-cluster=%S/Inputs/mesh2x2-fast1.json | FileCheck %s --check-prefix=FILE
// RUN: ap-opt %s --ap-annotate-cluster="cluster=dgx-a100:4 mesh=4x8" | FileCheck %s --check-prefix=MESH
// RUN: ap-opt %s --ap-cluster=t4+a100 | FileCheck %s --check-prefix=MIXED

// PRESET: module attributes {ap.cluster = {
// PRESET-SAME: devices = [{efficiency = 6.000000e-01 : f64, launch_overhead = 4.000000e-06 : f64, memory_bw = 3.350000e+12 : f64, memory_bytes = {{.*}} : f64, name = "H100-SXM5-80GB", peak_flops = {bf16 = 9.890000e+14 : f64
// PRESET-SAME: mesh = [2, 8], mesh_levels = ["inter", "intra"], name = "dgx-h100:2"
// FILE: ap.cluster = {alpha = [1.000000e+00, 1.000000e+00], beta = [1.000000e+00, 1.000000e-01], mesh = [2, 2]
// MESH: mesh = [4, 8], mesh_levels = ["inter", "intra"]
// MIXED: groups = [{device = "A100-SXM4-80GB", gpus_per_node = 8 : i64, nodes = 3 : i64}, {device = "T4-16GB", gpus_per_node = 4 : i64, nodes = 1 : i64}]
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
