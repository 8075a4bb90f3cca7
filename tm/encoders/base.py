"""The encoder interface: texts in, L2-normalised float32 vectors out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Literal

import numpy as np

Kind = Literal["query", "passage"]

# e5 models are trained with these prefixes; "query: " on both sides is the recipe for
# symmetric tasks (bitext mining, similarity), "passage: " for documents in retrieval.
PREFIXES: dict[str, str] = {"query": "query: ", "passage": "passage: "}


class Encoder(ABC):
    """A multilingual sentence encoder.

    Attributes:
        name: a stable identifier of the model, used as the embedding-cache key.
        dim: the vector size.
    """

    name: str
    dim: int

    @abstractmethod
    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Embed one batch; returns (len(texts), dim) float32, rows L2-normalised."""

    def encode(
        self,
        texts: Sequence[str],
        *,
        kind: Kind = "query",
        batch_size: int = 64,
        progress: bool = False,
    ) -> np.ndarray:
        """Embed `texts` in batches; shows a progress bar on a terminal when `progress`."""
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        from tm.progress import progress_bar

        # texts of similar length share a batch: less padding for backends that pad
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with progress_bar(len(texts), "embedding", enabled=progress) as advance:
            for i in range(0, len(texts), batch_size):
                rows = order[i : i + batch_size]
                out[rows] = self._embed([texts[r] for r in rows], kind)
                advance(len(rows))
        return out


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
