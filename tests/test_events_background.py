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
        "قصفت قوات النظام بلدة كفرنبل يوم أمس. "
        "ويذكر أن المنطقة تشهد فوضى أمنية حيث تكثر عمليات التفجير، بالإضافة إلى عمليات الخطف والسرقة والاغتصاب."
    )
    events = _events(text)
    assert _types(events) == ["ASSAULT"]
    assert "كفرنبل" in text[events[0].sentence.start : events[0].sentence.end]


def test_events_background_a_habitual_frame_ends_at_a_reported_act() -> None:
    events = _events("تشهد المدينة فوضى أمنية، وقد اختطفت مجموعة مسلحة أمس شاباً في حي الجورة بدير الزور.")
    assert "ASSAULT" in _types(events)


def test_events_background_stationed_forces_are_not_a_move() -> None:
    events = _events("قالت مصادر محلية إن ميليشيا الدفاع الوطني تتمركز في أحياء مدينة البوكمال منذ سنوات.")
    assert "MOBILIZE" not in _types(events)
    moved = _events("انتشرت عناصر من ميليشيا الدفاع الوطني أمس في أحياء مدينة البوكمال.")
    assert "MOBILIZE" in _types(moved)


def test_events_background_weapons_carried_are_not_an_attack() -> None:
    text = "أسقط مقاتلو العشائر أمس طائرة مسيرة كانت تحمل قنابل متفجرة في ريف دير الزور الشرقي."
    events = _events(text)
    assert [e.type.acled_sub_event_type for e in events] == ["Disrupted weapons use"]


def test_events_background_a_tally_over_months_is_a_statistic() -> None:
    text = (
        "وثق المرصد مقتل 900 شخص في غارات جوية على محافظة إدلب خلال الأشهر الستة الماضية. "
        "وقصفت طائرات حربية أمس بلدة سرمين في ريف إدلب، ما أدى إلى مقتل امرأتين."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].fatalities == 2
    assert events[0].location is not None and events[0].location.admin1_pcode == "SY07"


def test_events_background_a_group_is_not_a_sum() -> None:
    events = _events("هاجمت مجموعة مسلحة حاجزاً لقوات النظام في بلدة الصنمين بريف درعا أمس.")
    assert _types(events) == ["ASSAULT"]


def test_events_retelling_opening_definite_act_merges() -> None:
    text = (
        "اندلعت اشتباكات عنيفة أمس بين قوات النظام وتنظيم داعش في بادية مدينة الميادين. "
        "الاشتباكات أسفرت عن مقتل خمسة عناصر من قوات النظام."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].fatalities == 5
    assert events[0].time is not None and events[0].time.value == date(2024, 3, 13)


def test_events_reference_after_pointing_word_merges() -> None:
    text = (
        "شن تنظيم داعش هجوماً على نقطة لقوات النظام في بادية الميادين أمس. وبسبب الهجوم نزحت عشرات العائلات من المنطقة."
    )
    assert _types(_events(text)).count("ASSAULT") == 1


def test_events_explosions_heard_join_the_strike() -> None:
    text = (
        "هزت انفجارات عنيفة فجر اليوم مدينة البوكمال. "
        "ورجحت المصادر أن طائرات حربية مجهولة استهدفت مواقع للميليشيات الإيرانية في مدينة البوكمال."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].type.acled_sub_event_type == "Air/drone strike"


def test_events_reference_brings_its_toll_to_the_telling_it_points_to() -> None:
    text = (
        "هاجم تنظيم داعش نقطة لقوات النظام في منطقة المحطة الثالثة شرق مدينة تدمر أمس. "
        "وتسبب الهجوم بمقتل ثلاثة عناصر من قوات النظام في بادية تدمر."
    )
    [event] = _events(text)
    assert event.fatalities == 3
    assert event.actor1 is not None and event.actor1.actor_id == "isis"


def test_events_agent_after_a_verbal_noun_and_its_adjective() -> None:
    events = _events("قتل عشرة عناصر من قوات النظام أمس في هجوم جديد لتنظيم داعش في بادية الميادين.")
    assert [e.actor1.actor_id if e.actor1 else None for e in events] == ["isis"]


def test_events_retelling_a_definite_act_with_no_agent_of_its_own_merges() -> None:
    text = (
        "اندلعت اشتباكات بين فصيلين مسلحين في مدينة عفرين اليوم. "
        "واضطر عدد من الأهالي للنزوح من منازلهم هرباً من الاشتباكات."
    )
    assert _types(_events(text)).count("ASSAULT") == 1


def test_events_a_definite_act_with_new_sides_is_its_own_event() -> None:
    text = (
        "اندلعت اشتباكات بين فصيلين مسلحين في مدينة عفرين اليوم. "
        "وبدأ الاقتتال بين هيئة تحرير الشام وفيلق الشام في مدينة الباب."
    )
    assert _types(_events(text)).count("ASSAULT") == 2


def test_events_one_raid_by_unknown_aircraft_told_with_two_targets() -> None:
    text = (
        "أغارت طائرات مجهولة بعد منتصف الليل على موقع لميليشيا الحشد الشعبي في مدينة البوكمال. "
        "وذكرت شبكة محلية أن غارات لطيران حربي مجهول الهوية استهدفت مواقع عسكرية لقوات النظام في مدينة البوكمال."
    )
    assert _types(_events(text)).count("ASSAULT") == 1


def test_events_a_nationality_after_the_act_names_its_agent() -> None:
    [event] = _events("قتل خمسة مدنيين أمس جراء غارات روسية استهدفت بلدة مسرابا في الغوطة الشرقية.")
    assert event.actor1 is not None and event.actor1.actor_id == "ru-forces"


def test_events_two_attackers_in_one_sentence_are_two_acts() -> None:
    text = (
        "قتل خمسة مدنيين أمس جراء غارات روسية على بلدة مسرابا، "
        "فيما قتل ثلاثة آخرون جراء قصف مدفعي لقوات النظام على بلدة حرستا."
    )
    agents = sorted(e.actor1.actor_id for e in _events(text) if e.actor1 and e.actor1.actor_id)
    assert agents == ["ru-forces", "sy-gov-forces-assad"]


def test_events_who_holds_the_target_area_is_not_the_attacker() -> None:
    events = _events("شنت طائرات النظام غارات جوية أمس على أحياء مدينة دير الزور الخاضعة لسيطرة تنظيم داعش.")
    assert all(e.actor1 is None or e.actor1.actor_id != "isis" for e in events)


def test_events_who_is_exposed_to_an_attack_is_its_target() -> None:
    [event] = _events("تعرضت قاعدة حميميم العسكرية الروسية لهجوم بطائرات مسيرة مساء أمس.")
    assert event.actor2 is not None and event.actor2.actor_id == "ru-hmeimim-command"
    assert event.actor1 is None or event.actor1.actor_id != "ru-hmeimim-command"


def test_events_suffering_far_before_an_act_does_not_make_its_agent_a_target() -> None:
    events = _events("معاناة يتعرض لها آلاف السوريين مع تصعيد قوات النظام القصف على مدينة إدلب منذ أيام.")
    assert any(e.actor1 is not None and e.actor1.actor_id == "sy-gov-forces-assad" for e in events)


def test_events_an_unresolved_day_may_be_the_day_another_telling_dates() -> None:
    text = (
        "تعرضت قاعدة حميميم مساء السبت 6 كانون الثاني 2018 لهجوم بطائرات مسيرة مجهولة. "
        "وقال المرصد إن القاعدة تعرضت مساء أمس السبت لهجوم بطائرات مسيرة مجهولة."
    )
    assert len(_events(text, published=None)) == 1


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("استهدفت طائرة مسيرة مجهولة أمس سيارة عسكرية قرب مدينة الميادين.", "Air/drone strike"),
        ("استهدفت قوات النظام بقذائف الهاون أمس أطراف بلدة كفرنبل.", "Shelling/artillery/missile attack"),
        ("استهدف مسلحون مجهولون أمس بعبوة ناسفة دورية لقوات النظام في بلدة الصنمين.", "Remote explosive/landmine/IED"),
        ("استهدف عناصر من تنظيم داعش أمس نقطة لقوات النظام في بادية الميادين.", "Armed clash"),
        (
            "شن تنظيم داعش أمس هجوماً بقذائف الهاون على مواقع قوات النظام في الميادين.",
            "Shelling/artillery/missile attack",
        ),
    ],
)
def test_events_the_weapon_types_a_generic_attack(text: str, sub_type: str) -> None:
    events = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    assert [e.type.acled_sub_event_type for e in events] == [sub_type]


def test_events_an_act_named_as_a_purpose_is_not_reported() -> None:
    text = "يحشد النظام السوري قواته منذ أيام لشن عملية عسكرية على مدينة إدلب."
    events = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    assert events == []


def test_events_the_weapons_of_a_clash_are_not_a_second_attack() -> None:
    text = "ودارت الاشتباكات أمس في أحياء مدينة عفرين بين فصيلين، واستخدمت فيها الرشاشات الخفيفة وقذائف الهاون."
    assert _types(_events(text)) == ["ASSAULT"]


def test_events_the_victims_of_a_toll_are_not_its_attackers() -> None:
    text = (
        "أعلن المرصد مقتل خمسة عناصر من قوات سوريا الديمقراطية في هجمات استهدفتهم من قبل مسلحي داعش "
        "في ريف دير الزور الشرقي."
    )
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "isis"
    assert event.actor2 is not None and event.actor2.actor_id == "sy-sdf"
    assert event.fatalities == 5


def test_events_the_lead_stays_the_evidence_of_a_merged_happening() -> None:
    text = (
        "اندلعت اشتباكات أمس بين مسلحين من العشائر وقوات سوريا الديمقراطية في ريف دير الزور الشرقي. "
        "وقال المرصد إن الاشتباكات أسفرت عن مقتل 13 شخصاً."
    )
    [event] = _events(text)
    assert text[event.sentence.start : event.sentence.end].startswith("اندلعت")
    assert event.fatalities == 13


def test_events_the_gunmen_point_back_to_the_group_named_before() -> None:
    text = (
        "شنت هيئة تحرير الشام أمس حملة اعتقالات في مدينة إدلب. واعتقل المسلحون عدداً من الشبان في حي الضبيط بمدينة إدلب."
    )
    agents = {e.actor1.actor_id for e in _events(text) if e.actor1 is not None}
    assert agents == {"sy-hts"}


def test_events_unknown_gunmen_stay_unknown() -> None:
    text = "شنت هيئة تحرير الشام أمس حملة اعتقالات في مدينة إدلب. واغتال مسلحون مجهولون شاباً في مدينة سرمدا."
    agents = [e.actor1.actor_id for e in _events(text) if e.type.plover == "ASSAULT" and e.actor1 is not None]
    assert agents == ["unidentified-armed-men"]


def test_events_civilians_killed_are_never_a_side_taking_part() -> None:
    text = "هاجمت قوات النظام بمشاركة ميليشيا الدفاع الوطني بلدة البارة أمس، ما أدى إلى مقتل ثلاثة مدنيين."
    events = _events(text)
    assert events and all(a.inter != 7 for e in events for a in e.assoc_actors)
    assert any(a.actor_id == "sy-ndf" for e in events for a in e.assoc_actors)


def test_events_the_subject_of_the_light_verb_is_the_agent_not_an_apposition() -> None:
    text = (
        "شنت هيئة تحرير الشام، وهي ائتلاف فصائل أبرزها جبهة فتح الشام (النصرة سابقاً)، حملة اعتقالات أمس في مدينة إدلب."
    )
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "sy-hts"


def test_events_a_similar_campaign_elsewhere_is_another_event() -> None:
    text = (
        "شنت هيئة تحرير الشام أمس حملة اعتقالات في مدينة إدلب. "
        "وتزامنت الحملة مع حملة اعتقالات مماثلة جرت في بلدة سرمين. "
        "وأكد المرصد اعتقال الهيئة عشرات الشبان."
    )
    places = sorted(e.location.text for e in _events(text) if e.type.plover == "COERCE" and e.location)
    assert len(places) == 2 and any("سرمين" in p for p in places) and any("إدلب" in p for p in places)


def test_events_a_verb_never_takes_the_article() -> None:
    assert _events("وأوضح المرصد أن المدنيين القتلى هم طفلتان وامرأة.") == []
    assert _types(_events("صعدت قوات النظام أمس القصف على مدينة إدلب.")) == ["ASSAULT"]


def test_events_going_on_with_a_practice_is_not_a_happening() -> None:
    text = "يشار إلى أن ميليشيا الحرس الثوري الإيراني تستمر في تجنيد أبناء دير الزور في صفوفها."
    assert "MOBILIZE" not in _types(_events(text))


def test_events_ongoing_clashes_are_a_happening() -> None:
    text = "وتستمر الاشتباكات بين جبهة النصرة وجند الأقصى عند أطراف بلدة البارة في ريف إدلب."
    assert _types(_events(text)) == ["ASSAULT"]
    text = "وأفاد المرصد أن اشتباكات عنيفة مستمرة تدور في أحياء مدينة عفرين بين فصائل موالية لتركيا."
    assert _types(_events(text)) == ["ASSAULT"]


def test_events_ground_fire_after_an_air_strike_is_its_own_event() -> None:
    text = (
        "وقصف الطيران المروحي بالبراميل المتفجرة أمس بلدة اليادودة في ريف درعا، "
        "أعقبه فتح القوات الحكومية لنيران رشاشاتها الثقيلة على البلدة."
    )
    modes = sorted(e.type.plover_mode or "" for e in _events(text))
    assert modes == ["aerial", "firearms"]


def test_events_warplanes_are_not_pointed_back_to_a_ground_force() -> None:
    text = "قصفت قوات النظام أمس بلدة كفرنبل في ريف إدلب. كما نفذ الطيران الحربي غارتين على بلدة حيش."
    agents = [e.actor1.actor_id for e in _events(text) if e.actor1 is not None]
    assert "warplanes-unattributed" in agents


def test_events_the_toll_of_strikes_joins_the_strike_it_counts() -> None:
    text = (
        "أفاد المرصد بارتفاع أعداد قتلى الغارات الجوية على الغوطة الشرقية إلى 23 مدنياً. "
        "وقال المرصد إن 18 مدنياً قتلوا أمس جراء غارات روسية استهدفت بلدة مسرابا في الغوطة الشرقية."
    )
    [event] = _events(text)
    assert "مسرابا" in text[event.sentence.start : event.sentence.end]
    assert event.actor1 is not None and event.actor1.actor_id == "ru-forces"


def test_events_the_side_whose_attack_started_a_clash_acts() -> None:
    text = (
        "دارت اشتباكات أمس بين قوات النظام وتنظيم داعش في بادية الميادين، نتيجة هجوم لتنظيم داعش على مواقع قوات النظام."
    )
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "isis"
    assert event.actor2 is not None and event.actor2.actor_id == "sy-gov-forces-assad"


def test_events_a_nationality_after_a_verbal_noun_shared_with_a_verb() -> None:
    text = "وكانت الميليشيات الإيرانية قد تعرضت في آب الماضي لقصف إسرائيلي في مدينة البوكمال."
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "il-forces"


def test_events_an_armed_group_targeting_homes_is_the_attacker() -> None:
    text = "وقتل ثلاثة مدنيين أمس جراء استهداف قوات سوريا الديمقراطية المنازل في بلدة ذيبان."
    [event] = _events(text)
    assert event.actor1 is not None and event.actor1.actor_id == "sy-sdf"
    assert event.type.acled_event_type == "Violence against civilians"
    [target] = _events("وقتل ثلاثة عناصر أمس إثر استهداف قوات النظام في بلدة الصنمين.")
    assert target.actor2 is not None and target.actor2.actor_id == "sy-gov-forces-assad"
