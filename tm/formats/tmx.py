"""TMX: writes TMX 1.4b (valid against tmx14.xsd / tmx14.dtd), reads TMX 1.1 and 1.4.

Written files follow what the real readers need (REFERENCE section 6): the 7 header attributes,
`srclang` = the source language, the source TUV first in every unit (Translate Toolkit 3.8 reads
by position), one language-code style per file, `x-` props before the TUVs, dates as
`YYYYMMDDThhmmssZ` and no character XML forbids (one makes OmegaT drop the whole file).
The pair's creation time is the unit's standard `creationdate` attribute; its provenance
(score, method, documents, lines, origin, and any other property such as the aligner's raw
score) travels as `<prop type="x-...">` with hyphenated names (`raw_score` -> `x-raw-score`)
and is read back into the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.formats import languages
from tm.formats.base import (
    Clock, Problem, ReadResult, Sink, clean_text, format_score, local_name, parse_xml, stamp,
    tool_version, xml_lang,
)
from tm.store.records import PairRecord

_TMX_DATE = "%Y%m%dT%H%M%SZ"
_ISO_DATE = "%Y-%m-%dT%H:%M:%SZ"
# Props this module writes from PairRecord fields; other `x-` props round-trip through `props`.
_FIELD_PROPS = ("x-score", "x-method", "x-kk-document", "x-ru-document", "x-kk-lines", "x-ru-lines", "x-origin")
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}
_LINES = re.compile(r"^\d+(,\d+)*$")


def tmx_date(created: str) -> str | None:
    """`2024-05-01T12:00:00Z` (the store's form) -> `20240501T120000Z`; None if unparseable."""
    try:
        return datetime.strptime(created, _ISO_DATE).strftime(_TMX_DATE)
    except ValueError:
        return None


def iso_date(tmx: str) -> str:
    try:
        return datetime.strptime(tmx, _TMX_DATE).strftime(_ISO_DATE)
    except ValueError:
        return ""


def prop_name(key: str) -> str:
    """A `PairRecord.props` key as a TMX property type: `raw_score` -> `x-raw-score`."""
    return "x-" + key.replace("_", "-")


def prop_key(name: str) -> str:
    """A TMX `x-` property type as a `PairRecord.props` key: `x-raw-score` -> `raw_score`."""
    return name[2:].replace("-", "_")


def _unit(pair: PairRecord, order: tuple[str, str], codes: dict[str, str]) -> Any:
    from lxml import etree

    tu = etree.Element("tu")
    date = tmx_date(pair.created) if pair.created else None
    if date:
        tu.set("creationdate", date)
    props = [
        ("x-score", format_score(pair.score)),
        ("x-method", pair.method),
        ("x-kk-document", pair.kk_doc),
        ("x-ru-document", pair.ru_doc),
        ("x-kk-lines", ",".join(map(str, pair.kk_lines))),
        ("x-ru-lines", ",".join(map(str, pair.ru_lines))),
        ("x-origin", pair.origin),
    ]
    props += [(prop_name(key), str(value)) for key, value in sorted(pair.props.items())
              if prop_name(key) not in _FIELD_PROPS]
    for kind, value in props:
        value = clean_text(value)
        if value:
            prop = etree.SubElement(tu, "prop", type=clean_text(kind))
            prop.text = value
    for lang in order:
        tuv = etree.SubElement(tu, "tuv")
        tuv.set("{http://www.w3.org/XML/1998/namespace}lang", codes[lang])
        etree.SubElement(tuv, "seg").text = clean_text(getattr(pair, lang))
    return tu


def write(
    pairs: Iterable[PairRecord], fh: IO[Any], *, source: str = "kk", lang_style: str = "short",
    clock: Clock | None = None,
) -> int:
    """Stream `pairs` as TMX 1.4b with `source` as srclang and first TUV; returns the count."""
    from lxml import etree

    if source not in ("kk", "ru"):
        raise ValueError(f"source must be 'kk' or 'ru', not {source!r}")
    order = (source, "ru" if source == "kk" else "kk")
    codes = {lang: languages.code(lang, lang_style) for lang in order}  # type: ignore[arg-type]
    header = etree.Element(
        "header", creationtool="tm", creationtoolversion=tool_version(), segtype="sentence",
        adminlang="en", srclang=codes[source], datatype="plaintext",
        creationdate=stamp(clock).strftime(_TMX_DATE),
    )
    header.set("o-tmf", "tm")
    out = Sink(fh)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  ')
    out.write(etree.tostring(header, encoding="unicode"))
    out.write("\n  <body>\n")
    count = 0
    for pair in pairs:
        tu = _unit(pair, order, codes)
        etree.indent(tu, space="  ", level=2)
        out.write("    " + etree.tostring(tu, encoding="unicode").rstrip() + "\n")
        count += 1
    out.write("  </body>\n</tmx>\n")
    return count


def seg_text(seg: Any) -> str:
    """The text of a <seg>: inline codes (bpt/ept/ph/it/ut) dropped, <hi>/<sub> text kept."""
    parts = [seg.text or ""]
    for child in seg:
        if local_name(child) not in _INLINE_CODES:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lines(value: str, where: str, warnings: list[Problem]) -> tuple[int, ...]:
    value = value.strip()
    if not value:
        return ()
    if not _LINES.match(value):
        warnings.append(Problem(where, f"ignored line numbers {value!r} (expected e.g. '3,4')"))
        return ()
    return tuple(int(n) for n in value.split(","))


def _record(tu: Any, path: Path, result: ReadResult, seen_langs: set[str]) -> PairRecord | None:
    where = f"{path}:{tu.sourceline}"
    segs: dict[str, str] = {}
    for tuv in tu:
        if local_name(tuv) != "tuv":
            continue
        raw = xml_lang(tuv)
        lang, standard = languages.parse(raw)
        seen_langs.add(raw or "(none)")
        if lang is None:
            continue
        if not standard:
            result.warnings.append(Problem(f"{path}:{tuv.sourceline}", f"non-standard language code {raw!r} read as {lang}"))
        seg = next((c for c in tuv if local_name(c) == "seg"), None)
        if seg is None:
            continue
        if lang in segs:
            result.warnings.append(Problem(f"{path}:{tuv.sourceline}", f"second {lang} TUV ignored"))
            continue
        segs[lang] = seg_text(seg)
    missing = [lang for lang in ("kk", "ru") if not segs.get(lang, "").strip()]
    if missing:
        what = " and ".join({"kk": "Kazakh", "ru": "Russian"}[m] for m in missing)
        result.skipped.append(Problem(where, f"no {what} text in this unit"))
        return None
    props = {p.get("type", ""): (p.text or "") for p in tu if local_name(p) == "prop"}
    score = 1.0
    if "x-score" in props:
        try:
            score = float(props["x-score"])
        except ValueError:
            result.warnings.append(Problem(where, f"ignored score {props['x-score']!r} (not a number)"))
    extra = {prop_key(k): v for k, v in props.items() if k.startswith("x-") and k not in _FIELD_PROPS}
    return PairRecord(
        kk=segs["kk"], ru=segs["ru"], score=score, method=props.get("x-method") or "import",
        kk_doc=props.get("x-kk-document", ""), ru_doc=props.get("x-ru-document", ""),
        kk_lines=_lines(props.get("x-kk-lines", ""), where, result.warnings),
        ru_lines=_lines(props.get("x-ru-lines", ""), where, result.warnings),
        created=iso_date(tu.get("creationdate", "")), origin=props.get("x-origin", ""), props=extra,
    )


def read(path: Path) -> ReadResult:
    """Read the kk-ru units of a TMX 1.1/1.4 file, whichever language is the source."""
    root, warnings = parse_xml(path)
    if local_name(root) != "tmx":
        raise FormatError(f"{path}:{root.sourceline}: not a TMX file (root element <{local_name(root)}>, expected <tmx>); pass a .tmx file")
    result = ReadResult(warnings=warnings)
    body = next((c for c in root if local_name(c) == "body"), None)
    units = [] if body is None else [c for c in body if local_name(c) == "tu"]
    if not units:
        result.warnings.append(Problem(f"{path}:{root.sourceline}", "the file has no translation units"))
        return result
    seen: set[str] = set()
    for tu in units:
        record = _record(tu, path, result, seen)
        if record is not None:
            result.units.append(record)
    found = {languages.parse(raw)[0] for raw in seen}
    if not {"kk", "ru"} <= found:
        listed = ", ".join(sorted(seen))
        raise FormatError(
            f"{path}: no Kazakh and Russian TUVs found (languages: {listed}); "
            "export the memory with kk and ru (codes kk/kk-KZ and ru/ru-RU)"
        )
    return result

