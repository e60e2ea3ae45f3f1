# lit configuration for ap-opt, in the style of MLIR's own test suites.
import os
import shutil

import lit.formats

config.name = "AP-OPT"
config.test_format = lit.formats.ShTest(not lit_config.isWindows)
config.suffixes = [".mlir", ".test", ".json"]
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ap_obj_root, "test")

# Our tools first, then llvm-22's (FileCheck, not, count, llc, mlir-opt).
path = [config.ap_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))]
config.environment["PATH"] = os.pathsep.join(path)
for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
config.substitutions.append(("%ap_src", config.ap_src_root))
config.substitutions.append(("%mpiexec", config.mpiexec or "mpiexec"))

mlir_opt = os.path.join(config.llvm_tools_dir, "mlir-opt")
if os.path.exists(mlir_opt):
    config.available_features.add("mlir-opt")
# Upstream lowering of linalg-on-tensors to the LLVM dialect, and the runtime
# libraries mlir-runner needs for vector.print.
config.substitutions.append(("%{lower_to_llvm}",
    "--one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops "
    "--expand-strided-metadata --lower-affine --convert-scf-to-cf --math-expand-ops "
    "--convert-math-to-llvm --convert-vector-to-llvm --convert-arith-to-llvm "
    "--convert-index-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm "
    "--convert-cf-to-llvm --reconcile-unrealized-casts"))
libdir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(("%{runner_libs}",
    "-shared-libs=%s -shared-libs=%s" % (os.path.join(libdir, "libmlir_c_runner_utils.so"),
                                         os.path.join(libdir, "libmlir_runner_utils.so"))))
if os.path.exists(os.path.join(config.llvm_tools_dir, "mlir-runner")):
    config.available_features.add("mlir-runner")
# Linking a program lowered by --lower-to-cpu: its object, then the runtime.
rt = os.path.join(config.ap_obj_root, "lib")
config.substitutions.append(("%{ap_rt_link}", "%s %s -lm" % (
    os.path.join(rt, "libapRtMain.a"), os.path.join(rt, "libapRtMpi.a"))))
if config.mpiexec and shutil.which("mpicc") and os.path.exists(os.path.join(rt, "libapRtMpi.a")):
    config.available_features.add("mpi")
if shutil.which("nvcc") or os.path.exists("/usr/local/cuda/bin/nvcc"):
    config.available_features.add("nvcc")
else:
    lit_config.note("no nvcc (PATH, /usr/local/cuda/bin): the tests that build the emitted "
                    "CUDA with it are skipped")
if config.ap_sanitize:
    config.available_features.add("sanitize")
# Headless Chromium draws --ap-report's page (test/Report/chromium.test).
if shutil.which("chromium"):
    config.available_features.add("chromium")
else:
    lit_config.note("no chromium (PATH): the test that draws --ap-report's page in a "
                    "headless browser is skipped")
# The frontends' end-to-end tests: the venvs scripts/install-deps.sh makes
# (or AP_JAX_PYTHON, AP_TORCH_PYTHON), when their python imports the
# framework.
import subprocess
config.substitutions.append(("%ap_bin", config.ap_tools_dir))
for feature, var, venv, modules, what in [
        ("jax", "AP_JAX_PYTHON", ".venv-jax", "jax, flax", "jax and flax"),
        ("torch", "AP_TORCH_PYTHON", ".venv-torch", "torch, torch_mlir", "torch and torch-mlir")]:
    python = os.environ.get(var, os.path.join(config.ap_src_root, venv, "bin", "python"))
    if os.path.exists(python) and subprocess.call(
            [python, "-c", "import " + modules], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL) == 0:
        config.available_features.add(feature)
        config.environment[var] = python
    else:
        lit_config.note("no python with %s (%s): the %s frontend tests are skipped"
                        % (what, python, feature))
