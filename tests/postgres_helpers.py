"""A real PostgreSQL with pgvector for the tests: one embedded server per session, one new
database per test; tests skip with the reason when no server can start."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

_NAMES = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install 'tm[postgres]')")
    pytest.importorskip("pgvector", reason="pgvector (Python) not installed (pip install 'tm[postgres]')")
    from tm.errors import StoreError
    from tm.store.embedded import start_server

    try:
        server = start_server()
    except StoreError as exc:
        pytest.skip(f"no embedded PostgreSQL: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:  # noqa: ANN001
    """The URL of a new, empty database on the test server."""
    return pg_server.create_database(f"tm_test_{next(_NAMES)}")
