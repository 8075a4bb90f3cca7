"""The main job: documents in, aligned pairs in the translation memory out.

ingest -> clean -> detect language -> segment -> embed (cached) -> align/mine -> store.
Each group of documents is aligned and stored in its own transaction, so one failing group
neither stops the others nor leaves half of its pairs behind.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from tm.document import Document, Lang, Segment, line_starts, lines_of_span
from tm.errors import InputError, TmError
from tm.ingest import collect_files, read_text_file
from tm.store import Store
from tm.store.records import UnalignedSegment

if TYPE_CHECKING:
    from tm.align.beads import Bead
    from tm.distributed.engine import Engine
    from tm.encoders import Encoder

Mode = Literal["auto", "parallel", "comparable"]
_MAX_CROSS_PAIRS = 400


@dataclass
class DocumentInfo:
    name: str
    lang: str
    reason: str
    segments: int
    edits: int
    encoding: str


@dataclass
class GroupReport:
    """What happened to one document pair (or, in comparable mode, one pool of documents)."""

    kk_docs: list[str]
    ru_docs: list[str]
    mode: str
    reason: str
    confidence: float = 0.0  # mean calibrated score of the stored pairs
    mode_confidence: float = 1.0  # how sure auto mode was of `mode` (1.0 when the user chose it)
    pairs: int = 0
    error: str = ""


@dataclass
class AlignReport:
    db: str
    documents: list[DocumentInfo] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    groups: list[GroupReport] = field(default_factory=list)
    unaligned: list[UnalignedSegment] = field(default_factory=list)  # segments in no pair, to check
    pairs_stored: int = 0
    pairs_new: int = 0
    seconds: float = 0.0
    model: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


# -- documents --------------------------------------------------------------------------------
def load_document(
    path: Path, *, lang: Lang | None = None, one_per_line: bool = False, progress: bool = False
) -> Document:
    """Read, clean, identify and segment one document."""
    from tm.clean import clean_text
    from tm.langid import detect_language

    text, encoding = read_text_file(path)
    first_guess, _ = detect_language(text) if lang is None else (lang, "")
    cleaned = clean_text(text, first_guess if first_guess != "other" else "auto", progress=progress)
    if lang is None:
        lang, reason = detect_language(cleaned.text)
    else:
        reason = "given on the command line"
    doc = Document(path=Path(path), name=Path(path).name, lang=lang, encoding=encoding,
                   cleaned=cleaned, lang_reason=reason)
    doc.segments = _segments(doc, one_per_line)
    return doc


def _segments(doc: Document, one_per_line: bool) -> list[Segment]:
    text = doc.cleaned.text
    if one_per_line:
        spans, pos = [], 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                spans.append((pos + lead, pos + lead + len(stripped)))
            pos += len(line) + 1
    else:
        from tm.segment import split_sentences

        spans = split_sentences(text, doc.lang if doc.lang != "other" else "ru")
    from tm.langid import segment_language

    starts = line_starts(doc.original)
    segments = []
    for start, end in spans:
        seg_text = " ".join(text[start:end].split())
        if not seg_text:
            continue
        o_start, o_end = doc.cleaned.to_original(start), doc.cleaned.to_original(end)
        own = segment_language(seg_text, default=doc.lang)
        segments.append(Segment(
            index=len(segments), text=seg_text, start=o_start, end=o_end,
            lines=lines_of_span(starts, o_start, o_end), original=doc.original[o_start:o_end],
            lang="other" if own == "other" and doc.lang != "other" else "",
        ))
    return segments


def _load_job(job: tuple[Path, Lang | None, bool, bool]) -> Document:
    path, lang, one_per_line, progress = job
    return load_document(path, lang=lang, one_per_line=one_per_line, progress=progress)


def save_document(store: Store, doc: Document, run_id: int | None) -> int:
    """Store a document with its edits and segments (once per content and language)."""
    digest = hashlib.sha256(doc.original.encode("utf-8")).hexdigest()
    return store.add_document(
        {"path": str(doc.path), "name": doc.name, "lang": doc.lang, "encoding": doc.encoding,
         "sha256": digest, "original": doc.original, "cleaned": doc.cleaned.text, "run_id": run_id},
        [(e.start, e.end, e.original, e.repaired, e.kind, e.confidence) for e in doc.cleaned.edits],
        [(s.index, s.text, s.original, s.start, s.end, s.lines[0], s.lines[-1], s.lang or doc.lang)
         for s in doc.segments],
    )


# -- planning which documents go together -------------------------------------------------------
_LANG_TAG = re.compile(r"([._-](kk|kaz|kz|ru|rus))$", re.IGNORECASE)


def _base_name(doc: Document) -> str:
    stem = doc.path.name
    for suffix in doc.path.suffixes[::-1]:
        stem = stem[: -len(suffix)] if stem.endswith(suffix) and suffix.lower() in (".txt", ".md") else stem
    return _LANG_TAG.sub("", stem).lower()


def pair_by_name_or_order(kk: list[Document], ru: list[Document]) -> list[tuple[Document, Document]]:
    """Pair `x.kk.txt` with `x.ru.txt`; failing that, pair in order when the counts are equal."""
    by_name = {_base_name(d): d for d in ru}
    named = [(k, by_name[_base_name(k)]) for k in kk if _base_name(k) in by_name]
    if named and len(named) == min(len(kk), len(ru)):
        return named
    if len(kk) == len(ru):
        return list(zip(kk, ru))
    return named


# -- the job ----------------------------------------------------------------------------------
def align_paths(
    store: Store,
    paths: Sequence[Path] = (),
    *,
    kk: Sequence[Path] = (),
    ru: Sequence[Path] = (),
    mode: Mode = "auto",
    one_per_line: bool = False,
    model: str | None = None,
    progress: bool = False,
    engine: Engine | None = None,
) -> AlignReport:
    """Align Kazakh and Russian documents and store the pairs; see DESIGN.md `tm align`.

    `engine` runs the per-document stages, the embedding and the per-group alignment
    (tm.distributed: this machine by default, or a Ray cluster); the store is written here only.
    """
    from tm.distributed.engine import LocalEngine
    from tm.encoders import CachedEncoder
    from tm.progress import stage

    engine = engine or LocalEngine()
    started = time.perf_counter()
    report = AlignReport(db=store.location)
    forced: list[tuple[Path, Lang | None]] = [(p, None) for p in collect_files(paths)]
    forced += [(p, "kk") for p in collect_files(kk)] + [(p, "ru") for p in collect_files(ru)]
    if not forced:
        raise InputError("no documents given; pass files or folders, or --kk FILE --ru FILE")
    stage(f"reading and cleaning {len(forced)} documents")
    docs = engine.map(_load_job, [(p, lang, one_per_line, progress and len(forced) == 1) for p, lang in forced],
                      label="reading", progress=progress)
    for doc in docs:
        if not doc.segments:
            raise InputError(f"{doc.path}: no sentences found; give a document with Kazakh or Russian text")
    kk_docs = [d for d in docs if d.lang == "kk"]
    ru_docs = [d for d in docs if d.lang == "ru"]
    report.skipped = [f"{d.name}: {d.lang_reason}" for d in docs if d.lang == "other"]
    _require_both(kk_docs, ru_docs, docs)

    encoder = CachedEncoder(engine.encoder(model), store)
    report.model = encoder.name
    run_id = store.start_run("align")
    ids = {id(d): save_document(store, d, run_id) for d in kk_docs + ru_docs}
    report.documents = [
        DocumentInfo(d.name, d.lang, d.lang_reason, len(d.segments), len(d.cleaned.edits), d.encoding)
        for d in docs
    ]
    stage(f"embedding {sum(len(d.segments) for d in kk_docs + ru_docs)} segments")
    embeddings = _embed_documents(encoder, kk_docs + ru_docs, progress)
    stage("aligning and storing")

    parallel, pool_kk, pool_ru, why_not = _plan(kk_docs, ru_docs, embeddings, mode)
    groups = [_Group([k], [r], "parallel", reason, sure) for k, r, reason, sure in parallel]
    if pool_kk and pool_ru:
        reason = ("comparable mode requested" if mode == "comparable" else
                  "; ".join(r for r, _ in why_not) or "no document pair could be paired as a translation")
        groups.append(_Group(pool_kk, pool_ru, "comparable", reason,
                             round(min(c for _, c in why_not), 3) if why_not else 1.0))
    task_encoder = engine.portable(encoder)
    results = engine.map(_align_job, [(g.mode, *g.texts_and_vectors(embeddings), task_encoder) for g in groups],
                         label="aligning", progress=progress, cpu_bound=False)
    for g, beads in zip(groups, results):
        group = _store_group(store, g, beads, ids, run_id)
        group.mode_confidence = g.sure
        report.groups.append(group)
    report.pairs_new = sum(g.pairs for g in report.groups)
    from tm.store.pairs import unaligned_segments

    report.unaligned = unaligned_segments(store, ids.values())
    report.pairs_stored = store.count("pairs")
    report.seconds = round(time.perf_counter() - started, 2)
    store.finish_run(run_id, report.to_dict())
    return report


def _require_both(kk_docs: list[Document], ru_docs: list[Document], docs: list[Document]) -> None:
    if kk_docs and ru_docs:
        return
    missing, present = ("Russian", kk_docs) if kk_docs else ("Kazakh", ru_docs)
    names = ", ".join(d.name for d in present) or ", ".join(d.name for d in docs)
    flag = "--ru" if missing == "Russian" else "--kk"
    raise InputError(
        f"no {missing} document among the inputs ({names}); add one, or force a file's "
        f"language with {flag} FILE"
    )


def _embed_documents(encoder, docs: list[Document], progress: bool) -> dict[int, np.ndarray]:  # noqa: ANN001
    texts = [s.text for d in docs for s in d.segments]
    vectors = encoder.encode(texts, kind="query", progress=progress)
    out, pos = {}, 0
    for d in docs:
        out[id(d)] = vectors[pos : pos + len(d.segments)]
        pos += len(d.segments)
    return out


def _plan(
    kk_docs: list[Document], ru_docs: list[Document], emb: dict[int, np.ndarray], mode: Mode
) -> tuple[
    list[tuple[Document, Document, str, float]], list[Document], list[Document], list[tuple[str, float]]
]:
    """Decide which document pairs are translations; the rest go to one comparable pool.

    Returns the parallel pairs with their reasons and auto mode's confidence, the pooled kk and
    ru documents, and why (with what confidence) the pooled documents were not taken as
    translations.
    """
    if mode == "comparable":
        return [], kk_docs, ru_docs, []
    if mode == "parallel":
        pairs = pair_by_name_or_order(kk_docs, ru_docs)
        if not pairs:
            raise InputError(
                f"parallel mode needs Kazakh and Russian documents paired by name (x.kk.txt / "
                f"x.ru.txt) or equal in number (got {len(kk_docs)} kk, {len(ru_docs)} ru); "
                "rename them or use --mode comparable"
            )
        used = {id(d) for p in pairs for d in p}
        rest_kk = [d for d in kk_docs if id(d) not in used]
        rest_ru = [d for d in ru_docs if id(d) not in used]
        return [(k, r, "parallel mode requested", 1.0) for k, r in pairs], rest_kk, rest_ru, []
    from tm.align.auto import decide_mode

    candidates = pair_by_name_or_order(kk_docs, ru_docs)
    if not candidates and len(kk_docs) * len(ru_docs) <= _MAX_CROSS_PAIRS:
        candidates = [(k, r) for k in kk_docs for r in ru_docs]
    chosen, used, why_not = [], set(), []
    for k, r in candidates:
        if id(k) in used or id(r) in used:
            continue
        decided, reason, sure = decide_mode([s.text for s in k.segments], [s.text for s in r.segments],
                                            emb[id(k)], emb[id(r)])
        if decided == "parallel":
            chosen.append((k, r, reason, round(float(sure), 3)))
            used.update((id(k), id(r)))
        else:
            why_not.append((f"{k.name} / {r.name}: {reason}", float(sure)))
    rest_kk = [d for d in kk_docs if id(d) not in used]
    rest_ru = [d for d in ru_docs if id(d) not in used]
    return chosen, rest_kk, rest_ru, why_not


@dataclass
class _Group:
    """Documents aligned together: one parallel pair, or the comparable pool."""

    kk_docs: list[Document]
    ru_docs: list[Document]
    mode: str
    reason: str
    sure: float

    def __post_init__(self) -> None:
        # Segments in a third language (an English abstract in a Russian article) are kept in
        # the TM but not aligned.
        self.kk_segs = [(d, s) for d in self.kk_docs for s in d.segments if s.lang != "other"]
        self.ru_segs = [(d, s) for d in self.ru_docs for s in d.segments if s.lang != "other"]

    def texts_and_vectors(self, emb: dict[int, np.ndarray]) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
        def stack(segs: list[tuple[Document, Segment]]) -> np.ndarray:
            return np.vstack([emb[id(d)][s.index] for d, s in segs]) if segs else np.zeros((0, 1))

        return ([s.text for _, s in self.kk_segs], [s.text for _, s in self.ru_segs],
                stack(self.kk_segs), stack(self.ru_segs))


def _align_job(job: tuple[str, list[str], list[str], np.ndarray, np.ndarray, Encoder]) -> list[Bead] | str:
    """The beads of one group, or why it failed (one group's failure does not stop the others)."""
    from tm.align import align_parallel, mine

    mode, kk_texts, ru_texts, kk_emb, ru_emb, encoder = job
    try:
        if mode == "parallel":
            return align_parallel(kk_texts, ru_texts, encoder, kk_emb=kk_emb, ru_emb=ru_emb)
        return mine(kk_texts, ru_texts, encoder, kk_emb=kk_emb, ru_emb=ru_emb)
    except (TmError, ValueError, RuntimeError, MemoryError) as exc:
        return f"{type(exc).__name__}: {exc}"


def _store_group(store: Store, g: _Group, beads: list[Bead] | str, ids: dict[int, int], run_id: int) -> GroupReport:
    from tm.store.records import PairRecord

    group = GroupReport([d.name for d in g.kk_docs], [d.name for d in g.ru_docs], g.mode, g.reason)
    if isinstance(beads, str):
        group.error = beads
        return group
    kk_segs, ru_segs, mode = g.kk_segs, g.ru_segs, g.mode
    beads = [b for b in beads if b.kk and b.ru]
    # The group's pairs in one transaction: a killed run leaves none of them or all.
    by_docs: dict[tuple[int, int], list] = {}
    for b in beads:
        kdoc, rdoc = kk_segs[b.kk[0]][0], ru_segs[b.ru[0]][0]
        by_docs.setdefault((id(kdoc), id(rdoc)), []).append(b)
    batches = []
    for (kd, rd), group_beads in by_docs.items():
        records, segs = [], []
        for b in group_beads:
            records.append(PairRecord(
                kk=" ".join(kk_segs[i][1].text for i in b.kk),
                ru=" ".join(ru_segs[i][1].text for i in b.ru),
                score=round(float(b.score), 4), method=mode,
                props={"raw_score": float(b.raw)},
            ))
            segs.append(([kk_segs[i][1].index for i in b.kk], [ru_segs[i][1].index for i in b.ru]))
        batches.append((records, ids[kd], ids[rd], segs))
    store.add_pair_groups(batches, run_id=run_id)
    group.pairs = len(beads)
    group.confidence = round(float(np.mean([b.score for b in beads])) if beads else 0.0, 3)
    return group
