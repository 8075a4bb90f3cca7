"""Translate Toolkit (PyPI `translate-toolkit`) reads our TMX and TBX v2 in the right direction."""

from __future__ import annotations

import pytest
from formats_helpers import adversarial_entries, adversarial_pairs, check_translate_toolkit, flores_pairs

pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is not installed (pip install -e '.[test]')")


def test_translate_toolkit_reads_every_unit_both_directions() -> None:
    pairs = adversarial_pairs() + flores_pairs(200)
    entries = adversarial_entries()
    scores = check_translate_toolkit(pairs, entries, "adversarial+flores")
    assert len(scores) == 10
    for score in scores:
        assert score.correct == score.total, (score.line(), score.failures[:3])
