"""Checks a pipeline plan (--ap-pipeline-plan's JSON): the stages cover the
layers in order, use exactly the cluster's devices, and meet the bounds given
(see pipeline-plan.test); with replicas, each replica does, and the faster
gets more micro-batches. Usage: plan.json devices layers [bounds]."""
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
counts = plan.get("replica_micro_batches", [plan["micro_batches"]])
replicas = [[s for s in stages if s.get("replica", 0) == r] for r in range(len(counts))]
assert sum(len(r) for r in replicas) == len(stages), "stages of no replica"
assert sum(counts) == plan["micro_batches"] and min(counts) >= 1, counts
used = set()
for rep in replicas:
    # Each replica covers every layer, in order, on devices of its own.
    assert len(rep) == len(replicas[0]), "replicas differ in stage count"
    nxt = a.first_layer
    for s in rep:
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
# One pipeline uses every device; replicas may leave a group's spare ones.
if len(counts) == 1:
    assert used == set(range(a.devices)), (sorted(used), a.devices)
else:
    assert used <= set(range(a.devices)), (sorted(used), a.devices)
if a.fewer_layers_on:
    size = lambda s: s["layers"][1] - s["layers"][0] + 1
    mine = [size(s) for s in stages if s["device"] == a.fewer_layers_on]
    other = [size(s) for s in stages if s["device"] != a.fewer_layers_on]
    assert mine and other and max(mine) < min(other), (mine, other)
if a.min_stages is not None:
    assert len(stages) >= a.min_stages, len(stages)
if a.max_stages is not None:
    assert len(stages) <= a.max_stages, len(stages)
# The iteration: the slowest replica's pipeline latency, then the reduction.
lat = []
for rep, k in zip(replicas, counts):
    times = [s["time_per_micro_batch_s"] for s in rep]
    lat.append(sum(times) + (k - 1) * max(times))
want = max(lat) + plan.get("reduce_s", 0)
assert abs(plan["iteration_s"] - want) <= 1e-9 * plan["iteration_s"], (plan["iteration_s"], want)
if len(counts) > 1:
    # Uneven data parallelism: a replica that runs a micro-batch faster gets
    # at least as many, and no replica could take one more and finish first.
    per = [sum(s["time_per_micro_batch_s"] for s in rep) for rep in replicas]
    for i in range(len(counts)):
        for j in range(len(counts)):
            if per[i] < per[j]:
                assert counts[i] >= counts[j], (per, counts)
    def latency(r, k):
        times = [s["time_per_micro_batch_s"] for s in replicas[r]]
        return sum(times) + (k - 1) * max(times) if k else 0
    for i in range(len(counts)):
        for j in range(len(counts)):
            if i != j and counts[i] > 1:
                moved = list(counts)
                moved[i] -= 1
                moved[j] += 1
                better = max(latency(r, k) for r, k in enumerate(moved))
                assert better >= max(lat) * (1 - 1e-9), ("a better split", moved, counts)
    print("replicas", "+".join(map(str, counts)))
print("plan ok")
