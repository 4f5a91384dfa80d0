"""Event store performance: ingest rate, filtered-query and aggregate latency, dashboard first load.

    python benchmarks/store_perf.py                    # 1,000,000 synthetic events, SQLite (+ PostgreSQL if it can start)
    python benchmarks/store_perf.py --n 100000 --backend sqlite
    python benchmarks/store_perf.py --n 1000000 --pg-n 200000   # PostgreSQL on fewer events

Events are synthetic coded articles (one event each, no spaCy) spread over 16 PLOVER
types, 40 countries and five years. All but the last ``--ingest-n`` (20,000) are
bulk-loaded with direct inserts (the rows ``add_articles`` would write, without
dedup: ingesting a million through dedup takes most of an hour on two cores); the
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


def _rows_of(art: Article, store: Store, now: str) -> tuple[tuple, tuple, tuple, list[tuple], tuple]:
    """The rows ``Store.add_articles`` would write for a one-event article that merges with nothing."""
    import hashlib
    import json

    from tocsin.store import mention_id

    ev = art.events[0]
    chash = art.content_hash
    mid = mention_id(chash, ev.id)
    eid = "ce-" + hashlib.sha1(mid.encode()).hexdigest()[:16]
    rec = ev.as_dict()
    loc = rec["location"]
    dumps = lambda v: json.dumps(v, separators=(",", ":"))
    day = date.fromisoformat(ev.date)
    article = (chash, art.id, art.source, None, None, art.published.isoformat(), "en", art.text, 1, now)
    event = (eid, ev.event_type, ev.mode, ev.status, "[]", dumps(rec["actor"]), dumps(rec["recipient"]), ev.date,
             None, dumps(loc), loc["name"], loc["country"], loc["geonameid"], loc["lat"], loc["lon"], "{}",
             ev.event_text, ev.trigger, ev.confidence, 1, 1, 1, mid,
             f"{ev.event_type}|{loc['country']}|{store.dedup.bucket(day)}", now, now)
    mention = (mid, eid, chash, art.id, art.source, art.published.isoformat(), 0, len(ev.event_text),
               ev.event_text, ev.date, ev.confidence, dumps(rec), dumps({"event_id": eid, "merged": False}), now)
    codes = [(eid, role, a.code, a.sector) for role in ("actor", "recipient") for a in getattr(ev, role)]
    return article, event, mention, codes, (ev.date, ev.event_type, loc["country"])


EVENT_COLS = ("id, event_type, mode, status, context, actor, recipient, date, time, location, place_name, country, "
              "geonameid, lat, lon, size, event_text, trigger, confidence, mention_count, source_count, "
              "article_count, representative, block_key, created_at, updated_at")
ARTICLE_COLS = "content_hash, id, source, url, title, published, language, text, n_events, ingested_at"
MENTION_COLS = ("id, event_id, article_hash, article_id, source, published, span_start, span_end, event_text, date, "
                "confidence, record, why, created_at")


def bulk_fill(store: Store, n: int, chunk: int = 50_000) -> dict[str, float]:
    """Load ``n`` synthetic events straight into the tables (no dedup): a big store in minutes, not hours."""
    from collections import Counter

    now = "2024-01-01T00:00:00+00:00"
    t = time.perf_counter()
    gen = synthetic_articles(n, seed=3)
    rollup: Counter = Counter()
    done = 0
    pg = store.dialect.name == "postgresql"
    while done < n:
        arts, events, mentions, codes = [], [], [], []
        for _ in range(min(chunk, n - done)):
            a, e, m, c, key = _rows_of(next(gen), store, now)
            arts.append(a), events.append(e), mentions.append(m), codes.extend(c)
            rollup[key] += 1
        with store.transaction() as conn:
            for table, cols, rows in (("articles", ARTICLE_COLS, arts), ("events", EVENT_COLS, events),
                                      ("mentions", MENTION_COLS, mentions),
                                      ("event_codes", "event_id, role, code, sector", codes)):
                if pg:
                    with conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ",".join("?" * (cols.count(",") + 1))
                    conn.executemany(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})", rows)
            if not pg:
                conn.executemany("INSERT INTO evidence_fts (text, event_id, mention_id) VALUES (?, ?, ?)",
                                 [(m[8], m[1], m[0]) for m in mentions])
        done += len(events)
        print(f"  ... {done:,} events loaded, {done / (time.perf_counter() - t):,.0f}/s", file=sys.stderr, flush=True)
    with store.transaction() as conn:
        store._x(conn, "DELETE FROM daily_counts")
        cur = conn.cursor()
        cur.executemany(store.dialect.sql("INSERT INTO daily_counts (day, event_type, country, events, mentions) "
                                          "VALUES (?, ?, ?, ?, ?)"),
                        [(day, kind, country, count, count) for (day, kind, country), count in rollup.items()])
    with store._conn() as conn:
        store._x(conn, "ANALYZE")
    elapsed = time.perf_counter() - t
    return {"seconds": elapsed, "rate": n / elapsed}


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

    out["query country+type+30 days"] = timed(filtered, repeats)
    out["query country+90 days"] = timed(filtered_90, repeats)
    out["day x type rollup, all"] = timed(lambda: store.aggregate_daily(), max(5, repeats // 20))
    out["day x type rollup, 1 country"] = timed(lambda: store.aggregate_daily(country=rng.choice(COUNTRIES)[0]),
                                                repeats)
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


def run(url: str, n: int, ingest_n: int, batch: int, repeats: int, label: str) -> None:
    print(f"\n== {label}: {n:,} synthetic events ({url.split('@')[-1]})", flush=True)
    with open_store(url) as store:
        if n > ingest_n:
            fill = bulk_fill(store, n - ingest_n)
            print(f"bulk load (direct inserts, no dedup): {n - ingest_n:,} events in {fill['seconds']:.1f} s "
                  f"({fill['rate']:,.0f} events/s)", flush=True)
        ing = bench_ingest(store, min(n, ingest_n), batch)
        counts = store.stats()
        print(f"ingest via Store.add_articles (dedup, mentions, codes, FTS, rollup), last {min(n, ingest_n):,} events "
              f"on top of the store: {ing['rate']:,.0f} events/s ({ing['seconds']:.1f} s; {ing['events_merged']:,} merged)",
              flush=True)
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
    args = parser.parse_args()
    print(f"tocsin store benchmark: python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    if args.backend in ("sqlite", "both"):
        folder = Path(args.dir or tempfile.mkdtemp(prefix="tocsin-perf-"))
        path = folder / "perf.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        run(f"sqlite:///{path}", args.n, args.ingest_n, args.batch, args.repeats, "SQLite")
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
