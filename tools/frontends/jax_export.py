#!/usr/bin/env python3
"""Exports a JAX training step as StableHLO in MLIR's generic form, the form
ap-opt (--allow-unregistered-dialect --ap-import-stablehlo) can parse without
the stablehlo dialect.

  jax_export.py gpt [--layers 2 --hidden 16 --heads 2 --seq 8 --batch 2 --vocab 64] -o step.mlir
  jax_export.py mlp [--batch 4 --hidden 8] -o step.mlir

gpt: a GPT-2-style decoder (Flax linen: token and position embeddings, pre-norm
blocks with causal multi-head attention (a fused q/k/v projection, split)
and a tanh-GELU MLP, a final layer
norm, an untied output projection), cross-entropy on integer labels, jax.grad
and an SGD update, jitted as one step (params, ids, labels) -> (loss, params).
Weights are random (PRNGKey(0)); nothing is downloaded. Only shapes matter
for the export.
"""
import argparse
import os
import sys

import jax
import jax.numpy as jnp
import flax.linen as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_common import check_arguments, driver, model_arguments, write  # noqa: E402


class Block(nn.Module):
    hidden: int
    heads: int

    @nn.compact
    def __call__(self, x):
        b, s, h = x.shape
        d = h // self.heads
        y = nn.LayerNorm(name="ln1")(x)
        # GPT-2's fused c_attn projection, split into q, k, v (slices).
        qkv = nn.Dense(3 * h, name="c_attn")(y)
        q, k, v = (t.reshape(b, s, self.heads, d) for t in jnp.split(qkv, 3, axis=-1))
        att = jnp.einsum("bqnd,bknd->bnqk", q, k) / jnp.sqrt(d).astype(x.dtype)
        causal = jnp.tril(jnp.ones((s, s), dtype=bool))
        att = jnp.where(causal, att, jnp.finfo(x.dtype).min)
        att = jax.nn.softmax(att, axis=-1)
        o = jnp.einsum("bnqk,bknd->bqnd", att, v)
        x = x + nn.DenseGeneral(h, axis=(-2, -1), name="o")(o)
        y = nn.LayerNorm(name="ln2")(x)
        y = nn.Dense(4 * h, name="fc")(y)
        y = nn.gelu(y, approximate=True)
        return x + nn.Dense(h, name="proj")(y)


class Gpt(nn.Module):
    layers: int
    hidden: int
    heads: int
    seq: int
    vocab: int

    @nn.compact
    def __call__(self, ids):
        x = nn.Embed(self.vocab, self.hidden, name="wte")(ids)
        pos = self.param("wpe", nn.initializers.normal(0.02), (self.seq, self.hidden))
        x = x + pos[None, :, :]
        for i in range(self.layers):
            x = Block(self.hidden, self.heads, name=f"h{i}")(x)
        x = nn.LayerNorm(name="lnf")(x)
        return nn.Dense(self.vocab, use_bias=False, name="head")(x)


class Mlp(nn.Module):
    hidden: int

    @nn.compact
    def __call__(self, x):
        x = nn.relu(nn.Dense(self.hidden, name="fc1")(x))
        return nn.Dense(x.shape[-1], name="fc2")(x)


def cross_entropy(logits, labels):
    logp = jax.nn.log_softmax(logits, axis=-1)
    onehot = jax.nn.one_hot(labels, logits.shape[-1], dtype=logits.dtype)
    return -jnp.mean(jnp.sum(onehot * logp, axis=-1))


def sgd_step(apply, loss_of, lr):
    def step(params, x, y):
        loss, grads = jax.value_and_grad(lambda p: loss_of(apply(p, x), y))(params)
        new = jax.tree_util.tree_map(lambda p, g: p - lr * g, params, grads)
        return loss, new
    return step


def build(args):
    key = jax.random.PRNGKey(0)
    if args.model == "gpt":
        model = Gpt(args.layers, args.hidden, args.heads, args.seq, args.vocab)
        x = jnp.zeros((args.batch, args.seq), jnp.int32)
        y = jnp.zeros((args.batch, args.seq), jnp.int32)
        loss = cross_entropy
    else:
        model = Mlp(args.hidden)
        x = jnp.zeros((args.batch, args.hidden), jnp.float32)
        y = jnp.zeros((args.batch, args.hidden), jnp.float32)
        loss = lambda out, t: jnp.mean((out - t) ** 2)
    params = model.init(key, x)
    return sgd_step(model.apply, loss, args.lr), params, x, y


def pattern(shape, k, dtype=jnp.float32):
    """Deterministic values in [-0.25, 0.25], computed in the graph."""
    n = 1
    for d in shape:
        n *= d
    v = 0.25 * jnp.sin(jnp.arange(n, dtype=jnp.float32) * 0.37 + k)
    return v.reshape(shape).astype(dtype)


def checked(step, params, x, y):
    """A step without arguments for numerical tests: its inputs are made in
    the graph, its results are the loss and one weighted checksum per
    updated parameter (scalars the test compares with JAX's own values)."""
    leaves, tree = jax.tree_util.tree_flatten(params)

    def run():
        ps = [pattern(l.shape, i) for i, l in enumerate(leaves)]
        xs = pattern(x.shape, 100.0) if x.dtype != jnp.int32 else \
            (jnp.arange(x.size, dtype=jnp.int32).reshape(x.shape) * 7) % 11
        ys = pattern(y.shape, 200.0) if y.dtype != jnp.int32 else \
            (jnp.arange(y.size, dtype=jnp.int32).reshape(y.shape) * 5) % 13
        loss, new = step(jax.tree_util.tree_unflatten(tree, ps), xs, ys)
        sums = [jnp.sum(l * pattern(l.shape, 300.0 + i))
                for i, l in enumerate(jax.tree_util.tree_leaves(new))]
        return (loss, *sums)
    return run


def mark_roles(module, roles):
    """ap.role on the step's arguments (params, then the batch's "data"), so
    ap-opt's pipeline partitioning knows which arguments to micro-batch."""
    from jax._src.lib.mlir import ir
    with module.context:
        for op in module.body.operations:
            if op.operation.name != "func.func" or \
                    ir.StringAttr(op.attributes["sym_name"]).value != "main":
                continue
            old = op.attributes["arg_attrs"] if "arg_attrs" in op.attributes else None
            new = []
            for i, role in enumerate(roles):
                d = {}
                if old is not None:
                    for na in ir.DictAttr(ir.ArrayAttr(old)[i]):
                        d[na.name] = na.attr
                d["ap.role"] = ir.StringAttr.get(role)
                new.append(ir.DictAttr.get(d))
            op.attributes["arg_attrs"] = ir.ArrayAttr.get(new)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    model_arguments(p)
    p.add_argument("--donate", action="store_true",
                   help="donate the parameters (tf.aliasing_output on their arguments)")
    p.add_argument("--debug-info", action="store_true", help="keep source locations")
    args = p.parse_args()
    check_arguments(p, args)

    step, params, x, y = build(args)
    if args.check:
        run = jax.jit(checked(step, params, x, y))
        lowered = run.lower()
        values = [float(v) for v in run()]
    else:
        jitted = jax.jit(step, donate_argnums=(0,) if args.donate else ())
        lowered = jitted.lower(params, x, y)
    ir = lowered.compiler_ir("stablehlo")
    if not args.check:
        nparams = len(jax.tree_util.tree_leaves(params))
        mark_roles(ir, ["param"] * nparams + ["data", "data"])
    # Generic form: parses in any MLIR without the stablehlo dialect.
    text = ir.operation.get_asm(print_generic_op_form=True, enable_debug_info=args.debug_info)
    if args.check:
        text += driver(values)
    write(text, args.output)


if __name__ == "__main__":
    main()
