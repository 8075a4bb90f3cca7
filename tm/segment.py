"""Sentence segmentation for Kazakh and Russian, returning character spans.

Rule-based, in three steps:

1. Hard boundaries from the layout: blank lines, list items, headings (a short line with no final
   punctuation followed by a capitalised line) and, in documents that are not hard-wrapped, every
   line break. Whether a document is hard-wrapped is decided from its own lines (many lines end
   mid-sentence), so line breaks inside wrapped sentences are not boundaries.
2. Candidate boundaries inside each chunk: after `.`, `!`, `?`, `…` (with closing quotes and
   brackets), and after `..` glued to a capital letter (`зерттелді..Соңғы`). Candidates inside
   URLs, e-mails, citations `[3; 84]`, short parentheses and short quotations are dropped.
3. A decision per candidate: a lower-case continuation never starts a sentence; abbreviations in a
   small per-language table (`ABBREVIATIONS`) are either never final (`им.`, `см.`, `с. 12`) or
   possibly final (`т.б.`, `и т.д.`, `2023 ж.`); initials (`Н.С. Ревенко`) are not final unless
   a common word follows. Whether the next word is a common word or a proper noun is read from the
   document itself (it occurs in lower case elsewhere, or capitalised mid-sentence), and tokens
   seen ending in `.` before lower-case words are learned as abbreviations of that document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tm.document import Lang

__all__ = ["ABBREVIATIONS", "split_sentences", "segment_document", "sentences"]


# Abbreviations, lower-cased, without the final dot; compound ones keep their inner dots.
# "never_final": what follows belongs to the same sentence (titles, references, "that is").
# "maybe_final": may close a sentence (lists, years, amounts); split when a common word follows.
# "year": maybe final, after a number (2023 ж., 1990 гг.); a Kazakh sentence rarely ends there
# because the verb comes last, so Kazakh needs positive evidence that a new sentence starts.
ABBREVIATIONS: dict[str, dict[str, frozenset[str]]] = {
    "kk": {
        "never_final": frozenset(
            "им көш даң ауд обл пр проф акад доц мыс қар сурет кесте бб б т.ғ.д т.ғ.к ф.ғ.д ф.ғ.к "
            "э.ғ.д э.ғ.к з.ғ.д з.ғ.к с.ғ.д с.ғ.к п.ғ.д п.ғ.к т.ш агл ағылш орыс лат".split()
        ),
        "maybe_final": frozenset("т.б т.с.с т.с млн млрд трлн мың тг тең қ а".split()),
        "year": frozenset("ж жж ғ ғғ".split()),
    },
    "ru": {
        "never_final": frozenset(
            "им см ср стр с рис табл илл т ч гл п пп ст проф акад доц д-р г-н г-жа ул пр пл обл "
            "р-н респ св ок прим англ рус каз лат фр нем букв напр т.е т.н т.к т.ч т.о т.ж".split()
        ),
        "maybe_final": frozenset(
            "т.д т.п др пр млн млрд трлн тыс руб коп долл тг тенге км кг экз чел".split()
        ),
        "year": frozenset("г гг в вв".split()),
    },
    "other": {
        "never_final": frozenset("mr mrs ms dr prof vs e.g i.e cf p pp vol no ed eds fig st".split()),
        "maybe_final": frozenset("etc al".split()),
        "year": frozenset(),
    },
}

# Words that commonly open a sentence; used when the document gives no evidence either way.
_STARTERS: dict[str, frozenset[str]] = {
    "kk": frozenset(
        "бұл ол олар осы сол сондай-ақ сонымен алайда бірақ дегенмен мұнда онда біз мен сен қазір "
        "қазіргі ал және яғни себебі өйткені кейін соңғы бүгінде бүгін сондықтан демек әрине "
        "мысалы айталық тіпті осылайша біріншіден екіншіден үшіншіден сонда егер кейбір барлық "
        "көптеген бәрі мұндай сондай оның олардың бұдан осыдан".split()
    ),
    "ru": frozenset(
        "в во на с со по это этот эта эти он она они оно мы я но и а однако также кроме при для "
        "так таким поэтому после как когда если что все всё из к у о об от до за тем то там "
        "здесь сейчас итак например кроме тогда затем его её их между сегодня".split()
    ),
    "other": frozenset("the a an this that these it he she they we in on at but and however".split()),
}

_TERMINAL = ".!?…"
_CLOSERS = "»\"”’')]"
_OPENERS = "«\"“„‘'([-–—"
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_QUOTES = {"«": "»", "“": "”", "„": "“"}
_MAX_BRACKET = 300
_MAX_QUOTE = 400

_CANDIDATE = re.compile(r"[.!?…]+[»\"”’')\]]*")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*")
_TAIL = re.compile(r"((?:[^\W\d_]{1,3}\.[ \t]?)*[^\W\d_][\w-]*)\Z")
_PROTECTED = re.compile(
    r"(?:https?://|www\.)[^\s«»\"<>]+[^\s«»\"<>.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|kz|ru|uz|gov|edu|info|io|su)\b(?:/[^\s«»\"]*[^\s«»\".,;:!?)])?",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-–—•·▪●*]\s|\d{1,3}[.)]\s|[a-zа-яәіңғүұқөһ]\)\s|[IVXLC]{1,5}\.\s)")
_ROMAN = re.compile(r"[IVXLC]{1,5}\Z")
_DOTTED_LOWER = re.compile(r"(?<![^\W\d_.])([^\W\d_A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{1,4})\.\s+[^\W\d_A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")


def sentences(text: str, lang: Lang) -> list[str]:
    """The sentences of `text` as strings, inner whitespace (line breaks) collapsed to one space."""
    return [" ".join(text[s:e].split()) for s, e in split_sentences(text, lang)]


def segment_document(cleaned_text: str, lang: Lang) -> list[tuple[int, int]]:
    """Sentence spans of a cleaned document (same as `split_sentences`)."""
    return split_sentences(cleaned_text, lang)


def split_sentences(text: str, lang: Lang) -> list[tuple[int, int]]:
    """Split `text` into sentences: ordered, non-overlapping spans [start, end), trimmed of whitespace.

    Args:
        text: the (cleaned) document text; it may be hard-wrapped and contain blank lines.
        lang: "kk" or "ru" selects the abbreviation table; "other" uses both.
    """
    if not text.strip():
        return []
    ctx = _Context.build(text, lang)
    spans: list[tuple[int, int]] = []
    for start, end in _chunks(text, ctx):
        for s, e in _split_chunk(text, start, end, ctx):
            s, e = _trim(text, s, e)
            if s < e:
                spans.append((s, e))
    return spans


@dataclass
class _Context:
    """What the splitter knows about the document: language tables and word evidence."""

    lang: Lang
    never_final: frozenset[str]
    maybe_final: frozenset[str]
    year: frozenset[str]
    starters: frozenset[str]
    lower_seen: Counter[str] = field(default_factory=Counter)
    capital_mid: Counter[str] = field(default_factory=Counter)
    learned: frozenset[str] = frozenset()

    @classmethod
    def build(cls, text: str, lang: Lang) -> _Context:
        langs = ["kk", "ru", "other"] if lang == "other" else [lang, "other"]
        ctx = cls(
            lang=lang,
            never_final=frozenset().union(*(ABBREVIATIONS[x]["never_final"] for x in langs)),
            maybe_final=frozenset().union(*(ABBREVIATIONS[x]["maybe_final"] for x in langs)),
            year=frozenset().union(*(ABBREVIATIONS[x]["year"] for x in langs)),
            starters=frozenset().union(*(_STARTERS[x] for x in langs)),
        )
        ctx._learn(text)
        return ctx

    def _learn(self, text: str) -> None:
        """Collect orthographic evidence: words seen in lower case, capitalised mid-sentence, and
        short tokens ending in '.' followed by a lower-case word (abbreviations of this document)."""
        prev_end, prev_lower = -1, False
        for m in _WORD.finditer(text):
            w = m.group()
            low = w.lower()
            if w[0].islower():
                self.lower_seen[low] += 1
            elif prev_lower and not text[prev_end:m.start()].strip() and not w.isupper():
                self.capital_mid[low] += 1
            prev_end, prev_lower = m.end(), w[0].islower()
        dotted = Counter(m.group(1) for m in _DOTTED_LOWER.finditer(text))
        self.learned = frozenset(w for w, n in dotted.items() if n >= 2)

    def is_common(self, word: str) -> bool:
        low = word.lower()
        return low in self.starters or self.lower_seen[low] > 0

    def is_proper(self, word: str) -> bool:
        low = word.lower()
        return self.capital_mid[low] > 0 and self.lower_seen[low] == 0 and low not in self.starters


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# ---------------------------------------------------------------- layout: hard boundaries

def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS + " \t").endswith(tuple(_TERMINAL))


def _chunks(text: str, ctx: _Context) -> list[tuple[int, int]]:
    """Cut the text at layout boundaries; each chunk is then split by punctuation."""
    lines = _lines(text)
    content = [text[s:e].strip() for s, e in lines]
    lengths = sorted(len(c) for c in content if c)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    inner = [i for i in range(len(lines) - 1) if content[i] and content[i + 1]]
    open_ended = [i for i in inner if not _ends_sentence(content[i])]
    # Hard-wrapped text: many lines end mid-sentence, and the next line mostly goes on in lower case
    # (a line-per-paragraph document has open lines only at headings, followed by capitals).
    # (a line-per-paragraph document has open lines only at headings, followed by capitals), or
    # the open lines are all about as long as the longest line (a fixed width).
    continued = sum(1 for i in open_ended if content[i + 1][0].islower() or content[i].endswith(("-", ",")))
    full = bool(open_ended) and min(len(content[i]) for i in open_ended) >= 0.75 * lengths[-1]
    wrapped = (len(inner) >= 2 and len(open_ended) >= 0.3 * len(inner)
               and (continued >= 0.5 * len(open_ended) or full))
    indented = sum(1 for (s, e), c in zip(lines, content) if c and text[s] in " \t")
    indent_marks = indented <= 0.3 * len(lengths)

    cuts = [0]
    for i in range(len(lines) - 1):
        a, b = content[i], content[i + 1]
        if not a or not b or _hard_break(text, lines, i, a, b, width, wrapped, indent_marks, ctx):
            cuts.append(lines[i + 1][0])
    cuts.append(len(text))
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]


def _hard_break(text: str, lines: list[tuple[int, int]], i: int, a: str, b: str, width: int,
                wrapped: bool, indent_marks: bool, ctx: _Context) -> bool:
    """Is the line break after line `i` (content `a`, next line `b`) a sentence boundary?"""
    if _LIST_ITEM.match(text, lines[i + 1][0]):
        # In wrapped text a dash or `1.` opening a line may just continue the sentence.
        if not wrapped or a.endswith(tuple(_TERMINAL + ":;")) or len(a) < 0.6 * width:
            return True
    if a.endswith(("-", "¬", ",")) or b[0].islower() or _never_final_tail(a, ctx):
        return False
    if not wrapped:
        return True
    if indent_marks and text[lines[i + 1][0]] in " \t":
        return True
    if _ends_sentence(a):
        return False  # the punctuation rules decide
    starts_new = b[0].isupper() or b[0].isdigit() or b[0] in _OPENERS
    return starts_new and len(a) < 0.6 * width


def _never_final_tail(line: str, ctx: _Context) -> bool:
    """Does the line end with an initial or a never-final abbreviation (`Н.С.`, `проф.`)?"""
    if not line.endswith("."):
        return False
    m = _TAIL.search(line[:-1])
    if not m:
        return False
    last = re.split(r"[.\s]", m.group())[-1]
    compound = m.group().replace(" ", "").replace("\t", "").lower()
    return _is_initial(last) or compound in ctx.never_final or last.lower() in ctx.never_final


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


# ---------------------------------------------------------------- punctuation inside a chunk

def _protected_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """URLs, e-mails, balanced short brackets and quotations: no boundary falls inside them."""
    chunk = text[start:end]
    spans = [(start + m.start(), start + m.end()) for m in _PROTECTED.finditer(chunk)]
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for k, ch in enumerate(chunk):
        if ch in _BRACKETS or ch in _QUOTES:
            stack.append((ch, k))
        elif stack and (ch == _BRACKETS.get(stack[-1][0]) or ch == _QUOTES.get(stack[-1][0])):
            opener, k0 = stack.pop()
            limit = _MAX_QUOTE if opener in _QUOTES else _MAX_BRACKET
            if k - k0 <= limit:
                spans.append((start + k0, start + k + 1))
        elif ch == '"':
            if straight_open is None and (k == 0 or not chunk[k - 1].isalnum()):
                straight_open = k
            elif straight_open is not None:
                if k - straight_open <= _MAX_QUOTE:
                    spans.append((start + straight_open, start + k + 1))
                straight_open = None
    return sorted(spans)


def _split_chunk(text: str, start: int, end: int, ctx: _Context) -> list[tuple[int, int]]:
    protected = _protected_spans(text, start, end)
    cuts = [start]
    for m in _CANDIDATE.finditer(text, start, end):
        cut = m.end()
        if any(a < cut < b for a, b in protected):
            continue
        if _is_boundary(text, m, start, end, ctx):
            cuts.append(cut)
    cuts.append(end)
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1) if cuts[k] < cuts[k + 1]]


def _next_word(text: str, pos: int, end: int) -> tuple[str, str]:
    """The first character and the word that follow `pos`, skipping spaces, quotes and dashes."""
    k = pos
    while k < end and (text[k].isspace() or text[k] in _OPENERS):
        k += 1
    if k >= end:
        return "", ""
    m = _WORD.match(text, k)
    return text[k], m.group() if m else text[k]


def _is_boundary(text: str, m: re.Match[str], chunk_start: int, chunk_end: int, ctx: _Context) -> bool:
    punct = m.group().rstrip(_CLOSERS)
    cut = m.end()
    if cut >= chunk_end or not text[cut:chunk_end].strip():
        return False  # the chunk ends here anyway
    glued = not text[cut].isspace()
    first, word = _next_word(text, cut, chunk_end)
    if not first or first.islower() or first in ",;:)]}»”":
        return False
    if glued:
        # `зерттелді..Соңғы`, `болып табылады..2016`: two or more dots, or `!`/`?`, glued to a
        # capital or digit; a single glued dot only between Cyrillic words (`сөз.Келесі`).
        if not (first.isupper() or first.isdigit() or first in "«“\""):
            return False
        if punct.startswith("..") or punct[0] in "!?…":
            return True
        before = text[max(chunk_start, m.start() - 2):m.start()]
        return (len(before) == 2 and before.isalpha() and before.islower() and _cyrillic(before)
                and _cyrillic(word) and len(word) > 1 and word[1:2].islower())
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    if punct[0] in "!?…" or punct.startswith(".."):
        return True
    return _period_is_final(text, m.start(), chunk_start, first, word, ctx)


def _cyrillic(s: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in s)


def _period_is_final(text: str, dot: int, chunk_start: int, first: str, word: str, ctx: _Context) -> bool:
    """Decide a single `.` followed by a space and a capital, digit or opening quote."""
    tail = _TAIL.search(text, chunk_start, dot)
    if not tail:
        prev = text[chunk_start:dot].rstrip()
        if prev.isdigit() and text[chunk_start:dot].strip() == prev and len(prev) <= 3:
            return False  # `1. ` opening a list item
        return True
    token = tail.group()
    last = re.split(r"[.\s]", token)[-1]
    compound = re.sub(r"\s", "", token).lower()
    low = last.lower()
    before = text[chunk_start:tail.start()]
    at_start = not before.strip()
    if at_start and (_ROMAN.match(last) or len(last) == 1):
        return False  # `II. Әдістер`, `а. ...`: a list marker
    known = ctx.never_final | ctx.maybe_final | ctx.year
    if compound in known:
        low = compound  # `т.б` is one abbreviation, not `б` (бет)
    elif not last.islower():
        low = ""
    if low in ctx.never_final:
        return False
    if low in ctx.year:
        if re.search(r"\b[IVXLC]+\s*\Z", before):  # `XX ғ.`, `XXI в.`: a century
            return not ctx.is_proper(word)
        if not re.search(r"\d[\d\s–—-]*(?:-?[^\W\d_]{1,3})?\s*\Z", before):
            return False  # `г. Алматы`: a town, not a year
        if first.isdigit():
            return True
        if ctx.is_proper(word):
            return False
        if ctx.lang == "kk":
            return ctx.is_common(word)
        return True
    if low in ctx.maybe_final or low in ctx.learned:
        return not ctx.is_proper(word) and (first.isupper() or first in _OPENERS)
    if _is_initial(last):
        # `Н.С. Ревенко` / `Ревенко Н.С. Бұл ...`: a sentence ends after initials only when they
        # follow a surname and a common word comes next.
        initials = re.search(r"((?:[^\W\d_]\.\s?)*)[^\W\d_]\Z", text[chunk_start:dot])
        group_start = dot - len(initials.group()) if initials else tail.start()
        prev = text[chunk_start:group_start].rstrip()
        surname = re.search(r"[^\W\d_]{2,}\Z", prev)
        return bool(surname and surname.group()[0].isupper() and ctx.is_common(word)
                    and not ctx.is_proper(word))
    return True
