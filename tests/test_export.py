"""Exports: every format parses back to the stored events, filters apply, limits hold, output streams."""
from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pytest
import typer
from test_store_helpers import article, corpus
from typer.testing import CliRunner

from tocsin.exports import (
    CAMEO_COLUMNS,
    CSV_COLUMNS,
    FORMATS,
    ExportTooLarge,
    cameo_root,
    export,
    iter_events,
)
from tocsin.exports.cli import export_command
from tocsin.store import EventQuery, open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('export')}/export.db"
    with open_store(url) as s:
        s.add_articles(corpus())
        yield s


def _ids(store, **filters):
    return sorted(e["id"] for e in iter_events(store, EventQuery(**filters)))


def test_jsonl_is_the_canonical_record(store, tmp_path):
    out = tmp_path / "ev.jsonl"
    result = export(store, EventQuery(sort="date"), "jsonl", out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert result.events == len(rows) == 7 and result.bytes == out.stat().st_size
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    farmers = next(r for r in rows if r["mention_count"] == 2)
    for key in ("id", "event_type", "mode", "context", "status", "actor", "recipient", "date", "time",
                "location", "size", "event_text", "confidence", "trigger"):
        assert key in farmers
    assert farmers["event_type"] == "PROTEST" and farmers["location"]["country"] == "FRA"
    assert farmers == store.query_events(q="tractors").items[0]
    assert not (tmp_path / "ev.jsonl.part").exists()


def test_csv_round_trip(store, tmp_path):
    out = tmp_path / "ev.csv"
    export(store, EventQuery(country="CHL"), "csv", out)
    rows = list(csv.DictReader(out.open(newline="")))
    assert tuple(rows[0].keys()) == CSV_COLUMNS and len(rows) == 2
    planned = next(r for r in rows if r["status"] == "planned")
    assert planned["actor_text"] == "Teachers" and planned["actor_code"] == "CHL" and planned["actor_sector"] == "EDU"
    assert float(planned["lat"]) == pytest.approx(-33.4569) and planned["country"] == "CHL"
    buffer = io.BytesIO()
    export(store, EventQuery(actor="EUR"), "csv", buffer)
    row = next(csv.DictReader(io.StringIO(buffer.getvalue().decode())))
    assert row["recipient_code"] == "BLR" and row["event_type"] == "SANCTION"


def test_parquet_round_trip(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "ev.parquet"
    export(store, None, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == 7
    rows = {r["id"]: r for r in table.to_pylist()}
    stored = {e["id"]: e for e in iter_events(store)}
    assert rows.keys() == stored.keys()
    for eid, e in stored.items():
        r = rows[eid]
        assert r["event_type"] == e["event_type"] and r["status"] == e["status"]
        assert r["actor"] == [{"text": a["text"], "code": a["code"], "sector": a["sector"]} for a in e["actor"]]
        assert r["context"] == e["context"] and r["mention_count"] == e["mention_count"]
    assert table.schema.field("lat").type == "double" and table.schema.field("mention_count").type == "int64"


def test_geojson_round_trip(store, tmp_path):
    out = tmp_path / "ev.geojson"
    export(store, EventQuery(event_type="PROTEST"), "geojson", out)
    data = json.loads(out.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    paris = next(f for f in data["features"] if f["properties"]["mention_count"] == 2)
    assert paris["geometry"] == {"type": "Point", "coordinates": [2.3488, 48.8534]}
    assert paris["properties"]["event_type"] == "PROTEST"
    empty = io.BytesIO()
    export(store, EventQuery(country="ZZZ"), "geojson", empty)
    assert json.loads(empty.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_cameo_tsv_round_trip(store, tmp_path):
    out = tmp_path / "ev.tsv"
    export(store, None, "cameo-tsv", out)
    lines = out.read_text().splitlines()
    header = lines[0].split("\t")
    assert tuple(header) == CAMEO_COLUMNS and all(len(x.split("\t")) == len(header) for x in lines)
    rows = [dict(zip(header, x.split("\t"))) for x in lines[1:]]
    roots = {(r["plover_type"], r["plover_mode"]): (r["cameo_root"], r["quad_class"]) for r in rows}
    assert roots[("PROTEST", "strike")] == ("14", "4")
    assert roots[("COERCE", "arrest")] == ("17", "4")
    assert roots[("SANCTION", "")] == ("16", "4")
    sanction = next(r for r in rows if r["plover_type"] == "SANCTION")
    assert sanction["actor1_code"] == "EUR" and sanction["actor2_code"] == "BLR"


def test_cameo_mapping_covers_every_plover_type():
    from tocsin.model import EVENT_TYPES

    for t in EVENT_TYPES:
        root = cameo_root(t)
        assert root is not None and 1 <= int(root) <= 20
    assert cameo_root("ASSAULT", "firearms") == "19" and cameo_root("ASSAULT", "beat") == "18"


def test_filters_are_those_of_the_api(store, tmp_path):
    for filters in ({"country": ["FRA", "DEU"]}, {"status": "planned"}, {"q": "tractors"},
                    {"start": "2022-02-16", "end": "2022-02-21"}, {"sector": "EDU"}, {"bbox": "-5,40,15,55"}):
        out = tmp_path / "f.jsonl"
        export(store, EventQuery(**filters), "jsonl", out)
        got = sorted(json.loads(x)["id"] for x in out.read_text().splitlines())
        assert got == _ids(store, **filters) and got, filters


def test_size_limit_removes_the_partial_file(store, tmp_path):
    out = tmp_path / "big.jsonl"
    with pytest.raises(ExportTooLarge):
        export(store, None, "jsonl", out, max_bytes=500)
    assert not out.exists() and not (tmp_path / "big.jsonl.part").exists()
    with pytest.raises(ExportTooLarge):
        export(store, None, "csv", tmp_path / "n.csv", max_events=3)
    assert export(store, None, "csv", tmp_path / "ok.csv", max_events=7).events == 7
    with pytest.raises(ValueError):
        export(store, None, "xml", tmp_path / "x.xml")


def test_streaming_keeps_memory_bounded(tmp_path, monkeypatch):
    """Events are written a page (1,000) at a time: exporting 3,000 peaks about as high as exporting 1,000."""
    from datetime import date, timedelta

    from test_store_helpers import PLACES

    types = ("PROTEST", "COERCE", "ASSAULT", "CONSULT", "ACCUSE", "SANCTION")
    places = sorted(PLACES)
    url = f"sqlite:///{tmp_path}/many.db"
    with open_store(url) as s:
        arts = []
        for n in range(3000):  # distinct type x place x week: nothing to deduplicate
            day = (date(1990, 1, 1) + timedelta(days=7 * n)).isoformat()
            text = f"Report {n}: an event of the kind {types[n % 6]} took place on {day}, officials said."
            arts.append(article(f"m{n}", text, day, f"src{n % 5}",
                                {"event_type": types[n % 6], "status": "occurred", "date": day,
                                 "place": places[n % len(places)], "actor": [f"Group {n}:FRA:CVL"],
                                 "confidence": 0.7}))
        s.add_articles(arts, batch_size=500)
        assert s.stats()["events"] == 3000
        monkeypatch.setattr("tocsin.exports.PARQUET_ROWS", 500)  # Parquet buffers one row group
        first_1000 = EventQuery(end=(date(1990, 1, 1) + timedelta(days=7 * 999)).isoformat())
        for fmt in ("jsonl", "parquet"):
            peaks = []
            for query, expected in ((first_1000, 1000), (None, 3000)):
                tracemalloc.start()
                result = export(s, query, fmt, tmp_path / f"many.{fmt}")
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
                assert result.events == expected
            # three times the events, about the same peak: memory is bounded by the page, not the export
            assert peaks[1] < 1.5 * peaks[0], (fmt, peaks)


def test_cli_command(store, tmp_path):
    app = typer.Typer()
    app.command()(export_command)
    app.command("other")(lambda: None)  # two commands, so the name is required as in tocsin's CLI
    out = tmp_path / "cli.csv"
    result = CliRunner().invoke(app, ["export-command", "--db", store.url, "--format", "csv",
                                      "--country", "FRA,KEN", "--type", "PROTEST", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 events" in result.output
    rows = list(csv.DictReader(out.open(newline="")))
    assert [r["country"] for r in rows] == ["FRA"]
    bad = CliRunner().invoke(app, ["export-command", "--db", store.url, "--format", "xml", "-o", str(out)])
    assert bad.exit_code != 0
    limited = CliRunner().invoke(app, ["export-command", "--db", store.url, "--max-events", "2", "-o",
                                       str(tmp_path / "l.jsonl")])
    assert limited.exit_code == 1 and "narrow the filters" in limited.output
    for fmt in FORMATS:
        ok = CliRunner().invoke(app, ["export-command", "--db", store.url, "-f", fmt, "-o", str(tmp_path / f"all.{fmt}")])
        assert ok.exit_code == 0, (fmt, ok.output)
