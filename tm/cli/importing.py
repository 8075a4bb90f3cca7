"""`tm import`: pairs from an existing TM file (TMX, TSV, JSONL) into the translation memory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._common import DEFAULT_DB_PATH, DbOption, JsonOption, count, print_json, user_errors


def import_(
    file: Annotated[Path, typer.Argument(help="A .tmx (1.1/1.4), .tsv (kk<TAB>ru) or .jsonl file.")],
    db: DbOption = DEFAULT_DB_PATH,
    json_out: JsonOption = False,
) -> None:
    """Import the kk-ru pairs of a TM file; a file imported twice adds nothing the second time."""
    from tm.importer import import_file
    from tm.store import Store

    with user_errors(), Store(db) as store:
        report = import_file(store, file)
    if json_out:
        print_json(report.to_dict())
        return
    for problem in report.warnings:
        typer.echo(f"warning: {problem}", err=True)
    for problem in report.skipped:
        typer.echo(f"skipped: {problem}", err=True)
    typer.echo(f"{file.name}: {count(report.imported, 'pair')} imported, "
               f"{count(report.duplicates, 'duplicate')}, {len(report.skipped)} skipped, into {db}")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
