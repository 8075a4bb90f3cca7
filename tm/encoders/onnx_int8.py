"""8-bit integer products for the ONNX graph: weights per output column, activation outliers
smoothed into the weights, with factors calibrated without data.

ONNX Runtime's dynamic quantisation gives each call's activations one uint8 scale. In this
model a few input channels carry values thirty times the median (the feed-forward output's
inputs most of all), so one scale leaves the other channels a handful of levels. SmoothQuant
(Xiao et al. 2023) divides each input channel by s_k = max|x_k|^a / max|w_k|^(1-a) and
multiplies the weights' matching row by s_k: the same product, the outliers moved into the
weights, which are quantised per column. a = 0.7 was chosen on 120 Tatoeba sentences (dev):
the lowest cosine to the fp32 graph rose from 0.990 to 0.998 (0.986 to 0.999 on degenerate
texts such as one letter repeated); a = 0.5 gave 0.994-0.995. It costs one elementwise
product per matmul.

The max|x_k| come from the fp32 graph run on pseudo-sentences drawn from the tokeniser's own
unigram distribution (its piece scores are log-probabilities): the outlier channels belong to
the model, not to the text (the same channels and maxima within a few percent as on real
sentences), so the graph is built offline from the model file alone.
"""

from __future__ import annotations

import numpy as np

from tm.encoders.e5bin import E5Bin

ALPHA = 0.7  # migration strength of SmoothQuant
CALIBRATION_TEXTS = 128
CALIBRATION_SEED = 0


def int8_columns(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A (K, N) matrix as symmetric int8 with one scale per output column (N)."""
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    return np.clip(np.round(w / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def smoothing_factors(model: E5Bin, alpha: float = ALPHA) -> dict[str, np.ndarray]:
    """Per-input-channel factors s_k of every product of the graph (see the module docstring)."""
    c = model.config
    maxima = activation_maxima(model)
    out = {}
    for key, x_max in maxima.items():
        layer, short = key.split(".")
        if short == "qkv":
            w = np.concatenate([model.tensor(f"{layer}.{s}.w", c.hidden) for s in "qkv"], axis=0)
        else:
            w = model.tensor(f"{key}.w", c.ffn if short == "fi" else c.hidden)
        w_max = np.abs(w).max(axis=0)  # per input channel: w is (out, in)
        factors = x_max**alpha / np.maximum(w_max, 1e-8) ** (1 - alpha)
        out[key] = np.clip(factors, 1e-4, 1e4).astype(np.float32)
    return out


def activation_maxima(model: E5Bin, texts: int = CALIBRATION_TEXTS) -> dict[str, np.ndarray]:
    """max |x_k| per input channel of every product, over `texts` pseudo-sentences of 8-48 pieces."""
    import onnxruntime as ort
    from onnx import TensorProto, helper

    from tm.encoders.onnx_graph import build_graph

    c, tok = model.config, model.tokenizer
    taps: dict[str, str] = {}
    proto = build_graph(model, "float32", taps=taps)
    proto.graph.output.extend(helper.make_tensor_value_info(v, TensorProto.FLOAT, None) for v in taps.values())
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(proto.SerializeToString(), options, providers=["CPUExecutionProvider"])
    prob = np.exp(tok.scores.astype(np.float64) - tok.scores.max())
    prob[[tok.bos, tok.eos, tok.pad, tok.unk]] = 0.0
    prob /= prob.sum()
    positions = model.tensor("emb.pos", c.max_positions) + model.tensor("emb.type", c.type_vocab)[0]
    rng = np.random.default_rng(CALIBRATION_SEED)
    maxima: dict[str, np.ndarray] = {}
    for _ in range(texts):
        ids = np.r_[tok.bos, rng.choice(len(prob), int(rng.integers(8, 49)), p=prob), tok.eos]
        embeddings = (model.rows("emb.word", ids, c.hidden) + positions[: len(ids)])[None].astype(np.float32)
        values = session.run(list(taps.values()), {"embeddings": embeddings, "mask": np.ones((1, len(ids)), np.int32)})
        for key, value in zip(taps, values):
            channel_max = np.abs(value).reshape(-1, value.shape[-1]).max(axis=0)
            maxima[key] = np.maximum(maxima.get(key, channel_max), channel_max)
    return maxima
