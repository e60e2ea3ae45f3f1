/* ap-opt: an mlir-opt-style driver for ap's passes and upstream MLIR's.
 * Flags that name passes are applied in command-line order. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Diagnostics.h"
#include "PlanReport.h"
#include "ap/Passes.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#ifndef AP_VERSION
#define AP_VERSION "unknown"
#endif
#ifndef AP_MLIR_VERSION
#define AP_MLIR_VERSION "unknown"
#endif

typedef struct {
  const char *input, *output;
  const char *planFile; /* --ap-plan=FILE: plan= for the planning passes */
  const char *reportFile, *reportPlan; /* --ap-report=FILE; plan= it gives */
  bool split, verifyDiagnostics, printAfterAll, printBeforeAll, timing;
  bool allowUnregistered, printDebugInfo, printGeneric;
  int numSteps;
  const char **steps; /* "--name[=opts]" or "--pass-pipeline=..." */
} apCli;

static void usage(FILE *f) {
  fprintf(f,
          "OVERVIEW: ap-opt, automatic parallelization for MLIR training graphs\n\n"
          "USAGE: ap-opt [options] [input.mlir|-]\n\n"
          "OPTIONS:\n"
          "  -o FILE                       write output to FILE (default stdout)\n"
          "  --split-input-file            process chunks split by '// -----' separately\n"
          "  --verify-diagnostics          check diagnostics against expected-* comments\n"
          "  --mlir-print-ir-after-all     print the IR after every pass\n"
          "  --mlir-print-ir-before-all    print the IR before every pass\n"
          "  --mlir-timing                 report the time of every pass\n"
          "  --mlir-print-debuginfo        print locations\n"
          "  --mlir-print-op-generic       print ops in generic form\n"
          "  --allow-unregistered-dialect  accept ops of unknown dialects\n"
          "  --pass-pipeline=PIPELINE      a textual pipeline, ours and upstream's\n"
          "  --ap-cluster=PRESET|FILE      shorthand for --ap-annotate-cluster=cluster=...\n"
          "  --ap-plan=FILE.json           write the plan of the planning passes to FILE\n"
          "  --ap-report=FILE.html         draw the plans of the planning passes as a web page\n"
          "  --NAME[=OPTIONS]              any upstream MLIR pass or pipeline\n"
          "  --version, --help\n\n"
          "AP PASSES (in command-line order with any upstream pass):\n");
  for (const apPassInfo *const *p = apPassRegistry(); *p; ++p) {
    fprintf(f, "  --%-28s %s\n", (*p)->argument, (*p)->summary);
    for (const apPassOptionInfo *o = (*p)->options; o->name; ++o) {
      fprintf(f, "      %-20s %s", o->name, o->help);
      if (*o->defaultValue && !strstr(o->help, "(default"))
        fprintf(f, " (default: %s)", o->defaultValue);
      fprintf(f, "\n");
    }
  }
  fprintf(f, "\nPass options go as --NAME=\"key=value key=value\".\n");
}

static bool parseCli(int argc, char **argv, apCli *cli) {
  memset(cli, 0, sizeof *cli);
  cli->steps = calloc(argc, sizeof *cli->steps);
  if (!cli->steps)
    return false;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-o")) {
      if (++i == argc) {
        fprintf(stderr, "ap-opt: error: -o needs a file name\n");
        return false;
      }
      cli->output = argv[i];
    } else if (!strncmp(a, "-o", 2) && a[2]) {
      cli->output = a + 2;
    } else if (!strncmp(a, "--ap-plan=", 10)) {
      cli->planFile = a + 10;
    } else if (!strncmp(a, "--ap-report=", 12)) {
      if (!a[12]) {
        fprintf(stderr, "ap-opt: error: --ap-report needs a file name\n");
        return false;
      }
      cli->reportFile = a + 12;
    } else if (!strcmp(a, "--split-input-file")) {
      cli->split = true;
    } else if (!strcmp(a, "--verify-diagnostics")) {
      cli->verifyDiagnostics = true;
    } else if (!strcmp(a, "--mlir-print-ir-after-all")) {
      cli->printAfterAll = true;
    } else if (!strcmp(a, "--mlir-print-ir-before-all")) {
      cli->printBeforeAll = true;
    } else if (!strcmp(a, "--mlir-timing")) {
      cli->timing = true;
    } else if (!strcmp(a, "--allow-unregistered-dialect")) {
      cli->allowUnregistered = true;
    } else if (!strcmp(a, "--mlir-print-debuginfo")) {
      cli->printDebugInfo = true;
    } else if (!strcmp(a, "--mlir-print-op-generic")) {
      cli->printGeneric = true;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      exit(0);
    } else if (!strcmp(a, "--version")) {
      printf("ap-opt %s (MLIR %s)\n", AP_VERSION, AP_MLIR_VERSION);
      exit(0);
    } else if (!strncmp(a, "--", 2) && a[2]) {
      cli->steps[cli->numSteps++] = a;
    } else if (!strcmp(a, "-") || a[0] != '-') {
      if (cli->input) {
        fprintf(stderr, "ap-opt: error: more than one input file ('%s', '%s')\n",
                cli->input, a);
        return false;
      }
      cli->input = a;
    } else {
      fprintf(stderr, "ap-opt: error: unknown option '%s' (see --help)\n", a);
      return false;
    }
  }
  if (!cli->input)
    cli->input = "-";
  return true;
}

static void printToStderr(MlirStringRef s, void *u) {
  const char *flag = u;
  fprintf(stderr, "ap-opt: error: %s: %.*s\n", flag, (int)s.length, s.data);
}

/* Builds the pass manager from the pass flags, in order. */
static MlirPassManager buildPipeline(MlirContext ctx, const apCli *cli) {
  MlirPassManager pm =
      mlirPassManagerCreateOnOperation(ctx, mlirStringRefCreateFromCString("builtin.module"));
  for (int i = 0; i < cli->numSteps; ++i) {
    const char *flag = cli->steps[i];
    const char *body = flag + 2;
    MlirLogicalResult r;
    if (!strncmp(body, "pass-pipeline=", 14)) {
      r = apAddTextualPipeline(pm, mlirStringRefCreateFromCString(body + 14),
                               printToStderr, (void *)flag);
    } else {
      const char *eq = strchr(body, '=');
      MlirStringRef name = {body, eq ? (size_t)(eq - body) : strlen(body)};
      MlirStringRef opts = mlirStringRefCreateFromCString(eq ? eq + 1 : "");
      /* Accept --name={opts} too, as mlir-opt prints pipelines that way. */
      if (opts.length >= 2 && opts.data[0] == '{' && opts.data[opts.length - 1] == '}')
        opts = (MlirStringRef){opts.data + 1, opts.length - 2};
      /* --ap-plan gives the planning passes a plan= unless they have one;
       * --ap-report a private one, as it reads the plans they write. */
      char *withPlan = NULL;
      const char *plan = cli->planFile ? cli->planFile : cli->reportPlan;
      bool planning = (name.length == 10 && !strncmp(name.data, "auto-shard", 10)) ||
                      (name.length == 16 && !strncmp(name.data, "ap-pipeline-plan", 16));
      if (plan && planning && !strstr(opts.data, "plan=")) {
        size_t n = opts.length + strlen(plan) + 16;
        if ((withPlan = malloc(n)))
          opts.length = (size_t)snprintf(withPlan, n, "%.*s plan='%s'", (int)opts.length,
                                         opts.data, plan);
        opts.data = withPlan ? withPlan : opts.data;
      }
      r = apAddPipelineElement(pm, name, opts, printToStderr, (void *)flag);
      free(withPlan);
    }
    if (mlirLogicalResultIsFailure(r)) {
      mlirPassManagerDestroy(pm);
      return (MlirPassManager){NULL};
    }
  }
  MlirOpPrintingFlags flags = mlirOpPrintingFlagsCreate();
  if (cli->printAfterAll || cli->printBeforeAll)
    mlirPassManagerEnableIRPrinting(pm, cli->printBeforeAll, cli->printAfterAll,
                                    false, false, false, flags,
                                    mlirStringRefCreateFromCString(""));
  mlirOpPrintingFlagsDestroy(flags);
  if (cli->timing)
    mlirPassManagerEnableTiming(pm);
  return pm;
}

static char *readAll(const char *path) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f)
    return NULL;
  size_t n = 0, cap = 1 << 16;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      char *b = realloc(buf, cap *= 2);
      if (!b) {
        free(buf);
        buf = NULL;
      }
      buf = b;
    }
  }
  if (f != stdin)
    fclose(f);
  if (buf)
    buf[n] = 0;
  return buf;
}

typedef struct {
  char *data;
  size_t len, cap;
} apBuffer;

static void appendOut(MlirStringRef s, void *u) {
  apBuffer *b = u;
  if (b->len + s.length + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap : 4096);
    while (cap < b->len + s.length + 1)
      cap *= 2;
    char *n = realloc(b->data, cap);
    if (!n)
      return;
    b->data = n;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s.data, s.length);
  b->len += s.length;
  b->data[b->len] = 0;
}

/* mlirModuleCreateParse wraps several top-level ops into a module as
 * mlir-opt does, but names no source file: give the locations it made one. */
static MlirLocation renameFile(MlirContext ctx, MlirLocation loc, MlirStringRef file) {
  if (mlirLocationIsAFileLineColRange(loc)) {
    MlirStringRef f = mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(loc));
    if (f.length && !(f.length == 1 && f.data[0] == '-'))
      return loc;
    return mlirLocationFileLineColRangeGet(
        ctx, file, mlirLocationFileLineColRangeGetStartLine(loc),
        mlirLocationFileLineColRangeGetStartColumn(loc),
        mlirLocationFileLineColRangeGetEndLine(loc),
        mlirLocationFileLineColRangeGetEndColumn(loc));
  }
  if (mlirLocationIsAName(loc))
    return mlirLocationNameGet(ctx, mlirIdentifierStr(mlirLocationNameGetName(loc)),
                               renameFile(ctx, mlirLocationNameGetChildLoc(loc), file));
  if (mlirLocationIsACallSite(loc))
    return mlirLocationCallSiteGet(
        renameFile(ctx, mlirLocationCallSiteGetCallee(loc), file),
        renameFile(ctx, mlirLocationCallSiteGetCaller(loc), file));
  if (mlirLocationIsAFused(loc)) {
    intptr_t n = mlirLocationFusedGetNumLocations(loc);
    MlirLocation *subs = malloc(sizeof *subs * (n ? n : 1));
    if (!subs)
      return loc;
    mlirLocationFusedGetLocations(loc, subs);
    for (intptr_t i = 0; i < n; ++i)
      subs[i] = renameFile(ctx, subs[i], file);
    MlirLocation fused = mlirLocationFusedGet(ctx, n, subs, mlirLocationFusedGetMetadata(loc));
    free(subs);
    return fused;
  }
  return loc;
}

static MlirWalkResult renameOpFile(MlirOperation op, void *u) {
  MlirStringRef file = *(MlirStringRef *)u;
  MlirContext ctx = mlirOperationGetContext(op);
  mlirOperationSetLocation(op, renameFile(ctx, mlirOperationGetLocation(op), file));
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
         !mlirBlockIsNull(b); b = mlirBlockGetNextInRegion(b))
      for (intptr_t i = 0; i < mlirBlockGetNumArguments(b); ++i) {
        MlirValue a = mlirBlockGetArgument(b, i);
        mlirBlockArgumentSetLocation(a, renameFile(ctx, mlirValueGetLocation(a), file));
      }
  return MlirWalkResultAdvance;
}

/* Parses and transforms one chunk; appends the result to `out`. The chunk
 * is padded with blank lines so that locations match the whole file. */
static bool processChunk(MlirContext ctx, const apCli *cli, const char *name,
                         const char *chunk, apBuffer *out) {
  MlirModule m = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(chunk));
  if (mlirModuleIsNull(m))
    return false;
  MlirOperation op = mlirModuleGetOperation(m);
  MlirStringRef file = mlirStringRefCreateFromCString(name);
  mlirOperationWalk(op, renameOpFile, &file, MlirWalkPreOrder);
  MlirPassManager pm = buildPipeline(ctx, cli);
  bool ok = pm.ptr != NULL;
  if (ok) {
    ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, op));
    mlirPassManagerDestroy(pm);
  }
  if (ok) {
    MlirOpPrintingFlags flags = mlirOpPrintingFlagsCreate();
    if (cli->printDebugInfo)
      mlirOpPrintingFlagsEnableDebugInfo(flags, true, false);
    if (cli->printGeneric)
      mlirOpPrintingFlagsPrintGenericOpForm(flags);
    mlirOperationPrintWithFlags(op, flags, appendOut, out);
    mlirOpPrintingFlagsDestroy(flags);
    appendOut(mlirStringRefCreateFromCString("\n"), out);
  }
  mlirModuleDestroy(m);
  return ok;
}

/* The start of the next "// -----" line at or after p, or NULL. */
static const char *nextSplit(const char *p) {
  for (const char *q = p; (q = strstr(q, "// -----")); q += 8)
    if (q == p || q[-1] == '\n')
      return q;
  return NULL;
}

static bool writeOutput(const char *path, const apBuffer *out) {
  if (!path || !strcmp(path, "-")) {
    fwrite(out->data ? out->data : "", 1, out->len, stdout);
    return fflush(stdout) == 0;
  }
  /* Write beside the target and rename, so a failure leaves no partial file. */
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (!tmp)
    return false;
  snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(out->data ? out->data : "", 1, out->len, f) == out->len;
  if (f)
    ok = (fclose(f) == 0) && ok;
  if (ok)
    ok = rename(tmp, path) == 0;
  if (!ok) {
    fprintf(stderr, "ap-opt: error: cannot write '%s'\n", path);
    remove(tmp);
  }
  free(tmp);
  return ok;
}

int main(int argc, char **argv) {
  apCli cli;
  if (!parseCli(argc, argv, &cli))
    return 1;
  apPlanReport report = {0};
  if (cli.reportFile) {
    if (!apPlanReportStart(&report, cli.reportFile)) {
      free(cli.steps);
      return 1;
    }
    cli.reportPlan = report.scratchPlan;
  }

  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  /* One thread: diagnostics then come in a deterministic order. */
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirRegisterAllPasses();
  mlirContextSetAllowUnregisteredDialects(ctx, cli.allowUnregistered);
  int status = 1;
  char *text = NULL;
  apBuffer out = {0};
  apDiagnosticSink sink = {.collectOnly = cli.verifyDiagnostics};
  sink.defaultFile = strcmp(cli.input, "-") ? cli.input : "<stdin>";
  MlirDiagnosticHandlerID hid = apDiagnosticsAttach(ctx, &sink);
  if (mlirLogicalResultIsFailure(apRegisterAndLoadDialects(ctx))) {
    fprintf(stderr, "ap-opt: error: cannot load the ap dialect\n");
    goto done;
  }
  /* Check the pipeline once up front: flag errors come before any parsing. */
  MlirPassManager probe = buildPipeline(ctx, &cli);
  if (!probe.ptr)
    goto done;
  mlirPassManagerDestroy(probe);

  const char *name = strcmp(cli.input, "-") ? cli.input : "<stdin>";
  text = readAll(cli.input);
  if (!text) {
    fprintf(stderr, "ap-opt: error: cannot read '%s'\n", cli.input);
    goto done;
  }
  bool ok = true;
  const char *p = text;
  int lineOffset = 0;
  for (int chunkNo = 0;; ++chunkNo) {
    const char *end = cli.split ? nextSplit(p) : NULL;
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char *chunk = malloc(lineOffset + len + 1);
    if (!chunk)
      goto done;
    memset(chunk, '\n', lineOffset);
    memcpy(chunk + lineOffset, p, len);
    chunk[lineOffset + len] = 0;
    if (chunkNo)
      appendOut(mlirStringRefCreateFromCString("// -----\n"), &out);
    bool chunkOk = processChunk(ctx, &cli, name, chunk, &out);
    if (cli.verifyDiagnostics) {
      chunkOk = apVerifyDiagnostics(&sink, name, chunk);
      apDiagnosticsClear(&sink);
    }
    ok = ok && chunkOk;
    free(chunk);
    if (!end)
      break;
    for (const char *q = p; q < end; ++q)
      lineOffset += *q == '\n';
    p = strchr(end, '\n');
    if (!p)
      break;
    ++p;
    ++lineOffset;
  }
  /* The report before the output: any error leaves no output file. */
  if (ok && cli.reportFile && !apPlanReportWrite(&report, ctx, name))
    ok = false;
  if (ok && writeOutput(cli.output, &out))
    status = 0;

done:
  if (cli.reportFile)
    apPlanReportStop(&report);
  mlirContextDetachDiagnosticHandler(ctx, hid);
  apDiagnosticsClear(&sink);
  free(sink.diags);
  free(out.data);
  free(text);
  free(cli.steps);
  mlirContextDestroy(ctx);
  return status;
}
