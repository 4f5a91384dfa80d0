"""Shared builders for the store, dedup and API tests: small coded articles without spaCy,
and a throwaway PostgreSQL server (skipped when no PostgreSQL binaries are installed)."""
from __future__ import annotations

import pytest

from tocsin.model import Actor, Article, Event, Place, parse_published

PLACES = {
    "Paris": Place("Paris", "Paris", "FRA", 48.8534, 2.3488, "2988507", feature="city"),
    "Versailles": Place("Versailles", "Versailles", "FRA", 48.8049, 2.1204, "2969679", feature="city"),
    "Lyon": Place("Lyon", "Lyon", "FRA", 45.7485, 4.8467, "2996944", feature="city"),
    "France": Place("France", "France", "FRA", 46.0, 2.0, "3017382", feature="country"),
    "Berlin": Place("Berlin", "Berlin", "DEU", 52.5244, 13.4105, "2950159", feature="city"),
    "Nairobi": Place("Nairobi", "Nairobi", "KEN", -1.2833, 36.8167, "184745", feature="city"),
    "Belarus": Place("Belarus", "Belarus", "BLR", 53.0, 28.0, "630336", feature="country"),
    "Santiago": Place("Santiago", "Santiago", "CHL", -33.4569, -70.6483, "3871336", feature="city"),
}


def actors(*specs: str) -> list[Actor]:
    """'farmers:FRA:AGR' -> Actor(text, code, sector)."""
    out = []
    for spec in specs:
        text, code, sector = (spec.split(":") + ["", ""])[:3]
        out.append(Actor(text, code or None, sector or None))
    return out


def article(aid: str, text: str, published: str, source: str, *events: dict) -> Article:
    """An article whose events each take the whole text as evidence unless ``span`` is given."""
    art = Article(id=aid, text=text, published=parse_published(published), source=source,
                  url=f"https://example.org/{aid}", title=text[:40], language="en")
    for n, spec in enumerate(events):
        spec = dict(spec)
        span = spec.pop("span", (0, len(text)))
        place = spec.pop("place", None)
        ev = Event(article_id=aid, event_text=text[span[0]:span[1]], span=span,
                   trigger_span=(span[0] + n, span[0] + n + 1),
                   location=PLACES[place] if place else None,
                   actor=actors(*spec.pop("actor", ())), recipient=actors(*spec.pop("recipient", ())),
                   **spec)
        art.events.append(ev)
    return art


def corpus() -> list[Article]:
    """Six articles, eight events; the two farmer reports tell one event."""
    return [
        article("a1", "Hundreds of farmers drove tractors into Paris on Monday to protest against fuel prices.",
                "2022-02-14", "Ledger",
                {"event_type": "PROTEST", "mode": "demo", "status": "occurred", "date": "2022-02-14", "place": "Paris",
                     "actor": ["farmers:FRA:AGR"], "confidence": 0.8}),
        article("a2", "French farmers protested in Paris on Monday, parking their tractors over the price of fuel.",
                "2022-02-14", "Wire",
                {"event_type": "PROTEST", "mode": "demo", "status": "occurred", "date": "2022-02-14", "place": "Paris",
                     "actor": ["French farmers:FRA:AGR"], "confidence": 0.7}),
        article("a3", "Kenyan police arrested opposition leader Samuel Otieno in Nairobi on Friday after a rally.",
                "2022-02-18", "Standard",
                {"event_type": "COERCE", "mode": "arrest", "status": "occurred", "date": "2022-02-18", "place": "Nairobi",
                     "actor": ["Kenyan police:KEN:COP"], "recipient": ["Samuel Otieno:KEN:OPP"], "confidence": 0.88}),
        article("a4", "The European Union imposed new sanctions on Belarus on Monday. Minsk condemned the decision.",
                "2022-02-21", "Briefing",
                {"event_type": "SANCTION", "status": "occurred", "date": "2022-02-21", "place": "Belarus",
                     "actor": ["The European Union:EUR:"], "recipient": ["Belarus:BLR:"], "confidence": 0.88,
                     "span": (0, 62)},
                {"event_type": "ACCUSE", "mode": "disapprove", "status": "occurred", "date": "2022-02-21",
                     "place": "Belarus", "actor": ["Minsk:BLR:GOV"], "recipient": ["EU:EUR:"], "confidence": 0.6,
                     "span": (63, 95)}),
        article("a5", "Train drivers went on strike in Berlin on Wednesday, halting commuter services.",
                "2022-02-16", "Bulletin",
                {"event_type": "PROTEST", "mode": "strike", "status": "occurred", "date": "2022-02-16", "place": "Berlin",
                     "actor": ["Train drivers:DEU:LAB"], "confidence": 0.83}),
        article("a6", "Teachers will march in Santiago on Thursday to demand higher salaries, their union said.",
                "2022-02-28", "Santiago Times",
                {"event_type": "PROTEST", "mode": "demo", "status": "planned", "date": "2022-03-03", "place": "Santiago",
                     "actor": ["Teachers:CHL:EDU"], "confidence": 0.78},
                {"event_type": "REQUEST", "status": "occurred", "date": "2022-02-28", "place": "Santiago",
                     "actor": ["Teachers:CHL:EDU"], "confidence": 0.5}),
    ]


@pytest.fixture(scope="session")
def pg_server():
    from tocsin.store.pgtemp import PostgresUnavailable, temporary_postgres

    try:
        with temporary_postgres() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL not available: {exc}")
