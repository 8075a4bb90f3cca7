"""Morphology for matching and dictionary forms: Kazakh stemming, Russian lemmas, lookup keys.

- `tm.morph.kazakh.stem(word)`: Kazakh inflection stripped (дипломатияның -> дипломатия).
- `tm.morph.russian.lemma(word)`: pymorphy3 normal form.
- `tm.morph.keys.fold / word_key / tokenize`: keys two inflected forms of one word share.
"""
