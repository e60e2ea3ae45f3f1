#!/usr/bin/env python3
"""ap-run: checks on CPU, one MPI rank per device, that an auto-sharded module
computes what its unsharded original computes.

ap-run FILE builds two programs from FILE (as ap-opt --auto-shard or
--pipeline-partition wrote it): the reference (shardings stripped, one rank;
for a pipelined module, from the --reference file, the step before
pipeline-partition) and the partitioned program
(--ap-harness, --inline, --shard-partition, --lower-to-cpu; one rank per grid
device), each through llvm-22's mlir-translate and llc and mpicc. Both get the
same deterministic inputs; every result is gathered and compared. Exit 0 only
when every result is within tolerance, 1 when one is not, 2 on any error."""
import argparse, os, re, shutil, signal, subprocess, sys, tempfile

AP_OPT = "@PROJECT_BINARY_DIR@/bin/ap-opt"
LLVM_BIN = "@LLVM_TOOLS_DIR@"
RT_DIR = "@PROJECT_BINARY_DIR@/lib"
MPICC = "@AP_MPICC@"
MPICXX = "@AP_MPICXX@"
MPIEXEC = "@AP_RUN_MPIEXEC@"


class Failure(Exception):
    pass


def run(cmd, what, timeout, env=None):
    """Runs cmd in its own process group; a timeout kills the whole group."""
    try:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env, start_new_session=True, text=True)
    except OSError as e:
        raise Failure("%s: cannot run %s: %s" % (what, cmd[0], e.strerror))
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        raise Failure("%s: timed out after %g s (a hang or a rank that never reached a "
                      "collective)" % (what, timeout))
    if p.returncode != 0:
        raise Failure("%s failed (exit %d):\n%s" % (what, p.returncode, (err or out).strip()))
    return out


def grid_devices(text):
    if "ap.pipeline" in text and re.search(r"shard\.grid\s+@world\b", text):
        # A pipelined module: one rank per device of the world grid.
        grids = re.findall(r"shard\.grid\s+@world\s*\(\s*shape\s*=\s*([0-9x]+)", text)
        return int(grids[0]), "world " + grids[0]
    grids = re.findall(r"shard\.grid\s+@[\w.$-]+\s*\(\s*shape\s*=\s*([0-9x]+)", text)
    if not grids:
        raise Failure("no shard.grid in the module: run ap-opt --auto-shard first")
    if len(set(grids)) > 1:
        raise Failure("the module has several grids (%s); ap-run checks one" % ", ".join(grids))
    n = 1
    for s in grids[0].split("x"):
        n *= int(s)
    return n, grids[0]


def build(mlir, exe, timeout):
    ll = exe + ".ll"
    obj = exe + ".o"
    run([os.path.join(LLVM_BIN, "mlir-translate"), "--mlir-to-llvmir", mlir, "-o", ll],
        "mlir-translate", timeout)
    run([os.path.join(LLVM_BIN, "llc"), "-O1", "-filetype=obj", "-relocation-model=pic",
         ll, "-o", obj], "llc", timeout)
    run([MPICC, obj, os.path.join(RT_DIR, "libapRtMain.a"),
         os.path.join(RT_DIR, "libapRtMpi.a"), "-lm", "-o", exe], "mpicc", timeout)


def build_cuda(harnessed, folder, emulate, timeout):
    """--lower-to-cuda into folder, then its Makefile."""
    run([AP_OPT, harnessed, "--lower-to-cuda=dir=" + folder, "-o",
         os.path.join(folder, "bufferized.mlir")], "ap-opt --lower-to-cuda", timeout)
    env = dict(os.environ, MPICC=MPICC, MPICXX=MPICXX)
    run(["make", "-s", "-C", folder, "emulate" if emulate else "program"],
        "make (the emitted CUDA program)", timeout, env)
    return os.path.join(folder, "program-emu" if emulate else "program")


def gpu_count():
    """GPUs nvidia-smi lists here (0 without it)."""
    try:
        out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return 0
    return sum(1 for line in out.stdout.splitlines() if line.startswith("GPU "))


def read_results(path):
    results = []
    with open(path) as f:
        for line in f:
            if line.startswith("result"):
                parts = line.split()
                results.append({"count": int(parts[2]), "differ": "ranks-differ" in parts,
                                "values": []})
            else:
                results[-1]["values"].append(float(line))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", help="module written by ap-opt --auto-shard")
    ap.add_argument("--ranks", type=int, help="MPI ranks (default: the grid's device count)")
    ap.add_argument("--rtol", type=float, default=1e-5, help="relative tolerance (1e-5)")
    ap.add_argument("--atol", type=float, default=1e-6,
                    help="absolute tolerance, for values near zero (1e-6)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per step (300)")
    ap.add_argument("--func", default="", help="the step function (default: the public one)")
    ap.add_argument("--seed", type=int, default=1, help="input seed (1)")
    ap.add_argument("--int-range", type=int, default=16,
                    help="integer inputs drawn from [0, N) (16)")
    ap.add_argument("--target", choices=["cpu", "cuda", "cuda-emu"], default="cpu",
                    help="how the partitioned program is built: --lower-to-cpu (cpu), "
                    "--lower-to-cuda with nvcc (cuda), or that CUDA code on the CPU "
                    "(cuda-emu)")
    ap.add_argument("--keep", metavar="DIR", help="keep the intermediate files in DIR")
    ap.add_argument("--reference", metavar="FILE",
                    help="the unpipelined step the reference runs (required for a module "
                    "written by --pipeline-partition)")
    a = ap.parse_args()
    try:
        if not MPICC or not MPIEXEC or not shutil.which(MPIEXEC):
            raise Failure("MPI not found (mpicc, mpiexec): install mpich")
        try:
            text = open(a.file).read()
        except OSError as e:
            raise Failure("cannot read '%s': %s" % (a.file, e.strerror))
        devices, shape = grid_devices(text)
        pipelined = shape.startswith("world")
        if pipelined and not a.reference:
            raise Failure("a pipelined module: give the step before --pipeline-partition as "
                          "--reference FILE")
        ranks = a.ranks or devices
        work = a.keep or tempfile.mkdtemp(prefix="ap-run.")
        os.makedirs(work, exist_ok=True)
        try:
            opts = "seed=%d int-range=%d" % (a.seed, a.int_range)
            if a.func:
                opts += " func=%s" % a.func
            ref, par = os.path.join(work, "reference"), os.path.join(work, "partitioned")
            run([AP_OPT, a.reference or a.file, "--ap-harness=reference=true " + opts,
                 "--lower-to-cpu",
                 "-o", ref + ".mlir"], "ap-opt (reference)", a.timeout)
            lower = ["--lower-to-cpu"] if a.target == "cpu" else []
            run([AP_OPT, a.file, "--ap-harness=" + opts, "--inline=default-pipeline=", "--shard-partition"] +
                lower + ["-o", par + ".mlir"], "ap-opt (partitioned)", a.timeout)
            build(ref + ".mlir", ref, a.timeout)
            if a.target == "cpu":
                build(par + ".mlir", par, a.timeout)
                par_exe = par
            else:
                par_exe = build_cuda(par + ".mlir", par + "-cuda", a.target == "cuda-emu",
                                     a.timeout)
            env = dict(os.environ)
            env["AP_RT_REPORT"] = ref + ".out"
            run([MPIEXEC, "-n", "1", ref], "the reference", a.timeout, env)
            env["AP_RT_REPORT"] = par + ".out"
            # NCCL wants a GPU per rank: more ranks than GPUs share them
            # through the runtime's MPI collectives.
            gpus = gpu_count() if a.target == "cuda" else 0
            if a.target == "cuda" and "AP_CU_COLLECTIVES" not in env and ranks > gpus:
                env["AP_CU_COLLECTIVES"] = "mpi"
                print("ap-run: %d ranks on %d GPUs: collectives through MPI "
                      "(AP_CU_COLLECTIVES=mpi)" % (ranks, gpus), file=sys.stderr)
            run([MPIEXEC, "-n", str(ranks), par_exe],
                "the partitioned program on %d ranks" % ranks, a.timeout, env)
            want, got = read_results(ref + ".out"), read_results(par + ".out")
        finally:
            if not a.keep:
                shutil.rmtree(work, ignore_errors=True)
    except Failure as e:
        print("ap-run: error: %s" % e, file=sys.stderr)
        return 2
    if len(want) != len(got):
        print("ap-run: error: %d results from the reference, %d from the partitioned program"
              % (len(want), len(got)), file=sys.stderr)
        return 2
    target = "" if a.target == "cpu" else " target %s," % a.target
    print("ap-run: %s on grid %s, %d ranks,%s rtol %g, atol %g"
          % (a.file, shape, ranks, target, a.rtol, a.atol))
    print("%-7s %9s %13s %13s  %s" % ("result", "elements", "max-abs", "max-rel", "status"))
    bad = 0
    for i, (w, g) in enumerate(zip(want, got)):
        mabs = mrel = 0.0
        ok = w["count"] == g["count"] and not g["differ"]
        for x, y in zip(w["values"], g["values"]):
            d = abs(x - y)
            if d != d:  # NaN in one but not the other
                d = 0.0 if (x != x and y != y) else float("inf")
            mabs = max(mabs, d)
            mrel = max(mrel, d / abs(x) if x != 0 else (0.0 if d == 0 else float("inf")))
            if d > a.atol + a.rtol * abs(x):
                ok = False
        status = "ok" if ok else ("ranks differ" if g["differ"] else "MISMATCH")
        bad += not ok
        print("%-7d %9d %13.3e %13.3e  %s" % (i, w["count"], mabs, mrel, status))
    print("ap-run: %s" % ("all %d results match" % len(want) if not bad
                          else "%d of %d results differ" % (bad, len(want))))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
