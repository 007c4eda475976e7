"""Cue words for status, attribution and fatalities, as normalised look-up sets.

Built once from the lexicon's cue lists (data/lexicon/cues.yaml); tests can build their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from marsad.text.matcher import DictionaryMatcher
from marsad.text.normalize import normalize_key


def _keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_key(w) for w in words if w.strip())


@dataclass(frozen=True, slots=True)
class CueSets:
    """``negation``: particles that negate within a few words (لم، لن، عدم، بعدم، دون);
    ``negation_adjacent``: particles that negate only the word right after them (ما، لا، غير);
    ``negation_verbs``: denials that negate what follows in the clause (نفى، نفت، كذب)."""

    negation: frozenset[str]
    negation_adjacent: frozenset[str]
    negation_verbs: frozenset[str]
    modality: DictionaryMatcher
    allegation: DictionaryMatcher
    attribution_verbs: frozenset[str]
    attribution_sources: DictionaryMatcher
    fatality_nouns: frozenset[str]
    number_words: dict[str, int | None]
    # weapon words labelled with the PLOVER mode they give a generic attack ("طائرة مسيرة" → drone)
    weapon_modes: DictionaryMatcher | None = None


_NEGATION_VERBS = ("نفى", "نفت", "ينفي", "تنفي", "نفوا", "نفي", "كذب", "كذبت")
# Too ambiguous to negate at a distance: ما (which/what), لا, غير (un-), ليس.
_ADJACENT_ONLY = ("ما", "لا", "غير", "ليس", "ليست")
# Modality words left out of the clause-wide cue list: إن/أن introduce reported speech far more often
# than a condition, قد before a perfect verb asserts (قد شنت), تهدد is a THREATEN trigger of its own,
# and an attempt (محاولة اغتيال) is still an event.
# What is demanded or called for has not happened: "لافتات تطالب بالإفراج عن المعتقلين".
_DEMANDS = (
    "طالب",
    "طالبت",
    "يطالب",
    "تطالب",
    "يطالبون",
    "مطالبه",
    "المطالبه",
    "بالمطالبه",
    "دعا",
    "دعت",
    "يدعو",
    "تدعو",
    "ناشد",
    "ناشدت",
    "يناشد",
    "طلب",
    "طلبت",
)
_MODALITY_EXCLUDED = ("ان", "قد", "تهدد", "يهدد", "محاوله", "محاولات", "لوح", "التلويح")
# Verb forms that state a death toll like the nouns do (قُتل ثلاثة، قتل 5 عناصر).
_FATALITY_VERBS = ("قتل", "قتلت", "قتلوا", "يقتل", "مقتل", "قضى", "قضوا")


def build_cue_sets(
    *,
    negation: Iterable[str],
    modality: Iterable[str],
    allegation: Iterable[str],
    attribution_verbs: Iterable[str],
    attribution_sources: Iterable[str],
    fatality_nouns: Iterable[str],
    number_words: Iterable[tuple[str, int | None]],
    weapon_modes: Iterable[tuple[str, Iterable[str]]] = (),
) -> CueSets:
    neg = _keys(negation)
    denial = _keys(_NEGATION_VERBS) | frozenset(w for w in neg if w.startswith("نف"))
    adjacent = _keys(_ADJACENT_ONLY)
    excluded = _keys(_MODALITY_EXCLUDED)
    return CueSets(
        negation=frozenset(w for w in neg if " " not in w) - adjacent - denial,
        negation_adjacent=adjacent,
        negation_verbs=denial,
        modality=DictionaryMatcher(
            ((w, "modality") for w in (*modality, *_DEMANDS) if normalize_key(w) not in excluded), allow_suffixes=True
        ),
        allegation=DictionaryMatcher(((w, "allegation") for w in allegation), allow_suffixes=True),
        attribution_verbs=_keys(attribution_verbs),
        attribution_sources=DictionaryMatcher((w, "source") for w in attribution_sources),
        fatality_nouns=_keys(fatality_nouns) | _keys(_FATALITY_VERBS),
        number_words={normalize_key(w): v for w, v in number_words},
        weapon_modes=DictionaryMatcher((word, mode) for mode, words in weapon_modes for word in words),
    )


@cache
def default_cues() -> CueSets:
    from marsad.knowledge.lexicon import get_lexicon

    cues = get_lexicon().cues
    return build_cue_sets(
        negation=cues.negation,
        modality=cues.modality,
        allegation=cues.allegation,
        attribution_verbs=cues.attribution_verbs,
        attribution_sources=cues.attribution_sources,
        fatality_nouns=cues.fatality_nouns,
        number_words=[(n.text, n.value) for n in cues.number_words],
        weapon_modes=cues.weapon_modes,
    )
