"""`tm align` end to end with the real bundled model: pairs stored, bad inputs refused cleanly."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def parallel_docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("diplomacy.kk.txt", "diplomacy.ru.txt"):
        shutil.copy(DATA / name, folder / name)
    return folder


def _pairs(db: Path) -> list[tuple[str, str, float, str]]:
    con = sqlite3.connect(db)
    return con.execute("SELECT kk, ru, score, method FROM pairs ORDER BY id").fetchall()


def test_parallel_documents_are_aligned(cli, parallel_docs: Path, db_path: Path) -> None:
    result = cli("align", parallel_docs, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [g["mode"] for g in report["groups"]] == ["parallel"]
    pairs = _pairs(db_path)
    assert len(pairs) >= 8
    by_kk = {kk: ru for kk, ru, _, _ in pairs}
    assert by_kk["Сыртқы істер министрлігі 2015 жылы Facebook желісінде парақша ашты."] == (
        "В 2015 году Министерство иностранных дел открыло страницу в сети Facebook."
    )
    assert all(0.0 <= score <= 1.0 for _, _, score, _ in pairs)


def test_rerun_adds_nothing_and_reuses_embeddings(cli, parallel_docs: Path, db_path: Path) -> None:
    assert cli("align", parallel_docs, "--db", db_path).exit_code == 0
    first = _pairs(db_path)
    embedded = sqlite3.connect(db_path).execute("SELECT count(*) FROM embeddings").fetchone()[0]
    result = cli("align", parallel_docs, "--db", db_path)
    assert result.exit_code == 0, result.output
    assert _pairs(db_path) == first
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM embeddings").fetchone()[0] == embedded


def test_one_per_line_keeps_line_numbers(cli, parallel_docs: Path, db_path: Path) -> None:
    result = cli("align", "--kk", parallel_docs / "diplomacy.kk.txt", "--ru", parallel_docs / "diplomacy.ru.txt",
                 "--one-per-line", "--mode", "parallel", "--db", db_path)
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT s.text, s.line_first FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.lang = 'kk'"
    ).fetchall()
    assert ("Елшіліктер азаматтарға консулдық қызметтерді онлайн ұсынады.", 5) in rows


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("only_kk", "no Russian document among the inputs (diplomacy.kk.txt); add one, or force a file's language with --ru FILE"),
        ("binary", "is a binary file, not text; convert it to a UTF-8 .txt file first (.docx, .pdf and .html are read directly)"),
        ("empty", "the document is empty; give a file with Kazakh or Russian text"),
        ("missing", "no such file or folder; check the path"),
    ],
)
def test_bad_inputs_fail_cleanly_and_keep_the_tm(cli, parallel_docs: Path, db_path: Path, tmp_path: Path,
                                                 setup: str, message: str) -> None:
    assert cli("align", parallel_docs, "--db", db_path).exit_code == 0
    before = _pairs(db_path)
    args: list[object] = []
    if setup == "only_kk":
        args = [parallel_docs / "diplomacy.kk.txt"]
    elif setup == "binary":
        (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
        args = [parallel_docs, tmp_path / "scan.txt"]
    elif setup == "empty":
        (tmp_path / "empty.txt").write_text("", encoding="utf-8")
        args = [parallel_docs, tmp_path / "empty.txt"]
    else:
        args = [tmp_path / "nowhere.txt"]
    result = cli("align", *args, "--db", db_path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert result.stderr.rstrip("\n").endswith(message)
    assert "Traceback" not in result.output
    assert _pairs(db_path) == before


def test_newer_database_is_refused(cli, parallel_docs: Path, db_path: Path) -> None:
    assert cli("align", parallel_docs, "--db", db_path).exit_code == 0
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA user_version = 999")
    con.commit()
    result = cli("align", parallel_docs, "--db", db_path)
    assert result.exit_code == 1
    assert "written by a newer version of tm (schema 999" in result.stderr


def test_unknown_mode_is_a_usage_error(cli, parallel_docs: Path, db_path: Path) -> None:
    assert cli("align", parallel_docs, "--mode", "fast", "--db", db_path).exit_code == 2


@pytest.mark.slow
def test_seeds_are_mined_as_comparable(cli, seeds: Path, db_path: Path) -> None:
    result = cli("align", seeds, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    langs = {d["name"][:3]: d["lang"] for d in report["documents"]}
    assert langs == {"000": "kk", "002": "kk", "004": "ru"}
    assert [g["mode"] for g in report["groups"]] == ["comparable"]
    assert report["groups"][0]["pairs"] > 0
