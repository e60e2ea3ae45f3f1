"""Runs upstream shard-partition on every single-step reshard of a 4x8x16
tensor on a 2x2 grid and counts which kinds it gets right (see
upstream-reshard-steps.test)."""
import itertools, subprocess, sys
shape = [4, 8, 16]
def layouts():
    out = []
    # assign each of axes 0,1 to a dim (or none), and order within a dim
    for a0 in range(-1, 3):
        for a1 in range(-1, 3):
            for order in ([0, 1], [1, 0]):
                dims = [[], [], []]
                for ax in order:
                    d = a0 if ax == 0 else a1
                    if d >= 0: dims[d].append(ax)
                t = tuple(tuple(x) for x in dims)
                if t not in out: out.append(t)
    return out
def fmt(l):
    last = max([i for i, x in enumerate(l) if x] + [0])
    return "[" + ", ".join("[" + ", ".join(map(str, l[i])) + "]" for i in range(last + 1)) + "]"
def steps(src):
    res = []
    used = {a for d in src for a in d}
    for d in range(3):
        for ax in (0, 1):
            if ax not in used:
                t = [list(x) for x in src]; t[d].append(ax); res.append(("slice", tuple(map(tuple, t))))
        if src[d]:
            t = [list(x) for x in src]; t[d].pop(); res.append(("gather", tuple(map(tuple, t))))
            for e in range(3):
                if e != d:
                    t = [list(x) for x in src]; ax = t[d].pop(); t[e].append(ax)
                    simple = len(src[d]) == 1 and not src[e]
                    res.append(("move-simple" if simple else "move-other", tuple(map(tuple, t))))
    return res
bad = {}
total = {}
for src in layouts():
    for kind, dst in steps(src):
        mlir = f"""shard.grid @g(shape = 2x2)
func.func @f(%x: tensor<4x8x16xf32>) -> tensor<4x8x16xf32> {{
  %a = shard.sharding @g split_axes = {fmt(src)} : !shard.sharding
  %b = shard.sharding @g split_axes = {fmt(dst)} : !shard.sharding
  %x0 = shard.shard %x to %a : tensor<4x8x16xf32>
  %x1 = shard.shard %x0 to %b annotate_for_users : tensor<4x8x16xf32>
  %e = tensor.empty() : tensor<4x8x16xf32>
  %e0 = shard.shard %e to %b : tensor<4x8x16xf32>
  %e1 = shard.shard %e0 to %b annotate_for_users : tensor<4x8x16xf32>
  %r = linalg.exp ins(%x1 : tensor<4x8x16xf32>) outs(%e1 : tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
  %r0 = shard.shard %r to %b : tensor<4x8x16xf32>
  %r1 = shard.shard %r0 to %b annotate_for_users : tensor<4x8x16xf32>
  return %r1 : tensor<4x8x16xf32>
}}"""
        p = subprocess.run(["ap-opt", "-", "--shard-partition"], input=mlir, capture_output=True, text=True)
        k = kind
        total[k] = total.get(k, 0) + 1
        if p.returncode != 0:
            bad.setdefault(k, []).append((fmt(src), fmt(dst)))
# A move is "simple" when its source dim holds only the moved axis and its
# target dim is unsplit: the only kind auto-shard emits.
for k in sorted(total):
    print(k, "ok", total[k] - len(bad.get(k, [])), "of", total[k])
