"""Checks a pipeline plan (--ap-pipeline-plan's JSON): the stages cover the
layers in order, use exactly the cluster's devices, and meet the bounds given
(see pipeline-plan.test). Usage: plan.json devices layers [bounds]."""
import argparse, json

ap = argparse.ArgumentParser()
ap.add_argument("plan")
ap.add_argument("devices", type=int)
ap.add_argument("layers", type=int)
ap.add_argument("--first-layer", type=int, default=0, help="the first ap.layer value")
ap.add_argument("--max-nodes-per-stage", type=int)
ap.add_argument("--min-stages", type=int)
ap.add_argument("--max-stages", type=int)
ap.add_argument("--min-devices-per-stage", type=int)
ap.add_argument("--fewer-layers-on", metavar="DEVICE",
                help="every stage on DEVICE has fewer layers than every other stage")
a = ap.parse_args()
plan = json.load(open(a.plan))
stages = plan["stages"]
nxt, used = a.first_layer, set()
for s in stages:
    first, last = s["layers"]
    assert first == nxt and last >= first, s
    nxt = last + 1
    n, m = s["submesh"]
    devs = set(range(s["first_device"], s["first_device"] + n * m))
    assert not (devs & used), ("devices used twice", s)
    used |= devs
    if a.max_nodes_per_stage is not None:
        assert n <= a.max_nodes_per_stage, ("stage spans nodes", s)
    if a.min_devices_per_stage is not None:
        assert n * m >= a.min_devices_per_stage, ("stage too small", s)
assert nxt == a.first_layer + a.layers, (nxt, a.layers)
assert used == set(range(a.devices)), (sorted(used), a.devices)
if a.fewer_layers_on:
    size = lambda s: s["layers"][1] - s["layers"][0] + 1
    mine = [size(s) for s in stages if s["device"] == a.fewer_layers_on]
    other = [size(s) for s in stages if s["device"] != a.fewer_layers_on]
    assert mine and other and max(mine) < min(other), (mine, other)
if a.min_stages is not None:
    assert len(stages) >= a.min_stages, len(stages)
if a.max_stages is not None:
    assert len(stages) <= a.max_stages, len(stages)
times = [s["time_per_micro_batch_s"] for s in stages]
b = plan["micro_batches"]
assert abs(plan["iteration_s"] - (sum(times) + (b - 1) * max(times))) <= 1e-9 * plan["iteration_s"]
print("plan ok")
