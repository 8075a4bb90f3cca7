"""Channel model for Russian Cyrillic recognised as Latin letters and digits.

`ConfusionModel.learned()` (the default) reads the channel learned from real OCR of known text
(`tm.ocr.channel`, bundled as `tm/data/ocr_ru_channel.tsv`); `CATALOGUE`, the hand list of
visual look-alikes (REFERENCE section 1) in tiers from most to least likely, is its smoothing
prior and the fallback when the table is absent. Either can be re-estimated from counts gathered
on the document being repaired (hard EM), so each document gets its own channel.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# Tiers: first = typical rendering, second = common, third = seen but rare.
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "а": ("a A", "o d @", "4 e"),
    "б": ("6", "b 0 G", "5 B 8"),
    "в": ("B", "b s 8", "v V"),
    "г": ("r T", "I' I F", "l t"),
    "д": ("A g", "J z Z f L D", "4 e I] LI [ l"),
    "е": ("e E", "€ c", "3"),
    "ж": (")K )k", ")x )X X x XX K k", "yk Yk IK KK Kk >K }K )R )K"),
    "з": ("3", "z Z", "s 9"),
    "и": ("u U", "M H N W", "n m ¥ Y i II 1 v V"),
    "й": ("H", "M N U u", "¥ { W i"),
    "к": ("K k", "x", "R"),
    "л": ("JI Jl", "n N I l J1 /I JT b", "Ji JL JI] 1 i Jb"),
    "м": ("M m", "", "MM"),
    "н": ("H", "h", "n HH"),
    "о": ("o O", "0", "Q e a D"),
    "п": ("II n", "IT I1 Il ll [I [l m", "I T [T lI U"),
    "р": ("p P", "", "r"),
    "с": ("c C", "", "e ¢ G"),
    "т": ("T", "t m", "r 7"),
    "у": ("y Y", "V", "v"),
    "ф": ("dp d", "db G ( P ph PP cp qp", "$ 0 Q"),
    "х": ("x X", "", ""),
    "ц": ("LI Ll", "L II U u", "I[ Il lI 1I"),
    "ч": ("Y y", "4 u", "U"),
    "ш": ("III Ill", "W w LLI IIl lll", "Illl LU Lll"),
    "щ": ("LL LLI", "III Ill", "Lu LU"),
    "ъ": ("'b b", "", ""),
    "ы": ("bI bl BI", "Bl hI hl b1 6I 6l EI El", "bi hi HI Hl Pl bil"),
    "ь": ("b", "h", "6 B"),
    "э": ("3", "€", "9"),
    "ю": ("IO I0", "10 Io lo l0 1O", "I IIO"),
    "я": ("A a", "d R S", "s f g 4 I"),
}

TIER_COST = (0.6, 2.5, 4.5)
CASE_COST = 1.0  # a case variant of a listed string that was not itself listed
SUB_COST = 7.0  # any Latin character for any Cyrillic letter
INS_COST = 5.5  # a spurious Latin character
DEL_COST = 6.5  # a Cyrillic letter with no Latin trace
SOFT_INS = frozenset(".,'’`\"*^~-_:;|!")  # punctuation-like specks are cheaper to drop
SOFT_INS_COST = 3.5
MAX_VARIANT = 4
SEGMENT_COST = 0.0  # per Latin segment after re-estimation (0 measured best on dev and FLORES)
RARE_COST = 2.0
CHANNEL_TABLE = Path(__file__).resolve().parents[1] / "data" / "ocr_ru_channel.tsv"
LEARNED_WEIGHT = 0.5  # share of the learned channel in its mixture with the catalogue


def _case_variants(s: str) -> set[str]:
    return {s, s.upper(), s.lower(), s[:1].upper() + s[1:].lower(), s[:1].lower() + s[1:]}


@dataclass
class ConfusionModel:
    """Costs of Latin strings given a Cyrillic letter, indexed by the Latin string."""

    costs: dict[tuple[str, str], float]
    sub: float = SUB_COST  # any Latin character for any letter
    ins: float = INS_COST  # a spurious Latin character
    dele: float = DEL_COST  # a letter with no Latin trace
    by_latin: dict[str, list[tuple[str, float]]] = field(init=False)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for (cyr, lat), cost in self.costs.items():
            index[lat].append((cyr, cost))
            if cyr == "е":
                index[lat].append(("ё", cost))
        self.by_latin = {lat: sorted(v, key=lambda x: x[1]) for lat, v in index.items()}

    @classmethod
    def prior(cls) -> "ConfusionModel":
        """The hand catalogue, with case variants a little dearer than the listed strings."""
        costs: dict[tuple[str, str], float] = {}
        for cyr, tiers in CATALOGUE.items():
            for tier, spec in enumerate(tiers):
                for lat in spec.split():
                    base = TIER_COST[tier]
                    for variant in _case_variants(lat):
                        cost = base if variant == lat else base + CASE_COST
                        key = (cyr, variant)
                        costs[key] = min(costs.get(key, math.inf), cost)
        return cls(costs)

    @classmethod
    def learned(cls) -> "ConfusionModel":
        """The channel learned from real OCR (`tm.ocr.channel`), smoothed by the catalogue."""
        return _learned()

    def reestimate(self, counts: Counter[tuple[str, str]], strength: float = 3.0) -> "ConfusionModel":
        """A new model from alignment counts (cyr, latin) found on the document.

        Costs become -log2 P(cyr | latin) + SEGMENT_COST: what a Latin string stands for in *this*
        document, with this model's costs (normalised per Latin string) as a Dirichlet prior worth
        `strength` observations. Conditioning on the Latin string keeps case information (`H` and
        `h`, `M` and `m` are estimated apart) without splitting a letter's mass over case variants.
        A Latin string neither listed in the catalogue nor seen in the document pays RARE_COST, so
        that unseen case variants of multi-letter strings stay dear.
        """
        seen = {lat for (_, lat) in counts}
        listed = {lat for spec in CATALOGUE.values() for tier in spec for lat in tier.split()}
        per_lat: dict[str, dict[str, float]] = defaultdict(dict)
        for (cyr, lat), cost in self.costs.items():
            per_lat[lat][cyr] = 2.0 ** -cost
        for (cyr, lat), n in counts.items():
            if lat and len(lat) <= MAX_VARIANT and cyr:
                per_lat[lat].setdefault(cyr, 0.0)
        new: dict[tuple[str, str], float] = {}
        for lat, probs in per_lat.items():
            z = sum(probs.values()) or 1.0
            total = sum(counts.get((cyr, lat), 0) for cyr in probs)
            rare = 0.0 if lat in seen or lat in listed else RARE_COST
            for cyr, p in probs.items():
                q = (counts.get((cyr, lat), 0) + strength * p / z) / (total + strength)
                new[(cyr, lat)] = min(-math.log2(q) + SEGMENT_COST + rare, self.sub - 0.5)
        return ConfusionModel(new, self.sub, self.ins, self.dele)


def read_counts(path: Path) -> Counter[tuple[str, str]]:
    """(letter, latin) -> count from a channel table (`#` comments, tab-separated rows)."""
    counts: Counter[tuple[str, str]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, lat, n = line.split("\t")
            counts[(ch, lat)] = int(n)
    return counts


@lru_cache(maxsize=1)
def _learned() -> ConfusionModel:
    """P(latin | letter) = w * learned + (1 - w) * catalogue: the learned table knows the rates
    of real OCR, the catalogue keeps look-alikes the training fonts happened not to produce."""
    from tm.ocr.channel import costs_from_counts

    prior = ConfusionModel.prior()
    if not CHANNEL_TABLE.exists():
        return prior
    learned, sub, ins, dele = costs_from_counts(read_counts(CHANNEL_TABLE), {}, 0.0)
    mass: dict[str, float] = defaultdict(float)
    for (cyr, _lat), cost in prior.costs.items():
        mass[cyr] += 2.0 ** -cost
    costs: dict[tuple[str, str], float] = {}
    for key in set(learned) | set(prior.costs):
        if len(key[1]) > MAX_VARIANT:
            continue
        p = LEARNED_WEIGHT * 2.0 ** -learned.get(key, math.inf)
        if key in prior.costs:
            p += (1 - LEARNED_WEIGHT) * 2.0 ** -prior.costs[key] / mass[key[0]]
        costs[key] = -math.log2(p)
    return ConfusionModel(costs, SUB_COST, ins, dele)
