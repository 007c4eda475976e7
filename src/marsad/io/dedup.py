"""Near-duplicate reports: a republished copy (an aggregator's) linked to its original.

Texts are normalised (:func:`marsad.text.normalize.normalize_key`), cut into words and then into
overlapping word shingles (5 words). A 128-value MinHash of the shingle set, split into 32 bands of
4, finds candidate pairs (LSH); candidates are then compared exactly on their shingle sets. The
similarity is the larger of Jaccard and containment of the shorter text in the longer one, so an
aggregator that adds a header or cuts the last paragraph still matches. Two reports of the same event
written by different people share names and places but hardly any 5-word run, and stay apart.

The original is the earlier published of the two (the one seen first when dates are equal or missing).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from marsad.text.normalize import normalize_key

SHINGLE_WORDS = 5
NUM_HASHES = 128
BANDS = 32
DEFAULT_THRESHOLD = 0.6
MIN_SHINGLES = 8  # shorter texts are not compared: too little to tell a copy from a coincidence
_ROWS = NUM_HASHES // BANDS
_MERSENNE = (1 << 61) - 1
_WORD = re.compile(r"\w+")


def _seeds() -> tuple[tuple[int, int], ...]:
    out = []
    for k in range(NUM_HASHES):
        digest = hashlib.blake2b(f"marsad-minhash-{k}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "big") % _MERSENNE or 1
        b = int.from_bytes(digest[8:], "big") % _MERSENNE
        out.append((a, b))
    return tuple(out)


_PERMUTATIONS = _seeds()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's shingle hashes and their MinHash signature (both plain ints: storable as they are)."""

    shingles: frozenset[int]
    minhash: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """``doc_id`` is a near-copy of ``original_id`` (similarity 0–1)."""

    doc_id: str
    original_id: str
    similarity: float


@dataclass(frozen=True, slots=True)
class DedupItem:
    doc_id: str
    text: str
    published: date | None = None


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def words(text: str) -> list[str]:
    return _WORD.findall(normalize_key(text))


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of one text."""
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        grams = {" ".join(tokens)} if tokens else set()
    else:
        grams = {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    shingles = frozenset(_hash(g) for g in grams)
    if not shingles:
        return Fingerprint(shingles, ())
    minhash = tuple(min((a * s + b) % _MERSENNE for s in shingles) for a, b in _PERMUTATIONS)
    return Fingerprint(shingles, minhash)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """max(Jaccard, containment of the smaller shingle set in the larger); 0 for empty texts."""
    if not a.shingles or not b.shingles:
        return 0.0
    common = len(a.shingles & b.shingles)
    jaccard = common / len(a.shingles | b.shingles)
    containment = common / min(len(a.shingles), len(b.shingles))
    return max(jaccard, containment)


@dataclass(slots=True)
class _Entry:
    doc_id: str
    fp: Fingerprint
    published: date | None
    order: int


@dataclass(slots=True)
class NearDuplicateIndex:
    """Documents added one by one; :meth:`add` answers with a link when the new one copies an earlier one.

    When the new document is the earlier published, the link points the other way (the stored one is
    the copy); callers record the link as given.
    """

    threshold: float = DEFAULT_THRESHOLD
    _entries: dict[str, _Entry] = field(default_factory=dict)
    _buckets: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, doc_id: str, text: str, *, published: date | None = None) -> DuplicateLink | None:
        return self.add_fingerprint(doc_id, fingerprint(text), published=published)

    def add_fingerprint(self, doc_id: str, fp: Fingerprint, *, published: date | None = None) -> DuplicateLink | None:
        """Like :meth:`add` for a fingerprint computed (and perhaps stored) earlier."""
        link = self.match(doc_id, fp, published=published)
        entry = _Entry(doc_id, fp, published, len(self._entries))
        self._entries[doc_id] = entry
        for key in _band_keys(fp):
            self._buckets.setdefault(key, []).append(doc_id)
        return link

    def match(self, doc_id: str, fp: Fingerprint, *, published: date | None = None) -> DuplicateLink | None:
        """The best link between ``fp`` and an indexed document, without adding it."""
        if len(fp.shingles) < MIN_SHINGLES:
            return None
        best: tuple[float, _Entry] | None = None
        seen: set[str] = set()
        for key in _band_keys(fp):
            for other_id in self._buckets.get(key, ()):
                if other_id in seen or other_id == doc_id:
                    continue
                seen.add(other_id)
                other = self._entries[other_id]
                if len(other.fp.shingles) < MIN_SHINGLES:
                    continue
                score = similarity(fp, other.fp)
                if score >= self.threshold and (best is None or score > best[0]):
                    best = (score, other)
        if best is None:
            return None
        score, other = best
        new_is_original = published is not None and other.published is not None and published < other.published
        if new_is_original:
            return DuplicateLink(other.doc_id, doc_id, round(score, 4))
        return DuplicateLink(doc_id, other.doc_id, round(score, 4))


def _band_keys(fp: Fingerprint) -> list[tuple[int, int]]:
    if not fp.minhash:
        return []
    return [(band, hash(fp.minhash[band * _ROWS : (band + 1) * _ROWS])) for band in range(BANDS)]


def find_near_duplicates(items: Iterable[DedupItem], *, threshold: float = DEFAULT_THRESHOLD) -> list[DuplicateLink]:
    """Links among ``items``: each copy to its original (earliest published, then first given)."""
    ordered = sorted(enumerate(items), key=lambda p: (p[1].published is None, p[1].published or date.min, p[0]))
    index = NearDuplicateIndex(threshold=threshold)
    links: list[DuplicateLink] = []
    for _, item in ordered:
        link = index.add(item.doc_id, item.text, published=item.published)
        if link is not None:
            links.append(link)
    return links
