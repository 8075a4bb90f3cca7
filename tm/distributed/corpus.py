"""`tm corpus mine`: sentence pairs mined from a whole corpus of comparable documents.

The job is a chain of stages, each writing files under OUT_DIR that the next one reads:

1. read (per shard of documents): ingest, clean, detect language, segment (the library's
   `tm.pipeline.load_document`) -> `segments/shard-NNNNN.jsonl`, one line per document, with
   the reason when a document cannot be used;
2. embed (per shard): the encoder's "query:" vectors -> `vectors/{kk,ru}-NNNNN.npy` in fp16;
3. index and search (tm.distributed.search): one index per language, every query shard against
   every index shard, top-k merged and re-scored exactly -> `work/`;
4. mine: `tm.align.mining.mine` over the whole corpus with that search (margins from global
   neighbourhoods, one-to-one acceptance) -> `pairs/pairs-NNNNN.jsonl`, `pairs.tmx` (both read
   by `tm import`) and `summary.json`.

Files are written atomically, so a restarted job skips every shard whose output exists and a
retried task rewrites the same file (no duplicate pairs). A bad document is reported in the
summary with its reason; it never stops the job.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from tm.distributed.engine import Engine, LocalEngine
from tm.distributed.search import IndexKind, ShardedSearch
from tm.distributed.shards import ShardSet, save_array, write_atomic
from tm.encoders import Encoder
from tm.errors import InputError, TmError

SHARD_DOCS = 64  # documents per shard
PAIRS_PER_FILE = 100_000
JOB_VERSION = 1
LANGS = ("kk", "ru")
MANIFEST_SUFFIXES = (".jsonl", ".parquet")


@dataclass
class CorpusReport:
    out_dir: str
    documents: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)  # {"document", "reason"}
    notes: list[str] = field(default_factory=list)
    shards: int = 0
    shards_reused: int = 0
    sentences: dict[str, int] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)
    pairs: int = 0
    files: list[str] = field(default_factory=list)
    engine: str = ""
    model: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


# -- inputs -----------------------------------------------------------------------------------
def read_inputs(paths: Sequence[Path]) -> list[tuple[Path, str | None]]:
    """(document, forced language or None) for folders, document files and manifests
    (.jsonl or .parquet with a `path` column, relative to the manifest, and optionally `lang`)."""
    from tm.ingest import collect_files

    out: list[tuple[Path, str | None]] = []
    for path in map(Path, paths):
        if path.is_file() and path.suffix.lower() in MANIFEST_SUFFIXES:
            out += _manifest(path)
        else:
            out += [(p, None) for p in collect_files([path])]
    return list(dict.fromkeys(out))


def _manifest(path: Path) -> list[tuple[Path, str | None]]:
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(f"{path}: reading Parquet needs pyarrow; `pip install 'tm[distributed]'`") from None
        rows = pq.read_table(path).to_pylist()
    else:
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{n}: not a JSON object ({exc.msg}); one {{\"path\": ...}} per line") from None
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not row.get("path"):
            raise InputError(f"{path}: row {n} has no `path`; give each document's path (and optionally `lang`)")
        lang = row.get("lang") or None
        if lang not in (None, "kk", "ru"):
            raise InputError(f"{path}: row {n}: unknown lang {lang!r}; use kk, ru or leave it out")
        out.append(((path.parent / row["path"]).resolve(), lang))
    return out


# -- stage 1: read, clean, segment --------------------------------------------------------------
@dataclass(frozen=True)
class _ReadJob:
    documents: list[tuple[Path, str | None]]
    out: Path


def read_shard(job: _ReadJob) -> Path:
    """Segments of a shard's documents, one JSON line per document (or why it was left out)."""
    from tm.pipeline import load_document

    lines = []
    for path, lang in job.documents:
        entry: dict = {"document": str(path)}
        try:
            doc = load_document(path, lang=lang)  # type: ignore[arg-type]
        except TmError as exc:
            entry["error"] = str(exc)
        else:
            segs = [s for s in doc.segments if s.lang != "other"]
            if doc.lang not in LANGS:
                entry["error"] = f"{path}: neither Kazakh nor Russian ({doc.lang_reason})"
            elif not segs:
                entry["error"] = f"{path}: no {doc.lang} sentences found"
            else:
                entry |= {"name": doc.name, "lang": doc.lang,
                          "segments": [[s.text, list(s.lines)] for s in segs]}
        lines.append(json.dumps(entry, ensure_ascii=False))
    write_atomic(job.out, ("\n".join(lines) + "\n").encode("utf-8"))
    return job.out


def _documents(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _segments(path: Path, lang: str) -> Iterator[tuple[str, str, list[int]]]:
    """(text, document name, lines) of one language in a shard, in the order of its vectors."""
    for doc in _documents(path):
        if doc.get("lang") == lang:
            for text, lines in doc["segments"]:
                yield text, doc["name"], lines


# -- stage 2: embed ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _EmbedJob:
    segments: Path
    out: dict[str, Path]
    encoder: Encoder


def embed_shard(job: _EmbedJob) -> dict[str, Path]:
    from tm.align.mining import KIND

    for lang, out in job.out.items():
        if not out.exists():
            texts = [t for t, _, _ in _segments(job.segments, lang)]
            save_array(out, job.encoder.encode(texts, kind=KIND).astype(np.float16))
    return job.out


# -- the job ----------------------------------------------------------------------------------
def mine_corpus(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    engine: Engine | None = None,
    model: str | None = None,
    shard_docs: int = SHARD_DOCS,
    index: IndexKind = "auto",
    progress: bool = False,
) -> CorpusReport:
    """Mine kk-ru pairs across all documents of `inputs` into shards under `out_dir`."""
    from tm.align.mining import mine
    from tm.progress import stage

    started = time.perf_counter()
    engine = engine or LocalEngine()
    out_dir = Path(out_dir)
    documents = read_inputs(inputs)
    if not documents:
        raise InputError("no documents given; pass folders, files or a .jsonl/.parquet manifest")
    if shard_docs < 1:
        raise InputError(f"--shard-docs {shard_docs}: give at least 1 document per shard")
    _claim(out_dir, {"version": JOB_VERSION, "model": model, "shard_docs": shard_docs,
                     "documents": [[str(p), lang] for p, lang in documents]})
    shards = [documents[i : i + shard_docs] for i in range(0, len(documents), shard_docs)]
    report = CorpusReport(str(out_dir), documents=len(documents), shards=len(shards), engine=engine.name)

    stage(f"reading {len(documents)} documents in {len(shards)} shards")
    seg_paths = [out_dir / "segments" / f"shard-{i:05d}.jsonl" for i in range(len(shards))]
    todo = [_ReadJob(docs, p) for docs, p in zip(shards, seg_paths) if not p.exists()]
    report.shards_reused = len(shards) - len(todo)
    engine.map(read_shard, todo, label="reading", progress=progress)

    stage("embedding")
    encoder = engine.encoder(model)
    report.model = encoder.name
    vec_paths = [{lang: out_dir / "vectors" / f"{lang}-{i:05d}.npy" for lang in LANGS} for i in range(len(shards))]
    engine.map(embed_shard, [_EmbedJob(s, v, engine.portable(encoder)) for s, v in zip(seg_paths, vec_paths)
                             if not all(p.exists() for p in v.values())],
               label="embedding", progress=progress, cpu_bound=False)

    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    where: dict[str, list[tuple[str, list[int]]]] = {lang: [] for lang in LANGS}
    vectors: dict[str, list[Path]] = {lang: [] for lang in LANGS}
    for i, seg_path in enumerate(seg_paths):
        docs = list(_documents(seg_path))
        report.failed += [{"document": d["document"], "reason": d["error"]} for d in docs if "error" in d]
        langs = {d["lang"] for d in docs if "lang" in d}
        if not langs:
            report.notes.append(f"shard {i}: empty (no readable Kazakh or Russian document)")
        elif len(langs) == 1:
            report.notes.append(f"shard {i}: {'Kazakh' if 'kk' in langs else 'Russian'} documents only")
        for lang in LANGS:
            rows = list(_segments(seg_path, lang))
            if rows:
                texts[lang] += [t for t, _, _ in rows]
                where[lang] += [(name, lines) for _, name, lines in rows]
                vectors[lang].append(vec_paths[i][lang])
    report.sentences = {lang: len(texts[lang]) for lang in LANGS}

    stage(f"searching and mining {report.sentences['kk']} kk x {report.sentences['ru']} ru sentences")
    beads = []
    if all(texts.values()):
        search = ShardedSearch(engine, out_dir / "work", index, progress=progress)
        kk_set, ru_set = (ShardSet(lang, vectors[lang]) for lang in LANGS)
        beads = mine(texts["kk"], texts["ru"], None, kk_emb=kk_set, ru_emb=ru_set,  # type: ignore[arg-type]
                     views=False, lists=False, search=search)
        report.index = search.used
    else:
        missing = [name for lang, name in (("kk", "Kazakh"), ("ru", "Russian")) if not texts[lang]]
        report.notes.append(f"no {' or '.join(missing)} sentences in the corpus: nothing to mine")
    stage("writing pairs")
    records = _records(beads, texts, where)
    report.pairs = len(records)
    report.files = _write_pairs(out_dir, records)
    report.seconds = round(time.perf_counter() - started, 2)
    write_atomic(out_dir / "summary.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1).encode())
    return report


def _claim(out_dir: Path, job: dict) -> None:
    """Start the job in `out_dir`, or resume it there if it is the same job."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: is a file; give a folder for the corpus output")
    marker = out_dir / "job.json"
    digest = hashlib.sha256(json.dumps(job, sort_keys=True).encode()).hexdigest()
    if marker.exists():
        if json.loads(marker.read_text(encoding="utf-8")).get("digest") != digest:
            raise InputError(f"{out_dir}: holds another corpus job (other documents or settings); "
                             "give a new OUT_DIR, or delete this one to start over")
        return
    if out_dir.exists() and any(out_dir.iterdir()):
        raise InputError(f"{out_dir}: is not empty and holds no corpus job; give a new or empty OUT_DIR")
    write_atomic(marker, json.dumps({"digest": digest, **job}, ensure_ascii=False).encode())


def _records(beads, texts: dict[str, list[str]], where: dict[str, list[tuple[str, list[int]]]]) -> list:  # noqa: ANN001
    from tm.store.records import PairRecord

    out = []
    for b in beads:
        (i,), (j,) = b.kk, b.ru
        out.append(PairRecord(
            kk=texts["kk"][i], ru=texts["ru"][j], score=round(float(b.score), 4), method="comparable",
            kk_doc=where["kk"][i][0], ru_doc=where["ru"][j][0],
            kk_lines=tuple(where["kk"][i][1]), ru_lines=tuple(where["ru"][j][1]),
            props={"raw_score": str(round(float(b.raw), 6))},
        ))
    return sorted(out, key=lambda r: (r.kk_doc, r.kk_lines, r.ru_doc, r.ru_lines))


def _write_pairs(out_dir: Path, records: list) -> list[str]:  # noqa: ANN001
    """Pair shards (JSONL) and one TMX, replacing those of an earlier run of the job."""
    import io

    from tm.formats import write_pairs

    folder = out_dir / "pairs"
    for old in folder.glob("pairs-*.jsonl"):
        old.unlink()
    files = []
    for n, lo in enumerate(range(0, max(len(records), 1), PAIRS_PER_FILE)):
        buf = io.StringIO()
        write_pairs("jsonl", records[lo : lo + PAIRS_PER_FILE], buf)
        path = folder / f"pairs-{n:05d}.jsonl"
        write_atomic(path, buf.getvalue().encode("utf-8"))
        files.append(str(path))
    buf = io.StringIO()
    write_pairs("tmx", records, buf)
    write_atomic(out_dir / "pairs.tmx", buf.getvalue().encode("utf-8"))
    return [*files, str(out_dir / "pairs.tmx")]
