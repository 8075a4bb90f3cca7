"""Reading and writing pairs in the store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from tm.store import Store, now
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
    created = now()
    seg_list = list(segs) if segs is not None else None
    added = 0
    with store.transaction() as db:
        for i, p in enumerate(pairs):
            kk_segs, ru_segs = seg_list[i] if seg_list is not None else ([], [])
            cur = db.execute(
                "INSERT OR IGNORE INTO pairs(kk, ru, score, raw_score, method, kk_doc, ru_doc, "
                "kk_segs, ru_segs, origin, created, run_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    p.kk, p.ru, float(p.score), p.props.get("raw_score"), p.method,
                    kk_doc_id, ru_doc_id, json.dumps(kk_segs), json.dumps(ru_segs),
                    p.origin or None, p.created or created, run_id,
                ),
            )
            added += cur.rowcount
    return added


_PAIR_SQL = """
SELECT p.id, p.kk, p.ru, p.score, p.raw_score, p.method, p.kk_segs, p.ru_segs, p.origin,
       p.created, p.kk_doc AS kk_doc_id, p.ru_doc AS ru_doc_id,
       coalesce(kd.name, p.kk_source) AS kk_name, coalesce(rd.name, p.ru_source) AS ru_name,
       p.kk_source_lines, p.ru_source_lines
FROM pairs p
LEFT JOIN documents kd ON kd.id = p.kk_doc
LEFT JOIN documents rd ON rd.id = p.ru_doc
"""


def _lines(store: Store, doc_id: int | None, segs_json: str, imported: str | None) -> tuple[int, ...]:
    """The source lines of a pair side: from its segments, or as the file it was imported from said."""
    if doc_id is None:
        return tuple(json.loads(imported)) if imported else ()
    idx = json.loads(segs_json)
    if not idx:
        return ()
    marks = ",".join("?" * len(idx))
    rows = store.db.execute(
        f"SELECT line_first, line_last FROM segments WHERE doc_id = ? AND idx IN ({marks})",
        [doc_id, *idx],
    ).fetchall()
    lines: set[int] = set()
    for first, last in rows:
        lines.update(range(first, last + 1))
    return tuple(sorted(lines))


def row_to_record(store: Store, row) -> PairRecord:  # noqa: ANN001 - sqlite3.Row
    props = {}
    if row["raw_score"] is not None:
        props["raw_score"] = row["raw_score"]
    return PairRecord(
        id=row["id"], kk=row["kk"], ru=row["ru"], score=row["score"], method=row["method"],
        kk_doc=row["kk_name"] or "", ru_doc=row["ru_name"] or "",
        kk_lines=_lines(store, row["kk_doc_id"], row["kk_segs"], row["kk_source_lines"]),
        ru_lines=_lines(store, row["ru_doc_id"], row["ru_segs"], row["ru_source_lines"]),
        created=row["created"], origin=row["origin"] or "", props=props,
    )


def iter_pairs(store: Store, *, min_score: float = 0.0) -> Iterator[PairRecord]:
    """All pairs with score >= `min_score`, in document and segment order."""
    rows = store.db.execute(
        _PAIR_SQL + " WHERE p.score >= ? ORDER BY p.kk_doc, p.ru_doc, p.id", (min_score,)
    )
    for row in rows:
        yield row_to_record(store, row)


def count_pairs(store: Store, *, below: float) -> int:
    """How many pairs score under `below`."""
    return int(store.db.execute("SELECT count(*) FROM pairs WHERE score < ?", (below,)).fetchone()[0])


_UNALIGNED_SQL = """
WITH used(doc, idx) AS (
    SELECT p.kk_doc, j.value FROM pairs p, json_each(p.kk_segs) j WHERE p.kk_doc IS NOT NULL
    UNION
    SELECT p.ru_doc, j.value FROM pairs p, json_each(p.ru_segs) j WHERE p.ru_doc IS NOT NULL
)
SELECT d.name, d.lang, s.idx, s.line_first, s.line_last, s.text
FROM segments s JOIN documents d ON d.id = s.doc_id
WHERE s.lang IN ('kk', 'ru') AND {docs}
  AND NOT EXISTS (SELECT 1 FROM used u WHERE u.doc = s.doc_id AND u.idx = s.idx)
ORDER BY d.id, s.idx
"""


def unaligned_segments(store: Store, doc_ids: Iterable[int] | None = None) -> list[UnalignedSegment]:
    """The Kazakh and Russian segments of the documents (`doc_ids`, default all) in no pair.

    Segments in a third language are left out: they are kept but never aligned."""
    ids = None if doc_ids is None else sorted(set(doc_ids))
    docs = "1" if ids is None else "s.doc_id IN (SELECT value FROM json_each(?))"
    rows = store.db.execute(_UNALIGNED_SQL.format(docs=docs), () if ids is None else (json.dumps(ids),))
    return [UnalignedSegment(r[0], r[1], r[2], tuple(range(r[3], r[4] + 1)), r[5]) for r in rows]
