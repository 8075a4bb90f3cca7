"""Glossary formats (TSV, TBX v2, TBX v3, OmegaT, CSV, JSON): the conformance suite and each
format's promises."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from formats_helpers import REAL_ENTRIES, SHARED, GlossaryFormatConformance, fixed_clock

from tm.errors import FormatError
from tm.formats import read_glossary, write_glossary
from tm.formats.omegat import flat
from tm.store.records import GlossaryEntry


class TestTsvGlossary(GlossaryFormatConformance):
    fmt, suffix = "tsv", ".tsv"


class TestJsonGlossary(GlossaryFormatConformance):
    fmt, suffix = "json", ".json"


class TestTbx2(GlossaryFormatConformance):
    fmt, suffix = "tbx", ".tbx"

    def canonical(self, e: GlossaryEntry) -> GlossaryEntry:
        return replace(super().canonical(e), kk_forms=(), ru_forms=())  # no TBX-Basic category for forms


class TestTbx3(TestTbx2):
    fmt = "tbx3"


class TestCsvGlossary(GlossaryFormatConformance):
    fmt, suffix = "csv", ".csv"

    def canonical(self, e: GlossaryEntry) -> GlossaryEntry:
        return replace(super().canonical(e), kk_forms=(), ru_forms=())


class TestOmegatGlossary(GlossaryFormatConformance):
    fmt, suffix = "omegat", ".utf8"

    def canonical(self, e: GlossaryEntry) -> GlossaryEntry:
        return GlossaryEntry(kk=flat(e.kk), ru=flat(e.ru), score=float(f"{e.score:.4f}"),
                             example_kk=flat(e.example_kk), example_ru=flat(e.example_ru), status=e.status)


def _write(fmt: str, entries: list[GlossaryEntry], path: Path, **kw: object) -> str:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_glossary(fmt, entries, fh, clock=fixed_clock, **kw)  # type: ignore[arg-type]
    return path.read_text(encoding="utf-8")


def test_tsv_glossary_has_the_design_header(tmp_path) -> None:
    text = _write("tsv", REAL_ENTRIES, tmp_path / "g.tsv")
    header, first, _ = text.split("\n", 2)
    assert header.split("\t")[:8] == ["kk", "ru", "score", "kk_freq", "ru_freq", "example_kk", "example_ru", "status"]
    assert first.split("\t") == ["цифрлық дипломатия", "цифровая дипломатия", "0.9100", "12", "11",
                                 "Цифрлық дипломатия дамып келеді.", "Цифровая дипломатия развивается.", "approved",
                                 "цифрлық дипломатияның|цифрлық дипломатияны", "цифровой дипломатии", ""]
    assert header.split("\t")[-1] == "evidence"  # a trailing column: what paired the terms


def test_tbx2_structure(tmp_path) -> None:
    from lxml import etree

    root = etree.fromstring(_write("tbx", REAL_ENTRIES, tmp_path / "g.tbx").encode())
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entry = root.find("text/body/termEntry")
    assert [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in entry.findall("langSet")] == ["kk", "ru"]
    tig = entry.find("langSet/tig")
    assert [c.tag for c in tig] == ["term", "termNote", "descrip"]
    assert tig.findtext("termNote") == "preferredTerm-admn-sts"
    assert tig.find("descrip").get("type") == "context"
    assert entry.findtext("note") == "score: 0.9100; kk_freq: 12; ru_freq: 11"


def _dca_asserts() -> list[tuple[str, str, str]]:
    """(context, test, message) of the TBX-Basic DCA schematron asserts that XPath 1.0 can run."""
    from lxml import etree

    sch = SHARED / "schemas" / "tbx" / "TBX-Basic_DCA.sch"
    if not sch.exists():
        pytest.skip(f"{sch} not found")
    ns = {"s": "http://purl.oclc.org/dsdl/schematron"}
    found = []
    for rule in etree.parse(str(sch)).iterfind(".//s:rule", ns):
        for check in rule.iterfind("s:assert", ns):
            found.append((rule.get("context"), check.get("test"), " ".join("".join(check.itertext()).split())))
    return found


def test_tbx3_passes_the_dca_schematron_asserts(tmp_path) -> None:
    from lxml import etree

    doc = etree.fromstring(_write("tbx3", REAL_ENTRIES, tmp_path / "g.tbx").encode())
    ns = {"tbx": "urn:iso:std:iso:30042:ed-2"}
    checked = 0
    for context, test, message in _dca_asserts():
        try:
            nodes = doc.xpath("//" + context if not context.startswith("/") else context, namespaces=ns)
            nodes = [n for n in nodes if isinstance(n, etree._Element)]  # attribute contexts: skipped
            results = [node.xpath(f"boolean({test})", namespaces=ns) for node in nodes]
        except (etree.XPathEvalError, etree.XPathSyntaxError):
            continue  # XPath 2.0 (matches(), ./local-name()): not runnable with lxml
        checked += 1
        assert all(results), f"{context}: {message}"
    assert checked >= 15
    assert doc.get("type") == "TBX-Basic" and doc.get("style") == "dca"


def test_omegat_glossary_layout(tmp_path) -> None:
    text = _write("omegat", REAL_ENTRIES, tmp_path / "g.utf8", source="ru")
    lines = text.split("\n")
    assert lines[0] == "\ufeff# ru\tkk\tstatus | score | example ru | example kk"
    assert lines[1] == ("цифровая дипломатия\tцифрлық дипломатия\tapproved | score 0.9100 | "
                        "Цифровая дипломатия развивается. | Цифрлық дипломатия дамып келеді.")


def test_omegat_reads_a_plain_glossary_by_its_letters(tmp_path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("# comment\nцифровая дипломатия\tцифрлық дипломатия\tзаметка\nпосол\tелші\n", encoding="utf-8")
    assert [(e.kk, e.ru, e.status) for e in read_glossary(path)] == [
        ("цифрлық дипломатия", "цифровая дипломатия", "auto"), ("елші", "посол", "auto"),
    ]


def test_csv_header_names_the_languages(tmp_path) -> None:
    text = _write("csv", REAL_ENTRIES, tmp_path / "g.csv")
    assert text.split("\n", 1)[0] == ("\ufeffKazakh,Russian,Status,Score,Kazakh example,Russian example,"
                                        "Kazakh frequency,Russian frequency")


@pytest.mark.parametrize(("name", "text", "message"), [
    ("csv without languages", "Term,Translation\nа,б\n",
     "{p}:1: the header row names no Kazakh and Russian columns; name them Kazakh and Russian (or kk and ru)"),
    ("tbx that is not tbx", '<?xml version="1.0"?>\n<tmx version="1.4"/>',
     "{p}:2: not a TBX file (root element <tmx>); pass a .tbx file"),
])
def test_glossary_read_errors(tmp_path, name, text, message) -> None:
    path = tmp_path / ("g.csv" if name.startswith("csv") else "g.tbx")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_glossary(path)
    assert str(err.value) == message.format(p=path)


def test_unknown_glossary_format() -> None:
    import io

    with pytest.raises(ValueError, match="unknown glossary format 'xlsx'"):
        write_glossary("xlsx", [], io.StringIO())  # type: ignore[arg-type]
