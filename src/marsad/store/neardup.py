"""Near-duplicate documents in the store: an aggregator's copy linked to the original it republishes.

Each stored document keeps its fingerprint (:mod:`marsad.io.dedup`: the hashes of its 5-word shingles,
``documents.fingerprint``) and its 32 LSH band keys (``document_bands``, indexed). A new document's
candidates are the documents sharing a band key (one indexed query), compared exactly on their stored
shingles; no text is re-read. The best one at or above :data:`THRESHOLD` is its match.

Links point to the **root** of a story: a copy of a copy is linked to the first original, so
``coalesce(duplicate_of, doc_id)`` names the story a document tells, and an event's ``source_count`` is
the number of distinct stories among its mentions. The original is the earlier published (the one stored
first when dates are equal or missing); when a new document is published before the root it matched, it
becomes the root and the old story's documents are re-linked to it.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from marsad.io import dedup
from marsad.store.schema import document_bands, documents

THRESHOLD = dedup.DEFAULT_THRESHOLD
_ROWS = dedup.NUM_HASHES // dedup.BANDS


def encode_shingles(shingles: frozenset[int]) -> str:
    """The shingle hashes (unsigned 64-bit), sorted, packed big-endian, base64."""
    ordered = sorted(shingles)
    return base64.b64encode(struct.pack(f">{len(ordered)}Q", *ordered)).decode("ascii")


def decode_shingles(blob: str | None) -> frozenset[int]:
    if not blob:
        return frozenset()
    raw = base64.b64decode(blob)
    return frozenset(struct.unpack(f">{len(raw) // 8}Q", raw))


def band_keys(fp: dedup.Fingerprint) -> list[int]:
    """One stable signed 63-bit key per LSH band (band number and its MinHash rows)."""
    keys = []
    for band in range(dedup.BANDS if fp.minhash else 0):
        rows = fp.minhash[band * _ROWS : (band + 1) * _ROWS]
        blob = struct.pack(f">I{len(rows)}Q", band, *rows)
        keys.append(int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "big") >> 1)
    return keys


@dataclass(frozen=True, slots=True)
class Link:
    """How the document just written relates to the stored ones."""

    duplicate_of: str | None  # the root original's doc_id when the document is a copy
    similarity: float | None
    demoted_root: str | None = None  # a stored root that becomes a copy of this (earlier published) document


_DELETE_BANDS = delete(document_bands).where(document_bands.c.document_id == bindparam("doc_pk"))
_INSERT_BANDS = insert(document_bands)
_SELECT_CANDIDATES = (
    select(documents.c.id, documents.c.doc_id, documents.c.published, documents.c.duplicate_of, documents.c.fingerprint)
    .where(
        documents.c.id.in_(
            select(document_bands.c.document_id).where(document_bands.c.key.in_(bindparam("keys", expanding=True)))
        ),
        documents.c.id != bindparam("doc_pk"),
    )
    .order_by(documents.c.id)
)
_SELECT_DOC = select(documents.c.id, documents.c.doc_id, documents.c.published, documents.c.fingerprint).where(
    documents.c.doc_id == bindparam("ref")
)
_SELECT_STORY = select(documents.c.id, documents.c.fingerprint).where(
    (documents.c.doc_id == bindparam("root")) | (documents.c.duplicate_of == bindparam("root"))
)
_RELINK = (
    update(documents)
    .where(documents.c.id == bindparam("pk"))
    .values(duplicate_of=bindparam("new_root"), duplicate_similarity=bindparam("sim"))
)


def store_bands(conn: Connection, document_pk: int, fp: dedup.Fingerprint, *, replace: bool) -> None:
    if replace:
        conn.execute(_DELETE_BANDS, {"doc_pk": document_pk})
    keys = band_keys(fp)
    if keys:
        conn.execute(_INSERT_BANDS, [{"document_id": document_pk, "band": b, "key": k} for b, k in enumerate(keys)])


def find_link(conn: Connection, document_pk: int, doc_id: str, published: date | None, fp: dedup.Fingerprint) -> Link:
    """The story the new document belongs to (before its own bands are stored or after: it is excluded)."""
    if len(fp.shingles) < dedup.MIN_SHINGLES:
        return Link(None, None)
    rows = conn.execute(_SELECT_CANDIDATES, {"keys": band_keys(fp), "doc_pk": document_pk}).all()
    best: tuple[float, str] | None = None
    for row in rows:
        other = dedup.Fingerprint(decode_shingles(row.fingerprint), ())
        if len(other.shingles) < dedup.MIN_SHINGLES:
            continue
        score = dedup.similarity(fp, other)
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, str(row.duplicate_of or row.doc_id))
    if best is None or best[1] == doc_id:  # no match, or only copies of this very document
        return Link(None, None)
    score, root_id = best
    root = conn.execute(_SELECT_DOC, {"ref": root_id}).first()
    if root is None:
        return Link(None, None)
    root_fp = dedup.Fingerprint(decode_shingles(root.fingerprint), ())
    if published is not None and root.published is not None and published < root.published:
        return Link(None, None, demoted_root=root_id)
    return Link(root_id, round(dedup.similarity(fp, root_fp), 4))


def demote(conn: Connection, old_root: str, new_root: str, fp: dedup.Fingerprint) -> list[int]:
    """Re-link the old root's story (itself and its copies) to ``new_root``; their document ids."""
    story = conn.execute(_SELECT_STORY, {"root": old_root}).all()
    pks = [int(row.id) for row in story]
    params = [
        {
            "pk": pk,
            "new_root": new_root,
            "sim": round(dedup.similarity(fp, dedup.Fingerprint(decode_shingles(row.fingerprint), ())), 4),
        }
        for pk, row in zip(pks, story, strict=True)
    ]
    if params:
        conn.execute(_RELINK, params)
    return pks
