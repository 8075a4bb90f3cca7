"""`tm export` writes what is probably right by default: pairs under the calibrated default
`--min-score` are left out, and the output says how many and how to get them."""

from __future__ import annotations

import dataclasses

import pytest
from formats_helpers import REAL_PAIRS

from tm.export import DEFAULT_MIN_SCORE
from tm.store import Store
from tm.store.pairs import add_pairs

DOUBTFUL = dataclasses.replace(REAL_PAIRS[0], kk="Бұл көрсеткіш бойынша Қазақстан алда.", ru="Во-первых, Узбекистану нужны технологии.",
                               score=0.21)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "tm.db"
    with Store(path) as store:
        add_pairs(store, [*REAL_PAIRS, DOUBTFUL])
    return path


def test_default_leaves_out_pairs_probably_wrong(cli, db) -> None:
    result = cli("export", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0
    assert DOUBTFUL.kk not in result.stdout and result.stdout.count("\n") == 2
    assert result.stderr == (f"exported 2 pairs with score >= {DEFAULT_MIN_SCORE:g} to stdout; "
                             "1 pair below left out (--min-score 0 exports them)\n")


def test_min_score_0_exports_everything(cli, db, tmp_path) -> None:
    out = tmp_path / "all.tmx"
    result = cli("export", "--db", db, "--format", "tmx", "--min-score", "0", "--out", out)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").count("</tu>") == 3
    assert result.stderr == f"exported 3 pairs with score >= 0 to {out}\n"


def test_min_score_outside_0_1_is_a_usage_error(cli, db) -> None:
    result = cli("export", "--db", db, "--format", "tmx", "--min-score", "85")
    assert result.exit_code == 2
    assert result.stderr == ("error: invalid value for --min-score: Input should be less than or equal to 1 "
                             "(see `tm export --help`)\n")
