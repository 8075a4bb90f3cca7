"""`tm export`: the translation memory as TMX 1.4b, TSV or JSONL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tm.cli._common import DEFAULT_DB_PATH, DbOption, count, user_errors, write_output


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    format: Annotated[Literal["tmx", "tsv", "jsonl"], typer.Option("--format", help="File format.")],
    db: DbOption = DEFAULT_DB_PATH,
    out: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout).", dir_okay=False)] = None,
    min_score: Annotated[float, typer.Option("--min-score", help="Only pairs scoring at least this.")] = 0.0,
    source: Annotated[Literal["kk", "ru"], typer.Option("--source", help="Source language (TMX srclang, first column).")] = "kk",
    lang_style: Annotated[
        Literal["short", "region"], typer.Option("--lang-style", help="Language codes: short (kk/ru) or region (kk-KZ/ru-RU).")
    ] = "short",
) -> None:
    """Export the pairs of the translation memory for CAT tools (TMX) or scripts (TSV, JSONL)."""
    from tm.formats import write_pairs
    from tm.store import Store
    from tm.store.pairs import iter_pairs

    with user_errors():
        with Store(db, create=False) as store:
            counted: list[int] = []
            write_output(out, lambda fh: counted.append(write_pairs(
                format, iter_pairs(store, min_score=min_score), fh, source=source, lang_style=lang_style,
            )))
        if out is not None:
            typer.echo(f"exported {count(counted[0], 'pair')} to {out}", err=True)
