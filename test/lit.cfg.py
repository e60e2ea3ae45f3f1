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
if config.mpiexec and shutil.which("mpicc"):
    config.available_features.add("mpi")
if shutil.which("nvcc") or os.path.exists("/usr/local/cuda/bin/nvcc"):
    config.available_features.add("nvcc")
if config.ap_sanitize:
    config.available_features.add("sanitize")
