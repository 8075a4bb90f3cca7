"""`tm clean FILE`: repaired text keeping line breaks, or the list of changes as JSON lines."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tm.cli._common import JsonOption, user_errors, write_output


def register(app: typer.Typer) -> None:
    @app.command("clean")
    def clean(
        file: Annotated[Path, typer.Argument(help="Text file to clean (.txt, .md).")],
        lang: Annotated[str, typer.Option("--lang", help="auto, kk or ru.")] = "auto",
        out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.",
                                                 dir_okay=False)] = None,
        json_: JsonOption = False,
    ) -> None:
        """Repair OCR damage and normalise a document; --json lists every change."""
        if lang not in ("auto", "kk", "ru"):
            raise typer.BadParameter(f"{lang!r} is not one of auto, kk, ru", param_hint="--lang")
        with user_errors():
            from tm.clean import change_records, clean_file
            from tm.progress import job

            with job("clean"):
                cleaned = clean_file(file, lang, progress=True)  # type: ignore[arg-type]
            if json_:
                import json

                records = change_records(cleaned)
                write_output(out, lambda fh: fh.writelines(
                    json.dumps(r, ensure_ascii=False) + "\n" for r in records))
            else:
                write_output(out, lambda fh: fh.write(cleaned.text))


