"""The HTTP API, served by a real uvicorn on 127.0.0.1 (free port, in a thread), queried with httpx."""
from __future__ import annotations

import httpx
import pytest
from conftest import running_server
from test_store_helpers import corpus

from tocsin.store import open_store


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('api')}/api.db"
    with open_store(url) as store:
        store.add_articles(corpus())
    with running_server(url) as base, httpx.Client(base_url=base, timeout=10) as client:
        yield client


def test_events_list_and_filters(api):
    body = api.get("/events").json()
    assert len(body["items"]) == 7 and body["next_cursor"] is None
    assert len(api.get("/events", params={"type": "PROTEST"}).json()["items"]) == 3
    assert len(api.get("/events", params={"country": "FRA,DEU"}).json()["items"]) == 2
    assert len(api.get("/events", params=[("country", "FRA"), ("country", "KEN")]).json()["items"]) == 2
    assert len(api.get("/events", params={"status": "planned"}).json()["items"]) == 1
    assert len(api.get("/events", params={"mode": "strike"}).json()["items"]) == 1
    assert len(api.get("/events", params={"actor": "EUR"}).json()["items"]) == 1
    assert len(api.get("/events", params={"recipient": "KEN"}).json()["items"]) == 1
    assert len(api.get("/events", params={"sector": "EDU"}).json()["items"]) == 2
    assert len(api.get("/events", params={"start": "2022-02-16", "end": "2022-02-21"}).json()["items"]) == 4
    assert len(api.get("/events", params={"bbox": "-5,40,15,55"}).json()["items"]) == 2
    hits = api.get("/events", params={"q": "tractors"}).json()["items"]
    assert len(hits) == 1 and hits[0]["mention_count"] == 2


def test_pagination(api):
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "sort": "-confidence"}
        if cursor:
            params["cursor"] = cursor
        body = api.get("/events", params=params).json()
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7
    confidences = [e["confidence"] for e in api.get("/events", params={"sort": "-confidence"}).json()["items"]]
    assert confidences == sorted(confidences, reverse=True)


def test_bad_requests(api):
    assert api.get("/events", params={"cursor": "nonsense!"}).status_code == 422
    assert api.get("/events", params={"sort": "colour"}).status_code == 422
    assert api.get("/events", params={"limit": 0}).status_code == 422
    assert api.get("/events", params={"bbox": "1,2,3"}).status_code == 422


def test_misspelt_filters_are_rejected_not_ignored(api):
    # ?event_type= instead of ?type= would otherwise answer with every event
    for path in ("/events", "/aggregates/timeline", "/map/points", "/aggregates/daily", "/export"):
        r = api.get(path, params={"event_type": "PROTEST"})
        assert r.status_code == 422, path
        assert "event_type" in r.json()["detail"] and "type" in r.json()["detail"]
    assert api.get("/aggregates/timeline", params={"type": "PROTEST", "country": "FRA"}).status_code == 200
    assert api.get("/export", params={"format": "csv", "type": "PROTEST"}).status_code == 200
    assert api.get("/", params={"type": "PROTEST", "event": "ce-123"}).status_code == 200  # the page's own state


def test_event_detail_with_mentions_and_why(api):
    eid = api.get("/events", params={"q": "tractors"}).json()["items"][0]["id"]
    event = api.get(f"/events/{eid}").json()
    assert len(event["mentions"]) == 2
    assert all(m["event_text"] and m["span"] for m in event["mentions"])
    assert event["merges"][0]["merged"] and "summary" in event["merges"][0]
    assert api.get("/events/ce-missing").status_code == 404


def test_article(api):
    art = api.get("/articles/a4").json()
    assert art["source"] == "Briefing" and len(art["mentions"]) == 2
    assert api.get(f"/articles/{art['content_hash']}").json()["id"] == "a4"
    assert api.get("/articles/missing").status_code == 404


def test_aggregates(api):
    daily = api.get("/aggregates/daily", params={"type": "PROTEST"}).json()
    assert {(r["day"], r["events"], r["mentions"]) for r in daily} == {
        ("2022-02-14", 1, 2), ("2022-02-16", 1, 1), ("2022-03-03", 1, 1)}
    assert api.get("/aggregates/daily", params={"country": "KEN"}).json()[0]["event_type"] == "COERCE"
    countries = {r["country"]: r["events"] for r in api.get("/aggregates/countries").json()}
    assert countries["BLR"] == 2 and countries["FRA"] == 1
    places = api.get("/aggregates/places", params={"type": "PROTEST"}).json()
    assert {p["name"] for p in places} == {"Paris", "Berlin", "Santiago"}


def test_docs_and_openapi(api):
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/articles/{article_id}", "/aggregates/daily",
            "/aggregates/countries", "/aggregates/places"} <= set(paths)
    assert api.get("/health").json()["events"] == 7
