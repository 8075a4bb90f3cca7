"""The command list, read from the CLI itself: what the README's Commands section must say.

`python -m tm.cli.synopsis` prints one line per command (`tm export [--db FILE] --format
tmx|tsv|jsonl ...`); tests/test_cli_readme.py checks the README names every command, option and
choice these lines name, so a new command or option fails the tests until it is documented.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import typer


def commands(app: typer.Typer | None = None) -> dict[str, Any]:
    """`{"export": <command>, "model info": <command>, ...}`: every command that runs something."""
    if app is None:
        from tm.cli import app
    out: dict[str, Any] = {}

    def walk(command: Any, prefix: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            out[prefix.strip()] = command
            return
        for name, sub in sorted(subcommands.items()):
            walk(sub, f"{prefix} {name}")

    walk(typer.main.get_command(app), "")
    return out


def annotation(param: Any) -> Any:
    """The Python type a parameter was declared with (list[X] -> X)."""
    descriptor = getattr(param, "type_descriptor", None)
    ann = getattr(descriptor, "annotation", None)
    if typing.get_origin(ann) is list:
        ann = typing.get_args(ann)[0]
    if typing.get_origin(ann) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        ann = next(a for a in typing.get_args(ann) if a is not type(None))
    return ann


def is_path(param: Any) -> bool:
    ann = annotation(param)
    return isinstance(ann, type) and issubclass(ann, Path)


def choices(param: Any) -> tuple[str, ...]:
    """The values a `Literal[...]` option accepts (empty for any other type)."""
    ann = annotation(param)
    return tuple(str(a) for a in typing.get_args(ann)) if typing.get_origin(ann) is typing.Literal else ()


def options(command: Any) -> list[Any]:
    return [p for p in command.params if p.param_type_name == "option" and "--help" not in p.opts]


_METAVARS = {"db": "FILE|URL", "min_score": "X", "limit": "N", "model": "NAME"}


def _piece(param: Any) -> str:
    if param.param_type_name == "argument":
        name = param.name.upper().rstrip("S") if param.nargs == -1 else param.name.upper()
        text = f"{name}..." if param.nargs == -1 else name
        return text if param.required else f"[{text}]"
    flag = max(param.opts, key=len)
    if getattr(param, "is_flag", False):
        text = flag
    else:
        value = "|".join(choices(param)) or param.metavar or (
            "FILE" if is_path(param) else _METAVARS.get(param.name, param.name.upper()))
        text = f"{flag} {value}"
    if getattr(param, "multiple", False):
        text = f"[{text}]..."
    return text if param.required else (text if text.startswith("[") else f"[{text}]")


def synopsis(name: str, command: Any) -> str:
    """`tm NAME` followed by its arguments and options, in declaration order."""
    params = [p for p in command.params if "--help" not in getattr(p, "opts", ())]
    return " ".join([f"tm {name}", *(_piece(p) for p in params)])


if __name__ == "__main__":
    for name, command in commands().items():
        print(synopsis(name, command))
