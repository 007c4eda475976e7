"""Who says so: the source of a report (مراسلنا، مصادر محلية، المرصد السوري، a named official).

A source is an attribution-source phrase or a named actor/person that follows an attribution
verb (قال، أفاد، كشف ...) or follows بحسب/وفق. A verb with no subject of its own («وأضاف أن»)
continues the previous sentence's source.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.events.cues import CueSets
from marsad.model import Mention, Span, Token
from marsad.text.normalize import key_set

METHOD_ID = "events.attribution.v1"

_ACCORDING = key_set({"بحسب", "حسب", "وبحسب", "وحسب", "وفق", "وفقا", "ووفق", "ووفقا", "حسبما", "نقلا"})
_THAT = key_set({"ان", "بان", "انه", "انها", "انهم"})
_REACH = 4


def _is_attribution_verb(tok: Token, cues: CueSets) -> bool:
    norm = tok.norm
    if norm in cues.attribution_verbs:
        return True
    return len(norm) > 3 and norm[0] in "وف" and norm[1:] in cues.attribution_verbs


def find_attribution(
    tokens: Sequence[Token],
    text: str,
    cues: CueSets,
    *,
    mentions: Sequence[Mention] = (),
    previous: Span | None = None,
) -> Span | None:
    """The source span of a sentence, or ``previous`` when it continues a quoted report."""
    if not any(not t.is_punct and (t.norm in _ACCORDING or _is_attribution_verb(t, cues)) for t in tokens):
        return None  # no one is said to say anything here
    sources = cues.attribution_sources.find(tokens, text)
    named = [m for m in mentions if m.type in ("PER", "ORG")]
    for k, tok in enumerate(tokens):
        if tok.is_punct:
            continue
        according = tok.norm in _ACCORDING
        if not (according or _is_attribution_verb(tok, cues)):
            continue
        window_end = tokens[min(len(tokens) - 1, k + _REACH)].span.end
        for src in sources:
            if tok.span.end <= src.span.start <= window_end:
                return src.span
        for mention in named:
            if tok.span.end <= mention.span.start <= window_end:
                return mention.span
        nxt = next((t for t in tokens[k + 1 :] if not t.is_punct), None)
        if not according and nxt is not None and nxt.norm in _THAT and previous is not None:
            return previous
    return None
