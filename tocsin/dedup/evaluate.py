"""Pairwise precision/recall of deduplication against gold clusters.

A *pair* is two labelled mentions. It is a true positive when both the gold labels and
the predicted canonical events agree they are one event; a false positive when they were
merged but are different events; a false negative when they are one event but were kept
apart.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any


@dataclass
class PairwiseScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_merges: list[tuple[str, str]] = field(default_factory=list)
    missed_merges: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> PairwiseScore:
    """``gold`` and ``predicted`` map mention id -> cluster id; only mentions in ``gold`` count."""
    score = PairwiseScore()
    for a, b in combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = predicted.get(a) is not None and predicted.get(a) == predicted.get(b)
        if same_gold and same_pred:
            score.tp += 1
        elif same_pred:
            score.fp += 1
            score.false_merges.append((a, b))
        elif same_gold:
            score.fn += 1
            score.missed_merges.append((a, b))
        else:
            score.tn += 1
    return score


def load_reports(path: str | Path) -> list[dict[str, Any]]:
    """Records of a ``reports.jsonl`` fixture: article fields plus ``gold`` {cluster, event_type}."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def articles_from_coded(records: Iterable[dict[str, Any]]) -> list[Any]:
    """Articles with events from a ``coded.jsonl`` fixture (article fields + ``events`` records)."""
    from tocsin.model import Article, Event

    out = []
    for rec in records:
        article = Article.from_dict({k: v for k, v in rec.items() if k not in ("events", "gold")})
        for ev in rec.get("events") or []:
            event = Event.from_dict(ev)
            if event.location is not None and (ev.get("location") or {}).get("feature"):
                event.location.feature = ev["location"]["feature"]
            article.events.append(event)
        article.extra["gold"] = rec.get("gold")
        out.append(article)
    return out
