"""The command line as a whole: the contract's commands, `python -m tm`, the public API (the README's
command list is checked by test_cli_readme.py, every command's edges by test_cli_consistency.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tm.cli import app

COMMANDS = sorted(
    {c.name or c.callback.__name__ for c in app.registered_commands}
    | {g.name for g in app.registered_groups if g.name}
)


def test_contract_commands_exist() -> None:
    assert {"align", "clean", "export", "glossary", "term", "search", "import", "model"} <= set(COMMANDS)


def test_python_dash_m_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "tm", "--help"], capture_output=True, text=True, check=True)
    assert "align" in out.stdout


def test_package_api_names_resolve() -> None:
    import tm

    for name in tm.__all__:
        assert getattr(tm, name) is not None
