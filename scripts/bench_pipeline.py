"""Benchmark the whole extraction pipeline: documents per second and peak memory.

    python scripts/bench_pipeline.py [--docs 1000] [--seed 7]

The corpus is generated from the project's own example reports (examples/): sentences are
shuffled into new reports of 4–12 sentences, so no publisher text is used.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from marsad.model import Document  # noqa: E402  (path set up above for running from a checkout)
from marsad.nlp import default_pipeline  # noqa: E402
from marsad.text.debris import clean_text  # noqa: E402
from marsad.text.segment import split_sentences  # noqa: E402


def example_sentences() -> list[str]:
    texts: list[str] = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for line in (ROOT / "examples" / "records.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line)["text"])
    sentences: list[str] = []
    for text in texts:
        body = clean_text(text).text
        sentences.extend(body[s.start : s.end] for s in split_sentences(body))
    return sentences


def make_corpus(n: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    pool = example_sentences()
    docs: list[Document] = []
    for i in range(n):
        k = rng.randint(4, 12)
        text = "\n\n".join(rng.choice(pool) for _ in range(k))
        published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 700))
        docs.append(Document(doc_id=f"bench-{i}", text=text, raw_text=text, published=published))
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-ner", action="store_true", help="leave the trained NER tagger out")
    args = parser.parse_args()
    corpus = make_corpus(args.docs, args.seed)
    chars = sum(len(d.text) for d in corpus)
    t0 = time.perf_counter()
    pipeline = default_pipeline(ner=not args.no_ner)
    pipeline.run(corpus[0])  # load resources and models once
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    events = 0
    failures = 0
    for doc in corpus:
        result = pipeline.run(doc)
        events += len(result.document.events)
        failures += 0 if result.ok else 1
    elapsed = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline: {', '.join(pipeline.method_ids)}{' (no NER tagger)' if args.no_ner else ''}")
    print(f"documents: {len(corpus)} ({chars / len(corpus):.0f} characters on average), events: {events}, "
          f"failures: {failures}")
    print(f"resource and model load: {load_s:.2f} s")
    print(f"throughput: {len(corpus) / elapsed:.1f} documents/s ({chars / elapsed / 1000:.0f} k characters/s), "
          f"one process")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
