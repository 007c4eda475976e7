"""CLI commands for the sentence event classifier: ``marsad train events-classifier``, ``marsad evaluate gsr``.

Each ``add_*`` function takes an argparse subparsers object and adds one parser whose ``func(args)``
returns the exit status (0 success, 2 bad input: missing data, unusable model, missing module).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DEFAULT_GSR = Path("../shared/data/arabic_event_gsr")
DEFAULT_OWN = Path("data/classifier/own_sentences.csv")
DEFAULT_OUT = Path("src/marsad/resources/event_classifier.json")
EXIT_BAD_INPUT = 2
_TYPE_LABEL = {"assault": "ASSAULT", "protest": "PROTEST"}

# argparse's subparsers object has a private type; ``Any`` keeps the signatures honest.
Subparsers = Any
Predictor = Callable[[Sequence[str]], list[bool]]


def _fail(message: str) -> int:
    print(f"marsad: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


# --- marsad train events-classifier ---------------------------------------------------------------


def add_train_classifier(subparsers: Subparsers) -> argparse.ArgumentParser:
    """``marsad train events-classifier``: registered under the ``train`` command's subparsers."""
    from marsad.events.classifier_train import DEFAULT_SEED, FEATURE_SETS

    p = subparsers.add_parser("events-classifier", help="train the ASSAULT/PROTEST sentence classifier")
    p.add_argument("--gsr", type=Path, default=DEFAULT_GSR, metavar="DIR",
                   help=f"OEDA arabic_event_gsr directory; only its dev splits are used (default {DEFAULT_GSR})")
    p.add_argument("--own", type=Path, default=DEFAULT_OWN, metavar="FILE",
                   help=f"own labelled sentences, CSV text,assault,protest (default {DEFAULT_OWN})")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="FILE", help=f"model file (default {DEFAULT_OUT})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help=f"cross-validation fold seed (default {DEFAULT_SEED})")
    p.add_argument("--features", choices=FEATURE_SETS, default="ngrams",
                   help="hashed n-grams only (default, fast) or n-grams plus USE multilingual vectors")
    p.set_defaults(func=run_train_classifier)
    parser: argparse.ArgumentParser = p
    return parser


def run_train_classifier(args: argparse.Namespace) -> int:
    from marsad.errors import MarsadError
    from marsad.events.classifier_train import train_classifier

    try:
        report = train_classifier(gsr_dir=args.gsr, own_path=args.own, out_path=args.out, seed=args.seed,
                                  features=args.features)
    except FileNotFoundError as exc:
        return _fail(str(exc))
    except (ValueError, MarsadError) as exc:
        return _fail(str(exc))
    print(report.format())
    return 0


# --- marsad evaluate gsr --------------------------------------------------------------------------


def add_evaluate_gsr(subparsers: Subparsers) -> argparse.ArgumentParser:
    """``marsad evaluate gsr``: registered under the ``evaluate`` command's subparsers."""
    p = subparsers.add_parser("gsr", help="score ASSAULT/PROTEST sentence detection on the OEDA Arabic GSR")
    p.add_argument("--gsr", type=Path, default=DEFAULT_GSR, metavar="DIR",
                   help=f"OEDA arabic_event_gsr directory (default {DEFAULT_GSR})")
    p.add_argument("--split", choices=("test", "dev"), default="test", help="which fixed split (default test)")
    p.add_argument("--type", dest="event_type", choices=("assault", "protest", "both"), default="both",
                   help="event type (default both)")
    p.add_argument("--method", choices=("classifier", "rules", "both"), default="classifier",
                   help="the trained classifier, the rule-based pipeline, or each of them (default classifier)")
    p.add_argument("--model", type=Path, default=None, metavar="FILE",
                   help="a classifier model file instead of the packaged one")
    p.set_defaults(func=run_evaluate_gsr)
    parser: argparse.ArgumentParser = p
    return parser


def _classifier_predictor(model: Path | None, label: str) -> Predictor:
    from marsad.events.classifier import SentenceEventClassifier, get_classifier

    classifier = SentenceEventClassifier(model) if model is not None else get_classifier()

    def predict(texts: Sequence[str]) -> list[bool]:
        return classifier.detect(texts, label=label)

    return predict


def _rule_predictor(event_type: str) -> Predictor | None:
    """``marsad.evaluation.gsr_rules.rule_predictor(event_type)``; None (with a message) when that module is absent.

    ``event_type`` is "ASSAULT" or "PROTEST"; the result is a predictor ``texts -> list[bool]``.
    """
    try:
        module = importlib.import_module("marsad.evaluation.gsr_rules")
    except ModuleNotFoundError as exc:
        if exc.name != "marsad.evaluation.gsr_rules":
            raise
        print("marsad: error: the rule-based GSR predictor (marsad.evaluation.gsr_rules) is not part of this "
              "build yet; use --method classifier", file=sys.stderr)
        return None
    factory: Callable[[str], Predictor] = module.rule_predictor
    return factory(_TYPE_LABEL[event_type])


def run_evaluate_gsr(args: argparse.Namespace) -> int:
    from marsad.errors import MarsadError
    from marsad.evaluation.gsr import evaluate_gsr, load_gsr

    types = ("assault", "protest") if args.event_type == "both" else (args.event_type,)
    methods = ("classifier", "rules") if args.method == "both" else (args.method,)
    for event_type in types:
        try:
            sentences = load_gsr(args.gsr, event_type=event_type, split=args.split)
        except (FileNotFoundError, ValueError) as exc:
            return _fail(str(exc))
        for method in methods:
            try:
                if method == "classifier":
                    predictor: Predictor | None = _classifier_predictor(args.model, _TYPE_LABEL[event_type])
                else:
                    predictor = _rule_predictor(event_type)
                if predictor is None:
                    return EXIT_BAD_INPUT
                scores = evaluate_gsr(sentences, predictor)
            except (FileNotFoundError, ValueError, MarsadError) as exc:
                return _fail(str(exc))
            print(scores.format(f"{_TYPE_LABEL[event_type]} {args.split} {method}"))
    return 0
