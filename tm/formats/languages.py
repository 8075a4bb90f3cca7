"""Language codes: the styles `tm` writes and the spellings it accepts when reading.

Readers disagree on codes (REFERENCE section 6): OmegaT falls back from `kk-KZ` to `kk` but not
from `kk_KZ`, `kaz` or `kz`; Translate Toolkit matches codes exactly. So a file uses one style
throughout, and reading accepts the common misspellings with a warning.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["kk", "ru"]
LangStyle = Literal["short", "region"]

STYLES: dict[str, dict[str, str]] = {
    "short": {"kk": "kk", "ru": "ru"},
    "region": {"kk": "kk-KZ", "ru": "ru-RU"},
}

_PRIMARY = {"kk": "kk", "ru": "ru"}
_NONSTANDARD = {"kaz": "kk", "kz": "kk", "rus": "ru"}


def code(lang: Lang, style: str = "short") -> str:
    """The code written for `lang` in `style` (`short`: kk/ru, `region`: kk-KZ/ru-RU)."""
    try:
        return STYLES[style][lang]
    except KeyError:
        raise ValueError(f"unknown language-code style {style!r}; use one of {sorted(STYLES)}") from None


def parse(raw: str | None) -> tuple[Lang | None, bool]:
    """Map a code as found in a file to (`kk`|`ru`|None, standard?).

    BCP 47 spellings in any case (`kk`, `kk-KZ`, `KK-KZ`, `kk-Cyrl-KZ`) are standard; `kk_KZ`,
    `kaz`, `kz`, `rus`, `ru_RU` are understood but flagged so the reader can warn.
    """
    if not raw:
        return None, True
    text = raw.strip().lower()
    standard = "_" not in text
    primary = text.replace("_", "-").split("-", 1)[0]
    if primary in _PRIMARY:
        return _PRIMARY[primary], standard  # type: ignore[return-value]
    if primary in _NONSTANDARD:
        return _NONSTANDARD[primary], False  # type: ignore[return-value]
    return None, True
