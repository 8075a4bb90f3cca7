"""Reading documents: encodings detected, every bad input refused with its one-line message."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.ingest import collect_files, read_text_file

KK = "Цифрлық дипломатия — сыртқы саясаттың жаңа құралы.\nҚазақстан оны белсенді қолданады.\n"
RU = "Цифровая дипломатия — новый инструмент внешней политики.\nКазахстан активно её использует.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (KK.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + KK.encode("utf-8"), "utf-8-sig"),
        (KK.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + KK.encode("utf-16-be"), "utf-16"),
        (RU.encode("cp1251"), "cp1251"),
        (RU.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    text, found = read_text_file(path)
    assert found == encoding
    assert text in (KK, RU)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: the document is empty; give a file with Kazakh or Russian text"),
        ("blank.txt", b" \n\t\n", "blank.txt: the document is empty; give a file with Kazakh or Russian text"),
        ("scan.txt", b"\x7fELF\x00\x01\x02binary", "scan.txt: is a binary file, not text; convert it to a UTF-8 .txt "
         "file first (.docx, .pdf and .html are read directly)"),
        ("latin1.txt", "Caf\xe9 na\xefve r\xe9sum\xe9\n".encode("latin-1"),
         "latin1.txt:1: unknown text encoding (not UTF-8, UTF-16 with BOM or cp1251); save the file as UTF-8"),
        ("bad16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "bad16.txt:1: invalid UTF-16 bytes; save the file as UTF-8"),
    ],
)
def test_bad_files_get_one_line_messages(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_text_file(path)
    assert str(err.value) == f"{tmp_path / name}" + message[len(name):]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder; check the path$"):
        read_text_file(tmp_path / "nope.txt")


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = tmp_path / "locked.txt"
    path.write_text(KK, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_text_file(path)


def test_huge_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("сөз " * 300_000, encoding="utf-8")
    text, _ = read_text_file(path)
    assert len(text) == 1_200_000


def test_folders_expand_to_text_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.kk.txt").write_text(KK, encoding="utf-8")
    (tmp_path / "a" / "x.ru.md").write_text(RU, encoding="utf-8")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    assert [p.name for p in collect_files([tmp_path / "a"])] == ["x.kk.txt", "x.ru.md"]


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        collect_files([tmp_path])
    assert str(err.value) == (f"{tmp_path}: no documents (.txt, .md, .docx, .html, .pdf) in this folder; "
                              "add documents or give files")
