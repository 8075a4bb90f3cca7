"""Build the glossary from the TM's pairs and store it, keeping reviewed entries.

Approved and rejected entries survive a rebuild: approved ones keep their terms out of automatic
pairing (their statistics are refreshed), rejected kk=ru links never come back as `auto`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tm.errors import InputError
from tm.glossary.terms import Term, agree_case, collect, salience, termhood
from tm.store import Store
from tm.store.pairs import iter_pairs
from tm.store.records import GlossaryEntry

if TYPE_CHECKING:
    import numpy as np  # imported where used: `tm term` reads entries without it

MAX_EMBED = 400  # valid candidates per language embedded and paired, the most term-like first
MAX_JUNK = 60  # junk candidates per language paired for inspection only
P_WRITE = 0.5  # an entry no more likely right than wrong is junk
STATUSES = ("auto", "approved", "rejected")


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
    junk: int = 0  # entries kept for inspection only
    links: tuple = ()  # (kk form, ru form, words of each, evidence features) of each entry, for calibration


def _corpus(store: Store, pairs: list) -> tuple[list[str], list[str], bool]:  # noqa: ANN001
    """Every kk and ru text the TM holds: document segments (all of them, paired or not, since
    comparable documents pair only a few) and the texts of imported pairs. The flag says
    whether all of them are document segments (whose embeddings the TM has cached)."""
    kk: list[str] = []
    ru: list[str] = []
    for text, lang in store.segment_texts():
        (kk if lang == "kk" else ru if lang == "ru" else []).append(text)
    segments_only = True
    for p in pairs:
        if not p.kk_doc and not p.ru_doc:
            kk.append(p.kk)
            ru.append(p.ru)
            segments_only = False
    return kk, ru, segments_only


def _ranked(terms: dict[str, Term], th: dict[str, float], junk: dict[str, str]) -> tuple[list[str], list[str]]:
    """The valid and the junk candidates worth pairing, the most term-like first."""
    order = sorted((k for k, v in th.items() if v > 0), key=lambda k: (-th[k], k))
    return [k for k in order if not junk[k]][:MAX_EMBED], [k for k in order if junk[k]][:MAX_JUNK]


def build_glossary(store: Store, *, encoder=None, min_score: float = 0.0) -> BuildReport:  # noqa: ANN001
    """Rebuild the automatic part of the glossary from every text and pair in `store`."""
    from functools import lru_cache

    from tm.glossary import candidates_kk, candidates_ru
    from tm.glossary.calibration import coefficients, describe, probability
    from tm.glossary.junk import term_junk, word_counts
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
    kk_terms = collect(kk_texts, extract_kk, "kk")
    ru_terms = collect(ru_texts, extract_ru, "ru")
    lex_kk, lex_ru = word_counts(kk_texts, "kk"), word_counts(ru_texts, "ru")
    junk_kk = {k: term_junk(t.form, "kk", lex_kk, cut=t.cut, freq=t.freq) for k, t in kk_terms.items()}
    junk_ru = {k: term_junk(t.form, "ru", lex_ru, cut=t.cut, freq=t.freq) for k, t in ru_terms.items()}
    kk_th = termhood(kk_terms, "kk")
    ru_th = termhood(ru_terms, "ru")
    keep_kk, bad_kk = _ranked(kk_terms, kk_th, junk_kk)
    keep_ru, bad_ru = _ranked(ru_terms, ru_th, junk_ru)
    occurrences = [({c.key for c in extract_kk(p.kk)}, {c.key for c in extract_ru(p.ru)}) for p in pairs]

    reviewed = _reviewed(store)
    approved = [e for e in reviewed if e.status == "approved"]
    blocked = {(_form_key(e.kk, "kk"), _form_key(e.ru, "ru")) for e in reviewed
               if e.status == "rejected"}
    taken_kk = {_form_key(e.kk, "kk") for e in approved}
    taken_ru = {_form_key(e.ru, "ru") for e in approved}
    stage("embedding terms")
    kk_all, ru_all, neighbours = _sides(store, encoder, kk_terms, keep_kk + bad_kk, kk_texts, ru_terms,
                                        keep_ru + bad_ru, ru_texts, with_context=segments_only)
    similar_texts = [({c.key for c in extract_kk(kk_texts[i])}, {c.key for c in extract_ru(ru_texts[j])})
                     for i, j in neighbours]
    stage("pairing terms")
    links = link_terms(_subset(kk_all, len(keep_kk)), _subset(ru_all, len(keep_ru)), occurrences,
                       similar_texts, blocked=blocked, taken_kk=taken_kk, taken_ru=taken_ru)
    # junk candidates paired with what is left, only to show what was kept out and why
    linked_kk, linked_ru = {x.kk for x in links}, {x.ru for x in links}
    inspect = link_terms(kk_all, ru_all, occurrences, similar_texts, blocked=blocked,
                         taken_kk=taken_kk | linked_kk, taken_ru=taken_ru | linked_ru) \
        if bad_kk or bad_ru else []
    coef = coefficients(len(pairs), min(len(kk_texts), len(ru_texts)))
    entries = []
    for link in links + [x for x in inspect if junk_kk.get(x.kk) or junk_ru.get(x.ru)]:
        a, b = kk_terms[link.kk], ru_terms[link.ru]
        p = probability(link.features, a.n, b.n, coef)
        reason = junk_kk[link.kk] or junk_ru[link.ru]
        if reason:
            reason = f"{'kk' if junk_kk[link.kk] else 'ru'} {reason}"
        elif p < P_WRITE:
            reason = f"unlikely pairing (p = {p:.2f})"
        weight = salience(a, b, kk_th[link.kk], ru_th[link.ru], link.features.get("cognate", 0.0))
        example = _example(a, b, pairs, occurrences, kk_texts, ru_texts)
        entries.append((p, weight, describe(link.features, a.n, b.n), reason, a, b, example, link.features))
    top = max((w for _, w, *_ in entries), default=1.0) or 1.0
    rows = []
    for p, weight, evidence, reason, a, b, (pair_id, ex_kk, ex_ru), _ in sorted(entries, key=lambda e: -e[0] * e[1]):
        kk_form, ru_form = agree_case(a, b)
        if (_form_key(kk_form, "kk"), _form_key(ru_form, "ru")) in blocked:
            continue
        rows.append(({"kk": kk_form, "ru": ru_form, "score": round(p, 4), "kk_freq": a.freq,
                      "ru_freq": b.freq, "example_pair": pair_id, "example_kk": ex_kk, "example_ru": ex_ru,
                      "termhood": round(weight / top, 4), "evidence": evidence, "junk": reason},
                     _forms(a, b)))
    refreshed = []
    for entry in approved:  # refresh statistics of reviewed terms found again
        a = kk_terms.get(_form_key(entry.kk, "kk"))
        b = ru_terms.get(_form_key(entry.ru, "ru"))
        if a is not None and b is not None:
            refreshed.append((entry.id, a.freq, b.freq))
    stage("storing entries")
    store.write_glossary(rows, refreshed)
    written = sum(not row["junk"] for row, _ in rows)
    return BuildReport(len(pairs), len(kk_terms), len(ru_terms), written, len(reviewed),
                       time.perf_counter() - started, len(kk_texts), len(ru_texts), len(rows) - written,
                       tuple((a.form, b.form, a.n, b.n, f) for _, _, _, _, a, b, _, f in entries))


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

    enc = CachedEncoder(encoder or get_encoder(), store)
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


def _subset(side, n: int):  # noqa: ANN001, ANN202
    """The first `n` terms of a pairing `Side` (the valid ones: junk candidates follow)."""
    return replace(side, keys=side.keys[:n], forms=side.forms[:n], words=side.words[:n],
                   vectors=side.vectors[:n],
                   context=None if side.context is None else side.context[:n],
                   freqs=None if side.freqs is None else side.freqs[:n])


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


def _forms(a: Term, b: Term) -> list[tuple[str, str, str, int]]:
    """(lang, form, key, frequency) of the dictionary forms and observed surfaces of a term pair."""
    rows = {("kk", a.form): (a.key, 0), ("ru", b.form): (b.key, 0)}
    for lang, term in (("kk", a), ("ru", b)):
        for surface, f in term.surfaces.items():
            rows[(lang, surface)] = (term.key, f)
    return [(lang, form, key, f) for (lang, form), (key, f) in rows.items()]


def _reviewed(store: Store) -> list[GlossaryEntry]:
    return [e for e in glossary_entries(store, include_rejected=True) if e.status != "auto"]


def glossary_entries(store: Store, *, include_rejected: bool = False,
                     include_junk: bool = False) -> list[GlossaryEntry]:
    """Entries ranked by probability times termhood (reviewed and automatic); rejected ones
    and the junk kept for inspection only when asked."""
    return store.glossary_entries(include_rejected=include_rejected, include_junk=include_junk)


def set_status(store: Store, kk: str, ru: str, status: str) -> GlossaryEntry:
    """Mark the entry kk=ru approved, rejected or auto; approving an unknown pair adds it."""
    if status not in STATUSES:
        raise InputError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    kk, ru = kk.strip(), ru.strip()
    if not kk or not ru:
        raise InputError(f"{kk}={ru}: give both terms as KK=RU, e.g. 'цифрлық дипломатия=цифровая дипломатия'")
    kk_key, ru_key = _form_key(kk, "kk"), _form_key(ru, "ru")
    everything = glossary_entries(store, include_rejected=True, include_junk=True)
    match = next((e for e in everything if _form_key(e.kk, "kk") == kk_key and _form_key(e.ru, "ru") == ru_key), None)
    entry_id = store.set_glossary_status(kk, ru, status, match.id if match is not None else None,
                                         [("kk", kk, kk_key, 0), ("ru", ru, ru_key, 0)])
    return next(e for e in glossary_entries(store, include_rejected=True, include_junk=True) if e.id == entry_id)


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
