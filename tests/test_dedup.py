"""Deduplication: what merges, what stays apart, the why record, incremental matching, fixture quality."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_store_helpers import article

from tocsin.dedup import (
    DedupConfig,
    DedupIndex,
    Deduplicator,
    merged_confidence,
    sketch_event,
)
from tocsin.dedup.evaluate import articles_from_coded, load_reports, pairwise
from tocsin.store import mention_id, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"

FARMERS = {"event_type": "PROTEST", "mode": "demo", "status": "occurred", "date": "2022-02-14", "place": "Paris",
               "actor": ["farmers:FRA:AGR"], "confidence": 0.8}


def sk(text: str, published: str = "2022-02-14", **changes):
    spec = {**FARMERS, **changes}
    art = article("x" + str(abs(hash((text, published, tuple(sorted(map(str, changes.items()))))))), text,
                  published, "src", spec)
    return sketch_event(art.events[0], published=art.published)


BASE = "Hundreds of farmers drove tractors into Paris on Monday to protest against fuel prices."
OTHER = "French farmers protested in Paris on Monday, parking their tractors over the price of fuel."


def decide(a, b, config=None):
    return Deduplicator(config).compare(a, b)


def test_same_event_differently_worded_merges():
    d = decide(sk(OTHER), sk(BASE))
    assert d.merge, d.why["summary"]
    crit = d.why["criteria"]
    assert crit["place"]["how"] == "same geonameid" and crit["date"]["days_apart"] == 0
    assert crit["actors"]["actor_codes"]["overlap"] == 1.0
    assert 0 < crit["evidence"]["token_jaccard"] <= 1 and "char3_jaccard" in crit["evidence"]
    assert d.why["summary"].startswith("merged (score")


@pytest.mark.parametrize("changes, failed", [
    ({"date": "2022-02-17"}, "date"),                       # 3 days apart > window 2
    ({"place": "Lyon"}, "place"),                           # 390 km away
    ({"mode": "strike"}, "mode"),                           # a strike is not a march
    ({"status": "planned"}, "status"),                      # announced, not happened
    ({"actor": ["nurses:DEU:MED"]}, "actors"),              # other actor codes
    ({"event_type": "REQUEST", "mode": None}, "type"),
])
def test_gates_keep_apart(changes, failed):
    d = decide(sk(OTHER, **changes), sk(BASE))
    assert not d.merge
    assert not d.why["criteria"][failed]["match"]
    assert failed in d.why["summary"]


def test_nearby_place_and_country_only_place():
    assert decide(sk(OTHER, place="Versailles"), sk(BASE)).why["criteria"]["place"]["match"]  # ~17 km
    d = decide(sk(OTHER, place="France"), sk(BASE))
    assert d.why["criteria"]["place"]["how"].startswith("same country")
    assert d.merge


def test_consecutive_day_different_protest_stays_apart():
    nurses = "Nurses marched through Paris on Tuesday to protest staff shortages in public hospitals."
    d = decide(sk(nurses, published="2022-02-15", date="2022-02-15", actor=["Nurses:FRA:MED"]), sk(BASE))
    assert not d.merge and d.why["criteria"]["date"]["days_apart"] == 1


def test_mode_soft_outside_hard_types():
    a = sk("China accused the United States of interfering in its internal affairs.",
           event_type="ACCUSE", mode="allege", actor=["China:CHN:"], place=None)
    b = sk("China criticised the United States for interference in its internal affairs.",
           event_type="ACCUSE", mode="disapprove", actor=["China:CHN:"], place=None)
    d = decide(a, b)
    assert d.why["criteria"]["mode"]["match"] and d.why["criteria"]["mode"]["score"] == 0.0


def test_planned_events_match_by_planned_date():
    a = sk("Teachers will march in Paris on Thursday over pay.", published="2022-02-14",
           status="planned", date="2022-02-17")
    b = sk("Teachers plan a march through Paris on Thursday to demand better pay.", published="2022-02-16",
           status="planned", date="2022-02-17")
    d = decide(a, b)
    assert d.why["criteria"]["date"]["days_apart"] == 0 and d.merge


def test_window_is_configurable():
    late = sk(OTHER, date="2022-02-17")
    assert not decide(late, sk(BASE)).merge
    assert decide(late, sk(BASE), DedupConfig(window_days=3)).why["criteria"]["date"]["match"]


def test_blocking_keys_cover_the_window():
    dd = Deduplicator()
    base = sk(BASE)
    for day in ("2022-02-12", "2022-02-13", "2022-02-15", "2022-02-16"):
        assert dd.block_key(sk(OTHER, date=day)) in dd.candidate_keys(base)
    assert dd.block_key(sk(OTHER, place="Berlin")) not in dd.candidate_keys(base)
    assert dd.block_key(base).startswith("PROTEST|FRA|")


def test_merged_confidence_noisy_or_capped():
    assert merged_confidence([0.5, 0.5]) == 0.75
    assert merged_confidence([0.9, 0.9, 0.9]) == 0.99  # capped
    assert merged_confidence([0.3]) == 0.3


def test_in_memory_index_is_incremental():
    index = DedupIndex()
    e1, why1 = index.add(sk(BASE))
    assert why1 is None
    e2, _ = index.add(sk("Nurses marched through Paris on Tuesday over staff shortages.",
                         date="2022-02-15", actor=["Nurses:FRA:MED"]))
    e3, why3 = index.add(sk(OTHER))
    assert e3 == e1 != e2 and why3["merged"]
    assert len(index.members[e1]) == 2


def test_store_dedup_is_incremental_across_ingests(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/d.db")
    first = article("r1", BASE, "2022-02-14", "Ledger", FARMERS)
    store.add_articles([first])
    later = article("r2", OTHER, "2022-02-15", "Wire", {**FARMERS, "confidence": 0.6})
    stats = store.add_articles([later])
    assert stats.events_merged == 1 and stats.events_new == 0
    event = store.query_events().items[0]
    assert event["mention_count"] == 2 and event["source_count"] == 2
    assert event["confidence"] == pytest.approx(1 - 0.2 * 0.4)
    full = store.get_event(event["id"])
    founder, joiner = full["mentions"]
    assert founder["why"]["merged"] is False and "first report" in founder["why"]["summary"]
    assert joiner["why"]["merged"] and joiner["why"]["event_id"] == event["id"]
    assert joiner["id"] == mention_id(later.content_hash, later.events[0].id)
    # a report outside the window founds its own event, and its why names the closest one
    far = article("r3", "Farmers protested in Paris again on Friday.", "2022-02-18", "Ledger",
                  {**FARMERS, "date": "2022-02-18"})
    assert store.add_articles([far]).events_new == 1
    rec = store.get_article("r3")
    why = store.get_event(rec["mentions"][0]["event_id"])["mentions"][0]["why"]
    assert why["closest"] is None or not why["closest"]["merged"]
    store.close()


def test_fixture_pairwise_quality(tmp_path):
    """On the frozen coded reports (tests/fixtures/dedup), no near-miss is merged and most duplicates are."""
    articles = articles_from_coded(load_reports(FIXTURES / "coded.jsonl"))
    articles.sort(key=lambda a: (a.published, a.id))
    store = open_store(f"sqlite:///{tmp_path}/q.db")
    store.add_articles(articles, batch_size=5)
    gold, predicted = {}, {}
    for a in articles:
        stored = {m["id"]: m["event_id"] for m in store.get_article(a.content_hash)["mentions"]}
        for e in a.events:
            mid = mention_id(a.content_hash, e.id)
            predicted[mid] = stored[mid]
            if e.event_type == a.extra["gold"]["event_type"]:
                gold[mid] = a.extra["gold"]["cluster"]
    score = pairwise(gold, predicted)
    store.close()
    assert len(set(gold.values())) >= 18
    assert score.precision >= 0.95, score.false_merges
    assert score.recall >= 0.6, score.missed_merges
    assert not [p for p in score.false_merges if gold[p[0]].startswith("N") or gold[p[1]].startswith("N")]


def test_pairwise_counts():
    s = pairwise({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "x"})
    assert (s.tp, s.fp, s.fn, s.tn) == (0, 1, 1, 1)


def test_an_inferred_target_is_no_evidence_of_the_same_event(tmp_path):
    """Two crowds in one city on one day both get the local government as their inferred
    target; that shared code must not pull them together, while a named one still counts."""
    from tocsin.model import Actor

    def protest(aid: str, text: str, who: str, recipient: Actor) -> object:
        art = article(aid, text, "2022-03-07", "Wire", {**FARMERS, "place": "Paris", "actor": [who]})
        art.events[0].recipient = [recipient]
        return art

    inferred = Actor(text="Paris", code="FRA", sector="GOV", inferred=True)
    named = Actor(text="the French government", code="FRA", sector="GOV")
    assert Actor.from_dict(inferred.as_dict()).inferred and "inferred" not in named.as_dict()

    a = protest("i1", "Students marched in Paris on Monday over tuition fees.", "Students:FRA:EDU", inferred)
    b = protest("i2", "Taxi drivers blocked roads in Paris on Monday over new licences.", "Taxi drivers:FRA:LAB",
                inferred)
    sa, sb = (sketch_event(x.events[0], published=x.published) for x in (a, b))
    assert not sa.recipient_codes and not sb.recipient_codes
    named_sketch = sketch_event(protest("i3", "Students marched in Paris.", "Students:FRA:EDU", named).events[0])
    assert named_sketch.recipient_codes == {"FRA"}

    with open_store(f"sqlite:///{tmp_path}/s.db") as store:
        store.add_articles([a, protest("i4", "Students rallied in Paris on Monday against tuition fees.",
                                       "Students:FRA:EDU", named)])
        rows = store._all_rows("SELECT code, inferred FROM event_codes WHERE role = 'recipient'")
        assert store.stats()["events"] == 1  # the two student reports are one event
    # the second report names the government the first only inferred: the code is named now
    assert [(r["code"], r["inferred"]) for r in rows] == [("FRA", 0)]
