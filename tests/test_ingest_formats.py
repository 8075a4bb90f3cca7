"""Rich documents in: .docx, .html and PDF text layers become plain text; damaged ones are
refused with one line; `tm align` takes them like .txt files."""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from documents_helpers import make_docx, make_pdf
from tm.errors import InputError
from tm.ingest import collect_files, read_text_file

DATA = Path(__file__).parent / "data"
KK_LINES = [line for line in (DATA / "diplomacy.kk.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
RU_LINES = [line for line in (DATA / "diplomacy.ru.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_docx_paragraphs_tabs_breaks_and_tables(tmp_path: Path) -> None:
    path = write(tmp_path / "a.docx", make_docx(
        ["Цифрлық дипломатия", "Бағана\tекі", "бір жол\nекінші жол", "тасы\u00adмалдау"],
        table=[["Термин", "Термин"], ["дипломатия", "дипломатия"]]))
    text, kind = read_text_file(path)
    assert kind == "docx"
    assert text == ("Цифрлық дипломатия\nБағана\tекі\nбір жол\nекінші жол\nтасымалдау\n"
                    "Термин\nТермин\nдипломатия\nдипломатия\n")


def test_docx_is_known_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "report.txt", make_docx(["Цифровая дипломатия"]))
    assert read_text_file(path) == ("Цифровая дипломатия\n", "docx")


def test_html_blocks_become_lines_and_scripts_are_left_out(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html><head><title>Бет</title><style>p {color: red}</style></head><body>"
            "<h1>Цифровая  дипломатия</h1><script>var x = 'не текст';</script>"
            "<p>Первый&nbsp;абзац,\n  перенос строки.</p><ul><li>один</li><li>два</li></ul>"
            "<div>Текст<br>после разрыва</div><!-- комментарий --></body></html>")
    text, kind = read_text_file(write(tmp_path / "page.html", page))
    assert kind == "html"
    assert text == "Цифровая дипломатия\nПервый абзац, перенос строки.\nодин\nдва\nТекст\nпосле разрыва\n"


def test_html_in_cp1251_with_a_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Цифровая дипломатия</p></body></html>'
    path = write(tmp_path / "old.htm", page.encode("cp1251"))
    assert read_text_file(path) == ("Цифровая дипломатия\n", "html")


def test_pdf_text_layer_page_by_page(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", make_pdf([KK_LINES[:3], KK_LINES[3:5]]))
    text, kind = read_text_file(path)
    assert kind == "pdf"
    assert text == "\n".join(KK_LINES[:3]) + "\n\n" + "\n".join(KK_LINES[3:5]) + "\n"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("image.pdf", make_pdf([[], []]),
     "the PDF has no text layer (a scan without OCR); run OCR on it first (e.g. ocrmypdf -l kaz+rus) "
     "or give its text as a .txt file"),
    ("cut.pdf", make_pdf([KK_LINES[:2]])[:60], "not a readable PDF"),
    ("archive.docx", b"", "a ZIP archive but not a Word .docx document; give .docx, .pdf, .html, .txt or .md files"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 40, "a damaged .docx (ZIP) file"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
     "an old Word .doc (or other Office 97) file; save it as .docx"),
    ("notes.txt", b"{\\rtf1\\ansi \\f0 text}", "an RTF document; save it as .docx or as UTF-8 text"),
])
def test_damaged_documents_get_one_line_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    if name == "archive.docx":
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("photo.jpg", b"\xff\xd8")
    else:
        write(tmp_path / name, data)
    with pytest.raises(InputError) as err:
        read_text_file(tmp_path / name)
    assert str(err.value).startswith(f"{tmp_path / name}: {message}")
    assert "\n" not in str(err.value)


def test_docx_with_entities_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w") as archive:
        archive.writestr("word/document.xml", bomb)
    with pytest.raises(InputError, match="declares XML entities, which tm refuses to expand"):
        read_text_file(tmp_path / "bomb.docx")


def test_pdf_without_pypdf_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)
    path = write(tmp_path / "a.pdf", make_pdf([KK_LINES[:2]]))
    with pytest.raises(InputError, match=r"reading PDF needs pypdf: pip install 'tm\[pdf\]'"):
        read_text_file(path)


def test_folders_take_rich_documents_but_not_word_lock_files(tmp_path: Path) -> None:
    for name, data in [("a.docx", make_docx(["x"])), ("~$a.docx", b"lock"), ("b.pdf", make_pdf([["x"]])),
                       ("c.html", "<p>x</p>"), ("d.htm", "<p>x</p>"), ("e.txt", "x"), ("f.png", b"\x89PNG")]:
        write(tmp_path / name, data)
    assert [p.name for p in collect_files([tmp_path])] == ["a.docx", "b.pdf", "c.html", "d.htm", "e.txt"]


def test_align_a_kazakh_docx_with_a_russian_pdf(cli, tmp_path: Path, db_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs / "diplomacy.kk.docx", make_docx(KK_LINES))
    write(docs / "diplomacy.ru.pdf", make_pdf([RU_LINES[:6], RU_LINES[6:]]))
    result = cli("align", docs, "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    assert [g["mode"] for g in json.loads(result.stdout)["groups"]] == ["parallel"]
    pairs = dict(sqlite3.connect(db_path).execute("SELECT kk, ru FROM pairs").fetchall())
    assert pairs["Сыртқы істер министрлігі 2015 жылы Facebook желісінде парақша ашты."] == (
        "В 2015 году Министерство иностранных дел открыло страницу в сети Facebook.")
