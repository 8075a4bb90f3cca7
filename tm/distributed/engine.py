"""The engine seam: where the per-item work of a job runs.

An `Engine` maps a library stage function (tm.ingest/clean/segment through
`tm.pipeline.load_document`, the encoder, tm.align) over items and returns the results in
order. The stage functions are the library's own; an engine only decides where they run:

- `local`: in this process, or a process pool for the per-document CPU stages when there are
  enough documents to repay starting the workers (scripts/bench_distributed.py);
- `ray`: tasks on a Ray cluster (tm.distributed.ray_engine), retried when a worker or node dies.

A failing item raises its exception in the caller (a `tm.errors.TmError` as it was raised),
so `tm align` refuses bad input the same way on every engine.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from tm.encoders import Encoder
from tm.errors import InputError

T = TypeVar("T")
R = TypeVar("R")
EngineName = Literal["local", "ray"]
ENGINES: tuple[str, ...] = ("local", "ray")
# Below this many documents the process pool costs more to start (spawned workers import tm and
# load its language resources) than it saves: bench_distributed measured the pool at 0.05x one
# process on 8 FLORES documents and 0.61x on 200 (13.7 s alone, load 40); break-even ~450.
POOL_MIN_ITEMS = 500


class Engine(ABC):
    """Runs stage functions over items; `fn` and items must pickle for out-of-process engines."""

    name: str = ""

    @abstractmethod
    def map(
        self, fn: Callable[[T], R], items: Sequence[T], *, label: str = "", progress: bool = False,
        cpu_bound: bool = True,
    ) -> list[R]:
        """`[fn(x) for x in items]`, possibly in parallel; the first failure is raised.

        `cpu_bound`: the stage is pure-Python CPU work worth parallelising across processes
        (cleaning, segmentation), as opposed to work that already uses every core (ONNX Runtime,
        BLAS) or needs objects that stay in this process."""

    @abstractmethod
    def encoder(self, model: str | None) -> Encoder:
        """An encoder for `model` whose batches run on this engine's workers."""

    def portable(self, encoder: Encoder) -> Encoder:
        """The encoder to hand to stage functions run by `map` (in-process: the same object)."""
        return encoder

    def close(self) -> None:
        """Release workers (a Ray connection this engine opened)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalEngine(Engine):
    """This machine: in-process, and a process pool of `workers` for CPU-bound stages."""

    name = "local"

    def __init__(self, workers: int | None = None, pool_min_items: int = POOL_MIN_ITEMS) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.pool_min_items = pool_min_items

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], *, label: str = "", progress: bool = False,
        cpu_bound: bool = True,
    ) -> list[R]:
        from tm.progress import progress_bar

        items = list(items)
        with progress_bar(len(items), label, enabled=progress and len(items) > 1) as advance:
            if not cpu_bound or self.workers < 2 or len(items) < self.pool_min_items:
                out = []
                for item in items:
                    out.append(fn(item))
                    advance(1)
                return out
            return self._pool_map(fn, items, advance)

    def _pool_map(self, fn: Callable[[T], R], items: list[T], advance: Callable[[int], None]) -> list[R]:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn, not fork: the parent may already run ONNX Runtime or BLAS threads
        with ProcessPoolExecutor(min(self.workers, len(items)), mp_context=mp.get_context("spawn")) as pool:
            futures = {pool.submit(fn, item): i for i, item in enumerate(items)}
            out: list[R] = [None] * len(items)  # type: ignore[list-item]
            try:
                for future in as_completed(futures):
                    out[futures[future]] = future.result()
                    advance(1)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        return out

    def encoder(self, model: str | None) -> Encoder:
        from tm.encoders import get_encoder

        return get_encoder(model)


def get_engine(name: str = "local", *, address: str | None = None) -> Engine:
    """The engine called `name`: `local`, or `ray` (on the cluster at `address`, or a local one)."""
    if name == "local":
        if address:
            raise InputError("--address is for --engine ray; drop it or add --engine ray")
        return LocalEngine()
    if name == "ray":
        from tm.distributed.ray_engine import RayEngine

        return RayEngine(address=address)
    raise InputError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
