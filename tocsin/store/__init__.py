"""Event store: SQLite (embedded default, WAL, FTS5) or PostgreSQL (psycopg 3, tsvector).

    from tocsin.store import open_store
    store = open_store()   # $TOCSIN_DB or sqlite:///tocsin.db
"""
from tocsin.store.migrations import LATEST as SCHEMA_LATEST
from tocsin.store.migrations import MIGRATIONS
from tocsin.store.store import (
           DEFAULT_URL,
           SORTS,
           EventQuery,
           IngestStats,
           Page,
           Store,
           default_url,
           mention_id,
           open_store,
)

__all__ = [
           "DEFAULT_URL",
           "MIGRATIONS",
           "SCHEMA_LATEST",
           "SORTS",
           "EventQuery",
           "IngestStats",
           "Page",
           "Store",
           "default_url",
           "mention_id",
           "open_store",
]
