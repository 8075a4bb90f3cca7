"""Letters that tell Kazakh Cyrillic from Russian: one definition for every stage."""

from __future__ import annotations

KAZAKH_LOWER = "әғқңөұүһі"
KAZAKH_LETTERS = frozenset(KAZAKH_LOWER + KAZAKH_LOWER.upper())
