"""English names and a one-sentence English note for a merged event (ACLED's ``notes`` column).

Names come from the dictionaries (actor ``name_en``, gazetteer ``name_en`` and admin units); an
unresolved Arabic name is transliterated (:mod:`marsad.store.transliterate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.knowledge.gazetteer import get_gazetteer
from marsad.store.facts import EventFacts
from marsad.store.transliterate import transliterate

METHOD_ID = "store.notes.v1"

# A verb phrase by ACLED sub-event type, else by PLOVER type, else a generic one.
_BY_SUB_EVENT: dict[str, str] = {
    "Air/drone strike": "carried out an air/drone strike",
    "Shelling/artillery/missile attack": "shelled",
    "Armed clash": "clashed with",
    "Attack": "attacked",
    "Abduction/forced disappearance": "detained",
    "Arrests": "arrested",
    "Remote explosive/landmine/IED": "set off an explosive device",
    "Suicide bomb": "carried out a suicide bombing",
    "Peaceful protest": "protested",
    "Protest with intervention": "protested",
    "Looting/property destruction": "looted or destroyed property",
    "Agreement": "reached an agreement",
}
_BY_PLOVER: dict[str, str] = {
    "ASSAULT": "attacked",
    "COERCE": "coerced",
    "PROTEST": "protested",
    "MOBILIZE": "mobilised",
    "RETREAT": "withdrew",
    "AGREE": "reached an agreement",
    "ACCUSE": "accused",
    "REQUEST": "made a demand",
    "THREATEN": "threatened",
    "SUPPORT": "supported",
    "CONSULT": "met",
    "REJECT": "rejected",
    "AID": "gave aid",
    "CONCEDE": "conceded",
    "COOPERATE": "cooperated",
    "SANCTION": "sanctioned",
}
_TRANSITIVE = frozenset({"attacked", "shelled", "clashed with", "detained", "arrested", "coerced", "accused",
                         "threatened", "supported", "met", "rejected", "sanctioned"})  # fmt: skip
_INTRANSITIVE = {"clashed with": "took part in an armed clash", "met": "held a meeting", "coerced": "used coercion"}
_STATUS_PREFIX = {"negated": "Denied: ", "hypothetical": "Possible: ", "alleged": "Alleged: "}


def actor_name(name_en: str | None, text: str | None) -> str | None:
    """The actor's English name, else its Arabic text transliterated, else None."""
    if name_en:
        return name_en
    if text:
        return transliterate(text)
    return None


def admin_name(pcode: str | None) -> str | None:
    if not pcode:
        return None
    unit = get_gazetteer().admin_unit(pcode)
    return None if unit is None else unit.name_en


def place_name(facts: EventFacts) -> str | None:
    if facts.place_name_en:
        return facts.place_name_en
    if facts.place_text:
        return transliterate(facts.place_text)
    return None


def place_phrase(facts: EventFacts) -> str | None:
    """``Mayadin, Deir-ez-Zor``: the place and its governorate (when different)."""
    name = place_name(facts)
    governorate = admin_name(facts.admin1_pcode)
    if name is None:
        return governorate
    if governorate and governorate.casefold() not in name.casefold():
        return f"{name}, {governorate}"
    return name


def event_note(facts: EventFacts, *, sources: Sequence[str] = ()) -> str:
    """One English sentence describing the event, e.g. "On 2024-03-13, X shelled Y in Z; 3 killed. Source: ..."."""
    actor1 = actor_name(facts.actor1_name_en, facts.actor1_text)
    actor2 = actor_name(facts.actor2_name_en, facts.actor2_text)
    verb = _BY_SUB_EVENT.get(facts.acled_sub_event_type) or _BY_PLOVER.get(facts.plover_type)
    if verb is None:
        verb = f"took part in a {facts.plover_type.lower()} event"
    subject = actor1 or "Unidentified actors"
    if actor2 and verb in _TRANSITIVE:
        clause = f"{subject} {verb} {actor2}"
    elif actor2:
        clause = f"{subject} {verb} (also involving {actor2})"
    else:
        clause = f"{subject} {_INTRANSITIVE.get(verb, verb)}"
    where = place_phrase(facts)
    if where:
        clause += f" in {where}"
    if facts.date_start is not None and facts.date_precision == "published":
        when = f"Reported on {facts.date_start.isoformat()}, "
    elif facts.date_start is not None:
        when = f"On {facts.date_start.isoformat()}, "
    else:
        when = ""
    sentence = f"{_STATUS_PREFIX.get(facts.status, '')}{when}{clause}"
    if facts.fatalities:
        sentence += f"; {facts.fatalities} killed"
    origin = ", ".join(sources) if sources else "unknown source"
    return f"{sentence}. Source: Marsad extraction of {origin}."
