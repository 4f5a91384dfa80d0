"""The event store on SQLite and, when PostgreSQL binaries are installed, on a throwaway PostgreSQL."""
from __future__ import annotations

from datetime import date

import pytest
from test_store_helpers import article, corpus, pg_server  # noqa: F401 - pg_server is a fixture

from tocsin.store import SCHEMA_LATEST, Store, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/events.db"
    server = request.getfixturevalue("pg_server")
    return server.create_database()


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def filled(store):
    store.add_articles(corpus())
    return store


def test_schema_migrated_once(store_url):
    with open_store(store_url) as s:
        assert s.schema_version() == SCHEMA_LATEST
    with open_store(store_url) as s:  # reopening applies nothing
        assert s.migrate() == []
        assert s.schema_version() == SCHEMA_LATEST


def test_sqlite_is_wal(tmp_path):
    with open_store(f"sqlite:///{tmp_path}/w.db") as s, s._conn() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()["journal_mode"] == "wal"


def test_default_url_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("TOCSIN_DB", f"sqlite:///{tmp_path}/env.db")
    with open_store() as s:
        assert s.url.endswith("env.db")


def test_ingest_is_idempotent_by_content_hash(store):
    first = store.add_articles(corpus())
    assert first.articles_added == 6 and first.mentions == 8
    assert first.events_new == 7 and first.events_merged == 1  # the two farmer reports are one event
    again = store.add_articles(corpus())
    assert again.articles_added == 0 and again.articles_skipped == 6 and again.mentions == 0
    # same text under another id is the same article
    dup = corpus()[0]
    dup.id = "renamed"
    assert store.add_articles([dup]).articles_skipped == 1
    assert store.stats() == {"articles": 6, "events": 7, "mentions": 8}
    assert sum(r["events"] for r in store.aggregate_daily()) == 7


def test_crash_mid_batch_leaves_nothing(store, monkeypatch):
    calls = {"n": 0}
    original = Store._rollup  # called once per stored mention, the last write of each

    def crash_on_fourth(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk on fire")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_rollup", crash_on_fourth)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add_articles(corpus(), batch_size=100)
    assert store.stats() == {"articles": 0, "events": 0, "mentions": 0}
    assert store.aggregate_daily() == [] and store.query_events(q="farmers").items == []
    monkeypatch.setattr(Store, "_rollup", original)
    assert store.add_articles(corpus()).articles_added == 6  # nothing half-written blocks a retry


def test_batches_commit_separately(store, monkeypatch):
    calls = {"n": 0}
    original = Store._add_article

    def crash_in_second_batch(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("boom")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_add_article", crash_in_second_batch)
    with pytest.raises(RuntimeError):
        store.add_articles(corpus(), batch_size=2)
    assert store.stats()["articles"] == 2  # the first batch was committed, the second rolled back


def test_get_event_with_mentions_and_why(filled):
    event = filled.query_events(event_type="PROTEST", country="FRA").items[0]
    assert event["mention_count"] == 2 and event["source_count"] == 2
    assert event["confidence"] == pytest.approx(1 - 0.2 * 0.3)  # 1 - prod(1 - c_i)
    full = filled.get_event(event["id"])
    assert {m["article_id"] for m in full["mentions"]} == {"a1", "a2"}
    assert full["mentions"][0]["record"]["event_type"] == "PROTEST"
    assert len(full["merges"]) == 1
    why = full["merges"][0]
    assert why["merged"] and why["criteria"]["place"]["how"] == "same geonameid"
    assert "merged" in why["summary"]
    assert filled.get_event("nope") is None


def test_get_article_by_id_and_hash(filled):
    a = filled.get_article("a4")
    assert a["source"] == "Briefing" and len(a["mentions"]) == 2
    assert filled.get_article(a["content_hash"])["id"] == "a4"
    assert filled.get_article("missing") is None


@pytest.mark.parametrize("filters, expected", [
    ({"country": "FRA"}, 1),
    ({"country": ["FRA", "DEU"]}, 2),
    ({"event_type": "PROTEST"}, 3),
    ({"mode": "strike"}, 1),
    ({"status": "planned"}, 1),
    ({"actor": "EUR"}, 1),
    ({"recipient": "OPP"}, 0),
    ({"recipient": "KEN"}, 1),
    ({"sector": "EDU"}, 2),
    ({"start": "2022-02-16", "end": "2022-02-21"}, 4),
    ({"bbox": (-5.0, 40.0, 15.0, 55.0)}, 2),  # Paris and Berlin
    ({"bbox": "-5,40,15,55", "mode": "demo"}, 1),
    ({"q": "tractors"}, 1),
    ({"q": "protested"}, 1),   # stemmed: matches "protest" and "protested"
    ({"q": "sanctions Belarus"}, 1),
    ({"q": "zebra"}, 0),
    ({"min_mentions": 2}, 1),
])
def test_filters(filled, filters, expected):
    assert len(filled.query_events(**filters).items) == expected
    assert filled.count_events(**filters) == expected


def test_cursor_pagination(filled):
    for sort in ("-date", "date", "-confidence", "mentions"):
        seen, cursor = [], None
        while True:
            page = filled.query_events(sort=sort, limit=2, cursor=cursor)
            seen += [e["id"] for e in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        everything = [e["id"] for e in filled.query_events(sort=sort, limit=100).items]
        assert seen == everything and len(set(seen)) == 7
    dates = [e["date"] for e in filled.query_events(sort="-date").items]
    assert dates == sorted(dates, reverse=True)
    with pytest.raises(ValueError):
        filled.query_events(sort="-date", cursor=filled.query_events(sort="date", limit=1).next_cursor)
    with pytest.raises(ValueError):
        filled.query_events(cursor="garbage!")
    with pytest.raises(ValueError):
        filled.query_events(sort="colour")


def test_rollup_updated_at_ingest(filled):
    daily = filled.aggregate_daily(event_type="PROTEST")
    assert {(r["day"], r["events"], r["mentions"]) for r in daily} == {
        ("2022-02-14", 1, 2), ("2022-02-16", 1, 1), ("2022-03-03", 1, 1)}
    assert filled.aggregate_daily(country="KEN") == [
        {"day": "2022-02-18", "event_type": "COERCE", "events": 1, "mentions": 1}]
    assert filled.aggregate_daily(start="2022-03-01") == [
        {"day": "2022-03-03", "event_type": "PROTEST", "events": 1, "mentions": 1}]
    countries = {r["country"]: r["events"] for r in filled.aggregate_countries()}
    assert countries == {"FRA": 1, "KEN": 1, "BLR": 2, "DEU": 1, "CHL": 2}
    places = filled.aggregate_places(event_type="PROTEST")
    assert {p["name"]: (p["events"], p["mentions"]) for p in places} == {
        "Paris": (1, 2), "Berlin": (1, 1), "Santiago": (1, 1)}
    # a later report joining the Paris event moves the mention count, not the event count
    filled.add_articles([article("a7", "Farmers blocked Paris with tractors on Monday, angry at fuel prices.",
                                 "2022-02-15", "Herald",
                                 {"event_type": "PROTEST", "mode": "demo", "status": "occurred", "date": "2022-02-14",
                                      "place": "Paris", "actor": ["Farmers:FRA:AGR"], "confidence": 0.5})])
    day = next(r for r in filled.aggregate_daily(event_type="PROTEST") if r["day"] == "2022-02-14")
    assert (day["events"], day["mentions"]) == (1, 3)
    assert sum(r["mentions"] for r in filled.aggregate_daily()) == filled.stats()["mentions"]


def test_rollups_agree_with_the_events_table(filled):
    # one more report moves an event's status-less counts; a retyped merge would move its keys
    filled.add_articles([article("a8", "Farmers again blocked Paris with tractors, angry at fuel prices.",
                                 "2022-02-15", "Courier",
                                 {"event_type": "PROTEST", "mode": "demo", "status": "occurred", "date": "2022-02-14",
                                  "place": "Paris", "actor": ["Farmers:FRA:AGR"], "confidence": 0.9})])
    rows = filled._all_rows("""SELECT country, date, event_type, status, mention_count FROM events""")
    for group_by in (("country", "day", "event_type", "status"), ("day", "event_type", "status"),
                     ("country", "event_type", "status"), ("day", "event_type"), ("country",), ()):
        expected: dict[tuple, list[int]] = {}
        for r in rows:
            values = {"country": r["country"], "day": r["date"], "event_type": r["event_type"], "status": r["status"]}
            counts = expected.setdefault(tuple(values[g] for g in group_by), [0, 0])
            counts[0] += 1
            counts[1] += r["mention_count"]
        got = {tuple(r[g] for g in group_by): [r["events"], r["mentions"]] for r in filled.rollup_counts(group_by)}
        assert got == expected, group_by
    assert filled.rollup_counts(("status",), country="CHL") == [
        {"status": s, "events": n, "mentions": m} for s, n, m in sorted(
            (r["status"], 1, r["mention_count"]) for r in rows if r["country"] == "CHL")]
    with pytest.raises(ValueError):
        filled.rollup_counts(("colour",))
    # days folded into ISO weeks (Monday) and months by the database, the same on both dialects
    weeks = {r["day"]: r["events"] for r in filled.rollup_counts(("day",), bin="week")}
    months = {r["day"]: r["events"] for r in filled.rollup_counts(("day",), bin="month")}
    by_day = filled.rollup_counts(("day",))
    assert sum(weeks.values()) == sum(months.values()) == sum(r["events"] for r in by_day if r["day"])
    assert set(months) == {d["day"][:7] + "-01" for d in by_day if d["day"]}
    assert weeks["2022-02-14"] >= 1 and all(date.fromisoformat(w).weekday() == 0 for w in weeks)
    assert filled.rollup_span() == (min(d["day"] for d in by_day if d["day"]), max(d["day"] for d in by_day if d["day"]))


def test_migration_fills_rollups_of_an_older_store(tmp_path):
    from tocsin.store.migrations import MIGRATIONS

    url = f"sqlite:///{tmp_path}/old.db"
    with open_store(url, migrate=False) as old:  # a store made before the status-aware rollups
        with old._conn() as conn:
            old._x(conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                         "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
        for m in MIGRATIONS[:4]:
            with old.transaction() as conn:
                for statement in m.statements("sqlite"):
                    old._x(conn, statement)
                old._x(conn, "INSERT INTO schema_version VALUES (?, ?, ?)", (m.version, m.description, "then"))
        with old.transaction() as conn:
            old._x(conn, """INSERT INTO events (id, event_type, status, context, actor, recipient, date, country,
                            size, event_text, confidence, mention_count, source_count, article_count,
                            representative, block_key, created_at, updated_at)
                            VALUES ('ce-1', 'PROTEST', 'planned', '[]', '[]', '[]', '2020-08-16', 'BLR', '{}',
                                    'x', 0.9, 3, 2, 2, 'mn-1', 'k', 'then', 'then')""")
    with open_store(url) as store:
        assert store.schema_version() >= 5
        assert store.rollup_counts(("country", "day", "status")) == [
            {"country": "BLR", "day": "2020-08-16", "status": "planned", "events": 1, "mentions": 3}]


def test_articles_no_coder_handled_are_kept_and_flagged(tmp_path):
    from tocsin.model import Article

    with open_store(f"sqlite:///{tmp_path}/lang.db") as store:
        other = Article(id="pt-1", text="O governo reuniu-se hoje em Lisboa.", language="pt")
        other.extra["coded"] = False  # what tocsin.lang.router marks for an unsupported language
        english = Article(id="en-1", text="Police arrested ten activists in Minsk.", language="en")
        store.add_articles([other, english])
        assert store.count_not_coded() == 1 and store.stats()["articles"] == 2
        assert store.get_article("pt-1")["coded"] is False
        assert store.get_article("en-1")["coded"] is True
