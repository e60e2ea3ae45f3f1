/* The ILP of what presolve left, on CBC. Strategy variables are binary;
 * edge variables may be continuous: with one-hot marginals the only
 * feasible edge assignment is the product of the two choices. Rows (and
 * columns) of an edge's cost matrix that are identical share edge variables
 * through summed marginals, which is exact and shrinks the model: most
 * strategies of a consumer want the same few layouts of an operand. */
#include "IlpInternal.h"

#include <Cbc_C_Interface.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A row with no lower bound (CBC reads anything this large as infinite). */
#define COIN_DBL_MAX_ 1.7976931348623157e308

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

/* The model, assembled here and handed to CBC in one Cbc_loadProblem:
 * adding tens of thousands of columns one by one costs seconds. */
typedef struct {
  int cols, colCap;
  double *obj;
  char *isInt;
  int rows, rowCap, nnz, nnzCap;
  int *rowStart, *idx;
  double *val, *lo, *hi;
  int failed;
} apLp;

static void *grow(void *p, int *cap, int need, size_t elem, int *failed) {
  if (need <= *cap)
    return p;
  int c = *cap ? *cap : 1024;
  while (c < need)
    c *= 2;
  void *q = realloc(p, elem * (size_t)c);
  if (!q) {
    *failed = 1;
    return p;
  }
  *cap = c;
  return q;
}

static void lpAddCol(apLp *lp, double obj, int isInt) {
  int cap = lp->colCap;
  lp->obj = grow(lp->obj, &cap, lp->cols + 1, sizeof(double), &lp->failed);
  lp->isInt = grow(lp->isInt, &lp->colCap, lp->cols + 1, 1, &lp->failed);
  if (lp->failed)
    return;
  lp->obj[lp->cols] = obj;
  lp->isInt[lp->cols++] = (char)isInt;
}

static void lpAddRow(apLp *lp, int n, const int *idx, const double *val, char sense,
                     double rhs) {
  /* The row arrays share one capacity, so they grow on the same need. */
  int cap = lp->rowCap, ncap = lp->nnzCap;
  lp->lo = grow(lp->lo, &cap, lp->rows + 2, sizeof(double), &lp->failed);
  cap = lp->rowCap;
  lp->hi = grow(lp->hi, &cap, lp->rows + 2, sizeof(double), &lp->failed);
  lp->rowStart = grow(lp->rowStart, &lp->rowCap, lp->rows + 2, sizeof(int), &lp->failed);
  lp->idx = grow(lp->idx, &ncap, lp->nnz + n, sizeof(int), &lp->failed);
  lp->val = grow(lp->val, &lp->nnzCap, lp->nnz + n, sizeof(double), &lp->failed);
  if (lp->failed)
    return;
  if (lp->rows == 0)
    lp->rowStart[0] = 0;
  memcpy(lp->idx + lp->nnz, idx, sizeof(int) * n);
  memcpy(lp->val + lp->nnz, val, sizeof(double) * n);
  lp->nnz += n;
  lp->lo[lp->rows] = sense == 'L' ? -COIN_DBL_MAX_ : rhs;
  lp->hi[lp->rows] = rhs;
  lp->rowStart[++lp->rows] = lp->nnz;
}

/* Rows to columns, then one load. */
static int lpLoad(const apLp *lp, Cbc_Model *model) {
  if (lp->failed)
    return -1;
  int *start = calloc(lp->cols + 1, sizeof(int)), *fill = calloc(lp->cols + 1, sizeof(int));
  int *index = malloc(sizeof(int) * (lp->nnz + 1));
  double *value = malloc(sizeof(double) * (lp->nnz + 1));
  double *lb = calloc(lp->cols + 1, sizeof(double)), *ub = malloc(sizeof(double) * (lp->cols + 1));
  int rc = -1;
  if (!start || !fill || !index || !value || !lb || !ub)
    goto out;
  for (int k = 0; k < lp->nnz; ++k)
    start[lp->idx[k] + 1]++;
  for (int c = 0; c < lp->cols; ++c) {
    start[c + 1] += start[c];
    ub[c] = 1;
  }
  for (int r = 0; r < lp->rows; ++r)
    for (int k = lp->rowStart[r]; k < lp->rowStart[r + 1]; ++k) {
      int c = lp->idx[k], at = start[c] + fill[c]++;
      index[at] = r;
      value[at] = lp->val[k];
    }
  Cbc_loadProblem(model, lp->cols, lp->rows, start, index, value, lb, ub, lp->obj, lp->lo,
                  lp->hi);
  for (int c = 0; c < lp->cols; ++c)
    if (lp->isInt[c])
      Cbc_setInteger(model, c);
  rc = 0;
out:
  free(start);
  free(fill);
  free(index);
  free(value);
  free(lb);
  free(ub);
  return rc;
}

static void lpFree(apLp *lp) {
  free(lp->obj);
  free(lp->isInt);
  free(lp->rowStart);
  free(lp->idx);
  free(lp->val);
  free(lp->lo);
  free(lp->hi);
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

/* CBC logs to stdout, where the IR may be going: point it at stderr. */
static void solveLogged(Cbc_Model *model, int level) {
  int saved = -1;
  if (level > 0) {
    fflush(stdout);
    saved = dup(STDOUT_FILENO);
    if (saved >= 0)
      dup2(STDERR_FILENO, STDOUT_FILENO);
  }
  Cbc_solve(model);
  if (saved >= 0) {
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
  }
}

int apIlpSolveCbc(const apPresolved *ps, bool memoryRows, apIlpResult *r) {
  const apIlpProblem *p = ps->p;
  int n = p->num_nodes, rc = -1;
  Cbc_Model *model = Cbc_newModel();
  apCbcMap map = {0};
  apRow row = {0};
  apLp lp = {0};
  int *rowCls = NULL, *colCls = NULL;
  map.col = malloc(sizeof(int) * (n + 1));
  int *colStart = malloc(sizeof(int) * (n + 1));
  if (!model || !map.col || !colStart)
    goto out;
  double mx = maxCost(ps);
  map.scale = mx > 0 ? 1e3 / mx : 1;
  Cbc_setLogLevel(model, p->log_level);
  Cbc_setParameter(model, "threads", "1");
  /* Our presolve already removed what is trivial; CBC's costs more than
   * it saves on these models (6 s of 8 on GPT-6.7B over 2x8). */
  Cbc_setParameter(model, "presolve", "off");
  /* The feasibility pump spends 90% of the time on 2-D meshes (31 s of 35
   * on tiny Llama over 2x2) and finds nothing the diving heuristics miss. */
  Cbc_setParameter(model, "feas", "off");
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
      lpAddCol(&lp, ps->cost[v][s] * map.scale, 1);
      if (rowAdd(&row, map.cols++, 1))
        goto out;
    }
    lpAddRow(&lp, row.n, row.idx, row.val, 'E', 1);
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
        lpAddCol(&lp, c * map.scale, 0);
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
      lpAddRow(&lp, row.n, row.idx, row.val, 'E', 0);
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
      lpAddRow(&lp, row.n, row.idx, row.val, 'E', 0);
    }
    free(rowRep);
    free(colRep);
    free(ecol);
    if (!ok)
      goto out;
  }
  /* Memory rows: decided nodes are constants; rows that can never bind are
   * left out. */
  if (memoryRows && p->mem_budget > 0 && p->num_mem_sets > 0) {
    row.n = 0;
    if (!(row.pos = malloc(sizeof(int) * (map.cols + 1))))
      goto out;
    for (int c = 0; c < map.cols; ++c)
      row.pos[c] = -1;
  }
  if (memoryRows && p->mem_budget > 0)
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
        lpAddRow(&lp, row.n, row.idx, row.val, 'L', p->mem_budget - constant);
    }
  r->num_vars = map.cols;
  r->num_constraints = lp.rows;
  r->used_cbc = 1;
  if (lpLoad(&lp, model))
    goto out;
  solveLogged(model, p->log_level);
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
  lpFree(&lp);
  free(map.col);
  free(colStart);
  if (model)
    Cbc_deleteModel(model);
  return rc;
}
