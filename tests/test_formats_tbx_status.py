"""TBX statuses say only what is known: an entry nobody reviewed is not marked admitted.

TBX-Basic's administrativeStatus has four values (preferred, admitted, deprecated, superseded)
and none means "proposed", so an unreviewed entry gets no status and a `status: proposed` note."""

from __future__ import annotations

import io

import pytest
from formats_helpers import REAL_ENTRIES, fixed_clock

from tm.formats import write_glossary
from tm.formats.tbx import read


@pytest.mark.parametrize("fmt", ["tbx", "tbx3"])
def test_unreviewed_entries_are_proposed_not_admitted(tmp_path, fmt: str) -> None:
    approved, auto = REAL_ENTRIES
    assert (approved.status, auto.status) == ("approved", "auto")
    buffer = io.StringIO()
    write_glossary(fmt, REAL_ENTRIES, buffer, clock=fixed_clock)  # type: ignore[arg-type]
    text = buffer.getvalue()
    assert "admittedTerm" not in text
    assert text.count("preferredTerm-admn-sts") == 2  # the approved entry, both languages
    assert text.count("; status: proposed") == 1
    path = tmp_path / "g.tbx"
    path.write_text(text, encoding="utf-8")
    assert [e.status for e in read(path)] == ["approved", "auto"]
