"""`tm import`: TMX 1.1/1.4 and TSV in, pairs in the TM once, problems reported, never half-done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.errors import FormatError, InputError
from tm.importer import import_file
from tm.search import search
from tm.store import Store

HEADER = (
    '<?xml version="1.0" encoding="{enc}"?>\n<tmx version="{version}">\n'
    '<header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
    'adminlang="en" srclang="{src}" datatype="plaintext"/>\n<body>\n{body}</body>\n</tmx>\n'
)
RAIN = ("Кеше қалада қатты жаңбыр жауды.", "Вчера в городе шёл сильный дождь.")
BOOK = ("Ол кітапханадан үш кітап алды.", "Он взял в библиотеке три книги.")


def tu(kk: str, ru: str, *, kk_code: str = "kk", ru_code: str = "ru", attr: str = "xml:lang",
       ru_first: bool = False, props: str = "") -> str:
    a = f'<tuv {attr}="{kk_code}"><seg>{kk}</seg></tuv>'
    b = f'<tuv {attr}="{ru_code}"><seg>{ru}</seg></tuv>'
    return f"<tu>{props}{b + a if ru_first else a + b}</tu>\n"


def tmx(body: str, *, version: str = "1.4", src: str = "kk", enc: str = "UTF-8") -> str:
    return HEADER.format(body=body, version=version, src=src, enc=enc)


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def pairs_in(db: Path) -> list[tuple[str, str, str, float, str]]:
    with Store(db) as s:
        return [tuple(r) for r in s.db.execute("SELECT kk, ru, method, score, origin FROM pairs ORDER BY id")]


GOOD_FILES = {
    "bom.tmx": ("\ufeff" + tmx(tu(*RAIN) + tu(*BOOK))).encode("utf-8"),
    "utf16.tmx": tmx(tu(*RAIN, kk_code="KK-KZ", ru_code="ru-RU", ru_first=True) + tu(*BOOK, kk_code="kk-KZ"),
                     src="ru", enc="UTF-16").encode("utf-16"),
    "omegat11.tmx": tmx(tu(*RAIN, attr="lang") + tu(*BOOK, attr="lang"), version="1.1").encode(),
    "pairs.tsv": f"kk\tru\n{RAIN[0]}\t{RAIN[1]}\n{BOOK[0]}\t{BOOK[1]}\n".encode(),
    "noheader.tsv": f"{RAIN[0]}\t{RAIN[1]}\n{BOOK[0]}\t{BOOK[1]}\n".encode(),
}


@pytest.mark.parametrize("name", list(GOOD_FILES))
def test_import_each_format_once(name: str, tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / name, GOOD_FILES[name])
    with Store(db_path) as s:
        first = import_file(s, path)
        again = import_file(s, path)
    assert (first.imported, first.duplicates, first.skipped, first.warnings) == (2, 0, [], [])
    assert (again.imported, again.duplicates) == (0, 2)
    assert pairs_in(db_path) == [(*RAIN, "import", 1.0, name), (*BOOK, "import", 1.0, name)]


def test_score_prop_is_kept(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "scored.tmx", tmx(tu(*RAIN, props='<prop type="x-score">0.8300</prop>')))
    with Store(db_path) as s:
        import_file(s, path)
    assert pairs_in(db_path)[0][3] == pytest.approx(0.83)


@pytest.mark.parametrize("name, data, imported, skipped, warnings", [
    ("codes.tmx", tmx(tu(*RAIN, kk_code="kk_KZ") + tu(*BOOK, kk_code="kaz")), 2, [],
     ["codes.tmx:5: non-standard language code 'kk_KZ' read as kk",
      "codes.tmx:6: non-standard language code 'kaz' read as kk"]),
    ("amp.tmx", tmx(tu("Қазақстан & Ресей", "Казахстан & Россия")), 1, [],
     ["amp.tmx:5: escaped 2 raw '&' as '&amp;'"]),
    ("ctrl.tmx", tmx(tu("Кеше\x0b жаңбыр жауды.", "Вчера шёл дождь.")), 1, [],
     ["ctrl.tmx:5: removed 1 control character(s) that XML forbids"]),
    ("half.tmx", tmx(tu(*RAIN) + '<tu><tuv xml:lang="kk"><seg>Жалғыз</seg></tuv></tu>\n'
                     + tu("", "Только русский")), 1,
     ["half.tmx:6: no Russian text in this unit", "half.tmx:7: no Kazakh text in this unit"], []),
    ("rows.tsv", f"kk\tru\n{RAIN[0]}\t{RAIN[1]}\nтек бір жақ\n\tПусто\n", 1,
     ["rows.tsv:3: no TAB between the Kazakh and the Russian text", "rows.tsv:4: the Kazakh text is empty"], []),
])
def test_damaged_units_are_reported_never_dropped_silently(
        name: str, data: str, imported: int, skipped: list[str], warnings: list[str],
        tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / name, data)
    with Store(db_path) as s:
        report = import_file(s, path)
    assert report.imported == imported
    assert [str(p).replace(f"{tmp_path}/", "") for p in report.skipped] == skipped
    assert [str(p).replace(f"{tmp_path}/", "") for p in report.warnings] == warnings


@pytest.mark.parametrize("name, data, message", [
    ("entity.tmx", '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n]>\n'
     + tmx(tu("&lol;", "x")).split("\n", 1)[1],
     "{path}:3: the DOCTYPE declares entities, which tm refuses to expand (billion-laughs "
     "protection); remove the <!ENTITY> declarations"),
    ("broken.tmx", tmx(tu(*RAIN) + '<tu><tuv xml:lang="kk"><seg>ашық</tuv></tu>\n'),
     "{path}:6: not well-formed XML (Opening and ending tag mismatch: seg line 6 and tuv); "
     "fix the file or export it again"),
    ("other.tmx", tmx(tu("Hello", "Hallo", kk_code="en", ru_code="de"), src="en"),
     "{path}: no Kazakh and Russian TUVs found (languages: de, en); export the memory with kk "
     "and ru (codes kk/kk-KZ and ru/ru-RU)"),
    ("empty.tsv", "", "{path}: the file is empty; export the memory again from its tool"),
])
def test_malformed_file_fails_and_leaves_the_tm_unchanged(
        name: str, data: str, message: str, tmp_path: Path, db_path: Path) -> None:
    good = write(tmp_path / "good.tsv", GOOD_FILES["pairs.tsv"])
    with Store(db_path) as s:
        import_file(s, good)
    before = pairs_in(db_path)
    path = write(tmp_path / name, data)
    with Store(db_path) as s, pytest.raises(FormatError) as err:
        import_file(s, path)
    assert str(err.value) == message.format(path=path)
    assert pairs_in(db_path) == before


def test_failure_while_writing_rolls_back(tmp_path: Path, db_path: Path, monkeypatch) -> None:
    path = write(tmp_path / "pairs.tsv", GOOD_FILES["pairs.tsv"])
    calls = []

    def explode(value: object) -> None:
        calls.append(value)
        if len(calls) == 2:
            raise OSError("disk full")

    monkeypatch.setattr("tm.importer._number", explode)
    with Store(db_path) as s, pytest.raises(OSError):
        import_file(s, path)
    assert pairs_in(db_path) == []


def test_missing_file(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as s, pytest.raises(InputError) as err:
        import_file(s, tmp_path / "none.tmx")
    assert str(err.value) == f"{tmp_path / 'none.tmx'}: no such file; check the path"


def test_imported_pairs_are_searchable(tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "pairs.tsv", GOOD_FILES["pairs.tsv"])
    with Store(db_path) as s:
        import_file(s, path)
        hits = search(s, "библиотеку", kinds=("concordance",))
    assert [(h.kk, h.origin) for h in hits] == [(BOOK[0], "pairs.tsv")]


def test_cli_import_summary_problems_and_json(cli, tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "rows.tsv", f"kk\tru\n{RAIN[0]}\t{RAIN[1]}\nтек бір жақ\n")
    result = cli("import", path, "--db", db_path)
    assert result.exit_code == 0
    assert result.stdout == f"rows.tsv: 1 pair imported, 0 duplicates, 1 skipped, into {db_path}\n"
    assert result.stderr == f"skipped: {path}:3: no TAB between the Kazakh and the Russian text\n"
    result = cli("import", path, "--db", db_path, "--json")
    assert json.loads(result.stdout) == {
        "file": str(path), "imported": 0, "duplicates": 1, "warnings": [],
        "skipped": [{"where": f"{path}:3", "reason": "no TAB between the Kazakh and the Russian text"}],
    }


def test_cli_import_error_is_one_line(cli, tmp_path: Path, db_path: Path) -> None:
    path = write(tmp_path / "broken.tmx", tmx(tu(*RAIN) + '<tu><tuv xml:lang="kk"><seg>ашық</tuv></tu>\n'))
    result = cli("import", path, "--db", db_path)
    assert result.exit_code == 1
    assert result.stderr == (f"error: {path}:6: not well-formed XML (Opening and ending tag mismatch: "
                             "seg line 6 and tuv); fix the file or export it again\n")
