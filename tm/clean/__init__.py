"""Cleaning: normalisation and OCR repair, every change kept as an edit in original offsets.

Layers, in order: Unicode NFC and invisible junk; punctuation (sacremoses, typography-safe);
code-point homoglyphs and mixed-script words; de-hyphenation; sentences glued by `..`; OCR
repair (Latin-OCR'd Russian via `tm.ocr.ru_latin`, Kazakh letters via `tm.clean.kazakh`).
"""

from __future__ import annotations

from tm.clean.cleaner import change_records, clean_file, clean_text, guess_language
from tm.clean.edits import EditLog, apply_edits

__all__ = ["EditLog", "apply_edits", "change_records", "clean_file", "clean_text", "guess_language"]
