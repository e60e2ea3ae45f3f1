#!/usr/bin/env python3
"""Reads the plans a report page embeds (its ap-plan-data element) and
checks them: every pipeline timeline runs each (micro-batch, phase) once
per stage, one step at a time, after the steps it needs, and ends at the
iteration time it states. With --plan FILE: the last plan embedded equals
FILE (the pass's own plan file).

usage: report_data.py PAGE.html [--plan FILE.json]"""
import json
import re
import sys


def embedded(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="ap-plan-data">(.*?)</script>', text, re.S)
    if not m:
        sys.exit("no ap-plan-data element")
    return json.loads(m.group(1))


def check_timeline(plan, tl):
    M, rows = plan["micro_batches"], tl["stages"]
    P = len(rows)
    end = {}
    for s, row in enumerate(rows):
        steps = row["steps"]
        assert len(steps) == 2 * M, "stage %d has %d steps" % (s, len(steps))
        assert sorted((m, b) for m, b, _, _ in steps) == [(m, b) for m in range(M) for b in (0, 1)]
        for (_, _, _, e0), (_, _, s1, _) in zip(steps, steps[1:]):
            assert s1 >= e0 - 1e-15, "stage %d overlaps itself" % s
        for m, b, t0, t1 in steps:
            want = row["backward_s"] if b else row["forward_s"]
            assert abs((t1 - t0) - want) <= 1e-12 * max(1.0, want), "step length"
            end[(s, m, b)] = (t0, t1)
    for (s, m, b), (t0, _) in end.items():
        if not b and s > 0:
            assert t0 >= end[(s - 1, m, 0)][1] - 1e-15, "forward before its input"
        if b:
            assert t0 >= end[(s, m, 0)][1] - 1e-15, "backward before its forward"
            if s + 1 < P:
                assert t0 >= end[(s + 1, m, 1)][1] - 1e-15, "backward before its gradient"
    last = max(t1 for _, t1 in end.values())
    assert abs(last - tl["iteration_s"]) <= 1e-12 * last, "iteration time"
    return P * 2 * M


def main():
    data = embedded(sys.argv[1])
    print("title %s" % data["title"])
    for i, e in enumerate(data["plans"]):
        plan = e["plan"]
        if "timeline" in e:
            tl = e["timeline"]
            n = check_timeline(plan, tl)
            print("plan %d: %s, %d stages, %d micro-batches, %s, times from %s" % (
                i, e["pass"], len(plan["stages"]), plan["micro_batches"], tl["schedule"],
                tl["times"]))
            print("  timeline: %d steps in order, ending at the iteration time" % n)
            print("  cluster: %s, %d nodes" % (e["cluster"]["name"],
                                              sum(g["nodes"] for g in e["cluster"]["groups"])))
        for f in plan.get("functions", []):
            print("plan %d: %s, @%s on mesh %s: %d ops" % (i, e["pass"], f["function"], f["mesh"],
                                                           len(f["ops"])))
    if len(sys.argv) > 3 and sys.argv[2] == "--plan":
        own = json.load(open(sys.argv[3]))
        print("embedded plan %s the plan file" % (
            "equals" if own == data["plans"][-1]["plan"] else "DIFFERS FROM"))


if __name__ == "__main__":
    main()
