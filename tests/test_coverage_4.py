"""Trigger coverage written from each PLOVER type's meaning (round 4).

Each test codes a sentence written for this file (not taken from any data set) whose
wording uses one family of verbs, phrasal verbs or event nouns that ``triggers.json``
learnt in this round. The last test keeps the main-event accuracy on the project's own
``events_4.jsonl`` above a floor: a regression anywhere in the trigger table shows there.
"""
from __future__ import annotations

import json

import pytest

from tocsin.coding.salience import main_event
from tocsin.data import path as data_path


def main_type(events):
    """The type of the sentence's main event, or None when nothing is coded."""
    ev = main_event([e for e in events if e.status != "negated"])
    return ev.event_type if ev is not None else None


@pytest.mark.parametrize("text, event_type", [
    # AGREE: commitments, initialled texts, openness to talks
    ("Chile and Bolivia committed to reopening their consulates before the end of the year.", "AGREE"),
    ("Negotiators from Kosovo and Serbia initialled the text of a trade protocol in Brussels.", "AGREE"),
    ("The rebel commander said his movement was open to talks with the new government.", "AGREE"),
    # CONSULT: informal meetings and remote contacts
    ("Opposition leaders huddled with the speaker of parliament in Lusaka on Tuesday.", "CONSULT"),
    ("The Omani envoy shuttled between Riyadh and Sanaa for a week.", "CONSULT"),
    ("The Pope granted an audience to the Argentine president at the Vatican.", "CONSULT"),
    # SUPPORT: praise and approval in their less common words
    ("The Malian junta leader extolled Moscow as a true friend of Africa.", "SUPPORT"),
    ("Germany's chancellor paid tribute to Poland's role in sheltering refugees.", "SUPPORT"),
    # CONCEDE: plans watered down, shelved or dropped
    ("The Serbian government shelved the planned tax on savings after criticism from banks.", "CONCEDE"),
    ("The Peruvian cabinet watered down its mining reform after pressure from farmers.", "CONCEDE"),
    ("A court in Nairobi cleared the former governor of corruption charges.", "CONCEDE"),
    # COOPERATE: coordination and linked networks
    ("Nepal and India linked their power grids through a new cross-border line.", "COOPERATE"),
    ("Thai and Cambodian customs officers coordinated their inspections at the Poipet crossing.", "COOPERATE"),
    # AID: gifts, channelled funds, equipment handed over
    ("Turkey gifted 20 armoured vehicles to the Somali police.", "AID"),
    ("The Netherlands funnelled 15 million euros to Yemen through the World Food Programme.", "AID"),
    ("Britain provided the Kenyan army with night-vision equipment and training.", "AID"),
    # RETREAT: weapons turned in, aid staff let in
    ("Hundreds of former militiamen turned in their guns in Bunia on Saturday.", "RETREAT"),
    ("Ethiopia allowed UN aid workers into western Tigray for the first time in months.", "RETREAT"),
    # REQUEST: pushing and soliciting
    ("Ghana's opposition pushed for an independent audit of the electoral register.", "REQUEST"),
    ("The Moldovan president solicited Romanian help to secure gas for the winter.", "REQUEST"),
    # ACCUSE: figurative accusation and questioning
    ("Somalia pointed the finger at Kenya for the deaths of its fishermen.", "ACCUSE"),
    ("Anti-graft detectives questioned the former sports minister on suspicion of fraud.", "ACCUSE"),
    ("Egypt's foreign minister railed against the dam project in a speech at the Arab League.", "ACCUSE"),
    # REJECT: phrasal refusals
    ("Tehran shrugged off European criticism of its missile programme.", "REJECT"),
    ("The junta balked at the mediators' proposal for a civilian prime minister.", "REJECT"),
    # THREATEN: veiled threats
    ("Pyongyang menaced Seoul with retaliation over the propaganda broadcasts.", "THREATEN"),
    ("The militia vowed to retake the port city within weeks.", "THREATEN"),
    # PROTEST: refusing food, staying away from work, vandalism as protest
    ("A detained opposition leader in Minsk has refused food since Monday.", "PROTEST"),
    ("Activists daubed slogans on the walls of the ministry of mines.", "PROTEST"),
    # MOBILIZE: readiness and shows of force
    ("Azerbaijan put its units on full combat readiness along the line of contact.", "MOBILIZE"),
    # COERCE: stripping rights, dissolving bodies
    ("Belarus stripped three exiled opposition figures of their citizenship.", "COERCE"),
    ("The authorities in Baku dissolved the country's bar association.", "COERCE"),
    # ASSAULT: lobbed and mowed down
    ("Gunmen mowed down nine villagers at a market near Mopti.", "ASSAULT"),
    # round 4b: contributing personnel, complying with demands, facilitating talks, upheld sentences
    ("Bangladesh contributed 600 police officers to the UN mission in the Central African Republic.", "AID"),
    ("The transitional council complied with the mediators' demand to release the detained ministers.", "CONCEDE"),
    ("Qatar facilitated talks between the Taliban and American envoys in Doha.", "CONSULT"),
    ("The supreme court upheld the prison sentence of the former prime minister.", "SANCTION"),
    # round 4c: sieges, purges, communication blackouts, war footing
    ("Government forces besieged the rebel stronghold of Tal Afar for six weeks.", "ASSAULT"),
    ("The ruling council purged senior judges accused of disloyalty.", "COERCE"),
    ("The authorities imposed a communications blackout on the restive province.", "COERCE"),
    ("Militants rained mortar shells on the garrison town overnight.", "ASSAULT"),
])
def test_a_meaning_family_evokes_its_type(code, text, event_type):
    assert main_type(code(text)) == event_type


@pytest.mark.parametrize("text", [
    "Carmakers gave a demonstration of a hydrogen truck in Hamburg.",  # a product demonstration
    "The finance minister warned that inflation would stay high into next year.",  # an economic forecast
])
def test_decoys_of_the_new_words_are_no_event(code, text):
    assert main_type(code(text)) is None


def test_signing_a_treaty_is_support_and_a_promise_to_sign_is_agree(code):
    # PLOVER: signing, ratifying or finalising an agreement is SUPPORT; signing reported in the
    # future is a commitment, AGREE; reaching or clinching a deal stays AGREE
    assert main_type(code("Angola and Zambia signed a treaty on their river border in Luanda on Tuesday.")) == "SUPPORT"
    assert main_type(code("The two presidents inked a pact on electricity trade.")) == "SUPPORT"
    assert main_type(code("Angola and Zambia will sign a treaty on their river border next month.")) == "AGREE"
    assert main_type(code("The two governments clinched a deal on fishing rights.")) == "AGREE"


def test_an_understanding_reached_is_agree_and_meeting_a_response_is_no_meeting(code):
    text = "Under the understanding reached in Tashkent, the two ministries will exchange border maps next year."
    assert main_type(code(text)) == "AGREE"
    events = code("The militia said any raid on its bases would meet a swift response.")
    assert not [e for e in events if e.event_type in ("CONSULT", "AGREE")]


def test_declining_to_attend_is_no_meeting(code):
    events = code("The rebel alliance declined an invitation to attend the peace conference in Addis Ababa.")
    assert not [e for e in events if e.event_type == "CONSULT"]
    assert main_type(code("Zambia's president attended the summit of southern African leaders in Windhoek.")) == "CONSULT"


def test_a_cordon_after_a_bombing_is_not_sealing_off_a_protest(code):
    # sealing off the site of an explosion is crime-scene work, not a restriction on political life
    events = code("Police sealed off the market after a bomb blast killed four people.")
    assert not [e for e in events if e.event_type == "COERCE"]
    assert main_type(code("Police sealed off the square to stop opposition supporters from marching.")) in ("COERCE", "PROTEST")


def test_events_4_main_event_accuracy_stays_above_its_floor(pipeline):
    from tocsin.model import Article

    recs = [json.loads(line) for line in open(data_path("training/events_4.jsonl"), encoding="utf-8") if line.strip()]
    arts = [Article.from_dict({"id": f"e4-{i}", "text": r["text"], "published": "2021-06-01"}, origin="test")
            for i, r in enumerate(recs)]
    hits = sum(main_type(a.events) == (None if r["label"] == "NONE" else r["label"])
               for r, a in zip(recs, pipeline(arts)))
    assert hits / len(recs) >= 0.83
