"""Scaling of `tm align` with the number of document pairs: 100, 1,000 (and 10,000) pairs.

The documents are made from the dev data, so that they look like users' documents: FLORES-200
devtest articles (3-4 sentences), chunks of 5-30 lines of the government web documents in
../shared/data/govdocs (their lines are aligned i <-> i, with the noise real sites have), and
concatenations of two or three of these. Once the material is used up, documents are reused
with numbered paragraphs (`12. ...`, as legal texts number them), so that every segment stays
new to the embedding cache and the cost per document is the real one.

For each size, a new TM, with the model graph and tables already in the cache, in a child process
(`tm align FOLDER --db FILE --json`): wall time, segments/s, wall time per document pair, peak
RSS and TM size. The cost per pair should stay flat and peak RSS bounded as the job grows.

    python scripts/bench_scale.py                 # 100 and 1,000 pairs
    python scripts/bench_scale.py --sizes 10000   # the large case (about an hour on 2 cores)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402
from _bench import run_child  # noqa: E402

GOVDOCS = data.DATA / "govdocs"
SEED = 17

Doc = tuple[list[str], list[str]]  # kk lines, ru lines


def material(seed: int = SEED) -> list[Doc]:
    """Every document the dev data gives once: FLORES articles, govdocs chunks and concatenations."""
    rng = random.Random(seed)
    articles: dict[str, Doc] = {}
    for doc_id, kk, ru in data.flores():
        articles.setdefault(doc_id, ([], []))
        articles[doc_id][0].append(kk)
        articles[doc_id][1].append(ru)
    units = list(articles.values())
    for kk_path in sorted(GOVDOCS.glob("*.kk.txt")):
        kk = kk_path.read_text(encoding="utf-8").splitlines()
        ru = kk_path.with_name(kk_path.name.replace(".kk.", ".ru.")).read_text(encoding="utf-8").splitlines()
        n, start = min(len(kk), len(ru)), 0
        while start < n:
            stop = min(n, start + rng.randint(5, 30))
            units.append((kk[start:stop], ru[start:stop]))
            start = stop
    rng.shuffle(units)
    docs: list[Doc] = []
    while units:  # about a third of the documents are concatenations of 2-3 units
        take = 1 if rng.random() < 0.67 else rng.randint(2, 3)
        parts, units = units[:take], units[take:]
        docs.append(([line for kk, _ in parts for line in kk], [line for _, ru in parts for line in ru]))
    return docs


def write_corpus(folder: Path, n: int, docs: list[Doc]) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        kk, ru = docs[i % len(docs)]
        copy = i // len(docs)
        if copy:
            kk = [f"{copy}.{j + 1}. {line}" for j, line in enumerate(kk)]
            ru = [f"{copy}.{j + 1}. {line}" for j, line in enumerate(ru)]
        (folder / f"doc{i:05d}.kk.txt").write_text("\n".join(kk) + "\n", encoding="utf-8")
        (folder / f"doc{i:05d}.ru.txt").write_text("\n".join(ru) + "\n", encoding="utf-8")


def align(folder: Path, db: Path, env: dict[str, str]) -> dict:
    """Run `tm align` in a child process: its JSON report, wall time and peak RSS."""
    child = run_child([sys.executable, "-m", "tm", "align", str(folder), "--db", str(db), "--json"], env)
    if child.returncode:
        sys.exit(f"tm align failed on {folder}: {child.stderr.strip() or child.returncode}")
    return {**json.loads(child.stdout), "wall": child.wall, "rss": child.peak_rss_mib}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of document pairs")
    args = parser.parse_args()
    data.require(data.FLORES, GOVDOCS)
    docs = material()
    print(f"material: {len(docs)} distinct document pairs "
          f"({sum(len(k) for k, _ in docs)} kk / {sum(len(r) for _, r in docs)} ru lines); "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        work = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(data.REPO)}
        env.pop("TM_DB", None)
        write_corpus(work / "warmup", 2, docs)  # builds the model graph and tables into the cache
        align(work / "warmup", work / "warmup.db", env)
        print(f"\n{'pairs':>7} {'segments':>9} {'wall s':>8} {'seg/s':>7} {'ms/pair':>8} "
              f"{'peak RSS MiB':>13} {'TM MiB':>7} {'TM pairs':>9} {'load':>5}")
        for n in args.sizes:
            folder, db = work / f"n{n}", work / f"n{n}.db"
            write_corpus(folder, n, docs)
            report = align(folder, db, env)
            segments = sum(d["segments"] for d in report["documents"])
            size = sum(p.stat().st_size for p in work.glob(f"n{n}.db*")) / 2**20
            print(f"{n:>7} {segments:>9} {report['wall']:>8.1f} {segments / report['wall']:>7.1f} "
                  f"{1000 * report['wall'] / n:>8.0f} {report['rss']:>13.0f} "
                  f"{size:>7.1f} {report['pairs_stored']:>9} {os.getloadavg()[0]:>5.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
