"""What the event stage writes on an event's evidence and the merging step reads back.

Each mark is an :class:`~marsad.model.Evidence` method id on the event, with the span it is about: how an
argument was found, a date or place carried over from an earlier sentence, a telling that points back
to one told before. The trigger sets here are those both steps need.
"""

from __future__ import annotations

from marsad.model import Event

METHOD_ID = "events.rules.v1"  # a trigger hit: one telling of the event (resource: the lexicon entry)

# dates and places
REPORT_TIME_METHOD = "events.time.v1:report-date"
CARRIED_TIME_METHOD = "events.time.v1:carried"
CARRIED_PLACE_METHOD = "events.location.v1:carried"
COORDINATED_PLACE = "events.location.v1:coordinated"

# how the telling relates to others
INSTRUMENT = "events.triggers.v1:instrument"  # a means after ب (بإطلاق النار، بعبوة ناسفة): how the act before was done
REFERENCE = "events.triggers.v1:reference"  # "موقع الاعتقال", "عقب انتهاء الاشتباكات": points back
RETELLING = "events.triggers.v1:retelling"  # a definite act with no agent of its own: the one told before
ANOTHER = "events.triggers.v1:another"  # "مماثلة", "أخرى": the text says it is a further happening
TOLL_OF = "events.triggers.v1:toll-of"  # "قتلى الغارات": the toll of acts told elsewhere
MEANS = "events.triggers.v1:means"  # a sentence telling how the act before it was done
TOLL_SIDE = "events.fatalities.v1:side"  # the toll's span; resource: the group whose dead it counts

# how the agent was found
BETWEEN_METHOD = "events.arguments.v1:between"
# argument rules whose agent outranks a nationality adjective after the trigger
EXPLICIT_AGENT = frozenset({"agent-marker", "qiyam", "between"})
# argument rules that read the agent off the trigger's own words (not an earlier clause or sentence)
DIRECT_AGENT = EXPLICIT_AGENT | {"adjective", "genitive-agent", "subject-adjacent", "subject-after"}

CORE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST"})
ARMED_INTER = frozenset({1, 2, 3, 4, 8})
# Triggers that tell the result of an attack (مقتل، قتل): they join the act told beside them.
RESULT_TRIGGERS = frozenset({"assault.maqtal", "assault.qatl"})
# "هزت انفجارات المدينة": explosions heard, the sound of an air strike told in another sentence
EFFECT_TRIGGERS = frozenset({"assault.infijar"})
DISTINCT_SUBTYPES = frozenset({"Disrupted weapons use"})


def has(event: Event, method: str) -> bool:
    return any(e.method == method for e in event.evidence)
