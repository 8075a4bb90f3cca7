"""Glossary build time and peak memory on the seeds TM and on TMs of N pairs.

The N-pair TMs are made from the dev data (FLORES-200 devtest, govdocs lines, Tatoeba): pair i
joins two source pairs (kk a + kk b, ru a + ru b) so that all N texts differ, as a TM's do.
Each build runs in a fresh process, so that peak RSS is the build's own; CPU time is printed
beside wall time, and the load average with them, since the machine is shared.

Usage: python scripts/bench_glossary.py [--seeds-db FILE] [--pairs 10000 100000] [--work DIR]
  --seeds-db: a TM made by `tm align ../shared/seeds --db FILE` (copied, never changed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_CHILD = """
import json, resource, sys, time
from tm.glossary.build import build_glossary
from tm.store import Store
with Store(sys.argv[1]) as store:
    wall, cpu = time.perf_counter(), time.process_time()
    report = build_glossary(store)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "entries": report.entries, "junk": report.junk, "pairs": report.pairs}))
"""


def source_pairs() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    flores = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"
    if flores.exists():
        out += [tuple(line.split("\t")[1:3]) for line in flores.read_text(encoding="utf-8").splitlines()[1:]]
    tatoeba = DATA / "tatoeba" / "tatoeba_test_v2021-08-07.kk-ru.tsv"
    if tatoeba.exists():
        for line in tatoeba.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 4:
                out.append((cols[2], cols[3]) if cols[0].startswith("kaz") else (cols[3], cols[2]))
    govdocs = DATA / "govdocs"
    for kk in sorted(govdocs.glob("*.kk.txt")) if govdocs.is_dir() else []:
        ru = kk.with_name(kk.name.replace(".kk.", ".ru."))
        out += [(a.strip(), b.strip()) for a, b in zip(kk.read_text(encoding="utf-8").splitlines(),
                                                        ru.read_text(encoding="utf-8").splitlines())
                if a.strip() and b.strip()]
    return out


def make_tm(path: Path, n: int, pairs: list[tuple[str, str]]) -> None:
    from tm.store import Store
    from tm.store.pairs import add_pairs
    from tm.store.records import PairRecord

    rng = random.Random(n)
    with Store(path) as store:
        batch = []
        for _ in range(n):
            (ka, ra), (kb, rb) = rng.choice(pairs), rng.choice(pairs)
            batch.append(PairRecord(kk=f"{ka} {kb}", ru=f"{ra} {rb}", score=1.0, method="parallel"))
        add_pairs(store, batch)


def build(path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                          env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(label: str, got: dict) -> None:
    print(f"{label}: wall {got['wall']:.1f} s, CPU {got['cpu']:.1f} s, peak RSS {got['rss_mb']:.0f} MB, "
          f"{got['entries']} entries ({got['junk']} junk) from {got['pairs']} pairs; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-db", type=Path, default=Path("/tmp/tm_eval_seeds.db"))
    parser.add_argument("--pairs", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/tm_bench_glossary"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.seeds_db.exists():
        copy = args.work / "seeds.db"
        shutil.copy(args.seeds_db, copy)
        show("seeds, first build after tm align", build(copy))
        show("seeds, rebuild (term embeddings cached in the TM)", build(copy))
    else:
        print(f"seeds: skip, {args.seeds_db} not found (make it with `tm align ../shared/seeds --db FILE`)")
    pairs = source_pairs()
    if not pairs:
        print(f"pairs: skip, no dev data under {DATA}")
        return 0
    for n in args.pairs:
        path = args.work / f"pairs{n}.db"
        if not path.exists():
            make_tm(path, n, pairs)
        show(f"{n} pairs", build(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
