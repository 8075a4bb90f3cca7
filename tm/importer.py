"""Import of existing translation memories (TMX 1.1/1.4, TSV, JSONL) into the store.

Reading is `tm.formats.read_pairs` (it reports units it skipped and repairs it made); this
module writes the pairs in one transaction, so a failed import leaves the TM as it was, and
counts pairs whose texts the TM already holds (from this file imported before, or aligned) as
duplicates instead of adding them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import InputError
from tm.formats import Problem, read_pairs
from tm.store import Store, now
from tm.store.records import PairRecord


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
    records = []
    for unit in result.units:
        kk, ru = unit.kk.strip(), unit.ru.strip()
        score = unit.score
        if not 0.0 <= score <= 1.0:
            report.warnings.append(Problem(
                f"{path}", f"score {score:g} of pair {kk[:30]!r} is outside 0-1; clamped"))
            score = min(1.0, max(0.0, score))
        raw = _number(unit.props.get("raw_score"))
        records.append(PairRecord(kk, ru, float(score), unit.method or "import", origin=path.name,
                                  created=unit.created or created, kk_doc=unit.kk_doc, ru_doc=unit.ru_doc,
                                  kk_lines=unit.kk_lines, ru_lines=unit.ru_lines,
                                  props={} if raw is None else {"raw_score": raw}))
    report.imported = store.import_pairs(
        f"import {path.name}", records,
        {"skipped": len(report.skipped), "warnings": len(report.warnings)})
    report.duplicates = len(records) - report.imported
    from tm.search.index import ensure_keys

    ensure_keys(store)
    return report


def _number(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
