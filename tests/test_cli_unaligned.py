"""What was not aligned is visible: counted per document by `tm align`, listed by `--json` and
by `tm export --unaligned` (real bundled model, a sentence with no translation inserted)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
EXTRA = "Алматыда ертең күн жылы болады, жаңбыр жаумайды деп күтілуде."  # in the kk document only


@pytest.fixture(scope="module")
def aligned(tmp_path_factory: pytest.TempPathFactory):
    from typer.testing import CliRunner

    from tm.cli import app

    folder = tmp_path_factory.mktemp("unaligned")
    shutil.copy(DATA / "diplomacy.ru.txt", folder / "diplomacy.ru.txt")
    lines = (DATA / "diplomacy.kk.txt").read_text(encoding="utf-8").split("\n")
    lines.insert(6, EXTRA)
    (folder / "diplomacy.kk.txt").write_text("\n".join(lines), encoding="utf-8")
    db = folder / "tm.db"
    runner = CliRunner()
    text = runner.invoke(app, ["align", str(folder), "--db", str(db)])
    report = runner.invoke(app, ["align", str(folder), "--db", str(db), "--json"])
    assert text.exit_code == 0 and report.exit_code == 0, text.output + report.output
    return db, text.stdout, json.loads(report.stdout)


def test_align_counts_unaligned_segments_per_document(aligned) -> None:
    _, summary, _ = aligned
    assert "diplomacy.kk.txt: kk" in summary and "segments, 1 unaligned," in summary
    assert "0 unaligned" in summary.split("diplomacy.ru.txt: ru", 1)[1].splitlines()[0]
    assert "1 segment in no pair" in summary


def test_align_json_lists_them(aligned) -> None:
    _, _, report = aligned
    assert report["unaligned"] == [{"doc": "diplomacy.kk.txt", "lang": "kk", "index": 5, "lines": [6], "text": EXTRA}]


def test_export_unaligned(aligned, cli) -> None:
    db, _, _ = aligned
    result = cli("export", "--db", db, "--unaligned", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"doc\tlang\tindex\tlines\ttext\ndiplomacy.kk.txt\tkk\t5\t6\t{EXTRA}\n"
    assert result.stderr == "exported 1 unaligned segment to stdout\n"
    rows = [json.loads(line) for line in cli("export", "--db", db, "--unaligned", "--format", "jsonl").stdout.splitlines()]
    assert [r["text"] for r in rows] == [EXTRA]


def test_export_unaligned_as_tmx_is_a_usage_error(aligned, cli) -> None:
    db, _, _ = aligned
    result = cli("export", "--db", db, "--unaligned", "--format", "tmx")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid value for --format: unaligned segments have no partner for TMX")
