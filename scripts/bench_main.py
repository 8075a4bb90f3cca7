"""The README's main job on the seed documents, cold and warm, against its stages measured alone.

The job, each command in its own process as a user runs it:

    tm align ../shared/seeds --db seeds.db
    tm glossary --db seeds.db --out seeds-glossary.tsv
    tm export --db seeds.db --format tmx --out seeds.tmx

- cold: an empty `$TM_CACHE_DIR` (the model graph, language tables and repair caches are built)
  and a new TM;
- warm: the same cache folder again, a new TM (so every sentence is embedded again);
- stages alone, warm, each in its own process: `tm clean` of each seed, the embedding of the
  job's segments by a fresh encoder, `tm glossary --rebuild` and `tm export` on the warm TM;
- cold start: `tm term` and `tm search` on the warm TM from new processes (wall and CPU).

Printed: wall time and peak RSS of every command, the job's own stage lines (what `tm align`
reports on stderr when piped), and the warm job against the sum of the stages alone (the
difference is what the job spends besides the stages: imports, model and table loading, the
TM's writes). Run with the load average low; it is printed beside the times.

    python scripts/bench_main.py [--seeds DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import run_child  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stderr) of one command in a child process."""
    child = run_child(cmd, env, REPO)
    if child.returncode:
        sys.exit(f"failed ({child.returncode}): {' '.join(cmd)}\n{child.stderr.strip()}")
    return child.wall, child.peak_rss_mib, child.stderr


def tm(*args: str) -> list[str]:
    return [sys.executable, "-m", "tm", *args]


def main_job(seeds: Path, work: Path, env: dict[str, str], label: str) -> dict[str, tuple[float, float]]:
    db = work / f"{label}.db"
    steps = {
        "tm align": tm("align", str(seeds), "--db", str(db)),
        "tm glossary": tm("glossary", "--db", str(db), "--out", str(work / f"{label}-glossary.tsv")),
        "tm export": tm("export", "--db", str(db), "--format", "tmx", "--out", str(work / f"{label}.tmx")),
    }
    out = {}
    for name, cmd in steps.items():
        wall, rss, stderr = run(cmd, env)
        out[name] = (wall, rss)
        if name == "tm align":
            out["stage lines"] = stderr  # type: ignore[assignment]
    return out


EMBED_WORKER = """
import json, sys, time
from pathlib import Path
from tm.pipeline import load_document
texts = [s.text for p in sorted(Path(sys.argv[1]).iterdir()) for s in load_document(p).segments]
t0 = time.perf_counter()
from tm.encoders import get_encoder
encoder = get_encoder()
t1 = time.perf_counter()
encoder.encode(texts, kind="query")
print(json.dumps({"load": t1 - t0, "embed": time.perf_counter() - t1, "segments": len(texts)}))
"""


def stages_alone(seeds: Path, work: Path, env: dict[str, str], db: Path) -> dict[str, tuple[float, float]]:
    out = {}
    for doc in sorted(seeds.iterdir()):
        wall, rss, _ = run(tm("clean", str(doc), "--out", str(work / f"clean-{doc.name}")), env)
        out[f"tm clean {doc.name[:3]}"] = (wall, rss)
    proc = subprocess.run([sys.executable, "-c", EMBED_WORKER, str(seeds)], env=env, cwd=REPO,
                          capture_output=True, text=True, check=True)
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    out[f"model load + embed {figures['segments']} segments (in process)"] = (
        figures["load"] + figures["embed"], float("nan"))
    out["tm glossary --rebuild"] = run(tm("glossary", "--db", str(db), "--rebuild", "--out",
                                          str(work / "alone-glossary.tsv")), env)[:2]
    out["tm export"] = run(tm("export", "--db", str(db), "--format", "tmx", "--out",
                              str(work / "alone.tmx")), env)[:2]
    return out


COLD_QUERIES = {
    "tm term (glossary lookup)": ("term", "цифровой дипломатии"),
    "tm search, a word (fuzzy, concordance, semantic)": ("search", "дипломатия"),
    "tm search, a sentence (fuzzy, semantic, concordance)": ("search", "Цифровая дипломатия стала важным инструментом."),
}


def cold_start(db: Path, env: dict[str, str], runs: int = 5) -> None:
    """Median wall and CPU time of lookups from a new process (the TM's indexes already built)."""
    print(f"\ncold start on the warm TM, median of {runs} new processes (load average {os.getloadavg()[0]:.1f})")
    for label, (command, query) in COLD_QUERIES.items():
        cmd = tm(command, query, "--db", str(db))
        run_child(cmd, env, REPO)  # builds what the first query of a TM builds (search keys, FAISS file)
        walls, cpus = [], []
        for _ in range(runs):
            child = run_child(cmd, env, REPO)
            walls.append(child.wall)
            cpus.append(child.cpu)
        print(f"  {label:<52} {statistics.median(walls):5.2f} s wall, {statistics.median(cpus):5.2f} s CPU")


def show(title: str, rows: dict[str, tuple[float, float]]) -> float:
    print(f"\n{title}")
    total = 0.0
    for name, (wall, rss) in rows.items():
        total += wall
        rss_text = f"{rss:8.0f} MiB" if rss == rss else " " * 12
        print(f"  {name:<52} {wall:7.1f} s {rss_text}")
    print(f"  {'total':<52} {total:7.1f} s   (peak RSS {max((r for _, r in rows.values() if r == r), default=0):.0f} MiB)")
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of documents (default: ../shared/seeds)")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"skipped: seeds not found at {args.seeds}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench_main_") as tmp:
        work = Path(tmp)
        env = {**os.environ, "TM_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(REPO)}
        env.pop("TM_DB", None)
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
        cold = main_job(args.seeds, work, env, "cold")
        warm = main_job(args.seeds, work, env, "warm")
        lines = {k: warm.pop(k) for k in ["stage lines"]}["stage lines"]
        cold.pop("stage lines")
        show("main job, cold cache (new cache folder, new TM)", cold)
        warm_total = show("main job, warm cache (new TM)", warm)
        print("  stages inside the warm tm align (its stderr):")
        for line in str(lines).splitlines():
            print(f"    {line}")
        cold_start(work / "warm.db", env)
        alone = stages_alone(args.seeds, work, env, work / "warm.db")
        alone_total = show("stages alone, warm cache, each its own process", alone)
        print(f"\nwarm job {warm_total:.1f} s vs stages alone {alone_total:.1f} s: ratio "
              f"{warm_total / alone_total:.2f} (load average {os.getloadavg()[0]:.1f} at the end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
