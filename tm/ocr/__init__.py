"""OCR repair of Russian text recognised as Latin letters and digits.

Public entry points: `tm.ocr.ru_latin.repair_latin_russian(text, progress=False) -> list[Edit]`
and `tm.ocr.ru_latin.latin_ocr_spans(text)`. Resources (pymorphy3's DAWG, wordfreq, character
trigram tables cached under `tm.paths.cache_dir()`) load lazily on first use.
"""
