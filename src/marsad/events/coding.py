"""ACLED coding refinements that depend on the arguments (ANNOTATION.md's mapping rules)."""

from __future__ import annotations

from marsad.model import ActorRef, EventType
from marsad.text.normalize import normalize_key

METHOD_ID = "events.coding.v3"

_STATE_INTER = frozenset({1})
_ARMED_INTER = frozenset({1, 2, 3, 4, 8})
_REMOTE = frozenset({"aerial", "drone", "heavy-weapons", "explosives"})
# Triggers that only say someone was killed (مقتل، قتل): the victims decide the ACLED type.
_RESULT_TRIGGERS = frozenset({"assault.maqtal", "assault.qatl"})
_AIR_WORDS_AR = ("طايرات", "طايره", "طيران", "مقاتلات", "مروحي", "مسيرات")  # normalised forms
_AIR_WORDS = ("aircraft", "air force", "air-force", "airforce", "warplane", "drone", "helicopter", "aviation")


def _is_air(actor: ActorRef | None) -> bool:
    """An air force or aircraft, by its dictionary entry or by the words naming it ("طائرات التحالف")."""
    if actor is None:
        return False
    label = f"{actor.actor_id or ''} {actor.name_en or ''}".lower()
    if any(word in label for word in _AIR_WORDS):
        return True
    return any(word in normalize_key(actor.text) for word in _AIR_WORDS_AR)


def _armed(actor: ActorRef | None) -> bool:
    return actor is not None and actor.inter in _ARMED_INTER


def _civilian(actor: ActorRef | None) -> bool:
    return actor is not None and actor.inter == 7


def refine_type(
    base: EventType, *, actor1: ActorRef | None, actor2: ActorRef | None, trigger_id: str | None = None
) -> EventType:
    """Re-type an event by who acts and who is acted upon.

    - arrests by a non-state group of civilians (or of people not known to be fighters) are
      abductions; arrests of fighters stay Strategic developments / Arrests;
    - a killing told only by its result is violence against civilians when the victims are
      civilians, an armed clash when they are fighters;
    - an attack by aircraft or drones is an air/drone strike;
    - a direct (non-remote) attack on civilians is violence against civilians.
    """
    if base.plover == "COERCE" and base.acled_sub_event_type == "Arrests":
        non_state = actor1 is not None and actor1.inter is not None and actor1.inter not in _STATE_INTER
        if non_state and not _armed(actor2):
            return EventType(
                base.plover,
                base.plover_mode,
                "Violence against civilians",
                "Abduction/forced disappearance",
                base.cameo,
            )
        return base
    if base.plover != "ASSAULT":
        return base
    if _is_air(actor1) and base.acled_sub_event_type not in ("Disrupted weapons use",):
        return EventType(base.plover, "aerial", "Explosions/Remote violence", "Air/drone strike", base.cameo)
    if trigger_id in _RESULT_TRIGGERS:
        if _civilian(actor2):
            return EventType(base.plover, base.plover_mode, "Violence against civilians", "Attack", base.cameo)
        if _armed(actor2) or _armed(actor1):
            return EventType(base.plover, base.plover_mode, "Battles", "Armed clash", base.cameo)
        return base
    if _civilian(actor2) and base.plover_mode not in _REMOTE and base.acled_event_type == "Battles":
        return EventType(base.plover, base.plover_mode, "Violence against civilians", "Attack", base.cameo)
    return base
