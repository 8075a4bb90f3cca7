"""Speed and memory of `tm serve` on a large TM: page response times over HTTP, start-up, RSS.

The TM is the one scripts/bench_search.py synthesises (FLORES + Tatoeba kk-ru pairs and
reproducible variants up to --pairs, FAISS vectors derived from the real model's), with the
best --glossary entries of the glossary built from the real base pairs. `tm serve` runs as a
subprocess, as a user starts it; the pages are fetched over one keep-alive HTTP connection,
one at a time. Reported:

- time from starting `tm serve` to the first answered query (warm-up included), and the
  warm-up steps the server printed;
- p50/p95 of the whole page response for fuzzy + concordance + glossary queries
  (`kind=fuzzy&kind=concordance`), for semantic queries (`kind=semantic`, query embedding
  included) and for the default page (all kinds), over queries that are TM sentences with two
  words swapped (1 in 4 exact), alternating Kazakh and Russian, and two-word phrases of them;
- the server's RSS (current and peak) after the queries, and the load average.

    python scripts/bench_serve.py --pairs 100000 --tm /tmp/bench100k.db
    python scripts/bench_serve.py --screenshot docs/serve.png --db seeds.db --query "цифровой дипломатии"
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "tests")]

from bench_search import FLORES, TATOEBA, DATA, build_tm, percentiles, read_pairs  # noqa: E402
from web_helpers import CHROMIUM_ARGS, CHROMIUM_PATHS, served  # noqa: E402


def make_tm(db: Path, pairs: int, cache: Path, glossary: int) -> None:
    """The benchmark TM of bench_search (pairs, keys, FAISS) and a glossary: the `glossary`
    best entries that `tm glossary` builds from the real base pairs, approved into the TM (a
    glossary build over every synthetic variant would take hours and learn nothing more;
    lookups are keyed by lemma and stem, so inflected forms still find the entries)."""
    from tm.encoders import CachedEncoder, get_encoder
    from tm.glossary.build import build_glossary, glossary_entries, set_status
    from tm.store import Store
    from tm.store.pairs import add_pairs
    from tm.store.records import PairRecord

    base = read_pairs()
    encoder = get_encoder()
    with Store(cache) as store:
        vectors = CachedEncoder(encoder, store.db).encode([t for p in base for t in p], kind="query", progress=True)
    build_tm(db, base, vectors.reshape(len(base), 2, -1), pairs, encoder.name)
    t0 = time.perf_counter()
    with Store(db.with_name(db.name + ".base.db")) as small:
        add_pairs(small, [PairRecord(kk, ru, 1.0, "import") for kk, ru in base])
        build_glossary(small, encoder=encoder)
        entries = glossary_entries(small)[:glossary]
    with Store(db) as store:
        for entry in entries:
            set_status(store, entry.kk, entry.ru, "approved")
    print(f"glossary: {len(entries)} entries built from the {len(base)} base pairs in {time.perf_counter() - t0:.0f} s")


def queries(db: Path, n: int) -> list[str]:
    """TM sentences with two neighbouring words swapped (1 in 4 left exact), alternating kk and
    ru, and every third one cut to a two-word phrase (a term-like query)."""
    from tm.store import Store

    rng = random.Random(11)
    with Store(db, create=False) as store:
        top = int(store.db.execute("SELECT max(id) FROM pairs").fetchone()[0])
        rows = [store.db.execute("SELECT kk, ru FROM pairs WHERE id = ?", (rng.randint(1, top),)).fetchone()
                for _ in range(n)]
    out = []
    for i, row in enumerate(rows):
        words = (row[0] if i % 2 else row[1]).split()
        if i % 3 == 0 and len(words) > 2:
            j = rng.randrange(len(words) - 1)
            words = words[j:j + 2]
        elif i % 4 and len(words) > 3:
            j = rng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
        out.append(" ".join(words))
    return out


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - t0


def rss(pid: int) -> str:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return (f"RSS now {int(status['VmRSS'].split()[0]) / 1024:.0f} MiB, "
            f"peak {int(status['VmHWM'].split()[0]) / 1024:.0f} MiB")


def bench(db: Path, n: int) -> None:
    asked = queries(db, n)
    t0 = time.perf_counter()
    with served(db, timeout=3600) as (url, proc):
        port = int(url.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        status, _ = fetch(conn, "/?q=" + quote(asked[0]))
        print(f"tm serve to first answered query: {time.perf_counter() - t0:.1f} s (status {status})")
        log = db.with_name(f"serve-{port}.log")
        print("  " + "\n  ".join(log.read_text(encoding="utf-8").strip().splitlines()))
        for name, extra in (("fuzzy + concordance + glossary", "&kind=fuzzy&kind=concordance"),
                            ("semantic (query embedding included)", "&kind=semantic"),
                            ("default page (all kinds)", "")):
            times, bad = [], 0
            for q in asked[1:]:
                status, seconds = fetch(conn, "/?q=" + quote(q) + extra)
                times.append(seconds)
                bad += status != 200
            print(f"{name}: {percentiles(times)}" + (f", {bad} not 200" if bad else ""))
        conn.close()
        print(f"server {rss(proc.pid)}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def screenshot(db: Path, query: str, out: Path) -> None:
    """The result page for `query` in Chromium, 1200x1000, as a PNG (the README's picture)."""
    from playwright.sync_api import sync_playwright

    executable = next(p for p in CHROMIUM_PATHS if os.access(p, os.X_OK))
    with served(db) as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(url + "/?q=" + quote(query))
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    print(f"screenshot of {query!r} on {db}: {out} ({out.stat().st_size / 1024:.0f} KiB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--tm", type=Path, help="keep the benchmark TM here, and reuse it when it exists")
    parser.add_argument("--glossary", type=int, default=500, help="glossary entries in the benchmark TM")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tm_bench_vectors.db")
    parser.add_argument("--screenshot", type=Path, help="only write a screenshot of --query on --db")
    parser.add_argument("--db", type=Path, help="the TM to photograph")
    parser.add_argument("--query", default="цифровой дипломатии")
    args = parser.parse_args()
    if args.screenshot:
        if args.db is None or not args.db.exists():
            parser.error("--screenshot needs --db with an existing TM")
        screenshot(args.db, args.query, args.screenshot)
        return 0
    if not TATOEBA.exists() or not FLORES.exists():
        print(f"skipped: FLORES or Tatoeba not found under {DATA}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.tm or Path(tmp) / "bench.db"
        if db.exists():
            print(f"TM: reusing {db}")
        else:
            make_tm(db, args.pairs, args.cache, args.glossary)
        bench(db, args.queries)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.TimeoutExpired as exc:
        sys.exit(f"timed out: {exc}")
