"""Copying a whole TM between backends (`tm copy --from tm.db --to postgresql://...`).

Runs, documents with their edits and segments, pairs with their provenance (documents,
segment indexes, origin, run, creation time), the glossary with statuses and forms, and the
embedding cache are copied in one transaction of the target, ids renumbered there. What the
target holds already is kept: a document, pair or glossary entry it has is not added twice
(a reviewed status in the source wins over an automatic one). Word keys and vector indexes
are the target's own and follow the pairs. Counts are checked before the commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tm.errors import StoreError
from tm.store.base import Store, Tx, returning

_CHUNK = 5000


@dataclass
class CopyReport:
    source: str
    target: str
    copied: dict[str, int] = field(default_factory=dict)  # rows added to the target, per table
    present: dict[str, int] = field(default_factory=dict)  # rows in the target afterwards

    def to_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "copied": self.copied, "present": self.present}


def copy_store(source: str, target: str) -> CopyReport:
    """Copy the TM at `source` into `target` (created when it is a new file)."""
    if str(source) == str(target):
        raise StoreError(f"{source}: --from and --to are the same database; pass another --to")
    with Store(source, create=False) as src, Store(target) as dst:
        report = CopyReport(src.location, dst.location)
        with dst.transaction() as db:
            _Copy(src, dst, db, report).run()
        from tm.search.index import ensure_keys

        ensure_keys(dst)
        report.present = {t: dst.count(t) for t in ("documents", "pairs", "glossary")}
    return report


def _rows(store: Store, table: str, columns: list[str]) -> Iterator[Any]:
    """Every row of `table` in id order, read a chunk at a time."""
    last = 0
    cols = ", ".join(f'"{c}"' for c in columns)
    while True:
        chunk = store.execute(f"SELECT id, {cols} FROM {table} WHERE id > ? ORDER BY id LIMIT ?",
                              (last, _CHUNK)).fetchall()
        if not chunk:
            return
        yield from chunk
        last = chunk[-1][0]


class _Copy:
    def __init__(self, src: Store, dst: Store, db: Tx, report: CopyReport) -> None:
        self.src, self.dst, self.db, self.report = src, dst, db, report
        self.ids: dict[str, dict[int, int]] = {"runs": {}, "documents": {}, "pairs": {}}

    def columns(self, table: str) -> list[str]:
        """The columns both databases have (a newer schema's extra columns stay behind)."""
        mine = set(self.dst.columns(table))
        return [c for c in self.src.columns(table) if c in mine and c not in {"id", "seq"}]

    def run(self) -> None:
        self.runs()
        self.documents()
        self.pairs()
        self.glossary()
        self.embeddings()
        self.check()

    def check(self) -> None:
        """Every document, pair and glossary entry of the source is in the target."""
        for table in ("documents", "pairs", "glossary"):
            have = int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            want = self.src.count(table)
            if have < want:
                raise StoreError(f"{self.report.target}: {table} holds {have} rows after the copy, the "
                                 f"source {want}; nothing was written, try again")

    def _insert(self, table: str, columns: list[str], values: list[Any], conflict: str = "") -> int | None:
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        return returning(self.db, f"INSERT INTO {table}({cols}) VALUES ({marks}) {conflict} RETURNING id", values)

    def runs(self) -> None:
        cols = self.columns("runs")
        for row in _rows(self.src, "runs", cols):
            self.ids["runs"][row[0]] = int(self._insert("runs", cols, list(row[1:])))
        self.report.copied["runs"] = len(self.ids["runs"])

    def documents(self) -> None:
        cols = self.columns("documents")
        added = 0
        for row in _rows(self.src, "documents", cols):
            values = dict(zip(cols, row[1:]))
            values["run_id"] = self.ids["runs"].get(values.get("run_id"))
            new = self._insert("documents", cols, [values[c] for c in cols], "ON CONFLICT DO NOTHING")
            if new is None:
                self.ids["documents"][row[0]] = int(self.db.execute(
                    "SELECT id FROM documents WHERE sha256 = ? AND lang = ?",
                    (values["sha256"], values["lang"])).fetchone()[0])
                continue
            self.ids["documents"][row[0]] = new
            added += 1
            for table in ("edits", "segments"):
                sub = [c for c in self.columns(table) if c != "doc_id"]
                rows = self.src.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in sub)} FROM {table} "
                                        "WHERE doc_id = ? ORDER BY id", (row[0],)).fetchall()
                self.db.executemany(
                    f"INSERT INTO {table}(doc_id, {', '.join(chr(34) + c + chr(34) for c in sub)}) "
                    f"VALUES (?, {', '.join('?' * len(sub))})", [(new, *r) for r in rows])
        self.report.copied["documents"] = added

    def pairs(self) -> None:
        cols = self.columns("pairs")
        added = seen = 0
        for row in _rows(self.src, "pairs", cols):
            seen += 1
            values = dict(zip(cols, row[1:]))
            for col, table in (("kk_doc", "documents"), ("ru_doc", "documents"), ("run_id", "runs")):
                values[col] = self.ids[table].get(values.get(col))
            new = self._insert("pairs", cols, [values[c] for c in cols], "ON CONFLICT DO NOTHING")
            if new is None:
                new = int(self.db.execute(
                    "SELECT id FROM pairs WHERE kk = ? AND ru = ? AND coalesce(kk_doc, 0) = ? "
                    "AND coalesce(ru_doc, 0) = ?",
                    (values["kk"], values["ru"], values["kk_doc"] or 0, values["ru_doc"] or 0)).fetchone()[0])
            else:
                added += 1
            self.ids["pairs"][row[0]] = new
        if len(self.ids["pairs"]) != seen:
            raise StoreError(f"{self.report.target}: copied {len(self.ids['pairs'])} of {seen} pairs; "
                             "nothing was written, try again")
        self.report.copied["pairs"] = added

    def glossary(self) -> None:
        cols = self.columns("glossary")
        form_cols = [c for c in self.columns("glossary_forms") if c != "entry_id"]
        added = 0
        for row in _rows(self.src, "glossary", cols):
            values = dict(zip(cols, row[1:]))
            values["example_pair"] = self.ids["pairs"].get(values.get("example_pair"))
            new = self._insert("glossary", cols, [values[c] for c in cols], "ON CONFLICT DO NOTHING")
            if new is None:
                if values["status"] != "auto":
                    self.db.execute("UPDATE glossary SET status = ?, updated = ? WHERE kk = ? AND ru = ?",
                                    (values["status"], values["updated"], values["kk"], values["ru"]))
                continue
            added += 1
            forms = self.src.execute(
                f"SELECT {', '.join(form_cols)} FROM glossary_forms WHERE entry_id = ? "
                f"ORDER BY {self.src._insert_order}", (row[0],)).fetchall()
            self.db.executemany(f"INSERT INTO glossary_forms(entry_id, {', '.join(form_cols)}) "
                                f"VALUES (?, {', '.join('?' * len(form_cols))})", [(new, *f) for f in forms])
        self.report.copied["glossary"] = added

    def embeddings(self) -> None:
        added = 0
        models = [r[0] for r in self.src.execute("SELECT DISTINCT model FROM embeddings").fetchall()]
        for model in models:
            last = b""
            while True:
                chunk = self.src.execute(
                    "SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash > ? "
                    "ORDER BY text_hash LIMIT ?", (model, last, _CHUNK)).fetchall()
                if not chunk:
                    break
                rows = [(model, bytes(h), bytes(v)) for h, v in chunk]
                self.db.executemany("INSERT INTO embeddings(model, text_hash, vector) VALUES (?, ?, ?) "
                                    "ON CONFLICT DO NOTHING", rows)
                added += len(rows)
                last = bytes(chunk[-1][0])
        self.report.copied["embeddings"] = added
