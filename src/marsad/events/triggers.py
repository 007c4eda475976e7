"""Trigger detection: lexicon matches in a sentence, with the future prefix س and context checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from marsad.model import Span, Token
from marsad.text.matcher import DictionaryMatcher
from marsad.text.normalize import normalize_key

METHOD_ID = "events.triggers.v1"


class TriggerLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def pos(self) -> str: ...
    @property
    def plover(self) -> str: ...
    @property
    def mode(self) -> str | None: ...
    @property
    def acled_event_type(self) -> str: ...
    @property
    def acled_sub_event_type(self) -> str: ...
    @property
    def cameo(self) -> str | None: ...
    @property
    def requires_any(self) -> tuple[str, ...]: ...
    @property
    def ambiguous(self) -> bool: ...


class TriggerSource(Protocol):
    def by_id(self, trigger_id: str, /) -> TriggerLike | None: ...


@dataclass(frozen=True, slots=True)
class TriggerHit:
    span: Span
    token_index: int
    token_end: int
    entry: TriggerLike
    future: bool
    enclitic: bool = False  # the trigger word carries an attached pronoun (اتهامه، تسليمها)


def _future_stripped(tokens: Sequence[Token]) -> tuple[list[Token], set[int]]:
    """Tokens with the future prefix س removed from imperfect-looking words (ستشن → تشن)."""
    out: list[Token] = []
    stripped: set[int] = set()
    for i, tok in enumerate(tokens):
        norm = tok.norm
        if len(norm) >= 4 and norm[0] == "س" and norm[1] in "يتن":
            out.append(dataclasses.replace(tok, norm=norm[1:]))
            stripped.add(i)
        else:
            out.append(tok)
    return out, stripped


_FORCE_MOVES = frozenset({"MOBILIZE", "RETREAT"})
_ENCLITIC_ENDINGS = ("ه", "ها", "هم", "هما", "هن")
_FORMS_CACHE: dict[str, frozenset[str]] = {}


def _normalized_forms(entry: TriggerLike) -> frozenset[str]:
    cached = _FORMS_CACHE.get(entry.id)
    if cached is None:
        forms = getattr(entry, "forms", ())
        cached = frozenset(word for f in forms for word in normalize_key(f).split())
        _FORMS_CACHE[entry.id] = cached
    return cached


def _with_article(norm: str, entry: TriggerLike) -> bool:
    """The word is ال + an inflected form of the verb: "القتلى" is the dead, not قتل. The bare perfect
    with the article is its verbal noun (القصف), and a verb whose own letters start with ال (التقى) is
    itself a form."""
    bare = norm[1:] if norm[:1] in ("و", "ف") else norm
    forms = _normalized_forms(entry)
    if not bare.startswith("ال") or bare in forms:
        return False
    lemma = normalize_key(getattr(entry, "lemma", "") or "")
    return bare[2:] != lemma


def _surface_ok(tokens: Sequence[Token], start: int, span: Span, entry: TriggerLike, text: str) -> bool:
    """Readings the normalised match cannot tell apart.

    A verb takes no article or preposition: "القتلى" is not قتل, "بشكل" is ب + the noun شكل, not the verb
    شكّل. A surface ending in
    ه where the entry ends in ة is a pronoun, not the feminine noun: مصادره "its sources" is not
    مصادرة "confiscation".
    """
    first = tokens[start]
    clitics = text[first.span.start : span.start]
    if entry.pos == "verb" and _with_article(first.norm, entry):
        return False  # a verb never takes the article: "القتلى" is the dead, not قتل
    if entry.pos == "verb" and any(ch in "بلك" for ch in clitics):
        stem = first.norm[len(clitics) :]
        # a bare perfect like قصف or شكل is also a noun (لقصف is fine); an inflected form is a verb
        if stem.endswith(("ت", "وا", "تا")) or stem[:1] in ("ي", "ت", "ن") or first.norm in _ADVERBIAL:
            return False
    last = tokens[span_end_index(tokens, span)]
    surface = normalize_key(last.text.rstrip("ًٌٍَُِّْ"))
    if last.text.rstrip("ًٌٍَُِّْ").endswith("ه"):
        raw_forms = getattr(entry, "forms", ())
        marbuta = {normalize_key(f).split()[-1] for f in raw_forms if f.strip().endswith("ة")}
        plain = {normalize_key(f).split()[-1] for f in raw_forms if f.strip().endswith("ه")}
        if surface in marbuta and surface not in plain:
            return False
    return True


_ADVERBIAL = frozenset({"بشكل", "وبشكل"})  # "in a manner", never the verb شكّل "formed"


def span_end_index(tokens: Sequence[Token], span: Span) -> int:
    return max(i for i, t in enumerate(tokens) if t.span.start < span.end)


def _context_ok(entry: TriggerLike, sentence_norm: str) -> bool:
    if not entry.requires_any:
        return True
    return any(normalize_key(word) in sentence_norm for word in entry.requires_any)


def find_triggers(
    tokens: Sequence[Token],
    text: str,
    matcher: DictionaryMatcher,
    source: TriggerSource,
    *,
    sentence_norm: str,
    armed_actor: bool = False,
) -> list[TriggerHit]:
    """Trigger hits of a sentence, one per matched span, the first entry that fits the context.

    An entry that needs context words (دخول needs أرتال، تعزيزات ...) also fits when an armed actor
    is named in the sentence and the entry is a movement or transfer (دخول لواء المنتظر).
    """
    plain = matcher.find(tokens, text)
    future_tokens, stripped = _future_stripped(tokens)
    future = matcher.find(future_tokens, text, starts=stripped) if stripped else []
    hits: list[TriggerHit] = []
    taken: list[Span] = []
    for match, is_future in [*((m, False) for m in plain), *((m, True) for m in future)]:
        if any(match.span.overlaps(s) for s in taken):
            continue
        entries = [e for e in (source.by_id(i) for i in match.ids) if e is not None]
        fitting = [e for e in entries if _context_ok(e, sentence_norm) or (armed_actor and e.plover in _FORCE_MOVES)]
        if not fitting:
            continue
        if not _surface_ok(tokens, match.token_start, match.span, fitting[0], text):
            continue
        span = match.span
        if is_future:
            span = Span(tokens[match.token_start].span.start, span.end)
        taken.append(span)
        form_words = _normalized_forms(fitting[0])
        enclitic = any(
            tok.norm.endswith(_ENCLITIC_ENDINGS) and not any(tok.norm.endswith(w) for w in form_words)
            for tok in tokens[match.token_start : match.token_end]
        )
        hits.append(TriggerHit(span, match.token_start, match.token_end, fitting[0], is_future, enclitic))
    hits.sort(key=lambda h: h.span.start)
    return hits
