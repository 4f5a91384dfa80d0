"""The ``annotate(batch)`` contract: a batch of article columns in, the same rows coded out.

Every cluster runner (Ray Data ``map_batches``, Spark ``mapInPandas``, a plain
loop) calls the same stage functions through this one contract:

* input: a mapping of equal-length columns, ``id`` and ``text`` required,
  ``published`` (ISO date string or None), ``title``, ``url``, ``source``,
  ``language`` optional; columns may be lists, NumPy arrays or pandas Series;
* output: a dict of lists, one row per input row, in input order:
  the article columns (``ARTICLE_COLUMNS``) plus ``n_sentences`` (int),
  ``n_events`` (int) and ``events`` (a JSON string: the list of event records of
  FORMAT.md, with ``trigger_span`` and the location's ``feature`` kept so that
  the store can ingest them as if coded in process).

``Annotator`` loads the pipeline once (per worker, per actor) and is the
callable class Ray wants; ``annotate(batch)`` uses a per-process instance.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from tocsin.model import Article, Event, parse_published

ARTICLE_COLUMNS = ("id", "text", "published", "title", "url", "source", "language")
OUTPUT_COLUMNS = ARTICLE_COLUMNS + ("n_sentences", "n_events", "events")


def _column(batch: Mapping[str, Any], name: str, n: int) -> list[Any]:
    if name not in batch:
        return [None] * n
    values = batch[name]
    values = values.tolist() if hasattr(values, "tolist") else list(values)
    return [None if _missing(v) else v for v in values]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def event_record(event: Event) -> dict[str, Any]:
    """FORMAT.md event record plus what the store reads beyond it."""
    record = event.as_dict()
    record["trigger_span"] = list(event.trigger_span) if event.trigger_span else None
    if event.location is not None and record.get("location") is not None:
        record["location"]["feature"] = event.location.feature
    return record


def event_from_record(record: dict[str, Any]) -> Event:
    event = Event.from_dict(record)
    span = record.get("trigger_span")
    event.trigger_span = tuple(span) if span else None  # type: ignore[assignment]
    loc = record.get("location") or {}
    if event.location is not None:
        event.location.feature = loc.get("feature")
    return event


def articles_from_batch(batch: Mapping[str, Any]) -> list[Article]:
    ids = _column(batch, "id", 0) if "id" in batch else None
    if ids is None or "text" not in batch:
        raise ValueError("annotate: a batch needs 'id' and 'text' columns")
    n = len(ids)
    cols = {name: _column(batch, name, n) for name in ARTICLE_COLUMNS}
    out = []
    for i in range(n):
        published = cols["published"][i]
        out.append(Article(
            id=str(cols["id"][i]), text=cols["text"][i] or "",
            published=parse_published(published if not hasattr(published, "isoformat") else published.isoformat()),
            title=cols["title"][i], url=cols["url"][i], source=cols["source"][i], language=cols["language"][i],
        ))
    return out


def batch_from_articles(articles: list[Article]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {name: [] for name in OUTPUT_COLUMNS}
    for a in articles:
        for name, value in a.as_dict().items():
            out[name].append(value)
        out["n_sentences"].append(len(a.sentences))
        out["n_events"].append(len(a.events))
        out["events"].append(json.dumps([event_record(e) for e in a.events], ensure_ascii=False))
    return out


class Annotator:
    """``Annotator()(batch) -> batch``: the pipeline loaded once, called on column batches."""

    def __init__(self, model: str | None = None, triage: Any = None, batch_size: int = 64) -> None:
        from tocsin.pipeline import Pipeline

        self.pipeline = Pipeline(model, triage=triage, batch_size=batch_size)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[Any]]:
        coded = list(self.pipeline(articles_from_batch(batch)))
        return batch_from_articles(coded)


_DEFAULT: Annotator | None = None


def annotate(batch: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The contract as a plain function (one ``Annotator`` per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Annotator()
    return _DEFAULT(batch)
