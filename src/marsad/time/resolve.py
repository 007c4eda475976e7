"""Find Arabic time expressions and resolve them against the publication date.

Matching runs on the normalised text (:func:`marsad.text.normalize.normalize`), cut into tokens
(letter runs, digit runs, punctuation marks); every match is mapped back to exact original offsets.
At each token the longest expression wins, scanning left to right, so matches never overlap.
The first token of an expression may carry proclitics (و ف ب ل ك): وأمس، بالأمس، وفي وقت سابق.

The rules (``data/time/README.md`` has the full list and the decisions):

* relative days (اليوم، أمس، أول أمس …) → publication date + offset, precision day;
* a weekday (الاثنين، يوم الاثنين) → the most recent such weekday on or before the publication date;
  with الماضي strictly before, with المقبل/القادم strictly after;
* a relative day with a weekday (أمس الأربعاء) → the relative day; when the weekday disagrees the
  evidence method is ``time.rules.v1:weekday-mismatch``; an explicit date beside them wins;
* a time of day (فجر، صباح، مساء، ليلة …) before a day expression → that day's date;
* منذ/قبل + quantity + unit → publication date − n units (day/week/month/year precision), vague
  quantities (عدة، بضعة، أيام alone) → value None;
* explicit dates (15 آذار 2023، ١٥ آذار، 15/3/2023، 2023-03-15، الرابع من تشرين الثاني، شهر آذار
  الماضي، عام 2019) → day, month or year precision; a day-month without a year takes the publication
  year, or the year before when that lands more than the tolerance after publication;
* vague expressions (مؤخراً، في وقت سابق …) → value None, text kept.

Without a publication date, everything relative to it gets value None; explicit dates still resolve.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
from dataclasses import dataclass, replace
from datetime import date, timedelta

from marsad.model import DatePrecision, Evidence, Span, TimeExpression
from marsad.text.normalize import normalize
from marsad.time.resources import PhraseTable, Qualifier, TimeResources, Tok, load, tokenize

METHOD_ID = "time.rules.v1"
MISMATCH_METHOD_ID = f"{METHOD_ID}:weekday-mismatch"

_WINDOW = 32  # tokens: longer than any expression the grammar accepts
_CLITICS_OUTER = ("و", "ف")
_CLITICS_INNER = ("ب", "ل", "ك")
_COMBINING = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"] + [chr(c) for c in range(0x0610, 0x061B)]
)


@dataclass(frozen=True, slots=True)
class _Hit:
    """A parsed expression: tokens ``[start, end)`` and what it resolved to."""

    end: int
    value: date | None
    end_value: date | None
    precision: DatePrecision | None
    rule: str
    mismatch: bool = False


@dataclass(frozen=True, slots=True)
class _DateParse:
    """An explicit date, before resolution: any of day, month, year may be missing."""

    end: int
    day: int | None
    month: int | None
    year: int | None
    qualifier: Qualifier | None
    rule: str


@dataclass(frozen=True, slots=True)
class _Ctx:
    res: TimeResources
    toks: tuple[Tok, ...]
    words: tuple[str, ...]
    published: date | None


def find_time_expressions(text: str, *, published: date | None) -> list[TimeExpression]:
    """All time expressions in ``text``, non-overlapping, sorted by start, with exact original spans."""
    res = load()
    nt = normalize(text)
    toks = tokenize(nt.norm)
    words = tuple(t.text for t in toks)
    out: list[TimeExpression] = []
    starters = _starters(res)
    i = 0
    while i < len(toks):
        best: tuple[_Hit, int] | None = None
        window = toks[i : i + _WINDOW]
        rest = words[i + 1 : i + _WINDOW]
        for strip, variant in _variants(words[i]):
            if variant not in starters and not variant.isdigit():
                continue  # no expression starts with this word: skip the grammar (most words)
            # parse in a bounded window starting at token i (index 0 of the window)
            hit = _parse(_Ctx(res, window, (variant, *rest), published), 0)
            if hit is not None and (best is None or hit.end > best[0].end):
                best = (hit, strip)
        if best is None:
            i += 1
            continue
        hit, strip = best
        start, end = nt.to_original(toks[i].start + strip, window[hit.end - 1].end)
        while end < len(text) and text[end] in _COMBINING:
            end += 1
        span = Span(start, end)
        out.append(
            TimeExpression(
                span=span,
                text=text[start:end],
                value=hit.value,
                end_value=hit.end_value,
                precision=hit.precision,
                anchor=published,
                evidence=Evidence(
                    method=MISMATCH_METHOD_ID if hit.mismatch else METHOD_ID, span=span, resource_id=hit.rule
                ),
            )
        )
        i += hit.end
    return out


_PREFIXES = tuple(o + n for o in ("", *_CLITICS_OUTER) for n in ("", *_CLITICS_INNER))[1:]
_STARTERS: dict[int, frozenset[str]] = {}


def _starters(res: TimeResources) -> frozenset[str]:
    """Every word an expression can start with: the first word of any table key, and a few glue words."""
    cached = _STARTERS.get(id(res))
    if cached is None:
        words: set[str] = {"في", "من", "يوم", "ليله", "خلال", "منذ", "قبل", "بعد"}
        for f in dataclasses.fields(res):
            table = getattr(res, f.name)
            if isinstance(table, PhraseTable):
                words.update(key[0] for key in table.entries)
        cached = frozenset(words)
        _STARTERS[id(res)] = cached
    return cached


@functools.lru_cache(maxsize=65536)
def _variants(word: str) -> tuple[tuple[int, str], ...]:
    """The word itself and its forms without proclitics: (characters stripped, remaining form)."""
    out = [(0, word)]
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2:
            out.append((len(prefix), rest))
            if prefix.endswith("ل") and rest.startswith("ل"):
                out.append((len(prefix), "ا" + rest))  # لليوم = ل + اليوم
    return tuple(out)


# ---------------------------------------------------------------------------------------------- grammar


def _parse(ctx: _Ctx, i: int) -> _Hit | None:
    hits = [h for h in (_vague(ctx, i), _ago(ctx, i), _day(ctx, i), _period(ctx, i)) if h is not None]
    return max(hits, key=lambda h: h.end) if hits else None


def _word(ctx: _Ctx, j: int) -> str | None:
    return ctx.words[j] if j < len(ctx.words) else None


def _adjacent(ctx: _Ctx, j: int) -> bool:
    """Token ``j`` touches token ``j - 1`` (no space between them)."""
    return ctx.toks[j - 1].end == ctx.toks[j].start


def _vague(ctx: _Ctx, i: int) -> _Hit | None:
    m = ctx.res.vague.match(ctx.words, i)
    if m is None:
        return None
    return _Hit(i + m[0], None, None, None, "vague:" + " ".join(ctx.words[i : i + m[0]]))


def _ago(ctx: _Ctx, i: int) -> _Hit | None:
    """منذ/قبل + (number | number word | vague quantity)? + unit."""
    res = ctx.res
    m = res.ago_words.match(ctx.words, i)
    if m is None:
        return None
    j = i + m[0]
    n: int | None = None
    vague = False
    w = _word(ctx, j)
    if w is not None and w.isdigit() and len(w) <= 3:
        n, j = int(w), j + 1
    elif (num := res.numbers.match(ctx.words, j)) is not None:
        n, j = num[1], j + num[0]
    elif (vq := res.vague_numbers.match(ctx.words, j)) is not None:
        vague, j = True, j + vq[0]
    unit = res.units.match(ctx.words, j)
    if unit is None:
        return None
    entry = unit[1]
    j += unit[0]
    if n is None and not vague:
        if entry.count is None:
            vague = True  # منذ أيام
        else:
            n = entry.count
    rule = f"ago:{entry.unit}"
    if vague or n is None or res.of_words.match(ctx.words, j) is not None:
        # a vague quantity, or «قبل ثلاثة أيام من …»: counted from another event, not from publication
        return _Hit(j, None, None, None, rule + ":vague")
    pub = ctx.published
    if pub is None:
        return _Hit(j, None, None, None, rule)
    if entry.unit == "hour":
        day = pub - timedelta(days=n // 24)
        return _Hit(j, day, day, "day", rule)
    if entry.unit == "day":
        day = pub - timedelta(days=n)
        return _Hit(j, day, day, "day", rule)
    if entry.unit == "week":
        start, end = _week_of(pub - timedelta(weeks=n), res.week_start)
        return _Hit(j, start, end, "week", rule)
    if entry.unit == "month":
        point = _add_months(pub, -n)
        return _Hit(j, *_month_interval(point.year, point.month), "month", rule)
    year = pub.year - n
    return _Hit(j, date(year, 1, 1), date(year, 12, 31), "year", rule)


def _day(ctx: _Ctx, i: int) -> _Hit | None:
    """[time of day] then a relative day, a weekday, or an explicit date."""
    res = ctx.res
    rules: list[str] = []
    j = i
    tod = res.times_of_day.match(ctx.words, j)
    if tod is not None:
        rules.append("times_of_day:" + " ".join(ctx.words[j : j + tod[0]]))
        j += tod[0]
    hits = [h for h in (_relative_day(ctx, j), _weekday_expr(ctx, j), _date_expr(ctx, j)) if h is not None]
    if not hits:
        return None
    hit = max(hits, key=lambda h: h.end)
    if rules:
        if hit.precision not in (None, "day"):
            return None  # «صباح شهر آذار» is not a time of day on a day
        hit = replace(hit, rule="+".join([*rules, hit.rule]))
    return hit


def _relative_day(ctx: _Ctx, i: int) -> _Hit | None:
    """اليوم / أمس / أول أمس … [weekday] [, explicit date]."""
    res = ctx.res
    m = res.relative_days.match(ctx.words, i)
    if m is None:
        return None
    n, offset = m
    key = ctx.words[i : i + n]
    j = i + n
    if key[-1] == "اليوم" and res.today_blockers.match(ctx.words, j) is not None:
        return None  # «اليوم التالي», «اليوم الثاني»: narrative days, not the publication date
    rule = "relative_days:" + " ".join(key)
    day = None if ctx.published is None else ctx.published + timedelta(days=offset)
    hit = _Hit(j, day, day, None if day is None else "day", rule)
    wd = _weekday_after(ctx, j)
    if wd is None:
        return hit
    j, weekday, wd_rule = wd
    mismatch = day is not None and day.weekday() != weekday
    hit = _Hit(j, day, day, hit.precision, f"{rule}+{wd_rule}", mismatch)
    return _with_trailing_date(ctx, hit, weekday)


def _weekday_after(ctx: _Ctx, j: int) -> tuple[int, int, str] | None:
    """A weekday right after a relative day: «أمس الأربعاء», «أمس (الأحد)», «أمس، الأحد»."""
    w = _word(ctx, j)
    if w in ("(", ","):
        m = _weekday_at(ctx, j + 1)
        if m is None:
            return None
        end = m[0]
        if w == "(":
            if _word(ctx, end) != ")":
                return None
            end += 1
        return end, m[1], m[2]
    return _weekday_at(ctx, j)


def _weekday_at(ctx: _Ctx, j: int, *, after_day_word: bool = False) -> tuple[int, int, str] | None:
    """A weekday name at token ``j``: (end, weekday number, rule)."""
    m = ctx.res.weekdays.match(ctx.words, j)
    if m is not None:
        return j + m[0], m[1], "weekdays:" + " ".join(ctx.words[j : j + m[0]])
    w = _word(ctx, j)
    if after_day_word and w is not None:
        n = ctx.res.weekdays.entries.get(("ال" + w,))
        if n is not None:
            return j + 1, n, "weekdays:ال" + w
    return None


def _weekday_expr(ctx: _Ctx, i: int) -> _Hit | None:
    """[يوم] weekday [الماضي|المقبل] [( explicit date )]."""
    j = i
    day_word = ctx.res.day_words.match(ctx.words, j)
    if day_word is not None:
        j += day_word[0]
    wd = _weekday_at(ctx, j, after_day_word=day_word is not None)
    if wd is None:
        return None
    j, weekday, rule = wd
    qualifier: Qualifier | None = None
    q = ctx.res.qualifiers.match(ctx.words, j)
    if q is not None:
        qualifier, j = q[1], j + q[0]
        rule += f":{qualifier}"
    day = None if ctx.published is None else _weekday_date(ctx.published, weekday, qualifier)
    hit = _Hit(j, day, day, None if day is None else "day", rule)
    return _with_trailing_date(ctx, hit, weekday)


def _with_trailing_date(ctx: _Ctx, hit: _Hit, weekday: int) -> _Hit:
    """Extend a weekday expression with an explicit date after it: «الجمعة 18 أيلول», «أمس السبت، 6 يناير»."""
    j = hit.end
    opened = False
    w = _word(ctx, j)
    if w in ("(", ",", "-"):
        opened = w == "("
        j += 1
    dp = _explicit_date(ctx, j)
    if dp is None or dp.day is None:
        return hit
    end = dp.end
    if opened:
        if _word(ctx, end) != ")":
            return hit
        end += 1
    day = _resolve_day(ctx, dp)
    if day is None:
        # no year and no publication date: keep what the relative part said (None without publication)
        return replace(hit, end=end, rule=f"{hit.rule}+{dp.rule}")
    mismatch = day.weekday() != weekday or (hit.value is not None and hit.value != day)
    return _Hit(end, day, day, "day", f"{hit.rule}+{dp.rule}", mismatch)


def _date_expr(ctx: _Ctx, i: int) -> _Hit | None:
    """[يوم] explicit date (day, month or year precision)."""
    j = i
    day_word = ctx.res.day_words.match(ctx.words, j)
    if day_word is not None:
        j += day_word[0]
    dp = _explicit_date(ctx, j)
    if dp is None:
        return None
    if day_word is not None and dp.day is None:
        return None
    return _resolve_date(ctx, dp)


def _period(ctx: _Ctx, i: int) -> _Hit | None:
    """part-of-period word + (relative period | month | year), or a relative period alone."""
    res = ctx.res
    j = i
    part = res.period_parts.match(ctx.words, j)
    part_rule = ""
    if part is not None:
        part_rule = f"+part:{part[1]}"
        j += part[0]
    rp = res.relative_periods.match(ctx.words, j)
    if rp is not None:
        n, period = rp
        rule = "relative_periods:" + " ".join(ctx.words[j : j + n]) + part_rule
        end = j + n
        pub = ctx.published
        if pub is None:
            return _Hit(end, None, None, None, rule)
        if period.unit == "week":
            start, last = _week_of(pub + timedelta(weeks=period.offset), res.week_start)
            return _Hit(end, start, last, "week", rule)
        if period.unit == "month":
            point = _add_months(pub, period.offset)
            return _Hit(end, *_month_interval(point.year, point.month), "month", rule)
        year = pub.year + period.offset
        return _Hit(end, date(year, 1, 1), date(year, 12, 31), "year", rule)
    if part is None:
        return None
    dp = _explicit_date(ctx, j, month_alone=True)
    if dp is None or dp.day is not None:
        return None
    hit = _resolve_date(ctx, dp)
    return replace(hit, rule=hit.rule + part_rule)


# ------------------------------------------------------------------------------------- explicit dates


def _year_at(ctx: _Ctx, j: int) -> tuple[int, int] | None:
    """A four-digit year 1900..2100 at ``j``, with an optional «م» after it: (end, year)."""
    w = _word(ctx, j)
    if w is None or not w.isdigit() or len(w) != 4 or not 1900 <= int(w) <= 2100:
        return None
    end = j + 1
    if _word(ctx, end) == "م":
        end += 1
    return end, int(w)


def _year_part(ctx: _Ctx, j: int) -> tuple[int, int] | None:
    """[,] [عام|سنة] YEAR after a month."""
    if _word(ctx, j) == ",":
        j += 1
    yw = ctx.res.year_words.match(ctx.words, j)
    if yw is not None:
        j += yw[0]
    return _year_at(ctx, j)


def _month_slot(ctx: _Ctx, j: int) -> tuple[int, int, str] | None:
    """A month name, optionally paired with its other name: «حزيران/يونيو», «آب (أغسطس)»."""
    months = ctx.res.months
    m = months.match(ctx.words, j)
    if m is None:
        return None
    end = j + m[0]
    rule = "months:" + " ".join(ctx.words[j:end])
    w = _word(ctx, end)
    if w in ("/", "-", "("):
        other = months.match(ctx.words, end + 1)
        if other is not None and other[1] == m[1]:
            close = end + 1 + other[0]
            if w != "(":
                end = close
            elif _word(ctx, close) == ")":
                end = close + 1
    return end, m[1], rule


def _explicit_date(ctx: _Ctx, i: int, *, month_alone: bool = False) -> _DateParse | None:
    """Parse an explicit date at ``i`` without resolving it. A month alone needs context (a day, شهر,
    a year or a qualifier) unless ``month_alone``: آب/أب, مارس (a verb), ماي are ordinary words too."""
    res = ctx.res
    numeric = _numeric_date(ctx, i)
    if numeric is not None:
        return numeric
    yw = res.year_words.match(ctx.words, i)
    if yw is not None:
        year = _year_at(ctx, i + yw[0])
        if year is not None:
            return _DateParse(year[0], None, None, year[1], None, "year")
    j = i
    day: int | None = None
    w = _word(ctx, j)
    if w is not None and w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31:
        day, j = int(w), j + 1
        of = res.of_words.match(ctx.words, j)
        if of is not None:
            j += of[0]
    else:
        ordinal = res.ordinals.match(ctx.words, j)
        if ordinal is not None:
            of = res.of_words.match(ctx.words, j + ordinal[0])
            if of is None:
                return None
            day, j = ordinal[1], j + ordinal[0] + of[0]
    month_word = res.month_words.match(ctx.words, j)
    if month_word is not None:
        j += month_word[0]
    slot = _month_slot(ctx, j)
    if slot is None:
        return None
    j, month, rule = slot
    year_num: int | None = None
    yp = _year_part(ctx, j)
    if yp is not None:
        j, year_num = yp
    qualifier: Qualifier | None = None
    q = res.qualifiers.match(ctx.words, j)
    if q is not None:
        qualifier, j = q[1], j + q[0]
    if day is None and month_word is None and year_num is None and qualifier is None and not month_alone:
        return None
    if day is not None:
        rule = "day+" + rule
    if qualifier is not None:
        rule += f":{qualifier}"
    return _DateParse(j, day, month, year_num, qualifier, rule)


def _numeric_date(ctx: _Ctx, i: int) -> _DateParse | None:
    """d/m/yyyy, d-m-yyyy, d.m.yyyy, yyyy-m-d, yyyy/m/d, written without spaces."""
    if i + 5 > len(ctx.words):
        return None
    a, s1, b, s2, c = ctx.words[i : i + 5]
    if not (a.isdigit() and b.isdigit() and c.isdigit() and s1 == s2 and s1 in ("/", "-", ".")):
        return None
    if not all(_adjacent(ctx, k) for k in range(i + 1, i + 5)):
        return None
    if len(a) == 4 and len(c) <= 2:
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4 and len(a) <= 2:
        day, month, year = int(a), int(b), int(c)
    else:
        return None
    if not 1900 <= year <= 2100:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return _DateParse(i + 5, day, month, year, None, "numeric")


def _resolve_date(ctx: _Ctx, dp: _DateParse) -> _Hit:
    if dp.day is not None:
        day = _resolve_day(ctx, dp)
        return _Hit(dp.end, day, day, None if day is None else "day", dp.rule)
    if dp.month is None:
        assert dp.year is not None
        return _Hit(dp.end, date(dp.year, 1, 1), date(dp.year, 12, 31), "year", dp.rule)
    year = dp.year
    if year is None and ctx.published is not None:
        year = _month_year(ctx, dp.month, dp.qualifier)
    if year is None:
        return _Hit(dp.end, None, None, None, dp.rule)
    return _Hit(dp.end, *_month_interval(year, dp.month), "month", dp.rule)


def _month_year(ctx: _Ctx, month: int, qualifier: Qualifier | None) -> int:
    pub = ctx.published
    assert pub is not None
    if qualifier == "past":
        return pub.year if month < pub.month else pub.year - 1
    if qualifier == "next":
        return pub.year if month > pub.month else pub.year + 1
    if qualifier == "current":
        return pub.year
    tolerance = timedelta(days=ctx.res.year_rollover_tolerance_days)
    return pub.year if date(pub.year, month, 1) <= pub + tolerance else pub.year - 1


def _resolve_day(ctx: _Ctx, dp: _DateParse) -> date | None:
    """A day-month(-year) as a date; None when it has no year and there is no publication date."""
    assert dp.day is not None and dp.month is not None
    if dp.year is not None:
        return _safe_date(dp.year, dp.month, dp.day)
    pub = ctx.published
    if pub is None:
        return None
    tolerance = timedelta(days=ctx.res.year_rollover_tolerance_days)
    this_year = _safe_date(pub.year, dp.month, dp.day)
    last_year = _safe_date(pub.year - 1, dp.month, dp.day)
    if dp.qualifier == "next":
        if this_year is not None and this_year >= pub:
            return this_year
        return _safe_date(pub.year + 1, dp.month, dp.day)
    if dp.qualifier == "current":
        return this_year
    if this_year is not None and this_year <= pub + tolerance:
        return this_year
    return last_year


# --------------------------------------------------------------------------------------------- calendar


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_date(pub: date, weekday: int, qualifier: Qualifier | None) -> date:
    if qualifier == "next":
        return pub + timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
    back = (pub.weekday() - weekday) % 7
    if qualifier == "past" and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _week_of(day: date, week_start: int) -> tuple[date, date]:
    start = day - timedelta(days=(day.weekday() - week_start) % 7)
    return start, start + timedelta(days=6)


def _month_interval(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
