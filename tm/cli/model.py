"""`tm model`: what the encoder is, and the bundled model written as a sentence-transformers folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._common import JsonOption, ModelOption, print_json, user_errors

model_app = typer.Typer(help="The sentence encoder: show it, or export the bundled one.", no_args_is_help=True)


@model_app.command("info")
def info(
    model: ModelOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show the encoder a command would use: backend, dimension, prefixes."""
    from tm.encoders import model_info

    with user_errors():
        data = model_info(model)
    if json_out:
        print_json(data)
        return
    for key, value in data.items():
        typer.echo(f"{key}: {value}")


@model_app.command("export-st")
def export_st(
    out_dir: Annotated[Path, typer.Argument(help="New folder to write (must not exist or be empty).")],
) -> None:
    """Write the bundled multilingual-e5-small as a sentence-transformers folder (no download)."""
    from tm.encoders.export_st import export_sentence_transformers

    with user_errors():
        folder = export_sentence_transformers(out_dir)
    typer.echo(f"wrote {folder}; use it with --model {folder} (needs the st extra)")


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
