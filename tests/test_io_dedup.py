from __future__ import annotations

from datetime import date

from marsad.io.dedup import DedupItem, NearDuplicateIndex, find_near_duplicates, fingerprint, similarity

ORIGINAL = (
    "قُتل ثلاثة مدنيين وأصيب خمسة آخرون بجروح، صباح اليوم الثلاثاء، جراء قصف مدفعي لقوات النظام استهدف "
    "الأحياء السكنية في مدينة أريحا بريف إدلب الجنوبي. وقال مراسلنا إن القذائف سقطت قرب سوق الخضار "
    "المزدحم في وسط المدينة، ما تسبب بأضرار مادية كبيرة في المحال التجارية والسيارات المتوقفة. وعملت "
    "فرق الدفاع المدني على نقل المصابين إلى المشفى الوطني، فيما ناشد الأهالي المنظمات الإنسانية التدخل "
    "لوقف استهداف المدنيين. ويأتي هذا القصف بعد أيام من هدوء نسبي شهدته المنطقة."
)
# an aggregator's copy: its own header and footer, diacritics dropped, a last sentence cut
COPY = (
    "نقلاً عن موقع المرصد التجريبي:\n"
    "قتل ثلاثة مدنيين وأصيب خمسة آخرون بجروح، صباح اليوم الثلاثاء، جراء قصف مدفعي لقوات النظام استهدف "
    "الأحياء السكنية في مدينة اريحا بريف إدلب الجنوبي. وقال مراسلنا إن القذائف سقطت قرب سوق الخضار "
    "المزدحم في وسط المدينة، ما تسبب بأضرار مادية كبيرة في المحال التجارية والسيارات المتوقفة. وعملت "
    "فرق الدفاع المدني على نقل المصابين إلى المشفى الوطني، فيما ناشد الأهالي المنظمات الإنسانية التدخل "
    "لوقف استهداف المدنيين.\nتابعونا على قناتنا في تلغرام."
)
# the same event told by another outlet, in its own words
OTHER_REPORT = (
    "أفادت مصادر محلية بمقتل ثلاثة مدنيين وإصابة خمسة بقصف مدفعي على مدينة أريحا جنوبي إدلب صباح "
    "الثلاثاء. وأوضحت المصادر أن القصف مصدره مواقع قوات النظام في معسكر جورين، وأنه طال منطقة السوق "
    "وسط المدينة. وأشار الدفاع المدني إلى إسعاف الجرحى إلى المشفى، مؤكداً أن بين المصابين طفلين. "
    "وتشهد مناطق ريف إدلب الجنوبي خروقات متكررة لاتفاق وقف إطلاق النار."
)


def test_io_dedup_republished_copy_linked_to_original() -> None:
    links = find_near_duplicates(
        [
            DedupItem("copy", COPY, date(2024, 3, 13)),
            DedupItem("orig", ORIGINAL, date(2024, 3, 12)),
            DedupItem("other", OTHER_REPORT, date(2024, 3, 12)),
        ]
    )
    assert len(links) == 1
    [link] = links
    assert (link.doc_id, link.original_id) == ("copy", "orig") and link.similarity > 0.8


def test_io_dedup_two_reports_of_one_event_stay_apart() -> None:
    assert similarity(fingerprint(ORIGINAL), fingerprint(OTHER_REPORT)) < 0.2
    index = NearDuplicateIndex()
    assert index.add("orig", ORIGINAL) is None
    assert index.add("other", OTHER_REPORT) is None
    link = index.add("copy", COPY)
    assert link is not None and link.original_id == "orig" and len(index) == 3


def test_io_dedup_earlier_published_newcomer_is_the_original() -> None:
    index = NearDuplicateIndex()
    index.add("copy", COPY, published=date(2024, 3, 14))
    link = index.add("orig", ORIGINAL, published=date(2024, 3, 12))
    assert link is not None and (link.doc_id, link.original_id) == ("copy", "orig")


def test_io_dedup_fingerprint_is_stable_and_short_texts_ignored() -> None:
    assert fingerprint(ORIGINAL) == fingerprint(ORIGINAL)
    assert fingerprint(ORIGINAL).minhash == fingerprint(ORIGINAL.replace("أريحا", "اريحا")).minhash
    index = NearDuplicateIndex()
    index.add("a", "قصف على البلدة")
    assert index.add("b", "قصف على البلدة") is None
    assert similarity(fingerprint(""), fingerprint(ORIGINAL)) == 0.0
