"""OCR repair of Russian text recognised as Latin letters and digits.

Public entry points: `tm.ocr.ru_latin.repair_latin_russian(text) -> list[Edit]` and
`tm.ocr.ru_latin.repair_document(text) -> Repair` (edits, and the damaged words kept as they were
for want of confidence, with candidates), `tm.ocr.ru_latin.latin_ocr_spans(text)`. The channel is
learned from real OCR (`tm.ocr.channel`, `tm.ocr.confusion`), confidences are calibrated
(`tm.ocr.calibration`), obscene readings are never written (`tm.ocr.offensive`) and a document's
repair is cached (`tm.ocr.cache`). Resources (pymorphy3's DAWG, wordfreq, character trigram
tables cached under `tm.paths.cache_dir()`) load lazily on first use.
"""
