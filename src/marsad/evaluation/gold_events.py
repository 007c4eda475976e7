"""Scoring extracted events against shared/gold exactly as its README defines.

Per document only asserted events count. A prediction matches a gold event when the PLOVER types
are equal and the sentences overlap (see :mod:`matching`); failing that, when they tell the same
happening (same type, same admin2, actor sharing a word). Pairs are assigned greedily, sentence
matches first by overlap, each event used once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.evaluation.matching import sentence_overlap, shares_word

CORE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST"})
FIELDS = ("acled_event_type", "actor1", "admin1", "admin2", "date", "fatalities")

JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc_id: str
    record: JsonObject
    events: tuple[JsonObject, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    doc_id: str
    predicted: JsonObject
    gold: JsonObject
    how: str


@dataclass(slots=True)
class Counts:
    predicted: int = 0
    gold: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(slots=True)
class EventScores:
    core: Counts = field(default_factory=Counts)
    all: Counts = field(default_factory=Counts)
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    core_pairs: list[Pair] = field(default_factory=list)
    missed: list[tuple[str, JsonObject]] = field(default_factory=list)
    spurious: list[tuple[str, JsonObject]] = field(default_factory=list)
    field_errors: list[tuple[str, str, JsonObject, JsonObject]] = field(default_factory=list)

    def as_dict(self) -> JsonObject:
        def counts(c: Counts) -> JsonObject:
            return {
                "predicted": c.predicted,
                "gold": c.gold,
                "matched": c.matched,
                "precision": round(c.precision, 4),
                "recall": round(c.recall, 4),
                "f1": round(c.f1, 4),
            }

        return {
            "core": counts(self.core),
            "all": counts(self.all),
            "fields": {
                k: {"correct": v.correct, "total": v.total, "accuracy": round(v.accuracy, 4)}
                for k, v in self.fields.items()
            },
        }


def load_gold(gold_dir: Path) -> list[GoldDocument]:
    texts, events = gold_dir / "texts", gold_dir / "events"
    if not texts.is_dir() or not events.is_dir():
        raise FileNotFoundError(f"{gold_dir}: expected texts/ and events/ folders (see shared/gold/README.md)")
    docs: list[GoldDocument] = []
    for path in sorted(events.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        record_path = texts / path.name
        if not record_path.is_file():
            raise FileNotFoundError(f"{record_path}: gold annotation {path.name} has no text")
        record = json.loads(record_path.read_text(encoding="utf-8"))
        docs.append(GoldDocument(str(gold["id"]), record, tuple(gold["events"])))
    return docs


def _pred_sentence(ev: Mapping[str, Any]) -> str:
    evidence = ev.get("evidence") or {}
    return str(evidence.get("text") or "")


def _pred_type(ev: Mapping[str, Any]) -> str:
    return str((ev.get("plover") or {}).get("type") or "")


def _pred_admin2(ev: Mapping[str, Any]) -> str | None:
    loc = ev.get("location") or {}
    value = loc.get("admin2_pcode")
    return str(value) if value else None


def _actor_texts(actor: Mapping[str, Any] | None) -> tuple[str | None, ...]:
    if not actor:
        return ()
    return (actor.get("text"), actor.get("name_en"))


def _gold_actor_texts(actor: Mapping[str, Any] | None) -> tuple[str | None, ...]:
    if not actor:
        return ()
    return (actor.get("text"), actor.get("canonical"))


def _same_happening(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    gold_loc = gold.get("location") or {}
    admin2 = gold_loc.get("admin2_pcode")
    if not admin2 or _pred_admin2(pred) != admin2:
        return False
    gold_actors = (*_gold_actor_texts(gold.get("actor1")), *_gold_actor_texts(gold.get("actor2")))
    for key in ("actor1", "actor2"):
        for text in _actor_texts(pred.get(key)):
            if shares_word(text, *gold_actors):
                return True
    return False


def match_events(
    predicted: Sequence[JsonObject], gold: Sequence[JsonObject]
) -> tuple[list[tuple[JsonObject, JsonObject, str]], list[JsonObject], list[JsonObject]]:
    """Greedy assignment: sentence matches first (by overlap), then same-happening matches."""
    candidates: list[tuple[int, float, int, int, str]] = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if _pred_type(p) != g.get("plover"):
                continue
            overlap = sentence_overlap(_pred_sentence(p), str(g.get("sentence") or ""))
            if overlap > 0:
                candidates.append((0, -overlap, i, j, "sentence"))
            elif _same_happening(p, g):
                candidates.append((1, 0.0, i, j, "same-happening"))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[JsonObject, JsonObject, str]] = []
    for _, _, i, j, how in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((predicted[i], gold[j], how))
    missed = [g for j, g in enumerate(gold) if j not in used_g]
    spurious = [p for i, p in enumerate(predicted) if i not in used_p]
    return pairs, missed, spurious


def _field_checks(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> Iterable[tuple[str, bool]]:
    acled = pred.get("acled") or {}
    if gold.get("acled_event_type"):
        yield "acled_event_type", acled.get("event_type") == gold["acled_event_type"]
    if gold.get("actor1"):
        ok = any(shares_word(t, *_gold_actor_texts(gold["actor1"])) for t in _actor_texts(pred.get("actor1")))
        yield "actor1", ok
    loc = gold.get("location") or {}
    pred_loc = pred.get("location") or {}
    if loc.get("admin1_pcode"):
        yield "admin1", pred_loc.get("admin1_pcode") == loc["admin1_pcode"]
    if loc.get("admin2_pcode"):
        yield "admin2", pred_loc.get("admin2_pcode") == loc["admin2_pcode"]
    if gold.get("date"):
        yield "date", (pred.get("date") or {}).get("value") == gold["date"]
    if gold.get("fatalities") is not None:
        yield "fatalities", pred.get("fatalities") == gold["fatalities"]


def score_documents(gold_docs: Sequence[GoldDocument], predictions: Mapping[str, Sequence[JsonObject]]) -> EventScores:
    scores = EventScores()
    for doc in gold_docs:
        pred_all = [e for e in predictions.get(doc.doc_id, []) if e.get("status") == "asserted"]
        gold_all = [e for e in doc.events if e.get("status") == "asserted"]
        # all asserted events
        pairs, _, _ = match_events(pred_all, gold_all)
        scores.all.predicted += len(pred_all)
        scores.all.gold += len(gold_all)
        scores.all.matched += len(pairs)
        # core events
        pred_core = [e for e in pred_all if _pred_type(e) in CORE_TYPES]
        gold_core = [e for e in gold_all if e.get("core")]
        core_pairs, missed, spurious = match_events(pred_core, gold_core)
        scores.core.predicted += len(pred_core)
        scores.core.gold += len(gold_core)
        scores.core.matched += len(core_pairs)
        scores.missed.extend((doc.doc_id, g) for g in missed)
        scores.spurious.extend((doc.doc_id, p) for p in spurious)
        for pred, gold, how in pairs:
            scores.core_pairs.append(Pair(doc.doc_id, pred, gold, how))
            for name, ok in _field_checks(pred, gold):
                scores.fields[name].total += 1
                scores.fields[name].correct += int(ok)
                if not ok:
                    scores.field_errors.append((doc.doc_id, name, pred, gold))
    return scores


def format_report(scores: EventScores, *, show_misses: int = 30) -> str:
    lines = ["events        predicted  gold  matched  precision  recall  F1"]
    for name, c in (("core", scores.core), ("all", scores.all)):
        lines.append(
            f"{name:<13} {c.predicted:>9} {c.gold:>5} {c.matched:>8} {c.precision:>10.3f} {c.recall:>7.3f} {c.f1:>5.3f}"
        )
    lines.append("")
    lines.append("field accuracy over matched asserted pairs (where gold sets the field)")
    for name, f in scores.fields.items():
        lines.append(f"  {name:<17} {f.accuracy:>6.3f}  ({f.correct}/{f.total})")
    if show_misses:
        lines.append("")
        lines.append(f"missed core events ({len(scores.missed)}):")
        for doc_id, g in scores.missed[:show_misses]:
            lines.append(f"  {doc_id} {g.get('plover')} «{g.get('trigger')}» {str(g.get('sentence'))[:90]}")
        lines.append(f"spurious core predictions ({len(scores.spurious)}):")
        for doc_id, p in scores.spurious[:show_misses]:
            lines.append(
                f"  {doc_id} {_pred_type(p)} «{(p.get('trigger') or {}).get('text')}» {_pred_sentence(p)[:90]}"
            )
        lines.append(f"field errors ({len(scores.field_errors)}):")
        for doc_id, name, p, g in scores.field_errors[:show_misses]:
            lines.append(f"  {doc_id} {name}: predicted {_field_value(name, p)!r} gold {_gold_value(name, g)!r}")
    return "\n".join(lines)


def _field_value(name: str, pred: Mapping[str, Any]) -> object:
    if name == "acled_event_type":
        return (pred.get("acled") or {}).get("event_type")
    if name == "actor1":
        return (pred.get("actor1") or {}).get("text")
    if name in ("admin1", "admin2"):
        return (pred.get("location") or {}).get(f"{name}_pcode")
    if name == "date":
        return (pred.get("date") or {}).get("value")
    return pred.get(name)


def _gold_value(name: str, gold: Mapping[str, Any]) -> object:
    if name == "actor1":
        return (gold.get("actor1") or {}).get("text")
    if name in ("admin1", "admin2"):
        return (gold.get("location") or {}).get(f"{name}_pcode")
    return gold.get(name)
