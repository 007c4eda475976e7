"""CLI commands for the named-entity tagger: ``marsad ner tag``, ``marsad train ner``, ``marsad evaluate ner``.

Each ``add_*`` function takes an argparse subparsers object and adds one parser whose ``func(args)``
returns the exit status (0 success, 2 bad input: missing file, malformed line, unusable model).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from marsad.entities.crf_features import CORE_GROUPS
from marsad.entities.ner_train import DEFAULT_C1, DEFAULT_C2, DEFAULT_MAX_ITERATIONS, DEFAULT_SEED

DEFAULT_TRAIN = Path("../shared/data/anercorp/ANERcorp_CamelLabStyle_reconstructed_train.txt")
DEFAULT_OUT = Path("src/marsad/resources")
EXIT_BAD_INPUT = 2
SHIPPED_GROUPS = CORE_GROUPS
"""Feature groups of the shipped model. The optional name-list groups (gazetteer, actors) did not help on
the held-out dev part and ANERGazet is not redistributable here (see NER_MODEL_CARD.md)."""

# argparse's subparsers object has a private type; ``Any`` keeps the signatures honest.
Subparsers = Any


def _fail(message: str) -> int:
    print(f"marsad: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _load_tagger(model: Path | None, e5: Path | None = None, *, bfloat16: bool = False) -> Any:
    from marsad.entities.crf_tagger import CrfTagger, get_tagger

    crf = CrfTagger(model) if model is not None else get_tagger()
    if e5 is None:
        return crf
    from marsad.cli.ner_e5_commands import load_union_tagger

    return load_union_tagger(crf, e5, bfloat16=bfloat16)


def add_e5_options(p: argparse.ArgumentParser, help_e5: str) -> None:
    p.add_argument("--e5", type=Path, default=None, metavar="DIR", help=help_e5)
    p.add_argument("--e5-bfloat16", action="store_true",
                   help="run the e5 tagger in bfloat16 (faster on CPUs with AVX512-BF16; same scores measured)")


# --- marsad ner tag -------------------------------------------------------------------------------


def add_ner(subparsers: Subparsers) -> argparse.ArgumentParser:
    """``marsad ner tag --conll FILE``: tag tokens (first column, blank line between sentences)."""
    ner = subparsers.add_parser("ner", help="named-entity recognition with the packaged CRF model")
    ner.set_defaults(func=lambda _args: _fail("choose a subcommand: marsad ner tag --conll FILE"))
    sub = ner.add_subparsers(dest="ner_command", metavar="SUBCOMMAND")
    tag = sub.add_parser("tag", help="tag a CoNLL token file; prints token<TAB>tag lines")
    tag.add_argument("--conll", required=True, metavar="FILE",
                     help="tokens in the first column, blank line between sentences ('-' reads stdin)")
    tag.add_argument("--model", type=Path, default=None, help="a model file instead of the packaged one")
    add_e5_options(tag, "add the chunks of an e5 tagger (marsad train ner-e5) that the CRF did not find")
    tag.set_defaults(func=run_ner_tag)
    parser: argparse.ArgumentParser = ner
    return parser


def run_ner_tag(args: argparse.Namespace) -> int:
    from marsad.entities.conll import ConllSentence, format_conll, read_conll
    from marsad.entities.crf_tagger import ModelMismatchError

    try:
        sentences = read_conll(args.conll)
        tagger = _load_tagger(args.model, args.e5, bfloat16=args.e5_bfloat16)
    except FileNotFoundError as exc:
        return _fail(str(exc) if exc.filename is None else f"file not found: {exc.filename}")
    except (ValueError, ModelMismatchError) as exc:
        return _fail(str(exc))
    from marsad.entities.ner_eval import tag_conll

    # as `marsad evaluate ner` reads the file: documents of consecutive sentences, so the same tags
    tags = tag_conll(tagger, [s.tokens for s in sentences])
    tagged = [ConllSentence(s.tokens, tuple(t)) for s, t in zip(sentences, tags, strict=True)]
    sys.stdout.write(format_conll(tagged))
    return 0


# --- marsad train ner -----------------------------------------------------------------------------


def add_train_ner(subparsers: Subparsers) -> argparse.ArgumentParser:
    """``marsad train ner``: registered under the ``train`` command's subparsers."""
    p = subparsers.add_parser("ner", help="train the CRF named-entity model")
    p.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help=f"CoNLL training file (default {DEFAULT_TRAIN})")
    p.add_argument("--extra", type=Path, action="append", default=[], metavar="FILE",
                   help="further CoNLL training files in the ANERcorp tag set (repeatable)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    p.add_argument("--c1", type=float, default=DEFAULT_C1, help=f"L1 penalty (default {DEFAULT_C1})")
    p.add_argument("--c2", type=float, default=DEFAULT_C2, help=f"L2 penalty (default {DEFAULT_C2})")
    p.add_argument("--max-iterations", type=int, default=DEFAULT_MAX_ITERATIONS,
                   help=f"L-BFGS iterations (default {DEFAULT_MAX_ITERATIONS})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"recorded seed (default {DEFAULT_SEED})")
    p.add_argument("--groups", default=",".join(SHIPPED_GROUPS),
                   help=f"comma-separated feature groups, or 'available' for every group that can be built"
                        f" here (default {','.join(SHIPPED_GROUPS)})")
    p.add_argument("--dev-fraction", type=float, default=0.1,
                   help="score a model trained without the last part of --train on that part first (default 0.1;"
                        " 0 skips)")
    p.add_argument("--report", type=Path, action="append", default=[], metavar="FILE",
                   help="gold CoNLL file to score the final model on and record in the metadata (repeatable)")
    p.add_argument("--anergazet", type=Path, default=None, metavar="DIR",
                   help="ANERGazet directory (only for the 'anergazet' feature group)")
    p.set_defaults(func=run_train_ner)
    parser: argparse.ArgumentParser = p
    return parser


def run_train_ner(args: argparse.Namespace) -> int:
    from marsad.entities.ner_train import train_ner

    for path in (args.train, *args.extra, *args.report):
        if not Path(path).is_file():
            return _fail(f"file not found: {path}")
    groups = None if args.groups == "available" else [g.strip() for g in args.groups.split(",") if g.strip()]
    try:
        report = train_ner(
            train_path=args.train, out_dir=args.out, extra_paths=tuple(args.extra), c1=args.c1, c2=args.c2,
            max_iterations=args.max_iterations, seed=args.seed, groups=groups, dev_fraction=args.dev_fraction,
            eval_paths=tuple(args.report), anergazet_dir=args.anergazet,
        )
    except (ValueError, LookupError) as exc:
        return _fail(str(exc))
    print(f"model {report.model_path} ({report.model_bytes} bytes), metadata {report.metadata_path}")
    print(f"groups {','.join(report.groups)}; {report.sentences} sentences, {report.tokens} tokens; "
          f"{report.train_seconds:.0f} s")
    if report.dev is not None:
        print("held-out dev:")
        print(report.dev.format_table())
    for name, scores in report.evaluations:
        print(f"{name}:")
        print(scores.format_table())
    return 0


# --- marsad evaluate ner --------------------------------------------------------------------------


def add_evaluate_ner(subparsers: Subparsers) -> argparse.ArgumentParser:
    """``marsad evaluate ner --conll FILE``: registered under the ``evaluate`` command's subparsers."""
    p = subparsers.add_parser("ner", help="score the NER model on a gold CoNLL file (exact spans)")
    p.add_argument("--conll", required=True, type=Path, metavar="FILE", help="gold CoNLL file (token ... tag)")
    p.add_argument("--model", type=Path, default=None, help="a model file instead of the packaged one")
    add_e5_options(p, "score the CRF with an e5 tagger's extra chunks added (marsad train ner-e5)")
    p.set_defaults(func=run_evaluate_ner)
    parser: argparse.ArgumentParser = p
    return parser


def run_evaluate_ner(args: argparse.Namespace) -> int:
    from marsad.entities.crf_tagger import ModelMismatchError
    from marsad.entities.ner_eval import evaluate_conll

    if not args.conll.is_file():
        return _fail(f"file not found: {args.conll}")
    try:
        tagger = _load_tagger(args.model, args.e5, bfloat16=args.e5_bfloat16)
        scores = evaluate_conll(args.conll, tagger=tagger)
    except FileNotFoundError as exc:
        return _fail(str(exc))
    except (ValueError, ModelMismatchError) as exc:
        return _fail(str(exc))
    print(scores.format_table())
    print(f"micro-F1 {scores.micro_f1:.4f}  macro-F1 {scores.macro_f1:.4f}")
    return 0
