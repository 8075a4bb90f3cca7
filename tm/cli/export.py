"""`tm export`: the translation memory as TMX 1.4b, TSV or JSONL; or the unaligned segments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tm.cli._common import DEFAULT_DB_PATH, DbOption, count, user_errors, write_output
from tm.export import DEFAULT_MIN_SCORE


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    format: Annotated[Literal["tmx", "tsv", "jsonl"], typer.Option("--format", help="File format.")],
    db: DbOption = DEFAULT_DB_PATH,
    out: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout).", dir_okay=False)] = None,
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help=f"Only pairs scoring at least this (default {DEFAULT_MIN_SCORE}: scores are calibrated, "
             "so the pairs more likely right than wrong; 0 exports all).")] = DEFAULT_MIN_SCORE,
    source: Annotated[Literal["kk", "ru"], typer.Option("--source", help="Source language (TMX srclang, first column).")] = "kk",
    lang_style: Annotated[
        Literal["short", "region"], typer.Option("--lang-style", help="Language codes: short (kk/ru) or region (kk-KZ/ru-RU).")
    ] = "short",
    unaligned: Annotated[bool, typer.Option(
        "--unaligned", help="Instead of pairs, the segments of aligned documents in no pair (tsv or jsonl).")] = False,
) -> None:
    """Export the pairs of the translation memory for CAT tools (TMX) or scripts (TSV, JSONL)."""
    from tm.export import export_pairs, export_unaligned
    from tm.store import Store

    if unaligned and format == "tmx":
        raise typer.BadParameter("unaligned segments have no partner for TMX; use --format tsv or jsonl",
                                 param_hint="--format")
    target = str(out) if out is not None else "stdout"
    with user_errors(), Store(db, create=False) as store:
        if unaligned:
            written: list[int] = []
            write_output(out, lambda fh: written.append(export_unaligned(store, format, fh)))  # type: ignore[arg-type]
            typer.echo(f"exported {count(written[0], 'unaligned segment')} to {target}", err=True)
            return
        reports = []
        write_output(out, lambda fh: reports.append(export_pairs(
            store, format, fh, min_score=min_score, source=source, lang_style=lang_style)))
    report = reports[0]
    left_out = (f"; {count(report.left_out, 'pair')} below left out (--min-score 0 exports them)"
                if report.left_out else "")
    typer.echo(f"exported {count(report.written, 'pair')} with score >= {report.min_score:g} to {target}"
               f"{left_out}", err=True)
