/* --pipeline-partition: the schedule and the driver. Each stage runs its
 * (task, micro-batch) steps in the schedule's order: 1F1B or GPipe when
 * every stage has one forward and one backward task (the last stage's
 * fused one runs at its forward slots), else micro-batch by micro-batch.
 * The driver replaces the step's body: a device finds its stage from its
 * rank and runs that stage's steps, receiving inputs from other stages
 * (ap.recv), calling the task functions, sending what other stages read
 * (ap.send) and summing the micro-batches' partial sums; the results are
 * then broadcast from the stages that made them, so every device returns
 * the whole step's results. */
#include "PipelineSplit.h"

#include "IrText.h"
#include "PassCommon.h"

#include "ap/Cost.h"
#include "ap/Schedule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

const char *apPpScheduleName(apPpScheduleKind k) {
  return k == AP_PP_1F1B ? "1f1b" : k == AP_PP_GPIPE ? "gpipe" : "sequential";
}

static void push(apPpOrder *o, int s, int t, int m) {
  int n = o->numSteps[s];
  int(*p)[2] = realloc(o->steps[s], sizeof(int[2]) * (size_t)(n + 1));
  if (!p)
    abort();
  p[n][0] = t;
  p[n][1] = m;
  o->steps[s] = p;
  o->numSteps[s] = n + 1;
}

/* Whether stage order `o` runs to the end: each step waits for the steps
 * that make its inputs. */
static bool executable(const apPp *pp, const apPpOrder *o) {
  int M = pp->microBatches, P = apPpAllStages(pp);
  char *done = calloc((size_t)pp->numTasks * (size_t)M + 1, 1);
  int *at = calloc((size_t)P + 1, sizeof(int));
  if (!done || !at)
    abort();
  for (bool progress = true; progress;) {
    progress = false;
    for (int s = 0; s < P; ++s)
      while (at[s] < o->numSteps[s]) {
        int t = o->steps[s][at[s]][0], m = o->steps[s][at[s]][1];
        const apPpTask *task = &pp->tasks[t];
        bool ready = true;
        for (int j = 0; j < task->numIn && ready; ++j) {
          int u = pp->values[task->in[j]].task;
          if (u < 0)
            continue;
          if (pp->tasks[u].kind == AP_PP_MB && task->kind == AP_PP_POST) {
            for (int k = 0; k < M && ready; ++k)
              ready = done[(size_t)u * M + k];
          } else {
            ready = done[(size_t)u * M + (pp->tasks[u].kind == AP_PP_MB ? m : 0)];
          }
        }
        if (!ready)
          break;
        done[(size_t)t * M + m] = 1;
        ++at[s];
        progress = true;
      }
  }
  bool ok = true;
  for (int s = 0; s < P; ++s)
    ok &= at[s] == o->numSteps[s];
  free(done);
  free(at);
  return ok;
}

static void clear(const apPp *pp, apPpOrder *o) {
  for (int s = 0; s < apPpAllStages(pp); ++s) {
    free(o->steps[s]);
    o->steps[s] = NULL;
    o->numSteps[s] = 0;
  }
}

static void appendPost(const apPp *pp, apPpOrder *o) {
  for (int t = 0; t < pp->numTasks; ++t)
    if (pp->tasks[t].kind == AP_PP_POST)
      push(o, apPpPhysical(pp, pp->tasks[t].stage, 0), t, 0);
}

void apPpReplicaRange(const apPp *pp, int r, int *first, int *count) {
  *first = apPpReplicas(pp) > 1 ? pp->mbFirst[r] : 0;
  *count = apPpReplicas(pp) > 1 ? pp->mbCount[r] : pp->microBatches;
}

bool apPpSchedule(const apPp *pp, apPpScheduleKind want, apPpOrder *o) {
  int P = pp->numStages, R = apPpReplicas(pp);
  o->numSteps = calloc((size_t)(P * R), sizeof(int));
  o->steps = calloc((size_t)(P * R), sizeof *o->steps);
  if (!o->numSteps || !o->steps)
    abort();
  int fwd[AP_PP_MAX_STAGES], bwd[AP_PP_MAX_STAGES], count[AP_PP_MAX_STAGES] = {0};
  for (int t = 0; t < pp->numTasks; ++t) {
    const apPpTask *task = &pp->tasks[t];
    if (task->kind != AP_PP_MB)
      continue;
    int s = task->stage;
    if (count[s] == 0)
      fwd[s] = t;
    else
      bwd[s] = t; /* tasks are numbered by wave */
    ++count[s];
  }
  bool pipelined = want != AP_PP_SEQUENTIAL;
  for (int s = 0; s < P; ++s)
    pipelined &= count[s] >= 1 && count[s] <= 2;
  o->kind = want;
  /* Each replica runs its own micro-batches through its own pipeline. */
  for (int r = 0; pipelined && r < R; ++r) {
    int first, M;
    apPpReplicaRange(pp, r, &first, &M);
    apSchedule sched;
    if (apScheduleBuild(want == AP_PP_GPIPE ? AP_SCHED_GPIPE : AP_SCHED_1F1B, P, M, &sched))
      return false;
    for (int s = 0; s < P; ++s)
      for (int k = 0; k < sched.stepsPerStage; ++k) {
        apStep st = sched.steps[s * sched.stepsPerStage + k];
        int at = apPpPhysical(pp, s, r), m = first + st.microbatch;
        if (count[s] == 2)
          push(o, at, st.backward ? bwd[s] : fwd[s], m);
        else if (!st.backward)
          push(o, at, fwd[s], m);
      }
    apScheduleFree(&sched);
  }
  if (pipelined) {
    appendPost(pp, o);
    if (executable(pp, o))
      return true;
    clear(pp, o);
  }
  /* Micro-batch by micro-batch, waves in order: always executable. */
  o->kind = AP_PP_SEQUENTIAL;
  for (int r = 0; r < R; ++r) {
    int first, M;
    apPpReplicaRange(pp, r, &first, &M);
    for (int m = first; m < first + M; ++m)
      for (int t = 0; t < pp->numTasks; ++t)
        if (pp->tasks[t].kind == AP_PP_MB)
          push(o, apPpPhysical(pp, pp->tasks[t].stage, r), t, m);
  }
  appendPost(pp, o);
  return executable(pp, o);
}

void apPpOrderFree(const apPp *pp, apPpOrder *o) {
  if (o->steps)
    clear(pp, o);
  free(o->steps);
  free(o->numSteps);
  o->steps = NULL;
  o->numSteps = NULL;
}

/* --- The driver, as text --------------------------------------------------- */

typedef struct {
  apPp *pp;
  const MlirOperation *fns;
  apBuf *b;
  int s, M;   /* the stage (index in stages[]), the step's micro-batches */
  int ls, r;  /* its logical stage and replica */
  char **names; /* [v * (M + 1) + slot]: the value's name in this stage */
  int *summed;  /* [v]: micro-batches summed so far (in any order) */
} apDrv;

static bool accumulated(const apPp *pp, int v) {
  return pp->values[v].acc && pp->microBatches > 1;
}

/* The slot of v's name: the micro-batch for per-micro-batch values, M for
 * once-per-step ones (sums, POST results). */
static int slotOf(const apPp *pp, int v, int m, bool forPost) {
  int u = pp->values[v].task;
  if (u >= 0 && pp->tasks[u].kind == AP_PP_POST)
    return pp->microBatches;
  if (forPost && accumulated(pp, v))
    return pp->microBatches;
  return m;
}

static char **nameAt(apDrv *d, int v, int slot) {
  return &d->names[(size_t)v * (size_t)(d->M + 1) + (size_t)slot];
}

static void setName(apDrv *d, int v, int slot, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void setName(apDrv *d, int v, int slot, const char *fmt, ...) {
  char buf[96];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  char **p = nameAt(d, v, slot);
  free(*p);
  *p = strdup(buf);
  if (!*p)
    abort();
}

static int tagOf(const apPp *pp, int v, int slot) { return v * (pp->microBatches + 1) + slot; }

static MlirType fnInput(MlirOperation fn, int j) {
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(fn, apStr("function_type")));
  return mlirFunctionTypeGetInput(ft, j);
}

static MlirType fnResult(MlirOperation fn, int j) {
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(fn, apStr("function_type")));
  return mlirFunctionTypeGetResult(ft, j);
}

/* The type v has where task u makes it (or where task t reads it). */
static MlirType producedType(apDrv *d, int v) {
  const apPpTask *u = &d->pp->tasks[d->pp->values[v].task];
  for (int j = 0; j < u->numOut; ++j)
    if (u->out[j] == v)
      return fnResult(d->fns[d->pp->values[v].task], j);
  return mlirValueGetType(d->pp->values[v].v);
}

/* The link between two stages is the node's own only when both sit in one
 * node; a stage's gather stays inside a node when it does. */
static bool oneNode(const apCluster *c, const apPpStage *a, const apPpStage *b) {
  int n = apClusterNodeOf(c, a->firstDevice);
  return n >= 0 && apClusterNodeOf(c, a->firstDevice + a->n * a->m - 1) == n &&
         apClusterNodeOf(c, b->firstDevice) == n &&
         apClusterNodeOf(c, b->firstDevice + b->n * b->m - 1) == n;
}

/* Receivers per node when stage b spans whole nodes, else 0. */
static int perNodeOf(const apCluster *c, const apPpStage *b) {
  int first = b->firstDevice, node = apClusterNodeOf(c, first);
  bool aligned = first == 0 || apClusterNodeOf(c, first - 1) != node;
  return b->n > 1 && aligned && !oneNode(c, b, b) ? b->m : 0;
}

int apPpTransferGroup(const apPp *pp, int from, int to, MlirType t) {
  const apPpStage *a = &pp->stages[from], *b = &pp->stages[to];
  int senders = a->n * a->m, receivers = b->n * b->m;
  if (receivers < 2 || pp->transfers == AP_PP_WHOLE)
    return 0;
  int perNode = pp->cluster ? perNodeOf(pp->cluster, b) : 0;
  if (pp->transfers == AP_PP_SPLIT)
    return receivers;
  if (pp->transfers == AP_PP_NODE)
    return perNode > 1 ? perNode : receivers;
  if (!pp->cluster || !mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t))
    return 0;
  double bytes;
  apDType dt;
  if (!apElementInfo(mlirShapedTypeGetElementType(t), &bytes, &dt))
    return 0;
  for (intptr_t i = 0; i < mlirShapedTypeGetRank(t); ++i)
    bytes *= (double)mlirShapedTypeGetDimSize(t, i);
  apLinkLevel link = oneNode(pp->cluster, a, b) ? AP_LINK_INTRA : AP_LINK_INTER;
  apLinkLevel gather = oneNode(pp->cluster, b, b) ? AP_LINK_INTRA : AP_LINK_INTER;
  return apCostStageTransferGroup(pp->cluster, link, gather, bytes, senders, receivers, perNode,
                                  NULL);
}

/* The transfer's attribute: `split` gathers over the whole receiving
 * stage, `split = g` in runs of g receivers (a node's). */
static void splitAttr(const apPp *pp, int from, int to, MlirType t, char *buf, size_t len) {
  int g = apPpTransferGroup(pp, from, to, t);
  const apPpStage *b = &pp->stages[to];
  if (g == 0)
    snprintf(buf, len, "%s", "");
  else if (g == b->n * b->m)
    snprintf(buf, len, "split, ");
  else
    snprintf(buf, len, "split = %d : i64, ", g);
}

/* The name of input j of task t at micro-batch m, receiving or slicing it
 * first where needed. */
static const char *input(apDrv *d, int t, int j, int m) {
  apPp *pp = d->pp;
  const apPpTask *task = &pp->tasks[t];
  int v = task->in[j];
  const apPpValue *val = &pp->values[v];
  apBuf *b = d->b;
  if (val->arg >= 0) {
    if (val->batchDim < 0 || task->kind != AP_PP_MB) {
      setName(d, v, d->M, "%%a%d", val->arg);
      return *nameAt(d, v, d->M);
    }
    if (!*nameAt(d, v, m)) {
      MlirType full = mlirValueGetType(val->v), part = fnInput(d->fns[t], j);
      intptr_t rank = mlirShapedTypeGetRank(full);
      int64_t size = mlirShapedTypeGetDimSize(part, 0);
      apBufPrintf(b, "    %%s%d_x%d_%d = tensor.extract_slice %%a%d[%lld", d->s, val->arg, m,
                  val->arg, (long long)(size * m));
      for (intptr_t i = 1; i < rank; ++i)
        apBufPrintf(b, ", 0");
      apBufPrintf(b, "] [");
      for (intptr_t i = 0; i < rank; ++i)
        apBufPrintf(b, "%s%lld", i ? ", " : "", (long long)mlirShapedTypeGetDimSize(part, i));
      apBufPrintf(b, "] [");
      for (intptr_t i = 0; i < rank; ++i)
        apBufPrintf(b, "%s1", i ? ", " : "");
      apBufPrintf(b, "] : ");
      apBufType(b, full);
      apBufPrintf(b, " to ");
      apBufType(b, part);
      apBufPrintf(b, "\n");
      setName(d, v, m, "%%s%d_x%d_%d", d->s, val->arg, m);
    }
    return *nameAt(d, v, m);
  }
  int slot = slotOf(pp, v, m, task->kind == AP_PP_POST);
  if (!*nameAt(d, v, slot)) {
    /* Made on another stage (of this replica): receive it. */
    int from = apPpPhysical(pp, pp->tasks[val->task].stage, d->r);
    MlirType t = producedType(d, v);
    char split[48];
    splitAttr(pp, from, d->s, t, split, sizeof split);
    apBufPrintf(b, "    %%s%d_r%d_%d = \"ap.recv\"() {peer = %d : i64, %stag = %d : i64} : () -> ",
                d->s, v, slot, from, split, tagOf(pp, v, slot));
    apBufType(b, t);
    apBufPrintf(b, "\n");
    setName(d, v, slot, "%%s%d_r%d_%d", d->s, v, slot);
  }
  return *nameAt(d, v, slot);
}

static void send(apDrv *d, int v, int slot, int to) {
  MlirType t = producedType(d, v);
  char split[48];
  splitAttr(d->pp, d->s, to, t, split, sizeof split);
  apBufPrintf(d->b, "    \"ap.send\"(%s) {peer = %d : i64, %stag = %d : i64} : (",
              *nameAt(d, v, slot), to, split, tagOf(d->pp, v, slot));
  apBufType(d->b, t);
  apBufPrintf(d->b, ") -> ()\n");
}

/* Sends v to every other stage that reads it, from name slot `slot`. */
static void sendOut(apDrv *d, int v, int slot, bool toPostOnly) {
  apPp *pp = d->pp;
  bool sent[AP_PP_MAX_STAGES] = {0};
  const apPpValue *val = &pp->values[v];
  for (int k = 0; k < val->numUseTasks; ++k) {
    const apPpTask *c = &pp->tasks[val->useTasks[k]];
    if (c->stage == d->ls || sent[c->stage] || (toPostOnly && c->kind != AP_PP_POST))
      continue;
    sent[c->stage] = true;
    send(d, v, slot, apPpPhysical(pp, c->stage, d->r));
  }
}

/* Adds `part` into v's running sum (name slot M); `k` tells the names apart. */
static void addInto(apDrv *d, int v, const char *part, MlirType type, int k) {
  apBuf ty = {0};
  apBufType(&ty, type);
  apBufPrintf(d->b,
              "    %%s%d_e%d_%d = tensor.empty() : %s\n"
              "    %%s%d_a%d_%d = linalg.add ins(%s, %s : %s, %s) outs(%%s%d_e%d_%d : %s) "
              "-> %s\n",
              d->s, v, k, ty.data, d->s, v, k, *nameAt(d, v, d->M), part, ty.data, ty.data,
              d->s, v, k, ty.data, ty.data);
  apBufFree(&ty);
  setName(d, v, d->M, "%%s%d_a%d_%d", d->s, v, k);
}

/* After its micro-batches: replica r > 0 sends each sum it made to stage
 * ls of replica 0, which adds them in replica order (the same sum on every
 * run) and only then sends them on. Values in id order on both sides. */
static void reduceReplicas(apDrv *d) {
  apPp *pp = d->pp;
  int R = apPpReplicas(pp);
  for (int v = 0; R > 1 && v < pp->numValues; ++v) {
    if (!accumulated(pp, v) || d->summed[v] == 0)
      continue;
    MlirType t = producedType(d, v);
    int root = apPpPhysical(pp, d->ls, 0);
    if (d->r > 0) {
      apBufPrintf(d->b, "    \"ap.send\"(%s) {peer = %d : i64, tag = %d : i64} : (",
                  *nameAt(d, v, d->M), root, tagOf(pp, v, d->M));
      apBufType(d->b, t);
      apBufPrintf(d->b, ") -> ()\n");
      continue;
    }
    for (int r = 1; r < R; ++r) {
      char part[64];
      snprintf(part, sizeof part, "%%s%d_q%d_%d", d->s, v, r);
      apBufPrintf(d->b, "    %s = \"ap.recv\"() {peer = %d : i64, tag = %d : i64} : () -> ", part,
                  apPpPhysical(pp, d->ls, r), tagOf(pp, v, d->M));
      apBufType(d->b, t);
      apBufPrintf(d->b, "\n");
      addInto(d, v, part, t, d->M + r);
    }
    sendOut(d, v, d->M, true);
  }
}

static void step(apDrv *d, int t, int m) {
  apPp *pp = d->pp;
  const apPpTask *task = &pp->tasks[t];
  apBuf *b = d->b;
  const char **args = calloc((size_t)task->numIn + 1, sizeof(char *));
  if (!args)
    abort();
  for (int j = 0; j < task->numIn; ++j)
    args[j] = input(d, t, j, m);
  apBufPrintf(b, "    ");
  if (task->numOut == 1)
    apBufPrintf(b, "%%s%d_c%d_%d = ", d->s, t, m);
  else if (task->numOut > 1)
    apBufPrintf(b, "%%s%d_c%d_%d:%d = ", d->s, t, m, task->numOut);
  char callee[160];
  apPpTaskName(pp, t, d->r, callee, sizeof callee);
  apBufPrintf(b, "func.call @\"%s\"(", callee);
  for (int j = 0; j < task->numIn; ++j)
    apBufPrintf(b, "%s%s", j ? ", " : "", args[j]);
  apBufPrintf(b, ") : (");
  for (int j = 0; j < task->numIn; ++j) {
    apBufPrintf(b, "%s", j ? ", " : "");
    apBufType(b, fnInput(d->fns[t], j));
  }
  apBufPrintf(b, ") -> (");
  for (int j = 0; j < task->numOut; ++j) {
    apBufPrintf(b, "%s", j ? ", " : "");
    apBufType(b, fnResult(d->fns[t], j));
  }
  apBufPrintf(b, ")\n");
  free(args);
  int slot = task->kind == AP_PP_POST ? d->M : m;
  for (int j = 0; j < task->numOut; ++j) {
    int v = task->out[j];
    char nm[96];
    if (task->numOut == 1)
      snprintf(nm, sizeof nm, "%%s%d_c%d_%d", d->s, t, m);
    else
      snprintf(nm, sizeof nm, "%%s%d_c%d_%d#%d", d->s, t, m, j);
    setName(d, v, slot, "%s", nm);
    if (accumulated(pp, v)) {
      if (d->summed[v]++ == 0)
        setName(d, v, d->M, "%s", *nameAt(d, v, m));
      else
        addInto(d, v, *nameAt(d, v, m), fnResult(d->fns[t], j), m);
      /* With replicas the sums go out after the reduction. */
      if (apPpReplicas(pp) == 1 && d->summed[v] == d->M)
        sendOut(d, v, d->M, true);
    } else {
      sendOut(d, v, slot, false);
    }
    if (!*nameAt(d, v, d->M) && task->kind == AP_PP_MB && d->M == 1)
      setName(d, v, d->M, "%s", *nameAt(d, v, m));
  }
}

/* The stage of the device plus one: the switch's case; 0 (the default
 * case) for a device in no stage. */
static void stageOfRank(apBuf *b, const apPp *pp, char *prev, size_t len) {
  apBufPrintf(b, "  %%st = arith.constant 0 : index\n");
  snprintf(prev, len, "%%st");
  for (int s = 0; s < apPpAllStages(pp); ++s) {
    const apPpStage *st = &pp->stages[s];
    int lo = st->firstDevice, hi = st->firstDevice + st->n * st->m;
    apBufPrintf(b,
                "  %%lo%d = arith.constant %d : index\n  %%hi%d = arith.constant %d : index\n"
                "  %%ge%d = arith.cmpi uge, %%rank, %%lo%d : index\n"
                "  %%lt%d = arith.cmpi ult, %%rank, %%hi%d : index\n"
                "  %%in%d = arith.andi %%ge%d, %%lt%d : i1\n"
                "  %%id%d = arith.constant %d : index\n"
                "  %%st%d = arith.select %%in%d, %%id%d, %s : index\n",
                s, lo, s, hi, s, s, s, s, s, s, s, s, s + 1, s, s, s, prev);
    snprintf(prev, len, "%%st%d", s);
  }
}

/* The driver's name for the switch's result r. */
static void switchResult(char *buf, size_t len, int r, int nRes) {
  if (nRes > 1)
    snprintf(buf, len, "%%sw#%d", r);
  else
    snprintf(buf, len, "%%sw");
}

void apPpTaskName(const apPp *pp, int t, int r, char *out, size_t len) {
  if (r > 0)
    snprintf(out, len, "%s.r%d", pp->tasks[t].name, r);
  else
    snprintf(out, len, "%s", pp->tasks[t].name);
}

bool apPpBuildDriver(apPp *pp, const apPpOrder *o, const MlirOperation *fns,
                     const char *worldGrid, int worldDevices) {
  apBuf b = {0};
  MlirOperation func = pp->func;
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(func, apStr("function_type")));
  int nArgs = pp->numArgs, nRes = pp->numResults;
  /* The grid and the task functions again, so the text verifies alone
   * (the module's own are kept). */
  apBufPrintf(&b, "shard.grid @%s(shape = %d)\n", worldGrid, worldDevices);
  for (int k = 0; k < pp->numTasks * apPpReplicas(pp); ++k) {
    int t = k % pp->numTasks;
    if (k >= pp->numTasks && pp->tasks[t].kind != AP_PP_MB)
      continue; /* updates run on replica 0 only */
    char name[160];
    apPpTaskName(pp, t, k / pp->numTasks, name, sizeof name);
    apBufPrintf(&b, "func.func private @\"%s\"(", name);
    for (int j = 0; j < pp->tasks[t].numIn; ++j) {
      apBufPrintf(&b, "%s", j ? ", " : "");
      apBufType(&b, fnInput(fns[t], j));
    }
    apBufPrintf(&b, ") -> (");
    for (int j = 0; j < pp->tasks[t].numOut; ++j) {
      apBufPrintf(&b, "%s", j ? ", " : "");
      apBufType(&b, fnResult(fns[t], j));
    }
    apBufPrintf(&b, ")\n");
  }
  apBufPrintf(&b, "func.func @\"%s.driver\"(", pp->funcName);
  for (int a = 0; a < nArgs; ++a) {
    apBufPrintf(&b, "%s%%a%d: ", a ? ", " : "", a);
    apBufType(&b, mlirFunctionTypeGetInput(ft, a));
  }
  apBufPrintf(&b, ") -> (");
  for (int r = 0; r < nRes; ++r) {
    apBufPrintf(&b, "%s", r ? ", " : "");
    apBufType(&b, mlirFunctionTypeGetResult(ft, r));
  }
  apBufPrintf(&b, ") {\n  %%rank = shard.process_linear_index on @%s : index\n", worldGrid);
  char stageId[32];
  stageOfRank(&b, pp, stageId, sizeof stageId);
  if (nRes > 1)
    apBufPrintf(&b, "  %%sw:%d = scf.index_switch %s -> ", nRes, stageId);
  else
    apBufPrintf(&b, "  %%sw = scf.index_switch %s -> ", stageId);
  for (int r = 0; r < nRes; ++r) {
    apBufPrintf(&b, "%s", r ? ", " : "");
    apBufType(&b, mlirFunctionTypeGetResult(ft, r));
  }
  apBufPrintf(&b, "\n");
  int M = pp->microBatches;
  apDrv d = {.pp = pp, .fns = fns, .b = &b, .M = M};
  d.names = calloc((size_t)pp->numValues * (size_t)(M + 1) + 1, sizeof(char *));
  d.summed = calloc((size_t)pp->numValues + 1, sizeof(int));
  if (!d.names || !d.summed)
    abort();
  int PS = apPpAllStages(pp);
  for (int k = 0; k <= PS; ++k) {
    int s = k < PS ? k : -1; /* the default case last */
    d.s = k;
    d.ls = k % pp->numStages;
    d.r = k / pp->numStages;
    if (s < 0)
      apBufPrintf(&b, "  default {\n");
    else
      apBufPrintf(&b, "  case %d {\n", s + 1);
    for (size_t k = 0; k < (size_t)pp->numValues * (size_t)(M + 1); ++k) {
      free(d.names[k]);
      d.names[k] = NULL;
    }
    memset(d.summed, 0, sizeof(int) * (size_t)pp->numValues);
    bool reduced = s < 0;
    for (int k = 0; s >= 0 && k < o->numSteps[s]; ++k) {
      int t = o->steps[s][k][0];
      if (!reduced && pp->tasks[t].kind == AP_PP_POST)
        reduceReplicas(&d), reduced = true;
      step(&d, t, o->steps[s][k][1]);
    }
    if (!reduced)
      reduceReplicas(&d);
    apBuf yield = {0};
    apBufPrintf(&yield, "    scf.yield");
    for (int r = 0; r < nRes; ++r) {
      int v = pp->resultValue[r];
      const apPpValue *val = &pp->values[v];
      const char *nm = NULL;
      char buf[64];
      if (val->arg >= 0) {
        snprintf(buf, sizeof buf, "%%a%d", val->arg);
        nm = buf;
      } else if (s >= 0 && d.r == 0 && pp->tasks[val->task].stage == d.ls) {
        nm = *nameAt(&d, v, M);
      }
      if (!nm) {
        apBufPrintf(&b, "    %%s%d_p%d = bufferization.alloc_tensor() : ", d.s, r);
        apBufType(&b, mlirFunctionTypeGetResult(ft, r));
        apBufPrintf(&b, "\n");
        snprintf(buf, sizeof buf, "%%s%d_p%d", d.s, r);
        nm = buf;
      }
      apBufPrintf(&yield, "%s %s", r ? "," : "", nm);
    }
    apBufPrintf(&yield, " : ");
    for (int r = 0; r < nRes; ++r) {
      apBufPrintf(&yield, "%s", r ? ", " : "");
      apBufType(&yield, mlirFunctionTypeGetResult(ft, r));
    }
    apBufPrintf(&b, "%s\n  }\n", yield.data);
    apBufFree(&yield);
  }
  for (size_t k = 0; k < (size_t)pp->numValues * (size_t)(M + 1); ++k)
    free(d.names[k]);
  free(d.names);
  free(d.summed);
  for (int r = 0; r < nRes; ++r) {
    int v = pp->resultValue[r];
    const apPpValue *val = &pp->values[v];
    if (val->arg >= 0)
      continue;
    char sw[32];
    switchResult(sw, sizeof sw, r, nRes);
    apBufPrintf(&b, "  %%b%d = shard.broadcast %s on @%s grid_axes = [0] root = [%d] : (", r, sw,
                worldGrid, pp->stages[pp->tasks[val->task].stage].firstDevice);
    apBufType(&b, mlirFunctionTypeGetResult(ft, r));
    apBufPrintf(&b, ") -> ");
    apBufType(&b, mlirFunctionTypeGetResult(ft, r));
    apBufPrintf(&b, "\n");
  }
  apBufPrintf(&b, "  return");
  for (int r = 0; r < nRes; ++r) {
    int v = pp->resultValue[r];
    if (pp->values[v].arg >= 0)
      apBufPrintf(&b, "%s %%a%d", r ? "," : "", pp->values[v].arg);
    else
      apBufPrintf(&b, "%s %%b%d", r ? "," : "", r);
  }
  apBufPrintf(&b, " : ");
  for (int r = 0; r < nRes; ++r) {
    apBufPrintf(&b, "%s", r ? ", " : "");
    apBufType(&b, mlirFunctionTypeGetResult(ft, r));
  }
  apBufPrintf(&b, "\n}\n");
  bool ok = !b.failed && apParseIntoModule(pp->module, b.data, "pipeline-partition");
  apBufFree(&b);
  return ok;
}
