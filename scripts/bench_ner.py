"""Benchmark the packaged NER tagger: model load time and tokens per second on one core.

Usage: python scripts/bench_ner.py [--conll FILE] [--repeat N] [--e5 DIR [--threads N] [--bfloat16]]
Without --conll it tags the ANERcorp test split when ../shared is present, else a built-in sentence set.
Run it pinned to one core for the one-core figure, e.g. ``taskset -c 0 python scripts/bench_ner.py``.
Sentences are tagged as documents of ``CONLL_DOC_SENTENCES`` consecutive sentences (``tag_document``), as
``marsad evaluate ner`` reads a CoNLL file. ``--e5 DIR`` times the optional e5 tagger (``marsad train
ner-e5``; torch on ``--threads`` threads, default 1, and not pinned) instead of the CRF.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from pathlib import Path

from marsad.entities.conll import read_conll
from marsad.entities.crf_features import doc_blocks
from marsad.entities.crf_tagger import PACKAGED_MODEL, CrfTagger

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONLL = ROOT.parent / "shared" / "data" / "anercorp" / "ANERcorp_CamelLabStyle_reconstructed_test.txt"


def _words(text: str) -> list[str]:
    return text.split()


FALLBACK = [
    _words("قال العميد أحمد الخالدي إن قوات النظام قصفت مدينة إدلب"),
    _words("وصل الرئيس الفرنسي إلى بغداد أمس في زيارة رسمية تستمر يومين"),
    _words("أعلنت وزارة الصحة في غزة ارتفاع عدد القتلى إلى ثلاثين"),
] * 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--conll", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--e5", type=Path, default=None, metavar="DIR")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--bfloat16", action="store_true", help="with --e5: run the encoder in bfloat16")
    args = parser.parse_args()
    if args.e5 is not None:
        return _bench_e5(args)
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    path = args.conll or (DEFAULT_CONLL if DEFAULT_CONLL.is_file() else None)
    sentences = [list(s.tokens) for s in read_conll(path)] if path is not None else FALLBACK
    n_tokens = sum(len(s) for s in sentences)

    started = time.perf_counter()
    tagger = CrfTagger(PACKAGED_MODEL)
    load_s = time.perf_counter() - started

    blocks = doc_blocks(sentences)
    best = float("inf")
    cold = 0.0
    for r in range(max(1, args.repeat)):
        if r == 0:
            tagger.extractor.clear_cache()
        t0 = time.perf_counter()
        for block in blocks:
            tagger.tag_document(block)
        elapsed = time.perf_counter() - t0
        if r == 0:
            cold = elapsed
        best = min(best, elapsed)
    print(f"model: {PACKAGED_MODEL} ({PACKAGED_MODEL.stat().st_size / 1e6:.1f} MB)")
    print(f"load time: {load_s * 1000:.0f} ms")
    print(f"data: {path or 'built-in sentences'}: {len(sentences)} sentences, {n_tokens} tokens")
    print(f"cold (empty word cache): {n_tokens / cold:,.0f} tokens/s")
    print(f"warm (best of {args.repeat}): {n_tokens / best:,.0f} tokens/s")
    return 0


def _bench_e5(args: argparse.Namespace) -> int:
    import torch

    from marsad.neural.e5_tagger import E5Tagger

    torch.set_num_threads(args.threads)
    path = args.conll or (DEFAULT_CONLL if DEFAULT_CONLL.is_file() else None)
    sentences = [list(s.tokens) for s in read_conll(path)] if path is not None else FALLBACK
    n_tokens = sum(len(s) for s in sentences)
    started = time.perf_counter()
    tagger = E5Tagger.load(args.e5, bfloat16=args.bfloat16)
    load_s = time.perf_counter() - started
    blocks = doc_blocks(sentences)
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        for block in blocks:
            tagger.tag_document(block)
        best = min(best, time.perf_counter() - t0)
    print(f"e5 model: {args.e5}; torch threads {args.threads}; {'bfloat16' if args.bfloat16 else 'float32'}")
    print(f"load time: {load_s * 1000:.0f} ms")
    print(f"data: {path or 'built-in sentences'}: {len(sentences)} sentences, {n_tokens} tokens")
    print(f"best of {args.repeat}: {n_tokens / best:,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
