"""Export canonical events from the store: JSON Lines, CSV, Parquet, GeoJSON, CAMEO-style TSV.

    from tocsin.exports import export
    from tocsin.store import EventQuery, open_store
    with open_store() as store:
        result = export(store, EventQuery(country="BLR", start="2020-08-01"), "csv", "belarus.csv")

Every writer takes the filters of ``GET /events`` (an ``EventQuery``) and streams:
events are read a page at a time (keyset pagination) and written as they come, so
memory stays bounded whatever the size of the store. ``max_bytes`` caps the
output; past it the export stops with ``ExportTooLarge`` (and a file being
written is removed, never left half-written).

Formats:

* ``jsonl``: one canonical event per line, the PLOVER record of ``FORMAT.md``
  (``event_type``, ``mode``, ``context``, ``status``, ``actor``, ``recipient``,
  ``date``, ``location``, ``event_text``, ``confidence`` ...) with the store's counts
  (``mention_count``, ``source_count``, ``actor_codes`` ...);
* ``csv``: one flat row per event (lists joined with ``|``);
* ``parquet``: typed columns; ``actor``/``recipient`` as lists of structs, ``context`` as a list;
* ``geojson``: a FeatureCollection of points (``geometry`` null for unlocated events);
* ``cameo-tsv``: tab-separated, one actor and recipient per row, with the CAMEO root
  code and quad class of the PLOVER type (mapping in ``cameo.json``).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from tocsin.store import EventQuery, Store

FORMATS = ("jsonl", "csv", "parquet", "geojson", "cameo-tsv")
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet", "geojson": "application/geo+json",
    "cameo-tsv": "text/tab-separated-values; charset=utf-8",
}
EXTENSIONS = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "geojson": ".geojson",
              "cameo-tsv": ".tsv"}
DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB
PAGE_SIZE = 1000
PARQUET_ROWS = 5000  # rows per Parquet row group (and per flush)

CSV_COLUMNS = (
    "id", "date", "time", "event_type", "mode", "status", "context",
    "actor_text", "actor_code", "actor_sector", "recipient_text", "recipient_code", "recipient_sector",
    "place_name", "country", "lat", "lon", "geonameid", "confidence", "mention_count", "source_count",
    "article_count", "event_text", "trigger",
)
CAMEO_COLUMNS = (
    "id", "date", "actor1_code", "actor1_sector", "actor1_text", "actor2_code", "actor2_sector", "actor2_text",
    "plover_type", "plover_mode", "status", "cameo_root", "cameo_root_name", "quad_class",
    "country", "place_name", "lat", "lon", "confidence", "mention_count", "source_count", "event_text",
)


class ExportTooLarge(RuntimeError):
    """The export passed its size limit (bytes or events)."""


@dataclass
class ExportResult:
    format: str
    events: int
    bytes: int
    output: str

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "events": self.events, "bytes": self.bytes, "output": self.output}


# -- reading ------------------------------------------------------------------------------------
def iter_events(store: Store, query: EventQuery | None = None, *, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
    """Every canonical event matching ``query`` (all pages, in its sort order), one at a time."""
    q = replace(query or EventQuery(sort="date"), limit=page_size, cursor=None)
    while True:
        page = store.query_events(q)
        items, cursor = page.items, page.next_cursor
        del page
        items.reverse()
        while items:  # drop each event once handed out: at most one page is alive at a time
            yield items.pop()
        if not cursor:
            return
        q = replace(q, cursor=cursor)


# -- flattening ---------------------------------------------------------------------------------
def _join(values: list[Any]) -> str:
    return "|".join("" if v is None else str(v) for v in values)


def flat_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event as flat columns (``CSV_COLUMNS``); several actors are joined with ``|``."""
    loc = event.get("location") or {}
    actors, recipients = event.get("actor") or [], event.get("recipient") or []
    return {
        "id": event["id"], "date": event.get("date"), "time": event.get("time"),
        "event_type": event["event_type"], "mode": event.get("mode"), "status": event["status"],
        "context": _join(event.get("context") or []),
        "actor_text": _join([a.get("text") for a in actors]),
        "actor_code": _join([a.get("code") for a in actors]),
        "actor_sector": _join([a.get("sector") for a in actors]),
        "recipient_text": _join([a.get("text") for a in recipients]),
        "recipient_code": _join([a.get("code") for a in recipients]),
        "recipient_sector": _join([a.get("sector") for a in recipients]),
        "place_name": loc.get("name") or loc.get("text"), "country": loc.get("country"),
        "lat": loc.get("lat"), "lon": loc.get("lon"),
        "geonameid": str(loc["geonameid"]) if loc.get("geonameid") else None,
        "confidence": event.get("confidence"), "mention_count": event.get("mention_count"),
        "source_count": event.get("source_count"), "article_count": event.get("article_count"),
        "event_text": event.get("event_text"), "trigger": event.get("trigger"),
    }


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, Any]:
    return json.loads((Path(__file__).with_name("cameo.json")).read_text(encoding="utf-8"))


def cameo_root(event_type: str, mode: str | None = None) -> str | None:
    """The CAMEO root code (``"14"``) of a PLOVER type, refined by its mode where the table says so."""
    entry = cameo_table()["plover"].get(event_type)
    if entry is None:
        return None
    return entry["modes"].get(mode or "", entry["root"])


def _first(actors: list[dict[str, Any]]) -> dict[str, Any]:
    """The actor a one-actor format keeps: the first with a code, else the first."""
    for a in actors:
        if a.get("code"):
            return a
    return actors[0] if actors else {}


def cameo_row(event: dict[str, Any]) -> dict[str, Any]:
    table = cameo_table()
    loc = event.get("location") or {}
    a1, a2 = _first(event.get("actor") or []), _first(event.get("recipient") or [])
    root = cameo_root(event["event_type"], event.get("mode"))
    return {
        "id": event["id"], "date": event.get("date"),
        "actor1_code": a1.get("code"), "actor1_sector": a1.get("sector"), "actor1_text": a1.get("text"),
        "actor2_code": a2.get("code"), "actor2_sector": a2.get("sector"), "actor2_text": a2.get("text"),
        "plover_type": event["event_type"], "plover_mode": event.get("mode"), "status": event["status"],
        "cameo_root": root, "cameo_root_name": table["roots"].get(root or ""),
        "quad_class": table["quad_class"].get(root or ""),
        "country": loc.get("country"), "place_name": loc.get("name") or loc.get("text"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "confidence": event.get("confidence"),
        "mention_count": event.get("mention_count"), "source_count": event.get("source_count"),
        "event_text": event.get("event_text"),
    }


def geojson_feature(event: dict[str, Any]) -> dict[str, Any]:
    loc = event.get("location") or {}
    geometry = None
    if loc.get("lat") is not None and loc.get("lon") is not None:
        geometry = {"type": "Point", "coordinates": [float(loc["lon"]), float(loc["lat"])]}
    return {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": event}


# -- writers: each yields the bytes of the file, chunk by chunk -----------------------------------
def _jsonl(events: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for e in events:
        yield (json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _delimited(events: Iterator[dict[str, Any]], columns: tuple[str, ...], row, delimiter: str) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")

    def cell(v: Any) -> Any:
        if v is None:
            return ""
        if delimiter == "\t" and isinstance(v, str):  # TSV: no quoting, so no tabs or newlines in a cell
            return " ".join(v.split())
        return v

    writer.writerow(columns)
    for n, e in enumerate(events, 1):
        r = row(e)
        writer.writerow([cell(r[c]) for c in columns])
        if n % 200 == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def _csv(events: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    return _delimited(events, CSV_COLUMNS, flat_row, ",")


def _cameo_tsv(events: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    return _delimited(events, CAMEO_COLUMNS, cameo_row, "\t")


def _geojson(events: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    for n, e in enumerate(events):
        yield (("," if n else "") + "\n" + json.dumps(geojson_feature(e), ensure_ascii=False,
                                                     separators=(",", ":"))).encode("utf-8")
    yield b"\n]}\n"


def parquet_schema():
    import pyarrow as pa

    actor = pa.list_(pa.struct([("text", pa.string()), ("code", pa.string()), ("sector", pa.string())]))
    return pa.schema([
        ("id", pa.string()), ("date", pa.string()), ("time", pa.string()), ("event_type", pa.string()),
        ("mode", pa.string()), ("status", pa.string()), ("context", pa.list_(pa.string())),
        ("actor", actor), ("recipient", actor),
        ("place_name", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
        ("geonameid", pa.string()), ("confidence", pa.float64()), ("mention_count", pa.int64()),
        ("source_count", pa.int64()), ("article_count", pa.int64()), ("actor_codes", pa.list_(pa.string())),
        ("recipient_codes", pa.list_(pa.string())), ("sectors", pa.list_(pa.string())),
        ("event_text", pa.string()), ("trigger", pa.string()),
    ])


def _parquet_row(e: dict[str, Any]) -> dict[str, Any]:
    flat = flat_row(e)
    strip = lambda actors: [{"text": a.get("text"), "code": a.get("code"), "sector": a.get("sector")}
                            for a in actors or []]
    return {**{k: flat[k] for k in ("id", "date", "time", "event_type", "mode", "status", "place_name",
                                    "country", "lat", "lon", "geonameid", "confidence", "mention_count",
                                    "source_count", "article_count", "event_text", "trigger")},
            "context": list(e.get("context") or []), "actor": strip(e.get("actor")),
            "recipient": strip(e.get("recipient")), "actor_codes": list(e.get("actor_codes") or []),
            "recipient_codes": list(e.get("recipient_codes") or []), "sectors": list(e.get("sectors") or [])}


class _Chunks(io.RawIOBase):
    """A write-only file that hands what was written to the generator that drains it."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.pos = 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        data = bytes(b)
        self.parts.append(data)
        self.pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self.pos

    def drain(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def _parquet(events: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    sink = _Chunks()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    try:
        rows: list[dict[str, Any]] = []
        for e in events:
            rows.append(_parquet_row(e))
            if len(rows) >= PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
                yield sink.drain()
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    finally:
        writer.close()
    yield sink.drain()


WRITERS = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "geojson": _geojson, "cameo-tsv": _cameo_tsv}


def iter_export(store: Store, query: EventQuery | None, fmt: str, *, max_bytes: int | None = DEFAULT_MAX_BYTES,
                max_events: int | None = None, counter: dict[str, int] | None = None) -> Iterator[bytes]:
    """The bytes of an export, chunk by chunk (for HTTP streaming); raises ``ExportTooLarge`` past a limit."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    counter = counter if counter is not None else {}
    counter.update(events=0, bytes=0)

    def counted() -> Iterator[dict[str, Any]]:
        for e in iter_events(store, query):
            if max_events and counter["events"] >= max_events:
                raise ExportTooLarge(f"export stopped: more than {max_events} events match (narrow the filters)")
            counter["events"] += 1
            yield e

    for chunk in WRITERS[fmt](counted()):
        counter["bytes"] += len(chunk)
        if max_bytes and counter["bytes"] > max_bytes:
            raise ExportTooLarge(f"export stopped: over {max_bytes} bytes after {counter['events']} events "
                                 "(narrow the filters or raise the limit)")
        if chunk:
            yield chunk


def export(store: Store, query: EventQuery | None, fmt: str, out: str | os.PathLike | IO[bytes], *,
           max_bytes: int | None = DEFAULT_MAX_BYTES, max_events: int | None = None) -> ExportResult:
    """Write the events matching ``query`` in format ``fmt`` to ``out`` (a path, ``"-"`` for stdout, or a binary file).

    A path is written to ``PATH.part`` and renamed when complete; on any error
    (``ExportTooLarge`` included) the partial file is removed.
    """
    counter: dict[str, int] = {}
    chunks = iter_export(store, query, fmt, max_bytes=max_bytes, max_events=max_events, counter=counter)
    if hasattr(out, "write"):
        for chunk in chunks:
            out.write(chunk)  # type: ignore[union-attr]
        return ExportResult(fmt, counter["events"], counter["bytes"], getattr(out, "name", "<stream>"))
    if str(out) == "-":
        stream = sys.stdout.buffer
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        return ExportResult(fmt, counter["events"], counter["bytes"], "-")
    path = Path(out)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return ExportResult(fmt, counter["events"], counter["bytes"], str(path))


__all__ = ["CAMEO_COLUMNS", "CSV_COLUMNS", "DEFAULT_MAX_BYTES", "EXTENSIONS", "FORMATS", "MEDIA_TYPES",
           "ExportResult", "ExportTooLarge", "cameo_root", "export", "flat_row", "iter_events", "iter_export"]
