"""`tm export` writes what is probably right by default: pairs under the calibrated default
`--min-score` are left out, and the output says how many and how to get them."""

from __future__ import annotations

import dataclasses
import os
import stat
import threading

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


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_out_to_a_named_pipe_writes_through_it_and_keeps_the_pipe(cli, db, tmp_path) -> None:
    # `--out /dev/null` or a pipe: the atomic temp-file-and-rename would replace the device
    # with a regular file (as root, /dev/null itself).
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("export", "--db", db, "--format", "jsonl", "--out", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].decode("utf-8").count("\n") == 2
