"""Numbered schema migrations, one portable schema for SQLite and PostgreSQL.

Each migration is a list of SQL statements, shared by both dialects (``common``) or
given per dialect where they differ (full-text search). ``schema_version`` records
which numbers are applied; ``migrate`` applies the missing ones in order, each in
its own transaction. Add a migration by appending to ``MIGRATIONS``; never edit an
applied one.

Types are chosen to mean the same in both: TEXT (dates as ISO ``YYYY-MM-DD`` text,
JSON as text), INTEGER, DOUBLE PRECISION.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    common: tuple[str, ...] = ()
    sqlite: tuple[str, ...] = ()
    postgresql: tuple[str, ...] = ()

    def statements(self, dialect: str) -> tuple[str, ...]:
        return self.common + getattr(self, dialect)


SCHEMA_VERSION_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

# Fill the rollups from ``events`` (migration 5, ``Store.rebuild_rollups`` after a bulk load).
ROLLUP_FILL = (
    """INSERT INTO rollup_country_day (country, day, event_type, status, events, mentions)
       SELECT COALESCE(country, ''), COALESCE(date, ''), event_type, status, COUNT(*), SUM(mention_count)
       FROM events GROUP BY COALESCE(country, ''), COALESCE(date, ''), event_type, status""",
    """INSERT INTO rollup_day (day, event_type, status, events, mentions)
       SELECT day, event_type, status, SUM(events), SUM(mentions)
       FROM rollup_country_day GROUP BY day, event_type, status""",
    """INSERT INTO rollup_country (country, event_type, status, events, mentions)
       SELECT country, event_type, status, SUM(events), SUM(mentions)
       FROM rollup_country_day GROUP BY country, event_type, status""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, canonical events, mentions, codes, daily rollup", common=(
        """CREATE TABLE articles (
            content_hash TEXT PRIMARY KEY,
            id TEXT NOT NULL,
            source TEXT,
            url TEXT,
            title TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            n_events INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_by_id ON articles (id)",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            event_type TEXT NOT NULL,
            mode TEXT,
            status TEXT NOT NULL,
            context TEXT NOT NULL,
            actor TEXT NOT NULL,
            recipient TEXT NOT NULL,
            date TEXT,
            time TEXT,
            location TEXT,
            place_name TEXT,
            country TEXT,
            geonameid TEXT,
            lat DOUBLE PRECISION,
            lon DOUBLE PRECISION,
            size TEXT NOT NULL,
            event_text TEXT NOT NULL,
            trigger TEXT,
            confidence DOUBLE PRECISION NOT NULL,
            mention_count INTEGER NOT NULL,
            source_count INTEGER NOT NULL,
            article_count INTEGER NOT NULL,
            representative TEXT NOT NULL,
            block_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX events_by_block ON events (block_key)",
        "CREATE INDEX events_by_date ON events (date)",
        "CREATE INDEX events_by_country_date ON events (country, date)",
        "CREATE INDEX events_by_type_date ON events (event_type, date)",
        "CREATE INDEX events_by_place ON events (geonameid)",
        """CREATE TABLE event_codes (
            event_id TEXT NOT NULL REFERENCES events (id),
            role TEXT NOT NULL,
            code TEXT NOT NULL,
            sector TEXT NOT NULL,
            PRIMARY KEY (event_id, role, code, sector)
        )""",
        "CREATE INDEX event_codes_by_code ON event_codes (role, code)",
        "CREATE INDEX event_codes_by_sector ON event_codes (sector)",
        """CREATE TABLE mentions (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events (id),
            article_hash TEXT NOT NULL REFERENCES articles (content_hash),
            article_id TEXT NOT NULL,
            source TEXT,
            published TEXT,
            span_start INTEGER,
            span_end INTEGER,
            event_text TEXT NOT NULL,
            date TEXT,
            confidence DOUBLE PRECISION NOT NULL,
            record TEXT NOT NULL,
            why TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_by_event ON mentions (event_id)",
        "CREATE INDEX mentions_by_article ON mentions (article_hash)",
        """CREATE TABLE daily_counts (
            day TEXT NOT NULL,
            event_type TEXT NOT NULL,
            country TEXT NOT NULL,
            events INTEGER NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (day, event_type, country)
        )""",
    )),
    Migration(2, "full-text search on evidence text", sqlite=(
        """CREATE VIRTUAL TABLE evidence_fts USING fts5(
            text, event_id UNINDEXED, mention_id UNINDEXED, tokenize = 'porter unicode61'
        )""",
    ), postgresql=(
        """ALTER TABLE mentions ADD COLUMN tsv tsvector
            GENERATED ALWAYS AS (to_tsvector('english', coalesce(event_text, ''))) STORED""",
        "CREATE INDEX mentions_tsv ON mentions USING gin (tsv)",
    )),
    # measured on 1M events (benchmarks/store_perf.py): the dashboard timeline 5.9 s -> 1.5 s,
    # /events sorted by date 478 ms -> 8 ms
    Migration(3, "indexes for the dashboard timeline and date-sorted pages", common=(
        "CREATE INDEX events_by_day_type_status ON events (date, event_type, status, mention_count)",
        "CREATE INDEX events_by_sortdate ON events (COALESCE(date, ''), id)",
    )),
    # an article in a language no coder handles is kept, flagged, and can be coded later
    Migration(4, "articles: whether a coder handled the article", common=(
        "ALTER TABLE articles ADD COLUMN coded INTEGER NOT NULL DEFAULT 1",
        "CREATE INDEX articles_not_coded ON articles (coded) WHERE coded = 0",
    )),
    # measured on 10M events (benchmarks/store_perf.py): the unfiltered day x type rollup and the
    # dashboard timeline read thousands of rollup rows instead of millions; the country list reads
    # a few hundred; the map's most-mentioned points come off an index instead of a sort
    Migration(5, "status-aware rollups by day, country x day and country; indexes for the map", common=(
        """CREATE TABLE rollup_country_day (
            country TEXT NOT NULL,
            day TEXT NOT NULL,
            event_type TEXT NOT NULL,
            status TEXT NOT NULL,
            events INTEGER NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (country, day, event_type, status)
        )""",
        "CREATE INDEX rollup_country_day_by_day ON rollup_country_day (day)",
        """CREATE TABLE rollup_day (
            day TEXT NOT NULL,
            event_type TEXT NOT NULL,
            status TEXT NOT NULL,
            events INTEGER NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (day, event_type, status)
        )""",
        """CREATE TABLE rollup_country (
            country TEXT NOT NULL,
            event_type TEXT NOT NULL,
            status TEXT NOT NULL,
            events INTEGER NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (country, event_type, status)
        )""",
        *ROLLUP_FILL,
        "DROP TABLE daily_counts",
        "CREATE INDEX events_by_mentions ON events (mention_count, id)",
        "CREATE INDEX events_by_country_mentions ON events (country, mention_count, id)",
    )),
    # pages are sorted by COALESCE(date, ''), id (a cursor needs a total order, dates may be
    # null): filtered pages walk these in order and stop at the page size instead of sorting
    # every match (country + 90 days on 10M events: see benchmarks/store_perf.py)
    Migration(6, "indexes for filtered, date-sorted pages", common=(
        "CREATE INDEX events_by_country_sortdate ON events (country, COALESCE(date, ''), id)",
        "CREATE INDEX events_by_type_sortdate ON events (event_type, COALESCE(date, ''), id)",
        "CREATE INDEX events_by_mode_sortdate ON events (mode, COALESCE(date, ''), id)",
    )),
    # a role the coder filled in (Actor.inferred: a protest's default target) still serves the
    # filters, but is no evidence for dedup that two reports are one event
    Migration(7, "event_codes: whether the code was inferred rather than named", common=(
        "ALTER TABLE event_codes ADD COLUMN inferred INTEGER NOT NULL DEFAULT 0",
    )),
)

# The rollup tables, finest first: (table, key columns). Every change to a canonical event
# moves its counts in all three (Store._rollup).
ROLLUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rollup_country_day", ("country", "day", "event_type", "status")),
    ("rollup_day", ("day", "event_type", "status")),
    ("rollup_country", ("country", "event_type", "status")),
)

LATEST = MIGRATIONS[-1].version
