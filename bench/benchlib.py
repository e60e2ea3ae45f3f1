"""What the planning benchmarks share: running ap-models and ap-opt, the
published configurations they compare against (shared/REFERENCE-NUMBERS.md)
and SVG charts written with nothing but the standard library."""
import json
import os
import subprocess
import sys
import tempfile
import time

# Alpa (OSDI'22): seq 1024, vocab 51200, global batch 1024, on p3.16xlarge
# nodes (8x V100 16 GB, NVLink, 25 Gb/s between nodes).
ALPA_GPT = [("gpt-350m", 1), ("gpt-1.3b", 4), ("gpt-2.6b", 8), ("gpt-6.7b", 16),
            ("gpt-15b", 32), ("gpt-39b", 64)]
ALPA_MOE = [("moe-380m", 1), ("moe-1.3b", 4), ("moe-2.4b", 8), ("moe-10b", 16),
            ("moe-27b", 32), ("moe-70b", 64)]
ALPA_WRESNET = [("wresnet-250m", 1), ("wresnet-1b", 4), ("wresnet-2b", 8),
                ("wresnet-4b", 16), ("wresnet-6.8b", 32), ("wresnet-13b", 64)]
ALPA_SECONDS_GPT39B_64 = 2393.0  # 1583 s compilation + 804 s profiling + DP

# Megatron-LM (SC'21), GPT on A100 (peak 312 TFLOP/s bf16), seq 2048, vocab
# 51200: (preset, TP, PP, GPUs, global batch, TFLOP/s per GPU).
MEGATRON = [("megatron-1.7b", 1, 1, 32, 512, 137), ("megatron-3.6b", 2, 1, 64, 512, 138),
            ("megatron-7.5b", 4, 1, 128, 512, 142), ("megatron-18.4b", 8, 1, 256, 1024, 135),
            ("megatron-39.1b", 8, 2, 512, 1536, 138), ("megatron-76.1b", 8, 4, 1024, 1792, 140),
            ("megatron-145.6b", 8, 8, 1536, 2304, 148),
            ("megatron-310.1b", 8, 16, 1920, 2160, 155),
            ("megatron-529.6b", 8, 35, 2520, 2520, 163), ("megatron-1t", 8, 64, 3072, 3072, 163)]


def p3_cluster(gpus, tmp):
    """Alpa's testbed with `gpus` GPUs: whole p3.16xlarge nodes, or one node
    holding fewer (a spec file with the preset's numbers)."""
    if gpus >= 8:
        return "p3.16xlarge:%d" % (gpus // 8)
    spec = {"name": "p3-%dgpu" % gpus,
            "devices": [{"name": "V100-SXM2-16GB",
                         "peak_flops": {"bf16": 125e12, "f16": 125e12, "f32": 15.7e12},
                         "memory_bytes": 17179869184, "memory_bw": 9e11}],
            "groups": [{"device": "V100-SXM2-16GB", "nodes": 1, "gpus_per_node": gpus}],
            "links": {"intra": {"bandwidth": 1.3e11, "latency": 5e-6},
                      "inter": {"bandwidth": 3.125e9, "latency": 3e-5}}}
    path = os.path.join(tmp, "p3-%dgpu.json" % gpus)
    with open(path, "w") as f:
        json.dump(spec, f)
    return path


def a100_cluster(gpus):
    return "dgx-a100:%d" % (gpus // 8)


def setup():
    """The benchmarks' command line: --build, --out (default BUILD/bench) and
    --quick. Returns (args, output folder, Tools)."""
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", default=None)
    ap.add_argument("--quick", action="store_true", help="rows up to 128 GPUs only")
    a = ap.parse_args()
    out = a.out or os.path.join(a.build, "bench")
    os.makedirs(out, exist_ok=True)
    return a, out, Tools(a.build)


class Tools:
    def __init__(self, build):
        self.models = os.path.join(build, "bin", "ap-models")
        self.ap_opt = os.path.join(build, "bin", "ap-opt")
        for tool in (self.models, self.ap_opt):
            if not os.access(tool, os.X_OK):
                sys.exit("%s not found: build first (scripts/build.sh)" % tool)
        self.tmp = tempfile.mkdtemp(prefix="ap-bench-")

    def model(self, family, preset, batch=None, name="m"):
        path = os.path.join(self.tmp, name + ".mlir")
        cmd = [self.models, family, "--preset", preset, "--dtype", "bf16", "-o", path]
        if batch:
            cmd += ["--batch", str(batch)]
        subprocess.run(cmd, check=True)
        return path

    def opt(self, mlir, passes, out="/dev/null"):
        """Runs ap-opt; returns (seconds, stderr, ok)."""
        t0 = time.time()
        r = subprocess.run([self.ap_opt, mlir] + passes + ["-o", out],
                           stderr=subprocess.PIPE, text=True)
        return time.time() - t0, r.stderr, r.returncode == 0

    def plan(self, mlir, options, name="p"):
        """--ap-pipeline-plan with `options`; returns (plan dict or None,
        seconds, last error line)."""
        path = os.path.join(self.tmp, name + ".json")
        if os.path.exists(path):
            os.remove(path)
        secs, err, ok = self.opt(mlir, ["--ap-pipeline-plan=%s summary=false plan=%s"
                                        % (options, path)])
        if not ok:
            lines = [l for l in err.splitlines() if "error" in l]
            return None, secs, (lines[-1] if lines else err.strip()[-200:])
        with open(path) as f:
            return json.load(f), secs, ""


def fmt_s(x):
    return "-" if x is None else ("%.4g" % x)


def table(title, header, rows, note=None):
    """Prints a table with columns sized to fit."""
    cols = [header] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cols) for i in range(len(header))]
    print("\n" + title)
    for k, r in enumerate(cols):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    if note:
        print(note)


def svg_bars(path, title, labels, series, ylabel, log=False, marker=None):
    """A grouped bar chart: series is [(name, [value or None per label])].
    A horizontal marker line (value, text) is optional."""
    import math
    W, H, left, bottom, top = 960, 420, 70, 110, 40
    colors = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099"]
    vals = [v for _, vs in series for v in vs if v]
    if marker:
        vals.append(marker[0])
    if not vals:
        return
    hi = max(vals)
    lo = min(vals) if log else 0.0
    if log:
        lo, hi = 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))
    else:
        hi *= 1.1

    def y(v):
        f = (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) if log \
            else v / hi
        return top + (H - top - bottom) * (1 - f)

    slot = (W - left - 20) / max(1, len(labels))
    bw = slot * 0.8 / max(1, len(series))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="14">%s</text>' % (left, title),
           '<text x="14" y="%d" transform="rotate(-90 14 %d)">%s</text>'
           % ((H - bottom + top) / 2, (H - bottom + top) / 2, ylabel)]
    if log:
        ticks = [lo * 10 ** k for k in range(int(round(math.log10(hi / lo))) + 1)]
    else:  # round steps: 1, 2 or 5 times a power of ten
        step = 10 ** math.floor(math.log10(hi / 5))
        step *= next(m for m in (1, 2, 5, 10) if hi / (step * m) <= 6)
        hi = step * math.ceil(hi / step)
        ticks = [step * k for k in range(int(round(hi / step)) + 1)]
    for t in ticks:
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>'
                   % (left, W - 20, y(t), y(t)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.3g</text>' % (left - 4, y(t) + 4, t))
    for i, label in enumerate(labels):
        x0 = left + i * slot + slot * 0.1
        for k, (_, vs) in enumerate(series):
            v = vs[i]
            if not v:
                continue
            out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>'
                       % (x0 + k * bw, y(v), bw, H - bottom - y(v), colors[k % len(colors)]))
        out.append('<text x="%.1f" y="%d" text-anchor="end" transform="rotate(-40 %.1f %d)">%s</text>'
                   % (x0 + slot * 0.4, H - bottom + 14, x0 + slot * 0.4, H - bottom + 14, label))
    if marker:
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="black" stroke-dasharray="4"/>'
                   % (left, W - 20, y(marker[0]), y(marker[0])))
        out.append('<text x="%d" y="%.1f">%s</text>' % (left + 6, y(marker[0]) - 4, marker[1]))
    for k, (name, _) in enumerate(series):
        out.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
                   % (W - 220, top + 14 * k, colors[k % len(colors)]))
        out.append('<text x="%d" y="%d">%s</text>' % (W - 205, top + 14 * k + 9, name))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
