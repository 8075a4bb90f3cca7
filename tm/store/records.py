"""Rows read from and written to the store, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PairRecord:
    """One aligned or imported pair, as exported and searched.

    `kk_lines`/`ru_lines` are the 0-based source-file lines of every segment in the pair
    (empty for imported pairs); `kk_doc`/`ru_doc` are document names ("" when imported).
    """

    kk: str
    ru: str
    score: float
    method: str
    kk_doc: str = ""
    ru_doc: str = ""
    kk_lines: tuple[int, ...] = ()
    ru_lines: tuple[int, ...] = ()
    created: str = ""
    id: int | None = None
    origin: str = ""
    props: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GlossaryEntry:
    """One bilingual term in dictionary form."""

    kk: str
    ru: str
    score: float
    kk_freq: int = 0
    ru_freq: int = 0
    example_kk: str = ""
    example_ru: str = ""
    status: str = "auto"  # auto / approved / rejected
    kk_forms: tuple[str, ...] = ()
    ru_forms: tuple[str, ...] = ()
    id: int | None = None
    evidence: str = ""  # what paired the two terms (co-occurrence, embeddings, cognates ...)
    junk: str = ""  # why the entry is not written ('' when it is)


@dataclass(frozen=True)
class UnalignedSegment:
    """A segment of an aligned document that is in no pair: dropped, or without a partner.

    `lines` are the 0-based source-file lines it spans; `index` its place in the document.
    """

    doc: str
    lang: str
    index: int
    lines: tuple[int, ...]
    text: str
