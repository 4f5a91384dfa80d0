"""Alerts, their episodes and delivery reports, in the event store's own database.

The alert tables live next to the events (same SQLite file or PostgreSQL database,
same connections and transactions) but are created by this module with
``CREATE TABLE IF NOT EXISTS`` rather than by a numbered store migration: alerts
are derived data (a backtest can rebuild them), the alerting module can be
upgraded without renumbering the core schema, and a store that never runs alerts
carries no empty tables. ``ALERTS_SCHEMA`` is written in the store's portable SQL
(TEXT dates, JSON as TEXT, DOUBLE PRECISION) so it runs unchanged on both dialects;
``alert_schema_version`` records the version for later upgrades.

Tables: ``alerts`` (one row per fired alert: the full JSON record with score,
indicator history and triggering events), ``alert_episodes`` (open/closed episodes:
what makes an alert fire once per episode, across polls and processes),
``alert_state`` (the last day evaluated) and ``alert_deliveries`` (each delivery
attempt's outcome: a failing webhook is visible here, never blocking).
"""
from __future__ import annotations

import json
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

ALERTS_SCHEMA_VERSION = 1
ALERTS_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS alert_schema_version (
        version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS alerts (
        id TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        detector TEXT NOT NULL,
        unit_kind TEXT NOT NULL,
        unit TEXT NOT NULL,
        episode_key TEXT NOT NULL,
        country TEXT,
        day TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        record TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS alerts_by_day ON alerts (day)",
    "CREATE INDEX IF NOT EXISTS alerts_by_country_day ON alerts (country, day)",
    """CREATE TABLE IF NOT EXISTS alert_episodes (
        rule TEXT NOT NULL,
        unit_kind TEXT NOT NULL,
        unit TEXT NOT NULL,
        episode_key TEXT NOT NULL,
        opened TEXT NOT NULL,
        last_active TEXT NOT NULL,
        closed TEXT,
        alert_id TEXT NOT NULL,
        PRIMARY KEY (rule, unit_kind, unit, episode_key, opened)
    )""",
    "CREATE INDEX IF NOT EXISTS alert_episodes_open ON alert_episodes (closed)",
    """CREATE TABLE IF NOT EXISTS alert_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS alert_deliveries (
        alert_id TEXT NOT NULL,
        sink TEXT NOT NULL,
        ok INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        error TEXT,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS alert_deliveries_by_alert ON alert_deliveries (alert_id)",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_READY: weakref.WeakSet[Any] = weakref.WeakSet()


def ensure_schema(store: Any) -> None:
    """Create the alert tables if missing (idempotent; safe with concurrent openers; once per Store object)."""
    if store in _READY:
        return
    with store.transaction() as conn:
        for statement in ALERTS_SCHEMA:
            store._x(conn, statement)
        store._x(conn, """INSERT INTO alert_schema_version (version, applied_at) VALUES (?, ?)
                          ON CONFLICT (version) DO NOTHING""", (ALERTS_SCHEMA_VERSION, _now()))
    _READY.add(store)


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def save_alerts(store: Any, alerts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert alerts; returns those actually new (an alert id already stored is skipped)."""
    new = []
    with store.transaction() as conn:
        for a in alerts:
            row = store._x(conn, """INSERT INTO alerts (id, rule, detector, unit_kind, unit, episode_key, country, day,
                                        score, severity, title, summary, record, created_at)
                                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                    ON CONFLICT (id) DO NOTHING RETURNING id""",
                           (a["id"], a["rule"], a["detector"], a["unit_kind"], a["unit"], a["key"], a.get("country"),
                            a["day"], float(a["score"]), a["severity"], a["title"], a["summary"], _j(a),
                            a["created_at"])).fetchone()
            if row is not None:
                new.append(a)
    return new


def load_episodes(store: Any) -> list[dict[str, Any]]:
    return store._all_rows("SELECT * FROM alert_episodes WHERE closed IS NULL")


def save_episodes(store: Any, episodes: Iterable[dict[str, Any]]) -> None:
    with store.transaction() as conn:
        for e in episodes:
            store._x(conn, """INSERT INTO alert_episodes (rule, unit_kind, unit, episode_key, opened, last_active,
                                  closed, alert_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                              ON CONFLICT (rule, unit_kind, unit, episode_key, opened) DO UPDATE
                              SET last_active = excluded.last_active, closed = excluded.closed""",
                     (e["rule"], e["unit_kind"], e["unit"], e["key"], e["opened"], e["last_active"], e.get("closed"),
                      e["alert_id"]))


def get_state(store: Any, name: str) -> str | None:
    rows = store._all_rows("SELECT value FROM alert_state WHERE name = ?", (name,))
    return rows[0]["value"] if rows else None


def set_state(store: Any, name: str, value: str) -> None:
    with store.transaction() as conn:
        store._x(conn, """INSERT INTO alert_state (name, value) VALUES (?, ?)
                          ON CONFLICT (name) DO UPDATE SET value = excluded.value""", (name, value))


def record_delivery(store: Any, alert_id: str, sink: str, ok: bool, attempts: int, error: str | None) -> None:
    with store.transaction() as conn:
        store._x(conn, "INSERT INTO alert_deliveries (alert_id, sink, ok, attempts, error, at) VALUES (?, ?, ?, ?, ?, ?)",
                 (alert_id, sink, int(ok), attempts, error, _now()))


def list_alerts(store: Any, *, since: str | None = None, until: str | None = None, country: list[str] | None = None,
                rule: list[str] | None = None, min_score: float | None = None, limit: int = 100,
                full: bool = True) -> list[dict[str, Any]]:
    """Stored alerts, newest first; ``full=False`` drops the indicator history (lighter lists)."""
    where, params = [], []
    if since:
        where.append("day >= ?")
        params.append(str(since)[:10])
    if until:
        where.append("day <= ?")
        params.append(str(until)[:10])
    for column, values in (("country", country), ("rule", rule)):
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if min_score is not None:
        where.append("score >= ?")
        params.append(float(min_score))
    sql = ("SELECT record FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY day DESC, score DESC, id LIMIT ?")
    out = []
    for r in store._all_rows(sql, [*params, max(1, min(int(limit), 10000))]):
        rec = json.loads(r["record"])
        if not full:
            rec.pop("indicators", None)
        out.append(rec)
    deliveries: dict[str, list[dict[str, Any]]] = {}
    ids = [a["id"] for a in out]
    if ids:
        for d in store._all_rows(f"""SELECT alert_id, sink, ok, attempts, error, at FROM alert_deliveries
                                     WHERE alert_id IN ({','.join('?' * len(ids))}) ORDER BY at""", ids):
            deliveries.setdefault(d["alert_id"], []).append(
                {"sink": d["sink"], "ok": bool(d["ok"]), "attempts": d["attempts"], "error": d["error"], "at": d["at"]})
    for a in out:
        a["deliveries"] = deliveries.get(a["id"], [])
    return out


def evidence_links(store: Any, event_ids: list[str], as_of: str | None = None,
                   per_event: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Articles reporting each event (published by ``as_of``: no look-ahead in a backtest), most confident first."""
    if not event_ids:
        return {}
    marks = ",".join("?" * len(event_ids))
    params: list[Any] = list(event_ids)
    cond = ""
    if as_of:
        cond = " AND (m.published IS NULL OR m.published <= ?)"
        params.append(as_of)
    rows = store._all_rows(f"""SELECT m.event_id, m.id AS mention_id, m.article_id, m.published, m.source,
                                      m.confidence, a.url, a.title
                               FROM mentions m JOIN articles a ON a.content_hash = m.article_hash
                               WHERE m.event_id IN ({marks}){cond}
                               ORDER BY m.event_id, m.confidence DESC, m.id""", params)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        lst = out.setdefault(r["event_id"], [])
        if len(lst) < per_event:
            lst.append({"mention_id": r["mention_id"], "article_id": r["article_id"], "published": r["published"],
                        "source": r["source"], "url": r["url"], "title": r["title"]})
    return out
