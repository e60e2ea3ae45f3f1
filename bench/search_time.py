#!/usr/bin/env python3
"""Search time: wall time of --ap-pipeline-plan (the auto-shard ILP on every
submesh shape, micro-batches chosen, Alpa's stage DP) and of
--pipeline-partition (each stage's tasks split out and auto-sharded) per
model, with the step's op count, the largest ILP given to CBC and the worst
gap, for Alpa's suite (GPT, MoE, Wide-ResNet on 1 to 64 GPUs of its testbed)
and Megatron-LM's GPT table (1.7B on 32 A100s up to 1T on 3072). Alpa
needed 2393 s for GPT-39B on 64 GPUs.

No memory budget (memory-budget=none): the search, not the fit, is timed.
Wide-ResNet runs one micro-batch (batch norm couples the micro-batches).

Usage: bench/search_time.py [--build DIR] [--out DIR] [--quick]
Writes search_time.svg into --out (default build/bench).
"""
import json
import os
import re

from benchlib import (ALPA_GPT, ALPA_MOE, ALPA_SECONDS_GPT39B_64, ALPA_WRESNET, MEGATRON,
                      a100_cluster, p3_cluster, setup, svg_bars, table)

# Ops of the step itself (4 spaces in), not those inside linalg bodies.
OP = re.compile(r"^    (%\S+ = )?\"?(linalg|tensor|arith)\.\w+", re.M)


def main():
    a, out, t = setup()

    cases = [("gpt", p, g, 1024) for p, g in ALPA_GPT]
    cases += [("moe", p, g, 1024) for p, g in ALPA_MOE]
    cases += [("wresnet", p, g, 1536 if g < 64 else 1520) for p, g in ALPA_WRESNET]
    cases += [("gpt", p, g, b) for p, _, _, g, b, _ in MEGATRON]
    rows, labels, secs = [], [], []
    for family, preset, gpus, batch in cases:
        if a.quick and gpus > 128:
            continue
        cluster = a100_cluster(gpus) if preset.startswith("megatron") else p3_cluster(gpus, t.tmp)
        m = t.model(family, preset, batch)
        ops = len(OP.findall(open(m).read()))
        opts = "cluster=%s memory-budget=none" % cluster
        planned = os.path.join(t.tmp, "planned.mlir")
        plan_path = os.path.join(t.tmp, "plan.json")
        plan_s, err, ok = t.opt(m, ["--ap-pipeline-plan=%s summary=false plan=%s"
                                    % (opts, plan_path)], planned)
        if not ok:
            rows.append([preset, gpus, ops, "failed: " + err.strip().splitlines()[-1][-60:]])
            continue
        plan = json.load(open(plan_path))
        split_s, err, ok = t.opt(planned, ["--pipeline-partition=summary=false "
                                           "memory-budget=none"])
        prof = plan["profiles"]
        big = max(prof, key=lambda p: p["ilp_vars"])
        total = plan_s + (split_s if ok else 0)
        rows.append([preset, gpus, ops, len(prof), big["ilp_vars"], big["ilp_constraints"],
                     "%.2f%%" % (100 * max(p["gap"] for p in prof)), len(plan["stages"]),
                     plan["micro_batches"], "%.2f" % plan_s,
                     "%.2f" % split_s if ok else "failed", "%.2f" % total])
        labels.append("%s/%d" % (preset, gpus))
        secs.append(total)
        print("  timed %s on %d GPUs" % (preset, gpus), flush=True)
    table("Search time (s): --ap-pipeline-plan then --pipeline-partition",
          ["model", "GPUs", "ops", "ILPs", "max vars", "max rows", "max gap", "stages", "B",
           "plan-s", "split-s", "total-s"], rows,
          "ILPs: one per submesh shape; max vars/rows: the largest ILP CBC saw (after the "
          "graph is shrunk); B: micro-batches chosen.\nAlpa (OSDI'22): %.0f s for GPT-39B on "
          "64 GPUs (1583 s compilation, 804 s profiling)." % ALPA_SECONDS_GPT39B_64)
    svg_bars(os.path.join(out, "search_time.svg"),
             "Planning + partitioning time per model (log scale)", labels,
             [("ap-opt", secs)], "seconds", log=True,
             marker=(ALPA_SECONDS_GPT39B_64, "Alpa: GPT-39B on 64 GPUs"))
    print("\nplot: %s" % os.path.join(out, "search_time.svg"))


if __name__ == "__main__":
    main()
