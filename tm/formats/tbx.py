"""TBX glossaries: TBX v2 (`<martif type="TBX-Basic">`, read by OmegaT and Translate Toolkit) and
TBX v3 TBX-Basic DCA (`<tbx type="TBX-Basic" style="dca">`, ISO 30042:2019).

One concept entry per glossary entry, a language section per language with one term, its status
as `administrativeStatus` and the example sentence as a `context` description. Reviewed entries
are `preferredTerm` (approved) or `deprecatedTerm` (rejected); TBX-Basic's four statuses have
no "proposed", and `admittedTerm` would claim a review that never happened, so an unreviewed
entry carries no status (CAT tools then treat it as a plain entry) and its note says
`status: proposed`. Score and frequencies, which TBX-Basic has no data category for, go into
the entry's `<note>` as `score: 0.8700; kk_freq: 5; ru_freq: 4`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.formats import languages
from tm.formats.base import (
    XML_LANG, Clock, Sink, clean_text, format_score, local_name, parse_xml, stamp, tool_version, xml_lang,
)
from tm.store.records import GlossaryEntry

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
STATUS_TO_TBX = {
    "approved": "preferredTerm-admn-sts",
    "rejected": "deprecatedTerm-admn-sts",
}
TBX_TO_STATUS = {v: k for k, v in STATUS_TO_TBX.items()} | {
    "admittedTerm-admn-sts": "auto", "supersededTerm-admn-sts": "rejected",
}
_NOTE = re.compile(r"score:\s*([0-9.eE+-]+)(?:;\s*kk_freq:\s*(\d+))?(?:;\s*ru_freq:\s*(\d+))?")


class _Layout:
    """Element names of one TBX version."""

    def __init__(self, version: int) -> None:
        self.version = version
        v3 = version == 3
        self.ns = f"{{{TBX3_NS}}}" if v3 else ""
        self.entry, self.lang_sec, self.term_sec = (
            ("conceptEntry", "langSec", "termSec") if v3 else ("termEntry", "langSet", "tig")
        )

    def el(self, parent: Any, name: str, text: str | None = None, **attrs: str) -> Any:
        from lxml import etree

        node = etree.SubElement(parent, self.ns + name, **attrs)
        if text is not None:
            node.text = text
        return node


def _header(layout: _Layout, clock: Clock | None) -> tuple[str, str]:
    """Opening text (declaration, root, header, `<text><body>`) and the closing text."""
    from lxml import etree

    when = stamp(clock).strftime("%Y-%m-%dT%H:%M:%SZ")
    desc = f"Kazakh-Russian glossary written by tm {tool_version()} on {when}"
    if layout.version == 3:
        root = etree.Element(f"{{{TBX3_NS}}}tbx", nsmap={None: TBX3_NS}, type="TBX-Basic", style="dca")
        head = layout.el(root, "tbxHeader")
        layout.el(layout.el(layout.el(head, "fileDesc"), "sourceDesc"), "p", desc)
    else:
        root = etree.Element("martif", type="TBX-Basic")
        head = layout.el(root, "martifHeader")
        file_desc = layout.el(head, "fileDesc")
        layout.el(layout.el(file_desc, "titleStmt"), "title", "tm glossary kk-ru")
        layout.el(layout.el(file_desc, "sourceDesc"), "p", desc)
        layout.el(layout.el(head, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    root.set(XML_LANG, "en")
    layout.el(layout.el(root, "text"), "body")
    etree.indent(root, space="  ")
    whole = etree.tostring(root, encoding="unicode")
    cut = whole.index("<body/>")
    opening = '<?xml version="1.0" encoding="UTF-8"?>\n' + whole[:cut] + "<body>\n"
    return opening, "    </body>" + whole[cut + len("<body/>"):] + "\n"


def _entry(layout: _Layout, e: GlossaryEntry, number: int) -> Any:
    from lxml import etree

    nsmap = {None: TBX3_NS} if layout.version == 3 else None
    entry = etree.Element(layout.ns + layout.entry, nsmap=nsmap, id=f"tm{number}")
    proposed = "" if e.status in STATUS_TO_TBX else "; status: proposed"
    evidence = f"; evidence: {clean_text(e.evidence)}" if clean_text(e.evidence) else ""
    layout.el(entry, "note", f"score: {format_score(e.score)}; kk_freq: {e.kk_freq}; ru_freq: {e.ru_freq}"
                             f"{proposed}{evidence}")
    status = STATUS_TO_TBX.get(e.status)
    for lang, term, example in (("kk", e.kk, e.example_kk), ("ru", e.ru, e.example_ru)):
        sec = layout.el(entry, layout.lang_sec)
        sec.set(XML_LANG, lang)
        term_sec = layout.el(sec, layout.term_sec)
        layout.el(term_sec, "term", clean_text(term))
        if status:
            layout.el(term_sec, "termNote", status, type="administrativeStatus")
        if clean_text(example):
            layout.el(term_sec, "descrip", clean_text(example), type="context")
    return entry


def write(entries: Iterable[GlossaryEntry], fh: IO[Any], *, version: int = 2, clock: Clock | None = None) -> int:
    """Stream `entries` as TBX v2 (martif) or v3 (dca); entries neither approved nor rejected
    get no administrative status (see the module docstring)."""
    from lxml import etree

    layout = _Layout(version)
    opening, closing = _header(layout, clock)
    out = Sink(fh)
    out.write(opening)
    count = 0
    for count, e in enumerate(entries, start=1):
        node = _entry(layout, e, count)
        etree.indent(node, space="  ", level=3)
        text = etree.tostring(node, encoding="unicode").rstrip()
        if version == 3:
            text = text.replace(f' xmlns="{TBX3_NS}"', "", 1)
        out.write("      " + text + "\n")
    out.write(closing)
    return count


def _children(node: Any, name: str) -> list[Any]:
    return [c for c in node if local_name(c) == name]


def _text(node: Any) -> str:
    """All text of an element (a TBX term may hold inline <hi> markup)."""
    return "".join(node.itertext())


def _lang_data(sec: Any) -> tuple[str, str, str] | None:
    """(term, status, context) of the first term in a langSet/langSec."""
    for term_sec in sec:
        name = local_name(term_sec)
        if name not in ("tig", "ntig", "termSec"):
            continue
        holder = term_sec
        if name == "ntig":
            holder = next(iter(_children(term_sec, "termGrp")), term_sec)
        terms = _children(holder, "term")
        if not terms:
            continue
        status, context = "", ""
        for node in term_sec.iter():
            kind = node.get("type")
            if local_name(node) == "termNote" and kind == "administrativeStatus" and not status:
                status = TBX_TO_STATUS.get((node.text or "").strip(), "auto")
            elif local_name(node) == "descrip" and kind == "context" and not context:
                context = _text(node)
        return _text(terms[0]), status, context
    return None


def read(path: Path) -> list[GlossaryEntry]:
    """kk-ru entries of a TBX v2 or v3 file (first term per language; other languages ignored)."""
    root, _warnings = parse_xml(path)
    if local_name(root) not in ("martif", "tbx"):
        raise FormatError(f"{path}:{root.sourceline}: not a TBX file (root element <{local_name(root)}>); pass a .tbx file")
    entries = []
    for entry in root.iter():
        if local_name(entry) not in ("termEntry", "conceptEntry"):
            continue
        found: dict[str, tuple[str, str, str]] = {}
        for sec in entry:
            if local_name(sec) in ("langSet", "langSec"):
                lang, _ = languages.parse(xml_lang(sec))
                data = _lang_data(sec)
                if lang and data and lang not in found:
                    found[lang] = data
        if "kk" not in found or "ru" not in found:
            continue
        note = next((_text(n) for n in _children(entry, "note") if _NOTE.search(_text(n))), "")
        match = _NOTE.search(note)
        score = float(match.group(1)) if match else 1.0
        kk_freq = int(match.group(2)) if match and match.group(2) else 0
        ru_freq = int(match.group(3)) if match and match.group(3) else 0
        (kk, kk_status, kk_context), (ru, ru_status, ru_context) = found["kk"], found["ru"]
        entries.append(GlossaryEntry(
            kk=kk, ru=ru, score=score, kk_freq=kk_freq, ru_freq=ru_freq, example_kk=kk_context,
            example_ru=ru_context, status=kk_status or ru_status or "auto",
        ))
    return entries
