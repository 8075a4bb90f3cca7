"""`tm align`: documents in, aligned pairs in the translation memory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tm.cli._common import (
    DEFAULT_DB_PATH, DOCUMENTS_HELP, DbOption, JsonOption, ModelOption, count, print_json, user_errors,
)


def align(
    paths: Annotated[list[Path] | None, typer.Argument(help=DOCUMENTS_HELP + " Language detected.")] = None,
    kk: Annotated[list[Path] | None, typer.Option("--kk", help="A Kazakh document (language forced).")] = None,
    ru: Annotated[list[Path] | None, typer.Option("--ru", help="A Russian document (language forced).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    mode: Annotated[Literal["auto", "parallel", "comparable"], typer.Option(
        "--mode", help="auto (decided per document pair), parallel (translations) or comparable (same topics).")] = "auto",
    one_per_line: Annotated[bool, typer.Option("--one-per-line", help="Input is segmented: one segment per line.")] = False,
    model: ModelOption = None,
    json_out: JsonOption = False,
    engine: Annotated[Literal["local", "ray"], typer.Option(
        "--engine", help="Where the work runs: local (this machine) or ray (a Ray cluster).")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address (e.g. auto, or HOST:6379); --engine ray.")] = None,
) -> None:
    """Align Kazakh and Russian documents and store the sentence pairs in the TM."""
    from tm.distributed import get_engine
    from tm.pipeline import align_paths
    from tm.progress import job
    from tm.store import Store

    with (user_errors(), get_engine(engine, address=address) as runner, Store(db) as store,
          job("align", enabled=not json_out)):
        report = align_paths(store, paths or [], kk=kk or [], ru=ru or [], mode=mode,
                             one_per_line=one_per_line, model=model, progress=not json_out, engine=runner)
    if json_out:
        print_json(report.to_dict())
        return
    _print_summary(report)


def _print_summary(report) -> None:  # noqa: ANN001 - tm.pipeline.AlignReport
    from collections import Counter

    unaligned = Counter(s.doc for s in report.unaligned)
    for d in report.documents:
        left = f", {unaligned[d.name]} unaligned" if d.lang in ("kk", "ru") else ""
        typer.echo(f"{d.name}: {d.lang} ({d.reason}), {d.segments} segments{left}, {d.edits} repairs")
    for s in report.skipped:
        typer.echo(f"skipped {s}")
    for g in report.groups:
        docs = f"{', '.join(g.kk_docs)} <-> {', '.join(g.ru_docs)}"
        if g.error:
            typer.echo(f"FAILED {docs}: {g.error}", err=True)
            continue
        typer.echo(f"{docs}: {g.mode} (sure {g.mode_confidence:.2f}: {g.reason}); "
                   f"{count(g.pairs, 'pair')}, mean pair score {g.confidence:.2f}")
    typer.echo(f"{count(report.pairs_stored, 'pair')} in {report.db} ({report.pairs_new} from this run), "
               f"{report.seconds:.1f} s, model {report.model}")
    if report.unaligned:
        typer.echo(f"{count(len(report.unaligned), 'segment')} in no pair: listed by --json and by "
                   f"`tm export --db {report.db} --unaligned --format tsv`")


def register(app: typer.Typer) -> None:
    app.command()(align)
