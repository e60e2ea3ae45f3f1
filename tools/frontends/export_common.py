"""What the frontend exporters share: the model-size flags, the numerical
check (an MLIR @entry driver that calls the imported @main, a step without
arguments returning scalars, and prints per result its value and whether it
is within tolerance of the framework's own, as `// DRV:` lines appended to
the export) and the output."""
import sys


def model_arguments(p):
    """The flags both exporters take: the model and its size, the learning
    rate, --check and -o."""
    p.add_argument("model", choices=["gpt", "mlp"])
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--seq", type=int, default=8)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--vocab", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--check", action="store_true",
                   help="export a step without arguments (inputs made in the graph) "
                        "returning the loss and checksums, followed by `// DRV:` lines: "
                        "an MLIR driver comparing them with the framework's values")
    p.add_argument("-o", "--output", default="-")


def check_arguments(p, a):
    if a.hidden % a.heads:
        p.error("--hidden must be a multiple of --heads")
    if a.check and a.model == "gpt" and a.vocab < 13:
        p.error("--check makes ids below 11 and labels below 13: --vocab must be at least 13")


def write(text, path):
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w") as f:
            f.write(text)


def driver(values, rtol=1e-4, atol=1e-5):
    """An MLIR @entry that calls the imported @main and prints, per result,
    whether it is within tolerance of the framework's value (as `// DRV:` lines)."""
    n = len(values)
    ty = ", ".join(["tensor<f32>"] * n)
    lines = ["  func.func @entry() {",
             f"    %r:{n} = call @main() : () -> ({ty})" if n > 1 else
             f"    %r = call @main() : () -> ({ty})"]
    for i, v in enumerate(values):
        r = f"%r#{i}" if n > 1 else "%r"
        lines += [f"    %x{i} = tensor.extract {r}[] : tensor<f32>",
                  f"    %e{i} = arith.constant {v:.9e} : f32",
                  f"    %d{i} = arith.subf %x{i}, %e{i} : f32",
                  f"    %a{i} = math.absf %d{i} : f32",
                  f"    %m{i} = math.absf %e{i} : f32",
                  f"    %rt{i} = arith.constant {rtol:e} : f32",
                  f"    %at{i} = arith.constant {atol:e} : f32",
                  f"    %s{i} = arith.mulf %m{i}, %rt{i} : f32",
                  f"    %t{i} = arith.addf %s{i}, %at{i} : f32",
                  f"    %ok{i} = arith.cmpf ole, %a{i}, %t{i} : f32",
                  f"    vector.print %x{i} : f32",
                  f"    vector.print %ok{i} : i1"]
    lines += ["    return", "  }", "}"]
    return "".join(f"// DRV: {l}\n" for l in lines)
