#!/usr/bin/env python3
"""Plan quality and cost-model fidelity, in ap-opt's own cost model.

Plan quality: for Alpa's GPT suite (its testbed, 1 to 64 V100s) and
Megatron-LM's GPT table (A100s, 32 to 3072), the predicted iteration time of
  ap-opt   --ap-pipeline-plan: Alpa's stage DP over submeshes, the auto-shard
           ILP per submesh, micro-batches chosen;
  DP       pure data parallelism on every device (one stage);
  Megatron the (tensor, pipeline, data) degrees Megatron-LM published;
  sweep    the best uniform configuration of an exhaustive sweep over
           (data, tensor, pipeline, micro-batches);
each priced by the same model (--ap-pipeline-plan's uniform configurations),
with each device's memory as the budget. Ratios > 1: ap-opt's plan is faster.
DP, Megatron and sweep send activations between stages as Megatron-LM does
(each replica's share, split over its tensor-parallel ranks); ap-opt's plans
are priced as --pipeline-partition runs them (stage boundaries replicated:
every receiving device ends with the whole tensor, sent whole or split and
all-gathered), so "sweep-W", the sweep priced with whole-tensor sends, is
the nearer comparison of the searches.

Fidelity: Megatron-LM's published configurations priced without a memory
budget (they fit by recomputing activations, which the model does not
charge), predicted TFLOP/s per GPU (the step's FLOPs, no recomputation, over
the predicted time) against the published TFLOP/s per GPU (recomputation
counted, as they ran it): both are executed FLOPs per second.

Mixed clusters (A100 + V100, T4 + A100): the plan --ap-pipeline-plan keeps,
one pipeline over both groups or one replica per group with the batch split
unevenly (Metis), with the other's time.
Usage: bench/plan_quality.py [--build DIR] [--out DIR] [--quick]
Writes plan_quality.svg and fidelity.svg into --out (default build/bench).
"""
import os

from benchlib import ALPA_GPT, MEGATRON, a100_cluster, fmt_s, p3_cluster, setup, svg_bars, table


def ratio(x, base):
    return "%.2f" % (x / base) if x and base else "-"


def cell(plan):
    return plan["iteration_s"] if plan else None


def config(plan):
    st = plan["stages"][0]
    return "%dx%dx%d B=%d" % (st["data_parallel"], st["tensor_parallel"], len(plan["stages"]),
                              plan["micro_batches"])


def searched(plan):
    meshes = {}
    for s in plan["stages"]:
        key = "x".join(map(str, s.get("mesh", s["submesh"])))
        meshes[key] = meshes.get(key, 0) + 1
    return "%d st (%s) B=%d" % (len(plan["stages"]),
                                ",".join("%s%s" % ("%dx " % n if n > 1 else "", k)
                                         for k, n in meshes.items()), plan["micro_batches"])


def main():
    a, out, t = setup()

    rows, labels, series = [], [], {"DP": [], "Megatron": [], "sweep": [], "sweep-W": []}
    cases = [("gpt", p, g, 1024, None, None, None) for p, g in ALPA_GPT]
    cases += [("gpt", p, g, b, tp, pp, pub) for p, tp, pp, g, b, pub in MEGATRON]
    fidelity = []
    for family, preset, gpus, batch, tp, pp, published in cases:
        if a.quick and gpus > 128:
            continue
        cluster = p3_cluster(gpus, t.tmp) if preset.startswith("gpt-") else a100_cluster(gpus)
        m = t.model(family, preset, batch)
        base = "cluster=%s" % cluster
        mine, secs, err = t.plan(m, base, "mine")
        dp, _, _ = t.plan(m, base + " data-parallel=%d tensor-parallel=1 stages=1" % gpus, "dp")
        meg = None
        if tp:
            degrees = " data-parallel=%d tensor-parallel=%d stages=%d" % (gpus // (tp * pp), tp, pp)
            meg, _, _ = t.plan(m, base + degrees, "meg")
            fit, _, ferr = t.plan(m, base + degrees + " memory-budget=none", "fid")
            fidelity.append((preset, gpus, tp, pp, fit, ferr, published))
        sweep, _, _ = t.plan(m, base + " sweep=true", "sweep")
        whole, _, _ = t.plan(m, base + " sweep=true transfers=whole", "whole")
        rows.append([preset, gpus, fmt_s(cell(mine)) if mine else "failed: " + err[-40:],
                     searched(mine) if mine else "-",
                     fmt_s(cell(dp)) if dp else "OOM", ratio(cell(dp), cell(mine)),
                     (fmt_s(cell(meg)) if meg else "OOM") if tp else "-",
                     ratio(cell(meg), cell(mine)),
                     fmt_s(cell(sweep)) if sweep else "OOM", config(sweep) if sweep else "-",
                     ratio(cell(sweep), cell(mine)),
                     fmt_s(cell(whole)) if whole else "OOM", ratio(cell(whole), cell(mine)),
                     "%.1f" % secs])
        labels.append("%s/%d" % (preset, gpus))
        for k, p in (("DP", dp), ("Megatron", meg), ("sweep", sweep), ("sweep-W", whole)):
            series[k].append(cell(p) / cell(mine) if p and mine else None)
        print("  planned %s on %d GPUs" % (preset, gpus), flush=True)

    table("Plan quality: predicted iteration time (s), one cost model; ratio = plan / ap-opt "
          "(> 1: ap-opt faster); OOM: does not fit the devices' memory in the model",
          ["model", "GPUs", "ap-opt", "ap-opt plan", "DP", "DP/ap", "Megatron", "Meg/ap",
           "sweep best", "dp x tp x pp", "sweep/ap", "sweep-W", "W/ap", "plan-s"], rows,
          "ap-opt plan: stages (submesh or logical mesh of each); B: micro-batches; plan-s: "
          "ap-opt's planning time.\nsweep-W: the sweep with whole-tensor stage sends, as "
          "ap-opt's plans are priced. Alpa's GPT suite on p3.16xlarge (batch 1024); "
          "Megatron-LM's table on DGX A100.")
    svg_bars(os.path.join(out, "plan_quality.svg"),
             "Predicted iteration time relative to ap-opt's plan (higher: ap-opt faster)",
             labels, [(k, v) for k, v in series.items()], "time / ap-opt's", log=True,
             marker=(1.0, "ap-opt"))

    frows, fl, pred, pub = [], [], [], []
    for preset, gpus, tp, pp, plan, err, published in fidelity:
        if not plan:
            frows.append([preset, gpus, tp, pp, "-", "-", "-", "-", published,
                          "failed: " + err[-40:]])
            continue
        tflops = plan["step_flops"] / plan["iteration_s"] / gpus / 1e12
        frows.append([preset, gpus, tp, pp, gpus // (tp * pp), plan["micro_batches"],
                      "%.4g" % plan["iteration_s"], "%.1f" % tflops, published,
                      "%+.1f%%" % (100 * (tflops - published) / published)])
        fl.append("%s/%d" % (preset, gpus))
        pred.append(tflops)
        pub.append(published)
    table("Fidelity: Megatron-LM's configurations (A100, seq 2048) priced by ap-opt's model "
          "vs the published TFLOP/s per GPU",
          ["model", "GPUs", "TP", "PP", "DP", "B", "iter-s", "predicted", "published", "error"],
          frows,
          "predicted: the step's FLOPs (no recomputation) / predicted time / GPUs; published: "
          "Megatron-LM (SC'21), recomputation counted. B: micro-batches the model prefers.")
    svg_bars(os.path.join(out, "fidelity.svg"),
             "TFLOP/s per GPU: ap-opt's model vs Megatron-LM (published)", fl,
             [("predicted", pred), ("published", pub)], "TFLOP/s per GPU")
    mixed(t)
    print("\nplots: %s, %s" % (os.path.join(out, "plan_quality.svg"),
                               os.path.join(out, "fidelity.svg")))


def mixed(t):
    """Mixed clusters: one pipeline over both device groups (Alpa's DP, each
    type's devices used exactly) against one replica per group with the
    batch split unevenly (Metis); the planner prices both and keeps the
    faster, its plan JSON giving the loser's time."""
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for preset, cluster in (("gpt-350m", os.path.join(here, "a100+v100.json")),
                            ("gpt-1.3b", os.path.join(here, "a100+v100.json")),
                            ("gpt-350m", "t4+a100:1"), ("gpt-1.3b", "t4+a100:3")):
        m = t.model("gpt", preset, 256)
        plan, secs, err = t.plan(m, "cluster=%s" % cluster, "mixed")
        name = os.path.basename(cluster).replace(".json", "")
        if not plan:
            rows.append([preset, name, "failed: " + err[-40:], "-", "-", "-", "-", "-"])
            continue
        counts = plan.get("replica_micro_batches")
        one = plan.get("single_pipeline_s", plan["iteration_s"] if not counts else None)
        reps = plan["iteration_s"] if counts else plan.get("replicas_s")
        rows.append([preset, name, "replicas" if counts else "one pipeline",
                     fmt_s(plan["iteration_s"]), fmt_s(one), fmt_s(reps),
                     "+".join(map(str, counts)) if counts else "-", "%.1f" % secs])
    table("Mixed clusters: one pipeline vs one replica of the pipeline per device group "
          "(Metis' uneven data parallelism), predicted iteration time (s), batch 256",
          ["model", "cluster", "chosen", "iteration", "one pipeline", "replicas", "split",
           "plan-s"], rows,
          "split: micro-batches per replica (the faster group's first); replicas include "
          "reducing the gradients onto the first replica. -: not priced (no replicated plan "
          "fits).")


if __name__ == "__main__":
    main()
