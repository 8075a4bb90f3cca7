"""Russian term candidates by morphological patterns over pymorphy3 parses.

Patterns (the head noun with modifiers before it and genitive nouns after it):
ADJF/PRTF* NOUN (ADJF* NOUN-gent)*, up to 5 words, inside one segment. The dictionary form is
the head in the nominative of the number it is used in (социальные сети stays plural), the
modifiers inflected to agree with the head, genitive dependents kept as written; proper nouns
and acronyms keep their capitals.
"""

from __future__ import annotations

from typing import Any

from tm.alphabet import KAZAKH_LETTERS
from tm.glossary.candidate import Candidate, sentence_start
from tm.morph.keys import fold, tokenize
from tm.morph.russian import compound_form, inflect, parses

MAX_WORDS = 5
STOP_LEMMAS = frozenset("""
который этот тот такой весь свой наш ваш их его её её мой твой сам самый один другой каждый
любой иной некоторый многий год раз время случай часть число вид ряд образ пример основа
помощь цель результат работа статья вопрос тема день сторона место уровень
большинство множество меньшинство половина треть четверть масса количество десяток сотня
тысяча миллион миллиард
""".split())  # the last two lines: quantities, which head any genitive (большинство фермеров)
# nominalised actions take any object in the genitive (утверждение программы, развитие сети):
# free combinations, not terms, so they head no genitive phrase
ACTION_HEADS = frozenset("""
утверждение развитие использование реализация внедрение создание анализ проведение применение
деятельность постановление изучение рассмотрение обеспечение повышение улучшение ускорение
совершенствование формирование получение оказание распространение продвижение поддержка
""".split())
LEAD_STOP = frozenset("данный нынешний целый следующий последний должный являться новый".split())
_ADJ = {"ADJF", "PRTF"}


def _best_parse(word: str) -> Any | None:
    """The most probable noun/adjective reading, or None for other parts of speech."""
    found = parses(word)
    if not found:
        return None
    top = found[0]
    if top.tag.POS in _ADJ | {"NOUN"}:
        return top
    return None


def _token_info(text: str) -> list[tuple[int, int, str, Any | None]]:
    out = []
    for s, e, w in tokenize(text):
        russian = w.replace("-", "").isalpha() and not KAZAKH_LETTERS.intersection(w)
        parse = _best_parse(w) if russian else None  # Kazakh words quoted in Russian text: none
        out.append((s, e, w, parse))
        if parse is not None and w[:1].isupper() and not sentence_start(text, s):
            _MID_CAPS.add(w)
    return out


_MID_CAPS: set[str] = set()  # capitalised inside a sentence somewhere: a name (Республика)


def _is_proper(word: str, parse: Any) -> bool:
    if not word[:1].isupper():
        return False
    return bool({"Geox", "Name", "Surn", "Orgn", "Abbr"} & set(parse.tag.grammemes)) \
        or word.isupper() or word in _MID_CAPS


def _display(word: str, lemma: str, parse: Any) -> str:
    if "-" in lemma and parse.tag.POS in _ADJ:
        lemma = compound_form(lemma)  # информационной-коммуникационные -> информационно-
    if word.isupper() and len(word) > 1:
        return word if "Abbr" in parse.tag.grammemes else lemma.upper()
    if _is_proper(word, parse):
        return lemma[:1].upper() + lemma[1:]
    return lemma


def _head_form(word: str, parse: Any, alone: bool = False) -> str:
    """The head noun in the nominative: a lone noun in the singular (технологии -> технология),
    the head of a phrase in the number it is used in (социальные сети)."""
    number = "sing" if alone else parse.tag.number or "sing"
    if "Pltm" in parse.tag.grammemes:
        number = "plur"
    made = inflect(parse, {"nomn", number}) or parse.normal_form
    return _display(word, made, parse)


def _modifier_form(word: str, parse: Any, head: Any) -> str:
    """The adjective agreeing with the head noun's nominative (цифровой -> цифровая)."""
    number = head.tag.number or "sing"
    if "Pltm" in head.tag.grammemes:
        number = "plur"
    want = {"nomn", number}
    if number == "sing" and head.tag.gender:
        want.add(head.tag.gender)
    made = inflect(parse, want) or parse.normal_form
    return _display(word, made, parse)


def _key(parse: Any, word: str) -> str:
    if parse is None:
        return fold(word)
    if "-" in word and parse.tag.POS in _ADJ:
        return fold(compound_form(parse.normal_form))
    return fold(parse.normal_form)


def _pos(tok: tuple) -> str | None:
    return tok[3].tag.POS if tok[3] is not None else None


def _word(tok: tuple) -> str:
    """A dependent word as written: lower case unless a proper noun or acronym."""
    word = compound_form(tok[2]) if "-" in tok[2] and _pos(tok) in _ADJ else tok[2]
    return word if _is_proper(word, tok[3]) else word.lower()


def candidates(text: str) -> list[Candidate]:
    """Every pattern match in `text`, nested ones included (цифровая дипломатия, дипломатия)."""
    tokens = _token_info(text)
    out: list[Candidate] = []
    n = len(tokens)
    for i in range(n):
        j = i
        while j < n and j - i < MAX_WORDS - 1 and _pos(tokens[j]) in _ADJ:
            j += 1
        if j >= n or _pos(tokens[j]) != "NOUN":
            continue
        mods = range(i, j)
        head = _agreeing_head(tokens[j][3], [tokens[m][3] for m in mods])
        if head.normal_form in STOP_LEMMAS and not mods or mods and (
                tokens[i][3].normal_form in STOP_LEMMAS or tokens[i][3].normal_form in LEAD_STOP):
            continue
        if any(not _agrees(tokens[m][3], head) for m in mods):
            continue
        words = [_modifier_form(tokens[m][2], tokens[m][3], head) for m in mods]
        words.append(_head_form(tokens[j][2], head, alone=not mods))
        keys = [_key(tokens[k][3], tokens[k][2]) for k in range(i, j + 1)]
        _emit(out, text, tokens, i, j, words, keys)
        k = j + 1 if head.normal_form not in ACTION_HEADS else n
        while k < n:  # genitive dependents: ADJF-gent* NOUN-gent, repeated
            if _apposition(text, tokens, k) and k - i < MAX_WORDS:
                # a name: Республика Казахстан, capitalised as an official name
                words = [words[0][:1].upper() + words[0][1:]] + words[1:] + [tokens[k][2]]
                keys = keys + [_key(tokens[k][3], tokens[k][2])]
                _emit(out, text, tokens, i, k, words, keys)
                break
            m = k
            while m < n and _pos(tokens[m]) in _ADJ and tokens[m][3].tag.case == "gent":
                m += 1
            if m >= n or _pos(tokens[m]) != "NOUN" or tokens[m][3].tag.case != "gent" \
                    or m - i >= MAX_WORDS:
                break
            words = words + [_word(tokens[x]) for x in range(k, m + 1)]
            keys = keys + [_key(tokens[x][3], tokens[x][2]) for x in range(k, m + 1)]
            _emit(out, text, tokens, i, m, words, keys)
            k = m + 1
    return out


def _apposition(text: str, tokens: list, k: int) -> bool:
    """A capitalised place or organisation name in the nominative right after the phrase
    (республики Казахстан), with nothing but a space between."""
    tok = tokens[k]
    if tok[3] is None or not tok[2][:1].isupper() or text[tokens[k - 1][1]:tok[0]].strip():
        return False
    return any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and {"Geox", "Orgn"} & set(p.tag.grammemes)
               for p in parses(tok[2]))


def _agreeing_head(head: Any, mods: list[Any]) -> Any:
    """The head noun's reading whose case and number its modifiers can share (сети: plural
    after социальные, genitive singular after цифровой)."""
    if not mods:
        return head
    for p in parses(head.word):
        if p.tag.POS != "NOUN":
            continue
        if all(any(q.tag.POS in _ADJ and q.tag.case == p.tag.case and q.tag.number == p.tag.number
                   for q in parses(m.word)) for m in mods):
            return p
    return head


def _agrees(mod: Any, head: Any) -> bool:
    """Can the modifier agree in case with the head (any of their readings)?"""
    head_cases = {p.tag.case for p in parses(head.word) if p.tag.POS == "NOUN"}
    return any(p.tag.case in head_cases for p in parses(mod.word) if p.tag.POS in _ADJ)


def _emit(out: list[Candidate], text: str, tokens: list, i: int, last: int,
          words: list[str], keys: list[str]) -> None:
    start, end = tokens[i][0], tokens[last][1]
    out.append(Candidate(form=" ".join(words), surface=text[start:end], key=" ".join(keys),
                         start=start, end=end, n=last - i + 1, at_start=sentence_start(text, start)))
