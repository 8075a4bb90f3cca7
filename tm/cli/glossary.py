"""`tm glossary` (build and write the term glossary) and `tm term` (look a term up)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tm.cli._common import DEFAULT_DB_PATH, DbOption, JsonOption, fail, print_json, user_errors, write_output



def glossary(
    db: DbOption = DEFAULT_DB_PATH,
    fmt: Annotated[Literal["tsv", "tbx", "omegat", "csv", "json"], typer.Option(
        "--format", help="tsv, tbx (TBX-Basic v2, read by OmegaT), omegat, csv (memoQ/MultiTerm) or json.")] = "tsv",
    out: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout).", dir_okay=False)] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild from the TM's pairs; approved and rejected entries are kept.")] = False,
    approve: Annotated[list[str] | None, typer.Option("--approve", metavar="KK=RU", help="Mark KK=RU approved (added if absent); repeatable.")] = None,
    reject: Annotated[list[str] | None, typer.Option("--reject", metavar="KK=RU", help="Mark KK=RU rejected: never exported nor rebuilt as auto; repeatable.")] = None,
    review: Annotated[Path | None, typer.Option("--review", help="TSV of decisions (kk, ru, status) to apply before writing.", exists=False, dir_okay=False)] = None,
    show_all: Annotated[bool, typer.Option("--all", help="With --format json: also the junk kept out of the glossary, with the reason.")] = False,
) -> None:
    """Build the glossary when it is empty (or with --rebuild) and write it, best terms first."""
    from tm.glossary.build import apply_review, build_glossary, glossary_entries, set_status
    from tm.store import Store

    with user_errors(), Store(db, create=False) as store:
        if rebuild or store.count("glossary") == 0:
            from tm.progress import job

            with job("glossary"):
                report = build_glossary(store)
            _echo_report(report)
        if review is not None:
            applied = apply_review(store, review)
            typer.echo(f"review: {len(applied)} decisions from {review}", err=True)
        for status, items in (("approved", approve or []), ("rejected", reject or [])):
            for item in items:
                kk, _, ru = item.partition("=")
                entry = set_status(store, kk, ru, status)
                typer.echo(f"{status}: {entry.kk} = {entry.ru}", err=True)
        if (approve or reject or review) and not rebuild and out is None:
            return
        entries = glossary_entries(store, include_junk=show_all and fmt == "json")
        write_output(out, lambda fh: _write(fmt, entries, fh))


def _echo_report(report) -> None:  # noqa: ANN001
    typer.echo(f"glossary: {report.entries} entries ({report.junk} junk kept out) from {report.pairs} "
               f"pairs and {report.texts_kk}+{report.texts_ru} texts ({report.kept_reviewed} reviewed "
               f"kept), {report.seconds:.1f} s", err=True)


def _write(fmt: str, entries, fh) -> None:  # noqa: ANN001
    if fmt == "json":
        import json

        fh.write(json.dumps([_entry_json(e) for e in entries], ensure_ascii=False, indent=1) + "\n")
        return
    from tm.formats import write_glossary

    write_glossary(fmt, entries, fh)  # type: ignore[arg-type]


def _entry_json(e, matched: str | None = None) -> dict:  # noqa: ANN001
    d = {"kk": e.kk, "ru": e.ru, "score": e.score, "status": e.status, "kk_freq": e.kk_freq,
         "ru_freq": e.ru_freq, "example_kk": e.example_kk, "example_ru": e.example_ru,
         "kk_forms": list(e.kk_forms), "ru_forms": list(e.ru_forms), "evidence": e.evidence}
    if e.junk:
        d["junk"] = e.junk
    if matched is not None:
        d["matched"] = matched
    return d


def term(
    query: Annotated[str, typer.Argument(help="A term in any inflected form, or a sentence containing terms.")],
    db: DbOption = DEFAULT_DB_PATH,
    json_out: JsonOption = False,
) -> None:
    """Glossary entries whose kk or ru term occurs in QUERY in any inflected form, best first
    (the glossary is built first when the TM has none yet)."""
    from tm.glossary.lookup import lookup
    from tm.store import Store

    with user_errors(), Store(db, create=False) as store:
        hits = lookup(store, query, on_build=_echo_report)
    if json_out:
        print_json([{**_entry_json(h.entry, h.matched), "lang": h.lang} for h in hits])
        return
    if not hits:
        raise fail(f"no glossary term in {query!r}; try another form or a shorter phrase, "
                   "or list the glossary with `tm glossary`")
    for h in hits:
        typer.echo(f"{h.matched}\t{h.entry.kk} = {h.entry.ru}\t{h.entry.score:.2f}\t{h.entry.status}")


def register(app: typer.Typer) -> None:
    app.command()(glossary)
    app.command()(term)
