"""``marsad extract``: articles in, one contract JSON document per article out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from marsad.cli.progress import RateReporter
from marsad.errors import InputError
from marsad.export import document_json
from marsad.io.readers import DEFAULT_MAX_BYTES, ReadError, ReadOptions, parse_published, read_input
from marsad.nlp import default_pipeline, document_from_record


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="extract events from articles (.txt, .html, .json, .jsonl, URLs, - for stdin)",
        description="Extract structured, evidence-backed events from Arabic news articles. "
        "Prints one JSON document per article as shared/contract/document.schema.json describes.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, http(s) URL, or - for standard input")
    p.add_argument(
        "--format",
        choices=("json", "jsonl"),
        default="jsonl",
        help="jsonl: one document per line (default); json: one document, or an array for several",
    )
    p.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication date for inputs that do not state one (resolves أمس, الاثنين الماضي ...)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"largest article accepted, in bytes (default {DEFAULT_MAX_BYTES})",
    )
    p.add_argument("--quiet", action="store_true", help="do not print per-input errors (exit status still says)")
    p.add_argument(
        "--progress", action="store_true", help="print documents done, rate and failures on stderr every few seconds"
    )
    p.add_argument(
        "--no-ner",
        action="store_true",
        help="leave the trained NER tagger out (dictionary entities only; about twice as fast)",
    )
    p.add_argument(
        "--e5-ner",
        type=Path,
        default=None,
        metavar="DIR",
        help="add the names an e5 tagger finds (marsad train ner-e5; needs marsad[neural]; much slower)",
    )
    p.add_argument("--e5-bfloat16", action="store_true", help="run the e5 tagger in bfloat16 (see --e5-ner)")
    p.set_defaults(func=run)


def _err(message: str, *, quiet: bool) -> None:
    if not quiet:
        print(f"marsad extract: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        published = parse_published(args.published, origin="--published")
    except InputError as exc:
        print(f"marsad extract: {exc}", file=sys.stderr)
        return 2
    options = ReadOptions(published=published, max_bytes=args.max_bytes)
    try:
        pipeline = default_pipeline(ner=not args.no_ner, e5_ner=args.e5_ner, e5_bfloat16=args.e5_bfloat16)
    except (OSError, ValueError, ImportError) as exc:
        print(f"marsad extract: cannot load the e5 tagger from {args.e5_ner}: {exc}", file=sys.stderr)
        return 2
    failures = 0
    collected: list[dict[str, Any]] = []
    reporter = RateReporter("extract") if args.progress else None
    for spec in args.inputs:
        for item in read_input(spec, options=options):
            if isinstance(item, ReadError):
                failures += 1
                _err(str(item), quiet=args.quiet)
                if reporter is not None:
                    reporter.step(failed=True)
                continue
            result = pipeline.run(document_from_record(item))
            if reporter is not None:
                reporter.step(failed=result.failure is not None)
            if result.failure is not None:
                failures += 1
                _err(
                    f"[E302] {item.origin}: stage {result.failure.stage} failed: {result.failure.error}",
                    quiet=args.quiet,
                )
                continue
            out = document_json(result.document, method_ids=pipeline.method_ids)
            if args.format == "jsonl":
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                collected.append(out)
    if reporter is not None:
        reporter.finish()
    if args.format == "json" and collected:
        payload: object = collected[0] if len(collected) == 1 else collected
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 1 if failures else 0
