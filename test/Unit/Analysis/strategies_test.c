/* Strategies come from indexing maps alone: the same mechanism gives
 * matmul's Megatron splits, batch_matmul's batch split, a broadcast add's
 * replicated bias, a reduction's partial result and a transpose's moved
 * split. */
#include "ApTest.h"
#include "ap/Analysis.h"
#include "ap/Passes.h"

#include <string.h>

#include "mlir-c/IR.h"
#include "mlir-c/RegisterEverything.h"

static const char *source =
    "#id = affine_map<(d0, d1) -> (d0, d1)>\n"
    "#row = affine_map<(d0, d1) -> (d1)>\n"
    "#red = affine_map<(d0, d1) -> (d0)>\n"
    "#tr = affine_map<(d0, d1) -> (d1, d0)>\n"
    "func.func @f(%a: tensor<8x16xf32>, %b: tensor<16x32xf32>, %bias: tensor<32xf32>,\n"
    "             %q: tensor<4x8x16xf32>, %k: tensor<4x16x8xf32>) -> (tensor<8x32xf32>, tensor<8xf32>, tensor<32x8xf32>, tensor<4x8x8xf32>) {\n"
    "  %z = arith.constant 0.0 : f32\n"
    "  %e = tensor.empty() : tensor<8x32xf32>\n"
    "  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>\n"
    "  %mm = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x32xf32>) outs(%f : tensor<8x32xf32>) -> tensor<8x32xf32>\n"
    "  %e2 = tensor.empty() : tensor<8x32xf32>\n"
    "  %add = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = [\"parallel\", \"parallel\"]}\n"
    "      ins(%mm, %bias : tensor<8x32xf32>, tensor<32xf32>) outs(%e2 : tensor<8x32xf32>) {\n"
    "    ^bb0(%x: f32, %y: f32, %o: f32):\n"
    "      %s = arith.addf %x, %y : f32\n"
    "      linalg.yield %s : f32\n"
    "  } -> tensor<8x32xf32>\n"
    "  %e3 = tensor.empty() : tensor<8xf32>\n"
    "  %sum = linalg.generic {indexing_maps = [#id, #red], iterator_types = [\"parallel\", \"reduction\"]}\n"
    "      ins(%add : tensor<8x32xf32>) outs(%e3 : tensor<8xf32>) {\n"
    "    ^bb0(%x: f32, %o: f32):\n"
    "      %s = arith.addf %x, %o : f32\n"
    "      linalg.yield %s : f32\n"
    "  } -> tensor<8xf32>\n"
    "  %e4 = tensor.empty() : tensor<32x8xf32>\n"
    "  %t = linalg.transpose ins(%add : tensor<8x32xf32>) outs(%e4 : tensor<32x8xf32>) permutation = [1, 0]\n"
    "  %e5 = tensor.empty() : tensor<4x8x8xf32>\n"
    "  %bmm = linalg.batch_matmul ins(%q, %k : tensor<4x8x16xf32>, tensor<4x16x8xf32>) outs(%e5 : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>\n"
    "  return %add, %sum, %t, %bmm : tensor<8x32xf32>, tensor<8xf32>, tensor<32x8xf32>, tensor<4x8x8xf32>\n"
    "}\n";

static int findOp(const apGraph *g, const char *name) {
  for (int n = 0; n < g->numNodes; ++n) {
    if (!g->nodes[n].op.ptr)
      continue;
    MlirStringRef s = mlirIdentifierStr(mlirOperationGetName(g->nodes[n].op));
    if (s.length == strlen(name) && !strncmp(s.data, name, s.length))
      return n;
  }
  return -1;
}

/* The strategy that splits exactly these loops (axis a -> loop[a], -1 none). */
static int findStrategy(const apGraph *g, int n, const int *loops) {
  const apNode *node = &g->nodes[n];
  for (int s = 0; s < node->numStrategies; ++s) {
    int ok = 1;
    for (int a = 0; a < g->cluster->mesh_rank; ++a)
      ok &= node->strategies[s].loopOfAxis[a] == loops[a];
    if (ok)
      return s;
  }
  return -1;
}

static int layoutIs(const apSharding *s, const char *want) {
  char buf[64];
  apShardingFormat(s, buf, sizeof buf);
  if (strcmp(buf, want))
    fprintf(stderr, "  layout %s, expected %s\n", buf, want);
  return !strcmp(buf, want);
}

int main(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  apRegisterAndLoadDialects(ctx);
  MlirModule m = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(source));
  CHECK(!mlirModuleIsNull(m));
  MlirOperation func = mlirBlockGetFirstOperation(mlirModuleGetBody(m));

  apCluster c;
  char err[256];
  CHECK(apClusterFromJSON("{\"mesh\": [2, 2], \"alpha\": [1, 1], \"beta\": [1, 1]}", &c,
                          err, sizeof err) == 0);
  apGraphOptions opt = {.recomputeHeavy = false};
  apGraph g;
  CHECK(apGraphBuild(func, &c, &opt, &g) == 0);

  /* matmul: loops (m, n, k), k a reduction; a contraction may not leave a
   * mesh axis unused, so with 3 loops and 2 axes: 3*3 = 9 strategies, all
   * even (8, 32, 16 divisible by 4). */
  int mm = findOp(&g, "linalg.matmul");
  CHECK(mm >= 0 && g.nodes[mm].heavy);
  CHECK(g.nodes[mm].numLoops == 3 && g.nodes[mm].reductionLoops == 4u);
  CHECK(g.nodes[mm].numStrategies == 9);
  CHECK(g.nodes[mm].flops == 2.0 * 8 * 32 * 16);
  /* Megatron column split: n over both axes; A replicated, B split on dim 1. */
  int s = findStrategy(&g, mm, (int[]){1, 1});
  CHECK(s >= 0);
  if (s >= 0) {
    CHECK(layoutIs(&g.nodes[mm].strategies[s].operands[0], "[[]]"));
    CHECK(layoutIs(&g.nodes[mm].strategies[s].operands[1], "[[], [0, 1]]"));
    CHECK(layoutIs(&g.nodes[mm].strategies[s].results[0], "[[], [0, 1]]"));
    CHECK(g.nodes[mm].strategies[s].partial == 0);
  }
  /* Row split (k over axis 1) with data parallel (m over axis 0): partial
   * over axis 1, all-reduced: alpha + beta*2(n-1)/n*B with B the local
   * 4x32 f32 result = 512 bytes. */
  s = findStrategy(&g, mm, (int[]){0, 2});
  CHECK(s >= 0);
  if (s >= 0) {
    const apStrategy *st = &g.nodes[mm].strategies[s];
    CHECK(layoutIs(&st->operands[0], "[[0], [1]]"));
    CHECK(layoutIs(&st->operands[1], "[[1]]"));
    CHECK(layoutIs(&st->results[0], "[[0]]"));
    CHECK(st->partial == 2u);
    CHECK_CLOSE(st->comm, 1 + 1.0 * 2 * 0.5 * 512, 1e-12);
  }
  /* Replicated strategies of a contraction are not offered. */
  CHECK(findStrategy(&g, mm, (int[]){-1, -1}) < 0);
  CHECK(findStrategy(&g, mm, (int[]){0, -1}) < 0);

  /* Bias add: broadcast operand follows only the loops it is indexed by;
   * not a contraction, so replication is allowed: 3*3 = 9. */
  int add = findOp(&g, "linalg.generic");
  CHECK(add >= 0 && !g.nodes[add].heavy && g.nodes[add].numStrategies == 9);
  s = findStrategy(&g, add, (int[]){0, -1});
  CHECK(s >= 0);
  if (s >= 0) {
    CHECK(layoutIs(&g.nodes[add].strategies[s].operands[1], "[[]]"));
    CHECK(layoutIs(&g.nodes[add].strategies[s].results[0], "[[0]]"));
  }

  /* Row sum: splitting the reduction loop leaves a partial result. */
  int sum = -1;
  for (int n = add + 1; n < g.numNodes; ++n)
    if (g.nodes[n].kind == AP_NODE_LINALG && g.nodes[n].reductionLoops) {
      sum = n;
      break;
    }
  CHECK(sum >= 0);
  if (sum >= 0) {
    s = findStrategy(&g, sum, (int[]){1, -1});
    CHECK(s >= 0 && g.nodes[sum].strategies[s].partial == 1u);
    CHECK(s >= 0 && layoutIs(&g.nodes[sum].strategies[s].results[0], "[[]]"));
  }

  /* Transpose iterates over its output: splitting loop d0 splits output
   * dim 0 and input dim 1. */
  int tr = findOp(&g, "linalg.transpose");
  CHECK(tr >= 0);
  if (tr >= 0) {
    s = findStrategy(&g, tr, (int[]){0, -1});
    CHECK(s >= 0);
    if (s >= 0) {
      CHECK(layoutIs(&g.nodes[tr].strategies[s].operands[0], "[[], [0]]"));
      CHECK(layoutIs(&g.nodes[tr].strategies[s].results[0], "[[0]]"));
    }
  }

  /* batch_matmul: 4 loops (b, m, n, k), k the reduction; 4*4 strategies. */
  int bmm = findOp(&g, "linalg.batch_matmul");
  CHECK(bmm >= 0 && g.nodes[bmm].numLoops == 4 && g.nodes[bmm].numStrategies == 16);
  s = findStrategy(&g, bmm, (int[]){0, 0});
  CHECK(s >= 0 && layoutIs(&g.nodes[bmm].strategies[s].operands[1], "[[0, 1]]"));

  /* Arguments: any even layout of a rank-2 tensor on 2 axes: 3*3. */
  CHECK(g.nodes[0].kind == AP_NODE_ARG && g.nodes[0].numStrategies == 9);
  /* Followers: tensor.empty and the single-use fill take their user's. */
  int followers = 0;
  for (int n = 0; n < g.numNodes; ++n)
    followers += g.nodes[n].kind == AP_NODE_FOLLOWER;
  CHECK(followers == 6); /* 5 tensor.empty and the fill; the f32 constant is scalar */

  apGraphFree(&g);
  mlirModuleDestroy(m);
  mlirContextDestroy(ctx);
  return ap_test_summary("strategies");
}
