"""Reading and writing pairs in the store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from tm.store import Store, now
from tm.store.records import PairRecord


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
       kd.name AS kk_name, rd.name AS ru_name
FROM pairs p
LEFT JOIN documents kd ON kd.id = p.kk_doc
LEFT JOIN documents rd ON rd.id = p.ru_doc
"""


def _lines(store: Store, doc_id: int | None, segs_json: str) -> tuple[int, ...]:
    idx = json.loads(segs_json)
    if doc_id is None or not idx:
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
        kk_lines=_lines(store, row["kk_doc_id"], row["kk_segs"]),
        ru_lines=_lines(store, row["ru_doc_id"], row["ru_segs"]),
        created=row["created"], origin=row["origin"] or "", props=props,
    )


def iter_pairs(store: Store, *, min_score: float = 0.0) -> Iterator[PairRecord]:
    """All pairs with score >= `min_score`, in document and segment order."""
    rows = store.db.execute(
        _PAIR_SQL + " WHERE p.score >= ? ORDER BY p.kk_doc, p.ru_doc, p.id", (min_score,)
    )
    for row in rows:
        yield row_to_record(store, row)


def pairs_by_id(store: Store, ids: Iterable[int]) -> dict[int, PairRecord]:
    """The pairs with these ids (missing ids are left out), keyed by id."""
    wanted = json.dumps(sorted(set(ids)))
    rows = store.db.execute(_PAIR_SQL + " WHERE p.id IN (SELECT value FROM json_each(?))", (wanted,))
    return {row["id"]: row_to_record(store, row) for row in rows}


def source_names(store: Store) -> list[str]:
    """The names pairs can come from: document names and the files pairs were imported from."""
    rows = store.db.execute(
        "SELECT name FROM documents UNION SELECT origin FROM pairs WHERE origin IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows if r[0]]


def pair_originals(store: Store, pair_id: int) -> tuple[str, str]:
    """The kk and ru texts of a pair as its documents had them before cleaning (OCR repair);
    "" for a side without document segments (imported pairs)."""
    row = store.db.execute("SELECT kk_doc, ru_doc, kk_segs, ru_segs FROM pairs WHERE id = ?",
                           (pair_id,)).fetchone()
    if row is None:
        return "", ""
    out = []
    for doc, segs in ((row["kk_doc"], row["kk_segs"]), (row["ru_doc"], row["ru_segs"])):
        idx = json.loads(segs)
        texts = store.db.execute(
            "SELECT original FROM segments WHERE doc_id = ? AND idx IN (SELECT value FROM json_each(?)) "
            "ORDER BY idx", (doc, json.dumps(idx))).fetchall() if doc is not None and idx else []
        out.append(" ".join(t[0] for t in texts))
    return out[0], out[1]
