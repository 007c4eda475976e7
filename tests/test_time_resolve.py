"""marsad.time.find_time_expressions: matching and resolution rules (sentences written for these tests)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from marsad.time import find_time_expressions
from marsad.time.resolve import METHOD_ID, MISMATCH_METHOD_ID

WED = date(2023, 8, 30)  # a Wednesday
MON = date(2020, 9, 21)  # a Monday

# (text, published, expected matched text, value, end_value, precision)
CASES: list[tuple[str, date | None, str, date | None, date | None, str | None]] = [
    # relative days
    ("قصفت الطائرات البلدة اليوم", WED, "اليوم", WED, WED, "day"),
    ("وقعت الاشتباكات أمس في الريف", WED, "أمس", date(2023, 8, 29), date(2023, 8, 29), "day"),
    ("ونفذت القوات حملة البارحة", WED, "البارحة", date(2023, 8, 29), date(2023, 8, 29), "day"),
    ("سقطت قذائف أول أمس على الحي", WED, "أول أمس", date(2023, 8, 28), date(2023, 8, 28), "day"),
    ("جرى ذلك أول من أمس", WED, "أول من أمس", date(2023, 8, 28), date(2023, 8, 28), "day"),
    ("شهدت المدينة انفجارا الليلة الماضية", WED, "الليلة الماضية", date(2023, 8, 29), date(2023, 8, 29), "day"),
    ("يعقد الاجتماع غداً", WED, "غداً", date(2023, 8, 31), date(2023, 8, 31), "day"),
    # times of day
    ("استهدفت غارة المنطقة فجر اليوم", WED, "فجر اليوم", WED, WED, "day"),
    ("اندلع حريق مساء أمس قرب السوق", WED, "مساء أمس", date(2023, 8, 29), date(2023, 8, 29), "day"),
    ("وصل الرتل صباح يوم الجمعة", WED, "صباح يوم الجمعة", date(2023, 8, 25), date(2023, 8, 25), "day"),
    ("دوى انفجار ليلة الأربعاء", WED, "ليلة الأربعاء", WED, WED, "day"),
    (
        "هاجم المسلحون الحاجز بعد منتصف ليلة الاثنين",
        WED,
        "بعد منتصف ليلة الاثنين",
        date(2023, 8, 28),
        date(2023, 8, 28),
        "day",
    ),
    # weekdays
    ("اعتقلت الدورية شابين الاثنين الماضي", WED, "الاثنين الماضي", date(2023, 8, 28), date(2023, 8, 28), "day"),
    ("جرت المظاهرة يوم الأحد", WED, "يوم الأحد", date(2023, 8, 27), date(2023, 8, 27), "day"),
    ("أعلنت الوزارة السبت أن", WED, "السبت", date(2023, 8, 26), date(2023, 8, 26), "day"),
    ("قالت المصادر الأربعاء الماضي", WED, "الأربعاء الماضي", date(2023, 8, 23), date(2023, 8, 23), "day"),
    ("تبدأ الجلسة الخميس المقبل", WED, "الخميس المقبل", date(2023, 8, 31), date(2023, 8, 31), "day"),
    ("وصلت تعزيزات يوم خميس", WED, "يوم خميس", date(2023, 8, 24), date(2023, 8, 24), "day"),
    ("قصفت المدفعية القرية الجمعة 18 أيلول", MON, "الجمعة 18 أيلول", date(2020, 9, 18), date(2020, 9, 18), "day"),
    ("قُتل شخصان أمس الأحد 20 أيلول", MON, "أمس الأحد 20 أيلول", date(2020, 9, 20), date(2020, 9, 20), "day"),
    # منذ / قبل + quantity + unit
    ("نزح السكان منذ ثلاثة أيام", WED, "منذ ثلاثة أيام", date(2023, 8, 27), date(2023, 8, 27), "day"),
    ("اختطف قبل ٥ أيام", WED, "قبل ٥ أيام", date(2023, 8, 25), date(2023, 8, 25), "day"),
    ("أفرج عنه قبل يومين", WED, "قبل يومين", date(2023, 8, 28), date(2023, 8, 28), "day"),
    ("انسحبت القوات منذ أسبوعين", WED, "منذ أسبوعين", date(2023, 8, 13), date(2023, 8, 19), "week"),
    ("بدأ الحصار قبل ثلاثة أشهر", WED, "قبل ثلاثة أشهر", date(2023, 5, 1), date(2023, 5, 31), "month"),
    ("دُمّر الجسر منذ عامين", WED, "منذ عامين", date(2021, 1, 1), date(2021, 12, 31), "year"),
    ("قبل 48 ساعة", WED, "قبل 48 ساعة", date(2023, 8, 28), date(2023, 8, 28), "day"),
    # vague
    ("وقعت مواجهات قبل عدة أيام", WED, "قبل عدة أيام", None, None, None),
    ("تصاعدت الهجمات منذ أيام", WED, "منذ أيام", None, None, None),
    ("ازدادت الاعتقالات مؤخراً", WED, "مؤخراً", None, None, None),
    ("وكانت الفصائل قد أعلنت في وقت سابق", WED, "في وقت سابق", None, None, None),
    ("تكررت الخروقات في الآونة الأخيرة", WED, "في الآونة الأخيرة", None, None, None),
    ("هُجّر الآلاف منذ بداية الثورة", WED, "منذ بداية الثورة", None, None, None),
    ("قصف قبل ثلاثة أيام من الهدنة", WED, "قبل ثلاثة أيام", None, None, None),
    # explicit dates
    ("وقعت المجزرة في 15 آذار 2023", WED, "15 آذار 2023", date(2023, 3, 15), date(2023, 3, 15), "day"),
    ("وقعت المجزرة في ١٥ آذار ٢٠٢١", WED, "١٥ آذار ٢٠٢١", date(2021, 3, 15), date(2021, 3, 15), "day"),
    ("صدر القرار بتاريخ 15/3/2023", WED, "15/3/2023", date(2023, 3, 15), date(2023, 3, 15), "day"),
    ("صدر القرار بتاريخ 2023-03-15", WED, "2023-03-15", date(2023, 3, 15), date(2023, 3, 15), "day"),
    ("في 15 من شهر آذار الماضي", WED, "15 من شهر آذار الماضي", date(2023, 3, 15), date(2023, 3, 15), "day"),
    ("جرى ذلك في شهر آذار الماضي", WED, "شهر آذار الماضي", date(2023, 3, 1), date(2023, 3, 31), "month"),
    ("بدأ الانتشار بداية شهر آذار الماضي", WED, "بداية شهر آذار الماضي", date(2023, 3, 1), date(2023, 3, 31), "month"),
    ("تأسس الفصيل عام 2019", WED, "عام 2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ("وقع الهجوم أواخر عام 2012", WED, "أواخر عام 2012", date(2012, 1, 1), date(2012, 12, 31), "year"),
    (
        "اجتمع الطرفان في الرابع من تشرين الثاني 2022",
        WED,
        "الرابع من تشرين الثاني 2022",
        date(2022, 11, 4),
        date(2022, 11, 4),
        "day",
    ),
    ("في 27 آب الماضي", MON, "27 آب الماضي", date(2020, 8, 27), date(2020, 8, 27), "day"),
    (
        "صباح يوم الجمعة (3 حزيران/يونيو)",
        date(2016, 6, 4),
        "صباح يوم الجمعة (3 حزيران/يونيو)",
        date(2016, 6, 3),
        date(2016, 6, 3),
        "day",
    ),
    # Egyptian / Gulf and Maghrebi month names
    ("أعلن الجيش في 6 يناير 2017", WED, "6 يناير 2017", date(2017, 1, 6), date(2017, 1, 6), "day"),
    ("انعقدت القمة في 10 أغسطس 2022", WED, "10 أغسطس 2022", date(2022, 8, 10), date(2022, 8, 10), "day"),
    ("تظاهر المحتجون يوم 27 جويلية", WED, "يوم 27 جويلية", date(2023, 7, 27), date(2023, 7, 27), "day"),
    ("صدر الحكم في أفريل 2021", WED, "أفريل 2021", date(2021, 4, 1), date(2021, 4, 30), "month"),
    ("وقعت الحادثة في 3 أوت", WED, "3 أوت", date(2023, 8, 3), date(2023, 8, 3), "day"),
    ("جرى الاعتقال في 12 شتنبر 2020", WED, "12 شتنبر 2020", date(2020, 9, 12), date(2020, 9, 12), "day"),
    # relative periods
    ("تراجعت الهجمات الأسبوع الماضي", WED, "الأسبوع الماضي", date(2023, 8, 20), date(2023, 8, 26), "week"),
    ("سجلت المنظمة الشهر الماضي", WED, "الشهر الماضي", date(2023, 7, 1), date(2023, 7, 31), "month"),
    ("منذ مطلع الشهر الحالي", WED, "مطلع الشهر الحالي", date(2023, 8, 1), date(2023, 8, 31), "month"),
    ("قُتل العشرات السنة الماضية", WED, "السنة الماضية", date(2022, 1, 1), date(2022, 12, 31), "year"),
]


@pytest.mark.parametrize(("text", "published", "matched", "value", "end_value", "precision"), CASES)
def test_time_resolve_cases(
    text: str,
    published: date | None,
    matched: str,
    value: date | None,
    end_value: date | None,
    precision: str | None,
) -> None:
    found = find_time_expressions(text, published=published)
    assert [e.text for e in found] == [matched]
    expr = found[0]
    assert text[expr.span.start : expr.span.end] == expr.text
    assert (expr.value, expr.end_value, expr.precision) == (value, end_value, precision)
    assert expr.anchor == published
    assert expr.evidence.span == expr.span
    assert expr.evidence.resource_id


def test_time_resolve_proclitics() -> None:
    text = "وأمس قصفت الطائرات، وبالأمس نفسه، فاليوم هدأت المعارك والاثنين الماضي"
    found = find_time_expressions(text, published=WED)
    assert [e.text for e in found] == ["أمس", "الأمس", "اليوم", "الاثنين الماضي"]
    assert [e.value for e in found] == [date(2023, 8, 29), date(2023, 8, 29), WED, date(2023, 8, 28)]


def test_time_resolve_vague_with_proclitic() -> None:
    found = find_time_expressions("وفي وقت سابق أعلنت", published=WED)
    assert [e.text for e in found] == ["في وقت سابق"]
    assert found[0].value is None


def test_time_resolve_diacritics_and_tatweel_keep_exact_spans() -> None:
    text = "قُتِلَ مدنيٌّ أمـــسِ الثُّلاثاءِ في قَصْفٍ، ومُؤَخَّراً"
    found = find_time_expressions(text, published=WED)
    assert [e.text for e in found] == ["أمـــسِ الثُّلاثاءِ", "مُؤَخَّراً"]
    assert found[0].value == date(2023, 8, 29)
    assert found[0].evidence.method == METHOD_ID
    for expr in found:
        assert text[expr.span.start : expr.span.end] == expr.text


def test_time_resolve_eastern_digits_numeric_date() -> None:
    found = find_time_expressions("بتاريخ ١٥/٠٣/٢٠٢٣ وقع الهجوم", published=WED)
    assert [(e.text, e.value) for e in found] == [("١٥/٠٣/٢٠٢٣", date(2023, 3, 15))]


def test_time_resolve_weekday_mismatch_is_flagged() -> None:
    # 2023-08-29 is a Tuesday: «أمس الأربعاء» resolves to yesterday but the evidence says they disagree
    found = find_time_expressions("قصف الجيش القرية أمس الأربعاء", published=WED)
    assert found[0].value == date(2023, 8, 29)
    assert found[0].evidence.method == MISMATCH_METHOD_ID
    ok = find_time_expressions("قصف الجيش القرية أمس الثلاثاء", published=WED)
    assert ok[0].evidence.method == METHOD_ID
    paren = find_time_expressions("قصف الجيش القرية أمس (الثلاثاء)", published=WED)
    assert paren[0].text == "أمس (الثلاثاء)"
    assert paren[0].evidence.method == METHOD_ID


def test_time_resolve_weekday_on_publication_day_is_that_day() -> None:
    # a bare weekday equal to the publication weekday names the publication date; with الماضي, a week back
    assert find_time_expressions("الأربعاء", published=WED)[0].value == WED
    assert find_time_expressions("الأربعاء الماضي", published=WED)[0].value == date(2023, 8, 23)


def test_time_resolve_year_rollover() -> None:
    # 20 September is after 30 August 2023 (beyond the 2-day tolerance): the year before
    assert find_time_expressions("في 20 أيلول", published=WED)[0].value == date(2022, 9, 20)
    # 1 September is within the tolerance: this year
    assert find_time_expressions("في 1 أيلول", published=WED)[0].value == date(2023, 9, 1)
    assert find_time_expressions("في 15 كانون الثاني", published=WED)[0].value == date(2023, 1, 15)
    # a month with الماضي, in the same month of publication: last year
    month = find_time_expressions("آب الماضي", published=WED)[0]
    assert (month.value, month.end_value) == (date(2022, 8, 1), date(2022, 8, 31))


def test_time_resolve_without_publication_date() -> None:
    text = "أمس الأربعاء وقبل ثلاثة أيام و15 آذار 2023 و20 أيلول والاثنين الماضي وعام 2019"
    found = find_time_expressions(text, published=None)
    assert [e.text for e in found] == [
        "أمس الأربعاء",
        "قبل ثلاثة أيام",
        "15 آذار 2023",
        "20 أيلول",
        "الاثنين الماضي",
        "عام 2019",
    ]
    assert [e.value for e in found] == [None, None, date(2023, 3, 15), None, None, date(2019, 1, 1)]
    assert all(e.anchor is None for e in found)
    assert found[0].precision is None


def test_time_resolve_no_false_positives() -> None:
    text = "مارس الجيش ضغوطا على أحد عشر مدنيا في اليوم التالي ولليوم الثاني على التوالي، وقال أبٌ إن ابنه قتل"
    assert find_time_expressions(text, published=WED) == []


def test_time_resolve_sorted_non_overlapping_longest() -> None:
    text = "قالت المصادر إن الغارات بدأت مساء أمس الثلاثاء، 29 آب 2023 واستمرت حتى فجر اليوم، ومنذ أسبوع"
    found = find_time_expressions(text, published=WED)
    assert [e.text for e in found] == ["مساء أمس الثلاثاء، 29 آب 2023", "فجر اليوم", "منذ أسبوع"]
    starts = [e.span.start for e in found]
    assert starts == sorted(starts)
    assert all(not a.span.overlaps(b.span) for a, b in pairwise(found))
    assert found[0].value == date(2023, 8, 29)
    assert found[0].evidence.method == METHOD_ID


def test_time_resolve_month_pair_and_qualifiers() -> None:
    found = find_time_expressions("في آب/أغسطس الماضي", published=MON)
    assert [(e.text, e.value, e.precision) for e in found] == [("آب/أغسطس الماضي", date(2020, 8, 1), "month")]
    found = find_time_expressions("في 6 يناير/كانون الثاني 2017", published=None)
    assert [(e.text, e.value) for e in found] == [("6 يناير/كانون الثاني 2017", date(2017, 1, 6))]


def test_time_stage_anchors_on_the_reports_own_date_without_a_publication_date() -> None:
    from marsad.model import Document
    from marsad.time.stage import TimeStage

    text = "نشرت الشبكة تقريرها يوم الأحد 7 كانون الثاني 2018 وذكرت فيه أن المخفر احترق مساء أمس السبت."
    doc = TimeStage()(Document(doc_id="t", text=text, raw_text=text, published=None))
    by_text = {t.text: t for t in doc.times}
    yesterday = next(t for k, t in by_text.items() if "أمس" in k)
    assert yesterday.value == date(2018, 1, 6)
    assert yesterday.anchor == date(2018, 1, 7)


def test_time_stage_leaves_relative_days_unresolved_without_any_full_date() -> None:
    from marsad.model import Document
    from marsad.time.stage import TimeStage

    text = "ذكرت الشبكة أن المخفر احترق مساء أمس السبت."
    doc = TimeStage()(Document(doc_id="t", text=text, raw_text=text, published=None))
    assert [t.value for t in doc.times] == [None]
