"""The command line as a whole: every command documented, `python -m tm`, the public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tm.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(
    {c.name or c.callback.__name__ for c in app.registered_commands}
    | {g.name for g in app.registered_groups if g.name}
)


def test_contract_commands_exist() -> None:
    assert {"align", "clean", "export", "glossary", "term", "search", "import", "model"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command: str, cli) -> None:
    assert f"tm {command}" in README
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_python_dash_m_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "tm", "--help"], capture_output=True, text=True, check=True)
    assert "align" in out.stdout


def test_package_api_names_resolve() -> None:
    import tm

    for name in tm.__all__:
        assert getattr(tm, name) is not None
