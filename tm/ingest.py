"""Reading documents from disk: encodings detected, rich documents (.docx, .html, .pdf) turned
into text by `tm.extract`, bad files refused with a one-line reason."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from tm.errors import InputError

from tm.extract import RICH_SUFFIXES, extract_text, kind_of

TEXT_SUFFIXES = (".txt", ".md")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + RICH_SUFFIXES
_MAX_BYTES = 200 * 1024 * 1024


def read_text_file(path: Path) -> tuple[str, str]:
    """Decode a text file; returns (text with '\\n' line ends, encoding name).

    UTF-8 with or without BOM and UTF-16 with BOM are recognised by their bytes; anything else
    that is valid cp1251 Cyrillic text is read as cp1251. A PDF, DOCX or HTML document (known by
    its bytes) is turned into text first; its "encoding" is then 'pdf', 'docx' or 'html'.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a text file")
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise InputError(f"{path}: file is larger than 200 MiB; split it into smaller documents")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: cannot read the file (permission denied); check its permissions") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror}); check the path") from None
    kind = kind_of(path, data)
    if kind:
        text, encoding = extract_text(path, data, kind), kind
    else:
        text, encoding = decode_bytes(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: the document is empty; give a file with Kazakh or Russian text")
    return text, encoding


def decode_bytes(data: bytes, where: Path | str) -> tuple[str, str]:
    """Decode bytes of a text document, or raise InputError saying why they are not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", where), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", where), "utf-16"
    if _looks_binary(data):
        raise InputError(
            f"{where}: is a binary file, not text; convert it to a UTF-8 .txt file first "
            "(.docx, .pdf and .html are read directly)"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = ""
    letters = sum(ch.isalpha() for ch in text)
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in text)
    if letters and cyrillic / letters > 0.5:
        return text, "cp1251"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        f"{where}:{line}: unknown text encoding (not UTF-8, UTF-16 with BOM or cp1251); "
        "save the file as UTF-8"
    )


def _decode(data: bytes, encoding: str, where: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{where}:{line}: invalid {encoding.upper()} bytes; save the file as UTF-8"
        ) from None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and control / len(head) > 0.05


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their documents (.txt, .md, .docx, .html, .htm, .pdf; sorted,
    recursive, hidden files and Word's `~$` lock files left out); files are kept as given."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder; check the path")
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.name.startswith((".", "~$"))
            )
            if not files:
                raise InputError(f"{path}: no documents (.txt, .md, .docx, .html, .pdf) in this folder; "
                                 "add documents or give files")
            found.extend(files)
        else:
            found.append(path)
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return [Path(p) for p in unique]
