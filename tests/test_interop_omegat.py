"""OmegaT (Debian package `omegat`) run headless on a project holding our TMX and glossaries.

console-translate must fill every exact match from tm/auto/ into target/ with no load error in
its log (OmegaT exits 0 even when it dropped a file), and OmegaT's own TBX and tab-separated
glossary readers (called from a Groovy --script) must load every entry, in both directions.
"""

from __future__ import annotations

import pytest
from formats_helpers import (
    adversarial_entries, adversarial_pairs, check_omegat, flores_pairs, omegat_available, omegat_representable,
)

pytestmark = pytest.mark.skipif(not omegat_available(), reason="OmegaT is not installed (.ci/install-interop.sh)")


def test_omegat_fills_exact_matches_and_loads_glossaries(tmp_path) -> None:
    pairs = adversarial_pairs() + flores_pairs(100)
    entries = adversarial_entries()
    for score in check_omegat(pairs, entries, "adversarial+flores", tmp_path):
        if score.fmt == "tmx":
            source = score.direction[:2]
            representable = [p for p in pairs if omegat_representable(p, source)]
            # a segment of a plain-text file has no line break and no edge spaces
            assert score.correct == len(representable), (score.line(), score.failures[:3])
            assert not [f for f in score.failures if not f.startswith("expected")], score.failures
        else:
            assert score.correct == score.total, (score.line(), score.failures[:3])
