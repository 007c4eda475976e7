from __future__ import annotations

from marsad.text.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_segment_splits_on_arabic_punctuation() -> None:
    text = "قصفت الطائرات القرية. هل انتهى القصف؟ لا! استمر القصف"
    assert sentences(text) == ["قصفت الطائرات القرية.", "هل انتهى القصف؟", "لا!", "استمر القصف"]


def test_segment_keeps_quotations_together() -> None:
    text = "وقال المراسل إن “القصف استمر. وقتل ثلاثة مدنيين”. وأضاف أن الوضع متوتر."
    assert sentences(text) == [
        "وقال المراسل إن “القصف استمر. وقتل ثلاثة مدنيين”.",
        "وأضاف أن الوضع متوتر.",
    ]
    text = "قال «انسحبنا من الموقع.» ثم غادر."
    assert sentences(text) == ["قال «انسحبنا من الموقع.»", "ثم غادر."]


def test_segment_respects_abbreviations_and_decimals() -> None:
    text = "التقى د. أحمد بالوفد عام 2019 م. في دمشق. بلغت النسبة 3.5 بالمئة."
    assert sentences(text) == ["التقى د. أحمد بالوفد عام 2019 م. في دمشق.", "بلغت النسبة 3.5 بالمئة."]


def test_segment_line_breaks_end_sentences() -> None:
    text = "عنوان الخبر بلا نقطة\nنص الخبر الأول.\n\n  نص ثان  "
    assert sentences(text) == ["عنوان الخبر بلا نقطة", "نص الخبر الأول.", "نص ثان"]


def test_segment_unbalanced_quote_does_not_swallow_text() -> None:
    long_quote = "“" + "كلمة " * 200 + "نهاية. "
    text = long_quote + "جملة أخرى."
    assert len(sentences(text)) == 2


def test_segment_spans_are_exact() -> None:
    text = "  أولى.   ثانية؟\n\nثالثة…  رابعة"
    for span in split_sentences(text):
        chunk = text[span.start : span.end]
        assert chunk == chunk.strip() and chunk


def test_segment_full_stop_typed_without_a_space() -> None:
    text = (
        'قتل خمسة مدنيين في الغارة.وذكر الدفاع المدني أن فرقه "انتشلت الجثث".وتابع أن البحث مستمر. زار د.أحمد الموقع.'
    )
    assert sentences(text) == [
        "قتل خمسة مدنيين في الغارة.",
        'وذكر الدفاع المدني أن فرقه "انتشلت الجثث".',
        "وتابع أن البحث مستمر.",
        "زار د.أحمد الموقع.",
    ]
