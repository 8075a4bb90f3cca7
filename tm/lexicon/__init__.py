"""Offline lexicons: Kazakh word forms (hunspell kk_KZ + suffix stripping + learned words)."""

from __future__ import annotations

from tm.lexicon.kazakh import Analysis, KazakhLexicon, load_kazakh_lexicon

__all__ = ["Analysis", "KazakhLexicon", "load_kazakh_lexicon"]
