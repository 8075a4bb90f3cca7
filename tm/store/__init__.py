"""The translation memory: one `Store` interface, an SQLite file or a PostgreSQL database.

`Store("tm.db")` opens (or creates) an SQLite file; `Store("postgresql://user@host/db")` a
PostgreSQL database with pgvector. Both apply their own versioned migrations and refuse a
schema newer than this `tm` knows.
"""

from __future__ import annotations

from tm.store.base import DEFAULT_DB, Store, is_url, now
from tm.store.sqlite import schema_version

__all__ = ["DEFAULT_DB", "Store", "is_url", "now", "schema_version"]
