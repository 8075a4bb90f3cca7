"""Beam search over segmentations of a Latin OCR string into Cyrillic word forms.

A hypothesis is a Cyrillic prefix, the position reached in the Latin string and a state of a
walker: the lexicon DAWG (only real word forms survive) or a character n-gram (for names outside
the lexicon). Each step consumes 1-4 Latin characters for one Cyrillic letter through the
confusion model, or pays for a generic substitution, a spurious Latin character or a dropped
letter. In lexicon mode a complete word may be followed by a word boundary, so merged words
(`PecnyOnukaKasaxcTaH`) decode as two words. A hyphen in the Latin string is kept: it either
continues a dictionary compound (`северо-восточнее`) or joins two words (`клинико-научного`). The
word prior (frequency) is added at each word end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from tm.ocr.confusion import MAX_VARIANT, SOFT_INS, SOFT_INS_COST, ConfusionModel
from tm.ocr.resources import russian_word_cost

LM_WEIGHT = 0.45  # bits of word prior per bit of channel cost
SPACE_COST = 9.0  # a word boundary inside one Latin token
NGRAM_WEIGHT = 0.55
OOV_COST = 6.0  # extra cost of a word outside the lexicon
HYPHEN_COST = 1.0  # a hyphen between two words of a compound (`премьер-министр`, `клинико-научный`)
BEAM = 16  # hypotheses kept per Latin position
WIDE = 3  # of which the best few also try dropped letters and generic substitutions


class Walker(Protocol):
    root: Any

    def children(self, state: Any) -> dict[str, tuple[Any, float]]: ...

    def accepts(self, state: Any) -> float | None: ...


@dataclass(frozen=True)
class Candidate:
    """One decoding of a Latin token: Cyrillic text (words joined by spaces) and its costs."""

    text: str
    cost: float
    channel: float
    alignment: tuple[tuple[str, str], ...]
    in_lexicon: bool


def _unfold(link: tuple | None) -> tuple[tuple[str, str], ...]:
    """The alignment pairs of a hypothesis, from its (parent, pair) chain."""
    pairs = []
    while link is not None:
        link, pair = link
        pairs.append(pair)
    return tuple(reversed(pairs))


def decode(
    token: str,
    walker: Walker,
    model: ConfusionModel,
    *,
    beam: int | None = None,
    wide: int | None = None,
    window: float = 11.0,
    lexical: bool = True,
    top: int = 8,
) -> list[Candidate]:
    """The `top` best decodings of `token`, cheapest first (empty if none reaches the end)."""
    beam = BEAM if beam is None else beam
    wide = WIDE if wide is None else wide
    n = len(token)
    # agenda[pos]: prefix -> (cost, channel, state, alignment, word_start, deleted)
    agenda: list[dict[str, tuple]] = [{} for _ in range(n + 1)]
    agenda[0][""] = (0.0, 0.0, walker.root, None, 0, False)
    by_latin = model.by_latin
    del_cost = model.dele
    ngram_w = 0.0 if lexical else NGRAM_WEIGHT
    finals: dict[str, Candidate] = {}
    children, accepts = walker.children, walker.accepts

    for pos in range(n + 1):
        slot = agenda[pos]
        if not slot:
            continue
        ranked = sorted(slot.items(), key=lambda kv: kv[1][0])[:beam]
        limit = ranked[0][1][0] + window
        ranked = [kv for kv in ranked if kv[1][0] <= limit]
        extra: list[tuple[str, tuple]] = []
        for rank, (prefix, (cost, chan, state, align, wstart, deleted)) in enumerate(ranked):
            if rank < wide and not deleted:
                for ch, (nxt, step) in children(state).items():
                    extra.append((prefix + ch, (cost + del_cost + ngram_w * step, chan + del_cost, nxt,
                                                (align, (ch, "")), wstart, True)))
            if lexical and pos < n and prefix and prefix[-1] != " " and accepts(state) is not None:
                wcost = LM_WEIGHT * russian_word_cost(prefix[wstart:])
                extra.append((prefix + " ", (cost + SPACE_COST + wcost, chan + SPACE_COST, walker.root,
                                             align, len(prefix) + 1, True)))
        if pos == n:
            for prefix, (cost, chan, state, align, wstart, deleted) in ranked + extra:
                end = accepts(state)
                if end is None or not prefix or prefix[-1] == " ":
                    continue
                if lexical:
                    total = cost + LM_WEIGHT * russian_word_cost(prefix[wstart:])
                else:
                    total = cost + ngram_w * end + OOV_COST
                text = prefix.replace("ё", "е")
                old = finals.get(text)
                if old is None or total < old.cost:
                    finals[text] = Candidate(text, total, chan, _unfold(align), lexical)
            break
        lat1 = token[pos]
        if lat1 == "-":
            _hyphen(walker, ranked + extra, agenda[pos + 1], lexical, ngram_w)
        ins = min(SOFT_INS_COST, model.ins) if lat1 in SOFT_INS else model.ins
        variants = [(length, token[pos : pos + length]) for length in range(1, min(MAX_VARIANT, n - pos) + 1)]
        variants = [(length, lat, by_latin[lat]) for length, lat in variants if lat in by_latin]
        nxt_slot = agenda[pos + 1]
        for rank, (prefix, (cost, chan, state, align, wstart, deleted)) in enumerate(ranked + extra):
            kids = children(state)
            matched: set[str] = set()
            for length, lat, options in variants:
                target = agenda[pos + length]
                for cyr, ccost in options:
                    hit = kids.get(cyr)
                    if hit is None:
                        continue
                    if length == 1:
                        matched.add(cyr)
                    new_cost = cost + ccost + ngram_w * hit[1]
                    key = prefix + cyr
                    old = target.get(key)
                    if old is None or new_cost < old[0]:
                        target[key] = (new_cost, chan + ccost, hit[0], (align, (cyr, lat)), wstart, False)
            new_cost = cost + ins
            old = nxt_slot.get(prefix)
            if old is None or new_cost < old[0]:
                nxt_slot[prefix] = (new_cost, chan + ins, state, (align, ("", lat1)), wstart, deleted)
            if rank < wide and lexical:
                new_cost = cost + model.sub
                for ch, (nxt, _step) in kids.items():
                    if ch in matched:
                        continue
                    key = prefix + ch
                    old = nxt_slot.get(key)
                    if old is None or new_cost < old[0]:
                        nxt_slot[key] = (new_cost, chan + model.sub, nxt, (align, (ch, lat1)), wstart, False)
    return sorted(finals.values(), key=lambda c: c.cost)[:top]


def _hyphen(walker: Walker, hyps: list[tuple[str, tuple]], target: dict[str, tuple], lexical: bool,
            ngram_w: float) -> None:
    """Hypotheses after a hyphen of the Latin string: inside a dictionary compound (the walker's
    `hyphen` step, if it has one) or between two complete words, the second starting afresh."""
    step = getattr(walker, "hyphen", None)
    for prefix, (cost, chan, state, align, wstart, _deleted) in hyps:
        if not prefix or prefix[-1] in " -":
            continue
        moves = []
        if step is not None and (inside := step(state)) is not None:
            moves.append((cost, inside, wstart))
        end = walker.accepts(state)
        if end is not None:
            word = LM_WEIGHT * russian_word_cost(prefix[wstart:]) if lexical else ngram_w * end
            moves.append((cost + HYPHEN_COST + word, walker.root, len(prefix) + 1))
        for new_cost, nxt, new_start in moves:
            key = prefix + "-"
            old = target.get(key)
            if old is None or new_cost < old[0]:
                target[key] = (new_cost, chan, nxt, (align, ("-", "-")), new_start, False)
