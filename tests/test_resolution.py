"""Scoring the resolvers (tocsin.eval.resolution), event-location linking, and the resolver commands."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.cli_resolve import (
    actor_line,
    actors_lookup_cmd,
    eval_resolution,
    format_resolution,
    geoparse_cmd,
    timex_cmd,
)
from tocsin.eval.resolution import (
    resolution_kind,
    score_event_location,
    score_geo,
    score_timex,
)
from tocsin.resolve.event_location import link_event_location

SHARED = Path(__file__).resolve().parents[2] / "shared"


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def span(text: str, word: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return {"start": start, "end": start + len(word)}


# -- scoring on tiny gold files ---------------------------------------------------------------
def test_score_timex(tmp_path: Path) -> None:
    text = "The council met on Saturday. It will vote on 3 March."
    gold = write_jsonl(tmp_path / "timex-mini.jsonl", [{
        "id": "t1", "text": text, "published": "2021-02-22",
        "timexes": [
            {**span(text, "Saturday"), "type": "DATE", "value": "2021-02-20"},
            {**span(text, "3 March"), "type": "DATE", "value": "2021-03-04"},  # deliberately wrong
            {**span(text, "met"), "type": "DURATION", "value": "P1D"},  # not a DATE: not scored
        ]}])
    res = score_timex(gold)
    assert res["gold_dates"] == 2
    assert res["found"] == 1.0
    assert res["exact"] == 0.5
    assert resolution_kind(gold) == "timex"


@pytest.mark.model
def test_score_geo(tmp_path: Path) -> None:
    text = "Farmers marched through Lyon and then drove to Marseille."
    lyon, marseille = span(text, "Lyon"), span(text, "Marseille")
    gold = write_jsonl(tmp_path / "geo-mini.jsonl", [{
        "id": "g1", "text": text,
        "toponyms": [
            {**lyon, "lat": 45.75, "lon": 4.85, "country": "FRA"},
            {**marseille, "lat": 0.0, "lon": 0.0},  # far from the real city: found, not within 161 km
            {**span(text, "Farmers"), "lat": 1.0, "lon": 1.0},  # no place there: missed
        ]}])
    res = score_geo(gold, errors=5)
    assert res["gold_toponyms"] == 3
    assert res["found"] == pytest.approx(2 / 3, abs=1e-3)
    assert res["within_161km"] == pytest.approx(1 / 3, abs=1e-3)
    assert res["country_accuracy"] == 1.0
    assert res["precision"] == 1.0
    assert res["errors"]["missed"] == [("Farmers", 1)]
    assert resolution_kind(gold) == "geo"


@pytest.mark.model
def test_score_event_location(tmp_path: Path) -> None:
    a = "Police detained ten students in Minsk on Sunday."
    b = "Poland held talks with Lithuania about the border."
    c = "Protesters gathered in Lyon."
    gold = write_jsonl(tmp_path / "evloc.jsonl", [
        {"id": "e1", "text": a, "event": span(a, "detained"), "locations": [span(a, "Minsk")]},
        {"id": "e2", "text": b, "event": span(b, "talks"), "locations": []},
        {"id": "e3", "text": c, "event": span(c, "gathered"), "locations": [{"start": 3, "end": 3}]},
    ])
    res = score_event_location(gold)
    assert res["records"] == 3
    assert res["accuracy"] == pytest.approx(2 / 3, abs=1e-3)  # e3's gold span is empty: never right
    assert res["scorable_records"] == 2 and res["accuracy_scorable"] == 1.0
    assert res["recall_scorable"] == 1.0
    assert resolution_kind(gold) == "event-location"


def test_events_gold_is_not_a_resolution_file(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "events.jsonl", [{"id": "x", "text": "Riots.", "accept_types": ["PROTEST"]}])
    assert resolution_kind(gold) is None
    assert eval_resolution(gold) is None


# -- event-location linking ---------------------------------------------------------------------
def link(text: str, word: str, nth: int = 0) -> str | None:
    ev = span(text, word, nth)
    got = link_event_location(text, ev["start"], ev["end"])
    return text[got[0]:got[1]] if got else None


@pytest.mark.model
@pytest.mark.parametrize("text, word, where", [
    ("Soldiers opened fire on a crowd in Kherson on Tuesday.", "opened", "Kherson"),
    ("Riot police clashed with workers near Gdansk.", "clashed", "Gdansk"),
    ("The rebels captured the town of Novo Brdo after heavy fighting.", "captured", "Novo Brdo"),
    ("Warsaw held talks with Poland about the pipeline.", "talks", None),  # a party, not a place
    ("The ministry received help from Russia last year.", "received", None),
    ("Students protested outside Mandalay, officials in Yangon said.", "protested", "Mandalay"),
    ("Officials in Yangon said that students protested on Friday.", "protested", None),
    ("Two men were arrested in Sabana village in Kano State.", "arrested", "Sabana"),
])
def test_link_event_location(text: str, word: str, where: str | None) -> None:
    assert link(text, word) == where


@pytest.mark.model
def test_link_event_location_accepts_a_doc_and_odd_spans() -> None:
    from tocsin.resolve.places import _nlp

    text = "Farmers blocked roads near Lyon."
    doc = _nlp()(text)
    ev = span(text, "blocked")
    assert link_event_location(doc, ev["start"], ev["end"]) == (span(text, "Lyon")["start"], span(text, "Lyon")["end"])
    assert link_event_location("", 0, 0) is None


# -- commands -----------------------------------------------------------------------------------
@pytest.mark.model
def test_geoparse_cmd_writes_places_and_reports_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Police in Minsk detained dozens on Sunday."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": text}) + "\n{not json\n", encoding="utf-8")
    out = tmp_path / "places.jsonl"
    assert geoparse_cmd(src, out) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1"]
    minsk = rows[0]["places"][0]
    assert text[minsk["start"]:minsk["end"]] == "Minsk" and minsk["country"] == "BLR"
    assert set(minsk) == {"start", "end", "text", "name", "country", "lat", "lon", "geonameid"}
    assert "in.jsonl:2" in capsys.readouterr().err


def test_timex_cmd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Workers struck on Saturday."
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "d1", "text": text, "published": "2020-08-17"}])
    assert timex_cmd(src) == 0
    row = json.loads(capsys.readouterr().out)
    assert row == {"id": "d1", "timexes": [
        {**span(text, "Saturday"), "text": "Saturday", "type": "DATE", "value": "2020-08-15"}]}


def test_commands_fail_only_when_nothing_was_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert timex_cmd(bad, tmp_path / "out.jsonl") == 1
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_actors_lookup_cmd() -> None:
    lines: list[str] = []
    matches = actors_lookup_cmd("Lukashenko", "2020-08-16", echo=lines.append)
    assert matches and matches[0].code == "BLR"
    assert lines[0].startswith("BLR\tGOV\tAlexander Lukashenko\t")
    assert actors_lookup_cmd("Qwxzv Nobody", echo=lines.append) == []
    assert actor_line(matches[0]).count("\t") == 4


def test_format_resolution() -> None:
    text = format_resolution({"kind": "timex", "exact": 0.5, "errors": ["a1: miss"]})
    assert "exact" in text and "0.5" in text and "a1: miss" in text


# -- the real gold files (skip without ../shared) -------------------------------------------------
@pytest.mark.shared
def test_timex_on_tempeval_gold() -> None:
    gold = SHARED / "eval" / "timex-te3.dev.jsonl"
    if not gold.exists():
        pytest.skip("../shared is absent")
    res = eval_resolution(gold)
    assert res is not None and res["kind"] == "timex"
    assert res["exact"] >= 0.85


@pytest.mark.shared
@pytest.mark.model
def test_event_location_on_a_slice_of_gold() -> None:
    gold = SHARED / "eval" / "geo-event-location.dev.jsonl"
    if not gold.exists():
        pytest.skip("../shared is absent")
    res = score_event_location(gold, limit=300)
    assert res["accuracy_scorable"] >= 0.6
