from __future__ import annotations

from datetime import date

from marsad.io.html import extract_html
from marsad.io.htmlmeta import choose_published, clean_author, scan_page, year_only_fallback

BODY = (
    "<p>اندلعت اشتباكات عنيفة بين مجموعات محلية مسلحة وقوات حكومية في بلدة طفس بريف درعا الغربي مساء الأربعاء، "
    "واستمرت حتى ساعات الفجر الأولى.</p>\n"
    "<p>وأفاد مراسل محلي بأن الاشتباكات استخدمت فيها الأسلحة المتوسطة، وأن عدداً من العائلات غادرت منازلها "
    "باتجاه القرى المجاورة خشية توسع المعارك.</p>\n"
    '<p>اقرأ أيضاً: <a href="/x">مقتل شاب برصاص مجهولين في مدينة نوى</a></p>\n'
    "<p>ولم تصدر أي جهة رسمية بياناً حول الحادثة حتى لحظة إعداد هذا التقرير، في حين تحدثت مصادر أهلية عن "
    "مفاوضات لوقف إطلاق النار برعاية وجهاء المنطقة.</p>\n"
)


def _page(*, byline: str = "", head: str = "", footer: str = "© 2021 موقع تجريبي. جميع الحقوق محفوظة") -> str:
    return f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>اشتباكات في ريف درعا الغربي - موقع تجريبي</title>
{head}</head><body>
<div id="top"><a href="/">الرئيسية</a> | <a href="/news">أخبار</a> | <a href="/reports">تقارير</a></div>
<div class="post">
<h1 class="post-title">اشتباكات في ريف درعا الغربي</h1>
{byline}
<ul class="social-share"><li>شارك</li><li><a href="#">فيسبوك</a></li><li><a href="#">تويتر</a></li></ul>
<div class="entry-content">
{BODY}
<div class="share-bar"><span>شارك الخبر</span> <a href="#">Facebook</a> <a href="#">Twitter</a></div>
</div>
<div class="related-posts"><h4>أخبار ذات صلة</h4>
<p><a href="/r1">هجوم على حاجز عسكري في ريف درعا الشرقي يوقع جرحى</a></p>
<p><a href="/r2">حملة اعتقالات في مدينة الصنمين تطال شباناً من البلدة</a></p>
</div>
<div id="comments"><h3>تعليقان</h3><ol class="commentlist">
<li class="comment"><p>أبو محمد: الله يحمي أهلنا في حوران ويفرج عنهم كل ضيق وكرب، والوضع صعب جداً هناك.</p></li>
<li class="comment"><p>زائر: نتمنى أن تتوقف هذه الاشتباكات بسرعة وأن يعود الناس إلى بيوتهم سالمين.</p></li></ol>
</div></div>
<div class="footer">{footer}</div>
</body></html>"""


def test_io_htmlmeta_body_kept_and_debris_dropped() -> None:
    article = extract_html(_page(), origin="page.html")
    assert "اندلعت اشتباكات عنيفة" in article.text and "برعاية وجهاء المنطقة" in article.text
    for debris in ("فيسبوك", "Facebook", "شارك", "اقرأ أيضاً", "حاجز عسكري", "الصنمين", "أبو محمد", "حوران", "© 2021"):
        assert debris not in article.text, debris


def test_io_htmlmeta_copyright_year_is_not_a_publication_date() -> None:
    article = extract_html(_page(), origin="page.html")
    assert article.published is None and article.date_source is None


def test_io_htmlmeta_arabic_byline_date_and_author() -> None:
    page = _page(byline='<p class="byline">كتب: رامي العلي - الخميس 18 آذار 2021</p>')
    article = extract_html(page, origin="page.html")
    assert article.published == "2021-03-18" and article.date_source == "byline"
    assert article.author == "رامي العلي"
    assert "رامي العلي" not in article.text


def test_io_htmlmeta_meta_date_canonical_and_author_tags() -> None:
    head = (
        '<link rel="canonical" href="/ar/news/2024/clashes">'
        '<meta property="article:published_time" content="2024-01-01T08:30:00+03:00">'
        '<meta name="author" content="بقلم: هالة يوسف">'
    )
    article = extract_html(_page(head=head), origin="page.html", url="https://news.example.org/ar/x?utm=1")
    assert article.published == "2024-01-01" and article.date_source == "meta"  # a stated 1 January is kept
    assert article.canonical_url == "https://news.example.org/ar/news/2024/clashes"
    assert article.url == article.canonical_url
    assert article.author == "هالة يوسف"


def test_io_htmlmeta_json_ld_and_time_element() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-11-05", '
        '"author": {"@type": "Person", "name": "سارة خليل"}}</script>'
    )
    meta = scan_page(f"<html><head>{ld}</head><body><p>نص</p></body></html>")
    assert meta.meta_published == date(2023, 11, 5) and meta.author == "سارة خليل"
    meta = scan_page('<html><body><time datetime="2022-06-30T10:00">30 حزيران</time></body></html>')
    assert meta.meta_published == date(2022, 6, 30)


def test_io_htmlmeta_year_only_guard() -> None:
    assert year_only_fallback(date(2021, 1, 1), html="<footer>© 2021</footer>")
    assert not year_only_fallback(date(2021, 1, 1), html="<span>2021-01-01</span>")
    assert not year_only_fallback(date(2021, 1, 1), html="<span>1 كانون الثاني 2021</span>")
    assert not year_only_fallback(date(2021, 3, 18), html="© 2021")
    meta = scan_page("<html><body><p>نص</p><footer>© 2021</footer></body></html>")
    assert choose_published("2021-01-01", meta, html="<footer>© 2021</footer>") is None
    chosen = choose_published("2021-05-02", meta, html="")
    assert chosen is not None and chosen.value == date(2021, 5, 2) and chosen.source == "trafilatura"


def test_io_htmlmeta_clean_author() -> None:
    assert clean_author("بقلم سامر الحلبي") == "سامر الحلبي"
    assert clean_author("By Jane Doe") == "Jane Doe"
    assert clean_author("الخميس 18 آذار 2021") is None
    assert clean_author(None) is None


def test_io_htmlmeta_declared_charset() -> None:
    from marsad.io.htmlmeta import declared_charset

    assert declared_charset(b'<html><head><meta charset="windows-1256">') == "windows-1256"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">') == "ISO-8859-6"
    assert declared_charset(b"<html><body>x</body></html>") is None
