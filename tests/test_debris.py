from __future__ import annotations

from marsad.text.debris import clean_text, is_share_line

ARTICLE = """Facebook
Twitter
WhatsApp
Telegram

قوات النظام تقصف ريف إدلب.. ومقتل مدنيين

خاص - مرصد الشرق

قصفت قوات النظام بلدة البارة بريف إدلب الجنوبي صباح اليوم.

اقرأ أيضاً:
انفجار عبوة ناسفة في درعا
حملة اعتقالات في حمص

وقال مراسلنا إن القصف أدى إلى مقتل مدنيين اثنين.
"""


def test_debris_removes_share_lines_read_also_and_byline() -> None:
    cleaned = clean_text(ARTICLE)
    assert "Facebook" not in cleaned.text and "Telegram" not in cleaned.text
    assert "اقرأ" not in cleaned.text
    assert "انفجار عبوة ناسفة في درعا" not in cleaned.text
    assert "خاص" not in cleaned.text
    assert cleaned.byline_source == "مرصد الشرق"
    assert cleaned.text.startswith("قصفت قوات النظام")
    assert cleaned.text.endswith("مقتل مدنيين اثنين.")


def test_debris_headline_becomes_title() -> None:
    cleaned = clean_text(ARTICLE)
    assert cleaned.title == "قوات النظام تقصف ريف إدلب.. ومقتل مدنيين"
    assert {r.reason for r in cleaned.removed} == {"share buttons", "read-also block", "byline", "headline"}


def test_debris_known_title_is_removed_from_body() -> None:
    cleaned = clean_text("اشتباكات في الرقة\nاندلعت اشتباكات عنيفة في الرقة.", title="اشتباكات في الرقة")
    assert cleaned.text == "اندلعت اشتباكات عنيفة في الرقة."


def test_debris_plain_body_is_left_alone() -> None:
    body = "قصفت الطائرات الروسية ريف حماة.\nوقتل ثلاثة مدنيين."
    assert clean_text(body).text == body


def test_debris_share_line_detection() -> None:
    assert is_share_line("Facebook Twitter WhatsApp Telegram")
    assert is_share_line("فيسبوك | تويتر | واتساب")
    assert not is_share_line("نشر ناشطون على فيسبوك صوراً للقصف")
