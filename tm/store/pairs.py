"""Reading and writing pairs in the store (any backend)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tm.store.base import Store
from tm.store.records import PairRecord, UnalignedSegment


def add_pairs(
    store: Store,
    pairs: Iterable[PairRecord],
    *,
    kk_doc_id: int | None = None,
    ru_doc_id: int | None = None,
    segs: Iterable[tuple[list[int], list[int]]] | None = None,
    run_id: int | None = None,
) -> int:
    """Insert pairs in one transaction; a pair already present is skipped. Returns how many were new."""
    return store.add_pairs(pairs, kk_doc_id=kk_doc_id, ru_doc_id=ru_doc_id, segs=segs, run_id=run_id)


def iter_pairs(store: Store, *, min_score: float = 0.0) -> Iterator[PairRecord]:
    """All pairs with score >= `min_score`, in document and segment order."""
    return store.iter_pairs(min_score=min_score)


def pairs_by_id(store: Store, ids: Iterable[int]) -> dict[int, PairRecord]:
    """The pairs with these ids still present, keyed by id."""
    return store.pairs_by_id(sorted(set(ids)))


def source_names(store: Store) -> list[str]:
    """The names pairs can come from: document names and the files pairs were imported from."""
    return store.source_names()


def pair_originals(store: Store, pair_id: int) -> tuple[str, str]:
    """The kk and ru texts of a pair as its documents had them before cleaning (OCR repair)."""
    return store.pair_originals(pair_id)


def count_pairs(store: Store, *, below: float) -> int:
    """How many pairs score under `below`."""
    return store.count_pairs(below=below)


def unaligned_segments(store: Store, doc_ids: Iterable[int] | None = None) -> list[UnalignedSegment]:
    """The Kazakh and Russian segments of the documents (`doc_ids`, default all) in no pair."""
    return store.unaligned_segments(doc_ids)
