"""`tm corpus mine`: corpus-scale mining into pair shards and a TMX (tm.distributed.corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tm.cli._common import JsonOption, ModelOption, count, print_json, user_errors

corpus_app = typer.Typer(help="Corpus-scale jobs: many documents, shards on disk, local or on Ray.",
                         no_args_is_help=True)


@corpus_app.command("mine")
def mine(
    inputs: Annotated[list[Path], typer.Argument(help="Folders, documents, or .jsonl/.parquet manifests (path, lang).")],
    out_dir: Annotated[Path, typer.Argument(help="Output folder: pair shards, pairs.tmx, summary.json; rerun to resume.")],
    engine: Annotated[Literal["local", "ray"], typer.Option(help="local (this machine) or ray (a Ray cluster).")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address (auto, or HOST:6379); --engine ray.")] = None,
    model: ModelOption = None,
    shard_docs: Annotated[int, typer.Option(help="Documents per shard.")] = 64,
    index: Annotated[Literal["auto", "exact", "ivfpq"], typer.Option(
        help="auto, exact or ivfpq (FAISS IVF-PQ, candidates re-scored exactly).")] = "auto",
    json_out: JsonOption = False,
) -> None:
    """Mine Kazakh-Russian sentence pairs across all documents (comparable, not paired in advance)."""
    from tm.distributed import get_engine
    from tm.distributed.corpus import mine_corpus

    from tm.progress import job

    with user_errors(), get_engine(engine, address=address) as runner, job("corpus mine", enabled=not json_out):
        report = mine_corpus(inputs, out_dir, engine=runner, model=model, shard_docs=shard_docs,
                             index=index, progress=not json_out)
    if json_out:
        print_json(report.to_dict())
        return
    for failure in report.failed:
        typer.echo(f"left out {failure['reason']}", err=True)
    for note in report.notes:
        typer.echo(note)
    sentences = ", ".join(f"{n} {lang}" for lang, n in report.sentences.items())
    typer.echo(f"{count(report.documents, 'document')} in {count(report.shards, 'shard')} "
               f"({report.shards_reused} reused), {len(report.failed)} left out; sentences {sentences}")
    typer.echo(f"{count(report.pairs, 'pair')} in {out_dir} (pairs/*.jsonl, pairs.tmx, summary.json), "
               f"{report.seconds:.1f} s on {report.engine}, model {report.model}")


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
