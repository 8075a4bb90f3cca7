"""TSV for pairs (`kk<TAB>ru`, optional header) and for the glossary (header row, DESIGN.md).

Escaping, so any text round-trips: a backslash is written `\\\\`, a TAB `\\t`, a line feed `\\n`
and a carriage return `\\r`; a list of forms is joined with `|`, itself written `\\|` inside a form.
Reading undoes exactly these escapes and leaves any other backslash as it is, so a hand-made
file with `C:\\temp` still reads as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.formats.base import (
    Clock, Problem, ReadResult, Sink, clean_text, decode, format_score, read_bytes, repair_lines,
)
from tm.store.records import GlossaryEntry, PairRecord

PAIR_COLUMNS = ("kk", "ru", "score", "method", "kk_doc", "ru_doc", "kk_lines", "ru_lines", "created")
GLOSSARY_COLUMNS = (
    "kk", "ru", "score", "kk_freq", "ru_freq", "example_kk", "example_ru", "status", "kk_forms", "ru_forms",
    "evidence",
)
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "|": "|"}


def escape(text: str, *, separator: str = "") -> str:
    """One field: cleaned, then backslash, TAB, LF, CR (and `separator`) escaped."""
    out = "".join(_ESCAPES.get(ch, ch) for ch in clean_text(text))
    return out.replace(separator, "\\" + separator) if separator else out


def unescape(field: str) -> str:
    return split_escaped(field, None)[0]


def split_escaped(field: str, separator: str | None = "|") -> list[str]:
    """Undo `escape`, splitting on unescaped `separator` (None: no splitting)."""
    parts, current, i = [], [], 0
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field) and field[i + 1] in _UNESCAPES:
            current.append(_UNESCAPES[field[i + 1]])
            i += 2
            continue
        if separator is not None and ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _join_forms(forms: Sequence[str]) -> str:
    return "|".join(escape(f, separator="|") for f in forms if clean_text(f))


def _split_forms(field: str) -> tuple[str, ...]:
    return tuple(f for f in split_escaped(field, "|") if f) if field else ()


def _rows(path: Path) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Non-empty lines as (1-based line number, raw fields); control characters repaired."""
    text, warnings = repair_lines(decode(read_bytes(path), path), path, xml=False)
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            rows.append((number, line.split("\t")))
    return rows, warnings


# -- pairs -----------------------------------------------------------------------------------

def write_pairs(
    pairs: Iterable[PairRecord], fh: IO[Any], *, source: str = "kk", lang_style: str = "short",
    clock: Clock | None = None,
) -> int:
    """Header row, then one pair per line with the `source` language first."""
    columns = list(PAIR_COLUMNS)
    if source == "ru":
        columns[0], columns[1] = "ru", "kk"
    out = Sink(fh)
    out.write("\t".join(columns) + "\n")
    count = 0
    for pair in pairs:
        values = {
            "kk": escape(pair.kk), "ru": escape(pair.ru), "score": format_score(pair.score),
            "method": escape(pair.method), "kk_doc": escape(pair.kk_doc), "ru_doc": escape(pair.ru_doc),
            "kk_lines": ",".join(map(str, pair.kk_lines)), "ru_lines": ",".join(map(str, pair.ru_lines)),
            "created": escape(pair.created),
        }
        out.write("\t".join(values[c] for c in columns) + "\n")
        count += 1
    return count


def _header(fields: list[str]) -> list[str] | None:
    names = [f.strip().lower() for f in fields]
    return names if {"kk", "ru"} <= set(names[:2]) else None


def _int_tuple(value: str) -> tuple[int, ...]:
    value = value.strip()
    if not value:
        return ()
    return tuple(int(n) for n in value.split(","))


def read_pairs(path: Path) -> ReadResult:
    """Pairs from `kk<TAB>ru[<TAB>...]` lines; a header row (kk/ru in either order) names the columns."""
    rows, warnings = _rows(path)
    result = ReadResult(warnings=warnings)
    if not rows:
        raise FormatError(f"{path}: the file is empty; export the memory again from its tool")
    columns = _header(rows[0][1])
    if columns is not None:
        rows = rows[1:]
    else:
        columns = ["kk", "ru"]
    for number, fields in rows:
        where = f"{path}:{number}"
        if len(fields) < 2:
            result.skipped.append(Problem(where, "no TAB between the Kazakh and the Russian text"))
            continue
        row = {name: unescape(value) for name, value in zip(columns, fields)}
        if not row.get("kk", "").strip() or not row.get("ru", "").strip():
            side = "Kazakh" if not row.get("kk", "").strip() else "Russian"
            result.skipped.append(Problem(where, f"the {side} text is empty"))
            continue
        try:
            score = float(row["score"]) if row.get("score", "").strip() else 1.0
            kk_lines, ru_lines = _int_tuple(row.get("kk_lines", "")), _int_tuple(row.get("ru_lines", ""))
        except ValueError:
            result.skipped.append(Problem(where, "score or line numbers are not numbers"))
            continue
        result.units.append(PairRecord(
            kk=row["kk"], ru=row["ru"], score=score, method=row.get("method") or "import",
            kk_doc=row.get("kk_doc", ""), ru_doc=row.get("ru_doc", ""), kk_lines=kk_lines,
            ru_lines=ru_lines, created=row.get("created", ""),
        ))
    if not result.units and not result.skipped:
        result.warnings.append(Problem(f"{path}:1", "the file has a header but no pairs"))
    return result


# -- glossary --------------------------------------------------------------------------------

def write_glossary(entries: Iterable[GlossaryEntry], fh: IO[Any], *, clock: Clock | None = None) -> int:
    """Header row, then one entry per line in the order given (ranked by score upstream)."""
    out = Sink(fh)
    out.write("\t".join(GLOSSARY_COLUMNS) + "\n")
    count = 0
    for e in entries:
        out.write("\t".join([
            escape(e.kk), escape(e.ru), format_score(e.score), str(e.kk_freq), str(e.ru_freq),
            escape(e.example_kk), escape(e.example_ru), escape(e.status),
            _join_forms(e.kk_forms), _join_forms(e.ru_forms), escape(e.evidence),
        ]) + "\n")
        count += 1
    return count


def is_glossary_header(path: Path) -> bool:
    """True when the first line is this module's glossary header (`kk`, `ru`, `score`, ...)."""
    rows, _ = _rows(path)
    return bool(rows) and [f.strip().lower() for f in rows[0][1][:3]] == ["kk", "ru", "score"] and (
        "status" in [f.strip().lower() for f in rows[0][1]]
    )


def read_glossary(path: Path) -> list[GlossaryEntry]:
    rows, _ = _rows(path)
    if not rows or _header(rows[0][1]) is None:
        raise FormatError(f"{path}:1: no header row (kk, ru, score, ...); write the glossary with `tm glossary --format tsv`")
    columns = [c.strip().lower() for c in rows[0][1]]
    entries = []
    for number, fields in rows[1:]:
        row = dict(zip(columns, fields))
        try:
            entries.append(GlossaryEntry(
                kk=unescape(row.get("kk", "")), ru=unescape(row.get("ru", "")),
                score=float(row.get("score") or 0), kk_freq=int(row.get("kk_freq") or 0),
                ru_freq=int(row.get("ru_freq") or 0), example_kk=unescape(row.get("example_kk", "")),
                example_ru=unescape(row.get("example_ru", "")), status=unescape(row.get("status") or "auto"),
                kk_forms=_split_forms(row.get("kk_forms", "")), ru_forms=_split_forms(row.get("ru_forms", "")),
                evidence=unescape(row.get("evidence", "")),
            ))
        except ValueError:
            raise FormatError(f"{path}:{number}: score or frequency is not a number; fix the row") from None
    return entries
