"""Text out of rich documents: Word (.docx), HTML and the text layer of PDF files.

Translators' reference material is mostly not plain text. A document is recognised by its bytes
(a PDF or ZIP signature, an HTML start), not only by its name, and becomes plain text with one
paragraph per line, which the rest of the pipeline (cleaning, OCR repair, segmentation) reads
like any .txt file:

- DOCX: the paragraphs of the main document part (tables cell by cell, tabs and line breaks
  kept, soft hyphens dropped), parsed without DTDs or entities;
- HTML: the text of the body, block elements (p, div, li, h1-h6, tr, br ...) on their own lines,
  scripts and styles left out;
- PDF: the text layer page by page through pypdf (the optional `pdf` extra). A scanned PDF
  without a text layer is refused with a hint to run OCR first; the text layer of an OCR'd scan
  is exactly the damaged text `tm clean` repairs.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from tm.errors import InputError

RICH_SUFFIXES = (".docx", ".html", ".htm", ".pdf")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
}
_SKIP = {"script", "style", "noscript", "template", "head"}
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_BLANK_RUNS = re.compile(r"\n{3,}")


_UNSUPPORTED = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Word .doc (or other Office 97) file; save it as .docx",
    b"{\\rtf": "an RTF document; save it as .docx or as UTF-8 text",
}


def kind_of(path: Path, data: bytes) -> str | None:
    """'pdf', 'docx' or 'html' for a rich document, None for (what should be) plain text.
    Formats tm cannot read (.doc, RTF) are refused with what to save them as."""
    for magic, what in _UNSUPPORTED.items():
        if data.startswith(magic):
            raise InputError(f"{path}: {what}")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if path.suffix.lower() in (".html", ".htm") or _HTML_START.match(data[:2048]):
        return "html"
    return None


def extract_text(path: Path, data: bytes, kind: str) -> str:
    """The plain text of a rich document of `kind` (see `kind_of`), '\\n' line ends."""
    if kind == "pdf":
        text = _pdf_text(path, data)
    elif kind == "docx":
        text = _docx_text(path, data)
    else:
        text = _html_text(path, data)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"


# -- DOCX ---------------------------------------------------------------------------------------
def _docx_text(path: Path, data: bytes) -> str:
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputError(f"{path}: a ZIP archive but not a Word .docx document; "
                                 "give .docx, .pdf, .html, .txt or .md files")
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise InputError(f"{path}: a damaged .docx (ZIP) file ({exc}); save it again from Word") from None
    if b"<!ENTITY" in xml:
        raise InputError(f"{path}: the .docx declares XML entities, which tm refuses to expand; "
                         "save it again from Word")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: a damaged .docx (its document.xml is not well-formed: {exc.msg}); "
                         "save it again from Word") from None
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        if any(a.tag == f"{_W}p" for a in paragraph.iterancestors()):
            continue  # a paragraph inside a text box inside a paragraph: read with its host
        lines.append(_docx_paragraph(paragraph))
    return "\n".join(lines)


def _docx_paragraph(paragraph) -> str:
    parts = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}sym":
            parts.append(" ")
    return "".join(parts)


# -- HTML ---------------------------------------------------------------------------------------
def _html_text(path: Path, data: bytes) -> str:
    import lxml.html
    from lxml import etree

    from tm.ingest import decode_bytes

    meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    declared = meta.group(1).decode("ascii").lower() if meta else ""
    if declared in ("windows-1251", "cp1251"):
        text = data.decode("cp1251", errors="replace")
    else:
        text, _ = decode_bytes(data, path)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the HTML ({exc}); save the page as UTF-8 HTML or text") from None
    out: list[str] = []
    _html_walk(root, out)
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)  # one block per line, as in a .docx


def _html_walk(element, out: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIP or not isinstance(element.tag, str):  # comments, processing instructions
        if element.tail:
            out.append(element.tail.replace("\n", " "))
        return
    block = tag in _BLOCKS
    if block:
        out.append("\n")
    if element.text:
        out.append(element.text.replace("\n", " ") if tag != "pre" else element.text)
    for child in element:
        _html_walk(child, out)
    if block:
        out.append("\n")
    if element.tail:
        out.append(element.tail.replace("\n", " "))


# -- PDF ----------------------------------------------------------------------------------------
def _pdf_text(path: Path, data: bytes) -> str:
    try:
        import pypdf
    except ImportError:
        raise InputError(f"{path}: reading PDF needs pypdf: pip install 'tm[pdf]' "
                         "(or extract the text first, e.g. pdftotext -layout, and give the .txt)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: the PDF is password-protected; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc}); "
                         "save it again or extract its text first") from None
    text = "\n\n".join(page.replace("\r\n", "\n").replace("\r", "\n") for page in pages)
    if sum(ch.isalpha() for ch in text) < 20:
        raise InputError(f"{path}: the PDF has no text layer (a scan without OCR); run OCR on it first "
                         "(e.g. ocrmypdf -l kaz+rus) or give its text as a .txt file")
    return text
