"""`tm clean` through the CLI: text keeping lines, JSON changes, errors verbatim."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tm.cli import app

runner = CliRunner()
DAMAGED = ("Мысал ретінде тари∖ыɪɪа кыскаша шалу келтірілген..Соңғы жылдары\n"
           "10 миллионнан астам жазыл-\nмандар бар.\n")


def _file(tmp_path: Path, text: str = DAMAGED) -> Path:
    path = tmp_path / "doc.kk.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_writes_text_keeping_lines(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(_file(tmp_path)), "--lang", "kk"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Мысал ретінде тарихына қысқаша шалу келтірілген. Соңғы жылдары\n"
                             "10 миллионнан астам жазылмандар\nбар.\n")
    assert result.stdout.count("\n") == DAMAGED.count("\n")


def test_clean_json_lists_changes_in_input_offsets(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(_file(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)  # one JSON document, like every --json
    assert {"line", "start", "end", "original", "repaired", "confidence", "kind"} <= set(records[0])
    for r in records:
        assert DAMAGED[r["start"]:r["end"]] == r["original"]
        assert DAMAGED.count("\n", 0, r["start"]) == r["line"]
    assert ("тари∖ыɪɪа", "тарихына", 0) in [(r["original"], r["repaired"], r["line"])
                                            for r in records]
    assert ("-\nмандар ", "мандар\n", 1) in [(r["original"], r["repaired"], r["line"])
                                            for r in records]


def test_clean_out_file(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    result = runner.invoke(app, ["clean", str(_file(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("Мысал ретінде тарихына қысқаша")


def test_clean_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["clean", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: no such file or folder; check the path\n"


def test_clean_bad_language(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(_file(tmp_path)), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == "error: invalid value for --lang: 'en' is not one of auto, kk, ru (see `tm clean --help`)\n"
