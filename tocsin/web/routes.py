"""HTTP routes of the dashboard: the page, its static files, and the JSON views it needs beyond the API."""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from tocsin.model import EVENT_TYPES, STATUSES
from tocsin.store import EventQuery, Store

STATIC_DIR = Path(__file__).resolve().parent / "static"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# statuses drawn solid on the timeline; the others are reports of what may happen
OCCURRED = ("occurred", "ongoing")
EXPECTED = ("planned", "threatened", "hypothetical")

HTTP_EXPORT_MAX_BYTES = 256 << 20  # a download stops (truncated) past this; use the CLI for more

# query-string names of the event filters (the same as GET /events)
_LIST_PARAMS = {"country": "country", "type": "event_type", "mode": "mode", "status": "status",
                "actor": "actor", "recipient": "recipient", "sector": "sector"}


# every query-string name the event filters take (GET /events, the dashboard's JSON views, /export)
EVENT_PARAMS = frozenset(_LIST_PARAMS) | {"start", "end", "q", "bbox", "cursor", "sort", "min_mentions", "limit"}


def _values(params: Any, name: str) -> list[str] | None:
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        value = params.get(name)
        raw = value if isinstance(value, (list, tuple)) else [value]
    out = [v.strip() for value in raw if value for v in str(value).split(",") if v.strip()]
    return out or None


def query_from_params(params: Mapping[str, Any], **overrides: Any) -> EventQuery:
    """An ``EventQuery`` from query-string parameters named as in ``GET /events`` (``type``, not ``event_type``)."""
    kwargs: dict[str, Any] = {key: _values(params, name) for name, key in _LIST_PARAMS.items()}
    for name in ("start", "end", "q", "bbox", "cursor", "sort"):
        value = params.get(name)
        if value not in (None, ""):
            kwargs[name] = value
    if params.get("min_mentions") not in (None, ""):
        kwargs["min_mentions"] = int(params["min_mentions"])
    if params.get("limit") not in (None, ""):
        kwargs["limit"] = int(params["limit"])
    kwargs.update(overrides)
    return EventQuery(**kwargs)


def status_group(status: str) -> str:
    """``occurred`` (occurred, ongoing), ``expected`` (planned, threatened, hypothetical) or ``negated``."""
    if status in OCCURRED:
        return "occurred"
    if status in EXPECTED:
        return "expected"
    return "negated"


# the timeline's bar width: days up to half a year, weeks up to three years, months beyond
# (five years of days would be ~90k bars, more than a browser draws or a reader can see)
BINS = ("day", "week", "month")
AUTO_DAYS_MAX, AUTO_WEEKS_MAX = 183, 1100


def choose_bin(first: str | None, last: str | None, requested: str = "auto") -> str:
    """``day``, ``week`` or ``month`` for a timeline from ``first`` to ``last`` (ISO days)."""
    if requested in BINS:
        return requested
    if requested != "auto":
        raise ValueError(f"unknown bin {requested!r}: one of auto, {', '.join(BINS)}")
    if not first or not last:
        return "day"
    span = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    return "day" if span <= AUTO_DAYS_MAX else "week" if span <= AUTO_WEEKS_MAX else "month"


def bin_range(day: str, bin: str) -> tuple[str, str]:
    """First and last day of the ``bin`` (ISO weeks start on Monday) holding ``day``."""
    d = date.fromisoformat(day)
    if bin == "week":
        first = d - timedelta(days=d.weekday())
        return first.isoformat(), (first + timedelta(days=6)).isoformat()
    if bin == "month":
        first = d.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first.isoformat(), (nxt - timedelta(days=1)).isoformat()
    return day, day


def timeline(store: Store, query: EventQuery, bin: str = "auto") -> dict[str, Any]:
    """Canonical events per day (or week, month) x event type x status group, under every filter of ``query``.

    Filters the rollups carry (dates, country, type, status) are answered from them; any
    other filter (actor, sector, text, box ...) counts the ``events`` table through its indexes.
    Either way the database folds days into the chosen bins.
    """
    choose_bin(None, None, bin)  # rejects an unknown bin before any work
    if _rollup_answers(query):
        filters = {"event_type": query.event_type, "country": query.country, "status": query.status,
                   "start": query.start, "end": query.end}
        first, last = store.rollup_span(**filters)
        unit = choose_bin(query.start or first, query.end or last, bin)
        rows = [r for r in store.rollup_counts(("day", "event_type", "status"), bin=unit, **filters) if r["day"]]
    else:
        where, params = store._where(query)
        where.append("e.date IS NOT NULL")
        span = store._all_rows(f"SELECT MIN(e.date) AS first, MAX(e.date) AS last FROM events e "
                               f"WHERE {' AND '.join(where)}", params)[0]
        unit = choose_bin(query.start or span["first"], query.end or span["last"], bin)
        day = store.dialect.bin_start("e.date", unit)
        rows = store._all_rows(
            f"""SELECT {day} AS day, e.event_type AS event_type, e.status AS status, COUNT(*) AS events,
                       SUM(e.mention_count) AS mentions
                FROM events e WHERE {' AND '.join(where)}
                GROUP BY {day}, e.event_type, e.status ORDER BY {day}, e.event_type, e.status""", params)
    ranges = {d: bin_range(d, unit) for d in {r["day"] for r in rows}}
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        group = status_group(r["status"])
        first, last = ranges[r["day"]]
        key = (first, r["event_type"], group)
        item = merged.setdefault(key, {"day": first, "end": last, "event_type": r["event_type"], "group": group,
                                       "events": 0, "mentions": 0, "statuses": {}})
        item["events"] += int(r["events"])
        item["mentions"] += int(r["mentions"] or 0)
        item["statuses"][r["status"]] = item["statuses"].get(r["status"], 0) + int(r["events"])
    items = sorted(merged.values(), key=lambda i: (i["day"], i["event_type"], i["group"]))
    return {"groups": {"occurred": list(OCCURRED), "expected": list(EXPECTED), "negated": ["negated"]},
            "bin": unit, "start": items[0]["day"] if items else None,
            "end": max(i["end"] for i in items) if items else None, "items": items}


def _rollup_answers(query: EventQuery) -> bool:
    """Whether the rollup tables hold the answer: no filter beyond dates, country, type and status."""
    return not (query.mode or query.actor or query.recipient or query.sector or query.bbox or query.q
                or query.min_mentions)


def map_points(store: Store, query: EventQuery, limit: int = 2000) -> dict[str, Any]:
    """Located canonical events as a GeoJSON FeatureCollection, most-mentioned first (at most ``limit``)."""
    where, params = store._where(query)
    where.append("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    rows = store._all_rows(
        f"""SELECT e.id, e.event_type, e.mode, e.status, e.date, e.place_name, e.country, e.lat, e.lon,
                   e.mention_count, e.source_count, e.confidence, e.event_text
            FROM events e WHERE {' AND '.join(where)}
            ORDER BY e.mention_count DESC, e.id DESC LIMIT ?""", [*params, int(limit) + 1])
    truncated = len(rows) > limit
    features = [{
        "type": "Feature", "id": r["id"],
        "geometry": {"type": "Point", "coordinates": [float(r["lon"]), float(r["lat"])]},
        "properties": {
            "id": r["id"], "event_type": r["event_type"], "mode": r["mode"], "status": r["status"],
            "group": status_group(r["status"]), "date": r["date"], "place": r["place_name"],
            "country": r["country"], "mention_count": int(r["mention_count"]),
            "source_count": int(r["source_count"]), "confidence": round(float(r["confidence"]), 3),
            "event_text": r["event_text"][:300],
        },
    } for r in rows[:limit]]
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}


def facets(store: Store) -> dict[str, Any]:
    """What the filter controls offer: countries with events, PLOVER types, modes and statuses."""
    plover = json.loads((DATA_DIR / "plover.json").read_text(encoding="utf-8"))
    modes = sorted({m for t in plover["event_types"].values() for m in t.get("modes", [])})
    return {
        "countries": [c for c in store.aggregate_countries() if c["country"]][:300],
        "event_types": [{"code": t, "quad": plover["event_types"].get(t, {}).get("quad")} for t in EVENT_TYPES],
        "modes": modes,
        "statuses": list(STATUSES),
    }


def install_dashboard(app: FastAPI, store: Store) -> None:
    """Add the dashboard page, its static files and its JSON views to ``app``."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html",
                            headers={"Cache-Control": "no-cache"})

    index.tocsin_params = "any"  # type: ignore[attr-defined]  # the page keeps its own state in the URL

    @app.get("/aggregates/timeline", summary="Events per day x type, occurred vs planned/threatened (all event filters)")
    def get_timeline(request: Request) -> dict[str, Any]:
        return timeline(store, query_from_params(request.query_params), request.query_params.get("bin") or "auto")

    get_timeline.tocsin_params = EVENT_PARAMS | {"bin"}  # type: ignore[attr-defined]

    @app.get("/map/points", summary="Located events as GeoJSON for the map (all event filters)")
    def get_points(request: Request) -> JSONResponse:
        limit = max(1, min(int(request.query_params.get("limit") or 2000), 20000))
        query = query_from_params(request.query_params, limit=1)
        return JSONResponse(map_points(store, query, limit), media_type="application/geo+json")

    get_points.tocsin_params = EVENT_PARAMS  # type: ignore[attr-defined]

    @app.get("/facets", summary="Values offered by the dashboard's filters")
    def get_facets() -> dict[str, Any]:
        return facets(store)

    @app.get("/export", summary="Download the events matching the filters (format=jsonl|csv|parquet|geojson|cameo-tsv)")
    def get_export(request: Request, format: str = "jsonl") -> StreamingResponse:
        from tocsin.exports import EXTENSIONS, FORMATS, MEDIA_TYPES, iter_export

        if format not in FORMATS:
            raise ValueError(f"unknown export format {format!r}: one of {', '.join(FORMATS)}")
        query = query_from_params(request.query_params, sort=request.query_params.get("sort") or "date")
        chunks = iter_export(store, query, format, max_bytes=HTTP_EXPORT_MAX_BYTES)
        name = "tocsin-events" + EXTENSIONS[format]
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[format],
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    get_export.tocsin_params = EVENT_PARAMS | {"format"}  # type: ignore[attr-defined]

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
