"""Checks --ap-pipeline-plan sweep=true's JSON: every row is a configuration
of exactly the cluster's devices whose micro-batches divide a replica's
batch, the iteration time of each row follows from nothing else, and the
plan recorded is the fastest row. Prints the (dp, tp, pp) triples priced.
Usage: plan.json devices batch."""
import json, sys

plan = json.load(open(sys.argv[1]))
devices, batch = int(sys.argv[2]), int(sys.argv[3])
rows = plan["sweep"]
assert rows, "no rows"
seen = set()
for r in rows:
    dp, tp, pp, b = r["data_parallel"], r["tensor_parallel"], r["stages"], r["micro_batches"]
    assert dp * tp * pp == devices, r
    assert batch % (dp * b) == 0, r
    assert (dp, tp, pp, b) not in seen, ("priced twice", r)
    seen.add((dp, tp, pp, b))
best = min(rows, key=lambda r: r["iteration_s"])
assert plan["iteration_s"] == best["iteration_s"], (plan["iteration_s"], best)
assert plan["micro_batches"] == best["micro_batches"], best
assert len(plan["stages"]) == best["stages"], best
for s in plan["stages"]:
    assert s["data_parallel"] == best["data_parallel"], s
    assert s["tensor_parallel"] == best["tensor_parallel"], s
# Every micro-batch count dividing the replica's batch is tried.
for dp, tp, pp in {(r[0], r[1], r[2]) for r in seen}:
    bs = sorted(b for (d, t, p, b) in seen if (d, t, p) == (dp, tp, pp))
    want = [b for b in range(1, batch // dp + 1) if (batch // dp) % b == 0]
    assert bs == want, ((dp, tp, pp), bs, want)
triples = sorted({(r[0], r[1], r[2]) for r in seen})
print("sweep ok: (dp, tp, pp) = " + " ".join("(%d, %d, %d)" % t for t in triples))
