"""File formats of `tm`: a name -> module registry, each module imported when first used.

Pairs: `tmx` (TMX 1.4b out, 1.1/1.4 in), `tsv`, `jsonl`. Glossaries: `tsv`, `tbx` (TBX v2
martif, the one OmegaT reads), `tbx3` (TBX v3 TBX-Basic), `omegat` (tab-separated), `csv`
(memoQ / MultiTerm), `json`. Every format has a writer and a reader, and all of them pass
one conformance suite (tests/formats_helpers.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import IO, Any, Literal

from tm.errors import FormatError
from tm.formats.base import Clock, Problem, ReadResult, clean_text
from tm.store.records import GlossaryEntry, PairRecord

PairFormat = Literal["tmx", "tsv", "jsonl"]
GlossaryFormat = Literal["tsv", "tbx", "tbx3", "omegat", "csv", "json"]

# name -> (module, writer function, reader function[, extra writer keywords])
_PAIR_FORMATS: dict[str, tuple[str, str, str]] = {
    "tmx": ("tmx", "write", "read"),
    "tsv": ("tsv", "write_pairs", "read_pairs"),
    "jsonl": ("jsonl", "write_pairs", "read_pairs"),
}
_GLOSSARY_FORMATS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "tsv": ("tsv", "write_glossary", "read_glossary", {}),
    "tbx": ("tbx", "write", "read", {"version": 2}),
    "tbx3": ("tbx", "write", "read", {"version": 3}),
    "omegat": ("omegat", "write", "read", {}),
    "csv": ("csv_glossary", "write", "read", {}),
    "json": ("jsonl", "write_glossary", "read_glossary", {}),
}
_DIRECTED = {"omegat", "csv"}  # glossary formats with a source column first
PAIR_FORMATS = tuple(_PAIR_FORMATS)
GLOSSARY_FORMATS = tuple(_GLOSSARY_FORMATS)
GLOSSARY_SUFFIXES = {"tsv": ".tsv", "tbx": ".tbx", "tbx3": ".tbx", "omegat": ".utf8", "csv": ".csv", "json": ".json"}
PAIR_SUFFIXES = {"tmx": ".tmx", "tsv": ".tsv", "jsonl": ".jsonl"}

__all__ = [
    "GLOSSARY_FORMATS", "PAIR_FORMATS", "FormatError", "Problem", "ReadResult", "clean_text",
    "detect_pair_format", "read_glossary", "read_pairs", "write_glossary", "write_pairs",
]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"tm.formats.{name}")


def _unknown(kind: str, fmt: str, known: Iterable[str]) -> ValueError:
    return ValueError(f"unknown {kind} format {fmt!r}; use one of {', '.join(known)}")


def write_pairs(
    fmt: PairFormat, pairs: Iterable[PairRecord], fh: IO[Any], *, source: Literal["kk", "ru"] = "kk",
    lang_style: str = "short", clock: Clock | None = None,
) -> int:
    """Write `pairs` to `fh` (text or binary) in `fmt`; returns how many were written.

    `source` is the language written first (TMX: srclang and first TUV; TSV: first column);
    `lang_style` is `short` (kk/ru) or `region` (kk-KZ/ru-RU); `clock` fixes the header date.
    """
    if fmt not in _PAIR_FORMATS:
        raise _unknown("pair", fmt, PAIR_FORMATS)
    from tm.formats import languages

    languages.code("kk", lang_style)  # fail early on an unknown style
    module, writer, _ = _PAIR_FORMATS[fmt]
    return getattr(_module(module), writer)(pairs, fh, source=source, lang_style=lang_style, clock=clock)


def detect_pair_format(path: Path) -> PairFormat:
    """By extension (.tmx, .tsv/.txt/.tab, .jsonl/.ndjson), else by the first bytes."""
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        return "tmx"
    if suffix in (".tsv", ".txt", ".tab"):
        return "tsv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        head = b""
    text = head.decode("utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", "ignore").lstrip("\ufeff \r\n\t")
    if text.startswith("<"):
        return "tmx"
    if text.startswith("{"):
        return "jsonl"
    if "\t" in text:
        return "tsv"
    raise FormatError(
        f"{path}: unknown translation-memory format; use a .tmx, .tsv (kk<TAB>ru) or .jsonl file"
    )


def read_pairs(path: Path) -> ReadResult:
    """Read a TMX, TSV or JSONL file of kk-ru pairs; fatal problems raise FormatError."""
    path = Path(path)
    module, _, reader = _PAIR_FORMATS[detect_pair_format(path)]
    return getattr(_module(module), reader)(path)


def write_glossary(
    fmt: GlossaryFormat, entries: Iterable[GlossaryEntry], fh: IO[Any], *, clock: Clock | None = None,
    source: Literal["kk", "ru"] = "kk",
) -> int:
    """Write glossary `entries` in `fmt`; `source` orders the columns of `omegat` and `csv`."""
    if fmt not in _GLOSSARY_FORMATS:
        raise _unknown("glossary", fmt, GLOSSARY_FORMATS)
    module, writer, _, extra = _GLOSSARY_FORMATS[fmt]
    if fmt in _DIRECTED:
        extra = {**extra, "source": source}
    return getattr(_module(module), writer)(entries, fh, clock=clock, **extra)


def detect_glossary_format(path: Path) -> GlossaryFormat:
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix == ".csv":
        return "csv"
    if suffix == ".json":
        return "json"
    if suffix == ".tsv":
        from tm.formats.tsv import is_glossary_header

        return "tsv" if is_glossary_header(path) else "omegat"
    return "omegat"


def read_glossary(path: Path) -> list[GlossaryEntry]:
    """Read a glossary written in any of the formats above (TBX v2 and v3 both by `tbx`)."""
    path = Path(path)
    module, _, reader, _ = _GLOSSARY_FORMATS[detect_glossary_format(path)]
    return getattr(_module(module), reader)(path)
