/* The ILP: hand-made cases with known optima, and CBC against exhaustive
 * search on random small problems (edges, forbidden pairs, memory sets,
 * per-entry memory). */
#include "ApTest.h"
#include "ap/Solver.h"

#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 88172645463325252ULL;
static double uniform(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (double)(rng % 1000000) / 1e6;
}

typedef struct {
  int n, e, S[8];
  double *cost[8], *mem[8], *ecost[16];
  int src[16], dst[16];
  int setStart[4], setNodes[32];
  double *setMem[32];
} Problem;

static apIlpProblem build(Problem *q, int numSets, double budget, int perEntry) {
  apIlpProblem p = {0};
  p.num_nodes = q->n;
  p.num_strategies = q->S;
  p.node_cost = (const double *const *)q->cost;
  p.node_mem = (const double *const *)q->mem;
  p.num_edges = q->e;
  p.edge_src = q->src;
  p.edge_dst = q->dst;
  p.edge_cost = (const double *const *)q->ecost;
  p.num_mem_sets = numSets;
  p.mem_set_start = q->setStart;
  p.mem_set_nodes = q->setNodes;
  p.mem_budget = budget;
  p.mem_set_mem = perEntry ? (const double *const *)q->setMem : NULL;
  return p;
}

int main(void) {
  apIlpResult r, b;

  /* A chain a-b-c, 2 strategies each: nodes prefer strategy 0 by 1, but
   * switching between strategies costs 5, and c alone can only take 1. */
  double c0[] = {0, 1}, c1[] = {0, 1}, c2[] = {AP_INF_COST, 0};
  double sw[] = {0, 5, 5, 0};
  Problem q = {.n = 3, .e = 2, .S = {2, 2, 2}, .cost = {c0, c1, c2},
               .ecost = {sw, sw}, .src = {0, 1}, .dst = {1, 2}};
  apIlpProblem p = build(&q, 0, 0, 0);
  CHECK(apIlpSolve(&p, &r) == 0);
  CHECK(r.status == AP_ILP_OPTIMAL && r.choice[0] == 1 && r.choice[1] == 1 && r.choice[2] == 1);
  CHECK_CLOSE(r.objective, 2, 1e-12);
  apIlpResultFree(&r);

  /* Memory: strategy 0 is cheap but big; a budget forces strategy 1. */
  double m0[] = {10, 4}, m1[] = {10, 4}, d0[] = {0, 3}, d1[] = {0, 3};
  double zero[] = {0, 0, 0, 0};
  Problem mq = {.n = 2, .e = 1, .S = {2, 2}, .cost = {d0, d1}, .mem = {m0, m1},
                .ecost = {zero}, .src = {0}, .dst = {1}, .setStart = {0, 2},
                .setNodes = {0, 1}};
  p = build(&mq, 1, 15, 0);
  CHECK(apIlpSolve(&p, &r) == 0);
  CHECK(r.choice[0] + r.choice[1] == 1); /* 10 + 4 fits, 10 + 10 does not */
  CHECK_CLOSE(r.objective, 3, 1e-12);
  apIlpResultFree(&r);
  p.mem_budget = 7; /* even 4 + 4 does not fit */
  CHECK(apIlpSolve(&p, &r) != 0 && r.status == AP_ILP_INFEASIBLE && !r.choice);

  /* Everything decided by presolve: no CBC. */
  double one[] = {2};
  Problem fq = {.n = 1, .S = {1}, .cost = {one}};
  p = build(&fq, 0, 0, 0);
  CHECK(apIlpSolve(&p, &r) == 0 && !r.used_cbc && r.objective == 2 && r.choice[0] == 0);
  apIlpResultFree(&r);

  /* A node with every strategy forbidden. */
  double none[] = {AP_INF_COST, AP_INF_COST};
  Problem nq = {.n = 1, .S = {2}, .cost = {none}};
  p = build(&nq, 0, 0, 0);
  CHECK(apIlpSolve(&p, &r) != 0 && r.status == AP_ILP_INFEASIBLE);

  /* Random problems: CBC's optimum equals brute force's. */
  int agree = 0, total = 0, deterministic = 1;
  for (int iter = 0; iter < 200; ++iter) {
    Problem x = {0};
    x.n = 2 + iter % 5;
    for (int v = 0; v < x.n; ++v) {
      x.S[v] = 1 + (int)(uniform() * 4);
      x.cost[v] = malloc(sizeof(double) * x.S[v]);
      x.mem[v] = malloc(sizeof(double) * x.S[v]);
      for (int s = 0; s < x.S[v]; ++s) {
        x.cost[v][s] = uniform() < 0.05 ? AP_INF_COST : uniform() * 10;
        x.mem[v][s] = uniform() * 10;
      }
    }
    for (int a = 0; a < x.n && x.e < 16; ++a)
      for (int bb = a + 1; bb < x.n && x.e < 16; ++bb)
        if (uniform() < 0.6) {
          x.src[x.e] = uniform() < 0.5 ? a : bb;
          x.dst[x.e] = x.src[x.e] == a ? bb : a;
          int k = x.S[x.src[x.e]] * x.S[x.dst[x.e]];
          x.ecost[x.e] = malloc(sizeof(double) * k);
          for (int i = 0; i < k; ++i) /* repeated values exercise the compression */
            x.ecost[x.e][i] = uniform() < 0.03 ? AP_INF_COST : (double)(int)(uniform() * 4);
          x.e++;
        }
    int sets = iter % 3, k = 0;
    for (int s = 0; s < sets; ++s) {
      x.setStart[s] = k;
      for (int v = 0; v < x.n; ++v)
        if (uniform() < 0.7) {
          x.setMem[k] = malloc(sizeof(double) * x.S[v]);
          for (int t = 0; t < x.S[v]; ++t)
            x.setMem[k][t] = uniform() * 10;
          x.setNodes[k++] = v;
        }
    }
    x.setStart[sets] = k;
    p = build(&x, sets, sets ? 8 + uniform() * 20 : 0, iter % 2);
    int rc = apIlpSolve(&p, &r), rb = apIlpSolveBruteForce(&p, &b);
    ++total;
    if (rc == rb && (rc != 0 || (r.objective - b.objective) <= 1e-9 * (1 + b.objective)))
      ++agree;
    else
      fprintf(stderr, "problem %d: cbc rc=%d obj=%g, brute rc=%d obj=%g\n", iter, rc,
              rc ? 0 : r.objective, rb, rb ? 0 : b.objective);
    if (rc == 0) {
      apIlpResult again;
      apIlpSolve(&p, &again);
      deterministic &= !memcmp(again.choice, r.choice, sizeof(int) * x.n);
      apIlpResultFree(&again);
    }
    apIlpResultFree(&r);
    apIlpResultFree(&b);
    for (int v = 0; v < x.n; ++v) {
      free(x.cost[v]);
      free(x.mem[v]);
    }
    for (int e = 0; e < x.e; ++e)
      free(x.ecost[e]);
    for (int t = 0; t < k; ++t)
      free(x.setMem[t]);
  }
  CHECK(agree == total);
  CHECK(deterministic);
  return ap_test_summary("solver");
}
