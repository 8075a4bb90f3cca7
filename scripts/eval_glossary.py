"""Glossary figures: seeds (mission term rank, recall, precision@30), FLORES top 100, lookup
from generated inflected forms, build times.

Usage: python scripts/eval_glossary.py [--seeds-db FILE] [--flores-db FILE] [--flores-n N]
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
        print(f"seeds: build {time.perf_counter() - started:.1f} s, {report}")
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
        for i, e in enumerate(entries[:30], 1):
            mark = "G" if got[i - 1] in gold_keys else " "
            print(f"  {i:2d} {mark} {e.score:.3f}  {e.kk} = {e.ru}  ({e.kk_freq}/{e.ru_freq})")
        eval_lookup(store)


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
        for i, e in enumerate(glossary_entries(store)[:100], 1):
            print(f"  {i:3d} {e.score:.3f}  {e.kk} = {e.ru}  ({e.kk_freq}/{e.ru_freq})")
        eval_lookup(store)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-db", type=Path, default=Path("/tmp/tm_eval_seeds.db"))
    parser.add_argument("--flores-db", type=Path, default=Path("/tmp/tm_eval_flores.db"))
    parser.add_argument("--flores-n", type=int, default=1012)
    args = parser.parse_args()
    seeds(args.seeds_db)
    flores(args.flores_db, args.flores_n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
