"""Protest news: headline parses and which event a protest story is about.

Each sentence is written for this test; none comes from a gold file.
"""
from __future__ import annotations

import pytest

from tocsin.nlp.parser import past_tense

pytestmark = pytest.mark.model


def test_past_tense_of_regular_and_y_verbs():
    assert [past_tense(w) for w in ("fire", "arrest", "rally", "stay")] == ["fired", "arrested", "rallied", "stayed"]


def test_headline_verb_read_as_noun_is_parsed_as_the_verb(pipeline):
    doc = pipeline.nlp("Riot police fire tear gas at striking teachers in the capital")
    fire = [t for t in doc if t.text == "fire"][0]
    assert fire.pos_ == "VERB" and fire.dep_ == "ROOT" and fire.lemma_ == "fire"
    assert any(c.dep_ == "nsubj" and c.text == "police" for c in fire.children)
    assert doc.text == "Riot police fire tear gas at striking teachers in the capital"  # the text is not changed


def test_noun_compound_with_a_real_verb_is_left_alone(pipeline):
    doc = pipeline.nlp("A forest fire destroyed dozens of homes near the border.")
    fire = [t for t in doc if t.text == "fire"][0]
    assert fire.pos_ == "NOUN" and doc[fire.i + 1].dep_ == "ROOT"


def test_headline_tear_gas_is_coded_with_its_actor(code):
    events = code("Riot police fire tear gas at striking teachers in the capital")
    force = [e for e in events if e.event_type == "ASSAULT"]
    assert force and force[0].mode == "crowd-control"
    assert [a.sector for a in force[0].actor] == ["COP"]
