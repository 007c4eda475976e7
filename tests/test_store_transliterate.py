from __future__ import annotations

from marsad.store.transliterate import transliterate


def test_store_transliterate_readable_names() -> None:
    assert transliterate("دير الزور") == "Dir al-Zur"
    assert transliterate("الميادين") == "Al-Mayadin"
    assert transliterate("أبو كمال") == "Abu Kamal"
    assert transliterate("الشيخ مقصود") == "Al-Shikh Maqsud"
    assert transliterate("رأس العين") == "Ras al-Ayn"


def test_store_transliterate_uses_harakat_and_keeps_latin() -> None:
    assert transliterate("حُسَيْن") == "Husayn"
    assert transliterate("Hello عمر") == "Hello Amr"
    assert transliterate("") == ""


def test_store_transliterate_is_deterministic_and_ascii() -> None:
    name = "كتيبة شهداء الفرات ١٢"
    out = transliterate(name)
    assert out == transliterate(name)
    assert out.isascii() and out.endswith("12")
