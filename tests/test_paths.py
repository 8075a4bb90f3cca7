"""The on-disk cache of built resources: written once, read back, rebuilt when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.paths import cache_dir, cached


def test_cache_dir_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "tm"
    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path / "own"))
    assert cache_dir() == tmp_path / "own"


def test_built_once_then_read_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path))
    calls = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"жыл": 1, "год": 2}

    assert cached("table", "k1", build) == {"жыл": 1, "год": 2}
    assert cached("table", "k1", build) == {"жыл": 1, "год": 2}
    assert len(calls) == 1
    assert cached("table", "k2", build) == {"жыл": 1, "год": 2}  # another key: built again
    assert len(calls) == 2


def test_damaged_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path))
    (tmp_path / "table-k.pickle").write_bytes(b"\x80\x05truncated")
    assert cached("table", "k", lambda: [1, 2, 3]) == [1, 2, 3]
    assert cached("table", "k", lambda: []) == [1, 2, 3]  # the rebuilt value was written


def test_unwritable_cache_still_gives_the_value(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TM_CACHE_DIR", str(blocker / "tm"))
    assert cached("table", "k", lambda: "value") == "value"
