"""The edge of the command line: exit codes, one-line errors, closed pipes, no leftover files.

Every command, whoever adds it, runs inside `TmGroup.main`, so every command gets:
- every error, usage or not, as one line `error: ...` on stderr; exit code 2 for a usage error
  (a bad option or value, the convention of argparse and Click that scripts rely on), 1 for
  anything else (`tm.errors` are turned into exit 1 by `tm.cli._common.user_errors`);
- a closed pipe (`tm export ... | head -2`) is not an error: exit 0, no message;
- a failed run leaves the disk as it was: a translation memory file (with its WAL and FAISS side
  files) that did not exist before the run is removed when the run fails, unless it holds
  something (an interrupted `tm align` keeps the document pairs it committed).
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

try:  # Typer >= 0.24 carries its own copy of Click
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - older Typer on Click
    from click import exceptions as cx  # type: ignore[no-redef]

# Options that name a translation-memory database a command may create.
STORE_OPTIONS = ("--db", "--to")
_SIDE_FILES = ("-wal", "-shm", "-journal", ".faiss", ".faiss.json", ".faiss.hub.npz")
_QUOTED_CHOICE = re.compile(r"'([^']*)'")


class TmGroup(TyperGroup):
    """The `tm` group: Typer's parsing, with the error boundary of this module around it."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            _silence_stdout()
            raise typer.Exit(0) from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        guard = NewFiles(store_paths(argv))
        try:
            code = super().main(args=argv, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
            code = code if isinstance(code, int) else 0
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            code = 0
        except cx.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help())
            code = 0
        except cx.UsageError as exc:
            typer.echo(f"error: {usage_message(exc)}", err=True)
            code = 2
        except cx.ClickException as exc:
            typer.echo(f"error: {one_line(exc.format_message())}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            code = 1
        if code != 0:
            guard.remove_new()
        if standalone_mode:
            sys.exit(code)
        return code


def one_line(text: str) -> str:
    return " ".join(text.split())


def usage_message(exc: cx.UsageError) -> str:
    """`invalid value for --format: 'xml' is not one of tmx, tsv, jsonl (see `tm export --help`)`."""
    text = one_line(exc.format_message()).removesuffix(".")
    text = text.replace("Value error, ", "")
    if " is not one of " in text:
        head, _, choices = text.partition(" is not one of ")
        text = f"{head} is not one of {', '.join(_QUOTED_CHOICE.findall(choices)) or choices}"
    text = re.sub(r"'(--?[\w-]+)(?: / [^']*)?'", r"\1", text)  # '--format' -> --format
    text = text[:1].lower() + text[1:]
    where = exc.ctx.command_path if exc.ctx is not None else "tm"
    return f"{text} (see `{where} --help`)"


def store_paths(argv: Sequence[str]) -> list[Path]:
    """The database files a command line may create: `--db`/`--to` values, else $TM_DB or tm.db."""
    found: list[str] = []
    for i, arg in enumerate(argv):
        for option in STORE_OPTIONS:
            if arg == option and i + 1 < len(argv):
                found.append(argv[i + 1])
            elif arg.startswith(option + "="):
                found.append(arg[len(option) + 1:])
    if not any(a == "--db" or a.startswith("--db=") for a in argv):
        found.append(os.environ.get("TM_DB") or "tm.db")
    return [Path(p) for p in found if p and "://" not in p and p != ":memory:"]


class NewFiles:
    """Remembers which of `paths` exist now; `remove_new()` deletes the ones created since that
    hold nothing."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.absent = [p for p in paths if not p.exists()]

    def remove_new(self) -> None:
        for path in self.absent:
            if not path.is_file() or _holds_data(path):
                continue
            for side in ("", *_SIDE_FILES):
                Path(f"{path}{side}").unlink(missing_ok=True)


def _holds_data(path: Path) -> bool:
    """Whether the SQLite file at `path` has a document, pair or glossary entry."""
    import sqlite3

    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return any(db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                       for table in ("documents", "pairs", "glossary"))
    except sqlite3.Error:
        return False


def _silence_stdout() -> None:
    """After a closed pipe: send what is left in stdout's buffer nowhere, so exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
