"""Parquet in and out: articles to code, coded articles back as ``Article``/``Event``.

Needs ``pyarrow`` (installed with ``tocsin[ray]``, or on its own).

    write_articles(read_articles(["stories.jsonl"]), "in/part-0.parquet")
    # ... tocsin code --engine ray --address auto in/ -o out/
    with open_store() as store:
        store.add_articles(read_coded("out/"))          # into the store
    events = list(read_events("out/"))                   # or just the events
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tocsin.model import Article, Event, parse_published
from tocsin.scale.annotate import ARTICLE_COLUMNS, event_from_record


def _files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*.parquet") if f.is_file())
    return [p]


def write_articles(articles: Iterable[Article], path: str | Path, *, row_group: int = 1000) -> int:
    """Write input articles (FORMAT.md input fields) to one Parquet file; returns the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in ARTICLE_COLUMNS])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        rows: list[dict[str, Any]] = []
        for article in articles:
            rows.append(article.as_dict())
            if len(rows) >= row_group:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n, rows = n + len(rows), []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


def _rows(path: str | Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for file in _files(path):
        pf = pq.ParquetFile(str(file))
        names = [c for c in (columns or pf.schema_arrow.names) if c in pf.schema_arrow.names]
        for batch in pf.iter_batches(columns=names, batch_size=1000):
            yield from batch.to_pylist()


def read_articles_parquet(path: str | Path) -> Iterator[Article]:
    """Input articles from Parquet (a file or a folder of them)."""
    for row in _rows(path, list(ARTICLE_COLUMNS)):
        yield Article(id=str(row["id"]), text=row.get("text") or "", published=parse_published(row.get("published")),
                      title=row.get("title"), url=row.get("url"), source=row.get("source"),
                      language=row.get("language"))


def read_coded(path: str | Path) -> Iterator[Article]:
    """Coded articles (with ``events``) from the output of the Ray runner: ready for ``Store.add_articles``."""
    for row in _rows(path):
        article = Article(id=str(row["id"]), text=row.get("text") or "",
                          published=parse_published(row.get("published")), title=row.get("title"),
                          url=row.get("url"), source=row.get("source"), language=row.get("language"))
        article.events = [event_from_record(r) for r in json.loads(row.get("events") or "[]")]
        yield article


def read_events(path: str | Path) -> Iterator[Event]:
    """Just the events of the Ray runner's output."""
    for row in _rows(path, ["events"]):
        for record in json.loads(row.get("events") or "[]"):
            yield event_from_record(record)
