/* Wraps an ap pass body as an MLIR external pass. Each clone owns a copy of
 * the parsed options: nested passes may be cloned and run on threads. */
#include "PassCommon.h"

#include <stdlib.h>

#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/Linalg.h"
#include "mlir-c/Dialect/Shard.h"
#include "mlir-c/Dialect/Tensor.h"

typedef struct {
  apPassRunFn run;
  apOptions opts;
} apPassInstance;

static void construct(void *u) { (void)u; }

static void destruct(void *u) {
  apPassInstance *p = u;
  apOptionsFree(&p->opts);
  free(p);
}

static void *clone(void *u) {
  const apPassInstance *p = u;
  apPassInstance *c = malloc(sizeof *c);
  if (!c)
    return NULL;
  c->run = p->run;
  if (!apOptionsCopy(&p->opts, &c->opts)) {
    free(c);
    return NULL;
  }
  return c;
}

static void runPass(MlirOperation op, MlirExternalPass pass, void *u) {
  apPassInstance *p = u;
  p->run(op, &p->opts, pass);
}

MlirPass apMakePass(const apPassInfo *info, apPassRunFn run,
                    MlirStringRef options, MlirStringCallback onError,
                    void *user) {
  apPassInstance *p = malloc(sizeof *p);
  if (!p)
    return (MlirPass){NULL};
  p->run = run;
  if (!apOptionsParse(info, options, &p->opts, onError, user)) {
    free(p);
    return (MlirPass){NULL};
  }
  MlirDialectHandle deps[] = {
      mlirGetDialectHandle__shard__(), mlirGetDialectHandle__func__(),
      mlirGetDialectHandle__linalg__(), mlirGetDialectHandle__tensor__(),
      mlirGetDialectHandle__arith__(),
  };
  MlirExternalPassCallbacks cb = {construct, destruct, NULL, clone, runPass};
  /* The pass info is a static object: its address is a stable type id. */
  MlirTypeID id = mlirTypeIDCreate(info);
  return mlirCreateExternalPass(id, apStr(info->argument), apStr(info->argument),
                                apStr(info->summary), apStr("builtin.module"),
                                sizeof deps / sizeof deps[0], deps, cb, p);
}
