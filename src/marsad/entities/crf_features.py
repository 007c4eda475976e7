"""Token features for the Arabic CRF named-entity tagger.

Features are plain strings (each one fires with weight 1). They are grouped; a model records the
groups it was trained with (:class:`FeatureConfig`) and the tagger rebuilds exactly those groups, so
a model never sees a feature set it was not trained on.

Groups
------
``lex``        normalised form, proclitic-stripped stem, the proclitics themselves
``affix``      prefixes and suffixes (lengths 1-3) of the stem (and of the whole word when a
               one-letter proclitic was stripped: it may have been a root letter)
``shape``      word shape (digits, Latin, punctuation, Arabic, mixed), length bucket, sentence position
``context``    normalised forms and stems of the words at -2..+2
``bigram``     word bigrams (-1,0) and (0,+1) over normalised forms and stems
``cues``       membership of the word and its neighbours in hand-written cue lists (person titles and
               trigger words, location, organisation and "misc" head nouns, common given names; lists below)
``cuewin``     a cue anywhere in the 4 words before (``cw-=PER``) or after (``cw+=LOC``) the word
``anergazet``  membership in the ANERGazet location / organisation / person lists
``gazetteer``  membership in Marsad's compiled gazetteer (``marsad.knowledge.gazetteer``)
``actors``     membership in Marsad's compiled actor dictionary (``marsad.knowledge.actors``)
``gazloc``     membership in Marsad's gazetteer restricted to multi-word names and names of >= 4 letters
``clusters``   word-cluster ids (64 / 256 / 1024 nested clusters of multilingual-USE word vectors) of the
               word (and of its proclitic-stripped stem) and of its neighbours, from
               ``resources/ner_clusters.json.gz`` (built by ``scripts/build_ner_clusters.py``; an unlisted
               word falls back to its stem's cluster, else an "unknown" feature ``k=U``)
``names``      given-name / surname membership of the word and its neighbours, and matches of multi-word
               person names (Wikidata spellings from ``arabic-name-romanizer``, compiled into the same
               resource; list label ``wdpers``)
``pattern``    the stem's skeleton (ا و ي kept, other letters ``C``: مفعول -> ``CCCوC``); foreign names
               transliterated into Arabic tend to have unusual skeletons
``doc``        document features: what the other occurrences of the word's stem in the same document show
               (cue types and name roles of their neighbours, how often the stem recurs); built by
               :meth:`FeatureExtractor.document` (a lone sentence is a document of its own)
``ngrams``     character 3- and 4-grams of the stem (measured, not shipped)
``kguess``     for a word outside the cluster table, coarse clusters guessed from the clusters of the table's
               words that share its character n-grams (measured, not shipped)
``vec``        real-valued features: a low-dimensional (PCA) multilingual-USE vector of the word, from
               ``resources/ner_vectors.json.gz`` (built by ``scripts/ner_vectors.py``); a word outside that
               table takes its stem's vector, else one predicted from its hashed character n-grams
               (measured, not shipped)

The name-list groups are optional: :func:`available_groups` says which can be built here, and a
:class:`FeatureResources` holds the compiled lists and their fingerprints.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import importlib
import json
import re
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from marsad.text.normalize import normalize_key

T = TypeVar("T")

FEATURES_VERSION = "entities.crf_features.v1"

BASE_GROUPS: tuple[str, ...] = ("lex", "affix", "shape", "context", "bigram", "cues", "cuewin")
"""Groups built from this module alone (the default :class:`FeatureConfig`)."""
TABLE_GROUPS: tuple[str, ...] = ("clusters", "names")
"""Groups that read the packaged ``resources/ner_clusters.json.gz``."""
CORE_GROUPS: tuple[str, ...] = BASE_GROUPS + TABLE_GROUPS + ("pattern", "doc")
"""Groups of the shipped model: code plus resources packaged with Marsad (``doc`` needs the whole
document: :meth:`FeatureExtractor.document`)."""
LIST_GROUPS: tuple[str, ...] = ("anergazet", "gazetteer", "actors", "gazloc")
EXTRA_GROUPS: tuple[str, ...] = ("ngrams", "kguess", "vec")
"""Groups measured on dev and not used by the shipped model (see NER_MODEL_CARD.md)."""
ALL_GROUPS: tuple[str, ...] = CORE_GROUPS + LIST_GROUPS + EXTRA_GROUPS
DOC_MIN_STEM = 3
_DOC_COUNT = ("dn=0", "dn=1", "dn=2", "dn=3")
CONLL_DOC_SENTENCES = 20
"""A CoNLL file has no document boundaries: training and ``marsad evaluate ner`` read it as documents of
this many consecutive sentences (ANERcorp keeps each article's sentences together)."""


def doc_blocks(items: Sequence[T], size: int = CONLL_DOC_SENTENCES) -> list[Sequence[T]]:
    """``items`` cut into consecutive pseudo-documents of ``size``."""
    return [items[i : i + size] for i in range(0, len(items), size)]

CLUSTERS_FORMAT = "marsad.ner.clusters.v1"
VECTORS_FORMAT = "marsad.ner.vectors.v1"
VECTORS_RESOURCE = Path(__file__).resolve().parent.parent / "resources" / "ner_vectors.json.gz"
VEC_SCALE = 1.0
"""Multiplier of the ``vec`` features (the table's dimensions have unit variance over its words)."""
VEC_PREDICT_ONLY = False
"""Whether every word takes the n-gram model's vector (not only words outside the table)."""
VEC_NEIGHBOURS = False
"""Whether the ``vec`` group also gives each word the vectors of the words at -1 and +1."""
CLUSTERS_RESOURCE = Path(__file__).resolve().parent.parent / "resources" / "ner_clusters.json.gz"
GAZLOC_MIN_LETTERS = 4
"""``gazloc`` keeps a one-word gazetteer name only when it has at least this many letters (normalised)."""

MIN_STEM = 3
"""Shortest stem left after stripping proclitics without the article."""
MIN_STEM_AFTER_ARTICLE = 2
"""Shortest stem left after stripping a prefix that ends in the article (ال / لل): الحي -> حي."""

MAX_NAME_TOKENS = 6

# ---------------------------------------------------------------------------------------------
# Proclitics: (و|ف)? (ب|ل|ك)? (ال)?  and (و|ف)? لل  -- in normalised form.


def _build_prefixes() -> tuple[tuple[str, bool], ...]:
    out: set[tuple[str, bool]] = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            for art in ("", "ال"):
                p = conj + prep + art
                if p:
                    out.add((p, bool(art)))
        out.add((conj + "لل", True))
    return tuple(sorted(out, key=lambda x: (-len(x[0]), x[0])))


PROCLITIC_PREFIXES: tuple[tuple[str, bool], ...] = _build_prefixes()
"""Every proclitic combination with whether it contains the article, longest first."""

_PREFIXES_BY_FIRST: dict[str, tuple[tuple[str, bool], ...]] = {
    ch: tuple(p for p in PROCLITIC_PREFIXES if p[0][0] == ch) for ch in {p[0][0] for p in PROCLITIC_PREFIXES}
}


@dataclass(frozen=True, slots=True)
class StemSplit:
    """A word split into proclitics and stem (both normalised)."""

    proclitics: str
    stem: str
    has_article: bool


def strip_proclitics(norm: str) -> StemSplit:
    """Greedy split of a *normalised* word: the longest proclitic prefix that leaves a long enough stem."""
    for prefix, article in _PREFIXES_BY_FIRST.get(norm[:1], ()):
        if norm.startswith(prefix):
            rest = len(norm) - len(prefix)
            if rest >= (MIN_STEM_AFTER_ARTICLE if article else MIN_STEM):
                return StemSplit(prefix, norm[len(prefix) :], article)
    return StemSplit("", norm, False)


def lookup_forms(norm: str) -> tuple[str, ...]:
    """Forms under which a normalised word may be listed: itself, every admissible proclitic split,
    and the article-bearing form when the stripped prefix contained the article
    (``بالعراق`` -> ``بالعراق``, ``العراق``, ``عراق``, ...)."""
    forms = [norm]
    for prefix, article in _PREFIXES_BY_FIRST.get(norm[:1], ()):
        if norm.startswith(prefix):
            rest = norm[len(prefix) :]
            if len(rest) >= (MIN_STEM_AFTER_ARTICLE if article else MIN_STEM):
                forms.append(rest)
                if article:
                    forms.append("ال" + rest)
    return tuple(dict.fromkeys(forms))


# ---------------------------------------------------------------------------------------------
# Hand-written cue lists (written for Marsad; base forms, matched through lookup_forms).

PERSON_CUES: tuple[str, ...] = (
    "المدعو", "المدعوه", "القيادي", "القياديه", "قائد", "القائد", "العميد", "اللواء", "العقيد", "العماد",
    "المقدم", "الرائد", "النقيب", "الملازم", "الرقيب", "الفريق", "المشير", "الجنرال", "الامير", "الملك",
    "الشيخ", "الرئيس", "رئيس", "رئيسه", "وزير", "الوزير", "وزيره", "الناطق", "المتحدث", "السيد", "السيده",
    "الدكتور", "الدكتوره", "د.", "ابو", "ابي", "ابا", "ام", "بن", "ابن", "بنت", "الحاج", "الحاجه", "الامام",
    "المرشد", "الزعيم", "الناشط", "الناشطه", "الصحفي", "الصحفيه", "المراسل", "الاعلامي", "المحامي",
    "القاضي", "النائب", "السفير", "المبعوث", "الموفد", "المستشار", "المدير", "المحافظ", "العاهل",
    "الاستاذ", "المهندس", "الشاب", "الطفل", "الطفله", "الشهيد", "القتيل", "المعتقل", "الاسير", "المواطن",
    "المواطنه", "قال", "قالت", "اكد", "اكدت", "صرح", "اضاف", "اضافت", "اعلن", "اعلنت", "مساعد", "نائب",
    "امين", "الامين", "زعيم", "مسؤول", "المسؤول", "الكاتب", "الفنان", "المخرج", "اللاعب", "المدرب",
    "البابا", "الكاردينال", "المطران", "الاب", "الرئيسان", "الرئيسين", "السيناتور", "المستشاره",
)

LOCATION_CUES: tuple[str, ...] = (
    "مدينه", "المدينه", "مدن", "بلده", "البلده", "قريه", "القريه", "قري", "محافظه", "المحافظه",
    "ريف", "حي", "الحي", "احياء", "منطقه", "المنطقه", "مناطق", "مطار", "المطار", "قاعده", "القاعده",
    "ناحيه", "الناحيه", "مخيم", "المخيم", "معبر", "المعبر", "بلدات", "قضاء", "القضاء", "ولايه",
    "الولايه", "اقليم", "الاقليم", "عاصمه", "العاصمه", "دوله", "الدوله", "جزيره", "الجزيره", "نهر",
    "النهر", "جبل", "الجبل", "وادي", "الوادي", "سهل", "السهل", "بحر", "البحر", "خليج", "الخليج",
    "شارع", "الشارع", "ساحه", "الساحه", "ميدان", "الميدان", "طريق", "الطريق", "اوتوستراد", "جسر",
    "الجسر", "ميناء", "الميناء", "سجن", "السجن", "مستشفي", "المستشفي", "بلاد", "شمال", "جنوب", "شرق",
    "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "اطراف", "محيط", "ضواحي", "باديه", "الباديه",
    "باتجاه", "قرب", "بالقرب", "عاصمتها", "حدود", "الحدود", "مقاطعه",
)

ORGANISATION_CUES: tuple[str, ...] = (
    "ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "قوات", "القوات", "لواء", "فرقه", "الفرقه", "كتائب",
    "كتيبه", "الكتيبه", "حركه", "الحركه", "جبهه", "الجبهه", "تنظيم", "التنظيم", "وزاره", "الوزاره",
    "وكاله", "الوكاله", "شركه", "الشركه", "جيش", "الجيش", "حزب", "الحزب", "هيئه", "الهيئه", "مجلس",
    "المجلس", "لجنه", "اللجنه", "منظمه", "المنظمه", "جمعيه", "الجمعيه", "اتحاد", "الاتحاد", "جامعه",
    "الجامعه", "صحيفه", "الصحيفه", "مؤسسه", "المؤسسه", "مركز", "المركز", "بنك", "البنك", "مصرف",
    "المصرف", "محكمه", "المحكمه", "برلمان", "البرلمان", "حكومه", "الحكومه", "فصيل", "فصائل", "الفصائل",
    "تحالف", "التحالف", "غرفه", "مديريه", "المديريه", "الامن", "الشرطه", "شرطه", "مخابرات", "المخابرات",
    "فيلق", "الفيلق", "سرايا", "سريه", "مجموعه", "المجموعه", "تجمع", "التجمع", "رابطه", "نقابه",
    "النقابه", "ائتلاف", "الائتلاف", "منظمات", "قناه", "القناه", "اذاعه", "تلفزيون", "مجله", "المجله",
    "نادي", "النادي", "فريق", "منتخب", "المنتخب", "صندوق", "الصندوق", "برنامج", "مكتب", "المكتب",
)


GIVEN_NAMES: tuple[str, ...] = (
    # common given names (Arabic and, transliterated, others), written for Marsad
    "محمد", "احمد", "محمود", "مصطفي", "علي", "حسن", "حسين", "خالد", "عمر", "عثمان", "ابراهيم", "اسماعيل",
    "يوسف", "يعقوب", "موسي", "عيسي", "داود", "سليمان", "سليم", "سالم", "سعيد", "سعد", "سعود", "فهد",
    "فيصل", "عبدالله", "عبد", "عبدالرحمن", "عبدالعزيز", "عبدالكريم", "عبدالقادر", "عبدالناصر", "جمال",
    "كمال", "نبيل", "نبيه", "وليد", "طارق", "زياد", "رامي", "سامي", "سامر", "ماهر", "باسل", "بشار",
    "حافظ", "رفعت", "فراس", "غسان", "عماد", "عادل", "عامر", "عمار", "ياسر", "ياسين", "هشام", "هاني",
    "هيثم", "وائل", "مازن", "منير", "نزار", "نضال", "جهاد", "صالح", "صلاح", "صدام", "قاسم", "حمزه",
    "حامد", "حمد", "حميد", "راشد", "رشيد", "مروان", "مراد", "منصور", "ناصر", "نصر", "نايف", "نواف",
    "بندر", "تركي", "سلطان", "سلمان", "زايد", "خليفه", "هادي", "مهدي", "جعفر", "كاظم", "باقر", "صادق",
    "عباس", "رضا", "مقتدي", "نوري", "اياد", "جلال", "مسعود", "ادريس", "انور", "امين", "ايمن", "اسامه",
    "زكريا", "يحيي", "يونس", "الياس", "جورج", "ميشال", "ميشيل", "بيار", "شربل", "انطوان", "جبران",
    "رياض", "فؤاد", "فاروق", "شريف", "اشرف", "عاطف", "مجدي", "حسني", "حازم", "حاتم", "توفيق", "رفيق",
    "شوقي", "فتحي", "لطفي", "مختار", "معمر", "حمدي", "عزت", "عزيز", "نجيب", "حبيب", "مالك", "ماجد",
    "فاطمه", "عائشه", "زينب", "مريم", "خديجه", "ليلي", "سلمي", "هدي", "نور", "منى", "رنا", "رانيا",
    "سميره", "سعاد", "ناديه", "هند", "سوزان", "ريم", "لينا", "دينا", "امل", "حنان", "سهير", "نجلاء",
    "جون", "جيمس", "ديفيد", "دافيد", "مايكل", "روبرت", "ريتشارد", "توماس", "وليام", "بيتر", "بول",
    "جاك", "جان", "فرانسوا", "نيكولا", "فلاديمير", "ديمتري", "سيرغي", "هيلاري", "كوندوليزا", "كولن",
    "دونالد", "باراك", "جو", "توني", "غوردون", "انغيلا", "انجيلا", "ايهود", "بنيامين", "ارييل", "شمعون",
    "اسحق", "رجب", "عبدالفتاح", "حسني",
)


def _keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_key(w) for w in words if normalize_key(w))


MISC_CUES: tuple[str, ...] = (
    # head nouns before names of products, events, works, agreements, currencies and languages
    "طراز", "سياره", "السياره", "سيارات", "موديل", "ماركه", "طائره", "الطائره", "صاروخ", "دبابه", "بطوله",
    "البطوله", "كاس", "دوري", "الدوري", "جائزه", "الجائزه", "مهرجان", "المهرجان", "مونديال", "دوره", "اولمبياد",
    "فيلم", "الفيلم", "مسلسل", "المسلسل", "كتاب", "الكتاب", "روايه", "الروايه", "اغنيه", "الاغنيه", "البوم",
    "مسرحيه", "عمليه", "العمليه", "اتفاق", "الاتفاق", "اتفاقيه", "الاتفاقيه", "معاهده", "المعاهده", "مؤتمر",
    "المؤتمر", "قمه", "القمه", "خطه", "الخطه", "مبادره", "المبادره", "قانون", "القانون", "قرار", "القرار",
    "عمله", "العمله", "لغه", "اللغه", "ديانه", "مذهب", "حرب", "الحرب", "انتفاضه", "الانتفاضه", "ثوره", "الثوره",
    "عيد", "ملعب", "الملعب", "استاد", "مباراه", "المباراه",
)

_CUE_SETS: tuple[tuple[str, frozenset[str]], ...] = (
    ("PER", _keys(PERSON_CUES)),
    ("LOC", _keys(LOCATION_CUES)),
    ("ORG", _keys(ORGANISATION_CUES)),
    ("NAME", _keys(GIVEN_NAMES)),
    ("MISC", _keys(MISC_CUES)),
)


def cue_types(norm: str, forms: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Which cue lists a normalised word belongs to (through any proclitic split; ``forms`` when
    already computed by :func:`lookup_forms`)."""
    if forms is None:
        forms = lookup_forms(norm)
    return tuple(name for name, keys in _CUE_SETS if any(f in keys for f in forms))


def cue_fingerprint() -> str:
    h = hashlib.sha256()
    for name, keys in _CUE_SETS:
        h.update(name.encode())
        for k in sorted(keys):
            h.update(b"\0" + k.encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Name lists (multi-token, matched longest-first within a sentence).


@dataclass(frozen=True, slots=True)
class NameList:
    """Names of one kind, indexed by their first word: ``first -> {remaining words}`` and the longest
    remainder per first word."""

    label: str
    index: Mapping[str, frozenset[tuple[str, ...]]]
    size: int
    fingerprint: str
    longest: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_names(cls, label: str, names: Iterable[str]) -> NameList:
        return cls.from_keys(label, (normalize_key(n) for n in names))

    @classmethod
    def from_keys(cls, label: str, keys_in: Iterable[str]) -> NameList:
        """Like :meth:`from_names` for names already normalised with ``normalize_key``."""
        keys = list(dict.fromkeys(k for k in keys_in if k))
        keys.sort()  # linear when the keys come sorted (as in the compiled resource)
        by_first: dict[str, set[tuple[str, ...]]] = {}
        count = 0
        for key in keys:
            words = key.split()
            if len(words) > MAX_NAME_TOKENS:
                continue
            count += 1
            by_first.setdefault(words[0], set()).add(tuple(words[1:]))
        index = {k: frozenset(v) for k, v in by_first.items()}
        longest = {k: max(len(r) for r in v) for k, v in by_first.items()}
        h = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        return cls(label, index, count, h, longest)

    def match(self, norms: Sequence[str], forms: Sequence[tuple[str, ...]]) -> list[str]:
        """Per-token ``B``/``I``/'' marks of the longest matches (first word through any proclitic split)."""
        marks = [""] * len(norms)
        i = 0
        n = len(norms)
        while i < n:
            best = 0
            for form in forms[i]:
                rests = self.index.get(form)
                if rests is None:
                    continue
                for r in range(min(self.longest[form], n - i - 1), best - 1, -1):  # longest first
                    if tuple(norms[i + 1 : i + 1 + r]) in rests:
                        best = r + 1
                        break
            if best:
                marks[i] = "B"
                for j in range(i + 1, i + best):
                    marks[j] = "I"
                i += best
            else:
                i += 1
        return marks


@dataclass(frozen=True, slots=True)
class ClusterTable:
    """Word clusters at nested granularities and given-name/surname spellings (``ner_clusters.json.gz``)."""

    words: Mapping[str, int]
    """normalised word (``word_key``) or stem -> finest cluster id"""
    parents: tuple[tuple[int, ...], ...]
    """for each coarser level (coarsest first), the parent id of every finest cluster"""
    levels: tuple[int, ...]
    names: Mapping[str, str]
    """normalised name -> roles (``G`` given, ``S`` surname, ``U`` unknown)"""
    fingerprint: str
    full_names: NameList | None = None
    """multi-word person names, matched like the other name lists (label ``wdpers``)"""
    _votes: dict[str, NgramVotes] = field(default_factory=dict, compare=False, repr=False)

    def cluster_features(self, norm: str, stem: str, hidden: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
        """``("64:12", "256:40", "1024:977")``-style ids of the word (else of its stem), None when unlisted
        (or ``hidden``: keys treated as unlisted)."""
        fine = self.words.get(norm) if norm not in hidden else None
        if fine is None and stem not in hidden:
            fine = self.words.get(stem)
        if fine is None:
            return None
        return (*(f"{lvl}:{par[fine]}" for lvl, par in zip(self.levels, self.parents, strict=False)),
                f"{self.levels[-1]}:{fine}")

    def guess_features(self, norm: str) -> tuple[str, ...] | None:
        """Cluster ids guessed for a word outside the table from its character n-grams (see
        :class:`NgramVotes`), at the coarser levels only; None when too few of its n-grams are known."""
        votes = self._votes.get("v")
        if votes is None:
            votes = self._votes["v"] = NgramVotes.from_table(self)
        return votes.guess(norm)

    def name_roles(self, forms: Sequence[str]) -> str:
        for f in forms:
            roles = self.names.get(f)
            if roles is not None:
                return roles
        return ""


GUESS_N = (3, 4)
"""Character n-gram lengths (over ``^word$``) that vote for the cluster of a word outside the table."""
GUESS_MIN_GRAMS = 2
"""A guess needs at least this many of the word's n-grams to be known."""
GUESS_MIN_LETTERS = 3


def char_ngrams(norm: str, sizes: Sequence[int] = GUESS_N) -> list[str]:
    padded = f"^{norm}$"
    return [padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1)]


@dataclass(frozen=True, slots=True)
class NgramVotes:
    """For each character n-gram of the table's words, how its words spread over the clusters of each
    coarse level; a new word's cluster at a level is the one its n-grams' normalised votes favour."""

    levels: tuple[int, ...]
    votes: Mapping[str, tuple[tuple[tuple[int, float], ...], ...]]
    """n-gram -> per coarse level, (cluster, share of the n-gram's words) pairs"""

    @classmethod
    def from_table(cls, table: ClusterTable) -> NgramVotes:
        coarse = table.levels[:-1]
        counts: dict[str, list[dict[int, int]]] = {}
        for word, fine in table.words.items():
            if len(word) < GUESS_MIN_LETTERS:
                continue
            ids = [par[fine] for par in table.parents]
            for g in set(char_ngrams(word)):
                per = counts.get(g)
                if per is None:
                    per = counts[g] = [{} for _ in coarse]
                for lvl, c in enumerate(ids):
                    per[lvl][c] = per[lvl].get(c, 0) + 1
        votes: dict[str, tuple[tuple[tuple[int, float], ...], ...]] = {}
        for g, per in counts.items():
            total = sum(per[0].values())
            if total < 2:
                continue
            votes[g] = tuple(tuple((c, n / total) for c, n in sorted(d.items())) for d in per)
        return cls(coarse, votes)

    def guess(self, norm: str) -> tuple[str, ...] | None:
        if len(norm) < GUESS_MIN_LETTERS:
            return None
        known = [v for g in dict.fromkeys(char_ngrams(norm)) if (v := self.votes.get(g)) is not None]
        if len(known) < GUESS_MIN_GRAMS:
            return None
        out: list[str] = []
        for lvl, size in enumerate(self.levels):
            score: dict[int, float] = {}
            for v in known:
                for c, share in v[lvl]:
                    score[c] = score.get(c, 0.0) + share
            best = min(score.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            out.append(f"{size}:{best}")
        return tuple(out)


def vec_ngram_bucket(gram: str, buckets: int) -> int:
    """The hash bucket of a character n-gram in the ``vec`` table's n-gram model (stable across runs)."""
    return zlib.crc32(gram.encode("utf-8")) % buckets


def vec_ngrams(norm: str, sizes: Sequence[int]) -> list[str]:
    """The distinct character n-grams (over ``^word$``) the ``vec`` n-gram model reads."""
    return list(dict.fromkeys(char_ngrams(norm, sizes)))


@dataclass(frozen=True, slots=True)
class VectorTable:
    """Dense word vectors (``ner_vectors.json.gz``): rows for the table's words, and for any other word a
    linear prediction from its hashed character n-grams (ridge regression fitted on the table's words)."""

    dims: int
    index: Mapping[str, int]
    """key (``word_key`` form or stem) -> row"""
    rows: Sequence[int]
    """int8 values, row-major (``len(index) * dims``)"""
    row_scale: tuple[float, ...]
    ngram_sizes: tuple[int, ...]
    buckets: int
    weights: Sequence[int]
    """int8 values, ``buckets * dims``"""
    weight_scale: tuple[float, ...]
    intercept: tuple[float, ...]
    fingerprint: str

    def row(self, key: str) -> tuple[float, ...] | None:
        r = self.index.get(key)
        if r is None:
            return None
        base = r * self.dims
        rows = self.rows
        return tuple(rows[base + k] * sc for k, sc in enumerate(self.row_scale))

    def predict(self, norm: str) -> tuple[float, ...]:
        grams = vec_ngrams(norm, self.ngram_sizes)
        acc = [0.0] * self.dims
        if grams:
            w = self.weights
            dims = self.dims
            for g in grams:
                base = vec_ngram_bucket(g, self.buckets) * dims
                for k in range(dims):
                    acc[k] += w[base + k]
            norm_by = len(grams) ** -0.5
            return tuple(b + a * sc * norm_by
                         for a, sc, b in zip(acc, self.weight_scale, self.intercept, strict=True))
        return self.intercept

    def vector(self, norm: str, stem: str, hidden: frozenset[str] = frozenset()) -> tuple[float, ...]:
        """The word's row (else its stem's; ``hidden`` keys are treated as unlisted), else the prediction."""
        v = self.row(norm) if norm not in hidden else None
        if v is None and stem not in hidden:
            v = self.row(stem)
        return v if v is not None else self.predict(norm)


def _int8(data: str) -> array[int]:
    out = array("b")
    out.frombytes(base64.b64decode(data))
    return out


@functools.cache
def read_vector_table(path: Path = VECTORS_RESOURCE) -> VectorTable:
    """Load a compiled vector table (once per path)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("format") != VECTORS_FORMAT:
        raise LookupError(f"{path}: format {data.get('format')!r}, expected {VECTORS_FORMAT!r}")
    keys: list[str] = data["keys"]
    return VectorTable(
        dims=int(data["dims"]),
        index={k: i for i, k in enumerate(keys)},
        rows=_int8(data["rows"]),
        row_scale=tuple(float(v) for v in data["row_scale"]),
        ngram_sizes=tuple(int(v) for v in data["ngram_sizes"]),
        buckets=int(data["buckets"]),
        weights=_int8(data["weights"]),
        weight_scale=tuple(float(v) for v in data["weight_scale"]),
        intercept=tuple(float(v) for v in data["intercept"]),
        fingerprint=str(data["fingerprint"]),
    )


@functools.cache
def read_cluster_table(path: Path = CLUSTERS_RESOURCE) -> ClusterTable:
    """Load a compiled cluster table (once per path)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("format") != CLUSTERS_FORMAT:
        raise LookupError(f"{path}: format {data.get('format')!r}, expected {CLUSTERS_FORMAT!r}")
    levels = tuple(int(v) for v in data["levels"])
    parents = tuple(tuple(int(v) for v in data["parents"][str(lvl)]) for lvl in levels[:-1])
    words: dict[str, int] = data["words"]  # written by scripts/build_ner_clusters.py: str -> int
    names: dict[str, str] = data["names"]  # str -> str
    full = NameList.from_keys("wdpers", data.get("full_names", ()))
    return ClusterTable(words, parents, levels, names, str(data["fingerprint"]), full)


@dataclass(frozen=True, slots=True)
class FeatureResources:
    """The name lists and cluster table a feature extractor uses (empty when the groups are off)."""

    lists: tuple[NameList, ...] = ()
    table: ClusterTable | None = None
    vectors: VectorTable | None = None

    def fingerprints(self) -> dict[str, str]:
        out = {nl.label: f"{nl.size}:{nl.fingerprint}" for nl in self.lists}
        if self.table is not None:
            out["clusters"] = f"{len(self.table.words)}+{len(self.table.names)}:{self.table.fingerprint}"
        if self.vectors is not None:
            out["vectors"] = f"{len(self.vectors.index)}x{self.vectors.dims}:{self.vectors.fingerprint}"
        return out


def read_anergazet(directory: Path) -> dict[str, list[str]]:
    """Read ANERGazet's ``Aligned{Loc,Org,Pers}Gazetteer.txt`` (``====``/``****`` lines separate groups)."""
    out: dict[str, list[str]] = {}
    for label, fname in (("LOC", "AlignedLocGazetteer.txt"), ("ORG", "AlignedOrgGazetteer.txt"),
                         ("PERS", "AlignedPersGazetteer.txt")):
        names: list[str] = []
        with (directory / fname).open(encoding="utf-8") as fh:
            for line in fh:
                s = line.strip()
                if s and not set(s) <= {"=", "*"}:
                    names.append(s)
        out[label] = names
    return out


def _names_from_module(module_name: str, getter: str) -> list[str] | None:
    """Names from ``marsad.knowledge.<x>.<getter>().names()``, or None when unavailable."""
    try:
        module = importlib.import_module(module_name)
        obj = getattr(module, getter)()
        names: list[str] = []
        for item in obj.names():  # plain names or (name, id) pairs
            if isinstance(item, str):
                names.append(item)
            elif isinstance(item, tuple) and item and isinstance(item[0], str):
                names.append(item[0])
    except Exception:  # optional resource written elsewhere: any failure means "absent"
        return None
    return names or None


def knowledge_names(group: str) -> list[str] | None:
    """Names for the ``gazetteer`` / ``actors`` groups, or None when that resource is not available."""
    if group == "gazetteer":
        return _names_from_module("marsad.knowledge.gazetteer", "get_gazetteer")
    if group == "actors":
        return _names_from_module("marsad.knowledge.actors", "get_actors")
    if group == "gazloc":
        found = _names_from_module("marsad.knowledge.gazetteer", "get_gazetteer")
        if found is None:
            return None
        keep = [n for n in found
                if len(normalize_key(n).split()) > 1 or len(normalize_key(n)) >= GAZLOC_MIN_LETTERS]
        return keep or None
    raise ValueError(f"not a knowledge group: {group!r}")


def available_groups(*, anergazet_dir: Path | None = None) -> tuple[str, ...]:
    """Feature groups that can be built in this installation."""
    groups = [*BASE_GROUPS, "pattern", "doc", "ngrams"]
    if CLUSTERS_RESOURCE.is_file():
        groups += [*TABLE_GROUPS, "kguess"]
    if VECTORS_RESOURCE.is_file():
        groups.append("vec")
    if anergazet_dir is not None and (anergazet_dir / "AlignedLocGazetteer.txt").is_file():
        groups.append("anergazet")
    for g in ("gazetteer", "actors", "gazloc"):
        if knowledge_names(g) is not None:
            groups.append(g)
    return tuple(groups)


def load_resources(groups: Iterable[str], *, anergazet_dir: Path | None = None,
                   clusters_path: Path | None = None, vectors_path: Path | None = None) -> FeatureResources:
    """Compile the name lists (and load the cluster table) that ``groups`` need; raises LookupError when
    one is unavailable."""
    lists: list[NameList] = []
    gs = set(groups)
    if "anergazet" in gs:
        if anergazet_dir is None:
            raise LookupError("feature group 'anergazet' needs the ANERGazet directory")
        for label, names in read_anergazet(anergazet_dir).items():
            lists.append(NameList.from_names(f"ag{label}", names))
    for g in ("gazetteer", "actors", "gazloc"):
        if g in gs:
            found = knowledge_names(g)
            if found is None:
                raise LookupError(f"feature group {g!r} needs marsad.knowledge, which is not available")
            lists.append(NameList.from_names(g, found))
    table = None
    if gs & set(TABLE_GROUPS):
        path = clusters_path or CLUSTERS_RESOURCE
        try:
            table = read_cluster_table(path)
        except (OSError, ValueError, KeyError) as exc:
            raise LookupError(f"feature groups {sorted(gs & set(TABLE_GROUPS))} need {path}: {exc}") from exc
        if "names" in gs and table.full_names is not None and table.full_names.size:
            lists.append(table.full_names)
    vectors = None
    if "vec" in gs:
        vpath = vectors_path or VECTORS_RESOURCE
        try:
            vectors = read_vector_table(vpath)
        except (OSError, ValueError, KeyError) as exc:
            raise LookupError(f"feature group 'vec' needs {vpath}: {exc}") from exc
    return FeatureResources(tuple(lists), table, vectors)


# ---------------------------------------------------------------------------------------------
# Feature extraction.


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Which feature groups a model uses (recorded in the model metadata)."""

    groups: tuple[str, ...] = BASE_GROUPS
    version: str = FEATURES_VERSION

    def __post_init__(self) -> None:
        unknown = [g for g in self.groups if g not in ALL_GROUPS]
        if unknown:
            raise ValueError(f"unknown feature groups {unknown}; known: {list(ALL_GROUPS)}")

    def has(self, group: str) -> bool:
        return group in self.groups


def word_key(token: str) -> str:
    """The normalised form a token is featurised (and looked up in the cluster table) under."""
    return normalize_key(token).replace(" ", "_") or "_"


_ARABIC_LETTERS = re.compile("[\u0621-\u064a]+")


def word_shape(token: str) -> str:
    """Coarse shape: D (digits), L (Latin), P (punctuation), A (Arabic), or a combination like AD."""
    if _ARABIC_LETTERS.fullmatch(token):  # the common case, quickly
        return "A"
    kinds: list[str] = []
    for ch in token:
        if ch.isdigit():
            k = "D"
        elif ch.isalpha():
            k = "L" if ch.isascii() else ("A" if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff"
                                          else "X")
        else:
            k = "P"
        if k not in kinds:
            kinds.append(k)
    return "".join(kinds) or "E"


NGRAM_SIZES = (3, 4)
NGRAM_MIN_STEM = 4
_PATTERN_KEEP = frozenset("اوي")


def stem_pattern(stem: str) -> str:
    """The stem's consonant/long-vowel skeleton: ا و ي kept, every other letter ``C`` (مفعول -> CCCوC,
    كلينتون -> CCيCCوC); transliterated foreign names tend to have unusual skeletons."""
    if len(stem) > 9:
        return "long"
    return "".join(ch if ch in _PATTERN_KEEP else "C" for ch in stem)


@dataclass(frozen=True, slots=True)
class _Word:
    norm: str
    forms: tuple[str, ...]
    own: tuple[str, ...]
    ctx: tuple[tuple[str, ...], ...]  # features this word gives to the positions at offsets -2, -1, +1, +2
    uni_w: str
    uni_s: str
    cues: tuple[str, ...]
    stem: str = ""
    """the proclitic-stripped stem when the word can carry document features (Arabic, >= 3 letters), else ''"""
    as_prev: tuple[str, ...] = ()
    """document events this word gives the word after it (``d-1c=PER``, ``d-1nm=G``)"""
    as_next: tuple[str, ...] = ()
    vec: tuple[float, ...] = ()
    """the word's dense vector (group ``vec``), already scaled"""


Features = list[str] | dict[str, float]
"""One token's features: names that fire with weight 1, or (group ``vec``) names with real values."""

_OFFSETS = (-2, -1, 1, 2)
_VEC_NAMES: tuple[tuple[str, ...], ...] = tuple(
    tuple(f"{pre}v{k}" for k in range(64)) for pre in ("", "-1", "+1"))


@dataclass(slots=True)
class FeatureExtractor:
    """Turns a sentence (a sequence of tokens) into one feature list per token."""

    config: FeatureConfig = field(default_factory=FeatureConfig)
    resources: FeatureResources = field(default_factory=FeatureResources)
    cache_size: int = 200_000
    hidden_words: frozenset[str] = frozenset()
    """Keys (``word_key`` forms) whose clusters are treated as unknown: used in training (words seen once
    there) so that the model learns what to do with words outside the cluster table, as at run time."""
    _cache: dict[str, _Word] = field(default_factory=dict)
    _on: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        needed = {g for g in self.config.groups if g in LIST_GROUPS}
        have = {nl.label for nl in self.resources.lists}
        for g in needed:
            if g == "anergazet":
                if not any(lbl.startswith("ag") for lbl in have):
                    raise LookupError("feature group 'anergazet' is on but its lists were not loaded")
            elif g not in have:
                raise LookupError(f"feature group {g!r} is on but its list was not loaded")
        if set(self.config.groups) & set(TABLE_GROUPS) and self.resources.table is None:
            raise LookupError("feature groups 'clusters'/'names' are on but the cluster table was not loaded")
        self._on = frozenset(self.config.groups)

    def clear_cache(self) -> None:
        """Forget the per-word features computed so far."""
        self._cache.clear()

    def _word(self, token: str) -> _Word:
        w = self._cache.get(token)
        if w is not None:
            return w
        on = self._on
        norm = word_key(token)
        shape = word_shape(token)
        split = strip_proclitics(norm)
        stem = split.stem
        own: list[str] = ["bias"]
        c0: list[str] = []  # what this word gives the word 2 after it (its offset -2), ...
        c1: list[str] = []
        c2: list[str] = []
        c3: list[str] = []
        if "lex" in on:
            own += ("w=" + norm, "s=" + stem, "p=" + split.proclitics)
        if "affix" in on:
            own += ("p1=" + stem[:1], "p2=" + stem[:2], "p3=" + stem[:3],
                    "x1=" + stem[-1:], "x2=" + stem[-2:], "x3=" + stem[-3:])
            if split.proclitics and not split.has_article:
                # a one-letter "proclitic" may be a root letter (كولن, باول): keep the unstripped prefixes
                own += ("np2=" + norm[:2], "np3=" + norm[:3])
        if "shape" in on:
            ln = len(stem)
            own += ("sh=" + shape, f"len={ln if ln < 8 else 8}")
            c0.append("-2sh=" + shape)
            c1.append("-1sh=" + shape)
            c2.append("1sh=" + shape)
            c3.append("2sh=" + shape)
        if "context" in on:
            c0 += ("-2w=" + norm, "-2s=" + stem)
            c1 += ("-1w=" + norm, "-1s=" + stem)
            c2 += ("1w=" + norm, "1s=" + stem)
            c3 += ("2w=" + norm, "2s=" + stem)
        if "ngrams" in on and len(stem) >= NGRAM_MIN_STEM and shape == "A":
            own += ["ng=" + g for g in dict.fromkeys(
                stem[i : i + n] for n in NGRAM_SIZES for i in range(len(stem) - n + 1))]
        if "pattern" in on and shape == "A":
            own.append("pt=" + stem_pattern(stem))
        forms = lookup_forms(norm)
        cues = cue_types(norm, forms) if "cues" in on or "cuewin" in on or "doc" in on else ()
        if "cues" in on:
            for c in cues:
                own.append("c=" + c)
                c0.append("-2c=" + c)
                c1.append("-1c=" + c)
                c2.append("1c=" + c)
                c3.append("2c=" + c)
        table = self.resources.table
        if table is not None and "clusters" in on:
            hidden = self.hidden_words
            ids = table.cluster_features(norm, stem, hidden)
            guessed = table.guess_features(norm) if ids is None and "kguess" in on else None
            if guessed is not None:
                own.append("k=G")
                own += ["kg" + i for i in guessed]
                c1 += ["-1kg" + i for i in guessed]
                c2 += ["+1kg" + i for i in guessed]
            elif ids is None:
                own.append("k=U")
                c1.append("-1k=U")
                c2.append("+1k=U")
            else:
                own += ["k" + i for i in ids]
                c1 += ["-1k" + i for i in ids]
                c2 += ["+1k" + i for i in ids]
                c0.append("-2k" + ids[0])
                c3.append("+2k" + ids[0])
                if stem != norm:  # the stem's own cluster too (clitic-free)
                    sids = table.cluster_features(stem, stem, hidden)
                    if sids is not None:
                        own += ["sk" + i for i in sids]
        roles = table.name_roles(forms) if table is not None and ("names" in on or "doc" in on) else ""
        if "names" in on:
            for r in roles:
                own.append("nm=" + r)
                c0.append("-2nm=" + r)
                c1.append("-1nm=" + r)
                c2.append("1nm=" + r)
                c3.append("2nm=" + r)
        doc_stem = stem if len(stem) >= DOC_MIN_STEM and shape == "A" else ""
        as_prev: tuple[str, ...] = ()
        as_next: tuple[str, ...] = ()
        if "doc" in on:
            as_prev = (*("d-1c=" + c for c in cues), *("d-1nm=" + r for r in roles))
            as_next = (*("d+1c=" + c for c in cues), *("d+1nm=" + r for r in roles))
        vec: tuple[float, ...] = ()
        vectors = self.resources.vectors
        if vectors is not None and "vec" in on:
            raw = vectors.predict(norm) if VEC_PREDICT_ONLY else vectors.vector(norm, stem, self.hidden_words)
            vec = tuple(v * VEC_SCALE for v in raw)
        w = _Word(norm, forms, tuple(own), (tuple(c0), tuple(c1), tuple(c2), tuple(c3)), norm, stem, cues,
                  doc_stem, as_prev, as_next, vec)
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[token] = w
        return w

    def sentence(self, tokens: Sequence[str]) -> list[Features]:
        """One feature list per token (with group ``vec``, a ``name -> value`` dict)."""
        if "vec" not in self._on:
            return list(self._lists(tokens))
        return self._dense(self._lists(tokens), [self._word(t) for t in tokens])

    def _dense(self, feats: list[list[str]], words: Sequence[_Word]) -> list[Features]:
        if "vec" not in self._on or self.resources.vectors is None:
            return list(feats)
        out: list[Features] = []
        n = len(words)
        dims = len(words[0].vec) if words else 0
        names = tuple(t[:dims] for t in _VEC_NAMES)
        for i, (f, w) in enumerate(zip(feats, words, strict=True)):
            d = dict.fromkeys(f, 1.0)
            d.update(zip(names[0], w.vec, strict=True))
            if VEC_NEIGHBOURS:
                if i > 0:
                    d.update(zip(names[1], words[i - 1].vec, strict=True))
                if i + 1 < n:
                    d.update(zip(names[2], words[i + 1].vec, strict=True))
            out.append(d)
        return out

    def _lists(self, tokens: Sequence[str]) -> list[list[str]]:
        words = [self._word(t) for t in tokens]
        n = len(words)
        cfg = self.config
        bigram = cfg.has("bigram")
        shape = cfg.has("shape")
        cue_at = [(j, w.cues) for j, w in enumerate(words) if w.cues] if cfg.has("cuewin") else []
        cuewin = bool(cue_at)
        out: list[list[str]] = []
        for i, w in enumerate(words):
            feats = list(w.own)
            for k, off in enumerate(_OFFSETS):
                j = i + off
                if 0 <= j < n:
                    feats += words[j].ctx[k]
            if shape:
                if i == 0:
                    feats.append("BOS")
                if i == n - 1:
                    feats.append("EOS")
                if i == 1:
                    feats.append("pos1")
            if bigram:
                prev_w = words[i - 1].uni_w if i > 0 else "<s>"
                prev_s = words[i - 1].uni_s if i > 0 else "<s>"
                next_w = words[i + 1].uni_w if i + 1 < n else "</s>"
                next_s = words[i + 1].uni_s if i + 1 < n else "</s>"
                feats += [f"bw-={prev_w}|{w.uni_w}", f"bw+={w.uni_w}|{next_w}",
                          f"bs-={prev_s}|{w.uni_s}", f"bs+={w.uni_s}|{next_s}"]
            if cuewin:
                before = {c for j, cs in cue_at if i - 4 <= j < i for c in cs}
                after = {c for j, cs in cue_at if i < j <= i + 4 for c in cs}
                if before:
                    feats += [f"cw-={c}" for c in sorted(before)]
                if after:
                    feats += [f"cw+={c}" for c in sorted(after)]
            out.append(feats)
        if self.resources.lists and n:
            norms = [w.norm for w in words]
            forms = [w.forms for w in words]
            for nl in self.resources.lists:
                marks = nl.match(norms, forms)
                for i, m in enumerate(marks):
                    if m:
                        out[i].append(f"g{nl.label}={m}")
                        if i > 0:
                            out[i - 1].append(f"g{nl.label}+1={m}")
                        if i + 1 < n:
                            out[i + 1].append(f"g{nl.label}-1={m}")
        return out

    def document(self, sentences: Sequence[Sequence[str]]) -> list[list[Features]]:
        """Feature lists of every sentence of a document: :meth:`sentence`'s, plus (group ``doc``) what the
        *other* occurrences of the word's stem in the document show: the cue types and name roles of the
        words just before and after them (``d-1c=PER``: somewhere else in the document the word follows a
        person cue) and how often it recurs (``dn=2``, ``dn=3``)."""
        feats = [self._lists(tokens) for tokens in sentences]
        if not self.config.has("doc") and "vec" not in self._on:
            return cast("list[list[Features]]", feats)
        rows = [[self._word(t) for t in tokens] for tokens in sentences]
        if self.config.has("doc"):
            self._document(feats, rows)
        return [self._dense(f, words) for f, words in zip(feats, rows, strict=True)]

    def _document(self, feats: list[list[list[str]]], rows: list[list[_Word]]) -> None:
        counts: dict[str, int] = {}
        for words in rows:
            for w in words:
                if w.stem:
                    counts[w.stem] = counts.get(w.stem, 0) + 1
        if all(c < 2 for c in counts.values()):
            return
        # what each occurrence of a recurring stem shows (the cue types / name roles of its neighbours)
        shown: list[list[frozenset[str] | None]] = []
        totals: dict[str, dict[str, int]] = {}
        for words in rows:
            n = len(words)
            row: list[frozenset[str] | None] = []
            for i, w in enumerate(words):
                if counts.get(w.stem, 0) < 2:
                    row.append(None)
                    continue
                ev: set[str] = set()
                if i > 0:
                    ev.update(words[i - 1].as_prev)
                if i + 1 < n:
                    ev.update(words[i + 1].as_next)
                evs = frozenset(ev)
                row.append(evs)
                agg = totals.setdefault(w.stem, {})
                for e in evs:
                    agg[e] = agg.get(e, 0) + 1
            shown.append(row)
        for words, sent_feats, row in zip(rows, feats, shown, strict=True):
            for w, f, mine in zip(words, sent_feats, row, strict=True):
                if mine is None:
                    continue
                f.append(_DOC_COUNT[min(counts[w.stem] - 1, 3)])
                agg = totals[w.stem]
                f += sorted(e for e, c in agg.items() if c > (e in mine))
