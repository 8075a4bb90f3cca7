"""Plain data passed between the stages: documents, cleaning edits, segments.

Offsets are character offsets into a document's *original* text (as decoded from the file), so
every cleaned segment can be traced back to the lines it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Lang = Literal["kk", "ru", "other"]


@dataclass(frozen=True)
class Edit:
    """One change made by cleaning: `original[start:end]` became `repaired`."""

    start: int
    end: int
    original: str
    repaired: str
    kind: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Suspect:
    """A damaged word cleaning left as it was, no repair being confident enough: its span in the
    original, and the best candidates with their probabilities."""

    start: int
    end: int
    original: str
    kind: str
    confidence: float  # of the best candidate, had it been applied
    candidates: tuple[tuple[str, float], ...] = ()


@dataclass
class Cleaned:
    """A text after cleaning, with the edits that produced it from the original, and the damaged
    words it left unrepaired."""

    original: str
    text: str
    edits: list[Edit] = field(default_factory=list)
    suspects: list[Suspect] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Anchor points (cleaned offset, original offset) at every edit boundary.
        self._clean_pos: list[int] = [0]
        self._orig_pos: list[int] = [0]
        shift = 0
        for e in sorted(self.edits, key=lambda e: e.start):
            self._clean_pos.append(e.start + shift)
            self._orig_pos.append(e.start)
            shift += len(e.repaired) - (e.end - e.start)
            self._clean_pos.append(e.end + shift)
            self._orig_pos.append(e.end)

    def to_original(self, pos: int) -> int:
        """Map an offset in the cleaned text to the matching offset in the original."""
        i = bisect.bisect_right(self._clean_pos, pos) - 1
        if i % 2 == 1:  # inside a replaced span: clamp to the span of the original
            return min(self._orig_pos[i] + (pos - self._clean_pos[i]), self._orig_pos[i + 1])
        return self._orig_pos[i] + (pos - self._clean_pos[i])

    @classmethod
    def unchanged(cls, text: str) -> "Cleaned":
        return cls(original=text, text=text, edits=[])


@dataclass(frozen=True)
class Segment:
    """A sentence (or an input line with --one-per-line) of one document."""

    index: int
    text: str
    start: int
    end: int
    lines: tuple[int, ...]
    original: str = ""
    lang: str = ""  # the segment's own language when it differs from its document's ("other": English abstract)


@dataclass
class Document:
    """A document read from disk, cleaned and split into segments."""

    path: Path
    name: str
    lang: Lang
    encoding: str
    cleaned: Cleaned
    segments: list[Segment] = field(default_factory=list)
    lang_reason: str = ""

    @property
    def original(self) -> str:
        return self.cleaned.original

    @property
    def text(self) -> str:
        return self.cleaned.text


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` starts (line 0 starts at 0)."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def lines_of_span(starts: list[int], start: int, end: int) -> tuple[int, ...]:
    """The 0-based line numbers covered by the character span [start, end)."""
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_right(starts, max(start, end - 1)) - 1
    return tuple(range(first, last + 1))
