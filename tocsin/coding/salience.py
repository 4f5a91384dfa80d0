"""Which event a story is about: its main event, for one-label views and scoring.

News about violence is full of statements about it ("officials condemned the
attack", "police are investigating"). The statement is a real event, but the
story is about the attack. So material events (PLOVER's material quad classes)
outrank verbal ones, occurred ones outrank plans, the lead sentence outranks
later ones, and confidence breaks ties. One exception follows ACLED's "protest with
intervention": when police arrest, disperse or tear-gas a protest and nobody is
killed, the sentence reports the protest, and the intervention is its side event.
The other way round, a story that opens on deadly force against protesters (a
crackdown in which people died) is about that force, even when a later sentence
tells the protest at more length.
"""
from __future__ import annotations

import re
from functools import lru_cache

from tocsin.coding.lexicon import Lexicon
from tocsin.data import load_json
from tocsin.model import Event

MATERIAL_BONUS = 0.25  # a verbal event needs far more confidence to be the main one
OCCURRED_BONUS = 0.05
LEAD_BONUS = 0.1  # news leads with its main event (inverted pyramid)


@lru_cache(maxsize=1)
def _quads() -> dict[str, str]:
    return {t: v["quad"] for t, v in load_json("plover.json")["event_types"].items()}


def quad(event_type: str) -> str:
    """PLOVER quad class: verbal_cooperation, material_cooperation, verbal_conflict, material_conflict."""
    return _quads().get(event_type, "")


def salience(event: Event) -> float:
    score = event.confidence
    if quad(event.event_type).startswith("material") and event.status not in ("hypothetical", "negated"):
        score += MATERIAL_BONUS  # "any attack would meet a response" reports no attack
    if event.status in ("occurred", "ongoing"):
        score += OCCURRED_BONUS
    return score


def main_event(events: list[Event]) -> Event | None:
    if not events:
        return None
    lead = min(e.span[0] for e in events)
    main = max(events, key=lambda e: salience(e) + (LEAD_BONUS if e.span[0] == lead else 0.0))
    return (_intervened_protest(main, events) or _force_against_protest(main, events)
            or _deadly_force_before(main, events) or main)


def _deadly_force_before(main: Event, events: list[Event]) -> Event | None:
    """Force that killed protesters, told in a sentence before the one of ``main`` (a protest).

    The coder already makes deadly force the news within one sentence (the protesters become its
    recipients); across sentences, a lead that says people died in a protest crackdown still
    outranks a later, longer account of the march, as ACLED codes force against protesters rather
    than the protest. The force is the state's or unnamed, and its sentence names the protest.
    """
    lex = Lexicon.default()
    if main.event_type != "PROTEST":
        return None
    force = [e for e in events if e.span[0] < main.span[0] and e.event_type in lex.patient_types
             and e.status in ("occurred", "ongoing") and e.size.get("dead")
             and all(a.sector in lex.force_sectors for a in e.actor) and _names_protest(e.event_text)]
    return max(force, key=salience) if force else None


def _names_protest(text: str) -> bool:
    """Whether a sentence names a protest or protesters (contexts.json protest_words): the force was against them."""
    return not Lexicon.default().protest_words.isdisjoint(re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower()))


def _force_against_protest(main: Event, events: list[Event]) -> Event | None:
    """The assault on ``main`` (a protest) told in the same sentence, when it is more than an intervention.

    The mirror of ``_intervened_protest``: live fire, beatings or killings by the state's forces
    (or by someone the sentence does not name) make the force the news, the protest its occasion.
    Violence by the protesters themselves stays part of their protest: violence by someone
    named among the marchers, or of a kind crowds do (property set alight, ``crowd_violence_modes``).
    """
    lex = Lexicon.default()
    if main.event_type != "PROTEST":
        return None
    marchers = {a.text for a in main.actor}
    force = [e for e in events if e.span == main.span and e.event_type == "ASSAULT"
             and e.status in ("occurred", "ongoing") and not lex.is_intervention(e.event_type, e.mode)
             and e.mode not in lex.crowd_violence_modes and not any(a.text in marchers for a in e.actor)
             and all(a.sector in lex.force_sectors for a in e.actor)]
    return max(force, key=salience) if force else None


def _intervened_protest(main: Event, events: list[Event]) -> Event | None:
    """The protest that ``main`` (an arrest, dispersal or tear gas) intervened in, if any.

    The protest is one told in the same sentence or, when that sentence names a protest
    (contexts.json protest_words) that is not an event of its own, in another sentence.
    Only when the force stayed non-lethal: another kind of assault in the same
    sentence, or dead or injured counted there, make the force against protesters the news.
    """
    lex = Lexicon.default()
    if not lex.is_intervention(main.event_type, main.mode):
        return None
    same = [e for e in events if e.span == main.span]
    if any(e.size.get("dead") or e.size.get("injured") or (e.event_type == "ASSAULT" and not lex.is_intervention(e.event_type, e.mode))
           for e in same):
        return None
    protests = [e for e in same if e.event_type == "PROTEST" and e.status in ("occurred", "ongoing")]
    if not protests and _names_protest(main.event_text):
        # "police broke up the march." then "the marchers were demanding ...": the protest the
        # intervention acted on is told in a sentence of its own (the march itself is the object)
        protests = [e for e in events if e.event_type == "PROTEST" and e.status in ("occurred", "ongoing")]
    return max(protests, key=salience) if protests else None
