"""Dictionary matchers over the compiled resources, built once, lazily, and shared by stages."""

from __future__ import annotations

from functools import cache

from marsad.text.matcher import DictionaryMatcher


@cache
def place_matcher() -> DictionaryMatcher:
    from marsad.knowledge.gazetteer import get_gazetteer

    # a place named without ال is not the same word with it: سورية (Syria) ≠ السورية (Syrian)
    return DictionaryMatcher(get_gazetteer().names(), article_optional=False)


@cache
def actor_matcher() -> DictionaryMatcher:
    from marsad.knowledge.actors import get_actors

    return DictionaryMatcher(get_actors().names())


@cache
def trigger_matcher() -> DictionaryMatcher:
    from marsad.knowledge.lexicon import get_lexicon

    return DictionaryMatcher(get_lexicon().names(), allow_suffixes=True)
