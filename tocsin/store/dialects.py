"""What differs between SQLite and PostgreSQL: connecting, parameters, locking, full-text search.

Store code writes SQL once with ``?`` parameters; the PostgreSQL dialect rewrites them
to psycopg's ``%s``.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any
from urllib.parse import unquote, urlsplit

_FTS_WORD = re.compile(r"[^\W_]+", re.UNICODE)
CACHE_KIB = 128 * 1024     # page cache per connection (allocated as used)
MMAP_BYTES = 1 << 30       # reads through the OS page cache without copying


def _dict_factory(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row)}


class _Bins:
    """Timeline bins in SQL: only the Monday of a week is spelt differently per database."""

    WEEK_START = "{c}"

    def bin_start(self, column: str, unit: str) -> str:
        """SQL for the first day (ISO text) of the week (Monday) or month holding ISO day ``column``."""
        if unit == "week":
            return self.WEEK_START.format(c=column)
        if unit == "month":
            return f"substr({column}, 1, 7) || '-01'"
        return column


class SQLiteDialect(_Bins):
    """Embedded default: one file, WAL journal (readers never block the writer), FTS5."""

    name = "sqlite"
    WEEK_START = "date({c}, '-' || ((CAST(strftime('%w', {c}) AS INTEGER) + 6) % 7) || ' days')"

    def __init__(self, url: str) -> None:
        self.url = url
        rest = url[len("sqlite:"):]
        if rest in ("", "//", "///:memory:", "//:memory:"):
            self.path = ":memory:"
        elif rest.startswith("///"):
            self.path = unquote(rest[3:])
        elif rest.startswith("//"):
            raise ValueError(f"bad SQLite URL {url!r}: use sqlite:///relative.db or sqlite:////absolute.db")
        else:
            self.path = unquote(rest)
        self.memory = self.path == ":memory:"

    def connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30.0)
        conn.row_factory = _dict_factory
        if not self.memory:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # SQLite's default 2 MB page cache misses on every insert into the content-hash and id
            # indexes once a store passes ~50k articles (ingest 240 -> see benchmarks/store_perf.py)
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def sql(self, text: str) -> str:
        return text

    def begin_write(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")  # take the write lock now: dedup reads then writes

    def fts_match(self, q: str) -> tuple[str, list[Any]] | None:
        """SQL selecting event ids whose evidence matches every word of ``q`` (stemmed)."""
        words = _FTS_WORD.findall(q)
        if not words:
            return None
        expr = " ".join('"' + w.replace('"', "") + '"' for w in words)
        return "SELECT event_id FROM evidence_fts WHERE evidence_fts MATCH ?", [expr]

    def fts_index(self, conn: Any, mention_id: str, event_id: str, text: str) -> None:
        conn.execute("INSERT INTO evidence_fts (text, event_id, mention_id) VALUES (?, ?, ?)",
                     (text, event_id, mention_id))


class PostgresDialect(_Bins):
    """Server database via psycopg 3: ``tsvector`` search on evidence; an advisory lock serialises ingest."""

    name = "postgresql"
    WEEK_START = "to_char(date_trunc('week', CAST({c} AS date)), 'YYYY-MM-DD')"
    memory = False
    INGEST_LOCK = 0x70C5  # pg_advisory_xact_lock key: one deduplicating writer at a time

    def __init__(self, url: str) -> None:
        scheme = urlsplit(url).scheme
        if "+" in scheme:  # postgresql+psycopg://
            url = "postgresql" + url[len(scheme):]
        self.url = url

    def connect(self) -> Any:
        import psycopg
        from psycopg.rows import dict_row

        return psycopg.connect(self.url, autocommit=True, row_factory=dict_row)

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")

    def begin_write(self, conn: Any) -> None:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.INGEST_LOCK,))

    def fts_match(self, q: str) -> tuple[str, list[Any]] | None:
        words = _FTS_WORD.findall(q)
        if not words:
            return None
        return ("SELECT event_id FROM mentions WHERE tsv @@ plainto_tsquery('english', ?)",
                [" ".join(words)])

    def fts_index(self, conn: Any, mention_id: str, event_id: str, text: str) -> None:
        return None  # the generated tsv column indexes itself


def dialect_for(url: str) -> SQLiteDialect | PostgresDialect:
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return SQLiteDialect(url)
    if scheme.startswith("postgres"):
        return PostgresDialect(url)
    raise ValueError(f"unsupported store URL {url!r}: use sqlite:///path.db or postgresql://...")
