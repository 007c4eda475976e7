"""Full-text search over normalised Arabic.

Each event mention keeps a shadow column ``search_norm``: its evidence sentence with every word in
matching form (:func:`marsad.text.normalize.normalize_key`: no diacritics or tatweel, one alef, ى→ي,
ة→ه) and, beside it, the word without its proclitics and article, plus the English names of its actors
and place. Queries are normalised the same way, so أرتال finds ارتال, الأرتال and diacritised text.

SQLite: an FTS5 table ``mention_fts`` over that column, kept in step by triggers. PostgreSQL: a
generated ``tsvector`` column with the ``arabic`` text-search configuration when the server has it,
else ``simple``; the configuration chosen is recorded in ``store_meta`` (``fts_config``).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from marsad.model import Sentence
from marsad.text.normalize import normalize_key

_WORD = regex.compile(r"[\p{L}\p{N}]+")

SQLITE_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE mention_fts USING fts5(search_norm, content='event_mentions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER event_mentions_fts_ai AFTER INSERT ON event_mentions BEGIN "
    "INSERT INTO mention_fts(rowid, search_norm) VALUES (new.id, new.search_norm); END",
    "CREATE TRIGGER event_mentions_fts_ad AFTER DELETE ON event_mentions BEGIN "
    "INSERT INTO mention_fts(mention_fts, rowid, search_norm) VALUES ('delete', old.id, old.search_norm); END",
    "CREATE TRIGGER event_mentions_fts_au AFTER UPDATE OF search_norm ON event_mentions BEGIN "
    "INSERT INTO mention_fts(mention_fts, rowid, search_norm) VALUES ('delete', old.id, old.search_norm); "
    "INSERT INTO mention_fts(rowid, search_norm) VALUES (new.id, new.search_norm); END",
)
SQLITE_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS event_mentions_fts_au",
    "DROP TRIGGER IF EXISTS event_mentions_fts_ad",
    "DROP TRIGGER IF EXISTS event_mentions_fts_ai",
    "DROP TABLE IF EXISTS mention_fts",
)
PG_PREFERRED_CONFIGS: tuple[str, ...] = ("arabic", "simple")


def postgres_ddl(config: str) -> tuple[str, ...]:
    if config not in PG_PREFERRED_CONFIGS:
        raise ValueError(f"unexpected text-search configuration {config!r}")
    return (
        "ALTER TABLE event_mentions ADD COLUMN search_tsv tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{config}'::regconfig, search_norm)) STORED",
        "CREATE INDEX ix_event_mentions_search ON event_mentions USING gin (search_tsv)",
    )


POSTGRES_DROP: tuple[str, ...] = (
    "DROP INDEX IF EXISTS ix_event_mentions_search",
    "ALTER TABLE event_mentions DROP COLUMN IF EXISTS search_tsv",
)


@lru_cache(maxsize=1 << 16)
def terms(query: str) -> tuple[str, ...]:
    """The words of a query in matching form (memoised: the same words recur in every document)."""
    return tuple(_WORD.findall(normalize_key(query).casefold()))


def search_text(sentence: Sentence | None, evidence_text: str, *, names: tuple[str | None, ...] = ()) -> str:
    """The shadow text of one mention: normalised words, their stems, then English names (lower case)."""
    words: list[str] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        for w in terms(word):
            if w not in seen:
                seen.add(w)
                words.append(w)

    tokens = sentence.tokens if sentence is not None else ()
    if tokens:
        for token in tokens:
            if not token.is_punct:
                add(token.norm)
                add(token.stem)
    else:
        add(evidence_text)
    for name in names:
        if name:
            add(name)
    return " ".join(words)


def sqlite_match(query: str) -> str | None:
    """An FTS5 MATCH expression: every query word, quoted (None when the query has no words)."""
    words = terms(query)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def postgres_query(query: str) -> str | None:
    """The normalised query for ``plainto_tsquery`` (None when it has no words)."""
    words = terms(query)
    return " ".join(words) if words else None
