"""Tellings of one happening, tolls, and arguments read past relative clauses (sentences we wrote)."""

from __future__ import annotations

from datetime import date

from marsad.export import document_json
from marsad.model import Document, Event
from marsad.nlp import default_pipeline
from tests.conftest import assert_spans_consistent


def _document(text: str, published: date | None = date(2024, 3, 14)) -> Document:
    doc = default_pipeline(on_error="raise", ner=False)(
        Document(doc_id="t", text=text, raw_text=text, published=published)
    )
    assert_spans_consistent(document_json(doc))
    return doc


def _asserted(text: str, published: date | None = date(2024, 3, 14)) -> list[Event]:
    return [e for e in _document(text, published).events if e.status == "asserted"]


def _core(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type.plover in {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST"}]


def test_events_toll_of_joined_groups_is_summed() -> None:
    events = _asserted("أسفرت الاشتباكات في بلدة ذيبان عن مقتل أربعة مدنيين و9 من مقاتلي العشائر وعنصرين من قسد.")
    assert [e.fatalities for e in events] == [15]


def test_events_toll_stops_at_the_wounded() -> None:
    events = _asserted("قتل ثلاثة عناصر من قسد وأصيب خمسة آخرون في هجوم على حاجز في بلدة ذيبان.")
    assert [e.fatalities for e in events] == [3]


def test_events_tolls_of_two_sides_told_apart_are_added() -> None:
    text = (
        "قتل 12 عنصراً من قوات النظام، أمس، في هجوم لتنظيم داعش في بادية الميادين.\n"
        "وقال المرصد إن عناصر التنظيم نصبوا كميناً لرتل لقوات النظام في بادية الميادين، "
        "واندلعت بعده اشتباكات أدت إلى مقتل 5 عناصر من التنظيم."
    )
    events = _core(_asserted(text))
    assert len(events) == 1
    assert events[0].fatalities == 17


def test_events_one_toll_told_twice_is_not_added() -> None:
    text = (
        "قتل 6 عناصر من قسد في هجوم لمسلحين على حاجز في بلدة الشحيل أمس.\n"
        "وأوضح المرصد أن الهجوم على حاجز الشحيل أدى إلى مقتل 6 من عناصر قسد."
    )
    events = _core(_asserted(text))
    assert [e.fatalities for e in events] == [6]


def test_events_name_joined_to_the_target_is_not_the_agent() -> None:
    events = _asserted("استهدف مسلحو تنظيم داعش رتلاً لقوات النظام ومسلحين موالين لها في بادية الميادين.")
    assert events and events[0].actor1 is not None
    assert events[0].actor1.actor_id == "isis"


def test_events_place_where_an_actor_is_active_is_not_the_place_of_its_act() -> None:
    text = "نفذ عناصر الفصيل الذين ينشطون في ريف حلب كميناً عند المدخل الجنوبي لمدينة الميادين."
    events = _core(_asserted(text))
    assert events and events[0].location is not None
    assert events[0].location.admin1_pcode == "SY09"


def test_events_unresolved_same_day_told_twice_merges() -> None:
    text = (
        "هزت انفجارات عنيفة فجر اليوم الخميس مدينة الميادين تزامناً مع تحليق طيران حربي مجهول.\n"
        "وقال ناشطون إن انفجارات هزت حي الجسر في مدينة الميادين فجر اليوم."
    )
    events = _core(_asserted(text, published=None))
    assert len(events) == 1


def test_events_threatened_fight_is_hypothetical() -> None:
    doc = _document("أعلن شيخ العشيرة أمس فشل المفاوضات مع قسد متوعداً بمواجهات واسعة في ريف دير الزور.")
    fights = [e for e in doc.events if e.type.plover == "ASSAULT"]
    assert fights and all(e.status == "hypothetical" for e in fights)


def test_events_repeated_attacks_and_the_raids_joined_to_them_are_background() -> None:
    text = (
        "وتعد مواقع الميليشيا في البادية خطرة بسبب تعرضها بشكل دائم لهجمات من قبل مجهولين، "
        "وغارات جوية من قبل طائرات التحالف."
    )
    assert _core(_asserted(text)) == []


def test_events_outlet_named_after_a_city_is_not_a_place() -> None:
    doc = _document("وقالت شبكة دير الزور 24 إن دورية لقسد داهمت منزلاً في مدينة الميادين.")
    assert all(p.text != "دير الزور" for p in doc.places)
    events = _core([e for e in doc.events if e.status == "asserted"])
    assert events and events[0].location is not None and events[0].location.admin2_pcode == "SY0903"


def test_events_name_in_a_relative_clause_is_not_the_agent_of_a_later_act() -> None:
    text = (
        "أغارت طائرات مجهولة فجر اليوم على مواقع في مدينة الميادين.\n"
        "وأوضحت المصادر أن الغارات أصابت المجمع الذي تتمركز فيه ميليشيا حزب الله، ما أسفر عن مقتل أربعة عناصر.\n"
        "كما استهدفت المنطقة الصناعية في المدينة."
    )
    events = _core(_asserted(text))
    assert events and all(e.actor1 is None or e.actor1.actor_id != "lb-hezbollah" for e in events)


def test_events_losses_caused_by_the_told_strike_point_back_to_it() -> None:
    text = (
        "قصفت طائرات مجهولة مواقع لميليشيات إيرانية في مدينة الميادين فجر اليوم.\n"
        "وقالت المصادر إنها لا تملك معلومات عن الخسائر الناجمة عن القصف."
    )
    assert len(_core(_asserted(text))) == 1


def test_events_factions_described_and_then_named_are_one_fight() -> None:
    text = (
        "قتل وجرح عشرة أشخاص في استمرار الاقتتال بين فصائل مسلحة تابعة للقوات التركية في مدينة عفرين.\n"
        "الاقتتال اندلع بالأسلحة الثقيلة بين هيئة تحرير الشام وفيلق الشام في أحياء مدينة عفرين."
    )
    fights = [e for e in _core(_asserted(text)) if e.type.plover == "ASSAULT"]
    assert len(fights) == 1
    assert fights[0].actor1 is not None and fights[0].actor1.actor_id == "sy-hts"  # the name, not "فصائل"
    assert fights[0].actor2 is None or fights[0].actor2.actor_id != "tr-forces"  # the patron is no side


def test_events_country_wide_record_is_not_a_happening() -> None:
    text = "وتتسبب الطائرات الحربية بقتل المدنيين وتهجيرهم في عموم مناطق سوريا، كما ساهمت بتدمير المستشفيات."
    assert _core(_asserted(text)) == []


def test_events_lead_without_a_count_gives_way_to_the_detail_that_counts() -> None:
    text = (
        "انتشرت ميليشيا لواء الباقر في مدينة الميادين بريف دير الزور الشرقي.\n"
        "وبحسب مراسلنا بدأ دخول لواء الباقر إلى الميادين مطلع الشهر، ويضم اللواء نحو 300 مقاتل."
    )
    doc = _document(text)
    moves = [e for e in doc.events if e.type.plover == "MOBILIZE" and e.status == "asserted"]
    assert len(moves) == 1
    assert moves[0].sentence == doc.sentences[1].span  # the more informative telling is the evidence


def test_events_lead_that_counts_stays_the_evidence() -> None:
    text = (
        "قتل 12 عنصراً من قوات النظام في هجوم لتنظيم داعش في بادية الميادين.\n"
        "وأوضح المرصد أن عناصر التنظيم هاجموا نقطة لقوات النظام في بادية الميادين وقتلوا 12 عنصراً."
    )
    doc = _document(text)
    attacks = [e for e in doc.events if e.type.plover == "ASSAULT" and e.status == "asserted"]
    assert attacks and attacks[0].sentence == doc.sentences[0].span


def test_events_each_side_bringing_reinforcements_is_its_own_move() -> None:
    text = "واستقدمت هيئة تحرير الشام رتلاً إلى مدينة سرمدا، وفي مقابل ذلك أحضرت حركة أحرار الشام مؤازرة عسكرية كذلك."
    moves = [e for e in _asserted(text) if e.type.plover == "MOBILIZE"]
    assert {e.actor1.actor_id for e in moves if e.actor1 is not None} == {"sy-hts", "sy-ahrar-al-sham"}


def test_events_alert_told_past_a_comma_after_an_attack_is_a_move() -> None:
    text = (
        "وقال المرصد إن الميليشيا حاولت استهداف طائرة مسيرة بالمضادات الأرضية، "
        "مشيراً إلى حالة من الاستنفار تشهدها مدينة الميادين."
    )
    assert "MOBILIZE" in {e.type.plover for e in _asserted(text)}


def test_events_convoy_in_the_attack_clause_is_its_target() -> None:
    events = _asserted("نصب مسلحون كميناً استهدف رتلاً عسكرياً لقوات النظام في بادية الميادين.")
    assert [e.type.plover for e in _core(events)] == ["ASSAULT"]


def test_events_social_media_is_no_meeting() -> None:
    events = _asserted("ونشرت حسابات محلية على مواقع التواصل الاجتماعي صوراً من مدينة الميادين.")
    assert "CONSULT" not in {e.type.plover for e in events}


def test_events_summary_bullet_gives_way_to_the_body() -> None:
    text = (
        "ملخص:\n"
        "• تجددت الاشتباكات بين العشائر وقسد في بلدة ذيبان.\n"
        "قتل ثلاثة مقاتلين في تجدد الاشتباكات بين مقاتلي العشائر وقسد صباح الأحد في بلدة ذيبان."
    )
    doc = _document(text)
    clashes = [e for e in doc.events if e.type.plover == "ASSAULT" and e.status == "asserted"]
    assert len(clashes) == 1
    assert text[clashes[0].sentence.start : clashes[0].sentence.end].startswith("قتل")


def test_events_group_named_after_its_members_in_lam_is_the_agent() -> None:
    events = _asserted('شهدت بادية مدينة تدمر هجوماً جديداً لعناصر من تنظيم "داعش" على مواقع للقوات الحكومية.')
    attacks = [e for e in events if e.type.plover == "ASSAULT"]
    assert attacks and attacks[0].actor1 is not None and attacks[0].actor1.actor_id == "isis"


def test_events_members_of_the_victims_side_are_no_agent() -> None:
    events = _asserted("قتل ثلاثة عناصر من قوات النظام في هجمات نفذها مسلحو تنظيم داعش في بادية الميادين.")
    attacks = [e for e in events if e.type.plover == "ASSAULT"]
    assert attacks and attacks[0].actor1 is not None and attacks[0].actor1.actor_id == "isis"


def test_events_means_of_the_told_campaign_are_no_new_acts() -> None:
    text = (
        "شنت دوريات الأمن العسكري حملة اعتقالات في أحياء مدينة دير الزور.\n"
        "وذلك عن طريق مداهمة الأسواق والأفران، ونصب حواجز طيارة في الشوارع الفرعية."
    )
    assert len(_core(_asserted(text))) == 1


def test_events_group_owning_a_patrol_is_the_agent() -> None:
    events = _asserted("وذكرت مصادر محلية أن دورية تابعة للأسايش داهمت منزلاً في حي الثورة بمدينة الطبقة.")
    raids = [e for e in events if e.type.plover == "COERCE"]
    assert raids and raids[0].actor1 is not None and raids[0].actor1.actor_id == "sy-asayish"


def test_events_group_owning_the_hit_vehicle_is_acted_upon() -> None:
    events = _asserted("استهدفت طائرة مسيرة مجهولة سيارة عسكرية تابعة لميليشيا لواء فاطميون قرب مدينة الميادين.")
    strikes = [e for e in events if e.type.plover == "ASSAULT"]
    assert strikes and strikes[0].actor2 is not None and strikes[0].actor2.actor_id is not None
    assert strikes[0].actor2.actor_id == "ir-fatemiyoun"


def test_events_toll_after_a_strike_between_two_towns_is_its_toll() -> None:
    text = (
        "استهدفت طائرة مسيرة مجهولة سيارة عسكرية على الطريق بين مدينة الميادين وبلدة محكان، "
        "ما أدى إلى مقتل ثلاثة عناصر من ميليشيا لواء فاطميون.\n"
        "وفرضت الميليشيا طوقاً أمنياً حول مكان الاستهداف."
    )
    strikes = [e for e in _asserted(text) if e.type.plover == "ASSAULT"]
    assert len(strikes) == 1
    assert strikes[0].fatalities == 3
    assert strikes[0].actor1 is not None and strikes[0].actor1.actor_id == "unidentified-drones"


def test_events_region_located_by_the_next_place_takes_its_governorate() -> None:
    events = _asserted("قتل راعيان بانفجار لغم من مخلفات الحرب في البادية بريف الرقة الجنوبي.")
    assert events and events[0].location is not None
    assert events[0].location.admin1_pcode == "SY11"
    # a region in the same governorate as the next place stays the place (it is the more exact one)
    events = _asserted("قتل ثلاثة عناصر من قوات النظام بهجوم في سهل الغاب بريف حماة الغربي.")
    assert events and events[0].location is not None and events[0].location.text == "سهل الغاب"


def test_events_sentence_opening_with_also_tells_another_happening() -> None:
    text = (
        "قتل عنصر من قوات النظام بانفجار لغم قرب بلدة السخنة بريف حمص الشرقي مساء الثلاثاء. "
        "ومساء اليوم نفسه أيضاً، انفجر لغم بحافلة عسكرية قرب بلدة السخنة بريف حمص الشرقي ما أدى إلى مقتل 4 عناصر."
    )
    assert sorted(e.fatalities or 0 for e in _core(_asserted(text))) == [1, 4]


def test_events_later_telling_with_its_own_other_day_is_another_happening() -> None:
    text = (
        "أفاد مراسلنا بأن مقاتلاً من قسد قتل بانفجار لغم في ريف الحسكة الجنوبي أمس الأربعاء. "
        "وأضاف المراسل أن المقاتل قضى بانفجار لغم من مخلفات التنظيم في ريف الحسكة الجنوبي. "
        "والإثنين 11 آذار، قتل ثلاثة مقاتلين من قسد بانفجار لغم في ريف الحسكة الجنوبي."
    )
    days = sorted(str(e.time.value) for e in _core(_asserted(text)) if e.time is not None)
    assert days == ["2024-03-11", "2024-03-13"]
