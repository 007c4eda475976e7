"""A small, deterministic Arabic → Latin transliteration for names the dictionaries do not know.

Readable rather than scholarly (no macrons or dots): ش→sh, خ→kh, ع → ' (a at the start of a word),
ء dropped, the article ال → "al-" (Al- first), ة → "a", short vowels written when the text has harakat,
و/ي read as vowels (u/i) between consonants and as w/y at the start of a word or next to a vowel, and
an "a" put between two opening consonants (Arabic words never start with a cluster). Each word is
capitalised; anything that is not Arabic passes through unchanged.
"""

from __future__ import annotations

import unicodedata

METHOD_ID = "store.transliterate.v1"

_LETTERS: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "ى": "a", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "ک": "k", "ی": "i",
}  # fmt: skip
_HARAKAT = {"\u064e": "a", "\u0650": "i", "\u064f": "u", "\u064b": "", "\u064c": "", "\u064d": "", "\u0652": ""}
_SHADDA = "\u0651"
_DROP = {"\u0640", "\u0670", "\u200c", "\u200d", "\u200f", "\u200e"}
_VOWEL_LETTERS = {"ا", "أ", "إ", "آ", "ى", "ة"}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PUNCT = {"،": ",", "؛": ";", "؟": "?"}


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"


def _segments(letters: list[str]) -> list[tuple[str, bool]]:
    """(Latin, is_vowel) per written letter or haraka."""
    base = [c for c in letters if c not in _HARAKAT and c != _SHADDA]
    out: list[tuple[str, bool]] = []
    k = 0  # index into base letters
    for i, ch in enumerate(letters):
        if ch in _HARAKAT:
            out.append((_HARAKAT[ch], True))
            continue
        if ch == _SHADDA:
            if out and out[-1][0] and not out[-1][1]:
                out.append((out[-1][0][-1], False))
            continue
        prev = base[k - 1] if k > 0 else None
        nxt = base[k + 1] if k + 1 < len(base) else None
        k += 1
        if ch == "ع":
            out.append(("a", True) if prev is None else ("'", False))
        elif ch in ("و", "ي"):
            marked = i + 1 < len(letters) and letters[i + 1] in _HARAKAT
            vowel_next = nxt is not None and nxt in _VOWEL_LETTERS
            if prev is None or prev in _VOWEL_LETTERS or prev in ("و", "ي", "ع") or marked or vowel_next:
                out.append(("w" if ch == "و" else "y", False))
            else:
                out.append(("u" if ch == "و" else "i", True))
        elif ch in _DIGITS:
            out.append((_DIGITS[ch], False))
        else:
            out.append((_LETTERS.get(ch, ch), ch in _VOWEL_LETTERS))
    return [seg for seg in out if seg[0]]


def _word(word: str, *, first: bool) -> str:
    letters = [ch for ch in word if ch not in _DROP]
    prefix = ""
    if len([c for c in letters if c not in _HARAKAT and c != _SHADDA]) > 3 and letters[:2] == ["ا", "ل"]:
        prefix, letters = "al-", letters[2:]
    segments = _segments(letters)
    has_harakat = any(c in _HARAKAT for c in letters)
    opening = segments[:2]
    if not has_harakat and len(opening) == 2 and all(not vowel and t.isalpha() for t, vowel in opening):
        segments.insert(1, ("a", True))  # Arabic words never open with two consonants
    body = "".join(text for text, _ in segments)
    body = body[:1].upper() + body[1:]
    if prefix:
        return ("Al-" if first else "al-") + body
    return body


def transliterate(text: str) -> str:
    """Latin letters for Arabic ``text`` (deterministic; non-Arabic characters are kept)."""
    words: list[str] = []
    for raw in unicodedata.normalize("NFC", text).split():
        if any(_is_arabic(ch) for ch in raw):
            core = "".join(_PUNCT.get(ch, ch) for ch in raw)
            words.append(_word(core, first=not words))
        else:
            words.append(raw)
    return " ".join(w for w in words if w)
