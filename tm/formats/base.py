"""Shared pieces of every format: problems, read results, text hygiene, decoding, safe XML.

Every writer passes its text through `clean_text`, so the same pair reads back the same from
every format, and a reader never sees a character that makes OmegaT drop a whole file
(REFERENCE section 6). XML is parsed with entity expansion, DTD loading and network access off.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.store.records import PairRecord

Clock = Callable[[], datetime]

# XML 1.0 forbids C0 controls other than TAB, LF, CR, lone surrogates and U+FFFE/U+FFFF; DEL and
# the C1 controls are legal but never text, and some readers choke on them, so they go too.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RAW_AMP = re.compile(r"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z_:][\w.:-]*;)")
_XML_DECL = re.compile(r"\A<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""\A<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True)
class Problem:
    """Something a reader skipped or repaired: where (`file:line`) and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ReadResult:
    """Units read from a file, the ones skipped (with reasons) and the repairs made."""

    units: list[PairRecord] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Remove control characters, lone surrogates and non-characters; everything else is kept."""
    return _ILLEGAL.sub("", text)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def stamp(clock: Clock | None) -> datetime:
    """The time a file is written, from the injected clock (tests) or now, in UTC."""
    moment = (clock or utc_now)()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tm")
    except PackageNotFoundError:
        return "0"


def format_score(score: float) -> str:
    """Scores are written with 4 decimals in every format, so they compare across formats."""
    return f"{float(score):.4f}"


class Sink:
    """Writes str to a text or a binary file handle (binary gets UTF-8)."""

    def __init__(self, fh: IO[Any]) -> None:
        self._fh = fh
        self._binary = isinstance(fh, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(fh, "mode", "")

    def write(self, text: str) -> None:
        self._fh.write(text.encode("utf-8") if self._binary else text)


# -- reading ---------------------------------------------------------------------------------

def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise FormatError(f"{path}: is a folder, not a file; pass a file") from None
    except OSError as exc:
        raise FormatError(f"{path}: cannot read ({exc.strerror}); check its permissions") from None
    if not data.strip():
        raise FormatError(f"{path}: the file is empty; export the memory again from its tool")
    return data


def decode(data: bytes, path: Path) -> str:
    """Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, or an XML-declared encoding."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        declared = _DECLARED_ENCODING.match(data.lstrip())
        encoding, body = (declared.group(1).decode().lower() if declared else "utf-8"), data
        if encoding in ("utf-16", "utf16"):
            encoding = "utf-8"  # a declaration without a BOM: the bytes are ASCII-compatible
        if b"\x00" in body:
            raise FormatError(
                f"{path}: looks binary (NUL bytes, no UTF-16 byte-order mark); "
                "pass a text file (TMX, TSV or JSONL) saved as UTF-8"
            )
    try:
        text = body.decode(encoding)
    except LookupError:
        raise FormatError(f"{path}:1: unknown encoding {encoding!r}; save the file as UTF-8") from None
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise FormatError(
            f"{path}:{line}: not valid {encoding} text; save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FormatError(f"{path}:{line}: looks binary (NUL characters); pass a text file saved as UTF-8")
    return text


def repair_lines(text: str, path: Path, *, xml: bool) -> tuple[str, list[Problem]]:
    """Remove XML-illegal characters (and, in XML, escape a raw `&` that is text), warning per line."""
    pattern = _XML_ILLEGAL if xml else _ILLEGAL
    warnings: list[Problem] = []
    if not pattern.search(text) and not (xml and _RAW_AMP.search(text)):
        return text, warnings
    lines = text.split("\n")
    for i, line in enumerate(lines):
        fixed, removed = pattern.subn("", line)
        if removed:
            warnings.append(Problem(f"{path}:{i + 1}", f"removed {removed} control character(s) that XML forbids"))
        if xml:
            fixed, amps = _RAW_AMP.subn("&amp;", fixed)
            if amps:
                warnings.append(Problem(f"{path}:{i + 1}", f"escaped {amps} raw '&' as '&amp;'"))
        lines[i] = fixed
    return "\n".join(lines), warnings


def parse_xml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse an XML file safely (no entities, DTD or network); repairable damage gives warnings."""
    from lxml import etree

    text = decode(read_bytes(path), path)
    stripped = text.lstrip()
    if not stripped.startswith("<"):
        line = text[: len(text) - len(stripped)].count("\n") + 1
        raise FormatError(f"{path}:{line}: not XML (it does not start with '<'); pass a TMX or TBX file")
    if "<!ENTITY" in text:
        line = text[: text.index("<!ENTITY")].count("\n") + 1
        raise FormatError(
            f"{path}:{line}: the DOCTYPE declares entities, which tm refuses to expand "
            "(billion-laughs protection); remove the <!ENTITY> declarations"
        )
    text, warnings = repair_lines(text, path, xml=True)
    text = _XML_DECL.sub("", text, count=1)  # the text is decoded already
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True, strip_cdata=True,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        message = str(exc.msg).split(", line ")[0]
        raise FormatError(f"{path}:{line}: not well-formed XML ({message}); fix the file or export it again") from None
    return root, warnings


def local_name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xml_lang(element: Any) -> str | None:
    """`xml:lang`, or `lang` as TMX 1.1 writes it."""
    return element.get(XML_LANG) or element.get("lang")
