"""Arabic normalisation for matching, kept beside the original text with an offset map.

The original text is never changed: :func:`normalize` returns a :class:`NormalizedText` whose
``norm`` is the matching form and whose offset map sends any span of ``norm`` back to the exact
span of the original it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

METHOD_ID = "text.normalize.v1"

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, tatweel and invisible format
# characters carry no identity for matching and are dropped.
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u06e1", "\u06ed"]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u061c",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\ufeff",
        "\u00ad",
    ]
)

_MAP: dict[str, str] = {
    # alef and hamza seats
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    # alef maqsura, teh marbuta, Persian/Urdu letter forms
    "ى": "ي",
    "ة": "ه",
    "ی": "ي",
    "ي": "ي",
    "ک": "ك",
    "ڪ": "ك",
    "ۀ": "ه",
    "ھ": "ه",
    "ە": "ه",
    # punctuation
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "٫": ".",
    "٬": ",",
    "۔": ".",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Eastern Arabic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits


def normalize_char(ch: str) -> str:
    """The matching form of one character: '' when dropped, else one character."""
    if ch in _DROP:
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    return ch.lower() if ch.isascii() else ch


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised copy of ``original`` with a map back to original offsets.

    ``offsets[i]`` is the index in ``original`` of the character that produced ``norm[i]``;
    one extra entry at the end holds ``len(original)``.
    """

    original: str
    norm: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``norm`` to the half-open span of ``original`` it covers."""
        if not 0 <= start <= end <= len(self.norm):
            raise ValueError(f"span ({start}, {end}) outside normalised text of length {len(self.norm)}")
        if start == end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


_TABLE: dict[int, str | None] = {ord(ch): None for ch in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items()})
_TABLE.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching; every output character maps to one original character."""
    norm = text.translate(_TABLE)
    if len(norm) == len(text):
        offsets: tuple[int, ...] = tuple(range(len(text) + 1))
    else:
        drop = _DROP
        offsets = (*(i for i, ch in enumerate(text) if ch not in drop), len(text))
    return NormalizedText(text, norm, offsets)


def normalize_key(text: str) -> str:
    """The normalised form of a dictionary key: matching form with runs of whitespace collapsed."""
    return " ".join(text.translate(_TABLE).split())


def key_set(words: Iterable[str]) -> frozenset[str]:
    """A word set in matching form (أ/إ/آ → ا, ة → ه, ى → ي ...), as tokens' ``norm`` is."""
    return frozenset(normalize_key(w) for w in words)
