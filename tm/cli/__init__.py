"""The `tm` command line: each command module registers its commands on one Typer app.

Commands parse arguments, make one library call and print; the library raises `tm.errors`.
"""

from __future__ import annotations

import importlib

import typer

from tm.cli._boundary import TmGroup

app = typer.Typer(
    cls=TmGroup,
    name="tm",
    help="Kazakh-Russian translation memory and terminology: clean, align, search, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_COMMAND_MODULES = (
    "align",
    "clean",
    "export",
    "importing",
    "glossary",
    "search",
    "model",
    "serve",
    "copy",
    "corpus",
)


def _version(value: bool) -> None:
    if value:
        from tm import __version__

        typer.echo(f"tm {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="Print the version of tm and exit."),
) -> None:
    """Kazakh-Russian translation memory and terminology: clean, align, search, export."""


def _register() -> None:
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"tm.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"tm.cli.{name}":  # not written yet
                continue
            raise
        module.register(app)


_register()


def main() -> None:
    app()
