/* The ILP of what presolve left, on CBC. Strategy variables are binary;
 * edge variables may be continuous: with one-hot marginals the only
 * feasible edge assignment is the product of the two choices. Rows (and
 * columns) of an edge's cost matrix that are identical share edge variables
 * through summed marginals, which is exact and shrinks the model: most
 * strategies of a consumer want the same few layouts of an operand. */
#include "IlpInternal.h"

#include <Cbc_C_Interface.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int *col;   /* [v][s] -> CBC column of s_v[s], or -1 */
  int cols;
  double scale; /* objective scale: CBC's tolerances are absolute */
} apCbcMap;

/* Groups the alive rows (or columns, with `transpose`) of an edge matrix
 * with identical costs. cls[i] = class id, -1 for dead ones. */
static int classify(const double *m, int rows, int cols, const char *rowAlive,
                    const char *colAlive, int transpose, int *cls) {
  int numClasses = 0;
  int *firstOf = malloc(sizeof(int) * (rows + 1));
  if (!firstOf)
    return -1;
#define AT(i, j) (transpose ? m[(j) * rows + (i)] : m[(i) * cols + (j)])
  for (int i = 0; i < rows; ++i) {
    cls[i] = -1;
    if (!rowAlive[i])
      continue;
    for (int k = 0; k < numClasses && cls[i] < 0; ++k) {
      int r = firstOf[k], same = 1;
      for (int j = 0; j < cols && same; ++j)
        same = !colAlive[j] || AT(i, j) == AT(r, j);
      if (same)
        cls[i] = k;
    }
    if (cls[i] < 0) {
      firstOf[numClasses] = i;
      cls[i] = numClasses++;
    }
  }
#undef AT
  free(firstOf);
  return numClasses;
}

/* A row under construction. Memory rows may name a column twice (one node
 * in a set through several entries): rowMerge adds into the existing
 * coefficient, found through pos[col] (CBC rejects duplicates). */
typedef struct {
  int *idx;
  double *val;
  int n, cap;
  int *pos; /* [column] -> index in the row, or -1; only for merging */
} apRow;

static int rowAdd(apRow *r, int col, double v) {
  if (r->n == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 64;
    int *i = realloc(r->idx, sizeof(int) * r->cap);
    if (i)
      r->idx = i;
    double *d = realloc(r->val, sizeof(double) * r->cap);
    if (d)
      r->val = d;
    if (!i || !d)
      return -1;
  }
  r->idx[r->n] = col;
  r->val[r->n++] = v;
  return 0;
}

static int rowMerge(apRow *r, int col, double v) {
  if (r->pos[col] >= 0) {
    r->val[r->pos[col]] += v;
    return 0;
  }
  r->pos[col] = r->n;
  return rowAdd(r, col, v);
}

static void rowClearMerge(apRow *r) {
  for (int k = 0; k < r->n; ++k)
    r->pos[r->idx[k]] = -1;
  r->n = 0;
}

static double maxCost(const apPresolved *ps) {
  const apIlpProblem *p = ps->p;
  double mx = 0;
  for (int v = 0; v < p->num_nodes; ++v)
    for (int s = 0; ps->fixed[v] < 0 && s < p->num_strategies[v]; ++s)
      if (ps->alive[v][s] && fabs(ps->cost[v][s]) > mx)
        mx = fabs(ps->cost[v][s]);
  for (int e = 0; e < p->num_edges; ++e) {
    if (!ps->edgeLive[e])
      continue;
    int k = p->num_strategies[p->edge_src[e]] * p->num_strategies[p->edge_dst[e]];
    for (int i = 0; i < k; ++i)
      if (p->edge_cost[e][i] < AP_INF_COST && fabs(p->edge_cost[e][i]) > mx)
        mx = fabs(p->edge_cost[e][i]);
  }
  return mx;
}

int apIlpSolveCbc(const apPresolved *ps, apIlpResult *r) {
  const apIlpProblem *p = ps->p;
  int n = p->num_nodes, rc = -1;
  Cbc_Model *model = Cbc_newModel();
  apCbcMap map = {0};
  apRow row = {0};
  int *rowCls = NULL, *colCls = NULL;
  map.col = malloc(sizeof(int) * (n + 1));
  int *colStart = malloc(sizeof(int) * (n + 1));
  if (!model || !map.col || !colStart)
    goto out;
  double mx = maxCost(ps);
  map.scale = mx > 0 ? 1e3 / mx : 1;
  Cbc_setLogLevel(model, 0);
  Cbc_setParameter(model, "threads", "1");
  if (p->time_limit > 0)
    Cbc_setMaximumSeconds(model, p->time_limit);
  /* s_v[i], and one-hot rows. */
  for (int v = 0; v < n; ++v) {
    colStart[v] = -1;
    if (ps->fixed[v] >= 0)
      continue;
    colStart[v] = map.cols;
    row.n = 0;
    for (int s = 0; s < p->num_strategies[v]; ++s) {
      if (!ps->alive[v][s])
        continue;
      Cbc_addCol(model, "", 0, 1, ps->cost[v][s] * map.scale, 1, 0, NULL, NULL);
      if (rowAdd(&row, map.cols++, 1))
        goto out;
    }
    Cbc_addRow(model, "", row.n, row.idx, row.val, 'E', 1);
  }
  /* Edge variables over (row class, column class), with marginal rows. */
  for (int e = 0; e < p->num_edges; ++e) {
    if (!ps->edgeLive[e])
      continue;
    int a = p->edge_src[e], b = p->edge_dst[e];
    int Sa = p->num_strategies[a], Sb = p->num_strategies[b];
    const double *m = p->edge_cost[e];
    free(rowCls);
    free(colCls);
    rowCls = malloc(sizeof(int) * (Sa + 1));
    colCls = malloc(sizeof(int) * (Sb + 1));
    if (!rowCls || !colCls)
      goto out;
    int R = classify(m, Sa, Sb, ps->alive[a], ps->alive[b], 0, rowCls);
    int C = classify(m, Sb, Sa, ps->alive[b], ps->alive[a], 1, colCls);
    if (R < 0 || C < 0)
      goto out;
    /* representatives of each class, to read the block's cost */
    int *rowRep = malloc(sizeof(int) * (R + 1)), *colRep = malloc(sizeof(int) * (C + 1));
    int *ecol = malloc(sizeof(int) * ((size_t)R * C + 1));
    if (!rowRep || !colRep || !ecol) {
      free(rowRep);
      free(colRep);
      free(ecol);
      goto out;
    }
    for (int i = Sa - 1; i >= 0; --i)
      if (rowCls[i] >= 0)
        rowRep[rowCls[i]] = i;
    for (int j = Sb - 1; j >= 0; --j)
      if (colCls[j] >= 0)
        colRep[colCls[j]] = j;
    for (int I = 0; I < R; ++I)
      for (int J = 0; J < C; ++J) {
        double c = m[rowRep[I] * Sb + colRep[J]];
        if (c >= AP_INF_COST) {
          ecol[I * C + J] = -1; /* a forbidden pair: no variable */
          continue;
        }
        Cbc_addCol(model, "", 0, 1, c * map.scale, 0, 0, NULL, NULL);
        ecol[I * C + J] = map.cols++;
      }
    /* sum_J e[I][J] = sum_{i in I} s_a[i], and likewise for columns */
    int ok = 1;
    for (int I = 0; I < R && ok; ++I) {
      row.n = 0;
      for (int J = 0; J < C; ++J)
        if (ecol[I * C + J] >= 0)
          ok &= !rowAdd(&row, ecol[I * C + J], 1);
      for (int i = 0, k = colStart[a]; i < Sa; ++i)
        if (ps->alive[a][i]) {
          if (rowCls[i] == I)
            ok &= !rowAdd(&row, k, -1);
          ++k;
        }
      Cbc_addRow(model, "", row.n, row.idx, row.val, 'E', 0);
    }
    for (int J = 0; J < C && ok; ++J) {
      row.n = 0;
      for (int I = 0; I < R; ++I)
        if (ecol[I * C + J] >= 0)
          ok &= !rowAdd(&row, ecol[I * C + J], 1);
      for (int j = 0, k = colStart[b]; j < Sb; ++j)
        if (ps->alive[b][j]) {
          if (colCls[j] == J)
            ok &= !rowAdd(&row, k, -1);
          ++k;
        }
      Cbc_addRow(model, "", row.n, row.idx, row.val, 'E', 0);
    }
    free(rowRep);
    free(colRep);
    free(ecol);
    if (!ok)
      goto out;
  }
  /* Memory rows: decided nodes are constants; rows that can never bind are
   * left out. */
  if (p->mem_budget > 0 && p->num_mem_sets > 0) {
    row.n = 0;
    if (!(row.pos = malloc(sizeof(int) * (map.cols + 1))))
      goto out;
    for (int c = 0; c < map.cols; ++c)
      row.pos[c] = -1;
  }
  if (p->mem_budget > 0)
    for (int k = 0; k < p->num_mem_sets; ++k) {
      double constant = 0, worst = 0;
      rowClearMerge(&row);
      for (int q = p->mem_set_start[k]; q < p->mem_set_start[k + 1]; ++q) {
        int v = p->mem_set_nodes[q];
        if (ps->fixed[v] >= 0) {
          constant += apIlpEntryMem(p, q, ps->fixed[v]);
          continue;
        }
        double mxm = 0;
        for (int s = 0, col = colStart[v]; s < p->num_strategies[v]; ++s) {
          if (!ps->alive[v][s])
            continue;
          double mm = apIlpEntryMem(p, q, s);
          if (mm > mxm)
            mxm = mm;
          if (mm != 0 && rowMerge(&row, col, mm))
            goto out;
          ++col;
        }
        worst += mxm;
      }
      if (constant > p->mem_budget) {
        r->status = AP_ILP_INFEASIBLE;
        rc = -1;
        goto out;
      }
      if (constant + worst > p->mem_budget && row.n)
        Cbc_addRow(model, "", row.n, row.idx, row.val, 'L', p->mem_budget - constant);
    }
  r->num_vars = map.cols;
  r->num_constraints = Cbc_getNumRows(model);
  r->used_cbc = 1;
  Cbc_solve(model);
  if (Cbc_isProvenInfeasible(model)) {
    r->status = AP_ILP_INFEASIBLE;
    goto out;
  }
  const double *x = Cbc_numberSavedSolutions(model) > 0 || Cbc_isProvenOptimal(model)
                        ? Cbc_getColSolution(model)
                        : NULL;
  if (!x) {
    r->status = AP_ILP_ERROR;
    goto out;
  }
  for (int v = 0; v < n; ++v) {
    if (ps->fixed[v] >= 0)
      continue;
    double best = -1;
    for (int s = 0, col = colStart[v]; s < p->num_strategies[v]; ++s) {
      if (!ps->alive[v][s])
        continue;
      if (x[col] > best) {
        best = x[col];
        r->choice[v] = s;
      }
      ++col;
    }
  }
  r->status = Cbc_isProvenOptimal(model) ? AP_ILP_OPTIMAL : AP_ILP_FEASIBLE;
  r->bound = Cbc_getBestPossibleObjValue(model) / map.scale + ps->constant;
  for (int v = 0; v < n; ++v)
    if (ps->fixed[v] >= 0)
      r->bound += ps->cost[v][ps->fixed[v]];
  rc = 0;
out:
  free(rowCls);
  free(colCls);
  free(row.idx);
  free(row.val);
  free(row.pos);
  free(map.col);
  free(colStart);
  if (model)
    Cbc_deleteModel(model);
  return rc;
}
