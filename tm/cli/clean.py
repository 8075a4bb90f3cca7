"""`tm clean FILE`: repaired text keeping line breaks, or the list of changes as one JSON list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tm.cli._common import JsonOption, json_document, user_errors, write_output


def register(app: typer.Typer) -> None:
    @app.command("clean")
    def clean(
        file: Annotated[Path, typer.Argument(help="Document to clean: .txt, .md, .docx, .html or .pdf with a text layer.")],
        lang: Annotated[Literal["auto", "kk", "ru"], typer.Option("--lang", help="Language: auto (detected), kk or ru.")] = "auto",
        out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.",
                                                 dir_okay=False)] = None,
        json_: JsonOption = False,
    ) -> None:
        """Repair OCR damage and normalise a document; --json lists every change (one JSON list)."""
        with user_errors():
            from tm.clean import change_records, clean_file
            from tm.progress import job

            with job("clean"):
                cleaned = clean_file(file, lang, progress=True)
            if json_:
                records = change_records(cleaned)
                write_output(out, lambda fh: fh.write(json_document(records)))
            else:
                write_output(out, lambda fh: fh.write(cleaned.text))


