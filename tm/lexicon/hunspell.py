"""A small reader for hunspell `.aff`/`.dic` pairs: suffix rules, lookup by stripping, expansion.

Only what the Kazakh `kk_KZ` dictionary uses is supported: single-character flags and one level
of suffixes (no prefixes, no compounding, no continuation classes). That is enough to answer
"is this a word form, and of which stem" without a C library, and to list every form of a stem.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SuffixRule:
    """`SFX flag strip add condition`: remove `strip` from the stem end, then append `add`."""

    flag: str
    strip: str
    add: str
    condition: str

    def matches(self, stem: str) -> bool:
        return re.search(f"(?:{self.condition})$", stem) is not None


@dataclass
class Hunspell:
    """Stems with their flags and the suffix rules, indexed for lookup by the added suffix."""

    stems: dict[str, str]
    rules: list[SuffixRule]
    by_add: dict[str, list[SuffixRule]] = field(default_factory=dict)
    max_add: int = 0

    def __post_init__(self) -> None:
        index: dict[str, list[SuffixRule]] = defaultdict(list)
        for rule in self.rules:
            index[rule.add].append(rule)
        self.by_add = dict(index)
        self.max_add = max((len(a) for a in self.by_add), default=0)
        self._cond: dict[str, re.Pattern[str]] = {}

    def _cond_ok(self, rule: SuffixRule, stem: str) -> bool:
        pattern = self._cond.get(rule.condition)
        if pattern is None:
            pattern = self._cond[rule.condition] = re.compile(f"(?:{rule.condition})$")
        return pattern.search(stem) is not None

    def analyse(self, word: str) -> list[tuple[str, str]]:
        """Every (stem, suffix) reading of `word`; the stem itself gives suffix ''."""
        out: list[tuple[str, str]] = []
        if word in self.stems:
            out.append((word, ""))
        for k in range(1, min(self.max_add, len(word) - 1) + 1):
            rules = self.by_add.get(word[-k:])
            if not rules:
                continue
            base = word[:-k]
            for rule in rules:
                stem = base + rule.strip
                flags = self.stems.get(stem)
                if flags is not None and rule.flag in flags and self._cond_ok(rule, stem):
                    out.append((stem, rule.add))
        return out

    def __contains__(self, word: str) -> bool:
        return bool(self.analyse(word))

    def forms(self, stem: str) -> Iterator[str]:
        """Every word form the rules make from `stem` (the stem first)."""
        flags = self.stems.get(stem)
        if flags is None:
            return
        yield stem
        for rule in self.rules:
            if rule.flag in flags and self._cond_ok(rule, stem):
                base = stem[: len(stem) - len(rule.strip)] if rule.strip else stem
                yield base + rule.add

    def expand(self) -> Iterator[str]:
        """Every word form of every stem (about 1.4 M for kk_KZ)."""
        for stem in self.stems:
            yield from self.forms(stem)


def _lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            yield line.lstrip("\ufeff").rstrip("\r\n")


def read_aff(path: Path) -> list[SuffixRule]:
    """The suffix rules of an `.aff` file (header lines `SFX A N 45` are skipped)."""
    rules: list[SuffixRule] = []
    for line in _lines(path):
        parts = line.split()
        if len(parts) >= 5 and parts[0] == "SFX":
            _, flag, strip, add, condition = parts[:5]
            add = add.split("/", 1)[0]
            rules.append(SuffixRule(flag, "" if strip == "0" else strip,
                                    "" if add == "0" else add, condition))
    return rules


def read_dic(path: Path) -> dict[str, str]:
    """Stem -> flag string from a `.dic` file (the first line is the entry count)."""
    stems: dict[str, str] = {}
    lines = _lines(path)
    next(lines, None)
    for line in lines:
        if not line or line.startswith("\t"):
            continue
        word, _, flags = line.partition("/")
        stems[word] = stems.get(word, "") + flags
    return stems


def load_hunspell(aff: Path, dic: Path) -> Hunspell:
    return Hunspell(stems=read_dic(dic), rules=read_aff(aff))
