"""CSV glossary for memoQ and MultiTerm term-base import: a header row, one entry per row.

Columns are named after the languages (`Kazakh`, `Russian`), which memoQ's and MultiTerm's
import dialogs map to term fields, then `Status`, `Score`, the examples and the frequencies.
RFC 4180 quoting keeps any text (commas, quotes, newlines) intact; a UTF-8 BOM lets Excel and
memoQ detect the encoding.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.formats.base import Clock, Sink, clean_text, decode, format_score, read_bytes
from tm.store.records import GlossaryEntry

NAMES = {"kk": "Kazakh", "ru": "Russian"}
_ALIASES = {
    "kazakh": "kk", "kk": "kk", "kk-kz": "kk", "russian": "ru", "ru": "ru", "ru-ru": "ru",
    "status": "status", "score": "score",
    "kazakh example": "example_kk", "russian example": "example_ru",
    "example_kk": "example_kk", "example_ru": "example_ru",
    "kazakh frequency": "kk_freq", "russian frequency": "ru_freq", "kk_freq": "kk_freq", "ru_freq": "ru_freq",
}


def write(entries: Iterable[GlossaryEntry], fh: IO[Any], *, source: str = "kk", clock: Clock | None = None) -> int:
    target = "ru" if source == "kk" else "kk"
    header = [
        NAMES[source], NAMES[target], "Status", "Score", f"{NAMES[source]} example",
        f"{NAMES[target]} example", f"{NAMES[source]} frequency", f"{NAMES[target]} frequency",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    out = Sink(fh)
    out.write("\ufeff")
    writer.writerow(header)
    count = 0
    for e in entries:
        writer.writerow([
            clean_text(getattr(e, source)), clean_text(getattr(e, target)), clean_text(e.status),
            format_score(e.score), clean_text(getattr(e, f"example_{source}")),
            clean_text(getattr(e, f"example_{target}")), getattr(e, f"{source}_freq"), getattr(e, f"{target}_freq"),
        ])
        count += 1
        if count % 256 == 0:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())
    return count


def read(path: Path) -> list[GlossaryEntry]:
    rows = list(csv.reader(io.StringIO(decode(read_bytes(path), path), newline="")))
    if not rows:
        raise FormatError(f"{path}: the file is empty; export the glossary again")
    columns = [_ALIASES.get(name.strip().lower(), "") for name in rows[0]]
    if "kk" not in columns or "ru" not in columns:
        raise FormatError(
            f"{path}:1: the header row names no Kazakh and Russian columns; "
            "name them Kazakh and Russian (or kk and ru)"
        )
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        values = {name: value for name, value in zip(columns, row) if name}
        if not values.get("kk", "").strip() or not values.get("ru", "").strip():
            continue
        try:
            entries.append(GlossaryEntry(
                kk=values["kk"], ru=values["ru"], score=float(values.get("score") or 1.0),
                kk_freq=int(values.get("kk_freq") or 0), ru_freq=int(values.get("ru_freq") or 0),
                example_kk=values.get("example_kk", ""), example_ru=values.get("example_ru", ""),
                status=values.get("status") or "auto",
            ))
        except ValueError:
            raise FormatError(f"{path}:{number}: score or frequency is not a number; fix the row") from None
    return entries
