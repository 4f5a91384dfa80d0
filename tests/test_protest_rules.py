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


def story_event(kind: str, sentence: tuple[int, int], text: str, confidence: float, *, mode: str | None = None,
                dead: str | None = None, actor_sector: str | None = None) -> "Event":
    from tocsin.model import Actor, Event

    return Event(article_id="t", event_type=kind, status="occurred", event_text=text, span=sentence,
                 trigger_span=(sentence[0] + 5, sentence[0] + 10), mode=mode, confidence=confidence,
                 size={"dead": dead} if dead else {},
                 actor=[Actor(text="x", sector=actor_sector)] if actor_sector else [])


LEAD = "Two people died when the security forces broke up the rally in the port city."
LATER = "Several thousand people had marched from the university to the town hall."


def test_lead_on_deadly_force_against_a_protest_outranks_the_later_march():
    from tocsin.coding.salience import main_event

    force = story_event("COERCE", (0, 80), LEAD, 0.7, mode="restrict", dead="Two", actor_sector="COP")
    march = story_event("PROTEST", (81, 160), LATER, 0.95, mode="demo")
    assert main_event([force, march]) is force


def test_lead_force_without_deaths_or_without_a_protest_leaves_the_march():
    from tocsin.coding.salience import main_event

    march = story_event("PROTEST", (81, 160), LATER, 0.95, mode="demo")
    no_dead = story_event("COERCE", (0, 80), LEAD, 0.7, mode="restrict", actor_sector="COP")
    assert main_event([no_dead, march]) is march
    elsewhere = story_event("COERCE", (0, 80), "Two people died when the security forces raided a farm.", 0.7,
                            mode="restrict", dead="Two", actor_sector="COP")
    assert main_event([elsewhere, march]) is march
    by_rebels = story_event("COERCE", (0, 80), LEAD, 0.7, mode="restrict", dead="Two", actor_sector="REB")
    assert main_event([by_rebels, march]) is march


def test_story_opening_on_a_deadly_protest_crackdown_is_about_the_force(code):
    events = code("Rights groups demand an inquiry as three people die in the protest crackdown. "
                  "Thousands of peaceful protesters marched through several towns on Saturday.")
    assert main_type(events) in ("COERCE", "ASSAULT")


def main_type(events):
    from tocsin.coding.salience import main_event

    main = main_event([e for e in events if e.status != "negated"])
    return main.event_type if main else None


def test_verb_read_as_a_clause_of_a_noun_becomes_the_root(pipeline):
    from spacy.tokens import Doc

    from tocsin.nlp.parser import HeadlineVerbs

    words = ["Leaders", "of", "the", "union", "called", "for", "a", "strike", "."]
    heads = [0, 0, 3, 1, 3, 4, 7, 5, 0]
    deps = ["ROOT", "prep", "det", "pobj", "acl", "prep", "det", "pobj", "punct"]
    tags = ["NNS", "IN", "DT", "NN", "VBD", "IN", "DT", "NN", "."]
    doc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    assert HeadlineVerbs.promote_clause_verb(doc, doc[:])
    called = doc[4]
    assert called.dep_ == "ROOT" and called.head.i == 4
    assert (doc[0].dep_, doc[0].head.i) == ("nsubj", 4)
    assert doc[8].head.i == 4 and doc[3].head.i == 1  # the full stop moves, the noun phrase stays
    assert [s.root.i for s in doc.sents] == [4]


def test_passive_participle_clause_is_not_promoted(pipeline):
    from spacy.tokens import Doc

    from tocsin.nlp.parser import HeadlineVerbs

    words = ["Villagers", "of", "the", "valley", "hit", "by", "a", "flood"]
    heads = [0, 0, 3, 1, 3, 4, 7, 5]
    deps = ["ROOT", "prep", "det", "pobj", "acl", "agent", "det", "pobj"]
    tags = ["NNS", "IN", "DT", "NN", "VBN", "IN", "DT", "NN"]
    doc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)
    assert not HeadlineVerbs.promote_clause_verb(doc, doc[:])
    assert doc[0].dep_ == "ROOT"


def test_verb_after_a_long_group_name_is_the_root_with_its_subject(pipeline):
    doc = pipeline.nlp("Two suicide bombers of the so-called Army of the Southern Plains and Hills (ASPH) group "
                       "killed at least 12 police officers and two civilians in the market.")
    killed = [t for t in doc if t.text == "killed"][0]
    assert killed.dep_ == "ROOT"
    assert [c.text for c in killed.children if c.dep_ == "nsubj"] == ["bombers"]


def test_intervention_on_a_named_march_yields_to_the_protest_told_next():
    from tocsin.coding.salience import main_event

    stopped = story_event("COERCE", (0, 60), "Police broke up a march by farmers near the ministry.", 0.9,
                          mode="restrict", actor_sector="COP")
    march = story_event("PROTEST", (61, 120), "The farmers were demanding lower fuel prices.", 0.6, mode="demo")
    assert main_event([stopped, march]) is march


def test_arrest_that_names_no_protest_stays_the_news():
    from tocsin.coding.salience import main_event

    arrest = story_event("COERCE", (0, 60), "Police arrested the opposition leader at his home.", 0.9,
                         mode="arrest", actor_sector="COP")
    later = story_event("PROTEST", (61, 120), "His supporters gathered outside the court.", 0.6, mode="demo")
    assert main_event([arrest, later]) is arrest


def test_suppressed_march_with_its_demands_told_after_is_a_protest(code):
    events = code("Riot police have suppressed a peaceful march of the teachers' federation in the north. "
                  "The teachers were protesting against the closure of rural schools.")
    assert main_type(events) == "PROTEST"


def test_present_tense_forms():
    from tocsin.nlp.parser import present_tense

    assert [present_tense(w) for w in ("hold", "push", "rally", "go")] == ["holds", "pushes", "rallies", "goes"]


def test_finite_verb_hung_on_a_noun_is_parsed_again_as_the_verb(pipeline):
    from spacy.tokens import Doc

    words = ["The", "Kenyan", "president", "held", "talks", "with", "the", "Ugandan", "leader", "on", "Monday", "."]
    heads = [4, 2, 4, 4, 4, 4, 8, 8, 5, 4, 9, 4]
    deps = ["det", "amod", "compound", "amod", "ROOT", "prep", "det", "amod", "pobj", "prep", "pobj", "punct"]
    tags = ["DT", "JJ", "NN", "VBD", "NNS", "IN", "DT", "JJ", "NN", "IN", "NNP", "."]
    lemmas = ["the", "kenyan", "president", "hold", "talk", "with", "the", "ugandan", "leader", "on", "Monday", "."]
    doc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas)
    fixer = pipeline.nlp.get_pipe("headline_verbs")
    assert fixer.reparse_finite_modifier(doc, doc[:])
    held = doc[3]
    assert held.dep_ == "ROOT" and held.tag_ == "VBD" and held.text == "held" and held.lemma_ == "hold"
    assert [c.text for c in held.children if c.dep_ == "nsubj"] == ["president"]


def test_headline_vow_to_is_the_verb(pipeline):
    doc = pipeline.nlp("Thailand, Cambodia vow to reopen border crossings closed since the clashes")
    vow = [t for t in doc if t.text == "vow"][0]
    assert vow.pos_ == "VERB" and vow.dep_ == "ROOT"
