"""Exact-span named-entity scoring, as the CoNLL ``conlleval`` script counts it.

A chunk starts at ``B-X``, or at ``I-X`` when the previous tag is ``O`` or of another type (so IOB1 and
IOB2 files score the same way), and runs over the following ``I-X`` tags. A predicted chunk counts as
correct only when its type, start and end all equal a gold chunk's.

Micro- and macro-F1 are taken over the ANERcorp types (PERS, LOC, ORG, MISC) unless told otherwise;
macro-F1 is the unweighted mean of the per-type F1 (a type with no gold and no predicted chunk
scores 0 and still counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.entities.conll import read_conll

if TYPE_CHECKING:
    from marsad.entities.ensemble import DocumentTagger

ANER_TYPES: tuple[str, ...] = ("PERS", "LOC", "ORG", "MISC")


@dataclass(frozen=True, slots=True)
class Chunk:
    """An entity chunk: type and half-open token range ``[start, end)`` within its sentence."""

    type: str
    start: int
    end: int


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """The chunks of one tag sequence (conlleval rules)."""
    out: list[Chunk] = []
    cur_type: str | None = None
    cur_start = 0
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if prefix == "I" and cur_type == typ:
            continue
        if cur_type is not None:
            out.append(Chunk(cur_type, cur_start, i))
            cur_type = None
        if prefix in ("B", "I") and typ:
            cur_type, cur_start = typ, i
        elif tag != "O":
            raise ValueError(f"malformed tag {tag!r} at position {i}")
    if cur_type is not None:
        out.append(Chunk(cur_type, cur_start, len(tags)))
    return out


@dataclass(frozen=True, slots=True)
class TypeScore:
    type: str
    tp: int
    fp: int
    fn: int

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)


def _f1(tp: int, fp: int, fn: int) -> float:
    denom = 2 * tp + fp + fn
    return 2 * tp / denom if denom else 0.0


@dataclass(frozen=True, slots=True)
class NerScores:
    """Per-type counts and the micro/macro summary over ``types``."""

    per_type: tuple[TypeScore, ...]
    types: tuple[str, ...]
    sentences: int
    tokens: int
    token_accuracy: float

    def score_of(self, typ: str) -> TypeScore:
        for s in self.per_type:
            if s.type == typ:
                return s
        raise KeyError(typ)

    @property
    def micro(self) -> TypeScore:
        """Counts summed over ``types`` (its precision/recall/f1 are the micro scores)."""
        sel = [s for s in self.per_type if s.type in self.types]
        return TypeScore("micro", sum(s.tp for s in sel), sum(s.fp for s in sel), sum(s.fn for s in sel))

    @property
    def micro_f1(self) -> float:
        return self.micro.f1

    @property
    def macro_f1(self) -> float:
        if not self.types:
            return 0.0
        return sum(self.score_of(t).f1 for t in self.types) / len(self.types)

    def as_dict(self) -> dict[str, object]:
        """A JSON-able summary (for model metadata)."""
        return {
            "micro_f1": round(self.micro_f1, 4),
            "macro_f1": round(self.macro_f1, 4),
            "token_accuracy": round(self.token_accuracy, 4),
            "sentences": self.sentences,
            "tokens": self.tokens,
            "per_type": {
                s.type: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                         "f1": round(s.f1, 4), "gold": s.gold, "predicted": s.predicted}
                for s in self.per_type
            },
        }

    def format_table(self) -> str:
        """A plain-text table: one row per type, then micro and macro."""
        lines = [f"{'type':<8}{'prec':>8}{'rec':>8}{'f1':>8}{'gold':>8}{'pred':>8}"]
        for s in self.per_type:
            lines.append(f"{s.type:<8}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}{s.gold:>8}{s.predicted:>8}")
        m = self.micro
        lines.append(f"{'micro':<8}{m.precision:>8.4f}{m.recall:>8.4f}{m.f1:>8.4f}{m.gold:>8}{m.predicted:>8}")
        lines.append(f"{'macro':<8}{'':>8}{'':>8}{self.macro_f1:>8.4f}")
        lines.append(f"sentences {self.sentences}  tokens {self.tokens}  token accuracy {self.token_accuracy:.4f}")
        return "\n".join(lines)


def score_tags(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], *, types: Sequence[str] = ANER_TYPES
) -> NerScores:
    """Score predicted tag sequences against gold ones (one sequence per sentence, equal lengths)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in types}
    n_tokens = 0
    n_correct = 0
    for k, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        if len(g) != len(p):
            raise ValueError(f"sentence {k}: {len(g)} gold tags but {len(p)} predicted")
        n_tokens += len(g)
        n_correct += sum(1 for a, b in zip(g, p, strict=True) if a == b)
        gset = set(chunks(g))
        pset = set(chunks(p))
        for c in gset & pset:
            counts.setdefault(c.type, [0, 0, 0])[0] += 1
        for c in pset - gset:
            counts.setdefault(c.type, [0, 0, 0])[1] += 1
        for c in gset - pset:
            counts.setdefault(c.type, [0, 0, 0])[2] += 1
    ordered = list(types) + sorted(t for t in counts if t not in types)
    per_type = tuple(TypeScore(t, *counts[t]) for t in ordered)
    acc = n_correct / n_tokens if n_tokens else 0.0
    return NerScores(per_type, tuple(types), len(gold), n_tokens, acc)


def evaluate_conll(gold_path: Path, *, tagger: DocumentTagger | None = None) -> NerScores:
    """Tag the tokens of a gold CoNLL file (default: the packaged model) and score against its tags."""
    from marsad.entities.crf_tagger import get_tagger

    sentences = read_conll(gold_path, require_tags=True)
    t = tagger if tagger is not None else get_tagger()
    return score_tags([s.tags for s in sentences], tag_conll(t, [s.tokens for s in sentences]))


def tag_conll(tagger: DocumentTagger, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tags for the sentences of a CoNLL file, read as documents of ``CONLL_DOC_SENTENCES`` consecutive
    sentences (a CoNLL file has no document boundaries)."""
    from marsad.entities.crf_features import doc_blocks

    return [tags for block in doc_blocks(sentences) for tags in tagger.tag_document(block)]
