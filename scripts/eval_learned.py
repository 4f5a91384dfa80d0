#!/usr/bin/env python3
"""Measure the learned verifier: rules alone vs rules + ``tocsin.learn.verify`` on event gold.

    .venv/bin/python scripts/eval_learned.py ../shared/eval/events-plover-gsr.dev.jsonl \
        ../shared/eval/events-case2021.dev.jsonl [--policy tocsin/data/models/event_head.json]

Each gold file is coded once by the real pipeline (rules), every sentence is
embedded once, then the verifier is applied with the policy (thresholds) stored
beside the head weights, which ``scripts/train_event_classifier.py`` chose by
cross-validation on the training set: nothing here is fitted to a gold file.
Scores come from ``tocsin.eval.events`` (the same code as ``tocsin eval``).

``--cache DIR`` keeps coded articles and embeddings between runs (keyed by the
content of the coder and data files), for quick experiments.
``--sweep`` additionally prints each threshold varied alone (for the report:
how sensitive the result is), never used to pick the shipped policy.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tocsin.eval.events import gold_kind, score_accept, score_events
from tocsin.eval.runner import load_gold
from tocsin.model import Article


def _code_key(gold: Path) -> str:
    h = hashlib.sha256(gold.read_bytes())
    for base in ("tocsin/coding", "tocsin/data", "tocsin/nlp", "tocsin/resolve"):
        for p in sorted((ROOT / base).rglob("*")):
            if p.is_file() and p.suffix in (".py", ".json", ".tsv", ".gz") and "models" not in p.parts \
                    and "training" not in p.parts:
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def code(gold: Path, cache: Path | None) -> tuple[list[dict[str, Any]], list[Article], float]:
    """Gold records and their coded articles (sentences kept, parses dropped); seconds spent."""
    records = load_gold(gold)
    target = cache / f"{gold.stem}.{_code_key(gold)}.pkl" if cache else None
    if target and target.exists():
        with open(target, "rb") as handle:
            articles, seconds = pickle.load(handle)
        return records, articles, seconds
    from tocsin.pipeline import Pipeline

    pipe = Pipeline()
    articles = [Article.from_dict(r, origin=f"{gold}:{i}") for i, r in enumerate(records, 1)]
    t0 = time.perf_counter()
    coded = list(pipe(articles))
    seconds = time.perf_counter() - t0
    if target:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            pickle.dump((coded, seconds), handle)
    return records, coded, seconds


def embeddings(texts: list[str], cache: Path | None) -> tuple[Any, float]:
    """Unit vectors for ``texts`` (cached by text hash) and seconds the uncached part took."""
    import numpy as np

    from tocsin.learn.embed import DIM, embed

    store: dict[str, Any] = {}
    target = cache / "embeddings.pkl" if cache else None
    if target and target.exists():
        with open(target, "rb") as handle:
            store = pickle.load(handle)
    key = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(key, texts) if k not in store}.items())
    t0 = time.perf_counter()
    if missing:
        vecs = embed([t for _, t in missing])
        for (k, _), v in zip(missing, vecs):
            store[k] = v
    seconds = time.perf_counter() - t0
    if target and missing:
        with open(target, "wb") as handle:
            pickle.dump(store, handle)
    out = np.stack([store[k] for k in key]) if key else np.zeros((0, DIM), dtype=np.float32)
    return out, seconds


def score(gold: Path, records: list[dict[str, Any]], articles: list[Article]) -> dict[str, Any]:
    pairs = list(zip(records, articles))
    if gold_kind(records[0]) == "events":
        return score_events(str(gold), pairs).metrics
    return score_accept(str(gold), pairs).metrics


def headline(metrics: dict[str, Any]) -> dict[str, Any]:
    if "type" in metrics:
        return {"type_f1": metrics["type"]["f1"], "type_p": metrics["type"]["precision"],
                "type_r": metrics["type"]["recall"], "main_acc": metrics["main_event_type_accuracy"],
                "type+actor_f1": metrics["type+actor_code"]["f1"], "mode_acc": metrics["mode_accuracy"]}
    return {"acceptance": metrics["acceptance_rate"], "protest_f1": metrics["protest"]["f1"],
            "assault_f1": metrics["assault"]["f1"], "coerce_f1": metrics["coerce"]["f1"],
            "disaster_false": metrics["false_event_rate_on_disasters"]}


def apply(articles: list[Article], vectors: Any, index: list[list[int]], verifier: Any) -> list[Article]:
    out = []
    for article, rows in zip(articles, index):
        a = copy.copy(article)
        a.events = verifier.verify_article(article, vectors[rows])
        out.append(a)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--model", type=Path, default=None, help="head weights (.npz); default the shipped one")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--choose-on", type=Path, default=None,
                    help="pick the policy on this gold file instead (same coordinate search as training) "
                         "and report every file with it: the cross-set check")
    args = ap.parse_args()

    from tocsin.learn.verify import Verifier

    verifier = Verifier.load(args.model)
    if args.choose_on:
        verifier.policy = choose_on(args.choose_on, args.cache, verifier)
        print(f"policy chosen on {args.choose_on.name}: {json.dumps(verifier.policy.as_dict())}")
    result: dict[str, Any] = {"policy": verifier.policy.as_dict()}
    for gold in args.gold:
        records, articles, code_s = code(gold, args.cache)
        texts, index, candidate_rows = [], [], []
        for article in articles:
            rows = []
            spans = [e.span for e in article.events]
            for s in article.sentences:
                rows.append(len(texts))
                if any(sp[0] < s.end and s.start < sp[1] for sp in spans):
                    candidate_rows.append(len(texts))
                texts.append(s.text)
            index.append(rows)
        vectors, embed_s = embeddings(texts, args.cache)
        base = score(gold, records, articles)
        verified = apply(articles, vectors, index, verifier)
        after = score(gold, records, verified)
        entry = {
            "records": len(records), "sentences": len(texts),
            "sentences_with_rule_event": len(candidate_rows),
            "rules_seconds": round(code_s, 2),
            "embed_seconds_uncached": round(embed_s, 2),
            "rules": headline(base), "rules+verifier": headline(after),
            "changes": verifier.stats_reset(),
        }
        if args.sweep:
            entry["sweep"] = sweep(gold, records, articles, vectors, index, verifier)
        result[gold.name] = entry
        if not args.json:
            print(f"\n== {gold.name}: {len(records)} records, {len(texts)} sentences "
                  f"({len(candidate_rows)} with a rule event)")
            print(f"  rules          {json.dumps(entry['rules'])}")
            print(f"  rules+verifier {json.dumps(entry['rules+verifier'])}")
            print(f"  verifier actions {json.dumps(entry['changes'])}")
            for line in entry.get("sweep", []):
                print("  sweep", json.dumps(line))
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


def prepared(gold: Path, cache: Path | None) -> tuple[list[dict[str, Any]], list[Article], Any, list[list[int]]]:
    records, articles, _ = code(gold, cache)
    texts, index = [], []
    for article in articles:
        index.append(list(range(len(texts), len(texts) + len(article.sentences))))
        texts += [s.text for s in article.sentences]
    vectors, _ = embeddings(texts, cache)
    return records, articles, vectors, index


def objective(metrics: dict[str, Any]) -> float:
    if "type" in metrics:
        return metrics["type"]["f1"] + metrics["main_event_type_accuracy"]
    return (metrics["acceptance_rate"] + (metrics["protest"]["f1"] + metrics["assault"]["f1"]) / 2
            - metrics["false_event_rate_on_disasters"])


def choose_on(gold: Path, cache: Path | None, verifier: Any) -> Any:
    """The training script's coordinate search, scored on one gold file (report the others)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_event_classifier import GRID, START

    records, articles, vectors, index = prepared(gold, cache)

    def value(policy: Any) -> float:
        verifier.policy = policy
        return objective(score(gold, records, apply(articles, vectors, index, verifier)))

    policy = START
    best = value(policy)
    for _ in range(2):
        for name, values in GRID.items():
            for v in values:
                trial = policy.replace(**{name: v})
                key = value(trial)
                if key > best + 1e-9:
                    policy, best = trial, key
    verifier.stats_reset()
    return policy


def sweep(gold: Path, records: list[dict[str, Any]], articles: list[Article], vectors: Any,
          index: list[list[int]], verifier: Any) -> list[dict[str, Any]]:
    rows = []
    base = verifier.policy
    for name, values in (("veto_none", (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)),
                         ("retype", (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)),
                         ("add", (0.5, 0.6, 0.7, 0.8, 0.9, 1.01))):
        for v in values:
            verifier.policy = base.replace(**{name: v})
            m = headline(score(gold, records, apply(articles, vectors, index, verifier)))
            rows.append({name: v, **m})
    verifier.policy = base
    verifier.stats_reset()
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
