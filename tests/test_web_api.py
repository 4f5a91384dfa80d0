"""The dashboard's HTTP side: page, static files, and the JSON views behind each panel."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from test_store_helpers import corpus

from tocsin.api import create_app
from tocsin.store import open_store
from tocsin.web import STATIC_DIR, query_from_params

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('webapi')}/web.db"
    with open_store(url) as store:
        store.add_articles(corpus())
    with TestClient(create_app(url)) as c:
        yield c


def test_page_and_static_files_are_local(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "/static/app.js" in html and "/static/style.css" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html  # nothing remote
    for name in ("app.js", "style.css", "world.geojson"):
        assert client.get(f"/static/{name}").status_code == 200
    js = (STATIC_DIR / "app.js").read_text()
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert "http://" not in js.replace("http://www.w3.org/2000/svg", "") and "https://" not in js


def test_world_outlines_are_small_and_valid():
    path = STATIC_DIR / "world.geojson"
    assert path.stat().st_size < 2_000_000
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) > 150
    assert "Natural Earth" in data["attribution"]
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Belarus", "Poland", "Lithuania", "Portugal"} <= names


def test_timeline_separates_planned_from_occurred(client):
    body = client.get("/aggregates/timeline").json()
    groups = {(i["day"], i["event_type"], i["group"]): i for i in body["items"]}
    assert groups[("2022-03-03", "PROTEST", "expected")]["statuses"] == {"planned": 1}
    assert groups[("2022-02-14", "PROTEST", "occurred")]["events"] == 1
    assert groups[("2022-02-14", "PROTEST", "occurred")]["mentions"] == 2
    assert body["start"] == "2022-02-14" and body["end"] == "2022-03-03"
    assert sum(i["events"] for i in body["items"]) == 7
    # every event filter applies, including those the daily rollup cannot answer
    only = client.get("/aggregates/timeline", params={"status": "planned"}).json()["items"]
    assert [(i["event_type"], i["group"]) for i in only] == [("PROTEST", "expected")]
    assert sum(i["events"] for i in client.get("/aggregates/timeline", params={"actor": "EUR"}).json()["items"]) == 1
    assert sum(i["events"] for i in client.get("/aggregates/timeline", params={"q": "tractors"}).json()["items"]) == 1


def test_timeline_bins_long_spans_into_weeks_and_months(client):
    assert client.get("/aggregates/timeline").json()["bin"] == "day"  # the fixture spans under three weeks
    weeks = client.get("/aggregates/timeline", params={"bin": "week"}).json()
    assert weeks["bin"] == "week" and sum(i["events"] for i in weeks["items"]) == 7
    monday = {i["day"]: i["end"] for i in weeks["items"]}
    assert monday["2022-02-14"] == "2022-02-20"  # ISO weeks: Monday to Sunday
    months = client.get("/aggregates/timeline", params={"bin": "month"}).json()
    assert {(i["day"], i["end"]) for i in months["items"]} == {("2022-02-01", "2022-02-28"), ("2022-03-01", "2022-03-31")}
    # a five-year window asks for months by itself; filters the rollup cannot answer bin the same way
    auto = client.get("/aggregates/timeline", params={"start": "2019-01-01", "end": "2023-12-31"}).json()
    assert auto["bin"] == "month" and sum(i["events"] for i in auto["items"]) == 7
    assert client.get("/aggregates/timeline", params={"start": "2021-06-01", "end": "2022-12-31",
                                                       "actor": "EUR"}).json()["bin"] == "week"
    assert client.get("/aggregates/timeline", params={"bin": "fortnight"}).status_code == 422


def test_map_points_are_geojson_with_sizes(client):
    resp = client.get("/map/points")
    assert resp.headers["content-type"].startswith("application/geo+json")
    body = resp.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 7
    first = body["features"][0]
    assert first["properties"]["mention_count"] == 2 and first["geometry"]["coordinates"] == [2.3488, 48.8534]
    assert {f["properties"]["group"] for f in body["features"]} == {"occurred", "expected"}
    fra = client.get("/map/points", params={"country": "FRA", "limit": 5}).json()
    assert [f["properties"]["country"] for f in fra["features"]] == ["FRA"]
    assert client.get("/map/points", params={"limit": 1}).json()["truncated"] is True
    assert client.get("/map/points", params={"start": "not a date"}).status_code == 422


def test_facets(client):
    body = client.get("/facets").json()
    assert {c["country"] for c in body["countries"]} == {"FRA", "KEN", "BLR", "DEU", "CHL"}
    assert [t["code"] for t in body["event_types"]][:2] == ["AGREE", "CONSULT"]
    assert "strike" in body["modes"] and "planned" in body["statuses"]


def test_export_endpoint_streams_the_filtered_events(client):
    resp = client.get("/export", params={"format": "csv", "type": "PROTEST"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    lines = resp.text.strip().splitlines()
    assert lines[0].startswith("id,date,") and len(lines) == 1 + 3
    jl = client.get("/export", params={"format": "jsonl", "country": "KEN"}).text.strip().splitlines()
    assert [json.loads(x)["event_type"] for x in jl] == ["COERCE"]
    assert client.get("/export", params={"format": "xml"}).status_code == 422


def test_query_from_params_matches_the_events_endpoint():
    q = query_from_params({"type": "PROTEST,ASSAULT", "country": ["FRA", "DEU"], "start": "2022-02-01",
                           "q": "farmers", "min_mentions": "2", "sort": "-mentions"})
    assert q.event_type == ["PROTEST", "ASSAULT"] and q.country == ["FRA", "DEU"]
    assert q.start == "2022-02-01" and q.q == "farmers" and q.min_mentions == 2 and q.sort == "-mentions"
    assert query_from_params({}).event_type is None
