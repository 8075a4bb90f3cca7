"""Build the glossary from the TM's pairs and store it, keeping reviewed entries.

Approved and rejected entries survive a rebuild: approved ones keep their terms out of automatic
pairing (their statistics are refreshed), rejected kk=ru links never come back as `auto`.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from tm.errors import InputError
from tm.store import Store, now
from tm.store.pairs import iter_pairs
from tm.store.records import GlossaryEntry

MAX_EMBED = 2000  # candidates per language embedded, the most term-like first
STATUSES = ("auto", "approved", "rejected")


@dataclass
class Term:
    """One candidate term (all its occurrences) in one language."""

    key: str
    n: int
    forms: Counter[str] = field(default_factory=Counter)  # dictionary forms seen
    surfaces: Counter[str] = field(default_factory=Counter)
    pairs: list[int] = field(default_factory=list)  # indexes of sentence pairs

    @property
    def freq(self) -> int:
        return sum(self.surfaces.values())

    @property
    def form(self) -> str:
        """The most frequent dictionary form; a capitalised one wins a tie (a name)."""
        return max(self.forms.items(), key=lambda kv: (kv[1], kv[0] != kv[0].lower()))[0]


@dataclass(frozen=True)
class BuildReport:
    pairs: int
    candidates_kk: int
    candidates_ru: int
    entries: int
    kept_reviewed: int
    seconds: float


def _collect(texts: list[str], extract: Callable) -> tuple[dict[str, Term], list[set[str]]]:
    terms: dict[str, Term] = {}
    per_pair: list[set[str]] = []
    for idx, text in enumerate(texts):
        keys = set()
        for c in extract(text):
            term = terms.get(c.key)
            if term is None:
                term = terms[c.key] = Term(c.key, c.n)
            term.forms[c.form] += 1
            term.surfaces[c.surface] += 1
            if not term.pairs or term.pairs[-1] != idx:
                term.pairs.append(idx)
            keys.add(c.key)
        per_pair.append(keys)
    return terms, per_pair


def _termhood(terms: dict[str, Term], lang: str) -> dict[str, float]:
    from tm.glossary.termhood import c_values, general_weight

    cv = c_values({k: t.freq for k, t in terms.items()})
    if lang == "ru":
        for k, t in terms.items():
            if t.n == 1:
                cv[k] *= general_weight(k)
    return cv


def build_glossary(store: Store, *, encoder=None, min_score: float = 0.0) -> BuildReport:  # noqa: ANN001
    """Rebuild the automatic part of the glossary from every pair in `store`."""
    from tm.glossary import candidates_kk, candidates_ru
    from tm.morph import kazakh
    from tm.morph.keys import tokenize

    started = time.perf_counter()
    pairs = list(iter_pairs(store, min_score=min_score))
    kk_texts = [p.kk for p in pairs]
    ru_texts = [p.ru for p in pairs]
    kazakh.default_stemmer().learn(w for t in kk_texts for _, _, w in tokenize(t))
    kazakh.stem.cache_clear()
    kk_terms, kk_per_pair = _collect(kk_texts, candidates_kk.candidates)
    ru_terms, ru_per_pair = _collect(ru_texts, candidates_ru.candidates)
    kk_th = _termhood(kk_terms, "kk")
    ru_th = _termhood(ru_terms, "ru")
    keep_kk = {k for k, v in kk_th.items() if v > 0}
    keep_ru = {k for k, v in ru_th.items() if v > 0}
    keep_kk = set(sorted(keep_kk, key=lambda k: -kk_th[k])[:MAX_EMBED])
    keep_ru = set(sorted(keep_ru, key=lambda k: -ru_th[k])[:MAX_EMBED])

    reviewed = _reviewed(store)
    vectors = _embed(store, encoder, kk_terms, keep_kk, ru_terms, keep_ru)
    lengths = {("kk", k): kk_terms[k].n for k in keep_kk} | {("ru", k): ru_terms[k].n for k in keep_ru}
    occurrences = [(kk & keep_kk, ru & keep_ru) for kk, ru in zip(kk_per_pair, ru_per_pair)]
    from tm.glossary.pairing import link_terms
    from tm.morph.keys import fold

    approved = [e for e in reviewed if e.status == "approved"]
    blocked = {(_form_key(e.kk, "kk"), _form_key(e.ru, "ru")) for e in reviewed
               if e.status == "rejected"}
    links = link_terms(
        occurrences, vectors, lengths, blocked=blocked,
        taken_kk={_form_key(e.kk, "kk") for e in approved},
        taken_ru={_form_key(e.ru, "ru") for e in approved},
    )
    entries = []
    for link in links:
        a, b = kk_terms[link.kk], ru_terms[link.ru]
        weight = math.log2(2 + min(a.freq, b.freq)) * (1 + 0.3 * min(2, a.n + b.n - 2))
        weight *= min(1.0, 0.5 + 0.5 * min(kk_th[link.kk], ru_th[link.ru]))
        if b.n == 1:
            from tm.glossary.termhood import general_weight

            weight *= general_weight(link.ru)
        example = next((i for i in a.pairs if i in set(b.pairs)), a.pairs[0])
        entries.append((link.score * weight, a, b, pairs[example]))
    top = max((s for s, *_ in entries), default=1.0) or 1.0
    del fold
    with store.transaction() as db:
        db.execute("DELETE FROM glossary WHERE status = 'auto'")
        for score, a, b, pair in sorted(entries, key=lambda e: -e[0]):
            kk_form, ru_form = a.form, b.form
            if (_form_key(kk_form, "kk"), _form_key(ru_form, "ru")) in blocked:
                continue
            cur = db.execute(
                "INSERT OR IGNORE INTO glossary(kk, ru, score, kk_freq, ru_freq, example_pair, "
                "example_kk, example_ru, status, updated) VALUES (?,?,?,?,?,?,?,?, 'auto', ?)",
                (kk_form, ru_form, round(score / top, 4), a.freq, b.freq, pair.id, pair.kk,
                 pair.ru, now()),
            )
            if cur.rowcount:
                _add_forms(db, int(cur.lastrowid), a, b)
        for entry in approved:  # refresh statistics of reviewed terms found again
            a = kk_terms.get(_form_key(entry.kk, "kk"))
            b = ru_terms.get(_form_key(entry.ru, "ru"))
            if a is not None and b is not None:
                db.execute("UPDATE glossary SET kk_freq = ?, ru_freq = ?, updated = ? WHERE id = ?",
                           (a.freq, b.freq, now(), entry.id))
    return BuildReport(len(pairs), len(kk_terms), len(ru_terms), len(entries), len(reviewed),
                       time.perf_counter() - started)


def _form_key(form: str, lang: str) -> str:
    from tm.morph.keys import tokenize, word_key

    return " ".join(word_key(w, lang) for _, _, w in tokenize(form))


def _add_forms(db, entry_id: int, a: Term, b: Term) -> None:  # noqa: ANN001
    rows = {("kk", a.form): (a.key, 0), ("ru", b.form): (b.key, 0)}
    for lang, term in (("kk", a), ("ru", b)):
        for surface, f in term.surfaces.items():
            rows[(lang, surface)] = (term.key, f)
    db.executemany(
        "INSERT OR REPLACE INTO glossary_forms(entry_id, lang, form, key, freq) VALUES (?,?,?,?,?)",
        [(entry_id, lang, form, key, f) for (lang, form), (key, f) in rows.items()],
    )


def _embed(store: Store, encoder, kk_terms, keep_kk, ru_terms, keep_ru) -> dict:  # noqa: ANN001
    from tm.encoders import CachedEncoder, get_encoder

    enc = CachedEncoder(encoder or get_encoder(), store.db)
    items = [("kk", k, kk_terms[k].form) for k in sorted(keep_kk)]
    items += [("ru", k, ru_terms[k].form) for k in sorted(keep_ru)]
    if not items:
        return {}
    vecs = enc.encode([text for _, _, text in items], kind="query")
    return {(lang, key): np.asarray(v, dtype=np.float32) for (lang, key, _), v in zip(items, vecs)}


def _reviewed(store: Store) -> list[GlossaryEntry]:
    return [e for e in glossary_entries(store, include_rejected=True) if e.status != "auto"]


def glossary_entries(store: Store, *, include_rejected: bool = False) -> list[GlossaryEntry]:
    """Entries ranked by score (reviewed and automatic); rejected ones only when asked."""
    forms: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"kk": [], "ru": []})
    for row in store.db.execute("SELECT entry_id, lang, form FROM glossary_forms ORDER BY freq DESC"):
        forms[row["entry_id"]][row["lang"]].append(row["form"])
    out = []
    for row in store.db.execute("SELECT * FROM glossary ORDER BY score DESC, kk_freq + ru_freq DESC, id"):
        if row["status"] == "rejected" and not include_rejected:
            continue
        f = forms.get(row["id"], {"kk": [], "ru": []})
        out.append(GlossaryEntry(
            id=row["id"], kk=row["kk"], ru=row["ru"], score=row["score"], kk_freq=row["kk_freq"],
            ru_freq=row["ru_freq"], example_kk=row["example_kk"], example_ru=row["example_ru"],
            status=row["status"], kk_forms=tuple(f["kk"]), ru_forms=tuple(f["ru"]),
        ))
    return out


def set_status(store: Store, kk: str, ru: str, status: str) -> GlossaryEntry:
    """Mark the entry kk=ru approved, rejected or auto; approving an unknown pair adds it."""
    if status not in STATUSES:
        raise InputError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    kk, ru = kk.strip(), ru.strip()
    if not kk or not ru:
        raise InputError(f"{kk}={ru}: give both terms as KK=RU, e.g. 'цифрлық дипломатия=цифровая дипломатия'")
    kk_key, ru_key = _form_key(kk, "kk"), _form_key(ru, "ru")
    match = next((e for e in glossary_entries(store, include_rejected=True)
                  if _form_key(e.kk, "kk") == kk_key and _form_key(e.ru, "ru") == ru_key), None)
    with store.transaction() as db:
        if match is not None:
            db.execute("UPDATE glossary SET status = ?, updated = ? WHERE id = ?",
                       (status, now(), match.id))
            entry_id = match.id
        else:
            cur = db.execute(
                "INSERT INTO glossary(kk, ru, score, status, updated) VALUES (?, ?, 1.0, ?, ?)",
                (kk, ru, status, now()))
            entry_id = int(cur.lastrowid)
            db.executemany(
                "INSERT OR REPLACE INTO glossary_forms(entry_id, lang, form, key, freq) VALUES (?,?,?,?,0)",
                [(entry_id, "kk", kk, kk_key), (entry_id, "ru", ru, ru_key)])
    return next(e for e in glossary_entries(store, include_rejected=True) if e.id == entry_id)
