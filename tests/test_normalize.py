from __future__ import annotations

import random

from marsad.text.normalize import normalize, normalize_key


def test_normalize_drops_diacritics_and_tatweel() -> None:
    assert normalize_key("قَصَفَتْ") == "قصفت"
    assert normalize_key("قـــصف") == "قصف"
    assert normalize_key("مُسَيَّرَةٌ") == "مسيره"


def test_normalize_folds_alef_hamza_yeh_and_teh_marbuta() -> None:
    assert normalize_key("أحمد إدلب آمنة ٱلله") == "احمد ادلب امنه الله"
    assert normalize_key("مؤتمر رئيس مستشفى") == "موتمر رييس مستشفي"
    assert normalize_key("مدينة") == normalize_key("مدينه")


def test_normalize_folds_eastern_and_persian_digits_and_punctuation() -> None:
    assert normalize_key("١٥ آذار ٢٠٢٣") == "15 اذار 2023"
    assert normalize_key("۱۲۳") == "123"
    assert normalize_key("قال، ثم؛ لماذا؟") == "قال, ثم; لماذا?"
    assert normalize_key("«عاجل»") == '"عاجل"'


def test_normalize_offset_map_points_back_to_original() -> None:
    original = "قَصَفَتْ قواتُ النظامِ ١٥ قريةً"
    nt = normalize(original)
    start = nt.norm.index("قوات")
    s, e = nt.to_original(start, start + len("قوات"))
    assert original[s:e] == "قوات"  # the damma after the last letter is not part of the match
    digits = nt.norm.index("15")
    s, e = nt.to_original(digits, digits + 2)
    assert original[s:e] == "١٥"


def test_normalize_offset_map_round_trips_random_spans() -> None:
    rng = random.Random(7)
    alphabet = [*"ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة", "\u064e", "\u0650", "\u0651", "\u0640", " ", "١", "،"]
    for _ in range(200):
        original = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        nt = normalize(original)
        assert len(nt.offsets) == len(nt.norm) + 1
        for _ in range(5):
            a = rng.randint(0, len(nt.norm))
            b = rng.randint(a, len(nt.norm))
            s, e = nt.to_original(a, b)
            assert 0 <= s <= e <= len(original)
            # the original span normalises back to exactly the normalised span
            assert normalize(original[s:e]).norm == nt.norm[a:b]
