"""The gold matching rule of shared/gold/README.md: sentence overlap and same-happening matches."""

from __future__ import annotations

import re
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)


def gold_normalize(text: str) -> str:
    """Diacritics and tatweel removed; أ إ آ ٱ → ا; ى → ي; ة → ه; punctuation → space."""
    text = _DIACRITICS.sub("", text)
    text = re.sub("[أإآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(_PUNCT_OR_SPACE.sub(" ", text).split())


def _strip_word(word: str) -> str:
    if len(word) > 3 and word[0] in "وبل":
        word = word[1:]
    if len(word) > 3 and word.startswith("ال"):
        word = word[2:]
    return word


def word_set(text: str) -> frozenset[str]:
    return frozenset(_strip_word(w) for w in gold_normalize(text).split())


def sentence_overlap(predicted: str, gold: str) -> float:
    """1.0 when one normalised sentence contains the other, else the word-set Jaccard (0 if < 0.5)."""
    a, b = gold_normalize(predicted), gold_normalize(gold)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    wa, wb = word_set(predicted), word_set(gold)
    jaccard = len(wa & wb) / len(wa | wb) if wa | wb else 0.0
    return jaccard if jaccard >= 0.5 else 0.0


def shares_word(predicted: str | None, *gold: str | None) -> bool:
    """Whether the predicted actor text shares a (normalised, clitic-stripped) word with any gold text."""
    if not predicted:
        return False
    words = word_set(predicted)
    return any(g and words & word_set(g) for g in gold)
