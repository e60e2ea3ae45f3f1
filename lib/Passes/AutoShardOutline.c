/* Upstream's shard-partition rejects (or crashes on) any linalg op whose
 * indexing maps are not projected permutations, convolutions and pooling
 * windows among them, even when it is replicated, and fails without a word
 * on a constant tensor of distinct values (torch-mlir's baked weights).
 * Such ops, which the plan keeps replicated anyway, move into a private
 * function of their own and are called with `no_inline`: a call has no
 * sharding interface, so the partitioner copies it to every device, and the
 * function itself carries no shardings. Lowering then calls or inlines it
 * like any function. */
#include "AutoShard.h"
#include "IrText.h"
#include "PassCommon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/Linalg.h"

static bool partitionable(MlirOperation op) {
  if (apOpNameIs(op, "arith.constant")) /* it fails on any tensor but a splat */
    return !mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetResult(op, 0))) ||
           apIsSplatConstant(op);
  if (!apOpDialectIs(op, "linalg"))
    return true;
  MlirAttribute maps = mlirOperationGetAttributeByName(op, apStr("indexing_maps"));
  if (mlirAttributeIsNull(maps))
    maps = mlirLinalgGetIndexingMapsAttribute(op);
  if (mlirAttributeIsNull(maps) || !mlirAttributeIsAArray(maps))
    return true;
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(maps); ++i) {
    MlirAttribute m = mlirArrayAttrGetElement(maps, i);
    if (mlirAttributeIsAAffineMap(m) &&
        !mlirAffineMapIsProjectedPermutation(mlirAffineMapAttrGetValue(m)))
      return false;
  }
  return true;
}

static void outline(MlirOperation module, MlirOperation op, int *counter) {
  intptr_t no = mlirOperationGetNumOperands(op), nr = mlirOperationGetNumResults(op);
  char name[64];
  snprintf(name, sizeof name, "ap.outlined.%d", (*counter)++);
  /* The function, with one placeholder per result until the op moves in. */
  apBuf t = {0};
  apBufPrintf(&t, "func.func private @%s(", name);
  for (intptr_t i = 0; i < no; ++i) {
    apBufPrintf(&t, "%s%%a%d: ", i ? ", " : "", (int)i);
    apBufType(&t, mlirValueGetType(mlirOperationGetOperand(op, i)));
  }
  apBufPrintf(&t, ") -> (");
  for (intptr_t i = 0; i < nr; ++i) {
    apBufPrintf(&t, "%s", i ? ", " : "");
    apBufType(&t, mlirValueGetType(mlirOperationGetResult(op, i)));
  }
  apBufPrintf(&t, ") attributes {ap.outlined} {\n");
  for (intptr_t i = 0; i < nr; ++i) {
    apBufPrintf(&t, "  %%p%d = tensor.empty() : ", (int)i);
    apBufType(&t, mlirValueGetType(mlirOperationGetResult(op, i)));
    apBufPrintf(&t, "\n");
  }
  apBufPrintf(&t, "  return");
  for (intptr_t i = 0; i < nr; ++i)
    apBufPrintf(&t, "%s %%p%d", i ? "," : "", (int)i);
  if (nr)
    apBufPrintf(&t, " :");
  for (intptr_t i = 0; i < nr; ++i) {
    apBufPrintf(&t, "%s ", i ? "," : "");
    apBufType(&t, mlirValueGetType(mlirOperationGetResult(op, i)));
  }
  apBufPrintf(&t, "\n}\n");
  if (t.failed || !apParseIntoModule(module, t.data, "auto-shard"))
    abort(); /* our own text: a bug, not bad input */
  apBufFree(&t);
  MlirBlock mb = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirOperation fn = mlirBlockGetFirstOperation(mb);
  for (MlirOperation o = fn; !mlirOperationIsNull(o); o = mlirOperationGetNextInBlock(o))
    fn = o; /* appended last */
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(fn, 0));
  MlirOperation ret = mlirBlockGetTerminator(entry);

  /* The call where the op was. */
  apCallInPlaceOf(op, name, true);
  /* The op into the function, reading its arguments, returned. */
  mlirOperationRemoveFromParent(op);
  mlirBlockInsertOwnedOperationBefore(entry, ret, op);
  for (intptr_t i = 0; i < no; ++i)
    mlirOperationSetOperand(op, i, mlirBlockGetArgument(entry, i));
  for (intptr_t i = 0; i < nr; ++i) {
    MlirOperation placeholder = mlirOpResultGetOwner(mlirOperationGetOperand(ret, i));
    mlirOperationSetOperand(ret, i, mlirOperationGetResult(op, i));
    mlirOperationDestroy(placeholder);
  }
}

int apShardOutline(MlirOperation module, MlirOperation func, int *counter) {
  MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  int n = 0, cap = 0;
  MlirOperation *ops = NULL;
  for (MlirOperation o = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    if (partitionable(o))
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      MlirOperation *p = realloc(ops, sizeof *p * (size_t)cap);
      if (!p)
        abort();
      ops = p;
    }
    ops[n++] = o;
  }
  for (int i = 0; i < n; ++i)
    outline(module, ops[i], counter);
  free(ops);
  return n;
}
