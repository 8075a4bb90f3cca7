"""Progress of long steps: live bars on a terminal, one line per finished stage when piped.

A command opens a `job`; the library marks its stages with `stage("...")` (one call, no
indentation: the next call or the end of the job closes the stage) and counts work with
`progress_bar`. Outside a job `stage` does nothing, so library callers other than the command
line (tests, scripts) stay silent.

- stderr is a terminal: one transient rich display shows every open stage and bar (nested
  steps, such as the OCR repair inside cleaning, stack instead of clashing).
- stderr is a pipe or a file: nothing is drawn; each stage of a job writes one line as it ends,
  e.g. `glossary: term candidates done in 2.1 s`, and so does a bar in a job outside its
  stages (`clean: OCR repair (ru): 812/812 done in 9.4 s`). Outside a job, nothing is written:
  a script's or a test's stderr stays clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass
class _Job:
    label: str
    live: bool  # draw on a terminal, else print a line per finished stage
    stage: tuple[str, float, Any] | None = None  # (label, start time, display task)


class _Display:
    """The one rich Progress on stderr, started by its first user and stopped by its last."""

    progress: Any = None
    users = 0

    @classmethod
    @contextmanager
    def open(cls) -> Iterator[Any]:
        if cls.progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            cls.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            cls.progress.start()
        cls.users += 1
        try:
            yield cls.progress
        finally:
            cls.users -= 1
            if cls.users == 0:
                cls.progress.stop()
                cls.progress = None


_job: ContextVar[_Job | None] = ContextVar("tm_progress_job", default=None)


def _terminal() -> bool:
    return sys.stderr.isatty()


def _line(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _prefixed(label: str) -> str:
    job = _job.get()
    return f"{job.label}: {label}" if job and job.label else label


@contextmanager
def job(label: str, *, enabled: bool = True) -> Iterator[None]:
    """Report the stages of one command called `label` (see the module docstring)."""
    state = _Job(label, live=_terminal()) if enabled else None
    token = _job.set(state)
    try:
        with _Display.open() if state and state.live else nullcontext():
            try:
                yield
            except BaseException:
                if state:
                    _end_stage(state, failed=True)
                raise
            if state:
                _end_stage(state)
    finally:
        _job.reset(token)


def stage(label: str) -> None:
    """Start the stage `label` of the current job, ending the previous one; no job, no effect."""
    state = _job.get()
    if state is None:
        return
    _end_stage(state)
    task = _Display.progress.add_task(_prefixed(label), total=None) if state.live else None
    state.stage = (label, time.perf_counter(), task)


def _end_stage(state: _Job, *, failed: bool = False) -> None:
    if state.stage is None:
        return
    label, started, task = state.stage
    state.stage = None
    if state.live:
        _Display.progress.remove_task(task)
    elif not failed:  # the error itself says what happened
        _line(f"{_prefixed(label)} done in {time.perf_counter() - started:.1f} s")


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)` over `total` units of work; when `enabled`, a bar on a terminal, else,
    inside a job and outside its stages (whose own lines say it), one line on stderr once the
    work is done."""
    state = _job.get()
    piped_silent = state is None or state.stage is not None
    if not enabled or total <= 0 or (piped_silent and not _terminal()):
        yield lambda n: None
        return
    if not _terminal():
        started, done = time.perf_counter(), [0]
        yield lambda n: done.__setitem__(0, done[0] + n)
        _line(f"{_prefixed(label)}: {done[0]}/{total} done in {time.perf_counter() - started:.1f} s")
        return
    with _Display.open() as bar:
        task = bar.add_task(_prefixed(label), total=total)
        try:
            yield lambda n: bar.advance(task, n)
        finally:
            bar.remove_task(task)
