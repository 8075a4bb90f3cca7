"""Provenance survives a round trip: tm export -> TMX -> tm import -> tm export gives the same
documents, line numbers, method and scores, with hyphenated `x-` property names throughout."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from formats_helpers import REAL_PAIRS, fixed_clock

from tm.formats import read_pairs, write_pairs
from tm.importer import import_file
from tm.store import Store
from tm.store.pairs import iter_pairs

PAIRS = [dataclasses.replace(p, props={"raw_score": "0.0412"}) for p in REAL_PAIRS]


def _tmx(path: Path, pairs) -> Path:  # noqa: ANN001
    with path.open("w", encoding="utf-8") as fh:
        write_pairs("tmx", pairs, fh, clock=fixed_clock)
    return path


def test_tmx_property_names_are_hyphenated(tmp_path: Path) -> None:
    text = _tmx(tmp_path / "a.tmx", PAIRS).read_text(encoding="utf-8")
    types = set(re.findall(r'<prop type="([^"]+)"', text))
    assert "x-raw-score" in types
    assert all(re.fullmatch(r"x-[a-z]+(-[a-z]+)*", t) for t in types), types
    assert read_pairs(tmp_path / "a.tmx").units[0].props == {"raw_score": "0.0412"}


def test_provenance_survives_export_import_export(tmp_path: Path) -> None:
    first = _tmx(tmp_path / "first.tmx", PAIRS)
    with Store(tmp_path / "tm.db") as store:
        import_file(store, first)
        again = list(iter_pairs(store))
    for before, after in zip(PAIRS, again, strict=True):
        assert (after.kk_doc, after.ru_doc, after.kk_lines, after.ru_lines) == (
            before.kk_doc, before.ru_doc, before.kk_lines, before.ru_lines)
        assert (after.method, after.score, after.props) == (before.method, before.score, {"raw_score": 0.0412})
        assert after.origin == "first.tmx"
    second = _tmx(tmp_path / "second.tmx", again).read_text(encoding="utf-8")
    props = lambda text: re.findall(r'<prop type="(x-(?!origin)[^"]+)">([^<]*)<', text)  # noqa: E731
    assert props(second) == props(first.read_text(encoding="utf-8"))


def test_a_tmx_without_provenance_imports_as_before(tmp_path: Path) -> None:
    bare = [dataclasses.replace(p, kk_doc="", ru_doc="", kk_lines=(), ru_lines=(), method="import") for p in REAL_PAIRS]
    with Store(tmp_path / "tm.db") as store:
        import_file(store, _tmx(tmp_path / "old.tmx", bare))
        pairs = list(iter_pairs(store))
    assert [(p.kk_doc, p.kk_lines, p.method, p.origin) for p in pairs] == [("", (), "import", "old.tmx")] * 2
