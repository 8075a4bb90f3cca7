"""Glossary figures: seeds (mission term rank, recall, precision@30), FLORES top 100 with an
alignment-consistency precision, lookup from generated inflected forms, build times.

FLORES precision@N (no gold glossary exists for FLORES, so the check is derived from its 1012
pairs by a method the glossary does not use): IBM Model 1 (Brown et al. 1993; EM, a NULL word,
10 iterations) is trained on the word keys of the pairs in both directions; each direction's
Viterbi links are taken, their union as possible links and their intersection as sure ones
(Och and Ney 2003). An entry kk = ru is *consistent* in a pair holding both terms when, as in
phrase-pair extraction for phrase-based MT (Och and Ney 2004), a possible link joins a word of
the kk term to a word of the ru term and no sure link joins a word of either term to a word
outside the other (all occurrences of the terms in the pair taken together; sure links only,
since Model 1 links words with no counterpart, such as не or бы, to some content word). An
entry counts as right when it is consistent in more than half of the pairs holding both terms;
one whose terms never share a pair is wrong. Partial or over-long sides (Атлант = Атлантический
океан: океан is surely linked to мұхит outside Атлант), wrong partners and junk fail; a right
entry's extra word that Model 1 does not link surely passes, so the figure is an upper bound of
what a reader would accept.
precision@100 and @300 are that share among the top 100 and 300 entries; "consistent in 2+
pairs" also asks for two pairs holding both terms.

Comparable splits (scripts/_glossary_splits.py: FLORES and govdocs documents with most
translations removed, dev and held-out parts): each split's TM is made by
`tm align --kk NAME.kk.txt --ru NAME.ru.txt --mode comparable --one-per-line --db DIR/NAME.db`;
`--splits DIR` builds and judges their glossaries with the same Model 1 judge trained on the
split's FULL parallel text (which the glossary never sees): precision of the written entries,
recall of the reference pairs (`reference`), and the calibration of the entries' probabilities
(`--fit` refits it on the dev part).

Usage: python scripts/eval_glossary.py [--seeds-db FILE] [--flores-db FILE] [--flores-n N]
       python scripts/eval_glossary.py --splits DIR [--part dev|heldout|both] [--fit]
  --seeds-db: a TM built by `tm align ../shared/seeds --db FILE` (skipped when absent).
  --flores-db: where FLORES pairs go (rebuilt each run; default /tmp/tm_eval_flores.db).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "data" / "glossary_gold_seeds.tsv"
MISSION = ("цифрлық дипломатия", "цифровая дипломатия")


def key(form: str, lang: str) -> str:
    from tm.glossary.build import _form_key

    return _form_key(form, lang)


def kk_inflections(term: str) -> list[str]:
    """The term with its last word in each case (and with a 3rd-person possessive + case);
    acronyms take their endings after a hyphen (АҚШ-тың), as Kazakh writes them."""
    from tm.morph.kazakh import POSS_3, _ONSETS, _ending_class, _last_vowel, default_stemmer

    head, _, last = term.rpartition(" ")
    lower = last.lower()
    acronym = last.isupper() and len(last) > 1
    back = (_last_vowel(lower) or "а") in "аоұыяу"
    a, y = ("а", "ы") if back else ("е", "і")
    cls = _ending_class(lower)
    possessed = default_stemmer().best(lower).possessive in POSS_3
    if possessed:
        endings = [f"н{y}ң", f"н{a}", f"нд{a}", f"н{a}н", "мен", "н"]
    else:
        endings = [_ONSETS["gen"][cls][0] + f"{y}ң", _ONSETS["acc"][cls][0] + y,
                   _ONSETS["dat"][cls][0 if back else -1] + a, _ONSETS["loc"][cls][0] + a,
                   _ONSETS["abl"][cls][0] + f"{a}н", _ONSETS["ins"][cls][0] + "ен"]
        if not acronym:
            endings.append(("с" if cls == "vowel" else "") + y)
    sep = "-" if acronym else ""
    return [f"{head} {last}{sep}{e}".strip() for e in endings]


def ru_inflections(term: str) -> list[str]:
    """The term with its head noun in every case and number, modifiers agreeing."""
    from tm.morph.russian import parses

    words = term.split(" ")
    ps = [next((p for p in parses(w) if p.tag.POS in {"NOUN", "ADJF", "PRTF"}), None) for w in words]
    head = next((i for i, p in enumerate(ps) if p is not None and p.tag.POS == "NOUN"), None)
    if head is None:
        return []
    out = []
    for number in ("sing", "plur"):
        for case in ("gent", "datv", "accs", "ablt", "loct"):
            made = []
            for i, (w, p) in enumerate(zip(words, ps)):
                if i > head or p is None:
                    made.append(w)
                    continue
                g = {case, number}
                if i < head and number == "sing" and ps[head].tag.gender:
                    g.add(ps[head].tag.gender)
                form = p.inflect(g)
                made.append(form.word if form is not None else w)
            out.append(" ".join(made))
    return out


def eval_lookup(store) -> tuple[int, int]:  # noqa: ANN001
    from tm.glossary.build import glossary_entries
    from tm.glossary.lookup import TermIndex

    index = TermIndex(store)
    right = total = 0
    misses = []
    for e in glossary_entries(store):
        for q in set(kk_inflections(e.kk) + ru_inflections(e.ru)):
            hits = index.find(q)
            total += 1
            ok = bool(hits) and hits[0].entry.id == e.id
            right += ok
            if not ok and len(misses) < 15:
                misses.append(f"  {q!r} -> {hits[0].entry.kk + ' = ' + hits[0].entry.ru if hits else 'nothing'} (want {e.kk} = {e.ru})")
    print(f"lookup: {right}/{total} inflected queries rank their entry first = {right / max(1, total):.3f}")
    print("\n".join(misses))
    return right, total


def seeds(db: Path) -> None:
    from tm.glossary.build import build_glossary, glossary_entries
    from tm.store import Store

    if not db.exists():
        print(f"seeds: skip, {db} not found (build it with `tm align ../shared/seeds --db {db}`)")
        return
    with Store(db) as store:
        started = time.perf_counter()
        report = build_glossary(store)
        print(f"seeds: build {time.perf_counter() - started:.1f} s, {report.entries} entries written, "
              f"{report.junk} junk kept out, candidates {report.candidates_kk} kk / {report.candidates_ru} ru")
        entries = glossary_entries(store)
        gold = [tuple(l.split("\t")) for l in GOLD.read_text(encoding="utf-8").splitlines()[1:] if l]
        gold_keys = {(key(k, "kk"), key(r, "ru")) for k, r in gold}
        got = [(key(e.kk, "kk"), key(e.ru, "ru")) for e in entries]
        mission = (key(MISSION[0], "kk"), key(MISSION[1], "ru"))
        rank = got.index(mission) + 1 if mission in got else None
        print(f"seeds: rank of {MISSION[0]} = {MISSION[1]}: {rank}")
        found = gold_keys & set(got)
        print(f"seeds: recall against {len(gold_keys)} gold pairs: {len(found) / len(gold_keys):.3f}")
        top = got[:30]
        print(f"seeds: precision@30 against gold only: {sum(g in gold_keys for g in top) / max(1, len(top)):.3f}"
              " (judge the rest by reading)")
        for i, e in enumerate(entries, 1):
            mark = "G" if got[i - 1] in gold_keys else " "
            print(f"  {i:2d} {mark} {e.score:.3f}  {e.kk} = {e.ru}  ({e.kk_freq}/{e.ru_freq})  [{e.evidence}]")
        junk = [e for e in glossary_entries(store, include_junk=True) if e.junk]
        print(f"seeds: {len(junk)} junk entries kept out, e.g.:")
        for e in junk[:10]:
            print(f"  {e.kk} = {e.ru}: {e.junk}")
        eval_lookup(store)
        inflected(store)


# four seed terms, each in two inflected forms a reader would type (the issue's check)
INFLECTED = {
    ("цифрлық дипломатия", "цифровая дипломатия"): ("цифрлық дипломатияның", "цифровой дипломатии"),
    ("сыртқы саясат", "внешняя политика"): ("сыртқы саясатында", "внешней политике"),
    ("әлеуметтік желі", "социальные сети"): ("әлеуметтік желілерде", "социальных сетях"),
    ("мемлекеттік бағдарлама", "государственная программа"): ("мемлекеттік бағдарламаның",
                                                             "государственной программы"),
}


def inflected(store) -> None:  # noqa: ANN001
    """`tm term` on the inflected forms of four seed terms: does the first hit hold the term?"""
    from tm.glossary.lookup import lookup

    right = 0
    for (kk, ru), queries in INFLECTED.items():
        for q in queries:
            hits = lookup(store, q)
            ok = bool(hits) and (key(hits[0].entry.kk, "kk") == key(kk, "kk")
                                 or key(hits[0].entry.ru, "ru") == key(ru, "ru"))
            right += ok
            if not ok:
                print(f"  term {q!r}: {hits[0].entry.kk + ' = ' + hits[0].entry.ru if hits else 'nothing'}")
    print(f"seeds: tm term on {2 * len(INFLECTED)} inflected forms of {len(INFLECTED)} terms: {right}/{2 * len(INFLECTED)}")


def flores(db: Path, n: int) -> None:
    from tm.glossary.build import build_glossary, glossary_entries
    from tm.store import Store
    from tm.store.pairs import add_pairs
    from tm.store.records import PairRecord

    path = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"
    if not path.exists():
        print(f"flores: skip, {path} not found")
        return
    rows = [l.split("\t") for l in path.read_text(encoding="utf-8").splitlines()[1:]][:n]
    with Store(db) as store:
        if store.count("pairs") == 0:
            add_pairs(store, [PairRecord(kk=r[1], ru=r[2], score=1.0, method="parallel") for r in rows])
        started = time.perf_counter()
        report = build_glossary(store)
        print(f"flores: build {time.perf_counter() - started:.1f} s on {len(rows)} pairs "
              f"(embeddings cached in the TM after the first run), {report}")
        entries = glossary_entries(store)[:300]
        verdicts = [consistency(store, e.id, rows) for e in entries]
        for top in (100, 300):
            right = sum(ok for ok, _ in verdicts[:top])
            twice = sum(ok and shared >= 2 for ok, shared in verdicts[:top])
            n = max(1, len(verdicts[:top]))
            print(f"flores: precision@{top} (alignment-consistent) = {right / n:.3f}, "
                  f"consistent in 2+ pairs = {twice / n:.3f}")
        for i, (e, (ok, shared)) in enumerate(zip(entries[:100], verdicts), 1):
            print(f"  {i:3d} {'+' if ok else '-'} {e.score:.3f}  {e.kk} = {e.ru}  "
                  f"({e.kk_freq}/{e.ru_freq}, {shared} shared)")
        eval_lookup(store)


_ALIGNMENT: dict[int, tuple[list, list, list[tuple[set, set]]]] = {}
_CACHED: dict = {}


def model1(src: list[list[str]], tgt: list[list[str]], iterations: int = 10) -> dict[tuple[str, str], float]:
    """IBM Model 1 t(tgt word | src word) by EM; src sentences get a NULL word ("")."""
    from collections import defaultdict

    t: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for _ in range(iterations):
        count: dict[tuple[str, str], float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        for s, g in zip(src, tgt):
            s = [""] + s
            for w in g:
                z = sum(t[(v, w)] for v in s)
                for v in s:
                    c = t[(v, w)] / z
                    count[(v, w)] += c
                    total[v] += c
        t = defaultdict(float, {(v, w): c / total[v] for (v, w), c in count.items()})
    return t


def alignment(rows: list[list[str]]) -> tuple[list, list, list[tuple[set, set]]]:
    """Per FLORES pair: kk and ru tokens (start, end, key) and the (union, intersection) of both
    directions' Model 1 Viterbi links (kk index, ru index)."""
    if len(rows) in _ALIGNMENT:
        return _ALIGNMENT[len(rows)]
    from tm.morph.keys import text_keys

    kk = [text_keys(r[1], "kk") for r in rows]
    ru = [text_keys(r[2], "ru") for r in rows]
    kk_w = [[k for _, _, k in s] for s in kk]
    ru_w = [[k for _, _, k in s] for s in ru]
    t_ru = model1(kk_w, ru_w)  # t(ru | kk)
    t_kk = model1(ru_w, kk_w)
    links = []
    for a, b in zip(kk_w, ru_w):
        to_kk, to_ru = set(), set()
        for j, w in enumerate(b):
            best = max([(t_ru[("", w)], -1)] + [(t_ru[(v, w)], i) for i, v in enumerate(a)])
            if best[1] >= 0:
                to_kk.add((best[1], j))
        for i, v in enumerate(a):
            best = max([(t_kk[("", v)], -1)] + [(t_kk[(w, v)], j) for j, w in enumerate(b)])
            if best[1] >= 0:
                to_ru.add((i, best[1]))
        links.append((to_kk | to_ru, to_kk & to_ru))
    _ALIGNMENT[len(rows)] = (kk, ru, links)
    return _ALIGNMENT[len(rows)]


def _spans(text: str, tokens: list, key: str, extract) -> list[set[int]]:  # noqa: ANN001
    """Token indexes of each occurrence of the term `key` in `text`."""
    if extract not in _CACHED:
        from functools import lru_cache

        _CACHED[extract] = lru_cache(maxsize=None)(extract)
    extract = _CACHED[extract]
    return [{i for i, (s, e, _) in enumerate(tokens) if s < c.end and e > c.start}
            for c in extract(text) if c.key == key]


def consistency(store, entry_id: int, rows: list[list[str]]) -> tuple[bool, int]:  # noqa: ANN001
    """(consistent in more than half of the pairs holding both terms, how many pairs hold both)."""
    from tm.glossary.candidates_kk import candidates as kk_candidates
    from tm.glossary.candidates_ru import candidates as ru_candidates

    keys = dict(store.execute(
        "SELECT DISTINCT lang, key FROM glossary_forms WHERE entry_id = ?", (entry_id,)).fetchall())
    kk, ru, links = alignment(rows)
    shared = good = 0
    for r, a_tok, b_tok, pair_links in zip(rows, kk, ru, links):
        a_spans = _spans(r[1], a_tok, keys.get("kk"), kk_candidates)
        b_spans = _spans(r[2], b_tok, keys.get("ru"), ru_candidates)
        if not a_spans or not b_spans:
            continue
        shared += 1
        a, b = set().union(*a_spans), set().union(*b_spans)  # every occurrence in the pair
        possible, sure = pair_links
        good += any(i in a and j in b for i, j in possible) \
            and not any((i in a) != (j in b) for i, j in sure)
    return shared > 0 and good * 2 > shared, shared


def reference(store, rows: list[list[str]]) -> set[tuple[str, str]]:  # noqa: ANN001
    """The term pairs a glossary of the comparable split should hold, found without the
    glossary's pairing: a kk and a ru candidate, both used in the split's comparable texts,
    that the Model 1 alignment of the full parallel text finds consistent (see `consistency`)
    in 2+ pairs and in more than half of the pairs holding both."""
    from collections import Counter

    from tm.glossary.candidates_kk import candidates as kk_candidates
    from tm.glossary.candidates_ru import candidates as ru_candidates

    seen = {"kk": set(), "ru": set()}
    for text, lang in store.segment_texts():
        if lang in seen:
            seen[lang].update(c.key for c in (kk_candidates if lang == "kk" else ru_candidates)(text))
    kk, ru, links = alignment(rows)
    shared: Counter = Counter()
    good: Counter = Counter()
    for r, a_tok, b_tok, (possible, sure) in zip(rows, kk, ru, links):
        a_terms, b_terms = {}, {}
        for terms, text, tokens, extract, side in ((a_terms, r[1], a_tok, kk_candidates, "kk"),
                                                    (b_terms, r[2], b_tok, ru_candidates, "ru")):
            for c in extract(text):
                if c.key in seen[side]:
                    terms.setdefault(c.key, set()).update(
                        i for i, (s, e, _) in enumerate(tokens) if s < c.end and e > c.start)
        for ka, a in a_terms.items():
            for kb, b in b_terms.items():
                shared[(ka, kb)] += 1
                good[(ka, kb)] += any(i in a and j in b for i, j in possible) \
                    and not any((i in a) != (j in b) for i, j in sure)
    return {k for k, g in good.items() if g >= 2 and g * 2 > shared[k]}


FEW_PAIRS = 0.05  # the `-few` variants keep mined pairs for this share of the texts (seeds: 11 of 152)


def comparable(split_name: str, db: Path) -> list[tuple[dict, int]]:
    """Build the glossary of one comparable split's TM (made by `tm align --mode comparable`)
    and judge it; returns (design row, right) for every entry, written or junk."""
    import shutil
    import tempfile

    from _glossary_splits import SPLITS
    from tm.glossary.build import build_glossary, glossary_entries
    from tm.glossary.calibration import design
    from tm.store import Store

    corpus, part, *variant = split_name.split("-")
    few = variant == ["few"]
    split = SPLITS[corpus](part, *([] if few else variant))
    if split is None or not db.exists():
        print(f"{split_name}: skip ({db} or the data is missing; see --help)")
        return []
    rows = [["", a, b] for a, b in split.parallel]
    _ALIGNMENT.clear()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / db.name
        shutil.copy(db, work)
        with Store(work) as store:
            if few:  # as the seeds: pairs for FEW_PAIRS of the texts, the surest ones
                keep = max(1, int(FEW_PAIRS * min(len(split.kk), len(split.ru))))
                with store.transaction() as tx:
                    tx.execute("DELETE FROM pairs WHERE id NOT IN "
                               "(SELECT id FROM pairs ORDER BY score DESC, id LIMIT ?)", (keep,))
            started = time.process_time()
            report = build_glossary(store)
            cpu = time.process_time() - started
            entries = glossary_entries(store, include_junk=True)
            verdict = {e.id: consistency(store, e.id, rows)[0] for e in entries}
            ref = reference(store, rows)
            keys = {e.id: (key(e.kk, "kk"), key(e.ru, "ru")) for e in entries}
    written = [e for e in entries if not e.junk]
    junk = [e for e in entries if e.junk]
    right = sum(verdict[e.id] for e in written)
    found = ref & {keys[e.id] for e in written}
    multi = {k for k in ref if " " in k[0] or " " in k[1]}
    print(f"{split_name}: {report.pairs} mined pairs, {len(written)} entries written, {len(junk)} junk; "
          f"precision {right / max(1, len(written)):.3f} ({right}/{len(written)}), "
          f"recall {len(found) / max(1, len(ref)):.3f} ({len(found)}/{len(ref)} reference pairs), "
          f"multi-word recall {len(found & multi) / max(1, len(multi)):.3f}; "
          f"junk judged right {sum(verdict[e.id] for e in junk)}/{len(junk)}; build CPU {cpu:.1f} s")
    for cut in (0.5, 0.6, 0.7, 0.8):
        kept = [e for e in entries if not e.junk or e.junk.startswith("unlikely")]
        kept = [e for e in kept if e.score >= cut]
        ok = sum(verdict[e.id] for e in kept)
        print(f"  p >= {cut}: {len(kept)} entries, precision {ok / max(1, len(kept)):.3f}, recall "
              f"{len(ref & {keys[e.id] for e in kept}) / max(1, len(ref)):.3f}")
    for e in junk[:12]:
        print(f"  junk {'+' if verdict[e.id] else '-'} {e.kk} = {e.ru}: {e.junk}")
    by_forms = {(k.lower(), r.lower()): (nk, nr, f) for k, r, nk, nr, f in report.links}
    return [(design(got[2], got[0], got[1]), int(verdict[e.id])) for e in entries
            if (got := by_forms.get((e.kk.lower(), e.ru.lower()))) is not None]


def fit(rows: list[tuple[dict, int]], l2: float = 1.0) -> dict[str, float]:
    """Logistic regression by Newton's method (IRLS) with an L2 penalty (not on the bias)."""
    import numpy as np

    from tm.glossary.calibration import COEF

    names = [k for k in COEF if k != "bias"]
    x = np.array([[1.0] + [r.get(k, 0.0) for k in names] for r, _ in rows])
    y = np.array([v for _, v in rows], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"bias": float(w[0]), **{k: float(v) for k, v in zip(names, w[1:])}}


def reliability(rows: list[tuple[dict, int]], coef: dict[str, float], label: str) -> None:
    """Mean predicted probability against the judged share right, in bins; Brier score."""
    import math

    def prob(x: dict) -> float:
        z = coef["bias"] + sum(v * x.get(k, 0.0) for k, v in coef.items() if k != "bias")
        return 1 / (1 + math.exp(-max(-30, min(30, z))))

    probs = [(prob(x), y) for x, y in rows]
    brier = sum((p - y) ** 2 for p, y in probs) / max(1, len(probs))
    bins = []
    for lo in (0.0, 0.25, 0.5, 0.75):
        inside = [(p, y) for p, y in probs if lo <= p < lo + 0.25 or lo == 0.75 and p == 1.0]
        if inside:
            bins.append(f"[{lo:.2f},{lo + 0.25:.2f}) n={len(inside)} p={sum(p for p, _ in inside) / len(inside):.2f} "
                        f"right={sum(y for _, y in inside) / len(inside):.2f}")
    print(f"calibration {label}: Brier {brier:.3f}; " + "; ".join(bins))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-db", type=Path, default=Path("/tmp/tm_eval_seeds.db"))
    parser.add_argument("--flores-db", type=Path, default=Path("/tmp/tm_eval_flores.db"))
    parser.add_argument("--flores-n", type=int, default=1012, help="FLORES pairs (0: skip FLORES)")
    parser.add_argument("--splits", type=Path, default=None,
                        help="folder of comparable split TMs NAME.db (see scripts/_glossary_splits.py)")
    parser.add_argument("--part", choices=("dev", "heldout", "both"), default="dev")
    parser.add_argument("--fit", action="store_true", help="fit the calibration on the dev splits")
    parser.add_argument("--regime", choices=("many", "few", "both"), default="both",
                        help="TMs whose texts are mostly paired, or (as the seeds) hardly at all")
    args = parser.parse_args()
    if args.splits is not None:
        parts = ("dev", "heldout") if args.part == "both" else (args.part,)
        from tm.glossary.calibration import COEF, COEF_FEW

        for regime, variants, coef_now in (("many pairs", ("", "-sparse"), COEF), ("few pairs", ("-few",), COEF_FEW)):
            if args.regime not in ("both", regime.split()[0]):
                continue
            rows = {part: [r for corpus in ("flores", "govdocs") for variant in variants
                           for r in comparable(f"{corpus}-{part}{variant}",
                                               args.splits / f"{corpus}-{part}{variant.replace('-few', '')}.db")]
                    for part in parts}
            for part, got in rows.items():
                reliability(got, coef_now, f"{regime}, {part} (current coefficients)")
            if args.fit and rows.get("dev"):
                coef = fit(rows["dev"])
                print(f"fitted ({regime}) = {{" + ", ".join(f'"{k}": {v:.3f}' for k, v in coef.items()) + "}")
                for part, got in rows.items():
                    reliability(got, coef, f"{regime}, {part} (fitted)")
        return 0
    seeds(args.seeds_db)
    if args.flores_n:
        flores(args.flores_db, args.flores_n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
