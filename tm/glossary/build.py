"""Build the glossary from the TM's pairs and store it, keeping reviewed entries.

Approved and rejected entries survive a rebuild: approved ones keep their terms out of automatic
pairing (their statistics are refreshed), rejected kk=ru links never come back as `auto`.
"""

from __future__ import annotations

import math
from pathlib import Path
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tm.errors import InputError
from tm.store import Store, now
from tm.store.pairs import iter_pairs
from tm.store.records import GlossaryEntry

if TYPE_CHECKING:
    import numpy as np  # imported where used: `tm term` reads entries without it

MAX_EMBED = 2000  # candidates per language embedded, the most term-like first
STATUSES = ("auto", "approved", "rejected")


@dataclass
class Term:
    """One candidate term (all its occurrences) in one language."""

    key: str
    n: int
    forms: Counter[str] = field(default_factory=Counter)  # dictionary forms seen
    surfaces: Counter[str] = field(default_factory=Counter)
    texts: list[int] = field(default_factory=list)  # indexes of corpus texts holding it
    lang: str = ""
    cased: Counter[str] = field(default_factory=Counter)  # forms seen inside a sentence

    @property
    def freq(self) -> int:
        return sum(self.surfaces.values())

    @property
    def form(self) -> str:
        """The most frequent dictionary form made of dictionary words (OCR leaves misspelt
        variants: социальные сеты beside социальные сети), in the letter case most frequent
        inside sentences (a sentence start tells nothing); a capitalised one wins a tie."""
        spellings: dict[str, list[str]] = defaultdict(list)
        for form, _ in self.forms.most_common():
            spellings[form.lower()].append(form)
        variants = max(spellings.values(), key=lambda group: (
            _known_words(group[0], self.lang), sum(self.forms[f] for f in group)))
        inside = [f for f in variants if self.cased[f]]
        counts = self.cased if inside else self.forms
        return max(inside or variants, key=lambda f: (counts[f], f != f.lower()))


@dataclass(frozen=True)
class BuildReport:
    pairs: int
    candidates_kk: int
    candidates_ru: int
    entries: int
    kept_reviewed: int
    seconds: float
    texts_kk: int = 0
    texts_ru: int = 0


def _known_words(form: str, lang: str) -> bool:
    """Is every lower-case Cyrillic word of a Russian `form` in pymorphy3's dictionary?
    (Names, acronyms and other languages are not judged.)"""
    if lang != "ru":
        return True
    from tm.morph.russian import is_known

    return all(is_known(w.lower()) for w in form.split(" ")
               if not w.isupper() and all("а" <= ch <= "я" or ch in "ё-" for ch in w.lower()))


def _corpus(store: Store, pairs: list) -> tuple[list[str], list[str], bool]:  # noqa: ANN001
    """Every kk and ru text the TM holds: document segments (all of them, paired or not, since
    comparable documents pair only a few) and the texts of imported pairs. The flag says
    whether all of them are document segments (whose embeddings the TM has cached)."""
    kk: list[str] = []
    ru: list[str] = []
    for row in store.db.execute(
            "SELECT s.text, CASE WHEN s.lang != '' THEN s.lang ELSE d.lang END AS lang "
            "FROM segments s JOIN documents d ON d.id = s.doc_id ORDER BY s.doc_id, s.idx"):
        (kk if row["lang"] == "kk" else ru if row["lang"] == "ru" else []).append(row["text"])
    segments_only = True
    for p in pairs:
        if not p.kk_doc and not p.ru_doc:
            kk.append(p.kk)
            ru.append(p.ru)
            segments_only = False
    return kk, ru, segments_only


def _collect(texts: list[str], extract: Callable, lang: str) -> dict[str, Term]:  # noqa: ANN001
    terms: dict[str, Term] = {}
    for idx, text in enumerate(texts):
        for c in extract(text):
            term = terms.get(c.key)
            if term is None:
                term = terms[c.key] = Term(c.key, c.n, lang=lang)
            term.forms[c.form] += 1
            if not c.at_start:
                term.cased[c.form] += 1
            term.surfaces[c.surface] += 1
            if not term.texts or term.texts[-1] != idx:
                term.texts.append(idx)
    return terms


def _termhood(terms: dict[str, Term], lang: str) -> dict[str, float]:
    from tm.glossary.termhood import c_values, general_weight

    cv = c_values({k: t.freq for k, t in terms.items()})
    if lang == "ru":
        for k, t in terms.items():
            if t.n == 1:
                cv[k] *= general_weight(k)
    return cv


def _salience(a: Term, b: Term, th_kk: float, th_ru: float) -> float:
    """How much an entry matters: frequency on both sides (geometric mean, as comparable texts
    differ in size), length (log2(1 + words), as in C-value), termhood, general-language use."""
    from tm.glossary.termhood import general_weight

    weight = math.log2(1 + math.sqrt(a.freq * b.freq)) * math.log2(1 + max(a.n, b.n))
    weight *= min(1.0, 0.5 + 0.5 * min(th_kk, th_ru))
    if b.n == 1:
        weight *= general_weight(b.key)
    if not _known_words(b.form, "ru"):
        weight *= 0.5  # a word no dictionary knows: most often OCR damage
    return weight


def build_glossary(store: Store, *, encoder=None, min_score: float = 0.0) -> BuildReport:  # noqa: ANN001
    """Rebuild the automatic part of the glossary from every text and pair in `store`."""
    from functools import lru_cache

    from tm.glossary import candidates_kk, candidates_ru
    from tm.glossary.pairing import link_terms
    from tm.morph import kazakh
    from tm.morph.keys import tokenize
    from tm.progress import stage

    started = time.perf_counter()
    stage("reading the TM")
    pairs = list(iter_pairs(store, min_score=min_score))
    kk_texts, ru_texts, segments_only = _corpus(store, pairs)
    kazakh.default_stemmer().learn(w for t in kk_texts for _, _, w in tokenize(t))
    kazakh.stem.cache_clear()
    stage(f"term candidates in {len(kk_texts)}+{len(ru_texts)} texts")
    extract_kk = lru_cache(maxsize=None)(candidates_kk.candidates)
    extract_ru = lru_cache(maxsize=None)(candidates_ru.candidates)
    kk_terms = _collect(kk_texts, extract_kk, "kk")
    ru_terms = _collect(ru_texts, extract_ru, "ru")
    kk_th = _termhood(kk_terms, "kk")
    ru_th = _termhood(ru_terms, "ru")
    keep_kk = sorted((k for k, v in kk_th.items() if v > 0), key=lambda k: (-kk_th[k], k))[:MAX_EMBED]
    keep_ru = sorted((k for k, v in ru_th.items() if v > 0), key=lambda k: (-ru_th[k], k))[:MAX_EMBED]
    occurrences = [({c.key for c in extract_kk(p.kk)}, {c.key for c in extract_ru(p.ru)}) for p in pairs]

    reviewed = _reviewed(store)
    approved = [e for e in reviewed if e.status == "approved"]
    blocked = {(_form_key(e.kk, "kk"), _form_key(e.ru, "ru")) for e in reviewed
               if e.status == "rejected"}
    stage("embedding terms")
    kk_side, ru_side, neighbours = _sides(store, encoder, kk_terms, keep_kk, kk_texts, ru_terms,
                                          keep_ru, ru_texts, with_context=segments_only)
    similar_texts = [({c.key for c in extract_kk(kk_texts[i])}, {c.key for c in extract_ru(ru_texts[j])})
                     for i, j in neighbours]
    stage("pairing terms")
    links = link_terms(
        kk_side, ru_side, occurrences, similar_texts, blocked=blocked,
        taken_kk={_form_key(e.kk, "kk") for e in approved},
        taken_ru={_form_key(e.ru, "ru") for e in approved},
    )
    entries = []
    for link in links:
        a, b = kk_terms[link.kk], ru_terms[link.ru]
        weight = _salience(a, b, kk_th[link.kk], ru_th[link.ru])
        example = _example(a, b, pairs, occurrences, kk_texts, ru_texts)
        entries.append((link.score * weight, a, b, example))
    top = max((s for s, *_ in entries), default=1.0) or 1.0
    stage("storing entries")
    with store.transaction() as db:
        db.execute("DELETE FROM glossary WHERE status = 'auto'")
        for score, a, b, (pair_id, ex_kk, ex_ru) in sorted(entries, key=lambda e: -e[0]):
            kk_form, ru_form = _agree_case(a, b)
            if (_form_key(kk_form, "kk"), _form_key(ru_form, "ru")) in blocked:
                continue
            cur = db.execute(
                "INSERT OR IGNORE INTO glossary(kk, ru, score, kk_freq, ru_freq, example_pair, "
                "example_kk, example_ru, status, updated) VALUES (?,?,?,?,?,?,?,?, 'auto', ?)",
                (kk_form, ru_form, round(score / top, 4), a.freq, b.freq, pair_id, ex_kk, ex_ru,
                 now()),
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
                       time.perf_counter() - started, len(kk_texts), len(ru_texts))


def _agree_case(a: Term, b: Term) -> tuple[str, str]:
    """The kk and ru forms, in lower case on both sides when they are the same letters and one
    side writes them in capitals while the other, inside sentences, in lower case: an
    initialism is written in capitals in both languages, so lower case on one side shows a
    shortened word (млн, км) that OCR or an all-caps line upper-cased on the other."""
    from tm.morph.keys import fold

    kk, ru = a.form, b.form
    if kk == ru or fold(kk) != fold(ru):
        return kk, ru
    for caps, lower, term in ((kk, ru, b), (ru, kk, a)):
        if caps.isupper() and lower.islower() and term.cased[lower]:
            return kk.lower(), ru.lower()
    return kk, ru


def _example(a: Term, b: Term, pairs: list, occurrences: list, kk_texts: list[str],  # noqa: ANN001
             ru_texts: list[str]) -> tuple[int | None, str, str]:
    """A TM pair holding both terms, else the first kk and ru texts holding each."""
    for pair, (kk_keys, ru_keys) in zip(pairs, occurrences):
        if a.key in kk_keys and b.key in ru_keys:
            return pair.id, pair.kk, pair.ru
    return None, kk_texts[a.texts[0]], ru_texts[b.texts[0]]


def _sides(store: Store, encoder, kk_terms, keep_kk, kk_texts, ru_terms, keep_ru, ru_texts,  # noqa: ANN001
           *, with_context: bool):
    """The kk and ru `Side`s for pairing: term-form embeddings and, when every text is a document
    segment whose embedding the TM cached at alignment, context vectors."""
    import numpy as np

    from tm.encoders import CachedEncoder, get_encoder
    from tm.glossary.pairing import Lexicon, Side

    enc = CachedEncoder(encoder or get_encoder(), store.db)
    forms_kk = [kk_terms[k].form for k in keep_kk]
    forms_ru = [ru_terms[k].form for k in keep_ru]
    words_kk, words_ru = _words(keep_kk, forms_kk), _words(keep_ru, forms_ru)
    vecs = _encode(enc, forms_kk + forms_ru + list(words_kk.values()) + list(words_ru.values()))
    n_terms, n_kk_words = len(forms_kk) + len(forms_ru), len(words_kk)
    lexicons = (Lexicon(list(words_kk), vecs[n_terms:n_terms + n_kk_words]),
                Lexicon(list(words_ru), vecs[n_terms + n_kk_words:]))
    context = (None, None)
    neighbours: list[tuple[int, int]] = []
    if with_context and keep_kk and keep_ru:
        seg = _encode(enc, kk_texts + ru_texts)
        kk_seg, ru_seg = seg[:len(kk_texts)], seg[len(kk_texts):]
        context = (_means(kk_seg, [kk_terms[k].texts for k in keep_kk]),
                   _means(ru_seg, [ru_terms[k].texts for k in keep_ru]))
        neighbours = _mutual_neighbours(kk_seg @ ru_seg.T)
    return (
        Side(keep_kk, forms_kk, np.array([kk_terms[k].n for k in keep_kk]), vecs[:len(keep_kk)],
             context[0], np.array([kk_terms[k].freq for k in keep_kk], dtype=np.float64), lexicons[0]),
        Side(keep_ru, forms_ru, np.array([ru_terms[k].n for k in keep_ru]),
             vecs[len(keep_kk):n_terms], context[1],
             np.array([ru_terms[k].freq for k in keep_ru], dtype=np.float64), lexicons[1]),
        neighbours,
    )


def _words(keys: list[str], forms: list[str]) -> dict[str, str]:
    """Word key -> a written form of it, for the words of the terms (one-word terms give their
    own form, so their embedding is shared)."""
    out: dict[str, str] = {}
    for key, form in sorted(zip(keys, forms), key=lambda kf: kf[0].count(" ")):
        parts, written = key.split(" "), form.split(" ")
        if len(parts) == len(written):
            for k, w in zip(parts, written):
                out.setdefault(k, w)
    return out


def _mutual_neighbours(sim: np.ndarray, k: int = 3) -> list[tuple[int, int]]:
    """(kk, ru) text indexes that are among each other's k most similar: a soft alignment of
    comparable texts, looser than the TM's mined pairs."""
    import numpy as np

    if sim.size == 0:
        return []
    k_row, k_col = min(k, sim.shape[1]), min(k, sim.shape[0])
    row_floor = np.partition(sim, sim.shape[1] - k_row, axis=1)[:, -k_row]
    col_floor = np.partition(sim, sim.shape[0] - k_col, axis=0)[-k_col, :]
    keep = (sim >= row_floor[:, None]) & (sim >= col_floor[None, :])
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(keep))]


def _encode(enc, texts: list[str]) -> np.ndarray:  # noqa: ANN001
    import numpy as np

    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.asarray(enc.encode(texts, kind="query"), dtype=np.float32)


def _means(vectors: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """L2-normalised mean of the rows of `vectors` in each group."""
    import numpy as np

    out = np.stack([vectors[g].mean(axis=0) for g in groups])
    return out / np.maximum(1e-9, np.linalg.norm(out, axis=1, keepdims=True))


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


def apply_review(store: Store, path: Path) -> list[GlossaryEntry]:
    """Apply a review file: TSV with a header `kk ru status`, one decision per line ('#' lines
    are comments). Kept beside a committed glossary, it re-applies a reading of the glossary to
    a TM built afresh; statuses in the TM survive `--rebuild` by themselves."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read review file {path}: {exc.strerror}; check the path") from exc
    header = lines[0].split("\t") if lines else []
    if header[:3] != ["kk", "ru", "status"]:
        raise InputError(f"{path}: first line must be the header 'kk<TAB>ru<TAB>status'; add it")
    done = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise InputError(f"{path}:{number}: expected kk, ru and status separated by tabs")
        done.append(set_status(store, cols[0], cols[1], cols[2].strip()))
    return done
