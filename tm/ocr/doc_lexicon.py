"""Document lexicon: the lemmas a document keeps using, as a small lexicon of their forms.

An article repeats its vocabulary (цифровой, дипломатия, цифровизация dozens of times), while
OCR damage varies between occurrences. Well-fitting decodings of the whole document give lemma
counts (weighted by posterior); all forms of the recurring lemmas make a small trie, over which
badly damaged words are decoded again with generic substitutions allowed in every hypothesis: a
search too costly over 3 M word forms is cheap over a few thousand. (Mixing these counts into
the word prior, a cache language model, was measured and lost on both the dev gold and FLORES,
so the general frequency stays the only prior.)
"""

from __future__ import annotations

from collections import Counter

from tm.ocr.resources import lexicon

MIN_COUNT = 1.5  # expected occurrences for a lemma to enter the document lexicon


class FormTrie:
    """A letter trie over a set of word forms, walkable like `tm.ocr.resources.Lexicon`."""

    def __init__(self, words: set[str]) -> None:
        self.root = 0
        self._kids: list[dict[str, tuple[int, float]]] = [{}]
        self._final: set[int] = set()
        for word in sorted(words):  # sorted: the same trie, hence the same ties, in every run
            state = 0
            for ch in word:
                hit = self._kids[state].get(ch)
                if hit is None:
                    self._kids.append({})
                    hit = (len(self._kids) - 1, 0.0)
                    self._kids[state][ch] = hit
                state = hit[0]
            self._final.add(state)

    def children(self, state: int) -> dict[str, tuple[int, float]]:
        return self._kids[state]

    def accepts(self, state: int) -> float | None:
        return 0.0 if state in self._final else None


class DocumentLexicon:
    """Lemma counts of one document and the lexicon of their forms."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._forms: dict[str, set[str]] = {}  # lemma -> its word forms

    def add(self, word: str, weight: float) -> None:
        """Count `weight` occurrences of `word`'s lemmas (split evenly between its parses)."""
        lemmas = {p.normal_form for p in lexicon().morph.parse(word)}
        for lemma in lemmas:
            self.counts[lemma] += weight / len(lemmas)

    def _lexeme(self, lemma: str) -> set[str]:
        found = self._forms.get(lemma)
        if found is None:
            found = set()
            for p in lexicon().morph.parse(lemma):
                if p.normal_form == lemma:
                    found.update(f.word.replace("ё", "е") for f in p.lexeme)
            self._forms[lemma] = found
        return found

    def trie(self) -> FormTrie:
        """The forms of every lemma seen at least MIN_COUNT times."""
        words: set[str] = set()
        for lemma, n in self.counts.items():
            if n >= MIN_COUNT and len(lemma) >= 3:
                words.update(self._lexeme(lemma))
        return FormTrie(words)
