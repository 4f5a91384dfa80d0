"""Throughput of ``tocsin code`` against the bare spaCy parse of the same text, same run.

    python benchmarks/throughput.py [INPUT ...] [--repeat N] [--rounds R]

INPUT defaults to the bundled example stories; any .txt/.jsonl/.html works (the
same readers as ``tocsin code``). The articles are copied ``--repeat`` times,
then coded and, alternately, parsed by ``nlp.pipe`` alone, ``--rounds`` times
each; the best round of each is kept. The headline is the ratio
end-to-end / bare parse (1.0 means the coder adds nothing to the parse).
Peak RSS is that of this process (ru_maxrss). Machines here are noisy: compare
ratios, not absolute numbers across runs.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", default=[str(p) for p in sorted((ROOT / "examples").glob("*.txt"))])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--published", default="2021-03-03")
    args = parser.parse_args()

    from tocsin.model import Article, parse_published
    from tocsin.nlp.sentences import paragraphs
    from tocsin.pipeline import Pipeline
    from tocsin.sources.files import read_articles

    errors: list[str] = []
    base = list(read_articles(args.inputs, published=parse_published(args.published),
                              on_error=lambda e: errors.append(str(e))))
    if not base:
        sys.exit("no readable input: " + "; ".join(errors))
    pipeline = Pipeline()
    nlp = pipeline.nlp

    def fresh() -> list[Article]:
        return [Article(id=f"{a.id}-{i}", text=a.text, published=a.published)
                for i in range(args.repeat) for a in base]

    # warm-up: model caches, knowledge bases, first allocations
    list(pipeline(fresh()[:5]))

    best_e2e = best_parse = float("inf")
    sentences = events = 0
    for _ in range(args.rounds):
        batch = fresh()
        start = time.perf_counter()
        sentences = events = 0
        for article in pipeline(batch):
            sentences += len(article.sentences)
            events += len(article.events)
        best_e2e = min(best_e2e, time.perf_counter() - start)

        texts = [a.text[s:e] for a in fresh() for s, e in paragraphs(a.text)]
        start = time.perf_counter()
        parsed = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
        best_parse = min(best_parse, time.perf_counter() - start)

    n_articles = len(base) * args.repeat
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        "articles": n_articles,
        "sentences": sentences,
        "events": events,
        "end_to_end_sentences_per_s": round(sentences / best_e2e, 1),
        "end_to_end_articles_per_s": round(n_articles / best_e2e, 2),
        "bare_parse_sentences_per_s": round(parsed / best_parse, 1),
        "ratio_end_to_end_over_parse": round((sentences / best_e2e) / (parsed / best_parse), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
