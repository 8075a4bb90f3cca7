"""`tm search`: TM pairs for a sentence or phrase in Kazakh or Russian."""

from __future__ import annotations

from typing import Annotated

import typer

from tm.cli._common import DEFAULT_DB_PATH, DbOption, JsonOption, ModelOption, print_json, user_errors


def search(
    query: Annotated[str, typer.Argument(help="A sentence, phrase or word, in Kazakh or Russian.")],
    db: DbOption = DEFAULT_DB_PATH,
    limit: Annotated[int, typer.Option(min=1, help="Most hits to show.")] = 10,
    model: ModelOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list semantic matches calibrated as probably unrelated.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Fuzzy matches (CAT %), concordance (the words found) and semantic matches (how related) from the TM."""
    from tm.encoders import get_encoder
    from tm.search import search as run_search
    from tm.store import Store

    with user_errors(), Store(db, create=False) as store:
        hits = run_search(store, query, limit=limit, encoder=get_encoder(model) if model else None,
                          unrelated=show_all)
    if json_out:
        print_json([h.to_dict() for h in hits])
        return
    if not hits:
        typer.echo("no matches" + ("" if show_all else " (--all also lists semantic matches that are probably unrelated)"))
        return
    for hit in hits:
        docs = " / ".join(d for d in dict.fromkeys((hit.kk_doc, hit.ru_doc)) if d) or hit.origin
        scale = f" {hit.label}" if hit.scale == "percent" else f": {hit.label}"
        typer.echo(f"[{hit.kind}{scale}]" + (f" {docs}" if docs else ""))
        typer.echo(f"  kk: {hit.kk}")
        typer.echo(f"  ru: {hit.ru}")
        typer.echo(f"  {hit.explanation}")


def register(app: typer.Typer) -> None:
    app.command()(search)
