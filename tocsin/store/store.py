"""The event store: coded articles in, deduplicated canonical events with their mentions out.

    store = open_store("sqlite:///tocsin.db")      # or postgresql://user@host/db
    stats = store.add_articles(pipeline(articles))  # one transaction per batch
    page = store.query_events(country="POL", event_type="PROTEST", start="2021-03-01")
    event = store.get_event(page.items[0]["id"])    # with every mention and the merge "why"

Tables (``tocsin.store.migrations``): ``articles`` keyed by content hash (the same
story ingested twice is stored once), ``events`` (canonical events after dedup),
``mentions`` (each coded event record, pointing at its canonical event and article),
``event_codes`` (actor/recipient codes and sectors of all mentions, for filtering) and
three rollups of canonical events and mentions per event type and status, kept up to date
at ingest: by country x day, by day, and by country (``migrations.ROLLUPS``), so charts and
counts read thousands of rows, not millions.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any, Self

from tocsin.dedup import (
    DedupConfig,
    Deduplicator,
    Sketch,
    merged_confidence,
    sketch_event,
    sketch_record,
)
from tocsin.model import Article
from tocsin.store.dialects import dialect_for
from tocsin.store.migrations import MIGRATIONS, ROLLUP_FILL, ROLLUPS, SCHEMA_VERSION_DDL

DEFAULT_URL = "sqlite:///tocsin.db"

# a code or sector with at least this many stored events is filtered per event, not by its list
COMMON_CODE_EVENTS = 20_000

SORTS = {
    "date": "COALESCE(e.date, '')",
    "confidence": "e.confidence",
    "mentions": "e.mention_count",
    "sources": "e.source_count",
    "updated": "e.updated_at",
}


def default_url() -> str:
    return os.environ.get("TOCSIN_DB") or DEFAULT_URL


def open_store(url: str | None = None, *, dedup: DedupConfig | None = None, migrate: bool = True) -> Store:
    """Open (and create or migrate) the store at ``url``; default ``$TOCSIN_DB`` or ``sqlite:///tocsin.db``."""
    return Store(url or default_url(), dedup=dedup, migrate=migrate)


@dataclass
class IngestStats:
    articles_added: int = 0
    articles_skipped: int = 0  # already stored (same content hash)
    mentions: int = 0
    events_new: int = 0
    events_merged: int = 0  # mentions that joined an existing canonical event
    batches: int = 0

    def add(self, other: IngestStats) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _as_list(value: Any) -> list[str] | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return date.fromisoformat(str(value)[:10]).isoformat()


@dataclass
class EventQuery:
    """Filters, sort and page of ``Store.query_events``; list filters match any of their values."""

    start: str | None = None          # date >= start (YYYY-MM-DD)
    end: str | None = None            # date <= end
    country: list[str] | None = None  # ISO3 of the canonical event's place
    event_type: list[str] | None = None
    mode: list[str] | None = None
    status: list[str] | None = None
    actor: list[str] | None = None      # actor code of any mention (ISO3 or organisation)
    recipient: list[str] | None = None  # recipient code of any mention
    sector: list[str] | None = None     # sector of an actor or recipient of any mention
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    q: str | None = None                # full-text search on the evidence of any mention
    min_mentions: int | None = None
    sort: str = "-date"                 # date, confidence, mentions, sources, updated; "-" = descending
    limit: int = 50
    cursor: str | None = None

    def __post_init__(self) -> None:
        for name in ("country", "event_type", "mode", "status", "actor", "recipient", "sector"):
            setattr(self, name, _as_list(getattr(self, name)))
        self.start, self.end = _iso(self.start), _iso(self.end)
        if isinstance(self.bbox, str):
            self.bbox = tuple(float(x) for x in self.bbox.split(","))  # type: ignore[assignment]
        if self.bbox is not None and len(self.bbox) != 4:
            raise ValueError("bbox is min_lon,min_lat,max_lon,max_lat")
        if self.sort.lstrip("-") not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}: one of {', '.join(SORTS)} (prefix - for descending)")
        self.limit = max(1, min(int(self.limit), 1000))


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next_cursor": self.next_cursor}


def _encode_cursor(sort: str, value: Any, ident: str) -> str:
    raw = json.dumps([sort, value, ident], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, value, ident = json.loads(raw)
    except Exception:  # noqa: BLE001 - any malformed cursor is the caller's error
        raise ValueError("malformed cursor") from None
    if got_sort != sort:
        raise ValueError("cursor was made for another sort order")
    return value, ident


def mention_id(content_hash: str, event_id: str) -> str:
    """Id of the mention of coded event ``event_id`` in the article with ``content_hash``."""
    return "mn-" + hashlib.sha1(f"{content_hash}|{event_id}".encode()).hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# the columns of ``events`` that follow from its representative mention (Store._event_values)
_EVENT_COLUMNS = ("event_type", "mode", "status", "context", "actor", "recipient", "date", "time", "location",
                  "place_name", "country", "geonameid", "lat", "lon", "size", "event_text", "trigger", "confidence",
                  "mention_count", "source_count", "article_count", "representative", "block_key", "updated_at")
_DATE = _EVENT_COLUMNS.index("date")


class Store:
    """One interface over SQLite and PostgreSQL (see module docstring); safe to share between threads."""

    def __init__(self, url: str, *, dedup: DedupConfig | None = None, migrate: bool = True) -> None:
        self.url = url
        self.dialect = dialect_for(url)
        self.dedup = Deduplicator(dedup)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._all: list[Any] = []
        self._shared = self.dialect.connect() if self.dialect.memory else None
        if self._shared is not None:
            self._all.append(self._shared)
        if migrate:
            self.migrate()

    # -- connections and transactions -------------------------------------------------------
    @contextmanager
    def _conn(self) -> Iterator[Any]:
        if self._shared is not None:
            with self._lock:
                yield self._shared
            return
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.dialect.connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        yield conn

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A write transaction: committed when the block ends, rolled back on any exception."""
        with self._conn() as conn:
            self.dialect.begin_write(conn)
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _x(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        return conn.execute(self.dialect.sql(sql), tuple(params))

    def _all_rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._conn() as conn:
            return list(self._x(conn, sql, params).fetchall())

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with suppress(Exception):  # closing is best effort
                    conn.close()
            self._all.clear()
            self._local = threading.local()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        rows = self._all_rows("SELECT MAX(version) AS v FROM schema_version")
        return int(rows[0]["v"] or 0)

    def migrate(self) -> list[int]:
        """Apply missing migrations in order; returns the versions applied now."""
        with self._conn() as conn:
            self._x(conn, SCHEMA_VERSION_DDL)
        applied = []
        for migration in MIGRATIONS:
            with self.transaction() as conn:  # takes the write lock: concurrent openers wait
                row = self._x(conn, "SELECT 1 AS x FROM schema_version WHERE version = ?",
                              (migration.version,)).fetchone()
                if row:
                    continue
                for statement in migration.statements(self.dialect.name):
                    self._x(conn, statement)
                self._x(conn, "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                        (migration.version, migration.description, _now()))
                applied.append(migration.version)
        if applied:
            self.analyze()
        return applied

    def analyze(self) -> None:
        """Refresh the planner's statistics (sampled on SQLite: seconds even at 10M events).

        Without them a new index looks perfectly selective and wins plans it should not:
        measured on 10M events, a country's map points 830 ms before, 32 ms after.
        """
        with self._conn() as conn:
            if self.dialect.name == "sqlite":
                self._x(conn, "PRAGMA analysis_limit = 1000")
            self._x(conn, "ANALYZE")

    def rebuild_rollups(self) -> None:
        """Recount every rollup from the events table (after a bulk load or a repair); one transaction."""
        with self.transaction() as conn:
            for table, _ in ROLLUPS:
                self._x(conn, f"DELETE FROM {table}")
            for statement in ROLLUP_FILL:
                self._x(conn, statement)

    # -- ingest -----------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article], *, batch_size: int = 100) -> IngestStats:
        """Store coded articles and their events, deduplicating events into canonical ones.

        Each batch of ``batch_size`` articles is one transaction: it is stored whole or,
        if anything raises, not at all. Articles already stored (same content hash) are
        skipped with their events, so re-ingesting is harmless.
        """
        total = IngestStats()
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                total.add(self._add_batch(batch))
                batch = []
        if batch:
            total.add(self._add_batch(batch))
        return total

    def _add_batch(self, batch: list[Article]) -> IngestStats:
        stats = IngestStats(batches=1)
        with self.transaction() as conn:
            for article in batch:
                self._add_article(conn, article, stats)
        return stats

    def _add_article(self, conn: Any, article: Article, stats: IngestStats) -> None:
        chash = article.content_hash
        published = article.published.isoformat() if article.published else None
        coded = 0 if article.extra.get("coded") is False else 1  # LanguageRouter: no coder for it
        row = self._x(conn, """INSERT INTO articles (content_hash, id, source, url, title, published, language,
                                   text, n_events, ingested_at, coded)
                               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                               ON CONFLICT (content_hash) DO NOTHING RETURNING content_hash""",
                      (chash, article.id, article.source, article.url, article.title, published,
                       article.language, article.text, len(article.events), _now(), coded)).fetchone()
        if row is None:
            stats.articles_skipped += 1
            return
        stats.articles_added += 1
        seen: set[str] = set()
        for event in article.events:
            mid = mention_id(chash, event.id)
            if mid in seen:
                continue
            seen.add(mid)
            record = event.as_dict()
            if event.location is not None and event.location.feature:
                record["location"]["feature"] = event.location.feature
            sketch = sketch_event(event, published=article.published, mention_id=mid)
            self._add_mention(conn, article, chash, mid, record, sketch, stats)

    def _candidates(self, conn: Any, sketch: Sketch) -> list[Sketch]:
        keys = self.dedup.candidate_keys(sketch)
        rows = self._x(conn, f"SELECT * FROM events WHERE block_key IN ({','.join('?' * len(keys))})",
                       keys).fetchall()
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))
        codes: dict[str, list[dict[str, Any]]] = {}
        for c in self._x(conn, f"SELECT * FROM event_codes WHERE event_id IN ({marks})", ids).fetchall():
            codes.setdefault(c["event_id"], []).append(c)
        texts: dict[str, list[tuple[str, str]]] = {}
        for m in self._x(conn, f"SELECT id, event_id, event_text FROM mentions WHERE event_id IN ({marks})",
                         ids).fetchall():
            texts.setdefault(m["event_id"], []).append((m["id"], m["event_text"]))
        out = []
        for r in rows:
            sk = sketch_record(self._record_of_row(r), mention_id=r["id"])
            cs = [c for c in codes.get(r["id"], []) if not c["inferred"]]  # see Actor.inferred
            sk.actor_codes = frozenset(c["code"] for c in cs if c["role"] == "actor" and c["code"])
            sk.recipient_codes = frozenset(c["code"] for c in cs if c["role"] == "recipient" and c["code"])
            sk.actor_sectors = frozenset(c["sector"] for c in cs if c["role"] == "actor" and c["sector"])
            sk.recipient_sectors = frozenset(c["sector"] for c in cs if c["role"] == "recipient" and c["sector"])
            sk.texts = texts.get(r["id"], [])
            out.append(sk)
        return out

    def _add_mention(self, conn: Any, article: Article, chash: str, mention_id: str,
                     record: dict[str, Any], sketch: Sketch, stats: IngestStats) -> None:
        best, rejected = self.dedup.best_match(sketch, self._candidates(conn, sketch))
        stats.mentions += 1
        published = article.published.isoformat() if article.published else None
        if best is not None:
            event_id = best.why["event_id"]
            why: dict[str, Any] = best.why
            stats.events_merged += 1
        else:
            event_id = "ce-" + hashlib.sha1(mention_id.encode()).hexdigest()[:16]
            why = {"event_id": event_id, "mention_id": mention_id, "merged": False,
                   "summary": "first report of this event" + (
                       f"; closest stored event {rejected.why['event_id']} " + rejected.why["summary"]
                       if rejected else ""),
                   "closest": rejected.why if rejected else None}
            stats.events_new += 1
            # the first report is the whole event: written once, no read-back
            now = _now()
            conf = merged_confidence([float(record["confidence"])], self.dedup.config.cap)
            values = self._event_values(record, published, conf, (1, 1, 1), mention_id)
            self._x(conn, f"""INSERT INTO events ({', '.join(_EVENT_COLUMNS)}, id, created_at)
                              VALUES ({', '.join('?' * (len(_EVENT_COLUMNS) + 2))})""",
                    (*values, event_id, now))
        self._x(conn, """INSERT INTO mentions (id, event_id, article_hash, article_id, source, published,
                             span_start, span_end, event_text, date, confidence, record, why, created_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (mention_id, event_id, chash, article.id, article.source, published,
                 record["span"][0], record["span"][1], record["event_text"],
                 sketch.day.isoformat() if sketch.day else None, float(record["confidence"]),
                 _j(record), _j(why), _now()))
        self.dialect.fts_index(conn, mention_id, event_id, record["event_text"])
        for role in ("actor", "recipient"):
            for actor in record.get(role) or []:
                if actor.get("code") or actor.get("sector"):
                    # named by any report beats inferred by the coder
                    self._x(conn, """INSERT INTO event_codes (event_id, role, code, sector, inferred)
                                     VALUES (?, ?, ?, ?, ?)
                                     ON CONFLICT (event_id, role, code, sector) DO UPDATE SET inferred =
                                     CASE WHEN excluded.inferred < event_codes.inferred
                                          THEN excluded.inferred ELSE event_codes.inferred END""",
                            (event_id, role, actor.get("code") or "", actor.get("sector") or "",
                             1 if actor.get("inferred") else 0))
        if best is None:
            loc = record.get("location") or {}
            self._rollup(conn, (loc.get("country") or "", values[_DATE] or "", record["event_type"], record["status"]),
                         1, 1)
        else:
            self._refresh_event(conn, event_id)

    def _event_values(self, rec: dict[str, Any], published: str | None, confidence: float,
                      counts: tuple[int, int, int], representative: str) -> tuple[Any, ...]:
        """The ``_EVENT_COLUMNS`` values of a canonical event told best by mention record ``rec``."""
        sk = sketch_record(rec, published=published)
        loc = rec.get("location") or {}
        return (rec["event_type"], rec.get("mode"), rec["status"], _j(rec.get("context") or []),
                _j(rec.get("actor") or []), _j(rec.get("recipient") or []),
                sk.day.isoformat() if sk.day else None, rec.get("time"), _j(loc) if loc else None,
                loc.get("name") or loc.get("text"), loc.get("country"),
                str(loc["geonameid"]) if loc.get("geonameid") else None, loc.get("lat"), loc.get("lon"),
                _j(rec.get("size") or {}), rec["event_text"], rec.get("trigger"), confidence, *counts,
                representative, self.dedup.block_key(sk), _now())

    def _refresh_event(self, conn: Any, event_id: str) -> None:
        """Recompute a canonical event from its mentions and move its rollup counts."""
        old = self._x(conn, "SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        mentions = self._x(conn, """SELECT id, article_hash, source, confidence, record, published
                                    FROM mentions WHERE event_id = ? ORDER BY created_at, id""",
                           (event_id,)).fetchall()
        rep = max(mentions, key=lambda m: float(m["confidence"]))  # first of the most confident
        rec = json.loads(rep["record"])
        per_article: dict[str, float] = {}
        for m in mentions:
            per_article[m["article_hash"]] = max(per_article.get(m["article_hash"], 0.0), float(m["confidence"]))
        sources = {m["source"] or m["article_hash"] for m in mentions}
        values = self._event_values(rec, rep["published"],
                                    merged_confidence(per_article.values(), self.dedup.config.cap),
                                    (len(mentions), len(sources), len(per_article)), rep["id"])
        self._x(conn, f"UPDATE events SET {', '.join(c + ' = ?' for c in _EVENT_COLUMNS)} WHERE id = ?",
                (*values, event_id))
        loc = rec.get("location") or {}
        new_key = (loc.get("country") or "", values[_DATE] or "", rec["event_type"], rec["status"])
        old_key = (old["country"] or "", old["date"] or "", old["event_type"], old["status"])
        if old_key == new_key:
            self._rollup(conn, new_key, 0, len(mentions) - int(old["mention_count"]))
        else:
            self._rollup(conn, old_key, -1, -int(old["mention_count"]))
            self._rollup(conn, new_key, 1, len(mentions))

    def _rollup(self, conn: Any, key: tuple[str, str, str, str], events: int, mentions: int) -> None:
        """Move the counts of (country, day, event_type, status) in every rollup table."""
        values = dict(zip(("country", "day", "event_type", "status"), key))
        for table, columns in ROLLUPS:
            self._x(conn, f"""INSERT INTO {table} ({', '.join(columns)}, events, mentions)
                              VALUES ({', '.join('?' * len(columns))}, ?, ?)
                              ON CONFLICT ({', '.join(columns)}) DO UPDATE
                              SET events = {table}.events + excluded.events,
                                  mentions = {table}.mentions + excluded.mentions""",
                    (*(values[c] for c in columns), events, mentions))

    # -- reading ----------------------------------------------------------------------------
    @staticmethod
    def _record_of_row(r: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": r["id"], "event_type": r["event_type"], "mode": r["mode"],
            "context": json.loads(r["context"]), "status": r["status"],
            "actor": json.loads(r["actor"]), "recipient": json.loads(r["recipient"]),
            "date": r["date"], "time": r["time"],
            "location": json.loads(r["location"]) if r["location"] else None,
            "size": json.loads(r["size"]), "event_text": r["event_text"], "trigger": r["trigger"],
            "confidence": round(float(r["confidence"]), 3),
        }

    def _event_dict(self, r: dict[str, Any], codes: list[dict[str, Any]]) -> dict[str, Any]:
        out = self._record_of_row(r)
        out.update({
            "mention_count": int(r["mention_count"]), "source_count": int(r["source_count"]),
            "article_count": int(r["article_count"]),
            "actor_codes": sorted({c["code"] for c in codes if c["role"] == "actor" and c["code"]}),
            "recipient_codes": sorted({c["code"] for c in codes if c["role"] == "recipient" and c["code"]}),
            "sectors": sorted({c["sector"] for c in codes if c["sector"]}),
            "created_at": r["created_at"], "updated_at": r["updated_at"],
        })
        return out

    def _codes_for(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        if not ids:
            return out
        rows = self._all_rows(f"SELECT * FROM event_codes WHERE event_id IN ({','.join('?' * len(ids))})", ids)
        for c in rows:
            out.setdefault(c["event_id"], []).append(c)
        return out

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """A canonical event with ``mentions`` (evidence, article, original record, ``why``) and ``merges``."""
        rows = self._all_rows("SELECT * FROM events WHERE id = ?", (event_id,))
        if not rows:
            return None
        out = self._event_dict(rows[0], self._codes_for([event_id]).get(event_id, []))
        mentions = []
        for m in self._all_rows("""SELECT m.*, a.url, a.title FROM mentions m
                                   JOIN articles a ON a.content_hash = m.article_hash
                                   WHERE m.event_id = ? ORDER BY m.created_at, m.id""", (event_id,)):
            mentions.append({
                "id": m["id"], "article_id": m["article_id"], "article_hash": m["article_hash"],
                "source": m["source"], "published": m["published"], "url": m["url"], "title": m["title"],
                "span": [m["span_start"], m["span_end"]], "event_text": m["event_text"], "date": m["date"],
                "confidence": round(float(m["confidence"]), 3),
                "record": json.loads(m["record"]), "why": json.loads(m["why"]) if m["why"] else None,
                "representative": m["id"] == rows[0]["representative"],
            })
        out["mentions"] = mentions
        out["merges"] = [m["why"] for m in mentions if m["why"] and m["why"].get("merged")]
        return out

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """An article by its id or content hash (the latest ingested, if ids repeat), with its mentions."""
        rows = self._all_rows("""SELECT * FROM articles WHERE content_hash = ? OR id = ?
                                 ORDER BY ingested_at DESC""", (article_id, article_id))
        if not rows:
            return None
        a = rows[0]
        mentions = self._all_rows("""SELECT id, event_id, span_start, span_end, event_text, confidence
                                     FROM mentions WHERE article_hash = ? ORDER BY span_start, id""",
                                  (a["content_hash"],))
        return {
            "id": a["id"], "content_hash": a["content_hash"], "source": a["source"], "url": a["url"],
            "title": a["title"], "published": a["published"], "language": a["language"], "text": a["text"],
            "ingested_at": a["ingested_at"], "coded": bool(a["coded"]),
            "mentions": [{"id": m["id"], "event_id": m["event_id"], "span": [m["span_start"], m["span_end"]],
                          "event_text": m["event_text"], "confidence": round(float(m["confidence"]), 3)}
                         for m in mentions],
        }

    def _where(self, q: EventQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: list[str] | None) -> None:
            if values:
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)

        # written on the sort key COALESCE(date, '') so the date-sorted indexes serve the range too
        if q.start:
            where.append("COALESCE(e.date, '') >= ?")
            params.append(q.start)
        if q.end:
            where.append("COALESCE(e.date, '') <= ? AND e.date IS NOT NULL")
            params.append(q.end)
        any_of("e.country", q.country)
        any_of("e.event_type", q.event_type)
        any_of("e.mode", q.mode)
        any_of("e.status", q.status)
        for role, values in (("actor", q.actor), ("recipient", q.recipient)):
            if values:
                self._code_filter(where, params, f"role = '{role}' AND code IN ({','.join('?' * len(values))})",
                                  values)
        if q.sector:
            self._code_filter(where, params, f"sector IN ({','.join('?' * len(q.sector))})", q.sector)
        if q.bbox:
            min_lon, min_lat, max_lon, max_lat = q.bbox
            where.append("e.lon >= ? AND e.lon <= ? AND e.lat >= ? AND e.lat <= ?")
            params.extend([min_lon, max_lon, min_lat, max_lat])
        if q.min_mentions:
            # most events have one mention: "reported at least n times" is usually a short list,
            # read off the mentions index rather than found by scanning every page in date order
            probe = self._all_rows("SELECT COUNT(*) AS n FROM (SELECT 1 FROM events WHERE mention_count >= ? "
                                   "LIMIT ?) AS p", [int(q.min_mentions), COMMON_CODE_EVENTS])
            if int(probe[0]["n"]) < COMMON_CODE_EVENTS:
                where.append("e.id IN (SELECT id FROM events WHERE mention_count >= ?)")
            else:
                where.append("e.mention_count >= ?")
            params.append(int(q.min_mentions))
        if q.q:
            fts = self.dialect.fts_match(q.q)
            if fts is None:
                where.append("1 = 0")
            else:
                where.append(f"e.id IN ({fts[0]})")
                params.extend(fts[1])
        return where, params

    def _code_filter(self, where: list[str], params: list[Any], condition: str, values: list[str]) -> None:
        """Events with an actor/recipient code or sector matching ``condition``, in the cheaper of two forms.

        A rare code (a few thousand events) is fastest as the list of its events looked up by
        id; a common one (GOV, or RUS in a Russia-heavy store: millions) is fastest checked per
        event while the date-ordered scan stops at the page size. Which one it is, a bounded
        probe of the code index tells (measured on 200k events: sector=GOV 2.4 s -> see
        benchmarks/store_perf.py).
        """
        probe = self._all_rows(f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM event_codes WHERE {condition} LIMIT ?) AS p",
                               [*values, COMMON_CODE_EVENTS])
        if int(probe[0]["n"]) < COMMON_CODE_EVENTS:
            where.append(f"e.id IN (SELECT event_id FROM event_codes WHERE {condition})")
        else:
            where.append(f"EXISTS (SELECT 1 FROM event_codes c WHERE c.event_id = e.id AND {condition})")
        params.extend(values)

    def query_events(self, query: EventQuery | None = None, **filters: Any) -> Page:
        """Canonical events matching the filters (see ``EventQuery``), one page at a time.

        Pagination is by cursor (keyset): pass ``page.next_cursor`` back as ``cursor``
        with the same filters and sort; pages stay stable while new events arrive.
        """
        q = query or EventQuery(**filters)
        where, params = self._where(q)
        desc = q.sort.startswith("-")
        name = q.sort.lstrip("-")
        expr = SORTS[name]
        if q.cursor:
            value, ident = _decode_cursor(q.cursor, q.sort)
            op = "<" if desc else ">"
            where.append(f"({expr} {op} ? OR ({expr} = ? AND e.id {op} ?))")
            params.extend([value, value, ident])
        order = "DESC" if desc else "ASC"
        sql = (f"SELECT e.*, {expr} AS sort_value FROM events e"
               + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {expr} {order}, e.id {order} LIMIT ?")
        rows = self._all_rows(sql, [*params, q.limit + 1])
        more = len(rows) > q.limit
        rows = rows[: q.limit]
        codes = self._codes_for([r["id"] for r in rows])
        items = [self._event_dict(r, codes.get(r["id"], [])) for r in rows]
        cursor = _encode_cursor(q.sort, rows[-1]["sort_value"], rows[-1]["id"]) if more and rows else None
        return Page(items, cursor)

    def count_events(self, query: EventQuery | None = None, **filters: Any) -> int:
        q = query or EventQuery(**filters)
        where, params = self._where(q)
        rows = self._all_rows("SELECT COUNT(*) AS n FROM events e"
                              + (" WHERE " + " AND ".join(where) if where else ""), params)
        return int(rows[0]["n"])

    # -- aggregates -------------------------------------------------------------------------
    def rollup_span(self, *, event_type: Any = None, country: Any = None, status: Any = None, start: Any = None,
                    end: Any = None) -> tuple[str | None, str | None]:
        """First and last dated day with events under these filters (from the rollups)."""
        table, where, params = self._rollup_source(("day",), event_type, country, status, start, end)
        where.append("day <> ''")
        rows = self._all_rows(f"SELECT MIN(day) AS first, MAX(day) AS last FROM {table} WHERE "
                              + " AND ".join(where), params)
        return (rows[0]["first"] or None, rows[0]["last"] or None) if rows else (None, None)

    def _rollup_source(self, group_by: Sequence[str], event_type: Any, country: Any, status: Any, start: Any,
                       end: Any) -> tuple[str, list[str], list[Any]]:
        countries, types, statuses = _as_list(country), _as_list(event_type), _as_list(status)
        needs_country = bool(countries) or "country" in group_by
        needs_day = bool(start or end) or "day" in group_by
        table = ("rollup_country_day" if needs_country and needs_day else
                 "rollup_day" if needs_day else "rollup_country")
        where: list[str] = []
        params: list[Any] = []
        for column, values in (("country", countries), ("event_type", types), ("status", statuses)):
            if values:
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        if start:
            where.append("day >= ?")
            params.append(_iso(start))
        if end:
            where.append("day <= ? AND day <> ''")
            params.append(_iso(end))
        return table, where, params

    def rollup_counts(self, group_by: Sequence[str], *, event_type: Any = None, country: Any = None,
                      status: Any = None, start: Any = None, end: Any = None,
                      bin: str = "day") -> list[dict[str, Any]]:
        """Canonical events and mentions grouped by any of country, day, event_type, status, from the rollups.

        Reads the smallest rollup table that has the columns asked for (by day: thousands of
        rows; by country x day: a country's share), never the events table. Groups with no
        events left (every event moved elsewhere) are dropped; unknown country or day is ``None``.
        """
        keys = ("country", "day", "event_type", "status")
        if any(g not in keys for g in group_by):
            raise ValueError(f"group by any of {', '.join(keys)}")
        if bin not in ("day", "week", "month"):
            raise ValueError(f"unknown bin {bin!r}: one of day, week, month")
        table, where, params = self._rollup_source(group_by, event_type, country, status, start, end)
        if bin != "day" and "day" in group_by:  # days folded into weeks or months by the database
            where.append("day <> ''")
            exprs = [f"{self.dialect.bin_start('day', bin)} AS day" if g == "day" else g for g in group_by]
            keys_sql = ", ".join(self.dialect.bin_start("day", bin) if g == "day" else g for g in group_by)
        else:
            exprs, keys_sql = list(group_by), ", ".join(group_by)
        cols = ", ".join(exprs)
        sql = (f"SELECT {cols + ', ' if cols else ''}SUM(events) AS events, SUM(mentions) AS mentions FROM {table}"
               + (" WHERE " + " AND ".join(where) if where else "")
               + (f" GROUP BY {keys_sql}" if keys_sql else "") + " HAVING SUM(events) > 0"
               + (f" ORDER BY {keys_sql}" if keys_sql else ""))
        out = []
        for r in self._all_rows(sql, params):
            item = {g: (r[g] or None) if g in ("country", "day") else r[g] for g in group_by}
            item["events"], item["mentions"] = int(r["events"]), int(r["mentions"])
            out.append(item)
        return out

    def aggregate_daily(self, event_type: Any = None, country: Any = None, start: Any = None,
                        end: Any = None) -> list[dict[str, Any]]:
        """Canonical events and mentions per day x event type (over the chosen countries), from the rollup."""
        return self.rollup_counts(("day", "event_type"), event_type=event_type, country=country,
                                  start=start, end=end)

    def aggregate_countries(self, event_type: Any = None, start: Any = None, end: Any = None) -> list[dict[str, Any]]:
        """Canonical events and mentions per country (ISO3; None = unknown), most events first."""
        rows = self.rollup_counts(("country",), event_type=event_type, start=start, end=end)
        return sorted(rows, key=lambda r: (-r["events"], r["country"] or ""))

    def aggregate_places(self, event_type: Any = None, country: Any = None, start: Any = None,
                         end: Any = None, limit: int = 100) -> list[dict[str, Any]]:
        """Canonical events per GeoNames place, most events first."""
        q = EventQuery(event_type=event_type, country=country, start=start, end=end)
        where, params = self._where(q)
        where.append("e.geonameid IS NOT NULL")
        rows = self._all_rows(f"""SELECT e.geonameid, MAX(e.place_name) AS name, MAX(e.country) AS country,
                                         MAX(e.lat) AS lat, MAX(e.lon) AS lon, COUNT(*) AS events,
                                         SUM(e.mention_count) AS mentions
                                  FROM events e WHERE {' AND '.join(where)}
                                  GROUP BY e.geonameid ORDER BY COUNT(*) DESC, e.geonameid LIMIT ?""",
                              [*params, int(limit)])
        return [{"geonameid": r["geonameid"], "name": r["name"], "country": r["country"], "lat": r["lat"],
                 "lon": r["lon"], "events": int(r["events"]), "mentions": int(r["mentions"])} for r in rows]

    def stats(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "mentions"):
            out[table] = int(self._all_rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
        return out

    def count_not_coded(self) -> int:
        """Articles stored in a language no coder handles (kept to be coded later)."""
        return int(self._all_rows("SELECT COUNT(*) AS n FROM articles WHERE coded = 0")[0]["n"])


__all__ = ["DEFAULT_URL", "EventQuery", "IngestStats", "Page", "Store", "default_url", "mention_id", "open_store"]
