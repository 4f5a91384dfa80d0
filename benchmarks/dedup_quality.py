"""Pairwise precision/recall of event deduplication on tests/fixtures/dedup/reports.jsonl.

Each report is a short, differently written article about one real-world-like event
(gold ``cluster``), including near-misses that must stay apart (another protest in the
same city the next day, a demonstration and a strike in one city on one day, the same
event type in two cities, the same sanction by another actor). The reports are coded with
the real pipeline, ingested in publication order into a fresh SQLite store (the
incremental, blocking-key path used in production), and every pair of mentions of the
gold event type is scored.

    python benchmarks/dedup_quality.py                 # code with spaCy, score
    python benchmarks/dedup_quality.py --coded tests/fixtures/dedup/coded.jsonl   # no spaCy
    python benchmarks/dedup_quality.py --errors        # list wrong merges and missed merges
    python benchmarks/dedup_quality.py --write-coded tests/fixtures/dedup/coded.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tocsin.dedup import DedupConfig
from tocsin.dedup.evaluate import articles_from_coded, load_reports, pairwise
from tocsin.model import Article
from tocsin.store import mention_id, open_store

FIXTURE = ROOT / "tests" / "fixtures" / "dedup" / "reports.jsonl"


def code_reports(path: Path) -> list[Article]:
    from tocsin.pipeline import Pipeline

    records = load_reports(path)
    articles = [Article.from_dict({k: v for k, v in r.items() if k != "gold"}) for r in records]
    coded = list(Pipeline()(articles))
    for article, rec in zip(coded, records):
        article.extra["gold"] = rec["gold"]
    return coded


def score(articles: list[Article], config: DedupConfig, order_seed: int | None = None) -> tuple:
    articles = sorted(articles, key=lambda a: (a.published or "", a.id))
    if order_seed is not None:
        random.Random(order_seed).shuffle(articles)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/dedup.db", dedup=config)
        store.add_articles(articles, batch_size=7)  # several batches: matching crosses commits
        gold, predicted, text = {}, {}, {}
        for article in articles:
            stored = store.get_article(article.content_hash)
            by_id = {m["id"]: m["event_id"] for m in stored["mentions"]}
            for event in article.events:
                mid = mention_id(article.content_hash, event.id)
                predicted[mid] = by_id[mid]
                if event.event_type == article.extra["gold"]["event_type"]:
                    gold[mid] = article.extra["gold"]["cluster"]
                    text[mid] = f"{article.id}: {event.event_text}"
        whys = {}
        for eid in set(predicted.values()):
            for m in store.get_event(eid)["mentions"]:
                whys[m["id"]] = m["why"]
        n_events = store.stats()["events"]
        store.close()
    return pairwise(gold, predicted), gold, predicted, text, whys, n_events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=Path, default=FIXTURE)
    ap.add_argument("--coded", type=Path, help="pre-coded articles (JSONL with events); skips spaCy")
    ap.add_argument("--write-coded", type=Path, help="write the coded articles here and exit")
    ap.add_argument("--window", type=int, default=DedupConfig().window_days)
    ap.add_argument("--threshold", type=float, default=DedupConfig().threshold)
    ap.add_argument("--shuffles", type=int, default=5, help="also score this many random ingest orders")
    ap.add_argument("--errors", action="store_true", help="list false and missed merges with their why")
    args = ap.parse_args()

    t0 = time.perf_counter()
    if args.coded:
        articles = articles_from_coded(load_reports(args.coded))
        how = f"pre-coded {args.coded.name}"
    else:
        articles = code_reports(args.reports)
        how = "coded now with tocsin.pipeline.Pipeline"
    if args.write_coded:
        with open(args.write_coded, "w", encoding="utf-8") as handle:
            for a in articles:
                events = []
                for e in a.events:
                    rec = e.as_dict()
                    if e.location is not None and e.location.feature:
                        rec["location"]["feature"] = e.location.feature
                    events.append(rec)
                handle.write(json.dumps({**a.as_dict(), "gold": a.extra["gold"], "events": events},
                                        ensure_ascii=False) + "\n")
        print(f"wrote {len(articles)} coded articles to {args.write_coded}")
        return
    config = DedupConfig(window_days=args.window, threshold=args.threshold)
    s, gold, predicted, text, whys, n_events = score(articles, config)
    clusters = len(set(gold.values()))
    print(f"dedup quality: {len(articles)} reports ({how}), {len(gold)} mentions of the gold type "
          f"in {clusters} gold events; window {config.window_days} d, threshold {config.threshold}")
    print(f"  canonical events stored: {n_events} (all types); gold-type mentions -> "
          f"{len({predicted[m] for m in gold})} canonical events")
    print(f"  pairs: {s.tp + s.fp + s.fn + s.tn} (same event in gold: {s.tp + s.fn})  "
          f"TP {s.tp}  FP {s.fp}  FN {s.fn}")
    print(f"  pairwise precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}")
    near = sum(1 for a, b in s.false_merges if gold[a].startswith("N") or gold[b].startswith("N"))
    print(f"  near-miss pairs wrongly merged: {near}")
    if args.shuffles:
        ps, rs = [], []
        for seed in range(args.shuffles):
            r = score(articles, config, order_seed=seed)[0]
            ps.append(r.precision)
            rs.append(r.recall)
        print(f"  {args.shuffles} random ingest orders: precision {min(ps):.3f}-{max(ps):.3f}, "
              f"recall {min(rs):.3f}-{max(rs):.3f}")
    sweep = []
    for th in (0.5, 0.55, 0.6, 0.65, 0.7):
        r = score(articles, DedupConfig(window_days=args.window, threshold=th))[0]
        sweep.append(f"{th:.2f}: P {r.precision:.3f} R {r.recall:.3f}")
    print("  threshold sweep: " + " | ".join(sweep))
    if args.errors:
        for title, pairs in (("false merges", s.false_merges), ("missed merges", s.missed_merges)):
            print(f"\n{title} ({len(pairs)}):")
            for a, b in pairs:
                print(f"  [{gold[a]}] {text[a]}\n  [{gold[b]}] {text[b]}")
                for m in (a, b):
                    if whys.get(m):
                        print(f"     why {m}: {whys[m]['summary']}")
    print(f"  ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
