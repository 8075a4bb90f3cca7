"""JSON Lines for pairs (one object per pair, DESIGN.md) and a JSON list for the glossary.

Pair objects hold `kk`, `ru`, `score`, `kk_doc`, `ru_doc`, `kk_lines`, `ru_lines`, `method`,
and `created`, `origin`, `props` when set. Text is cleaned like every other format, so a pair
reads back the same from JSONL as from TMX.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from tm.errors import FormatError
from tm.formats.base import Clock, Problem, ReadResult, Sink, clean_text, decode, format_score, read_bytes
from tm.store.records import GlossaryEntry, PairRecord


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def pair_object(pair: PairRecord) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "kk": clean_text(pair.kk), "ru": clean_text(pair.ru), "score": float(format_score(pair.score)),
        "kk_doc": clean_text(pair.kk_doc), "ru_doc": clean_text(pair.ru_doc),
        "kk_lines": list(pair.kk_lines), "ru_lines": list(pair.ru_lines), "method": clean_text(pair.method),
    }
    if pair.created:
        obj["created"] = clean_text(pair.created)
    if pair.origin:
        obj["origin"] = clean_text(pair.origin)
    if pair.props:
        obj["props"] = {clean_text(k): clean_text(str(v)) for k, v in sorted(pair.props.items())}
    return obj


def write_pairs(
    pairs: Iterable[PairRecord], fh: IO[Any], *, source: str = "kk", lang_style: str = "short",
    clock: Clock | None = None,
) -> int:
    """One JSON object per line; `source` and `lang_style` do not apply (keys name the languages)."""
    out = Sink(fh)
    count = 0
    for pair in pairs:
        out.write(_dumps(pair_object(pair)) + "\n")
        count += 1
    return count


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{key!r} is not a string")
    return value


def _line_numbers(obj: dict[str, Any], key: str) -> tuple[int, ...]:
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        raise ValueError(f"{key!r} is not a list of line numbers")
    return tuple(value)


def read_pairs(path: Path) -> ReadResult:
    text = decode(read_bytes(path), path)
    result = ReadResult()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            kk, ru = _text(obj, "kk"), _text(obj, "ru")
            if not kk.strip() or not ru.strip():
                raise ValueError("empty 'kk' or 'ru'")
            score = obj.get("score", 1.0)
            if not isinstance(score, (int, float)) or isinstance(score, bool):
                raise ValueError("'score' is not a number")
            props = obj.get("props") or {}
            if not isinstance(props, dict):
                raise ValueError("'props' is not an object")
            result.units.append(PairRecord(
                kk=kk, ru=ru, score=float(score), method=_text(obj, "method") or "import",
                kk_doc=_text(obj, "kk_doc"), ru_doc=_text(obj, "ru_doc"),
                kk_lines=_line_numbers(obj, "kk_lines"), ru_lines=_line_numbers(obj, "ru_lines"),
                created=_text(obj, "created"), origin=_text(obj, "origin"),
                props={str(k): str(v) for k, v in props.items()},
            ))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            reason = f"invalid JSON ({exc.msg})" if isinstance(exc, json.JSONDecodeError) else str(exc)
            result.skipped.append(Problem(where, reason))
    if not result.units and not result.skipped:
        raise FormatError(f"{path}: the file is empty; export the memory again")
    return result


# -- glossary --------------------------------------------------------------------------------

def entry_object(e: GlossaryEntry) -> dict[str, Any]:
    return {
        "kk": clean_text(e.kk), "ru": clean_text(e.ru), "score": float(format_score(e.score)),
        "kk_freq": e.kk_freq, "ru_freq": e.ru_freq, "example_kk": clean_text(e.example_kk),
        "example_ru": clean_text(e.example_ru), "status": clean_text(e.status),
        "kk_forms": [clean_text(f) for f in e.kk_forms if clean_text(f)],
        "ru_forms": [clean_text(f) for f in e.ru_forms if clean_text(f)],
        "evidence": clean_text(e.evidence), **({"junk": clean_text(e.junk)} if e.junk else {}),
    }


def write_glossary(entries: Iterable[GlossaryEntry], fh: IO[Any], *, clock: Clock | None = None) -> int:
    """A JSON list, one entry per line, in the order given."""
    out = Sink(fh)
    out.write("[")
    count = 0
    for e in entries:
        out.write(("\n" if count == 0 else ",\n") + _dumps(entry_object(e)))
        count += 1
    out.write("\n]\n")
    return count


def read_glossary(path: Path) -> list[GlossaryEntry]:
    try:
        data = json.loads(decode(read_bytes(path), path))
        if not isinstance(data, list):
            raise ValueError("not a JSON list")
        return [
            GlossaryEntry(
                kk=o["kk"], ru=o["ru"], score=float(o.get("score", 0.0)), kk_freq=int(o.get("kk_freq", 0)),
                ru_freq=int(o.get("ru_freq", 0)), example_kk=o.get("example_kk", ""),
                example_ru=o.get("example_ru", ""), status=o.get("status", "auto"),
                kk_forms=tuple(o.get("kk_forms", ())), ru_forms=tuple(o.get("ru_forms", ())),
                evidence=o.get("evidence", ""), junk=o.get("junk", ""),
            )
            for o in data
        ]
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg}); write it again with `tm glossary --format json`") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FormatError(f"{path}: not a tm glossary ({exc}); write it again with `tm glossary --format json`") from None
