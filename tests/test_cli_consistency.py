"""Every command behaves the same at its edges: `--help`, a bad option, a missing file.

The commands are read from the CLI itself, so a command added later (serve, copy, corpus ...)
is checked without touching this file: `--help` exits 0; a bad option is one `error: ...` line
on stderr with exit code 2; a missing file (a path argument, or `--db`) is one `error: ...` line
with exit code 1; and none of them leaves a new file behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tm.cli.synopsis import choices, commands, is_path

# Commands whose path argument is something they create, so "missing" is no error for them.
CREATES_ITS_PATH = {"model export-st"}
# Commands that name no file but can be pointed at a missing one with an option.
MISSING_BY_OPTION = {"model info": ("--model", "no-such-model-folder")}


COMMANDS = commands()


def _missing_args(name: str, command, folder: Path) -> list[str] | None:  # noqa: ANN001
    """Arguments that make `name` read a file that does not exist (None when nothing can)."""
    args = name.split()
    missing = str(folder / "missing" / "no-such-file.txt")
    named_a_path = False
    for param in command.params:
        if param.param_type_name == "argument" and param.required:
            args.append(missing if is_path(param) else "x")
            named_a_path |= is_path(param)
        elif param.param_type_name == "option" and param.required and choices(param):
            args += [param.opts[0], choices(param)[0]]
        elif param.param_type_name == "option" and param.required:  # tm copy --from DB --to DB
            args += [param.opts[0], str(folder / f"missing-{param.name}.db")]
            named_a_path = True
    if any("--db" in p.opts for p in command.params if p.param_type_name == "option"):
        args += ["--db", str(folder / "missing.db")]
        named_a_path = True
    if name in MISSING_BY_OPTION:
        option, value = MISSING_BY_OPTION[name]
        args += [option, str(folder / value)]
        named_a_path = True
    return args if named_a_path else None


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder (where the default tm.db would go) with no TM_DB set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TM_DB", raising=False)
    return tmp_path


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def _one_error_line(result) -> None:  # noqa: ANN001
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_exits_0(name: str, cli, workdir: Path) -> None:
    result = cli(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    assert _files(workdir) == set()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bad_option_is_one_line_and_exit_2(name: str, cli, workdir: Path) -> None:
    result = cli(*name.split(), "--no-such-option")
    assert result.exit_code == 2
    _one_error_line(result)
    assert "--no-such-option" in result.stderr and f"tm {name} --help" in result.stderr
    assert _files(workdir) == set()


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - CREATES_ITS_PATH))
def test_missing_file_is_one_line_and_exit_1(name: str, cli, workdir: Path) -> None:
    args = _missing_args(name, COMMANDS[name], workdir)
    if args is None:
        pytest.skip(f"tm {name} reads no file")
    result = cli(*args)
    assert result.exit_code == 1, result.output
    _one_error_line(result)
    assert _files(workdir) == set(), f"tm {' '.join(args)} left files behind"


def test_bad_choice_names_the_valid_ones(cli, workdir: Path) -> None:
    result = cli("export", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr == ("error: invalid value for --format: 'xml' is not one of tmx, tsv, jsonl "
                             "(see `tm export --help`)\n")


def test_version(cli) -> None:
    from tm import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"tm {__version__}\n"


def test_no_arguments_prints_help(cli) -> None:
    result = cli()
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "align" in result.stdout


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "one-language"])
def test_failed_align_leaves_no_database(case: str, cli, workdir: Path) -> None:
    doc = workdir / "doc.txt"
    if case == "empty":
        doc.write_text("", encoding="utf-8")
    elif case == "binary":
        doc.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    elif case == "one-language":
        doc.write_text("Цифрлық дипломатия – халықаралық қатынастардың жаңа құралы.\n", encoding="utf-8")
    before = _files(workdir)
    result = cli("align", str(doc), "--db", str(workdir / "new.db"))
    assert result.exit_code == 1
    _one_error_line(result)
    assert _files(workdir) == before


def test_failed_import_leaves_no_database(cli, workdir: Path) -> None:
    result = cli("import", str(workdir / "memory.tmx"))
    assert result.exit_code == 1
    _one_error_line(result)
    assert _files(workdir) == set()


def test_a_failed_run_keeps_an_existing_database(cli, workdir: Path) -> None:
    from tm.store import Store

    Store(workdir / "tm.db").close()
    before = (workdir / "tm.db").read_bytes()
    result = cli("import", str(workdir / "memory.tmx"))
    assert result.exit_code == 1
    assert (workdir / "tm.db").read_bytes() == before


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`tm ... | head -1`: the reader goes away; tm exits 0 and says nothing."""
    from tm.store import Store
    from tm.store.pairs import add_pairs
    from tm.store.records import PairRecord

    db = tmp_path / "tm.db"
    with Store(db) as store:  # more than a pipe's buffer holds, so writing blocks until the reader goes
        add_pairs(store, [PairRecord(f"Цифрлық дипломатия туралы {i}-бап.", f"Статья {i} о цифровой дипломатии.",
                                     0.9, "import") for i in range(3000)])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    code = "import sys; sys.argv[0] = 'tm'; from tm.cli import main; main()"
    producer = subprocess.Popen(
        [sys.executable, "-c", code, "export", "--db", str(db), "--format", "jsonl", "--min-score", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.readline()
    producer.stdout.close()  # the reader is gone before the writer is done
    with producer.stderr:
        stderr = producer.stderr.read().decode()
    assert producer.wait(timeout=120) == 0, stderr
    assert "exported" in stderr or stderr == ""
    assert "Traceback" not in stderr and "error" not in stderr


def test_a_new_database_that_holds_pairs_is_kept(tmp_path: Path) -> None:
    """An interrupted first `tm align` keeps the document pairs it committed."""
    from tm.cli._boundary import NewFiles
    from tm.store import Store
    from tm.store.pairs import add_pairs
    from tm.store.records import PairRecord

    empty, filled = tmp_path / "empty.db", tmp_path / "filled.db"
    guard = NewFiles([empty, filled])
    Store(empty).close()
    with Store(filled) as store:
        add_pairs(store, [PairRecord("Сәлем.", "Привет.", 0.9, "parallel")])
    guard.remove_new()
    assert not empty.exists() and filled.exists()


def test_term_not_found_is_one_error_line(cli, workdir: Path) -> None:
    from tm.store import Store

    Store(workdir / "tm.db").close()
    result = cli("term", "дипломатия", "--db", workdir / "tm.db")
    assert result.exit_code == 1
    assert result.stderr == ("error: no glossary term in 'дипломатия'; try another form or a shorter phrase, "
                             "or list the glossary with `tm glossary`\n")
