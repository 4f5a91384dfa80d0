"""scripts/fit_salience.py, the learned main-event score experiment (report only).

Hand-made Events and synthetic labels: no model, no gold. The script's real run codes the
project's training sentences; here only its parts are checked: the features read what they
say, the fit is deterministic, and a fitted model picks what its data taught it.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from tocsin.model import Actor, Event

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fit_salience.py"


@pytest.fixture(scope="module")
def fs():
    spec = importlib.util.spec_from_file_location("fit_salience", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def event(kind: str, trigger_at: int, sentence: tuple[int, int] = (0, 100), status: str = "occurred",
          actor: str | None = None) -> Event:
    return Event(article_id="t", event_type=kind, status=status, event_text="", span=sentence,
                 trigger_span=(trigger_at, trigger_at + 5), actor=[Actor(text="x", code=actor)] if actor else [])


def test_features_read_position_kind_and_roles(fs):
    statement = event("ACCUSE", 10, actor="FRA")
    attack = event("ASSAULT", 50)
    later = event("ASSAULT", 130, sentence=(100, 200), status="planned")
    events = [statement, attack, later]
    f = fs.features(statement, events)
    assert f["first_trigger"] == 1.0 and f["lead"] == 1.0 and f["material"] == 0.0 and f["actor_coded"] == 1.0
    g = fs.features(attack, events)
    assert g["first_trigger"] == 0.0 and g["material"] == 1.0 and g["conflict"] == 1.0 and g["no_actor"] == 1.0
    assert g["relative_position"] == pytest.approx(0.5)
    h = fs.features(later, events)
    assert h["lead"] == 0.0 and h["occurred"] == 0.0 and h["first_trigger"] == 1.0  # first of its own sentence
    assert "confidence_logit" not in f and "confidence_logit" in fs.features(statement, events, with_confidence=True)


def synthetic(n: int = 40) -> list[tuple[str, list[Event]]]:
    """Sentences of a statement and an attack; the label is whichever comes second in the sentence."""
    sentences = []
    for i in range(n):
        first, second = ("ACCUSE", "ASSAULT") if i % 2 else ("ASSAULT", "ACCUSE")
        events = [event(first, 5 + i % 7), event(second, 40 + i % 11)]
        sentences.append((second, events))
    return sentences


def test_fit_is_reproducible_and_learns_what_the_data_says(fs):
    data = synthetic()
    kw = {"l2": 1.0, "material_prior": 0.0, "lead_prior": 0.0, "with_confidence": False}
    a, b = fs.train(data, **kw), fs.train(data, **kw)
    assert a.names == b.names and np.array_equal(a.weights, b.weights)
    coef = dict(zip(a.names, a.weights[1:]))
    assert coef["first_trigger"] < 0 and coef["relative_position"] > 0  # here the later trigger is the news
    assert fs.accuracy(a.main_event, data) == len(data)
    assert fs.cross_validate(data, 4, 7, **kw) == fs.cross_validate(data, 4, 7, **kw)


def test_fixed_material_prior_is_added_when_scoring(fs):
    # weights taught that the later trigger wins; a large material prior still puts an attack first
    taught = fs.train(synthetic(), l2=1.0, material_prior=0.0, lead_prior=0.0, with_confidence=False)
    attack, statement = event("ASSAULT", 5), event("ACCUSE", 60)
    assert taught.main_event([attack, statement]) is statement
    primed = fs.Model(taught.names, taught.weights, material_prior=50.0, lead_prior=0.0, with_confidence=False)
    assert primed.main_event([attack, statement]) is attack
    assert primed.main_event([]) is None


def test_a_hypothetical_material_event_does_not_outrank_a_told_statement():
    """ "warned that any attack would meet a response": the warning is the news, not an attack
    nobody made, though attacks are material and warnings verbal."""
    from tocsin.coding.salience import main_event
    from tocsin.model import Event

    def ev(etype, status, conf):
        return Event(article_id="a", event_type=etype, status=status, event_text="x", span=(0, 10),
                     confidence=conf)

    threat, attack = ev("THREATEN", "occurred", 0.64), ev("ASSAULT", "hypothetical", 0.5)
    assert main_event([attack, threat]) is threat
