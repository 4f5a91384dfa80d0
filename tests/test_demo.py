"""The demo corpus (examples/demo/belarus-2020.jsonl) and ``run_demo`` building a store from it."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from tocsin.demo import corpus_path, run_demo


@pytest.fixture(scope="module")
def records():
    return [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_shape(records):
    assert corpus_path().as_posix().endswith("examples/demo/belarus-2020.jsonl")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for r in records:
        assert r["text"] and r["title"] and r["source"]
        date.fromisoformat(r["published"])
    sources = Counter(r["source"] for r in records)
    assert 4 <= len(sources) <= 5 and min(sources.values()) >= 5
    control = [r for r in records if "LISBON" in r["text"]]
    belarus = [r for r in records if r not in control]
    assert len(belarus) >= 45 and 5 <= len(control) <= 8
    days = {r["published"] for r in belarus}
    for day in ("2020-08-09", "2020-08-11", "2020-08-14", "2020-08-16", "2020-08-23", "2020-08-27",
                "2020-08-30", "2020-10-02"):
        assert day in days, day
    texts = " ".join(r["text"] for r in belarus)
    for needle in ("BelAZ", "Minsk Tractor Works", "state television", "Lithuania", "Poland", "Putin", "reserve"):
        assert needle in texts, needle


@pytest.mark.model
def test_run_demo_builds_a_deduplicated_store(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    counts = run_demo(url, serve=False)
    assert counts["db"] == url and counts["articles_added"] >= 50
    assert counts["events_merged"] >= 5  # several outlets told the same events
    from tocsin.store import open_store

    with open_store(url) as store:
        countries = {c["country"]: c["events"] for c in store.aggregate_countries()}
        assert countries["BLR"] > 30 and countries.get("PRT", 0) >= 1
        assert countries["BLR"] > 5 * countries.get("PRT", 0)
        assert store.count_events(country="BLR", event_type="PROTEST") >= 8
        assert store.count_events(status="planned") >= 1
        merged = store.query_events(country="BLR", min_mentions=2, limit=100).items
        assert len(merged) >= 5 and any(e["source_count"] >= 2 for e in merged)
    again = run_demo(url, serve=False)  # the same corpus twice: nothing new
    assert again["articles_added"] == 0 and again["articles_skipped"] == counts["articles_added"]
