"""Shared helper of the benchmark scripts: run a command in a child process, measure it."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Child:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_rss_mib: float  # the child's own peak resident set
    stdout: str
    stderr: str
    returncode: int


def run_child(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> Child:
    """Run `cmd` to its end: its wall time, CPU time and own peak RSS (reaped with wait4, since
    `resource.RUSAGE_CHILDREN` only keeps the largest child so far). Output goes through files,
    so a chatty child never blocks on a full pipe."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read(), err.read(),
                     proc.returncode)
