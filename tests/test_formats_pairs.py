"""Pair formats (TMX, TSV, JSONL): the shared conformance suite plus what each format promises."""

from __future__ import annotations

import codecs
from dataclasses import replace
from pathlib import Path

import pytest
from formats_helpers import (
    REAL_PAIRS, SCHEMAS, PairFormatConformance, adversarial_pairs, fixed_clock,
)

from tm.errors import FormatError
from tm.formats import read_pairs, write_pairs
from tm.store.records import PairRecord


class TestTmx(PairFormatConformance):
    fmt, suffix = "tmx", ".tmx"


class TestTsv(PairFormatConformance):
    fmt, suffix = "tsv", ".tsv"

    def canonical(self, pair: PairRecord) -> PairRecord:
        return replace(super().canonical(pair), origin="", props={})  # fixed columns only


class TestJsonl(PairFormatConformance):
    fmt, suffix = "jsonl", ".jsonl"


# -- TMX export ----------------------------------------------------------------------------------

def _tmx(pairs: list[PairRecord], tmp_path: Path, **kw: object) -> Path:
    path = tmp_path / "out.tmx"
    with open(path, "wb") as fh:
        write_pairs("tmx", pairs, fh, clock=fixed_clock, **kw)  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="module")
def tmx_schemas():
    from lxml import etree

    if not (SCHEMAS / "tmx14.xsd").exists():
        pytest.skip(f"TMX schemas not found in {SCHEMAS}")
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "tmx14.xsd"))), etree.DTD(str(SCHEMAS / "tmx14.dtd"))


@pytest.mark.parametrize("source", ["kk", "ru"])
@pytest.mark.parametrize("style", ["short", "region"])
def test_tmx_is_valid_against_xsd_and_dtd(tmp_path, tmx_schemas, source, style) -> None:
    from lxml import etree

    xsd, dtd = tmx_schemas
    tree = etree.parse(str(_tmx(REAL_PAIRS + adversarial_pairs(), tmp_path, source=source, lang_style=style)))
    assert xsd.validate(tree), xsd.error_log.filter_from_errors()
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


@pytest.mark.parametrize(("source", "style", "codes"), [
    ("kk", "short", ("kk", "ru")), ("ru", "short", ("ru", "kk")),
    ("kk", "region", ("kk-KZ", "ru-RU")), ("ru", "region", ("ru-RU", "kk-KZ")),
])
def test_tmx_header_direction_and_codes(tmp_path, source, style, codes) -> None:
    from lxml import etree

    root = etree.parse(str(_tmx(REAL_PAIRS, tmp_path, source=source, lang_style=style))).getroot()
    header = root.find("header")
    assert header.attrib == {
        "creationtool": "tm", "creationtoolversion": header.get("creationtoolversion"), "segtype": "sentence",
        "o-tmf": "tm", "adminlang": "en", "srclang": codes[0], "datatype": "plaintext",
        "creationdate": "20240501T120000Z",
    }
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for tu in root.iter("tu"):
        assert [tuv.get(lang) for tuv in tu.findall("tuv")] == list(codes)
        children = [c.tag for c in tu]
        assert children.index("tuv") == len(children) - 2  # props precede the TUVs


def test_tmx_props_and_dates(tmp_path) -> None:
    from lxml import etree

    tu = etree.parse(str(_tmx(REAL_PAIRS[:1], tmp_path))).getroot().find("body/tu")
    assert tu.get("creationdate") == "20240430T080000Z"
    assert {p.get("type"): p.text for p in tu.findall("prop")} == {
        "x-score": "0.9300", "x-method": "parallel", "x-kk-document": "treaty.kk.txt",
        "x-ru-document": "treaty.ru.txt", "x-kk-lines": "0", "x-ru-lines": "0",
    }


def test_tmx_removes_xml_illegal_characters(tmp_path) -> None:
    pair = PairRecord(kk="Басқару\x0bтобы\x01", ru="Группа\x00\ufffe\ud800", score=1, method="parallel")
    data = _tmx([pair], tmp_path).read_bytes()
    assert b"\x0b" not in data and b"\x01" not in data and b"\x00" not in data
    assert [(u.kk, u.ru) for u in read_pairs(tmp_path / "out.tmx").units] == [("Басқарутобы", "Группа")]


# -- TMX import robustness (issue 6's list) -------------------------------------------------------

def _unit(kk_lang: str, ru_lang: str, attr: str = "xml:lang", kk: str = "Сәлем әлем", ru: str = "Привет, мир") -> str:
    return f'<tu><tuv {attr}="{kk_lang}"><seg>{kk}</seg></tuv><tuv {attr}="{ru_lang}"><seg>{ru}</seg></tuv></tu>'


def _file(body: str, version: str = "1.4", srclang: str = "kk") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="{version}">\n'
            f'<header srclang="{srclang}" segtype="sentence" datatype="plaintext" o-tmf="x" adminlang="en" '
            f'creationtool="x" creationtoolversion="1"/>\n<body>\n{body}\n</body>\n</tmx>\n')


@pytest.mark.parametrize(("name", "data", "warned"), [
    ("tmx14", _file(_unit("kk", "ru")).encode(), False),
    ("region codes", _file(_unit("kk-KZ", "ru-RU")).encode(), False),
    ("upper case", _file(_unit("KK-KZ", "RU-RU")).encode(), False),
    ("tmx11 lang", _file(_unit("KK", "RU", attr="lang"), version="1.1").encode(), False),
    ("ru source first", _file(_unit("kk", "ru").replace("<tuv", "<tuv", 1), srclang="ru").encode(), False),
    ("bom utf-8", codecs.BOM_UTF8 + _file(_unit("kk", "ru")).encode(), False),
    ("utf-16 bom", _file(_unit("kk", "ru")).replace("UTF-8", "UTF-16").encode("utf-16"), False),
    ("utf-16 be bom", codecs.BOM_UTF16_BE + _file(_unit("kk", "ru")).replace("UTF-8", "UTF-16").encode("utf-16-be"), False),
    ("kk_KZ", _file(_unit("kk_KZ", "ru_RU")).encode(), True),
    ("kaz", _file(_unit("kaz", "rus")).encode(), True),
    ("kz", _file(_unit("kz", "ru")).encode(), True),
])
def test_tmx_import_variants(tmp_path, name, data, warned) -> None:
    path = tmp_path / "in.tmx"
    path.write_bytes(data)
    result = read_pairs(path)
    assert [(u.kk, u.ru, u.method) for u in result.units] == [("Сәлем әлем", "Привет, мир", "import")]
    assert bool(result.warnings) == warned
    assert all("non-standard language code" in w.reason for w in result.warnings)


def test_tmx_import_reverse_tuv_order_and_inline_tags(tmp_path) -> None:
    body = ('<tu><tuv xml:lang="ru"><seg>Статья <bpt i="1">&lt;b&gt;</bpt>5<ept i="1">&lt;/b&gt;</ept>'
            ' <ph>{1}</ph>вступает</seg></tuv>'
            '<tuv xml:lang="kk"><seg><hi>5-бап</hi> күшіне<it pos="begin">&lt;i&gt;</it> енеді</seg></tuv></tu>')
    path = tmp_path / "in.tmx"
    path.write_text(_file(body), encoding="utf-8")
    assert [(u.kk, u.ru) for u in read_pairs(path).units] == [("5-бап күшіне енеді", "Статья 5 вступает")]


def test_tmx_import_repairs_with_warnings(tmp_path) -> None:
    path = tmp_path / "in.tmx"
    path.write_text(_file(_unit("kk", "ru", kk="AT&T\x0b мен R&D", ru="AT&T и R&D")), encoding="utf-8")
    result = read_pairs(path)
    assert [(u.kk, u.ru) for u in result.units] == [("AT&T мен R&D", "AT&T и R&D")]
    assert [str(w) for w in result.warnings] == [
        f"{path}:5: removed 1 control character(s) that XML forbids",
        f"{path}:5: escaped 4 raw '&' as '&amp;'",
    ]


def test_tmx_import_reports_skipped_units(tmp_path) -> None:
    body = "\n".join([
        _unit("kk", "ru"),
        '<tu><tuv xml:lang="kk"><seg>Тек қазақша</seg></tuv><tuv xml:lang="en"><seg>English</seg></tuv></tu>',
        _unit("kk", "ru", ru=""),
    ])
    path = tmp_path / "in.tmx"
    path.write_text(_file(body), encoding="utf-8")
    result = read_pairs(path)
    assert len(result.units) == 1
    assert [str(p) for p in result.skipped] == [
        f"{path}:6: no Russian text in this unit",
        f"{path}:7: no Russian text in this unit",
    ]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty", b"", "{p}: the file is empty; export the memory again from its tool"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "{p}: looks binary (NUL bytes, no UTF-16 byte-order mark); "
     "pass a text file (TMX, TSV or JSONL) saved as UTF-8"),
    ("not xml", "Сәлем әлем".encode(), "{p}:1: not XML (it does not start with '<'); pass a TMX or TBX file"),
    ("broken", _file(_unit("kk", "ru")).replace("</body>", "").encode(),
     "{p}:7: not well-formed XML (Opening and ending tag mismatch: body line 4 and tmx); fix the file or export it again"),
    ("undefined entity", _file(_unit("kk", "ru", kk="&nbsp;сәлем")).encode(),
     "{p}:5: not well-formed XML (Entity 'nbsp' not defined); fix the file or export it again"),
    ("billion laughs", ('<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;">\n]>\n'
                        + _file(_unit("kk", "ru", kk="&b;")).split("\n", 1)[1]).encode(),
     "{p}:3: the DOCTYPE declares entities, which tm refuses to expand (billion-laughs protection); "
     "remove the <!ENTITY> declarations"),
    ("other languages", _file(_unit("en-US", "de-DE")).encode(),
     "{p}: no Kazakh and Russian TUVs found (languages: de-DE, en-US); "
     "export the memory with kk and ru (codes kk/kk-KZ and ru/ru-RU)"),
    ("not tmx", b'<?xml version="1.0"?>\n<martif type="TBX"/>',
     "{p}:2: not a TMX file (root element <martif>, expected <tmx>); pass a .tmx file"),
])
def test_tmx_import_fatal_errors(tmp_path, name, data, message) -> None:
    path = tmp_path / "in.tmx"
    path.write_bytes(data)
    with pytest.raises(FormatError) as err:
        read_pairs(path)
    assert str(err.value) == message.format(p=path)


def test_tmx_without_units_reads_empty_with_a_warning(tmp_path) -> None:
    path = tmp_path / "in.tmx"
    path.write_text(_file(""), encoding="utf-8")
    result = read_pairs(path)
    assert result.units == [] and [w.reason for w in result.warnings] == ["the file has no translation units"]


# -- TSV and JSONL ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Сәлем әлем\tПривет, мир\n", [("Сәлем әлем", "Привет, мир")]),
    ("kk\tru\nСәлем\tПривет\n", [("Сәлем", "Привет")]),
    ("RU\tKK\r\nПривет\tСәлем\r\n", [("Сәлем", "Привет")]),
    ("Жол\\nекі\tСтрока\\tдва\n", [("Жол\nекі", "Строка\tдва")]),
    ("C:\\Users\\ қалта\tC:\\Users\\ папка\n", [("C:\\Users\\ қалта", "C:\\Users\\ папка")]),
])
def test_tsv_reading(tmp_path, text, expected) -> None:
    path = tmp_path / "in.tsv"
    path.write_text(text, encoding="utf-8")
    assert [(u.kk, u.ru) for u in read_pairs(path).units] == expected


def test_tsv_and_jsonl_report_bad_lines(tmp_path) -> None:
    tsv = tmp_path / "in.tsv"
    tsv.write_text("Сәлем\tПривет\nжалғыз\n\tПусто\n", encoding="utf-8")
    result = read_pairs(tsv)
    assert [str(p) for p in result.skipped] == [
        f"{tsv}:2: no TAB between the Kazakh and the Russian text", f"{tsv}:3: the Kazakh text is empty",
    ]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"kk": "Сәлем", "ru": "Привет"}\n{"kk": "Сәлем"\n[1]\n{"kk": "", "ru": "x"}\n', encoding="utf-8")
    result = read_pairs(jsonl)
    assert len(result.units) == 1
    assert [str(p) for p in result.skipped] == [
        f"{jsonl}:2: invalid JSON (Expecting ',' delimiter)", f"{jsonl}:3: not a JSON object",
        f"{jsonl}:4: empty 'kk' or 'ru'",
    ]


def test_jsonl_has_the_design_fields(tmp_path) -> None:
    import json

    path = tmp_path / "out.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        write_pairs("jsonl", REAL_PAIRS[1:], fh)
    obj = json.loads(path.read_text(encoding="utf-8"))
    assert obj == {"kk": REAL_PAIRS[1].kk, "ru": REAL_PAIRS[1].ru, "score": 0.81, "kk_doc": "d.kk.txt",
                   "ru_doc": "d.ru.txt", "kk_lines": [4, 5], "ru_lines": [7], "method": "comparable"}


def test_tsv_source_ru_puts_russian_first(tmp_path) -> None:
    path = tmp_path / "out.tsv"
    with open(path, "w", encoding="utf-8") as fh:
        write_pairs("tsv", REAL_PAIRS[:1], fh, source="ru")
    header, row = path.read_text(encoding="utf-8").splitlines()
    assert header.startswith("ru\tkk\t") and row.startswith(REAL_PAIRS[0].ru + "\t" + REAL_PAIRS[0].kk)


def test_unknown_format_and_style() -> None:
    import io

    with pytest.raises(ValueError, match="unknown pair format 'xliff'"):
        write_pairs("xliff", [], io.StringIO())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown language-code style 'long'"):
        write_pairs("tmx", [], io.StringIO(), lang_style="long")
