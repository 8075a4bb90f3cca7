"""The `ray` engine: the library's stage functions as Ray tasks (the only module importing Ray).

Items are sent in batches (one task per batch: a Ray task costs about a millisecond, a small
document less). A task lost with its worker or node is retried by Ray (`MAX_RETRIES`); stage
functions are pure (results come back to the caller, files are written under a fixed name
with an atomic rename), so a retry never duplicates anything. An exception raised by the stage
itself is not retried: the caller gets it as it was raised.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np

from tm.distributed.engine import Engine
from tm.encoders import Encoder, get_encoder
from tm.encoders.base import Kind
from tm.errors import TmError

T = TypeVar("T")
R = TypeVar("R")
MAX_RETRIES = 4
TARGET_TASKS_PER_CPU = 4  # batches per CPU: enough to balance uneven items, few enough to amortise a task
EMBED_CHUNK = 256  # texts per embedding task


class EngineError(TmError):
    """The distributed engine cannot start or reach its cluster."""


def _run_batch(fn: Callable[[Any], Any], batch: list[Any]) -> list[Any]:
    return [fn(item) for item in batch]


class RayEngine(Engine):
    """Stage functions as Ray tasks on the cluster at `address` (None: a local Ray on this machine)."""

    name = "ray"

    def __init__(self, address: str | None = None, *, num_cpus: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise EngineError(
                "--engine ray needs Ray; install it with `pip install 'tm[distributed]'` or use --engine local"
            ) from None
        self._ray = ray
        self._owned = not ray.is_initialized()
        if self._owned:
            try:
                ray.init(
                    address=address, num_cpus=None if address else (num_cpus or os.cpu_count()),
                    include_dashboard=False, log_to_driver=False, logging_level="error",
                    configure_logging=True,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = address or "a local cluster"
                raise EngineError(f"cannot start or reach Ray at {where} ({exc}); check --address "
                                  "(`ray status` on the head node) or use --engine local") from None
        self._remote = ray.remote(max_retries=MAX_RETRIES)(_run_batch)
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], *, label: str = "", progress: bool = False,
        cpu_bound: bool = True,
    ) -> list[R]:
        from tm.progress import progress_bar

        items = list(items)
        if not items:
            return []
        size = max(1, -(-len(items) // (self.cpus * TARGET_TASKS_PER_CPU)))
        batches = [items[i : i + size] for i in range(0, len(items), size)]
        fn_ref = self._ray.put(fn)
        refs = [self._remote.remote(fn_ref, b) for b in batches]
        where = {ref: i for i, ref in enumerate(refs)}
        out: list[list[R]] = [[] for _ in batches]
        pending = list(refs)
        with progress_bar(len(items), label, enabled=progress) as advance:
            try:
                while pending:
                    done, pending = self._ray.wait(pending, num_returns=1)
                    i = where[done[0]]
                    out[i] = self._get(done[0])
                    advance(len(batches[i]))
            except BaseException:
                for ref in pending:
                    self._ray.cancel(ref)
                raise
        return [r for batch in out for r in batch]

    def _get(self, ref: Any) -> Any:
        from ray.exceptions import RayTaskError

        try:
            return self._ray.get(ref)
        except RayTaskError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, BaseException):
                raise cause from None
            raise

    def encoder(self, model: str | None) -> Encoder:
        return RayEncoder(self, model)

    def portable(self, encoder: Encoder) -> Encoder:
        inner = getattr(encoder, "inner", encoder)  # a CachedEncoder's store stays in this process
        return inner if isinstance(inner, RayEncoder) else encoder

    def close(self) -> None:
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()


@lru_cache(maxsize=2)
def worker_encoder(model: str | None) -> Encoder:
    """The encoder a worker process loads once; ONNX Runtime on one thread per task's CPU."""
    if model is None or model in ("e5-small", "onnx", "default", "multilingual-e5-small-q4"):
        from tm.encoders.onnx_backend import OnnxE5Encoder, onnx_runtime_available

        if onnx_runtime_available():
            return OnnxE5Encoder(num_threads=1)
    return get_encoder(model)


def _embed_chunk(job: tuple[str | None, Kind, list[str]]) -> np.ndarray:
    model, kind, texts = job
    return worker_encoder(model).encode(texts, kind=kind).astype(np.float32)


class RayEncoder(Encoder):
    """The model `model` embedding on the engine's workers; sent to a worker, it is that
    worker's own encoder (so stage functions given it embed where they run)."""

    def __init__(self, engine: RayEngine, model: str | None) -> None:
        self.engine = engine
        self.model = model
        local = get_encoder(model)  # name and dim, and the tokenizer-free checks, on the driver
        self.name, self.dim = local.name, local.dim

    def __reduce__(self) -> tuple[Callable[..., Encoder], tuple[str | None]]:
        return worker_encoder, (self.model,)

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        return self.encode(texts, kind=kind)

    def encode(self, texts: Sequence[str], *, kind: Kind = "query", batch_size: int = 64,
               progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths share a task
        chunks = [order[i : i + EMBED_CHUNK] for i in range(0, len(order), EMBED_CHUNK)]
        parts = self.engine.map(_embed_chunk, [(self.model, kind, [texts[i] for i in c]) for c in chunks],
                                label="embedding", progress=progress)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for rows, vectors in zip(chunks, parts):
            out[rows] = vectors
        return out
