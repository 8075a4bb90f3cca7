"""Shared fixtures: paths to ../shared, a CLI runner, a temporary TM."""

from __future__ import annotations

from pathlib import Path

import pytest
from postgres_helpers import pg_server, pg_url  # noqa: F401 - one PostgreSQL per session, for every test file

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tm.db"


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def cli(runner):
    """Invoke `tm` in-process; returns the Click result."""
    from tm.cli import app

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return invoke
