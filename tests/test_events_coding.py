from __future__ import annotations

from marsad.events.coding import refine_type
from marsad.model import ActorRef, EventType, Evidence, Span


def _actor(actor_id: str, name: str, inter: int) -> ActorRef:
    return ActorRef(Span(0, 1), "x", actor_id, name, inter, None, Evidence("test", Span(0, 1)))


ARREST = EventType("COERCE", "arrest", "Strategic developments", "Arrests")
KILLING = EventType("ASSAULT", None, "Violence against civilians", "Attack")
ATTACK = EventType("ASSAULT", None, "Battles", "Armed clash")
HTS = _actor("hts", "Hay'at Tahrir al-Sham", 2)
STATE = _actor("saa", "Syrian government forces", 1)
CIVILIANS = _actor("civilians", "Civilians", 7)
FIGHTERS = _actor("ndf", "National Defence Forces", 3)
DRONE = _actor("unidentified-aircraft", "Unidentified aircraft (drone)", 8)


def test_events_coding_arrests_by_non_state_groups() -> None:
    assert refine_type(ARREST, actor1=HTS, actor2=CIVILIANS).acled_sub_event_type == "Abduction/forced disappearance"
    assert refine_type(ARREST, actor1=HTS, actor2=None).acled_event_type == "Violence against civilians"
    assert refine_type(ARREST, actor1=HTS, actor2=FIGHTERS) == ARREST  # fighters arrested: still Arrests
    assert refine_type(ARREST, actor1=STATE, actor2=CIVILIANS) == ARREST


def test_events_coding_killings_typed_by_victims() -> None:
    assert refine_type(KILLING, actor1=None, actor2=FIGHTERS, trigger_id="assault.maqtal").acled_event_type == "Battles"
    civ = refine_type(KILLING, actor1=None, actor2=CIVILIANS, trigger_id="assault.qatl")
    assert civ.acled_event_type == "Violence against civilians"


def test_events_coding_air_attacks_and_attacks_on_civilians() -> None:
    strike = refine_type(ATTACK, actor1=DRONE, actor2=None)
    assert (strike.acled_event_type, strike.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert refine_type(ATTACK, actor1=FIGHTERS, actor2=CIVILIANS).acled_event_type == "Violence against civilians"


def test_events_coding_aircraft_named_in_the_words_make_an_air_strike() -> None:
    coalition_aircraft = ActorRef(
        Span(0, 14), "طائرات التحالف", "us-led-coalition", "US-led coalition", 8, None, Evidence("test", Span(0, 14))
    )
    strike = refine_type(KILLING, actor1=coalition_aircraft, actor2=CIVILIANS)
    assert strike.acled_sub_event_type == "Air/drone strike"
    ground = refine_type(KILLING, actor1=_actor("us-led-coalition", "US-led coalition", 8), actor2=CIVILIANS)
    assert ground == KILLING
