"""The README's command list agrees with the CLI: every command, option and choice the CLI has
is in the README's Commands section, and nothing the CLI lacks. The failure message says what
to add and prints the line `python -m tm.cli.synopsis` generates for that command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tm.cli.synopsis import choices, commands, options, synopsis

README = Path(__file__).resolve().parents[1] / "README.md"
COMMANDS = commands()


def _entries() -> dict[str, str]:
    """`{"export": "tm export --format ... [--unaligned]", ...}` from the indented block of the
    README's Commands section; a command's wrapped lines are joined."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    entries: dict[str, str] = {}
    current = ""
    for line in section.splitlines():
        if line.startswith("    tm "):
            current = line.strip()
            words = current.split()
            name = " ".join(w for w in words[1:3] if re.fullmatch(r"[a-z][a-z-]*", w))
            name = name if name in COMMANDS else words[1]
            entries[name] = current
        elif line.startswith("     ") and current:
            entries[list(entries)[-1]] += " " + line.strip()
        elif line.strip():
            current = ""
    return entries


ENTRIES = _entries()


def _hint(name: str) -> str:
    return (f"; README.md, section Commands, should list it like this "
            f"(`python -m tm.cli.synopsis` prints every command):\n    {synopsis(name, COMMANDS[name])}")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_readme_lists_the_command_with_its_options_and_choices(name: str) -> None:
    assert name in ENTRIES, f"`tm {name}` is missing from the README" + _hint(name)
    entry = ENTRIES[name]
    for param in options(COMMANDS[name]):
        flag = max(param.opts, key=len)
        assert re.search(rf"{re.escape(flag)}\b", entry), f"`tm {name}`: the README does not mention {flag}" + _hint(name)
        for choice in choices(param):
            assert re.search(rf"{re.escape(flag)} [^ \]]*\b{re.escape(choice)}\b", entry), (
                f"`tm {name} {flag}`: the README does not list the choice {choice!r}" + _hint(name))


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_readme_lists_nothing_the_cli_lacks(name: str) -> None:
    if name == "--version":
        return
    assert name in COMMANDS, f"the README lists `tm {name}`, which the CLI does not have"
    flags = {opt for p in options(COMMANDS[name]) for opt in p.opts}
    for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", ENTRIES[name]):
        assert flag in flags, f"the README lists `tm {name} {flag}`, an option the CLI does not have" + _hint(name)


def test_readme_lists_version() -> None:
    assert "--version" in ENTRIES or any("tm --version" in e for e in ENTRIES.values())
