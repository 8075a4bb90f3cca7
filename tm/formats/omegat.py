"""OmegaT's tab-separated glossary (`.utf8` / `.txt`): `source<TAB>target<TAB>comment`.

OmegaT skips lines starting with `#`, splits on TAB and reads line by line, and has no escapes.
So terms and examples get TAB/CR/LF as spaces, a source term starting with `#` (after spaces)
is written with one more leading space, and the comment reads
`status | score 0.8700 | source example | target example` with `\\` and `|` inside an example
written `\\\\` and `\\|`. The file starts with a UTF-8 BOM (OmegaT guesses the encoding of `.txt`
files from it) and a `#` line naming the columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.formats.base import Clock, Sink, clean_text, decode, format_score, read_bytes
from tm.formats.tsv import split_escaped
from tm.store.records import GlossaryEntry

_SPACES = re.compile(r"[\t\r\n]")
_DIRECTION = re.compile(r"^#\s*(kk|ru)\t(kk|ru)\b")
_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def flat(text: str) -> str:
    """Text as OmegaT can hold it in one field: cleaned, TAB/CR/LF as spaces."""
    return _SPACES.sub(" ", clean_text(text))


def _comment_field(text: str) -> str:
    return flat(text).replace("\\", "\\\\").replace("|", "\\|")


def write(entries: Iterable[GlossaryEntry], fh: IO[Any], *, source: str = "kk", clock: Clock | None = None) -> int:
    """`source` names the project's source language (its terms go in the first column)."""
    target = "ru" if source == "kk" else "kk"
    out = Sink(fh)
    out.write(f"\ufeff# {source}\t{target}\tstatus | score | example {source} | example {target}\n")
    count = 0
    for e in entries:
        src, tgt = flat(getattr(e, source)), flat(getattr(e, target))
        if src.lstrip(" ").startswith("#"):
            src = " " + src
        comment = " | ".join([
            _comment_field(e.status), "score " + format_score(e.score),
            _comment_field(getattr(e, f"example_{source}")), _comment_field(getattr(e, f"example_{target}")),
        ])
        out.write(f"{src}\t{tgt}\t{comment}\n")
        count += 1
    return count


def _parse_comment(comment: str) -> tuple[str, float, str, str] | None:
    parts = split_escaped(comment, "|")
    if len(parts) != 4:
        return None
    last = len(parts) - 1
    parts = [
        p[1 if i > 0 and p.startswith(" ") else 0: len(p) - 1 if i < last and p.endswith(" ") else len(p)]
        for i, p in enumerate(parts)
    ]
    match = re.fullmatch(r"score ([0-9.]+)", parts[1])
    if not match:
        return None
    return parts[0], float(match.group(1)), parts[2], parts[3]


def read(path: Path) -> list[GlossaryEntry]:
    """Entries of an OmegaT glossary; the direction comes from tm's `#` line, else from which
    column holds more Kazakh-specific letters."""
    lines = decode(read_bytes(path), path).split("\n")
    source = None
    rows = []
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        if line.startswith("#"):
            match = _DIRECTION.match(line)
            if match and source is None:
                source = match.group(1)
            continue
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].strip():
            rows.append((number, fields))
    if not rows:
        raise FormatError(f"{path}: no glossary entries (expected source<TAB>target lines); check the file")
    if source is None:
        first = sum(len(_KAZAKH.findall(f[0])) for _, f in rows)
        second = sum(len(_KAZAKH.findall(f[1])) for _, f in rows)
        source = "ru" if second > first else "kk"
    entries = []
    for _number, fields in rows:
        src = fields[0]
        if src.startswith(" ") and src.lstrip(" ").startswith("#"):
            src = src[1:]
        texts = {source: src, ("ru" if source == "kk" else "kk"): fields[1]}
        parsed = _parse_comment(fields[2]) if len(fields) > 2 else None
        status, score, ex_src, ex_tgt = parsed or ("auto", 1.0, "", "")
        examples = {source: ex_src, ("ru" if source == "kk" else "kk"): ex_tgt}
        entries.append(GlossaryEntry(
            kk=texts["kk"], ru=texts["ru"], score=score, example_kk=examples["kk"],
            example_ru=examples["ru"], status=status,
        ))
    return entries
