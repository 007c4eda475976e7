"""Sentence-level event detection scored on the OEDA Arabic event gold standard (ASSAULT / PROTEST).

The data (``../shared/data/arabic_event_gsr``) has one CSV per event type (columns ``accept, event_type,
id, label, reject, text, total``) and fixed id splits ``split_<type>_<dev|test>.txt``. Labels: ``yes`` is a
positive (all annotators accepted), ``easy no`` and ``difficult no`` are negatives, ``ambiguous`` is left out;
``accept`` / ``total`` (the annotator votes) are kept as :attr:`GsrSentence.agreement`. The texts are licensed
newswire: they are read from there at run time and never copied into the project.

:func:`evaluate_gsr` takes any predictor ``Sequence[str] -> list[bool]`` (the classifier, the rule-based
pipeline, or a combination), so each can be scored the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

EVENT_TYPES: tuple[str, ...] = ("assault", "protest")
SPLITS: tuple[str, ...] = ("dev", "test")
POSITIVE_LABELS = frozenset({"yes"})
NEGATIVE_LABELS = frozenset({"easy no", "difficult no"})
EXCLUDED_LABELS = frozenset({"ambiguous"})


@dataclass(frozen=True, slots=True)
class GsrSentence:
    id: str
    text: str
    label: bool
    event_type: str
    # annotator votes for the label (``accept`` of ``total``); 0/0 where the data has no counts
    accept: int = 0
    total: int = 0

    @property
    def agreement(self) -> float:
        """Share of annotators who accepted the label; the binary label (1.0 / 0.0) when there are no counts."""
        if self.total > 0:
            return min(1.0, max(0.0, self.accept / self.total))
        return 1.0 if self.label else 0.0


@dataclass(frozen=True, slots=True)
class BinaryScores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def format(self, name: str = "") -> str:
        head = f"{name}: " if name else ""
        return (
            f"{head}P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"(tp {self.tp} fp {self.fp} fn {self.fn} tn {self.tn}; n {self.total})"
        )


def _check(event_type: str, split: str) -> None:
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown GSR event type {event_type!r}; expected one of {', '.join(EVENT_TYPES)}")
    if split not in SPLITS:
        raise ValueError(f"unknown GSR split {split!r}; expected one of {', '.join(SPLITS)}")


def split_path(gsr_dir: Path, *, event_type: str, split: str) -> Path:
    _check(event_type, split)
    return gsr_dir / f"split_{event_type}_{split}.txt"


def data_path(gsr_dir: Path, *, event_type: str) -> Path:
    _check(event_type, "dev")
    return gsr_dir / f"{event_type}_gsr.csv"


def _count(value: str | None) -> int:
    """An annotator count from the CSV; 0 when absent or not a whole number."""
    try:
        return max(0, int(float(value or "")))
    except ValueError:
        return 0


def load_gsr(gsr_dir: Path, *, event_type: str, split: str) -> list[GsrSentence]:
    """The sentences of one split in the split file's order; ``ambiguous`` ones are left out.

    Raises FileNotFoundError (naming the file) when the data or the split file is absent, and ValueError
    for an unknown label or an id of the split that the CSV lacks.
    """
    ids_file = split_path(gsr_dir, event_type=event_type, split=split)
    csv_file = data_path(gsr_dir, event_type=event_type)
    for path in (csv_file, ids_file):
        if not path.is_file():
            raise FileNotFoundError(
                f"GSR file not found: {path} (expected the OEDA arabic_event_gsr data; pass --gsr DIR)"
            )
    rows: dict[str, tuple[str, str, int, int]] = {}
    with csv_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["id"]] = (row["text"], row["label"].strip(), _count(row.get("accept")), _count(row.get("total")))
    out: list[GsrSentence] = []
    for line in ids_file.read_text(encoding="utf-8").splitlines():
        sid = line.strip()
        if not sid:
            continue
        if sid not in rows:
            raise ValueError(f"{ids_file}: id {sid} is not in {csv_file.name}")
        text, label, accept, total = rows[sid]
        if label in EXCLUDED_LABELS:
            continue
        if label not in POSITIVE_LABELS and label not in NEGATIVE_LABELS:
            raise ValueError(f"{csv_file}: id {sid} has unknown label {label!r}")
        out.append(
            GsrSentence(
                id=sid, text=text, label=label in POSITIVE_LABELS, event_type=event_type, accept=accept, total=total
            )
        )
    return out


def score_binary(gold: Sequence[bool], predicted: Sequence[bool]) -> BinaryScores:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold labels")
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return BinaryScores(tp=tp, fp=fp, fn=fn, tn=len(gold) - tp - fp - fn)


def evaluate_gsr(sentences: Sequence[GsrSentence], predict: Callable[[Sequence[str]], list[bool]]) -> BinaryScores:
    """Score ``predict`` (called once with every text, in order) against the sentences' labels."""
    predicted = predict([s.text for s in sentences])
    return score_binary([s.label for s in sentences], [bool(p) for p in predicted])
