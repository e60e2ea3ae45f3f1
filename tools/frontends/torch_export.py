#!/usr/bin/env python3
"""Export a PyTorch training step as linalg on tensors, through torch-mlir.

  torch_export.py gpt [--layers 2 --hidden 16 --heads 2 --seq 8 --batch 2 --vocab 64] -o step.mlir
  torch_export.py mlp [--batch 4 --hidden 8] -o step.mlir

The model is built from torch.nn modules with random weights (nothing is
downloaded); the step is its loss, the gradients (torch.func) and an SGD
update, traced to core ATen by make_fx and lowered by torch-mlir's
linalg-on-tensors pipeline. The step is one func.func @main(ids/x, labels/y,
parameters...) -> (loss, updated parameters...), printed in generic form so
that LLVM 22's parser reads what torch-mlir's newer MLIR prints; the
arguments carry ap.role ("data" for the batch, "param").

--embedding gather uses nn.Embedding and F.cross_entropy as written: their
backward is torch-mlir's tm_tensor.scatter, which ap-opt reports as an op it
cannot plan. The default, onehot, writes the token lookup and the loss as
one-hot contractions (the TPU formulation), which ap-opt plans.

--check writes a step without arguments (inputs and weights made in the
graph) returning the loss and one checksum per updated parameter, followed by
`// DRV:` lines: an MLIR driver comparing them with PyTorch's own values.
"""
import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.experimental.proxy_tensor import make_fx
from torch_mlir import fx, ir
from torch_mlir.extras.fx_decomp_util import get_decomposition_table

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_common import check_arguments, driver, model_arguments, write  # noqa: E402


def one_hot(ids, n):
    """A float one-hot as a comparison (F.one_hot checks its values, which a
    symbolic trace cannot)."""
    return (ids[..., None] == torch.arange(n)).to(torch.float32)


class Block(nn.Module):
    def __init__(self, h, heads):
        super().__init__()
        self.h, self.heads = h, heads
        self.ln1, self.ln2 = nn.LayerNorm(h), nn.LayerNorm(h)
        self.qkv, self.proj = nn.Linear(h, 3 * h), nn.Linear(h, h)
        self.fc, self.out = nn.Linear(h, 4 * h), nn.Linear(4 * h, h)

    def forward(self, x):
        b, t, h = x.shape
        d = h // self.heads
        q, k, v = (z.view(b, t, self.heads, d).transpose(1, 2)
                   for z in self.qkv(self.ln1(x)).split(h, dim=2))
        causal = torch.tril(torch.ones(t, t, dtype=torch.bool))
        a = ((q @ k.transpose(-2, -1)) * d ** -0.5).masked_fill(~causal, float("-inf"))
        y = (a.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class GPT(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.vocab, self.onehot = a.vocab, a.embedding == "onehot"
        self.wte, self.wpe = nn.Embedding(a.vocab, a.hidden), nn.Embedding(a.seq, a.hidden)
        self.blocks = nn.ModuleList([Block(a.hidden, a.heads) for _ in range(a.layers)])
        self.lnf = nn.LayerNorm(a.hidden)
        self.head = nn.Linear(a.hidden, a.vocab, bias=False)

    def forward(self, ids):
        if self.onehot:
            x = one_hot(ids, self.vocab) @ self.wte.weight + self.wpe.weight
        else:
            x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for b in self.blocks:
            x = b(x)
        return self.head(self.lnf(x))

    def loss(self, logits, labels):
        if self.onehot:
            return -(one_hot(labels, self.vocab) * logits.log_softmax(-1)).sum(-1).mean()
        return F.cross_entropy(logits.reshape(-1, self.vocab), labels.reshape(-1))


class MLP(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(a.hidden, a.hidden), nn.ReLU(),
                                 nn.Linear(a.hidden, a.hidden))

    def forward(self, x):
        return self.net(x)

    def loss(self, out, y):
        return ((out - y) ** 2).mean()


def build(a):
    """The model, its step (ids/x, labels/y, *params) -> (loss, *new params)
    and example inputs."""
    torch.manual_seed(0)
    model = GPT(a) if a.model == "gpt" else MLP(a)
    names = [n for n, _ in model.named_parameters()]

    def loss_of(params, x, y):
        out = torch.func.functional_call(model, dict(zip(names, params)), (x,))
        return model.loss(out, y)

    def step(x, y, *params):
        grads, loss = torch.func.grad_and_value(loss_of)(list(params), x, y)
        return (loss, *[p - a.lr * g for p, g in zip(params, grads)])

    if a.model == "gpt":
        x = torch.randint(0, a.vocab, (a.batch, a.seq))
        y = torch.randint(0, a.vocab, (a.batch, a.seq))
    else:
        x, y = torch.randn(a.batch, a.hidden), torch.randn(a.batch, a.hidden)
    return step, [p.detach() for p in model.parameters()], x, y


def pattern(shape, k):
    """Deterministic values in [-0.25, 0.25], computed in the graph."""
    n = 1
    for d in shape:
        n *= d
    return (0.25 * torch.sin(torch.arange(n, dtype=torch.float32) * 0.37 + k)).reshape(shape)


def checked(step, params, x, y):
    """A step without arguments: inputs made in the graph, results the loss
    and one weighted checksum per updated parameter."""
    def run():
        ps = [pattern(p.shape, i) for i, p in enumerate(params)]
        if x.dtype == torch.int64:
            xs = (torch.arange(x.numel()).reshape(x.shape) * 7) % 11
            ys = (torch.arange(y.numel()).reshape(y.shape) * 5) % 13
        else:
            xs, ys = pattern(x.shape, 100.0), pattern(y.shape, 200.0)
        loss, *new = step(xs, ys, *ps)
        return (loss, *[(p * pattern(p.shape, 300.0 + i)).sum() for i, p in enumerate(new)])
    return run


def lower(fn, args, output):
    gm = make_fx(fn, tracing_mode="fake", decomposition_table=get_decomposition_table())(*args)
    return fx.stateless_fx_import(gm, output_type=output, model_name="main")


def mark_roles(module, roles):
    """ap.role on @main's arguments, so pipeline partitioning knows which
    ones carry the batch."""
    with module.context:
        for op in module.body.operations:
            if op.operation.name == "func.func" and \
                    ir.StringAttr(op.attributes["sym_name"]).value == "main":
                op.attributes["arg_attrs"] = ir.ArrayAttr.get(
                    [ir.DictAttr.get({"ap.role": ir.StringAttr.get(r)}) for r in roles])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    model_arguments(p)
    p.add_argument("--embedding", choices=["onehot", "gather"], default="onehot",
                   help="token lookup and loss as one-hot contractions (planned) or as "
                        "nn.Embedding and F.cross_entropy (tm_tensor.scatter in the backward)")
    p.add_argument("--output-type", choices=["linalg-on-tensors", "tosa"],
                   default="linalg-on-tensors",
                   help="torch-mlir's backend: linalg as ap-opt takes it, or TOSA (then "
                        "upstream's tosa-to-linalg passes first, see README)")
    a = p.parse_args()
    check_arguments(p, a)

    step, params, x, y = build(a)
    if a.check:
        run = checked(step, params, x, y)
        module = lower(run, [], a.output_type)
        values = [float(v) for v in run()]
    else:
        module = lower(step, [x, y, *params], a.output_type)
        mark_roles(module, ["data", "data"] + ["param"] * len(params))
    # Generic form: torch-mlir's MLIR is newer than LLVM 22's.
    text = module.operation.get_asm(print_generic_op_form=True)
    if a.check:
        text += driver(values)
    write(text, a.output)


if __name__ == "__main__":
    main()
