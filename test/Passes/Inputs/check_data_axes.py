"""Checks an auto-shard plan made with data-parallel-axes=AXES: parameters
are never split over those axes, data arguments only on dim 0, and every op
either splits its batch loop over them or does not use them at all. The
batch loop of an op is read from its strategy: a data-parallel op splits one
loop over all the held axes. Usage: step.mlir plan.json AXES."""
import json, re, sys

step, plan, axes = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
held = sorted(int(a) for a in axes.split(","))
roles = re.findall(r'ap\.role = "(\w+)"', open(step).read())
fn = plan["functions"][0]
params = data = batched = replicated = 0
for op in fn["ops"]:
    if op["op"].startswith("argument #"):
        layout = json.loads(op["results"][0])
        role = roles[int(op["op"].split("#")[1])]
        used = {d: set(a) & set(held) for d, a in enumerate(layout)}
        if role == "data":
            assert all(not u for d, u in used.items() if d), op
            assert used[0] == set(held), ("data not split on its batch", op)
            data += 1
        else:
            assert not any(used.values()), ("parameter split over a held axis", op)
            params += 1
        continue
    if not op["op"].startswith("linalg."):
        continue
    loops = {}
    for loop, ax in re.findall(r"d(\d+):\[([0-9,]+)\]", op["strategy"]):
        for a in ax.split(","):
            loops[int(a)] = int(loop)
    on = {loops[a] for a in held if a in loops}
    if not on:
        replicated += 1
        continue
    assert len(on) == 1 and all(a in loops for a in held), ("held axes apart", op)
    batched += 1
print(f"data axes ok: {params} parameters replicated over them, {data} data "
      f"arguments split on their batch, {batched} ops on their batch loop, "
      f"{replicated} without one replicated")
