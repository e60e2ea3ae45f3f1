"""The numerical check the frontend exporters share: an MLIR @entry driver
that calls the imported @main (a step without arguments returning scalars)
and prints, per result, its value and whether it is within tolerance of the
framework's own, as `// DRV:` lines appended to the export."""


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
