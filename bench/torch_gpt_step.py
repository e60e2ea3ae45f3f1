#!/usr/bin/env python3
"""Times, in eager PyTorch on one device, the GPT training step that
`ap-models gpt` writes as MLIR (tools/ap-models/Gpt.c, Lm.c, Train.c).

The step is the same computation: a token embedding done as one-hot rows
times the table plus a learned position embedding; pre-LayerNorm blocks
(eps 1e-5, affine) of causal multi-head attention (q, k, v, o with biases,
scores scaled by 1/sqrt(d), later keys set to -1e9, softmax) and a
tanh-GELU MLP, each with a residual; a final LayerNorm; an LM head tied to
the token embedding unless --untied-head; mean cross-entropy over the
b * s tokens; the backward pass (autograd here, written out by hand in the
MLIR); and the SGD or Adam (0.9, 0.999, eps 1e-8, bias-corrected) update.

The options and their defaults are ap-models'. --flops takes the count that
`ap-models gpt ... --stats` prints on stderr ("gpt: X FLOPs per step").
Alpa's GPT-1.3B, for example:

  build/bin/ap-models gpt --preset gpt-1.3b --dtype bf16 --stats -o /dev/null
  python3 bench/torch_gpt_step.py --layers 24 --hidden 2048 --heads 32 \\
      --seq 1024 --batch 8 --vocab 51200 --dtype bf16 --flops X

It prints one line: `torch-eager <ms per step> ms [<TFLOP/s> TFLOP/s]`.
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F

DTYPES = {"f32": torch.float32, "bf16": torch.bfloat16, "f64": torch.float64}
BLOCK = {  # ap-models' per-block parameters and shapes (h hidden, f MLP)
    "ln1_g": "h", "ln1_b": "h", "wq": "hnd", "bq": "nd", "wk": "hnd", "bk": "nd",
    "wv": "hnd", "bv": "nd", "wo": "ndh", "bo": "h", "ln2_g": "h", "ln2_b": "h",
    "w1": "hf", "b1": "f", "w2": "fh", "b2": "h",
}


def options():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name, default in (("layers", 2), ("hidden", 16), ("heads", 2), ("seq", 8),
                          ("batch", 8), ("vocab", 64)):
        ap.add_argument("--" + name, type=int, default=default)
    ap.add_argument("--ffn", type=int, default=0, help="MLP width (default 4 * hidden)")
    ap.add_argument("--untied-head", action="store_true", help="a separate LM head")
    ap.add_argument("--optimizer", choices=("sgd", "adam"), default="sgd")
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--dtype", choices=tuple(DTYPES), default="f32")
    ap.add_argument("--iters", type=int, default=10, help="timed steps (10)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps first (3)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--flops", type=float, help="FLOPs per step, for TFLOP/s")
    a = ap.parse_args()
    a.ffn = a.ffn or 4 * a.hidden  # ap-models' default for gpt
    if min(a.layers, a.hidden, a.heads, a.seq, a.batch, a.vocab, a.ffn, a.iters) <= 0:
        ap.error("sizes and --iters must be positive")
    if a.warmup < 0:
        ap.error("--warmup must not be negative")
    if a.hidden % a.heads:
        ap.error("hidden (%d) must be a multiple of heads (%d)" % (a.hidden, a.heads))
    return a


def parameters(a, dtype, device):
    """ap-models' parameters, in its order and shapes (attention weights 3-D
    as [h, n, d] and [n, d, h]). The MLIR takes their values as arguments;
    GPT-2's init (N(0, 0.02), unit gains, zero biases) keeps the values
    finite, which is all the timing needs."""
    size = {"h": a.hidden, "n": a.heads, "d": a.hidden // a.heads, "f": a.ffn}

    def new(name, shape):
        if name.endswith("_g"):
            t = torch.ones(shape, dtype=dtype, device=device)
        elif name.startswith("b") or name.endswith("_b"):
            t = torch.zeros(shape, dtype=dtype, device=device)
        else:
            t = torch.randn(shape, dtype=dtype, device=device) * 0.02
        return t.requires_grad_()

    p = {"wte": new("wte", (a.vocab, a.hidden)), "wpe": new("wpe", (a.seq, a.hidden))}
    for l in range(1, a.layers + 1):
        for name, dims in BLOCK.items():
            p["l%d_%s" % (l, name)] = new(name, tuple(size[c] for c in dims))
    p["lnf_g"] = new("lnf_g", (a.hidden,))
    p["lnf_b"] = new("lnf_b", (a.hidden,))
    if a.untied_head:
        p["head"] = new("head", (a.vocab, a.hidden))
    return p


def loss_of(p, ids, labels, causal, a):
    B, S, H, N = a.batch, a.seq, a.hidden, a.heads
    D = H // N
    ln = lambda x, g, b: F.layer_norm(x, (H,), g, b, eps=1e-5)
    # One-hot rows times the table, not an index lookup: the MLIR does this
    # (2 b s V h FLOPs, and as many for the table's gradient), so both do the
    # same work. Built straight in the float type, as the MLIR's one-hot is.
    onehot = torch.zeros(B, S, a.vocab, dtype=p["wte"].dtype, device=ids.device)
    onehot.scatter_(-1, ids.unsqueeze(-1), 1.0)
    x = onehot @ p["wte"] + p["wpe"]
    for l in range(1, a.layers + 1):
        w = lambda name: p["l%d_%s" % (l, name)]
        y = ln(x, w("ln1_g"), w("ln1_b"))
        # Three projections with separate bias adds, as the MLIR has them
        # (no fused QKV GEMM, no bias folded into the GEMM); [b, n, s, d].
        q, k, v = ((y @ w("w" + c).view(H, H)).view(B, S, N, D).add(w("b" + c)).transpose(1, 2)
                   for c in "qkv")
        # The full s x t scores, scaled, later keys replaced by -1e9 and a
        # softmax, all materialized as the MLIR does; a fused causal kernel
        # (scaled_dot_product_attention) would skip the masked half's work.
        scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(D))
        probs = F.softmax(scores.masked_fill(causal, -1e9), dim=-1)
        ctx = (probs @ v).transpose(1, 2).reshape(B, S, H)
        x = x + (ctx @ w("wo").view(H, H) + w("bo"))
        y = ln(x, w("ln2_g"), w("ln2_b"))
        x = x + (F.gelu(y @ w("w1") + w("b1"), approximate="tanh") @ w("w2") + w("b2"))
    logits = ln(x, p["lnf_g"], p["lnf_b"]) @ p.get("head", p["wte"]).t()
    return F.cross_entropy(logits.view(-1, a.vocab), labels.view(-1))  # the mean


def main():
    a = options()
    device = torch.device(a.device)
    dtype = DTYPES[a.dtype]
    # ap-opt's CUDA runtime keeps f32 contractions in full f32 (TF32 only
    # with AP_CU_TF32=1); so does PyTorch by default, said here in case a
    # site or version changes it. bf16 GEMMs accumulate in f32 in both.
    torch.set_float32_matmul_precision("highest")
    torch.manual_seed(0)
    p = parameters(a, dtype, device)
    params = list(p.values())
    # Token ids and labels once, as int64 (PyTorch's index type; i32 in the
    # MLIR). The causal mask is a constant: the MLIR computes it from loop
    # indices inside the masking op.
    ids = torch.randint(a.vocab, (a.batch, a.seq), device=device)
    labels = torch.randint(a.vocab, (a.batch, a.seq), device=device)
    causal = torch.ones(a.seq, a.seq, dtype=torch.bool, device=device).triu(1)
    # Adam's math is the MLIR's: m = 0.9 m + 0.1 g, v = 0.999 v + 0.001 g^2,
    # p -= lr (m / (1 - 0.9^t)) / (sqrt(v / (1 - 0.999^t)) + 1e-8), the
    # state in the parameters' type; torch.optim.Adam's default
    # (multi-tensor) implementation, its state made by the warm-up steps.
    adam = (torch.optim.Adam(params, lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
            if a.optimizer == "adam" else None)

    def step():
        loss_of(p, ids, labels, causal, a).backward()
        if adam:
            adam.step()
            adam.zero_grad(set_to_none=True)
            return
        # p -= lr g in place, one multi-tensor kernel as torch.optim.SGD
        # does; fresh gradients next step, as the MLIR accumulates none.
        with torch.no_grad():
            torch._foreach_add_(params, [t.grad for t in params], alpha=-a.lr)
        for t in params:
            t.grad = None

    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    for _ in range(a.warmup):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(a.iters):
        step()
    sync()
    ms = (time.perf_counter() - start) * 1e3 / a.iters
    line = "torch-eager %.3f ms" % ms
    if a.flops:
        line += " %.1f TFLOP/s" % (a.flops / (ms * 1e-3) / 1e12)
    print(line)


if __name__ == "__main__":
    main()
