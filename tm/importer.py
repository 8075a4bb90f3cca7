"""Import of existing translation memories (TMX 1.1/1.4, TSV, JSONL) into the store.

Reading is `tm.formats.read_pairs` (it reports units it skipped and repairs it made); this
module writes the pairs in one transaction, so a failed import leaves the TM as it was, and
counts pairs whose texts the TM already holds (from this file imported before, or aligned) as
duplicates instead of adding them again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError
from tm.formats import Problem, read_pairs
from tm.store import Store, now


@dataclass
class ImportReport:
    """What an import did: pairs added, pairs already present, units skipped and repairs."""

    path: Path
    imported: int = 0
    duplicates: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "file": str(self.path), "imported": self.imported, "duplicates": self.duplicates,
            "skipped": [{"where": p.where, "reason": p.reason} for p in self.skipped],
            "warnings": [{"where": p.where, "reason": p.reason} for p in self.warnings],
        }


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; pass a .tmx, .tsv or .jsonl file")


def import_file(store: Store, path: str | Path) -> ImportReport:
    """Add the kk-ru pairs of `path` to `store` (origin = the file name), with the provenance the
    file carries: method, score, document names and line numbers (a TMX from `tm export`)."""
    path = Path(path)
    _check_path(path)
    result = read_pairs(path)
    report = ImportReport(path, skipped=list(result.skipped), warnings=list(result.warnings))
    created = now()
    with store.transaction() as db:
        run_id = db.execute(
            "INSERT INTO runs(command, started) VALUES (?, ?)", (f"import {path.name}", created)
        ).lastrowid
        for unit in result.units:
            kk, ru = unit.kk.strip(), unit.ru.strip()
            if db.execute("SELECT 1 FROM pairs WHERE kk = ? AND ru = ? LIMIT 1", (kk, ru)).fetchone():
                report.duplicates += 1
                continue
            score = unit.score
            if not 0.0 <= score <= 1.0:
                report.warnings.append(Problem(
                    f"{path}", f"score {score:g} of pair {kk[:30]!r} is outside 0-1; clamped"))
                score = min(1.0, max(0.0, score))
            raw = unit.props.get("raw_score")
            db.execute(
                "INSERT INTO pairs(kk, ru, score, raw_score, method, origin, created, run_id, "
                "kk_source, ru_source, kk_source_lines, ru_source_lines) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (kk, ru, float(score), _number(raw), unit.method or "import", path.name,
                 unit.created or created, run_id, unit.kk_doc or None, unit.ru_doc or None,
                 json.dumps(list(unit.kk_lines)) if unit.kk_lines else None,
                 json.dumps(list(unit.ru_lines)) if unit.ru_lines else None),
            )
            report.imported += 1
        summary = {"imported": report.imported, "duplicates": report.duplicates,
                   "skipped": len(report.skipped), "warnings": len(report.warnings)}
        db.execute("UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                   (now(), json.dumps(summary), run_id))
    from tm.search.index import ensure_keys

    ensure_keys(store)
    return report


def _number(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
