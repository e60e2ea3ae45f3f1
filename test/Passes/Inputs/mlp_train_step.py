"""Writes the training step of an n-layer MLP (Alpa's test model) as MLIR:
Dense (x @ W + b) and ReLU per layer, mean squared error, backward, SGD.
Parameters carry tf.aliasing_output (the step updates them in place), as
JAX writes donated state. Usage: mlp_train_step.py LAYERS BATCH HIDDEN
Test input only; the model zoo (ap-models) writes the real ones."""
import sys
L, B, H = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
lr = 0.01
o = []
T = lambda *d: "tensor<" + "x".join(map(str, d)) + "xf32>" if d else "tensor<f32>"
id2 = "affine_map<(d0, d1) -> (d0, d1)>"
row = "affine_map<(d0, d1) -> (d1)>"
col = "affine_map<(d0, d1) -> (d0)>"
sc = "affine_map<(d0, d1) -> ()>"
n = [0]
def v():
    n[0] += 1; return "%%v%d" % n[0]
def empty(*d):
    e = v(); o.append(f"  {e} = tensor.empty() : {T(*d)}"); return e
def zeros(*d, layer=0):
    e = empty(*d); f = v(); o.append(f"  {f} = linalg.fill ins(%zero : f32) outs({e} : {T(*d)}) -> {T(*d)}"); return f
def generic(ins, maps, out_shape, out_map, iters, body, layer):
    e = empty(*out_shape); r = v()
    tys = ", ".join(t for _, t in ins)
    args = ", ".join(x for x, _ in ins)
    bb = ", ".join(f"%a{i}: f32" for i in range(len(ins))) + ", %out: f32"
    o.append(f"  {r} = linalg.generic {{indexing_maps = [{', '.join(maps + [out_map])}], iterator_types = [{', '.join(repr(i).replace(chr(39), chr(34)) for i in iters)}]}} ins({args} : {tys}) outs({e} : {T(*out_shape)}) attrs = {{ap.layer = {layer} : i64}} {{")
    o.append(f"  ^bb0({bb}):")
    for line in body: o.append("    " + line)
    o.append(f"  }} -> {T(*out_shape)}")
    return r
def matmul(a, at, b, bt, m, k, n_, layer, ta=False, tb=False):
    # C[m,n] = sum_k A[m,k] B[k,n] with optional transposes via maps, as a generic
    am = "affine_map<(d0, d1, d2) -> (d2, d0)>" if ta else "affine_map<(d0, d1, d2) -> (d0, d2)>"
    bm = "affine_map<(d0, d1, d2) -> (d1, d2)>" if tb else "affine_map<(d0, d1, d2) -> (d2, d1)>"
    f = zeros(m, n_); r = v()
    o.append(f"  {r} = linalg.generic {{indexing_maps = [{am}, {bm}, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = [\"parallel\", \"parallel\", \"reduction\"]}} ins({a}, {b} : {at}, {bt}) outs({f} : {T(m, n_)}) attrs = {{ap.layer = {layer} : i64}} {{")
    o.append("  ^bb0(%x: f32, %y: f32, %acc: f32):")
    o.append("    %p = arith.mulf %x, %y : f32"); o.append("    %s = arith.addf %acc, %p : f32"); o.append("    linalg.yield %s : f32")
    o.append(f"  }} -> {T(m, n_)}")
    return r
args = []
for l in range(L): args += [f"%w{l}: {T(H, H)} {{ap.role = \"param\", tf.aliasing_output = {1 + 2 * l} : i32}}", f"%b{l}: {T(H)} {{ap.role = \"param\", tf.aliasing_output = {2 + 2 * l} : i32}}"]
args += [f"%in: {T(B, H)} {{ap.role = \"data\"}}", f"%target: {T(B, H)} {{ap.role = \"data\"}}"]
hs = ["%in"]; zs = []
o.append("  %zero = arith.constant 0.0 : f32")
for l in range(L):
    z0 = matmul(hs[-1], T(B, H), f"%w{l}", T(H, H), B, H, H, l + 1)
    z = generic([(z0, T(B, H)), (f"%b{l}", T(H))], [id2, row], (B, H), id2, ["parallel"] * 2, ["%s = arith.addf %a0, %a1 : f32", "linalg.yield %s : f32"], l + 1)
    h = generic([(z, T(B, H))], [id2], (B, H), id2, ["parallel"] * 2, ["%c0 = arith.constant 0.0 : f32", "%m = arith.maximumf %a0, %c0 : f32", "linalg.yield %m : f32"], l + 1)
    zs.append(z); hs.append(h)
# loss = sum((h - y)^2) / (B*H)
sq = zeros()
loss0 = v()
o.append(f"  {loss0} = linalg.generic {{indexing_maps = [{id2}, {id2}, {sc}], iterator_types = [\"reduction\", \"reduction\"]}} ins({hs[-1]}, %target : {T(B, H)}, {T(B, H)}) outs({sq} : tensor<f32>) attrs = {{ap.layer = {L + 1} : i64}} {{")
o.append("  ^bb0(%p: f32, %q: f32, %acc: f32):"); o.append("    %d = arith.subf %p, %q : f32"); o.append("    %d2 = arith.mulf %d, %d : f32"); o.append("    %s = arith.addf %acc, %d2 : f32"); o.append("    linalg.yield %s : f32")
o.append("  } -> tensor<f32>")
e = empty(); loss = v()
o.append(f"  {loss} = linalg.generic {{indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}} ins({loss0} : tensor<f32>) outs({e} : tensor<f32>) attrs = {{ap.layer = {L + 1} : i64}} {{")
o.append("  ^bb0(%p: f32, %acc: f32):"); o.append(f"    %n = arith.constant {1.0 / (B * H):e} : f32"); o.append("    %s = arith.mulf %p, %n : f32"); o.append("    linalg.yield %s : f32")
o.append("  } -> tensor<f32>")
d = generic([(hs[-1], T(B, H)), ("%target", T(B, H))], [id2, id2], (B, H), id2, ["parallel"] * 2, ["%d = arith.subf %a0, %a1 : f32", f"%k = arith.constant {2.0 / (B * H):e} : f32", "%s = arith.mulf %d, %k : f32", "linalg.yield %s : f32"], L + 1)
new = {}
for l in reversed(range(L)):
    dz = generic([(d, T(B, H)), (zs[l], T(B, H))], [id2, id2], (B, H), id2, ["parallel"] * 2, ["%c0 = arith.constant 0.0 : f32", "%pos = arith.cmpf ogt, %a1, %c0 : f32", "%s = arith.select %pos, %a0, %c0 : f32", "linalg.yield %s : f32"], l + 1)
    dw = matmul(hs[l], T(B, H), dz, T(B, H), H, B, H, l + 1, ta=True)
    db0 = zeros(H); db = v()
    o.append(f"  {db} = linalg.generic {{indexing_maps = [{id2}, {row}], iterator_types = [\"reduction\", \"parallel\"]}} ins({dz} : {T(B, H)}) outs({db0} : {T(H)}) attrs = {{ap.layer = {l + 1} : i64}} {{")
    o.append("  ^bb0(%p: f32, %acc: f32):"); o.append("    %s = arith.addf %acc, %p : f32"); o.append("    linalg.yield %s : f32"); o.append(f"  }} -> {T(H)}")
    if l > 0:
        d = matmul(dz, T(B, H), f"%w{l}", T(H, H), B, H, H, l + 1, tb=True)
    upd = [f"%k = arith.constant {lr:e} : f32", "%g = arith.mulf %a1, %k : f32", "%s = arith.subf %a0, %g : f32", "linalg.yield %s : f32"]
    new[f"w{l}"] = generic([(f"%w{l}", T(H, H)), (dw, T(H, H))], [id2, id2], (H, H), id2, ["parallel"] * 2, upd, l + 1)
    new[f"b{l}"] = generic([(f"%b{l}", T(H)), (db, T(H))], ["affine_map<(d0) -> (d0)>"] * 2, (H,), "affine_map<(d0) -> (d0)>", ["parallel"], upd, l + 1)
rets = [loss] + [new[f"{k}{l}"] for l in range(L) for k in "wb"]
rtys = ["tensor<f32>"] + [T(H, H) if k == "w" else T(H) for l in range(L) for k in "wb"]
print(f"func.func @train_step({', '.join(args)}) -> ({', '.join(rtys)}) {{")
print("\n".join(o))
print(f"  return {', '.join(rets)} : {', '.join(rtys)}")
print("}")
