"""Status, attribution and fatalities on hand-built sentences with hand-written cue lists."""

from __future__ import annotations

import pytest

from marsad.events.attribution import find_attribution
from marsad.events.cues import CueSets, build_cue_sets
from marsad.events.fatalities import find_fatalities
from marsad.events.status import decide_status
from marsad.text.tokenize import tokenize


@pytest.fixture(scope="module")
def cues() -> CueSets:
    return build_cue_sets(
        negation=["لم", "لن", "لا", "عدم", "بعدم", "دون", "نفى", "نفت"],
        modality=["في حال", "قد", "من المتوقع", "يعتزم", "تعتزم", "من المقرر"],
        allegation=["اتهام", "اتهامه", "بتهمة", "زعم", "اتهمت"],
        attribution_verbs=["قال", "قالت", "أفاد", "أفادت", "ذكر", "ذكرت", "كشف", "كشفت", "أضاف"],
        attribution_sources=["مراسلنا", "مصادر محلية", "مصادر خاصة", "ناشطون", "المرصد السوري لحقوق الإنسان"],
        fatality_nouns=["قتيل", "قتلى", "مقتل", "مصرع"],
        number_words=[
            ("ثلاثة", 3),
            ("خمسة", 5),
            ("سبعة", 7),
            ("عشرة", 10),
            ("اثنين", 2),
            ("العشرات", None),
            ("عدة", None),
        ],
    )


def _status(text: str, trigger: str, cues: CueSets) -> str:
    tokens = tokenize(text)
    k = next(i for i, t in enumerate(tokens) if t.text == trigger)
    return decide_status(tokens, k, text, cues, future=False).status


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("أمرت القيادة القاعدة بعدم تنفيذ أي غارة جوية على المدينة.", "غارة", "negated"),
        ("لم تشن الطائرات أي غارة على البلدة.", "غارة", "negated"),
        ("ونفت الفصائل أن تكون قد شنت أي هجوم على المنطقة.", "هجوم", "negated"),
        ("لن تتدخل القوات إلا في حال حدوث اشتباكات في المدينة.", "اشتباكات", "hypothetical"),
        ("من المتوقع أن تشن القوات هجوما على البلدة.", "هجوما", "hypothetical"),
        ("وجهت إليه تهم منها اتهامه بالمشاركة في اغتيال القيادي.", "اغتيال", "alleged"),
        ("قصفت الطائرات البلدة صباح اليوم.", "قصفت", "asserted"),
        ("لم يصب أحد، ثم اندلعت اشتباكات عنيفة في المدينة.", "اشتباكات", "asserted"),
    ],
)
def test_events_status_cues(text: str, trigger: str, expected: str, cues: CueSets) -> None:
    assert _status(text, trigger, cues) == expected


def test_events_attribution_finds_the_source(cues: CueSets) -> None:
    text = "وقال مراسلنا إن الطائرات قصفت البلدة."
    span = find_attribution(tokenize(text), text, cues)
    assert span is not None and text[span.start : span.end] == "مراسلنا"
    text = "وكشفت مصادر خاصة لمنصة الأخبار، أن القيادة أمرت القاعدة بعدم القصف."
    span = find_attribution(tokenize(text), text, cues)
    assert span is not None and text[span.start : span.end] == "مصادر خاصة"


def test_events_attribution_continues_a_report(cues: CueSets) -> None:
    first = "وقال مراسلنا إن الطائرات قصفت البلدة."
    span = find_attribution(tokenize(first), first, cues)
    second = "وأضاف أن القصف أدى إلى مقتل مدنيين."
    assert find_attribution(tokenize(second), second, cues, previous=span) == span
    third = "وتقع البلدة شرقي المدينة."
    assert find_attribution(tokenize(third), third, cues, previous=span) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ما أدى إلى مقتل ثلاثة عناصر وإصابة آخرين.", [3]),
        ("أسفر القصف عن مقتل ٧ مدنيين.", [7]),
        ("وأحصى المرصد 15 قتيلا في صفوف القوات.", [15]),
        ("ما أسفر عن مقتل عنصرين من الميليشيا.", [2]),
        ("أسفر عن مقتل مدنيَّين اثنين، بينهم طفل.", [2]),
        ("أدى الانفجار إلى مقتل العشرات.", []),
        ("قتل سبعة عناصر من الفصيل بهجوم.", [7]),
        ("وأدى الهجوم إلى مقتل قيادي في الفصيل.", [1]),
        ("ما أدى إلى مقتل امرأتين وطفل.", [2]),
        ("وسقط في الاشتباكات قتيل مدني.", [1]),
        ("وقتل المسلحون خمسين رأس غنم قبل انسحابهم.", []),
    ],
)
def test_events_fatalities_numbers_and_words(text: str, expected: list[int], cues: CueSets) -> None:
    assert [c.value for _, c in find_fatalities(tokenize(text), cues)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقُتل الشاب وأصيب ثلاثة بجروح إثر الهجوم.", [1]),
        ("فيما قتل الخمسة الآخرون جراء القصف.", [5]),
    ],
)
def test_events_fatalities_wounded_and_definite_numbers(text: str, expected: list[int], cues: CueSets) -> None:
    assert [c.value for _, c in find_fatalities(tokenize(text), cues)] == expected
