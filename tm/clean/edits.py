"""Edits over a text: apply them, diff two versions, and compose layers back to original offsets.

Each cleaning layer looks at the text the previous layers produced and returns edits in *that*
text's offsets. `EditLog` keeps the running result as edits in the ORIGINAL text's offsets:
composing a layer's edits maps their spans back through the earlier edits and merges edits that
overlap or touch, so the final list stays sorted and non-overlapping and
`apply_edits(original, log.edits) == log.text` always holds.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from tm.document import Cleaned, Edit


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with every edit applied (edits sorted, non-overlapping, in `text`'s offsets)."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos:e.start])
        out.append(e.repaired)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def diff_edits(old: str, new: str, kind: str, confidence: float = 1.0) -> list[Edit]:
    """Minimal character edits turning `old` into `new`, line by line when lines correspond."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):
        return _diff(old, new, 0, kind, confidence)
    edits: list[Edit] = []
    offset = 0
    for a, b in zip(old_lines, new_lines):
        if a != b:
            edits.extend(_diff(a, b, offset, kind, confidence))
        offset += len(a) + 1
    return edits


def _diff(a: str, b: str, offset: int, kind: str, confidence: float) -> list[Edit]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        Edit(offset + i1, offset + i2, a[i1:i2], b[j1:j2], kind, confidence)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


@dataclass
class _Span:
    """A group of edits being merged: its span in the current text, kinds, confidence, and the
    length change its new edits make (old edits are already in the current text)."""

    c_start: int
    c_end: int
    kinds: list[str]
    confidence: float
    delta: int = 0
    o_start: int | None = None  # original span of the old edits in the group
    o_end: int | None = None


class EditLog:
    """The original text, the current text, and the edits between them in original offsets."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        self.edits: list[Edit] = []

    def apply(self, layer_edits: Iterable[Edit]) -> None:
        """Apply edits given in offsets of the CURRENT text, and fold them into the log."""
        new = sorted((e for e in layer_edits if e.original != e.repaired),
                     key=lambda e: (e.start, e.end))
        if not new:
            return
        for e in new:
            if self.text[e.start:e.end] != e.original:
                raise ValueError(f"edit {e!r} does not match the text")
        new_text = apply_edits(self.text, new)
        spans = [_Span(c0, c1, e.kind.split("+"), e.confidence, 0, e.start, e.end)
                 for c0, c1, e in self._old_spans()]
        spans += [_Span(e.start, e.end, [e.kind], e.confidence,
                        len(e.repaired) - (e.end - e.start)) for e in new]
        spans.sort(key=lambda s: (s.c_start, s.c_end))
        merged: list[_Span] = []
        for s in spans:
            if merged and s.c_start <= merged[-1].c_end:
                m = merged[-1]
                m.c_end = max(m.c_end, s.c_end)
                m.kinds += [k for k in s.kinds if k not in m.kinds]
                m.confidence = min(m.confidence, s.confidence)
                m.delta += s.delta
                if s.o_start is not None and s.o_end is not None:
                    m.o_start = s.o_start if m.o_start is None else min(m.o_start, s.o_start)
                    m.o_end = s.o_end if m.o_end is None else max(m.o_end, s.o_end)
            else:
                merged.append(s)
        old_map = Cleaned(self.original, self.text, self.edits)
        edits: list[Edit] = []
        before = 0  # length change made by new edits left of the current group
        for m in merged:
            o_start, o_end = old_map.to_original(m.c_start), old_map.to_original(m.c_end)
            if m.o_start is not None and m.o_end is not None:  # deletions map ambiguously
                o_start, o_end = min(o_start, m.o_start), max(o_end, m.o_end)
            n_start = m.c_start + before
            n_end = m.c_end + before + m.delta
            before += m.delta
            original, repaired = self.original[o_start:o_end], new_text[n_start:n_end]
            if original != repaired:
                edits.append(Edit(o_start, o_end, original, repaired, "+".join(m.kinds),
                                  m.confidence))
        self.edits = edits
        self.text = new_text

    def _old_spans(self) -> list[tuple[int, int, Edit]]:
        spans, shift = [], 0
        for e in self.edits:
            c_start = e.start + shift
            shift += len(e.repaired) - (e.end - e.start)
            spans.append((c_start, e.end + shift, e))
        return spans

    def cleaned(self) -> Cleaned:
        return Cleaned(original=self.original, text=self.text, edits=list(self.edits))
