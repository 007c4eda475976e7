"""ACLED coding refinements that depend on the arguments (ANNOTATION.md's mapping rules)."""

from __future__ import annotations

from marsad.model import ActorRef, EventType

METHOD_ID = "events.coding.v1"

_STATE_INTER = frozenset({1})
_REMOTE = frozenset({"aerial", "drone", "heavy-weapons", "explosives"})


def refine_type(base: EventType, *, actor1: ActorRef | None, actor2: ActorRef | None) -> EventType:
    """Arrests by non-state groups are abductions; direct attacks on civilians are violence against them."""
    non_state = actor1 is not None and actor1.inter is not None and actor1.inter not in _STATE_INTER
    if base.plover == "COERCE" and base.acled_sub_event_type == "Arrests" and non_state:
        return EventType(
            base.plover, base.plover_mode, "Violence against civilians", "Abduction/forced disappearance", base.cameo
        )
    if (
        base.plover == "ASSAULT"
        and actor2 is not None
        and actor2.inter == 7
        and base.plover_mode not in _REMOTE
        and base.acled_event_type == "Battles"
    ):
        return EventType(base.plover, base.plover_mode, "Violence against civilians", "Attack", base.cameo)
    return base
