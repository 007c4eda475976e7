"""Turning bytes into text: binary detection and encoding fallback (UTF-8, UTF-16, windows-1256)."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.errors import InputError

_ARABIC_RANGE = range(0x0600, 0x0700)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (UTF-16 with a BOM is text)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def _arabic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ord(ch) in _ARABIC_RANGE) / len(letters)


def decode_bytes(data: bytes, *, origin: str) -> Decoded:
    """Decode ``data`` read from ``origin``; raise :class:`InputError` naming it when impossible."""
    if looks_binary(data):
        raise InputError(f"{origin}: looks like a binary file, not text; give a .txt, .html or .jsonl file")
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="strict"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: has a UTF-16 byte-order mark but is not valid UTF-16 ({exc})") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        # Older Arabic sites and Windows exports use windows-1256; accept it when the result reads
        # as Arabic, since cp1256 maps almost every byte and would otherwise accept any garbage.
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:
            text = ""
        if text and _arabic_share(text) >= 0.5:
            return Decoded(text, "windows-1256")
        raise InputError(
            f"{origin}: not valid UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) and not readable as "
            "windows-1256 Arabic; convert it to UTF-8 (e.g. iconv -f ENCODING -t UTF-8)"
        ) from utf8_error
