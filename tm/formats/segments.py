"""Unaligned segments (`tm export --unaligned`): TSV with a header row, or JSON Lines.

One segment per line with its document, language, index in the document, 0-based source lines
and text, so a translator can open the document at that line and check why it found no partner.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any, Literal

from tm.formats.base import Sink, clean_text
from tm.formats.tsv import escape
from tm.store.records import UnalignedSegment

SEGMENT_FORMATS = ("tsv", "jsonl")
COLUMNS = ("doc", "lang", "index", "lines", "text")


def write(fmt: Literal["tsv", "jsonl"], segments: Iterable[UnalignedSegment], fh: IO[Any]) -> int:
    """Write `segments` as TSV (header first) or JSON Lines; returns how many were written."""
    if fmt not in SEGMENT_FORMATS:
        raise ValueError(f"unaligned segments are written as {' or '.join(SEGMENT_FORMATS)}, not {fmt!r}")
    out = Sink(fh)
    if fmt == "tsv":
        out.write("\t".join(COLUMNS) + "\n")
    count = 0
    for s in segments:
        if fmt == "tsv":
            out.write("\t".join((escape(s.doc), s.lang, str(s.index), ",".join(map(str, s.lines)),
                                 escape(s.text))) + "\n")
        else:
            obj = {"doc": clean_text(s.doc), "lang": s.lang, "index": s.index, "lines": list(s.lines),
                   "text": clean_text(s.text)}
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        count += 1
    return count
