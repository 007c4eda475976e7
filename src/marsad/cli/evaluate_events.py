"""``marsad evaluate events``: score extraction against shared/gold with its own matching rule."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from marsad.evaluation.gold_events import GoldDocument, load_gold, score_documents
from marsad.evaluation.gold_events import format_report as format_events_report

DEFAULT_GOLD = Path("../shared/gold")


def add_evaluate_events(sub: Any) -> None:
    p = sub.add_parser("events", help="score event extraction against gold annotations (shared/gold)")
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder with texts/ and events/")
    p.add_argument("--predictions", type=Path, help="score this saved `marsad extract --format jsonl` output instead")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--misses", type=int, default=30, help="how many misses and errors to list (0: none)")
    p.add_argument("--save", type=Path, help="also write the predictions made to this JSONL file")
    p.set_defaults(func=run_events)


def predict_gold(gold: list[GoldDocument]) -> dict[str, list[dict[str, Any]]]:
    """Run the default pipeline over the gold texts (as input records) and export each document."""
    from marsad.export import document_json
    from marsad.io.readers import ReadOptions, record_from_mapping
    from marsad.nlp import default_pipeline, document_from_record

    pipeline = default_pipeline()
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in gold:
        record = record_from_mapping(doc.record, origin=f"gold:{doc.doc_id}", default_id=doc.doc_id,
                                     options=ReadOptions())
        result = pipeline.run(document_from_record(record))
        exported = document_json(result.document, method_ids=pipeline.method_ids)
        out[doc.doc_id] = [exported]
    return out


def run_events(args: argparse.Namespace) -> int:
    try:
        gold = load_gold(args.gold)
    except FileNotFoundError as exc:
        print(f"marsad evaluate events: {exc}", file=sys.stderr)
        return 2
    if args.predictions:
        docs: dict[str, list[dict[str, Any]]] = {}
        for n, line in enumerate(args.predictions.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"marsad evaluate events: {args.predictions}:{n}: malformed JSON ({exc.msg})", file=sys.stderr)
                return 2
            docs[str(doc["doc_id"])] = [doc]
    else:
        docs = predict_gold(gold)
    if args.save:
        with args.save.open("w", encoding="utf-8") as f:
            for exported in docs.values():
                f.write(json.dumps(exported[0], ensure_ascii=False) + "\n")
    predictions = {doc_id: list(d[0]["events"]) for doc_id, d in docs.items()}
    scores = score_documents(gold, predictions)
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(f"gold: {args.gold} ({len(gold)} documents)")
        print(format_events_report(scores, show_misses=args.misses))
    return 0
