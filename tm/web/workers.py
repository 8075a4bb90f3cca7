"""The threads that answer the page's requests, each with its own `Store`.

An sqlite connection is not shared across threads, so each worker thread opens the TM once and
keeps it, with the glossary's term index loaded over it. The encoder is loaded once and shared
(ONNX Runtime sessions are thread-safe). What search and lookup would otherwise do lazily on the
first query (word keys, glossary form keys, the FAISS index and its hubness) is done by
`warm_up` before the server answers, so the first query is fast and a read-only server does
not write while it serves.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from tm.encoders import Encoder
from tm.store import Store

T = TypeVar("T")
TERMS_TTL = 30.0  # seconds a glossary term index is trusted without an edit through the page


class Context:
    """What one worker thread works with: its store, the shared encoder, the term index."""

    def __init__(self, store: Store, workers: "Workers") -> None:
        self.store = store
        self.workers = workers
        self._terms: Any = None
        self._terms_made = (-1, 0.0)  # (generation, time) the term index was loaded at

    @property
    def encoder(self) -> Encoder | None:
        return self.workers.encoder

    @property
    def terms(self):  # noqa: ANN201 - tm.glossary.lookup.TermIndex
        """The glossary's term index, reloaded after an edit through this page and, for
        edits made beside the server (`tm glossary --approve`), after `TERMS_TTL` seconds."""
        from tm.glossary.lookup import TermIndex

        generation, made = self._terms_made
        if (self._terms is None or generation != self.workers.generation
                or time.monotonic() - made > TERMS_TTL):
            self._terms_made = (self.workers.generation, time.monotonic())
            self._terms = TermIndex(self.store)
        return self._terms


class Workers:
    """A small pool of threads, each holding a `Context` over the TM at `db`."""

    def __init__(self, db: str | Path, *, threads: int = 2, semantic: bool = True) -> None:
        self.db = db
        self.threads = threads
        self.semantic = semantic
        self.encoder: Encoder | None = None
        self.location = str(db)  # the TM as shown (a URL without its password)
        self.generation = 0  # bumped by every edit, so each thread reloads its term index
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tm-serve")

    def warm_up(self, say: Callable[[str], None] = lambda _: None) -> None:
        """Open the TM (raising `StoreError` when it is missing or not a TM), bring its search
        keys, glossary keys and semantic index up to date, load the encoder, then give every
        worker thread its store and term index."""
        from tm.glossary.lookup import refresh_form_keys
        from tm.search.index import ensure_keys

        with Store(self.db, create=False) as store:
            self.location = store.location
            say(f"tm serve: preparing {store.location}")
            step(say, "word keys for fuzzy search and concordance", lambda: ensure_keys(store))
            step(say, "glossary form keys", lambda: refresh_form_keys(store))
            if self.semantic:
                from tm.encoders import get_encoder

                self.encoder = step(say, "encoder", get_encoder)
                step(say, "semantic index", lambda: store.semantic_index(self.encoder, progress=True))
        barrier = threading.Barrier(self.threads)

        def open_one() -> None:
            context = self._context()
            if self.semantic:
                context.store.semantic_index(self.encoder)
            context.terms  # noqa: B018 - loads the term index
            barrier.wait(timeout=600)  # one task per thread

        step(say, f"{self.threads} worker threads", lambda: [f.result() for f in
                                                              [self._pool.submit(open_one) for _ in range(self.threads)]])

    def _context(self) -> Context:
        context = getattr(self._local, "context", None)
        if context is None:
            context = self._local.context = Context(Store(self.db, create=False), self)
        return context

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """`work(context, *args)` on a worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: work(self._context(), *args))

    def edited(self) -> None:
        """The glossary changed through the page: every thread reloads its term index."""
        self.generation += 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def step(say: Callable[[str], None], what: str, work: Callable[[], T]) -> T:
    """Run one start-up step and say what it was and how long it took."""
    started = time.perf_counter()
    result = work()
    say(f"  {what}: ready in {time.perf_counter() - started:.1f} s")
    return result
