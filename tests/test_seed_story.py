"""End to end on the reference story (../shared/examples; skipped when absent).

Published 2020-08-16 (a Sunday). Each assertion is one thing a reader of the
story knows and the field's coders get wrong.
"""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def events(shared_dir, pipeline):
    from tocsin.model import Article

    text = (shared_dir / "examples" / "belarus-protests-2020-08-16.txt").read_text(encoding="utf-8")
    article = Article.from_dict({"id": "seed", "text": text, "published": "2020-08-16"})
    coded = next(iter(pipeline([article])))
    for ev in coded.events:  # evidence must be verbatim
        assert text[ev.span[0]:ev.span[1]] == ev.event_text
    return coded.events


def where(ev):
    return ev.location.country if ev.location else None


def has_code(actors, code, sector=None):
    return any(a.code == code and (sector is None or a.sector == sector) for a in actors)


def test_planned_protest_sunday_2pm(events):
    assert any(e.event_type == "PROTEST" and e.status == "planned" and where(e) == "BLR"
               and e.date == "2020-08-16" and e.time == "14:00" for e in events)


def test_march_in_minsk_on_saturday(events):
    assert any(e.event_type == "PROTEST" and e.status == "occurred" and e.date == "2020-08-15"
               and e.location and e.location.name == "Minsk" for e in events)


def test_lukashenko_asks_russia_for_help(events):
    assert any(e.event_type == "REQUEST" and e.date == "2020-08-15" and has_code(e.actor, "BLR", "GOV")
               and has_code(e.recipient, "RUS") and e.mode == "assist" for e in events)


def test_strike_by_workers_companies_and_media(events):
    strikes = [e for e in events if e.event_type == "PROTEST" and e.mode == "strike"]
    sectors = {a.sector for e in strikes for a in e.actor if a.code == "BLR"}
    assert {"LAB", "BUS", "JRN"} <= sectors


def test_ambassador_sides_with_protesters(events):
    assert any(e.event_type == "SUPPORT" and has_code(e.actor, "BLR", "GOV")
               and any(r.sector in ("OPP", "CVL") for r in e.recipient) for e in events)


def test_us_and_poland_request_dialogue_from_belarus(events):
    assert any(e.event_type == "REQUEST" and has_code(e.actor, "USA") and has_code(e.actor, "POL")
               and has_code(e.recipient, "BLR") and e.mode == "meet" for e in events)


def test_eu_sanctions_the_day_before(events):
    assert any(e.event_type == "SANCTION" and has_code(e.actor, "EUR") and has_code(e.recipient, "BLR")
               and e.date == "2020-08-14" for e in events)


def test_no_russian_security_support_happened(events):
    assert not any(e.event_type in ("AID", "COOPERATE", "MOBILIZE", "SUPPORT") and e.status in ("occurred", "ongoing")
                   and has_code(e.actor, "RUS") and has_code(e.recipient, "BLR") for e in events)
