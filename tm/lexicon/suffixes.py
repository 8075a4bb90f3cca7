"""Kazakh inflectional and common derivational suffixes, and vowel harmony.

Kazakh is agglutinative: a word form is a stem plus a chain of suffixes whose vowels (and
often first consonant) agree with the stem. The list below is the inventory a stripper needs to
reach a dictionary stem; each suffix is listed in its harmony variants, so a form like `цифрлык`
(back `ы` with front `к`) cannot be read as stem + suffix, which is what OCR repair relies on.
"""

from __future__ import annotations

BACK_VOWELS = frozenset("аоұыя")
FRONT_VOWELS = frozenset("әеөүіэ")
VOWELS = frozenset("аоұыяәеөүіэиуюё")

_SUFFIXES = """
лар лер дар дер тар тер
ым ім м ың ің ң ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ы і сы сі
ның нің дың дің тың тің
ға ге қа ке на не а е
ны ні ды ді ты ті н
да де та те нда нде
дан ден тан тен нан нен
мен бен пен менен бенен пенен
ша ше дай дей тай тей
ғы гі қы кі
лық лік дық дік тық тік
шы ші шылық шілік сыз сіз лы лі шыл шіл
ла ле
ған ген қан кен ғандық гендік қандық кендік
атын етін йтын йтін
ып іп п й
ма ме ба бе па пе
ыл іл л ын ін
дыр дір тыр тір ғыз гіз қыз кіз т
ыс іс с
мақ мек бақ бек пақ пек
у уы уі уда уде уға уге уын уін удың удің
ушы уші
ар ер р мас мес бас бес пас пес
са се сын сін сыншы
мын мін бын бін пын пін сың сің
қ к ық ік
ғалы гелі қалы келі ғанша генше
рақ рек ырақ ірек
ынша інше
""".split()

SUFFIXES: tuple[str, ...] = tuple(sorted(set(_SUFFIXES), key=len, reverse=True))
MAX_SUFFIX = max(len(s) for s in SUFFIXES)
SUFFIX_SET = frozenset(SUFFIXES)


def harmony(text: str) -> str:
    """'back', 'front' or '' for the last vowel of `text` that decides harmony."""
    for ch in reversed(text):
        if ch in BACK_VOWELS:
            return "back"
        if ch in FRONT_VOWELS:
            return "front"
    return ""


def suffix_fits(stem: str, suffix: str) -> bool:
    """Does `suffix` agree in vowel harmony with `stem` (unknown stays allowed)?"""
    want = harmony(stem)
    got = harmony(suffix) or _consonant_harmony(suffix)
    return not want or not got or want == got


def _consonant_harmony(suffix: str) -> str:
    # қ/ғ go with back vowels, к/г with front ones: a vowelless suffix still has a side.
    if any(ch in "қғ" for ch in suffix):
        return "back"
    if any(ch in "кг" for ch in suffix):
        return "front"
    return ""
