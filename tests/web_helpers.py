"""What the web page tests share: a TM built with the real CLI, `tm serve` as a subprocess on a
free loopback port, and Debian's Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
AXE = REPO / "tests" / "web_assets" / "axe.min.js"
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """The path of Debian's Chromium, or skip the test saying how to install it."""
    found = next((p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), None) or shutil.which("chromium")
    if found is None:
        pytest.skip("Chromium not installed: apt-get install -y --no-install-recommends chromium "
                    "(.ci/install-web.sh)")
    return found


def tm(*args: str | Path, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real `tm` command line in a subprocess; with `check`, fail the test when it fails."""
    result = subprocess.run([sys.executable, "-m", "tm", *map(str, args)], capture_output=True,
                            text=True, timeout=timeout, env=_env())
    assert not check or result.returncode == 0, result.stderr
    return result


def build_tm(db: Path) -> None:
    """A small TM: an imported TSV (with a hostile pair), a parallel document pair, a glossary."""
    tm("import", DATA / "web_tm.tsv", "--db", db)
    tm("align", DATA / "diplomacy.kk.txt", DATA / "diplomacy.ru.txt", "--db", db)
    tm("glossary", "--db", db, "--out", db.with_suffix(".glossary.tsv"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: Path, *more: str, timeout: float = 180) -> Iterator[tuple[str, subprocess.Popen]]:
    """`tm serve --db DB` on a free port until the block ends (stopped with Ctrl-C, SIGINT);
    yields the base URL and the process."""
    port = free_port()
    log = db.with_name(f"serve-{port}.log")
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "tm", "serve", "--db", str(db), "--port", str(port), *more],
                                stdout=subprocess.DEVNULL, stderr=err, env=_env())
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_listening(port, proc, log, timeout)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_until_listening(port: int, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"tm serve exited with {proc.returncode}: {log.read_text(encoding='utf-8')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"tm serve did not listen on port {port} within {timeout} s")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env
