"""Repair of Russian text whose Cyrillic was recognised as Latin letters and digits.

Pipeline over one document: cut into pieces and label them (`tm.ocr.detect`), decode every
Russian piece with the lexicon-constrained noisy channel (`tm.ocr.decoder`), re-estimate the
channel on the document's own confidently decoded words (hard EM, no gold) and decode again,
keep compounds whole across their hyphen (`премьер-министра`), join words hyphenated across lines,
cut by a stray `.` or `,` or split by a space when the joined word decodes better, read short
pieces wedged between damaged Russian words as Russian, search badly fitting words again with a
wider beam and over frequent words newer than the dictionary (`цифровизации`), search every word
over the document's own lexicon (`tm.ocr.doc_lexicon`), fall back to a character n-gram for
damaged words outside the lexicon (names), pick endings by agreement within noun phrases between
punctuation (`tm.ocr.agreement`), and restore casing. Decodings are memoised per distinct string;
the result does not depend on string hashing (tries are built in sorted order)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from tm.document import Edit, Suspect
from tm.ocr import agreement, calibration
from tm.ocr.cache import cached_repair
from tm.ocr.confusion import ConfusionModel
from tm.ocr.decoder import Candidate, decode
from tm.ocr.doc_lexicon import DocumentLexicon, FormTrie
from tm.ocr.detect import (
    Piece,
    damage_signal,
    english_evidence,
    is_brand,
    is_handle,
    is_ordinal,
    is_roman,
    pieces,
)
from tm.ocr.offensive import is_offensive
from tm.ocr.resources import english_ngram, lexicon, russian_ngram, russian_word_cost, unknown_words
from tm.progress import progress_bar

KIND = "ocr-ru"
RU_OK = 3.0  # decode cost per Latin character below which a piece reads as Russian
OOV_TRY = 3.0  # ... above which a damaged piece is also decoded outside the lexicon
JOIN_OK = 3.0  # ... below which a joined word counts as a word
EN_OK = 2.0  # English Zipf frequency from which a piece reads as English
EM_ROUNDS = 1
EM_MARGIN = 2.5  # bits between best and runner-up for a decoding to teach the channel
EM_FIT = 1.6  # channel bits per Latin character allowed in such a decoding
CACHE_FIT = 2.0  # ... allowed in a decoding that counts towards the document lexicon
DOC_BEAM = 24  # beam over the document lexicon, where every hypothesis may substitute
WIDE_TRY = 2.4  # decode cost per Latin character above which a piece is searched again, wider
WIDE_BEAM = 256  # ... with this beam,
WIDE_SUBST = 24  # of which this many hypotheses also try substitutions and dropped letters,
WIDE_WINDOW = 20.0  # and hypotheses this many bits behind the best kept
EXTRA_TRY = 2.0  # ... above which it is also decoded over frequent words pymorphy lacks,
EXTRA_COST = 2.0  # which pay this much more (often fragments or rare names)
DOC_MIN_LEN = 4  # shorter pieces are not decoded again over the document lexicon
DOC_TRY = 0.0  # decode cost per Latin character above which a piece is decoded there again (every piece:
# the search over the small document lexicon is cheap and finds forms the narrow beam missed)
EN_NGRAM_OK = 3.8  # English letter-trigram bits per letter below which a name looks English
JOIN_GAIN = 6.0  # bits a join across a space must save over the parts decoded apart
HYPHEN_BIAS = 8.0  # bits of credit for joining across a hyphenated line break
SPECK_BIAS = 2.0  # bits of credit for joining across a `.` or `,` inside a word
SPLIT_SUSPECT = 2.2
SHORT_MAX = 4  # pieces up to this long between damaged words may be read as Russian
SHORT_OK = 4.0  # ... when they decode at this cost per character or better  # decode cost per character above which a piece may be half a word
_SINGLE = frozenset("вскуоаия")
_SENTENCE_END = ".!?…"
_CLAUSE_END = ".!?…;:()"
_CAPITALISED_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad")


@dataclass
class _Unit:
    """A stretch of text repaired as one word: one piece, or pieces joined across a gap."""

    start: int
    end: int
    latin: str
    first: int  # index of the first piece
    last: int
    sep: str = ""  # one "\n" per line break joined (hyphenated at a line end), kept after the word


@lru_cache(maxsize=1)
def _unknown_trie() -> FormTrie:
    return FormTrie(set(unknown_words()))


def _locked(tok: str) -> bool:
    """Genuine Latin on its own evidence: Roman numerals, ordinals, brands, handles, `I` `X` `L`."""
    return is_roman(tok) or is_ordinal(tok) or is_brand(tok) or is_handle(tok) or (len(tok) == 1 and tok in "IXL")


def _gap_kind(gap: str) -> str:
    """How two pieces are separated: 'compound' (a hyphen, also one repeated after a line break),
    'line' (hyphenated line break), 'speck' (a `.` or `,` with no space), 'space', or 'other'."""
    if gap in ("-", "\u2011") or (gap.startswith("-") and gap.endswith("-") and "\n" in gap and not gap[1:-1].strip()):
        return "compound"
    if gap.startswith("-") and "\n" in gap and not gap[1:].strip():
        return "line"
    if gap in (".", ",", ".,", ",."):
        return "speck"
    return "space" if gap == " " else "other"


def latin_ocr_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the pieces of `text` that read as Latin-OCR'd Russian (to be repaired)."""
    rep = _Repairer(text)
    return [(p.start, p.end) for p, lab in zip(rep.pieces, rep.labels()) if lab == "ru"]


@dataclass
class Repair:
    """What the repair of one document did: its edits, and the damaged words it left alone."""

    edits: list[Edit]
    suspects: list[Suspect]


def repair_latin_russian(text: str, *, progress: bool = False, cache: bool = True,
                         abstain: bool = True) -> list[Edit]:
    """Edits turning Latin-OCR'd Russian words of `text` back into Cyrillic.

    Genuine Latin (URLs, e-mails, English text, brands, Latin names, Roman numerals) is left alone.
    Edits do not overlap; a word hyphenated across a line break becomes one edit whose repaired
    text is the joined word followed by the newline, so the line count is kept. A word whose
    calibrated confidence is below `calibration.ABSTAIN` is not edited (see `repair_document`)
    unless `abstain` is False.
    """
    return repair_document(text, progress=progress, cache=cache, abstain=abstain).edits


def repair_document(text: str, *, progress: bool = False, cache: bool = True, abstain: bool = True) -> Repair:
    """The edits of `repair_latin_russian` and the damaged words left unrepaired, with candidates.
    With `cache`, the repair of a text already repaired by this version is read back from disk."""
    if not text.strip():
        return Repair([], [])
    run = lambda: _Repairer(text, abstain=abstain).run(progress)  # noqa: E731
    if cache:
        return cached_repair("ocr_repair_ru" if abstain else "ocr_repair_ru_all", text, run)
    return run()


class _Repairer:
    def __init__(self, text: str, *, abstain: bool = True) -> None:
        self.text = text
        self.abstain = abstain
        self.features: dict[int, list[float]] = {}  # unit start -> confidence features of its edit
        self.pieces: list[Piece] = pieces(text)
        self.lex = lexicon()
        self.model = ConfusionModel.learned()
        self._memo: dict[str, list[Candidate]] = {}
        self._doc_memo: dict[str, list[Candidate]] = {}
        self._wide_memo: dict[str, list[Candidate]] = {}
        self._extra_memo: dict[str, list[Candidate]] = {}

    # -- decoding ---------------------------------------------------------------------------
    def candidates(self, latin: str) -> list[Candidate]:
        found = self._memo.get(latin)
        if found is None:
            if len(latin) == 1:
                found = self._single(latin)
            else:
                found = decode(latin, self.lex, self.model)
            self._memo[latin] = found
        return found

    def _single(self, latin: str) -> list[Candidate]:
        out = [
            Candidate(cyr, cost + 0.45 * russian_word_cost(cyr), cost, ((cyr, latin),), True)
            for cyr, cost in self.model.by_latin.get(latin, ())
            if cyr in _SINGLE
        ]
        return sorted(out, key=lambda c: c.cost)

    @staticmethod
    def per_char(cands: list[Candidate], latin: str) -> float:
        return cands[0].cost / max(len(latin), 2) if cands else float("inf")

    # -- detection --------------------------------------------------------------------------
    def labels(self) -> list[str]:
        """'ru' (repair), 'en' (English), 'keep' (other Latin) for each piece.

        A piece's own evidence gives 'ru!' (damaged spelling), 'en', 'keep', or a weak guess
        ('ru?' clean spelling that decodes as Russian, 'amb' also an English word); weak guesses
        follow the certain labels of their neighbours on the line. A piece broken by a hyphen at
        a line end is judged by the joined word.
        """
        own: list[str] = []
        joined = self._hyphen_partners()
        for i, p in enumerate(self.pieces):
            tok = p.text
            if i not in joined and _locked(tok):
                own.append("lock")
                continue
            if tok.isdigit():
                own.append("ru!")
                continue
            whole = joined.get(i, tok)
            ru_ok = self.per_char(self.candidates(whole), whole) <= RU_OK
            eng = max(english_evidence(tok), english_evidence(whole) if whole != tok else 0.0)
            if damage_signal(whole):
                own.append("ru!")
            elif eng >= EN_OK:
                own.append("amb" if ru_ok else "en")
            elif tok.isupper() and len(tok) > 1:
                own.append("ru!")
            else:
                own.append("ru?" if ru_ok else "keep")
        final: list[str] = []
        for i, lab in enumerate(own):
            if lab == "lock":
                final.append("keep")
                continue
            if lab in ("keep", "en", "amb", "ru?") and self._between_damaged(own, i):
                final.append("ru")
                continue
            if lab == "keep" and not is_roman(self.pieces[i].text) and self._russian_surroundings(own, i):
                final.append("ru")
                continue
            if lab in ("ru!", "en", "keep"):
                final.append(lab[:2] if lab == "ru!" else lab)
                continue
            score = self._context(own, i)
            if lab == "ru?":
                final.append("keep" if score["en"] > score["ru!"] else "ru")
            elif score["ru!"] == score["en"]:
                tok = self.pieces[i].text
                final.append("en" if len(tok) > 1 and english_evidence(tok) >= 3.5 else "ru")
            else:
                final.append("ru" if score["ru!"] > score["en"] else "en")
        return final

    def _context(self, own: list[str], i: int) -> dict[str, float]:
        """Weighted votes of the certain labels within four pieces on the same line. A capitalised
        English word votes half: alone amid Russian it is usually a name (Facebook, Twitter)."""
        score = {"ru!": 0.0, "en": 0.0}
        for j in range(max(0, i - 4), min(len(own), i + 5)):
            if j != i and own[j] in score and self.pieces[j].line == self.pieces[i].line:
                weight = 0.5 if own[j] == "en" and not self.pieces[j].text.islower() else 1.0
                score[own[j]] += weight / abs(j - i)
        return score

    def _between_damaged(self, own: list[str], i: int) -> bool:
        """A short piece (`AO` до, `na` на, `uem` чем) read as English or kept only for its own
        evidence, but wedged between two visibly damaged Russian words, is Russian when it decodes
        passably. Other such short pieces may stand between (`bo bcem` во всём); only spaces and
        clause punctuation may separate them. Capitalised words (names, brands) and anything in
        brackets or quotes keep their label."""
        if not self._short(i) or self.per_char(self.candidates(self.pieces[i].text), self.pieces[i].text) > SHORT_OK:
            return False
        for step in (-1, 1):
            j = i
            while True:
                k = j + step
                if not 0 <= k < len(own):
                    return False
                a, b = sorted((self.pieces[j], self.pieces[k]), key=lambda p: p.start)
                gap = self.text[a.end : b.start]
                if gap.strip(",;: \n") or not gap.strip(",;:"):
                    return False
                if own[k] == "ru!":
                    break
                if own[k] == "lock" or not self._short(k):
                    return False
                j = k
        return True

    def _short(self, i: int) -> bool:
        tok = self.pieces[i].text
        return len(tok) <= SHORT_MAX and not (len(tok) > 2 and tok[:1].isupper() and tok[1:].islower())

    def _russian_surroundings(self, own: list[str], i: int) -> bool:
        """A clean-looking piece that does not read as English, amid damaged Russian on its line."""
        tok = self.pieces[i].text
        if len(tok) < 3 or (len(tok) > 4 and not tok.islower()) or english_ngram().word_cost(tok.lower()) / len(tok) <= EN_NGRAM_OK:
            return False
        score = self._context(own, i)
        return score["en"] == 0.0 and score["ru!"] >= 1.0

    def _hyphen_partners(self) -> dict[int, str]:
        """Pieces split by a hyphen at a line end (a compound's hyphen too) or by a speck that
        `_speck_join` accepts: index -> the joined Latin string."""
        out: dict[int, str] = {}
        for i in range(len(self.pieces) - 1):
            p, q = self.pieces[i], self.pieces[i + 1]
            gap = self.text[p.end : q.start]
            kind = _gap_kind(gap)
            if kind == "line" or (kind == "compound" and "\n" in gap):
                out[i] = out[i + 1] = p.text + "-" * (kind == "compound") + q.text
            elif kind == "speck" and self._speck_join(p.text, q.text, gap):
                out[i] = out[i + 1] = p.text + q.text
        return out

    def _speck_join(self, a: str, b: str, gap: str) -> bool:
        """Whether `a` and `b` around a `.` or `,` are one word (`HA.IIIUX` наших, `O,cbEHHHo`
        особенно). A single letter before a dot is an initial (`A.Pocc`), never joined."""
        if len(b) < 2 or (len(a) < 2 and not (gap == "," and a.isalpha())) or any(map(_locked, (a, b))):
            return False
        return self._join_better(a, b, SPECK_BIAS)

    # -- document adaptation ----------------------------------------------------------------
    def adapt(self, latins: list[str]) -> None:
        """Hard EM: count alignments of confidently decoded words, re-estimate, forget decodings."""
        counts: Counter[tuple[str, str]] = Counter()
        for latin in latins:
            cands = self.candidates(latin)
            if len(latin) < 4 or not cands or " " in cands[0].text:
                continue
            margin = cands[1].cost - cands[0].cost if len(cands) > 1 else 10.0
            if margin >= EM_MARGIN and cands[0].channel / len(latin) <= EM_FIT:
                counts.update(pair for pair in cands[0].alignment if pair[0] and pair[1])
        if counts:
            self.model = ConfusionModel.learned().reestimate(counts)
            self._memo.clear()

    # -- units: joins across hyphenated line breaks, stray specks, spaces and compound hyphens --
    def units(self, ru: list[int]) -> list[_Unit]:
        """Russian pieces grouped into words: neighbours separated by a hyphen (`премьер-министра`)
        always, by a hyphenated line break, a stray `.` or `,` inside a word (`HA.IIIUX`) or a space
        when the joined word decodes better than its parts. Joins chain (`gO,CT-\nATOYH0`)."""
        units: list[_Unit] = []
        k = 0
        while k < len(ru):
            i = ru[k]
            p = self.pieces[i]
            u = _Unit(p.start, p.end, p.text, i, i)
            while k + 1 < len(ru) and ru[k + 1] == u.last + 1:
                q = self.pieces[ru[k + 1]]
                joined = self._joined(u, q)
                if joined is None:
                    break
                u = joined
                k += 1
            units.append(u)
            k += 1
        return units

    def _joined(self, u: _Unit, q: Piece) -> _Unit | None:
        """`u` extended by the next piece `q`, or None when they are two words."""
        gap = self.text[u.end : q.start]
        a, b = u.latin, q.text
        kind = _gap_kind(gap)
        if kind == "compound":
            if a.isdigit() or b.isdigit() or "-" in a:
                return None
            latin = a + "-" + b
        elif kind == "line":
            latin = a + b if self._join_better(a, b, HYPHEN_BIAS) else ""
        elif kind == "speck":
            latin = a + b if self._speck_join(a, b, gap) else ""
        elif kind == "space":
            ok = self._suspect(a, b) and min(len(a), len(b)) >= 2 and self._join_better(a, b, -JOIN_GAIN)
            latin = a + b if ok else ""
        else:
            return None
        if not latin:
            return None
        return _Unit(u.start, q.end, latin, u.first, u.last + 1, u.sep + "\n" * ("\n" in gap))

    def _suspect(self, a: str, b: str) -> bool:
        """Either part decodes badly on its own, so the two may be one word split by a space."""
        return any(self.per_char(self.candidates(x), x) > SPLIT_SUSPECT for x in (a, b))

    def _join_better(self, a: str, b: str, bias: float) -> bool:
        """Whether the joined word decodes (in the lexicon) better than the parts, with `bias` bits
        of credit for the join: a hyphen at a line end is usually a word break (HYPHEN_BIAS), a
        speck inside a word is a little likelier than a sentence glued to the next (SPECK_BIAS), a
        space inside a word is rare (the join must save JOIN_GAIN bits)."""
        cj = self.candidates(a + b)
        if bias >= HYPHEN_BIAS and len(a + b) >= DOC_MIN_LEN and self.per_char(cj, a + b) > WIDE_TRY:
            cj = sorted([*cj, *self._wide(a + b)], key=lambda c: c.cost)  # a long word read badly
        slack = 1.0 if bias >= HYPHEN_BIAS else 0.0
        if not cj or " " in cj[0].text or self.per_char(cj, a + b) > JOIN_OK + slack:
            return False
        ca, cb = self.candidates(a), self.candidates(b)
        apart = (ca[0].cost if ca else 40.0) + (cb[0].cost if cb else 40.0)
        return cj[0].cost < apart + bias

    # -- the whole run ----------------------------------------------------------------------
    def run(self, progress: bool) -> Repair:
        for _ in range(EM_ROUNDS):
            labels = self.labels()
            self.adapt(sorted({p.text for p, lab in zip(self.pieces, labels) if lab == "ru"}))
        labels = self.labels()
        ru = [i for i, lab in enumerate(labels) if lab == "ru"]
        units = self.units(ru)
        trie = self._document_lexicon(units).trie()
        with progress_bar(len(units), "OCR repair (ru)", enabled=progress) as advance:
            options: list[list[tuple[str, float]]] = []
            for u in units:
                options.append([o for o in self._options(u, trie) if not any(map(is_offensive, o[0].split()))])
                advance(1)
        choice = agreement.choose(options, self._breaks(units))
        edits: list[Edit] = []
        suspects: list[Suspect] = []
        for u, opts, c in zip(units, options, choice):
            original = self.text[u.start : u.end]
            if not opts:
                if not (u.latin.isdigit() and len(u.latin) > 2):
                    suspects.append(Suspect(u.start, u.end, original, KIND, 0.0))
                continue
            word, cost = opts[c]
            repaired = self._cased(word, u) + u.sep
            if repaired == original:
                continue
            x = self._features(opts, c, u.latin)
            self.features[u.start] = x
            cal = calibration.load()
            confidence = round(cal(x), 3) if cal is not None else self._confidence(opts, c, u.latin)
            if confidence < calibration.ABSTAIN and self.abstain:
                suspects.append(Suspect(u.start, u.end, original, KIND, confidence, self._ranked(opts, c)))
            else:
                edits.append(Edit(u.start, u.end, original, repaired, KIND, confidence))
        return Repair(edits, suspects)

    def _features(self, opts: list[tuple[str, float]], chosen: int, latin: str) -> list[float]:
        cost = opts[chosen][1]
        rival = min((c for j, (_, c) in enumerate(opts) if j != chosen), default=cost + calibration.MARGIN_CAP)
        second = opts[1][1] - opts[0][1] if len(opts) > 1 else calibration.MARGIN_CAP
        known = all(self.lex.morph.word_is_known(w) or w in unknown_words() for w in opts[chosen][0].split())
        return calibration.features(cost, rival, second, chosen, latin, damage_signal(latin), not known)

    @staticmethod
    def _ranked(opts: list[tuple[str, float]], chosen: int, top: int = 3) -> tuple[tuple[str, float], ...]:
        """The chosen reading and the next best, with their shares of the posterior mass."""
        order = [chosen, *(j for j in range(len(opts)) if j != chosen)][:top]
        best = min(c for _, c in opts)
        weights = [2.0 ** -(c - best) for _, c in opts]
        z = sum(weights)
        return tuple((opts[j][0], round(weights[j] / z, 3)) for j in order)

    def _breaks(self, units: list[_Unit]) -> list[bool]:
        """Whether sentence or clause punctuation separates each unit from the next one."""
        text = self.text
        out = [any(ch in _CLAUSE_END for ch in text[a.end : b.start]) for a, b in zip(units, units[1:])]
        return [*out, True]

    def _document_lexicon(self, units: list[_Unit]) -> DocumentLexicon:
        """Lemma counts from every unit's decodings that fit well, weighted by posterior."""
        cache = DocumentLexicon()
        for u in units:
            if len(u.latin) < 3:
                continue
            cands = [c for c in self.candidates(u.latin) if " " not in c.text and c.in_lexicon]
            if not cands:
                continue
            weights = [2.0 ** -(c.cost - cands[0].cost) for c in cands]
            z = sum(weights)
            for c, w in zip(cands, weights):
                if w / z >= 0.05 and c.channel / len(u.latin) <= CACHE_FIT:
                    cache.add(c.text, w / z)
        return cache

    def _options(self, u: _Unit, trie: FormTrie) -> list[tuple[str, float]]:
        """Candidate words (text, cost) for a unit: the lexicon, for badly fitting pieces also the
        document's own lexicon (a wider search), and, failing both, character n-grams."""
        latin = u.latin
        if latin.isdigit() and len(latin) > 2:
            return []
        cands = list(self.candidates(latin))
        if len(latin) >= DOC_MIN_LEN and self.per_char(cands, latin) > WIDE_TRY:
            cands += self._wide(latin)
        if len(latin) >= DOC_MIN_LEN and self.per_char(cands, latin) > EXTRA_TRY:
            cands += self._extra(latin)
        if len(latin) >= DOC_MIN_LEN and self.per_char(cands, latin) > DOC_TRY:
            doc = self._doc_memo.get(latin)
            if doc is None:
                doc = decode(latin, trie, self.model, beam=DOC_BEAM, wide=DOC_BEAM)
                self._doc_memo[latin] = doc
            cands += doc
        best: dict[str, float] = {}
        for c in cands:
            best[c.text] = min(c.cost, best.get(c.text, c.cost))
        ranked = sorted(best.items(), key=lambda kv: kv[1])
        if len(latin) >= 4 and (ranked[0][1] if ranked else float("inf")) / max(len(latin), 2) > OOV_TRY:
            oov = decode(latin, russian_ngram(), self.model, lexical=False, top=3)
            if oov and (not ranked or oov[0].cost < ranked[0][1]):
                ranked = sorted([*((c.text, c.cost) for c in oov), *ranked], key=lambda kv: kv[1])
        return ranked[:10]

    def _wide(self, latin: str) -> list[Candidate]:
        """A badly fitting word searched again over the whole lexicon with a wider beam.

        The narrow beam ranks prefixes by their cost so far, so a word whose damage comes early
        (a substituted or spurious first letter) is pruned before its cheap remainder is read;
        measured on seed 004, most words left wrong had a correct decoding cheaper than the one
        found. Only words that fit badly pay for the wider search.
        """
        found = self._wide_memo.get(latin)
        if found is None:
            found = decode(latin, self.lex, self.model, beam=WIDE_BEAM, wide=WIDE_SUBST, window=WIDE_WINDOW)
            self._wide_memo[latin] = found
        return found

    def _extra(self, latin: str) -> list[Candidate]:
        """A badly fitting word decoded over frequent words missing from pymorphy's dictionary
        (цифровизации, фейсбуке): the dictionary predates them."""
        found = self._extra_memo.get(latin)
        if found is None:
            found = [replace(c, cost=c.cost + EXTRA_COST) for c in decode(latin, _unknown_trie(), self.model)]
            self._extra_memo[latin] = found
        return found

    @staticmethod
    def _confidence(opts: list[tuple[str, float]], chosen: int, latin: str) -> float:
        cost = opts[chosen][1]
        rival = min((c for j, (_, c) in enumerate(opts) if j != chosen), default=cost + 10.0)
        margin = max(0.0, rival - cost)
        fit = max(0.0, 1.0 - cost / (4.0 * max(len(latin), 2)))
        return round(min(1.0, fit * (1.0 - 0.5 * 2.0 ** -margin)), 3)

    def _cased(self, word: str, u: _Unit) -> str:
        """Casing re-derived: abbreviations upper, names and sentence starts capitalised."""
        if " " in word:
            first, rest = word.split(" ", 1)
            return self._cased(first, u) + " " + rest
        parses = lexicon().morph.parse(word)
        tag = parses[0].tag if parses else None
        latin = u.latin
        if len(word) == 1 and self.text[u.end : u.end + 1] == "." and latin.isupper():
            return word.upper()  # an initial
        if tag is not None and "Abbr" in tag and len(word) <= 4 and latin.isupper():
            return word.upper()
        if tag is not None and any(t in tag for t in _CAPITALISED_TAGS) and latin[:1].isupper():
            return word[:1].upper() + word[1:]
        if self._sentence_start(u.start):
            return word[:1].upper() + word[1:]
        return word

    def _sentence_start(self, pos: int) -> bool:
        i = pos - 1
        text = self.text
        while i >= 0 and (text[i].isspace() or text[i] in "«\"“(—–-"):
            i -= 1
        if i < 0:
            return True
        if text[i] not in _SENTENCE_END:
            return False
        j = i - 1
        while j >= 0 and text[j].isalpha():
            j -= 1
        return i - j - 1 > 1  # a single letter before the dot is an initial
