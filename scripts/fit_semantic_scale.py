"""Fit (on a dev split) and check (on a held-out split) the label of semantic search hits.

A semantic hit is scored as `tm.search` scores it: the cosine of the query and a pair side,
corrected for the side's hubness in the TM, the best of the pair's two sides. What that number
means is learned here from three kinds of (query, TM pair) couples:

- translation: the pair holds the query's translation (its other-language side; the query's own
  side is left out, since an identical text is an exact match, not a semantic one);
- related: a pair from the same FLORES document (same story, other sentence);
- unrelated: a pair from another FLORES document, or a random Tatoeba pair.

Queries are whole sentences, and phrases (2-4 words cut from a sentence, as a translator
searches a term): a phrase's own pair is related to it (it holds the phrase), the pairs of other
documents unrelated; the other sentences of its document are left out (a phrase such as "в
понедельник" says little about the rest of its story). A phrase meets sentences at higher
cosines than a sentence does, yet is no translation of one, so the model reads the score
together with the length mismatch of query and matched text (`tm.search.scales.features`).

Documents (FLORES) and pairs (Tatoeba) are split in two by a hash of their id: `dev` fits a
three-class multinomial logistic regression on those features with the classes weighted equally (so
the label is the likeliest kind at even odds, whatever the mix in a TM), `held-out` only
measures it. Paste the printed `SEMANTIC_SCALE` into tm/search/scales.py.

    python scripts/fit_semantic_scale.py
"""

from __future__ import annotations

import hashlib
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402

CLASSES = ("translation", "related", "unrelated")
UNRELATED_PER_QUERY = 4
PHRASE_QUERIES = 400  # per split and language
SEED = 18


def split_of(key: str) -> str:
    return "dev" if hashlib.sha1(key.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def pairs_by_split() -> dict[str, list[tuple[str, str, str]]]:
    """(group, kk, ru) per split; group = FLORES document id, or a unique id per Tatoeba pair."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for doc, kk, ru in data.flores():
        out[split_of(f"flores:{doc}")].append((f"flores:{doc}", kk, ru))
    for i, (kk, ru) in enumerate(data.tatoeba()):
        out[split_of(f"tatoeba:{i}")].append((f"tatoeba:{i}", kk, ru))
    return out


def phrase(text: str, rng: random.Random) -> str | None:
    """2-4 consecutive words of `text` (None when it has fewer than 4 words)."""
    tokens = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    if len(tokens) < 4:
        return None
    n = rng.randint(2, 4)
    start = rng.randrange(len(tokens) - n + 1)
    return " ".join(w.strip(".,;:!?«»\"()—–") for w in tokens[start:start + n])


def samples(encoder, pairs: list[tuple[str, str, str]]) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    """Features (score, query words) and class numbers of the (query, pair) couples of one split."""
    from tm.search.semantic import build_from_vectors
    from tm.search.scales import query_words

    kk = data.embed(encoder, [p[1] for p in pairs])
    ru = data.embed(encoder, [p[2] for p in pairs])
    n = len(pairs)
    vectors = np.empty((2 * n, kk.shape[1]), dtype=np.float32)
    vectors[0::2], vectors[1::2] = kk, ru
    ids = np.arange(2 * n, dtype=np.int64)
    index = build_from_vectors(ids, vectors, model=encoder.name, tm_id="fit")
    hub = index.hubness(ids).reshape(n, 2)
    adjusted = lambda q, side, j: float(vectors[2 * j + side] @ q) - 0.5 * (hub[j, side] - index.typical_hubness)  # noqa: E731

    groups: dict[str, list[int]] = defaultdict(list)
    for j, (group, _, _) in enumerate(pairs):
        groups[group].append(j)
    rng = random.Random(SEED)
    rows: list[tuple[float, int, int]] = []
    labels: list[int] = []
    hit_words = np.array([[query_words(kk), query_words(ru)] for _, kk, ru in pairs])

    def add(q: np.ndarray, j: int, sides: tuple[int, ...], words: int, label: int) -> None:
        """The couple (query `q`, pair `j`) scored as the search scores it: its best side."""
        side = max(sides, key=lambda s: adjusted(q, s, j))
        rows.append((adjusted(q, side, j), words, int(hit_words[j, side])))
        labels.append(label)

    def others(q: np.ndarray, words: int, group: str, mine: int | None, same_topic: bool = True) -> None:
        for j in groups[group] if same_topic else ():
            if j != mine:
                add(q, j, (0, 1), words, 1)
        for _ in range(UNRELATED_PER_QUERY):
            j = rng.randrange(n)
            while pairs[j][0] == group:
                j = rng.randrange(n)
            add(q, j, (0, 1), words, 2)

    for i, (group, *texts) in enumerate(pairs):
        for side in (0, 1):  # the query is pair i's kk (side 0) or ru (side 1) text
            words = query_words(texts[side])
            q = vectors[2 * i + side]
            add(q, i, (1 - side,), words, 0)
            others(q, words, group, i)
    for side in (0, 1):
        chosen = [(i, t) for i in rng.sample(range(n), n) if (t := phrase(pairs[i][1 + side], rng))]
        chosen = chosen[:PHRASE_QUERIES]
        queries = data.embed(encoder, [t for _, t in chosen])
        for (i, text), q in zip(chosen, queries):
            words = query_words(text)
            add(q, i, (0, 1), words, 1)  # its own sentence holds it
            others(q, words, pairs[i][0], i, same_topic=False)
    return np.array(rows, dtype=np.float64), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-4, iterations: int = 20) -> np.ndarray:
    """Class-balanced multinomial logistic regression on `tm.search.scales.features`; one row of
    weights per class (the last, unrelated, fixed at zero). Newton steps: the loss is convex."""
    from tm.search.scales import features

    k = len(CLASSES)
    weight = np.array([len(y) / (k * max((y == c).sum(), 1)) for c in range(k)])[y]
    design = features(x[:, 0], x[:, 1], x[:, 2])
    d = design.shape[1]
    beta = np.zeros((k - 1) * d)
    onehot = np.eye(k)[y][:, : k - 1]
    for _ in range(iterations):
        logits = np.c_[design @ beta.reshape(k - 1, d).T, np.zeros(len(x))]
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p = (p / p.sum(axis=1, keepdims=True))[:, : k - 1]
        grad = np.concatenate([design.T @ (weight * (p[:, c] - onehot[:, c])) for c in range(k - 1)]) + l2 * beta
        hess = np.zeros(((k - 1) * d, (k - 1) * d))
        for a in range(k - 1):
            for b in range(k - 1):
                w = weight * p[:, a] * ((a == b) - p[:, b])
                hess[a * d:(a + 1) * d, b * d:(b + 1) * d] = (design * w[:, None]).T @ design
        beta -= np.linalg.solve(hess + l2 * np.eye(len(beta)), grad)
    return beta.reshape(k - 1, d)


def report(name: str, x: np.ndarray, y: np.ndarray, coef: np.ndarray) -> dict[str, float]:
    from tm.search.scales import semantic_probabilities

    p = semantic_probabilities(x[:, 0], x[:, 1], x[:, 2], coef)
    pred = p.argmax(axis=1)
    out = {f"recall {c}": float((pred[y == i] == i).mean()) for i, c in enumerate(CLASSES)}
    out["balanced accuracy"] = float(np.mean([out[f"recall {c}"] for c in CLASSES]))
    out["unrelated shown"] = float((pred[y == 2] != 2).mean())
    out["translations hidden (as unrelated)"] = float((pred[y == 0] == 2).mean())
    out["related hidden (as unrelated)"] = float((pred[y == 1] == 2).mean())
    out["translations labelled translation"] = out["recall translation"]
    shown_as_translation = pred == 0
    out["precision of 'translation' (balanced)"] = float(
        (shown_as_translation & (y == 0)).sum() / len(y[y == 0])
        / max(sum((shown_as_translation & (y == c)).sum() / len(y[y == c]) for c in range(3)), 1e-9))
    print(f"{name}: {len(y)} couples ({', '.join(f'{(y == i).sum()} {c}' for i, c in enumerate(CLASSES))})")
    return out


def main() -> None:
    data.require(data.FLORES, data.TATOEBA)
    encoder = data.cached_encoder()
    splits = pairs_by_split()
    dev_x, dev_y = samples(encoder, splits["dev"])
    held_x, held_y = samples(encoder, splits["held-out"])
    coef = fit(dev_x, dev_y)
    print("SEMANTIC_SCALE = (  # weights of tm.search.scales.features; unrelated = 0")
    for c, row in zip(CLASSES, coef):
        print(f"    ({', '.join(f'{v:.3f}' for v in row)}),  # {c}")
    print(")")
    from tm.search.scales import SEMANTIC_SCALE

    shipped = np.array(SEMANTIC_SCALE)
    dev, held = report("dev", dev_x, dev_y, shipped), report("held-out", held_x, held_y, shipped)
    print(f"\nshipped constants, {encoder.name}:")
    print(f"{'':40s} {'dev':>8s} {'held-out':>9s}")
    for key in dev:
        print(f"{key:40s} {dev[key]:8.3f} {held[key]:9.3f}")
    print("before (no label, every semantic hit shown): unrelated shown 1.000 on both")
    for c in range(3):
        print(f"median score {CLASSES[c]:12s} dev {np.median(dev_x[dev_y == c, 0]):.3f} "
              f"held-out {np.median(held_x[held_y == c, 0]):.3f}")
    for name, short in (("phrase queries (2-4 words)", True), ("sentence queries", False)):
        dm, hm = (dev_x[:, 1] <= 4) == short, (held_x[:, 1] <= 4) == short
        d, h = report(f"dev {name}", dev_x[dm], dev_y[dm], shipped), report(f"held-out {name}", held_x[hm], held_y[hm], shipped)
        print(f"  {name}: unrelated shown dev {d['unrelated shown']:.3f} held-out {h['unrelated shown']:.3f}; "
              f"related hidden dev {d['related hidden (as unrelated)']:.3f} held-out {h['related hidden (as unrelated)']:.3f}")


if __name__ == "__main__":
    main()
