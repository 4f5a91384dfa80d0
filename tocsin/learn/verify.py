"""Check the rule coder's events against a learned sentence classifier.

Rules know syntax (who did what to whom) but match words: an "air strike" can
look like a labour strike, disaster news is full of "killed" and "fire". The
classifier (``tocsin.learn.classifier``) reads the whole sentence's embedding and
says which PLOVER type, or none, it reports. ``verify_sentence`` combines them:

* **veto**: drop a rule event when the classifier says NONE with P >= ``veto_none``
  (and the rules' own confidence is below ``veto_conf_max``);
* **re-type**: when another type has P >= ``retype``, the rule type has
  P < ``retype_own_max`` and the rules' confidence is below ``retype_conf_max``,
  the event becomes that type (its mode is cleared);
* **add**: an article in which the rules found no event gets one, from the
  sentence whose best type has P >= ``add`` (no actor: the classifier has no syntax);
* **confidence**: blended with the classifier's P for the event's type (``blend``).

The thresholds (``Policy``) are chosen by ``scripts/train_event_classifier.py``
by cross-validation on the project's own training sentences, never on a gold
file, and stored beside the weights (``event_head.json``).

``verify_sentence`` is pure: it takes the sentence, its events and the class
probabilities of its embedding and returns new ``Event`` objects.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tocsin.learn.classifier import DEFAULT_HEAD, NONE, Head
from tocsin.model import Article, Event, Sentence

OFF = 1.01  # a threshold no probability reaches


@dataclass(frozen=True, slots=True)
class Policy:
    veto_none: float = 0.8
    veto_conf_max: float = OFF  # ... only rule events less confident than this are vetoed
    retype: float = 0.8
    retype_own_max: float = 0.1
    retype_conf_max: float = OFF  # ... only rule events less confident than this are re-typed
    add: float = OFF
    add_confidence: float = 0.7  # an added event's confidence is P(type) times this
    blend: float = 0.0

    def replace(self, **changes: float) -> Policy:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Policy:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: float(v) for k, v in data.items() if k in names})


def in_sentence(event: Event, sentence: Sentence) -> bool:
    return event.span[0] < sentence.end and sentence.start < event.span[1]


def verify_sentence(sentence: Sentence, events: Sequence[Event], probs: np.ndarray, classes: Sequence[str],
                    policy: Policy, *, article_id: str | None = None, add: bool = False,
                    actions: Counter[str] | None = None) -> list[Event]:
    """The sentence's events after the classifier's check (new objects; inputs untouched).

    ``probs`` are the classifier's probabilities over ``classes`` for this
    sentence's embedding. ``add`` allows a new event when ``events`` is empty
    (the caller decides: ``Verifier`` does it only for articles without events).
    """
    p = {c: float(v) for c, v in zip(classes, probs)}
    best = max((c for c in classes if c != NONE), key=lambda c: p[c])
    out: list[Event] = []
    for event in events:
        own = p.get(event.event_type, 0.0)
        if event.status != "negated" and p[NONE] >= policy.veto_none and event.confidence < policy.veto_conf_max:
            _count(actions, "veto")
            continue
        new = dataclasses.replace(event, context=list(event.context), size=dict(event.size))
        if (event.status != "negated" and best != event.event_type and p[best] >= policy.retype
                and own < policy.retype_own_max and event.confidence < policy.retype_conf_max):
            new.event_type, new.mode = best, None
            new.id = new.make_id()
            own = p[best]
            _count(actions, "retype")
        if policy.blend:
            new.confidence = (1 - policy.blend) * event.confidence + policy.blend * own
        out.append(new)
    if add and not events and p[best] >= policy.add:
        _count(actions, "add")
        out.append(Event(article_id=article_id or "", event_type=best, status="occurred",
                         event_text=sentence.text, span=(sentence.start, sentence.end),
                         confidence=p[best] * policy.add_confidence))
    return out


def _count(actions: Counter[str] | None, what: str) -> None:
    if actions is not None:
        actions[what] += 1


class Verifier:
    """The head, its policy, and the article-level loop. ``Verifier.load()`` reads the shipped model."""

    def __init__(self, head: Head, policy: Policy | None = None) -> None:
        self.head = head
        self.policy = policy or Policy()
        self.actions: Counter[str] = Counter()

    @classmethod
    def load(cls, path: Path | None = None) -> Verifier:
        path = Path(path or DEFAULT_HEAD)
        meta_path = path.with_suffix(".json")
        policy = Policy()
        if meta_path.exists():
            policy = Policy.from_dict(json.loads(meta_path.read_text(encoding="utf-8")).get("policy", {}))
        return cls(Head.load(path), policy)

    def needs(self, article: Article) -> list[int]:
        """Indices of the sentences whose embedding ``verify_article`` uses (embed only these)."""
        live = [e for e in article.events if e.status != "negated"]
        if not live and self.policy.add < OFF:
            return list(range(len(article.sentences)))
        return [i for i, s in enumerate(article.sentences) if any(in_sentence(e, s) for e in article.events)]

    def verify_article(self, article: Article, vectors: np.ndarray, rows: Sequence[int] | None = None) -> list[Event]:
        """The article's events after verification. ``vectors[j]`` embeds ``article.sentences[rows[j]]``
        (``rows`` defaults to every sentence, in order)."""
        rows = list(range(len(article.sentences))) if rows is None else list(rows)
        if not rows:
            return list(article.events)
        probs = self.head.probs(vectors)
        by_row = {r: probs[j] for j, r in enumerate(rows)}
        live = [e for e in article.events if e.status != "negated"]
        adding = not live and self.policy.add < OFF
        out: list[Event] = []
        placed: set[int] = set()
        add_at = None
        if adding:
            scores = {r: max(v for c, v in zip(self.head.classes, pr) if c != NONE) for r, pr in by_row.items()}
            add_at = max(scores, key=lambda r: (scores[r], -r))
        for i, sentence in enumerate(article.sentences):
            mine = [k for k, e in enumerate(article.events) if k not in placed and in_sentence(e, sentence)]
            placed.update(mine)
            if i not in by_row:
                out += [article.events[k] for k in mine]
                continue
            out += verify_sentence(sentence, [article.events[k] for k in mine], by_row[i], self.head.classes,
                                   self.policy, article_id=article.id, add=i == add_at, actions=self.actions)
        out += [e for k, e in enumerate(article.events) if k not in placed]
        return out

    def stats_reset(self) -> dict[str, int]:
        stats = dict(self.actions)
        self.actions.clear()
        return stats


def verify_with_encoder(article: Article, verifier: Verifier) -> Article:
    """Embed what the verifier needs (``tocsin.learn.embed``) and replace ``article.events``."""
    from tocsin.learn.embed import embed

    rows = verifier.needs(article)
    if rows:
        vectors = embed([article.sentences[i].text for i in rows])
        article.events = verifier.verify_article(article, vectors, rows)
    return article
