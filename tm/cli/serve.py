"""`tm serve`: the translator's lookup page over the TM and the glossary."""

from __future__ import annotations

from typing import Annotated

import typer

from tm.cli._common import DEFAULT_DB_PATH, DbOption, fail, user_errors


def serve(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on. Keep 127.0.0.1: any other exposes the TM to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    allow_edit: Annotated[bool, typer.Option("--allow-edit", help="Allow approving, rejecting and correcting glossary entries from the page.")] = False,
) -> None:
    """Serve a lookup page over the TM and its glossary at http://HOST:PORT/ until Ctrl-C.

    One search box, Kazakh or Russian: glossary entries found from any inflected form, then exact and fuzzy matches with their percentage, concordance and meaning-based matches, both sides highlighted; filters, paging, an entry page per term, downloads (TMX, TBX, OmegaT, TSV). GET /?q=... works without JavaScript. Read-only unless --allow-edit.
    """
    try:
        from tm.web.server import is_loopback, serve as run
    except ModuleNotFoundError as exc:
        raise fail(f"tm serve needs the web extra ({exc.name} is missing): pip install 'tm[web]'") from None
    if not is_loopback(host):
        typer.secho(f"WARNING: listening on {host} makes the TM readable by anyone who can reach "
                    "this machine; the page has no login. Use --host 127.0.0.1 unless you mean it.",
                    err=True, fg="red", bold=True)
    with user_errors():
        run(db, host=host, port=port, allow_edit=allow_edit, say=lambda line: typer.echo(line, err=True))


def register(app: typer.Typer) -> None:
    app.command()(serve)
