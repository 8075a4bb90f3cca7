"""The `ray` engine gives what the local engine gives: `tm align --engine ray` stores the same
pairs, `tm corpus mine --engine ray` writes the same pairs. One small local Ray (2 CPUs) is
shared by the module (starting one costs seconds)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from distributed_helpers import FLORES, mined_pairs, write_comparable_corpus, write_parallel_pairs

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'tm[distributed]')")
pytestmark = [
    pytest.mark.distributed,
    pytest.mark.skipif(not FLORES.exists(), reason=f"FLORES not found at {FLORES}"),
]


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray for this module; the engines find it initialised and leave it running."""
    if ray.is_initialized():
        ray.shutdown()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="error")
    yield
    ray.shutdown()


def _pairs(db: Path) -> list[tuple[str, str, float, str]]:
    return sqlite3.connect(db).execute("SELECT kk, ru, score, method FROM pairs ORDER BY kk, ru").fetchall()


def test_align_on_ray_stores_the_same_pairs_as_local(local_ray, cli, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_parallel_pairs(docs, 8)
    for engine in ("local", "ray"):
        result = cli("align", docs, "--db", tmp_path / f"{engine}.db", "--engine", engine)
        assert result.exit_code == 0, result.output
    local = _pairs(tmp_path / "local.db")
    assert len(local) >= 24
    assert _pairs(tmp_path / "ray.db") == local


def test_align_on_ray_refuses_bad_input_like_local(local_ray, cli, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_parallel_pairs(docs, 2)
    (docs / "scan.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    result = cli("align", docs, "--db", tmp_path / "tm.db", "--engine", "ray")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert result.stderr.rstrip().endswith("is a binary file, not text; convert it to a UTF-8 .txt file "
                                           "first (.docx, .pdf and .html are read directly)")


def test_corpus_mine_on_ray_writes_the_local_pairs(local_ray, cli, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_comparable_corpus(folder, 8)
    for engine in ("local", "ray"):
        result = cli("corpus", "mine", folder, tmp_path / engine, "--engine", engine, "--shard-docs", "3")
        assert result.exit_code == 0, result.output
    local = mined_pairs(tmp_path / "local")
    assert len(local) >= 15
    assert mined_pairs(tmp_path / "ray") == local
