"""`tm export`: a thin command over iter_pairs + write_pairs, with atomic output."""

from __future__ import annotations

import json

import pytest
from formats_helpers import REAL_PAIRS
from typer.testing import CliRunner

from tm.cli import app
from tm.formats import read_pairs
from tm.store import Store
from tm.store.pairs import add_pairs


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "tm.db"
    with Store(path) as store:
        add_pairs(store, REAL_PAIRS)
    return path


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "jsonl"])
def test_export_round_trips_the_store(tmp_path, db, fmt) -> None:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [(u.kk, u.ru, u.score) for u in read_pairs(out).units] == [(p.kk, p.ru, p.score) for p in REAL_PAIRS]


def test_export_min_score_source_and_style_to_stdout(db) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "tmx", "--min-score", "0.9",
                                      "--source", "ru", "--lang-style", "region"])
    assert result.exit_code == 0
    assert 'srclang="ru-RU"' in result.stdout and result.stdout.count("</tu>") == 1
    assert result.stdout.index('xml:lang="ru-RU"') < result.stdout.index('xml:lang="kk-KZ"')


def test_export_jsonl_lines(db) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kk"] for r in rows] == [p.kk for p in REAL_PAIRS]
    assert {"kk", "ru", "score", "kk_doc", "ru_doc", "kk_lines", "ru_lines", "method"} <= set(rows[0])


def test_export_without_a_memory(tmp_path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(app, ["export", "--db", str(missing), "--format", "tmx"])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {missing}: no translation memory here; run `tm align` or `tm import` "
                             "first, or pass --db FILE\n")
    assert not missing.exists()


def test_export_bad_format_is_a_usage_error(db) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "xliff"])
    assert result.exit_code == 2
