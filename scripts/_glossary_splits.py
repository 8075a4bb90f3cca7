"""Comparable dev and held-out splits for the glossary evaluation, made from parallel data.

A parallel corpus becomes comparable, as the seed documents are, when most sentences lose their
translation: in every document, sentence j goes to both sides when j % 3 == 0 (the `sparse`
variant: j % 6 == 0, closer to the seeds, whose texts share a handful of sentences), otherwise
to the Kazakh side when j % period is odd and to the Russian side when it is even. The full parallel
pairs stay available to the judge (never to the glossary).

Documents are split once, by name, into a dev part (to develop on) and a held-out part (read only
for the report):
- FLORES-200 devtest: its 281 documents (wikinews, wikivoyage, wikibooks articles) alternate,
  even-numbered ones dev, odd-numbered ones held out;
- govdocs: six government sites for dev, five others held out (the largest sites left out to
  keep a run in minutes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GOVDOCS = {
    "dev": ("akorda", "government", "iak", "prokuror", "text1", "text3"),
    "heldout": ("almaty-gov", "pravstat", "text4", "text5"),
}


@dataclass(frozen=True)
class Split:
    """One comparable split: the texts each side sees and every parallel pair of its documents."""

    name: str
    kk: list[str]
    ru: list[str]
    parallel: list[tuple[str, str]]

    def write(self, folder: Path) -> tuple[Path, Path]:
        """The two sides as one-sentence-per-line files (`NAME.kk.txt`, `NAME.ru.txt`)."""
        folder.mkdir(parents=True, exist_ok=True)
        kk, ru = folder / f"{self.name}.kk.txt", folder / f"{self.name}.ru.txt"
        kk.write_text("\n".join(self.kk) + "\n", encoding="utf-8")
        ru.write_text("\n".join(self.ru) + "\n", encoding="utf-8")
        return kk, ru


def _comparable(name: str, docs: Iterator[list[tuple[str, str]]], period: int) -> Split:
    """Sentence j of a document goes to both sides when j % period == 0, else to the Kazakh
    side when j % period is odd and to the Russian side when it is even."""
    kk: list[str] = []
    ru: list[str] = []
    parallel: list[tuple[str, str]] = []
    for pairs in docs:
        for j, (a, b) in enumerate(pairs):
            parallel.append((a, b))
            if j % period == 0 or j % period % 2:
                kk.append(a)
            if j % period == 0 or not j % period % 2:
                ru.append(b)
    return Split(name, kk, ru, parallel)


PERIODS = {"": 3, "sparse": 6}  # a third of the sentences translated, or a sixth (as the seeds: few)


def flores(part: str, variant: str = "") -> Split | None:
    path = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"
    if not path.exists():
        return None
    docs: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        doc, kk, ru = line.split("\t")
        docs.setdefault(doc, []).append((kk, ru))
    names = sorted(docs)
    keep = names[0::2] if part == "dev" else names[1::2]
    return _comparable("-".join(filter(None, ("flores", part, variant))), (docs[n] for n in keep),
                       PERIODS[variant])


def govdocs(part: str, variant: str = "") -> Split | None:
    folder = DATA / "govdocs"
    if not folder.is_dir():
        return None

    def doc(name: str) -> list[tuple[str, str]]:
        kk = (folder / f"{name}.kk.txt").read_text(encoding="utf-8").splitlines()
        ru = (folder / f"{name}.ru.txt").read_text(encoding="utf-8").splitlines()
        return [(a.strip(), b.strip()) for a, b in zip(kk, ru) if a.strip() and b.strip()]

    return _comparable("-".join(filter(None, ("govdocs", part, variant))), (doc(n) for n in GOVDOCS[part]),
                       PERIODS[variant])


SPLITS = {"flores": flores, "govdocs": govdocs}
