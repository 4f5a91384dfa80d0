"""Event store performance: ingest rate, filtered-query and aggregate latency, dashboard first load.

    python benchmarks/store_perf.py                    # 1,000,000 synthetic events, SQLite (+ PostgreSQL if it can start)
    python benchmarks/store_perf.py --n 100000 --backend sqlite
    python benchmarks/store_perf.py --n 1000000 --pg-n 200000   # PostgreSQL on fewer events

Events are synthetic coded articles (one event each, no spaCy) spread over 16 PLOVER
types, 40 countries and five years. All but the last ``--ingest-n`` (20,000) are
bulk-loaded by SQL inside the database (the rows ``add_articles`` would write, without
dedup: ingesting millions through dedup would take hours on two cores); the
last ones go through ``Store.add_articles`` (the real path: deduplication,
mentions, codes, full-text index, daily rollup), which gives the insert rate at
that store size. Then:

* filtered query: ``query_events`` with country + type + a 30-day range (the indexed filters);
* day x type aggregate: ``aggregate_daily`` (the rollup) over everything and over one country;
* timeline: the dashboard's day x type x status count (``/aggregates/timeline``) for one country;
* dashboard first load: HTTP time of ``/`` and of the JSON the page asks for first
  (``/facets``, ``/map/points``, ``/aggregates/timeline``, ``/events?limit=100``), from a live uvicorn.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tocsin.model import EVENT_TYPES, Actor, Article, Event, Place
from tocsin.store import EventQuery, Store, open_store

COUNTRIES = [  # ISO3, lat, lon (rough centres)
    ("BLR", 53.7, 27.9), ("POL", 52.1, 19.4), ("LTU", 55.2, 23.9), ("RUS", 55.7, 37.6), ("UKR", 49.0, 31.4),
    ("DEU", 51.2, 10.4), ("FRA", 46.6, 2.4), ("GBR", 52.4, -1.5), ("ESP", 40.4, -3.7), ("ITA", 42.8, 12.6),
    ("PRT", 39.6, -8.0), ("TUR", 39.0, 35.2), ("IRN", 32.4, 53.7), ("IRQ", 33.2, 43.7), ("SYR", 35.0, 38.5),
    ("ISR", 31.0, 34.9), ("EGY", 26.8, 30.8), ("NGA", 9.1, 8.7), ("KEN", -0.0, 37.9), ("ETH", 9.1, 40.5),
    ("ZAF", -30.6, 22.9), ("IND", 20.6, 79.0), ("PAK", 30.4, 69.3), ("AFG", 33.9, 67.7), ("CHN", 35.9, 104.2),
    ("JPN", 36.2, 138.3), ("KOR", 35.9, 127.8), ("PRK", 40.3, 127.5), ("IDN", -0.8, 113.9), ("PHL", 12.9, 121.8),
    ("MMR", 21.9, 95.9), ("THA", 15.9, 101.0), ("AUS", -25.3, 133.8), ("USA", 37.1, -95.7), ("MEX", 23.6, -102.6),
    ("BRA", -14.2, -51.9), ("ARG", -38.4, -63.6), ("CHL", -35.7, -71.5), ("COL", 4.6, -74.3), ("VEN", 6.4, -66.6),
]
SECTORS = ("GOV", "MIL", "COP", "OPP", "CVL", "LAB", "BUS", "JRN", "EDU", "REB")
STATUSES = ("occurred",) * 8 + ("planned", "threatened")
DAYS = 5 * 365
DAY0 = date(2018, 1, 1)


def synthetic_articles(n: int, seed: int = 7) -> Iterator[Article]:
    rng = random.Random(seed)
    for j in range(n):
        i = seed * 100_000_000 + j
        iso, lat, lon = COUNTRIES[rng.randrange(len(COUNTRIES))]
        kind = EVENT_TYPES[rng.randrange(len(EVENT_TYPES))]
        day = DAY0 + timedelta(days=rng.randrange(DAYS))
        other = COUNTRIES[rng.randrange(len(COUNTRIES))][0]
        text = (f"Report {i}: group {rng.randrange(10**6)} of {iso} and officials of {other} were involved "
                f"in a {kind.lower()} event number {i} near site {rng.randrange(5000)} on {day.isoformat()}.")
        place = Place(f"site {i % 5000}", f"Site {i % 5000}", iso, round(lat + rng.uniform(-2, 2), 4),
                      round(lon + rng.uniform(-2, 2), 4), str(9_000_000 + (i % 5000)), feature="city")
        art = Article(id=f"syn-{i}", text=text, published=day, source=f"outlet-{rng.randrange(25)}", language="en")
        art.events.append(Event(
            article_id=art.id, event_type=kind, status=STATUSES[rng.randrange(len(STATUSES))],
            event_text=text, span=(0, len(text)), trigger_span=(0, 6),
            actor=[Actor(f"group of {iso}", iso, SECTORS[rng.randrange(len(SECTORS))])],
            recipient=[Actor(f"officials of {other}", other, "GOV")],
            date=day.isoformat(), location=place, confidence=round(rng.uniform(0.3, 0.95), 3),
            trigger="event"))
        yield art


def _series_sql(dialect: str) -> str:
    """``i`` from ? (inclusive) to ? (exclusive), generated inside the database."""
    if dialect == "postgresql":
        return "SELECT i FROM generate_series(CAST(? AS bigint), CAST(? AS bigint) - 1) AS s(i)"
    return "WITH RECURSIVE s(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?) SELECT i FROM s"


def _gen_sql(dialect: str, bucket_days: int) -> str:
    """One chunk of synthetic events as a temporary table ``gen``: the values every table needs.

    The spread is the same as ``synthetic_articles`` (40 countries, 16 types, 5 years,
    10 sectors, 80% occurred) from integer hashes of ``i``, so the load is reproducible
    and runs in C: ~10x faster than building the rows in Python.
    """
    countries = ", ".join(f"({k}, '{iso}', {lat}, {lon})" for k, (iso, lat, lon) in enumerate(COUNTRIES))
    types = ", ".join(f"({k}, '{t}')" for k, t in enumerate(EVENT_TYPES))
    sectors = ", ".join(f"({k}, '{s}')" for k, s in enumerate(SECTORS))
    statuses = ", ".join(f"({k}, '{s}')" for k, s in enumerate(STATUSES))
    day = ("to_char(DATE '2018-01-01' + CAST(g.d AS integer), 'YYYY-MM-DD')" if dialect == "postgresql"
           else "date('2018-01-01', '+' || g.d || ' days')")
    return f"""
        WITH c(k, iso, lat, lon) AS (VALUES {countries}),
             t(k, name) AS (VALUES {types}),
             sec(k, name) AS (VALUES {sectors}),
             st(k, name) AS (VALUES {statuses}),
             g AS MATERIALIZED (SELECT i, ((i * 2654435761 + 97) % 2147483647) AS h,
                          ((i * 1103515245 + 12345) % 2147483648) % {DAYS} AS d,
                          ((i * 69069 + 1) % 2147483647) % {len(COUNTRIES)} AS o,
                          ((i * 40503 + 11) % 65521) % {len(EVENT_TYPES)} AS ty,
                          ((i * 22695477 + 1) % 2147483647) % {len(SECTORS)} AS se,
                          ((i * 134775813 + 1) % 2147483647) % {len(STATUSES)} AS sta
                   FROM ({_series_sql(dialect)}) AS series)
        SELECT g.i AS i, c.iso AS iso, oc.iso AS other, t.name AS etype, st.name AS status, sec.name AS sector,
               {day} AS day, g.i % 5000 AS site,
               c.lat + ((g.i * 31337) % 40001 - 20000) / 10000.0 AS lat,
               c.lon + ((g.i * 7919) % 40001 - 20000) / 10000.0 AS lon,
               0.3 + (g.h % 651) / 1000.0 AS conf,
               t.name || '|' || c.iso || '|' || CAST((736695 + g.d) / {bucket_days} AS TEXT) AS block_key
        FROM g JOIN c ON c.k = g.h % {len(COUNTRIES)} JOIN c AS oc ON oc.k = g.o JOIN t ON t.k = g.ty
             JOIN sec ON sec.k = g.se JOIN st ON st.k = g.sta"""


def bulk_fill(store: Store, n: int, chunk: int = 250_000) -> dict[str, float]:
    """Load ``n`` synthetic events straight into the tables (no dedup): a big store in minutes, not hours.

    The rows are those ``Store.add_articles`` writes for one-event articles that merge
    with nothing (article, canonical event, mention, codes, full-text entry), made by SQL
    inside the database; the rollups are then recounted with ``Store.rebuild_rollups``.
    """
    now = "2024-01-01T00:00:00+00:00"
    t = time.perf_counter()
    pg = store.dialect.name == "postgresql"
    gen_sql = _gen_sql(store.dialect.name, store.dedup.config.bucket_days)
    text = ("'Report ' || i || ': group ' || (i % 1000003) || ' of ' || iso || ' and officials of ' || other"
            " || ' were involved in a ' || lower(etype) || ' event number ' || i || ' near site ' || site"
            " || ' on ' || day || '.'")
    location = ("'{\"text\":\"site ' || site || '\",\"name\":\"Site ' || site || '\",\"country\":\"' || iso"
                " || '\",\"lat\":' || lat || ',\"lon\":' || lon || ',\"geonameid\":\"' || (9000000 + site)"
                " || '\",\"feature\":\"city\"}'")
    actor = "'[{\"text\":\"group of ' || iso || '\",\"code\":\"' || iso || '\",\"sector\":\"' || sector || '\"}]'"
    recipient = "'[{\"text\":\"officials of ' || other || '\",\"code\":\"' || other || '\",\"sector\":\"GOV\"}]'"
    record = ("'{\"id\":\"ev-b' || i || '\",\"article_id\":\"syn-' || i || '\",\"event_type\":\"' || etype"
              " || '\",\"mode\":null,\"context\":[],\"status\":\"' || status || '\",\"actor\":' || actor"
              " || ',\"recipient\":' || recipient || ',\"date\":\"' || day || '\",\"time\":null,\"location\":'"
              " || location || ',\"size\":{},\"event_text\":\"' || txt || '\",\"span\":[0,' || length(txt)"
              " || '],\"confidence\":' || conf || ',\"trigger\":\"event\"}'")
    statements = [
        f"""INSERT INTO articles ({ARTICLE_COLS})
            SELECT 'h-' || i, 'syn-' || i, 'outlet-' || (i % 25), NULL, NULL, day, 'en', txt, 1, '{now}' FROM gen""",
        f"""INSERT INTO events ({EVENT_COLS})
            SELECT 'ce-b' || i, etype, NULL, status, '[]', actor, recipient, day, NULL, location, 'Site ' || site,
                   iso, CAST(9000000 + site AS TEXT), lat, lon, '{{}}', txt, 'event', conf, 1, 1, 1, 'mn-b' || i,
                   block_key, '{now}', '{now}' FROM gen""",
        f"""INSERT INTO mentions ({MENTION_COLS})
            SELECT 'mn-b' || i, 'ce-b' || i, 'h-' || i, 'syn-' || i, 'outlet-' || (i % 25), day, 0, length(txt), txt,
                   day, conf, {record}, '{{"event_id":"ce-b' || i || '","merged":false}}', '{now}' FROM gen""",
        """INSERT INTO event_codes (event_id, role, code, sector)
            SELECT 'ce-b' || i, 'actor', iso, sector FROM gen
            UNION ALL SELECT 'ce-b' || i, 'recipient', other, 'GOV' FROM gen""",
    ]
    if not pg:
        statements.append("INSERT INTO evidence_fts (text, event_id, mention_id) SELECT txt, 'ce-b' || i, 'mn-b' || i FROM gen")
    done = 0
    with store._conn() as conn:
        if not pg:
            conn.execute("PRAGMA cache_size = -1000000")  # 1 GB of page cache for the load's index inserts
            conn.execute("PRAGMA foreign_keys = OFF")  # the generated rows refer to each other by construction
        # the usual bulk-load move: drop the secondary indexes, load, build them again by sorting
        # (3-5x faster here than keeping ten B-trees up to date row by row); not the FTS index
        indexes = _secondary_indexes(store, conn)
        with store.transaction():
            for name, _ in indexes:
                store._x(conn, f"DROP INDEX {name}")
        while done < n:
            size = min(chunk, n - done)
            with store.transaction():
                store._x(conn, "DROP TABLE IF EXISTS gen")
                store._x(conn, f"CREATE TEMPORARY TABLE gen AS SELECT q.*, {text} AS txt, '' AS location, "
                               f"'' AS actor, '' AS recipient FROM ({gen_sql}) AS q", (done, done + size))
                store._x(conn, f"UPDATE gen SET location = {location}, actor = {actor}, recipient = {recipient}")
                for statement in statements:
                    store._x(conn, statement)
                store._x(conn, "DROP TABLE gen")
            done += size
            print(f"  ... {done:,} events loaded, {done / (time.perf_counter() - t):,.0f}/s", file=sys.stderr, flush=True)
        t1 = time.perf_counter()
        with store.transaction():
            for _, sql in indexes:
                store._x(conn, sql)
        print(f"  ... {len(indexes)} indexes built in {time.perf_counter() - t1:.0f} s", file=sys.stderr, flush=True)
        if not pg:
            conn.execute("PRAGMA foreign_keys = ON")
    store.rebuild_rollups()
    store.analyze()
    elapsed = time.perf_counter() - t
    return {"seconds": elapsed, "rate": n / elapsed}


def _secondary_indexes(store: Store, conn) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes on the loaded tables, primary keys excepted."""
    tables = ("articles", "events", "mentions", "event_codes")
    if store.dialect.name == "postgresql":
        rows = store._x(conn, f"""SELECT indexname AS name, indexdef AS sql FROM pg_indexes
                                  WHERE schemaname = current_schema() AND tablename IN ({','.join('?' * len(tables))})
                                  AND indexname NOT LIKE '%_pkey'""", tables).fetchall()
    else:
        rows = store._x(conn, f"""SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                                  AND tbl_name IN ({','.join('?' * len(tables))})""", tables).fetchall()
    return [(r["name"], r["sql"]) for r in rows]


EVENT_COLS = ("id, event_type, mode, status, context, actor, recipient, date, time, location, place_name, country, "
              "geonameid, lat, lon, size, event_text, trigger, confidence, mention_count, source_count, "
              "article_count, representative, block_key, created_at, updated_at")
ARTICLE_COLS = "content_hash, id, source, url, title, published, language, text, n_events, ingested_at"
MENTION_COLS = ("id, event_id, article_hash, article_id, source, published, span_start, span_end, event_text, date, "
                "confidence, record, why, created_at")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def timed(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), pct(times, 95)


def random_window(rng: random.Random, days: int = 30) -> tuple[str, str]:
    start = DAY0 + timedelta(days=rng.randrange(DAYS - days))
    return start.isoformat(), (start + timedelta(days=days - 1)).isoformat()


def bench_ingest(store: Store, n: int, batch: int) -> dict[str, float]:
    t = time.perf_counter()
    done = 0
    stats_total = None
    chunk = 50_000
    gen = synthetic_articles(n, seed=7)
    while done < n:
        part = [next(gen) for _ in range(min(chunk, n - done))]
        st = store.add_articles(part, batch_size=batch)
        done += len(part)
        stats_total = st if stats_total is None else (stats_total.add(st) or stats_total)
        rate = done / (time.perf_counter() - t)
        print(f"  ... {done:,} articles ingested, {rate:,.0f}/s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t
    return {"seconds": elapsed, "rate": n / elapsed, "events_new": stats_total.events_new,
            "events_merged": stats_total.events_merged}


def bench_queries(store: Store, repeats: int) -> dict[str, tuple[float, float]]:
    from tocsin.web.routes import map_points, timeline

    rng = random.Random(11)
    out: dict[str, tuple[float, float]] = {}

    def filtered() -> None:
        start, end = random_window(rng)
        store.query_events(EventQuery(country=rng.choice(COUNTRIES)[0], event_type=rng.choice(EVENT_TYPES),
                                      start=start, end=end, limit=50))

    def filtered_90() -> None:
        start, end = random_window(rng, 90)
        store.query_events(EventQuery(country=rng.choice(COUNTRIES)[0], start=start, end=end, limit=50))

    def coded(**fixed: str):
        def go() -> None:
            start, end = random_window(rng)
            store.query_events(EventQuery(start=start, end=end, limit=50, **{k: v() if callable(v) else v
                                                                             for k, v in fixed.items()}))
        return go

    out["query country+type+30 days"] = timed(filtered, repeats)
    out["query country+90 days"] = timed(filtered_90, repeats)
    out["query type, newest page"] = timed(
        lambda: store.query_events(EventQuery(event_type=rng.choice(EVENT_TYPES), limit=50)), repeats)
    out["query actor code+30 days"] = timed(coded(actor=lambda: rng.choice(COUNTRIES)[0]), repeats)
    out["query sector+30 days"] = timed(coded(sector=lambda: rng.choice(SECTORS)), repeats)
    out["query min_mentions 2"] = timed(lambda: store.query_events(EventQuery(min_mentions=2, limit=50)), repeats)
    out["full text, rare word (one event)"] = timed(
        lambda: store.query_events(EventQuery(q=f"number {rng.randrange(10**6)}", limit=50)), max(5, repeats // 10))
    out["full text, common word + country"] = timed(
        lambda: store.query_events(EventQuery(q="protest", country=rng.choice(COUNTRIES)[0], limit=50)),
        max(5, repeats // 10))
    out["day x type rollup, all"] = timed(lambda: store.aggregate_daily(), max(5, repeats // 20))
    out["day x type rollup, 1 country"] = timed(lambda: store.aggregate_daily(country=rng.choice(COUNTRIES)[0]),
                                                repeats)
    out["timeline (rollup), all"] = timed(lambda: timeline(store, EventQuery()), max(5, repeats // 20))
    out["timeline day x type x status, 1 country"] = timed(
        lambda: timeline(store, EventQuery(country=rng.choice(COUNTRIES)[0])), max(5, repeats // 10))
    out["map points, 1 country"] = timed(
        lambda: map_points(store, EventQuery(country=rng.choice(COUNTRIES)[0])), max(5, repeats // 10))
    return out


def bench_dashboard(url: str, rounds: int = 3) -> dict[str, float]:
    import httpx

    from tocsin.api import running_server

    paths = ["/facets", "/static/world.geojson", "/map/points", "/aggregates/timeline", "/events?sort=-date&limit=100"]
    results: dict[str, list[float]] = {p: [] for p in ["/", *paths, "first load (parallel, as the page)"]}
    with running_server(url) as base, httpx.Client(base_url=base, timeout=600) as client:
        for _ in range(rounds):
            t0 = time.perf_counter()
            assert client.get("/").status_code == 200
            results["/"].append((time.perf_counter() - t0) * 1000)

            def get(path: str) -> tuple[str, float]:
                t = time.perf_counter()
                r = client.get(path)
                r.raise_for_status()
                return path, (time.perf_counter() - t) * 1000

            with ThreadPoolExecutor(len(paths)) as pool:
                for path, ms in pool.map(get, paths):
                    results[path].append(ms)
            results["first load (parallel, as the page)"].append((time.perf_counter() - t0) * 1000)
    return {k: statistics.median(v) for k, v in results.items()}


def run(url: str, n: int, ingest_n: int, batch: int, repeats: int, label: str, reuse: bool = False,
        build_only: bool = False) -> None:
    print(f"\n== {label}: {n:,} synthetic events ({url.split('@')[-1]})", flush=True)
    with open_store(url) as store:
        if reuse and store.stats()["events"]:
            print(f"reusing the stored {store.stats()['events']:,} events (no load, no ingest)", flush=True)
            ingest_n = n = 0
        if n > ingest_n:
            fill = bulk_fill(store, n - ingest_n)
            print(f"bulk load (generated by SQL in the database, no dedup): {n - ingest_n:,} events in {fill['seconds']:.1f} s "
                  f"({fill['rate']:,.0f} events/s)", flush=True)
        if n:
            ing = bench_ingest(store, min(n, ingest_n), batch)
            print(f"ingest via Store.add_articles (dedup, mentions, codes, FTS, rollup), last {min(n, ingest_n):,} "
                  f"events on top of the store: {ing['rate']:,.0f} events/s ({ing['seconds']:.1f} s; "
                  f"{ing['events_merged']:,} merged)", flush=True)
        counts = store.stats()
        if build_only:
            print(f"store built: {counts['events']:,} canonical events (--build-only: no queries timed)", flush=True)
            return
        print(f"store: {counts['events']:,} canonical events, {counts['mentions']:,} mentions", flush=True)
        for name, (p50, p95) in bench_queries(store, repeats).items():
            print(f"{name:<42} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms", flush=True)
    for name, ms in bench_dashboard(url).items():
        print(f"dashboard {name:<40} {ms:8.1f} ms (median of 3)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="tocsin store performance")
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic events (default 1,000,000)")
    parser.add_argument("--pg-n", type=int, default=None, help="events for PostgreSQL (default: --n)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--ingest-n", type=int, default=20_000,
                        help="events ingested through Store.add_articles (the rest are bulk-loaded first)")
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    parser.add_argument("--repeats", type=int, default=200, help="queries timed per measure")
    parser.add_argument("--dir", default=None, help="folder for the SQLite file (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="SQLite: keep the store already in --dir and only time queries (build once, measure later)")
    parser.add_argument("--build-only", action="store_true", help="load the store, time nothing else")
    args = parser.parse_args()
    print(f"tocsin store benchmark: python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    if args.backend in ("sqlite", "both"):
        folder = Path(args.dir or tempfile.mkdtemp(prefix="tocsin-perf-"))
        path = folder / "perf.db"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        run(f"sqlite:///{path}", args.n, args.ingest_n, args.batch, args.repeats, "SQLite", args.reuse, args.build_only)
        print(f"SQLite file: {path.stat().st_size / 1e6:,.0f} MB", flush=True)
    if args.backend in ("postgresql", "both"):
        from tocsin.store.pgtemp import PostgresUnavailable, temporary_postgres

        try:
            with temporary_postgres() as server:
                run(server.create_database("tocsin_perf"), args.pg_n or args.n, args.ingest_n, args.batch, args.repeats,
                    "PostgreSQL")
        except PostgresUnavailable as exc:
            print(f"\nPostgreSQL skipped: {exc}", flush=True)


if __name__ == "__main__":
    main()
