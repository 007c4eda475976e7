"""Statements that are not one dated happening, and one happening told twice (sentences we wrote)."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.export import document_json
from marsad.model import Document, Event
from marsad.nlp import default_pipeline
from tests.conftest import assert_spans_consistent


def _events(text: str, published: date | None = date(2024, 3, 14)) -> list[Event]:
    doc = default_pipeline(on_error="raise", ner=False)(
        Document(doc_id="t", text=text, raw_text=text, published=published)
    )
    assert_spans_consistent(document_json(doc))
    return [e for e in doc.events if e.status == "asserted"]


def _types(events: list[Event]) -> list[str]:
    return [e.type.plover for e in events]


def test_events_background_habitual_list_is_not_reported() -> None:
    text = (
        "قصفت قوات النظام أطراف مدينة أريحا يوم أمس. "
        "ومن الجدير ذكره أن ريف المدينة يشهد انفلاتاً أمنياً إذ تكثر فيه حوادث التفجير، فضلاً عن الخطف والسرقة والاغتصاب."
    )
    events = _events(text)
    assert _types(events) == ["ASSAULT"]
    assert "أريحا" in text[events[0].sentence.start : events[0].sentence.end]


def test_events_background_a_habitual_frame_ends_at_a_reported_act() -> None:
    events = _events("يشهد الحي توتراً أمنياً، وقد اختطفت عصابة مسلحة مساء أمس طفلاً من حي الحميدية بمدينة دير الزور.")
    assert "ASSAULT" in _types(events)


def test_events_background_stationed_forces_are_not_a_move() -> None:
    events = _events("وبحسب ناشطين فإن قوات النظام تتمركز منذ أشهر في محيط مدينة الميادين.")
    assert "MOBILIZE" not in _types(events)
    moved = _events("انتشرت قوات النظام صباح اليوم في شوارع مدينة الميادين.")
    assert "MOBILIZE" in _types(moved)


def test_events_background_weapons_carried_are_not_an_attack() -> None:
    text = "أسقطت قوات سوريا الديمقراطية أمس طائرة مسيرة محملة بقنابل قرب بلدة الشحيل."
    events = _events(text)
    assert [e.type.acled_sub_event_type for e in events] == ["Disrupted weapons use"]


def test_events_background_a_tally_over_months_is_a_statistic() -> None:
    text = (
        "ذكر تقرير حقوقي أن 640 مدنياً قتلوا بضربات جوية في محافظة حلب على مدار العام الماضي. "
        "وقصف الطيران الحربي فجر اليوم بلدة الأتارب غربي حلب، ما أسفر عن مقتل امرأتين."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].fatalities == 2
    assert events[0].location is not None and events[0].location.admin1_pcode == "SY02"


def test_events_background_a_group_is_not_a_sum() -> None:
    events = _events("هاجمت مجموعة مسلحة مساء أمس موقعاً لقوات النظام قرب مدينة نوى في ريف درعا.")
    assert _types(events) == ["ASSAULT"]


def test_events_retelling_opening_definite_act_merges() -> None:
    text = (
        "نشبت اشتباكات مساء أمس بين قوات النظام وتنظيم داعش قرب بلدة السخنة. الاشتباكات خلفت خمسة قتلى من جنود النظام."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].fatalities == 5
    assert events[0].time is not None and events[0].time.value == date(2024, 3, 13)


def test_events_reference_after_pointing_word_merges() -> None:
    text = "قصفت قوات النظام بقذائف المدفعية قرية البارة في جبل الزاوية أمس. وبسبب القصف غادرت عائلات كثيرة منازلها."
    assert _types(_events(text)).count("ASSAULT") == 1


def test_events_explosions_heard_join_the_strike() -> None:
    text = (
        "سمع دوي انفجارات قوية فجر اليوم في مدينة الميادين. "
        "ورجح ناشطون أن طائرات حربية مجهولة قصفت مستودعات سلاح لحزب الله في مدينة الميادين."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].type.acled_sub_event_type == "Air/drone strike"


def test_events_reference_brings_its_toll_to_the_telling_it_points_to() -> None:
    text = (
        "هاجم تنظيم داعش موقعاً لقوات النظام عند حقل الشاعر أمس. "
        "وخلال الهجوم قتل ثلاثة جنود من قوات النظام في بادية حمص."
    )
    [event] = _events(text)
    assert event.fatalities == 3
    assert event.actor1 is not None and event.actor1.actor_id == "isis"


def test_events_agent_after_a_verbal_noun_and_its_adjective() -> None:
    events = _events("لقي عشرة جنود مصرعهم أمس في هجوم مباغت لتنظيم داعش قرب بلدة السخنة.")
    assert [e.actor1.actor_id if e.actor1 else None for e in events] == ["isis"]


def test_events_retelling_a_definite_act_with_no_agent_of_its_own_merges() -> None:
    text = "وقعت اشتباكات بين فصيلين مسلحين وسط مدينة الباب اليوم. وامتدت الاشتباكات إلى الأحياء الشرقية من المدينة."
    assert _types(_events(text)).count("ASSAULT") == 1


def test_events_a_definite_act_with_new_sides_is_its_own_event() -> None:
    text = (
        "وقعت اشتباكات بين فصيلين مسلحين وسط مدينة الباب اليوم. "
        "وفي مدينة سلقين اندلع الاقتتال بين فيلق الشام وهيئة تحرير الشام."
    )
    assert _types(_events(text)).count("ASSAULT") == 2


def test_events_one_raid_by_unknown_aircraft_told_with_two_targets() -> None:
    text = (
        "قصفت طائرات مجهولة الهوية ليل أمس مقراً لحزب الله في مدينة الميادين. "
        "وبحسب ناشطين فإن غارات لطيران حربي مجهول طالت مستودعاً لقوات النظام في مدينة الميادين."
    )
    assert _types(_events(text)).count("ASSAULT") == 1


def test_events_a_nationality_after_the_act_names_its_agent() -> None:
    [event] = _events("أصيب سبعة مدنيين بجروح اليوم إثر غارات روسية على أطراف مدينة معرة النعمان.")
    assert event.actor1 is not None and event.actor1.actor_id == "ru-forces"


def test_events_two_attackers_in_one_sentence_are_two_acts() -> None:
    text = (
        "أسفرت غارات روسية على مدينة أريحا أمس عن مقتل أربعة مدنيين، "
        "بينما قتل مدنيان في قصف مدفعي لقوات النظام على بلدة سرمين."
    )
    agents = sorted(e.actor1.actor_id for e in _events(text) if e.actor1 and e.actor1.actor_id)
    assert agents == ["ru-forces", "sy-gov-forces-assad"]


def test_events_who_holds_the_target_area_is_not_the_attacker() -> None:
    events = _events("نفذت طائرات النظام غارات أمس على قرى في ريف الرقة تقع تحت سيطرة تنظيم داعش.")
    assert all(e.actor1 is None or e.actor1.actor_id != "isis" for e in events)


def test_events_who_is_exposed_to_an_attack_is_its_target() -> None:
    [event] = _events("ليل أمس تعرضت قاعدة حميميم في ريف اللاذقية لهجوم صاروخي.")
    assert event.actor2 is not None and event.actor2.actor_id == "ru-hmeimim-command"
    assert event.actor1 is None or event.actor1.actor_id != "ru-hmeimim-command"


def test_events_suffering_far_before_an_act_does_not_make_its_agent_a_target() -> None:
    events = _events("أوضاع مأساوية يتعرض لها النازحون في ظل تكثيف قوات النظام القصف على أرياف إدلب منذ أسبوع.")
    assert any(e.actor1 is not None and e.actor1.actor_id == "sy-gov-forces-assad" for e in events)


def test_events_an_unresolved_day_may_be_the_day_another_telling_dates() -> None:
    text = (
        "هاجمت طائرات مسيرة مجهولة مساء الجمعة 5 كانون الثاني 2018 قاعدة حميميم. "
        "وذكرت مصادر أن طائرات مسيرة مجهولة هاجمت القاعدة مساء أمس الجمعة."
    )
    assert len(_events(text, published=None)) == 1


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("استهدفت طائرة مسيرة مجهولة صباح اليوم شاحنة قرب بلدة الشحيل.", "Air/drone strike"),
        ("استهدفت قوات النظام بقذائف الهاون اليوم أطراف مدينة سلقين.", "Shelling/artillery/missile attack"),
        ("استهدف مجهولون بعبوة ناسفة صباح اليوم سيارة للأمن العسكري قرب مدينة نوى.", "Remote explosive/landmine/IED"),
        ("استهدف عناصر تنظيم داعش ليل أمس حاجزاً لقوات النظام قرب السخنة.", "Armed clash"),
        (
            "شن تنظيم داعش ليل أمس هجوماً بقذائف الهاون على ثكنة لقوات النظام قرب السخنة.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_events_the_weapon_types_a_generic_attack(text: str, sub_type: str) -> None:
    events = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    assert [e.type.acled_sub_event_type for e in events] == [sub_type]


def test_events_an_act_named_as_a_purpose_is_not_reported() -> None:
    text = "دفعت قوات النظام بتعزيزات إلى ريف حماة الشمالي لشن عملية عسكرية على بلدة كفرزيتا."
    events = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    assert events == []


def test_events_the_weapons_of_a_clash_are_not_a_second_attack() -> None:
    text = "اندلعت اشتباكات أمس بين مجموعتين مسلحتين في مدينة جرابلس، واستخدم المسلحون فيها قذائف الهاون."
    assert _types(_events(text)) == ["ASSAULT"]


def test_events_the_victims_of_a_toll_are_not_its_attackers() -> None:
    text = "نقلت مصادر محلية نبأ مقتل خمسة مقاتلين من قوات سوريا الديمقراطية في هجمات نفذها مسلحو داعش قرب بلدة الشحيل."
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "isis"
    assert event.actor2 is not None and event.actor2.actor_id == "sy-sdf"
    assert event.fatalities == 5


def test_events_the_lead_stays_the_evidence_of_a_merged_happening() -> None:
    text = (
        "نشبت اشتباكات صباح أمس بين مقاتلين من العشائر وقوات سوريا الديمقراطية قرب بلدة الشحيل. "
        "وذكر ناشطون أن الاشتباكات خلفت 13 قتيلاً."
    )
    [event] = _events(text)
    assert text[event.sentence.start : event.sentence.end].startswith("نشبت")
    assert event.fatalities == 13


def test_events_the_gunmen_point_back_to_the_group_named_before() -> None:
    text = "شنت هيئة تحرير الشام صباح اليوم حملة دهم في بلدة سرمدا. واعتقل المسلحون خمسة شبان من أبناء البلدة."
    agents = {e.actor1.actor_id for e in _events(text) if e.actor1 is not None}
    assert agents == {"sy-hts"}


def test_events_unknown_gunmen_stay_unknown() -> None:
    text = "شنت هيئة تحرير الشام صباح اليوم حملة دهم في بلدة سرمدا. واغتال مسلحون مجهولون ناشطاً في بلدة الدانا."
    agents = [e.actor1.actor_id for e in _events(text) if e.type.plover == "ASSAULT" and e.actor1 is not None]
    assert agents == ["unidentified-armed-men"]


def test_events_civilians_killed_are_never_a_side_taking_part() -> None:
    text = "هاجمت قوات النظام بمشاركة ميليشيا الدفاع الوطني بلدة مورك فجر اليوم، ما أسفر عن مقتل ثلاثة مدنيين."
    events = _events(text)
    assert events and all(a.inter != 7 for e in events for a in e.assoc_actors)
    assert any(a.actor_id == "sy-ndf" for e in events for a in e.assoc_actors)


def test_events_the_subject_of_the_light_verb_is_the_agent_not_an_apposition() -> None:
    text = (
        "نفذت هيئة تحرير الشام، التي تضم فصائل عدة أكبرها جبهة فتح الشام (جبهة النصرة سابقاً)، "
        "حملة اعتقالات اليوم في بلدة سرمدا."
    )
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "sy-hts"


def test_events_a_similar_campaign_elsewhere_is_another_event() -> None:
    text = (
        "بدأت هيئة تحرير الشام صباح اليوم حملة اعتقالات في مدينة إدلب. "
        "وفي الوقت ذاته نفذت الهيئة حملة اعتقالات أخرى في بلدة سرمين. "
        "كما أكد ناشطون اعتقال الهيئة عدداً من الشبان."
    )
    places = sorted(e.location.text for e in _events(text) if e.type.plover == "COERCE" and e.location)
    assert len(places) == 2 and any("سرمين" in p for p in places) and any("إدلب" in p for p in places)


def test_events_a_verb_never_takes_the_article() -> None:
    assert _events("وذكر ناشطون أن أسماء القتلى لم تعرف بعد.") == []
    assert _types(_events("كثفت قوات النظام اليوم القصف على بلدة كفرنبل.")) == ["ASSAULT"]


def test_events_going_on_with_a_practice_is_not_a_happening() -> None:
    text = "ومن المعروف أن ميليشيا لواء فاطميون تستمر في تجنيد الشبان مقابل رواتب شهرية في ريف حمص."
    assert "MOBILIZE" not in _types(_events(text))


def test_events_ongoing_clashes_are_a_happening() -> None:
    text = "وتستمر الاشتباكات منذ الصباح بين فيلق الشام وهيئة تحرير الشام قرب مدينة سلقين."
    assert _types(_events(text)) == ["ASSAULT"]
    text = "وقال ناشطون إن اشتباكات متقطعة مستمرة حتى الآن في مدينة جرابلس بين فصيلين مسلحين."
    assert _types(_events(text)) == ["ASSAULT"]


def test_events_ground_fire_after_an_air_strike_is_its_own_event() -> None:
    text = (
        "ألقت مروحيات النظام براميل متفجرة على بلدة بصر الحرير شرقي درعا أمس، "
        "ثم فتحت قوات النظام نيران رشاشاتها على البلدة."
    )
    modes = sorted(e.type.plover_mode or "" for e in _events(text))
    assert modes == ["aerial", "firearms"]


def test_events_warplanes_are_not_pointed_back_to_a_ground_force() -> None:
    text = "استهدفت مدفعية النظام أمس أطراف مدينة أريحا. وفي وقت لاحق شن الطيران الحربي غارة على قرية البارة."
    agents = [e.actor1.actor_id for e in _events(text) if e.actor1 is not None]
    assert "warplanes-unattributed" in agents


def test_events_the_toll_of_strikes_joins_the_strike_it_counts() -> None:
    text = (
        "وارتفعت حصيلة ضحايا الغارات على ريف إدلب الجنوبي إلى 12 قتيلاً. "
        "وكان ناشطون قد أفادوا بمقتل ثمانية مدنيين أمس في غارات روسية على قرية البارة."
    )
    [event] = _events(text)
    assert "البارة" in text[event.sentence.start : event.sentence.end]
    assert event.actor1 is not None and event.actor1.actor_id == "ru-forces"


def test_events_the_side_whose_attack_started_a_clash_acts() -> None:
    text = (
        "وقعت اشتباكات ليل أمس بين قوات النظام وتنظيم داعش قرب بلدة السخنة، بعد هجوم لتنظيم داعش على نقاط قوات النظام."
    )
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "isis"
    assert event.actor2 is not None and event.actor2.actor_id == "sy-gov-forces-assad"


def test_events_a_nationality_after_a_verbal_noun_shared_with_a_verb() -> None:
    text = "وسبق أن تعرضت مواقع لحزب الله قرب مدينة القصير لقصف إسرائيلي الشهر الماضي."
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "il-forces"


def test_events_an_armed_group_targeting_homes_is_the_attacker() -> None:
    text = "وأصيب طفلان أمس بعد استهداف قوات سوريا الديمقراطية المنازل في قرية الطيانة."
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "sy-sdf"
    assert event.type.acled_event_type == "Violence against civilians"
    [target] = _events("ولقي جنديان حتفهما أمس إثر استهداف قوات النظام قرب مدينة الصنمين.")
    assert target.actor2 is not None and target.actor2.actor_id == "sy-gov-forces-assad"


def test_events_background_act_behind_an_area_held_since() -> None:
    text = "وتسيطر فصائل المعارضة منذ شهر أيار على بلدة كفرنبل إثر هجوم شنته على قوات النظام."
    assert not [e for e in [x for x in _events(text) if x.status == "asserted"] if e.type.plover == "ASSAULT"]
    # without the standing state the attack is reported
    text = "شنت فصائل المعارضة هجوماً على قوات النظام في بلدة كفرنبل."
    assert [e for e in [x for x in _events(text) if x.status == "asserted"] if e.type.plover == "ASSAULT"]
