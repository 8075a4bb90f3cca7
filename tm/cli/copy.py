"""`tm copy`: a whole TM from one database to another (SQLite file <-> PostgreSQL)."""

from __future__ import annotations

from typing import Annotated

import typer

from tm.cli._common import JsonOption, count, print_json, user_errors


def copy(
    source: Annotated[str, typer.Option("--from", help="The TM to copy: a file or a postgresql:// URL.")],
    target: Annotated[str, typer.Option("--to", help="Where to copy it: a file or a postgresql:// URL.")],
    json_out: JsonOption = False,
) -> None:
    """Copy documents, pairs, glossary (with statuses) and provenance; counts are checked."""
    from tm.store.copy import copy_store

    with user_errors():
        report = copy_store(source, target)
    if json_out:
        print_json(report.to_dict())
        return
    typer.echo(f"{count(report.copied['pairs'], 'pair')}, {count(report.copied['documents'], 'document')}, "
               f"{count(report.copied['glossary'], 'glossary entry', 'glossary entries')} copied "
               f"to {report.target} ({count(report.present['pairs'], 'pair')} there now)")


def register(app: typer.Typer) -> None:
    app.command()(copy)
