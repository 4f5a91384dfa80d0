"""CSV and JSON Lines exports with their own column names -> ``Article``.

A ``mapping`` says which input column fills which article field, e.g.
``{"id": "guid", "text": "body", "title": "headline", "published": "pub_date",
"url": "link", "source": "outlet", "language": "lang"}``; a JSON column may be a
dotted path (``"meta.date"``). Unmapped fields keep their own name, so plain
FORMAT.md files need no mapping. Columns not mapped to a field go to
``Article.extra``. Like ``tocsin.sources.files``, a bad row is reported in one
line (``on_error(origin, reason)``) and skipped; it never stops the file.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tocsin.model import Article, parse_published

FIELDS = ("id", "text", "title", "published", "url", "source", "language")
MAX_FIELD = 50_000_000


def _get(record: Mapping[str, Any], key: str) -> Any:
    if key in record:
        return record[key]
    cur: Any = record
    for part in key.split("."):
        if not isinstance(cur, Mapping) or part not in cur:
            return None
        cur = cur[part]
    return cur


def record_to_article(record: Mapping[str, Any], mapping: Mapping[str, str] | None = None, *,
                      origin: str = "", source: str | None = None) -> Article:
    """One input record -> Article; raises ValueError naming the bad field."""
    mapping = dict(mapping or {})
    columns = {f: mapping.get(f, f) for f in FIELDS}
    text = _get(record, columns["text"])
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"no text in column {columns['text']!r}")
    ident = _get(record, columns["id"])
    if ident in (None, ""):
        ident = "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    values: dict[str, Any] = {}
    for name in ("title", "url", "source", "language"):
        value = _get(record, columns[name])
        values[name] = None if value in (None, "") else str(value)
    try:
        published = parse_published(_get(record, columns["published"]))
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    used = set(columns.values())
    extra = {k: v for k, v in record.items() if k not in used}
    return Article(id=str(ident), text=text, published=published, title=values["title"], url=values["url"],
                   source=values["source"] or source, language=values["language"], origin=origin, extra=extra)


def read_csv(path: str | Path, mapping: Mapping[str, str] | None = None, *, delimiter: str | None = None,
             source: str | None = None, on_error: Callable[[str, str], None] | None = None) -> Iterator[Article]:
    """Rows of a CSV (or TSV) file with a header line; the delimiter is sniffed when not given."""
    report = on_error or (lambda origin, reason: print(f"error: {origin}: {reason}", file=sys.stderr))
    csv.field_size_limit(MAX_FIELD)
    origin = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        report(origin, f"cannot read ({exc.strerror or exc})")
        return
    with handle:
        try:
            head = handle.read(8192)
            handle.seek(0)
            if delimiter is None:
                delimiter = "\t" if str(path).lower().endswith(".tsv") else (
                    csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter if head else ",")
        except (csv.Error, UnicodeDecodeError):
            delimiter = delimiter or ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        try:
            for row in reader:
                where = f"{origin}:{reader.line_num}"
                try:
                    yield record_to_article({k: v for k, v in row.items() if k is not None}, mapping,
                                            origin=where, source=source)
                except ValueError as exc:
                    report(where, str(exc))
        except (csv.Error, UnicodeDecodeError) as exc:
            report(f"{origin}:{reader.line_num}", f"unreadable CSV ({exc}); rest of file skipped")


def read_jsonl_mapped(path: str | Path, mapping: Mapping[str, str] | None = None, *, source: str | None = None,
                      on_error: Callable[[str, str], None] | None = None,
                      max_bytes: int = MAX_FIELD) -> Iterator[Article]:
    """JSON Lines with arbitrary keys, streamed line by line."""
    report = on_error or (lambda origin, reason: print(f"error: {origin}: {reason}", file=sys.stderr))
    origin = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        report(origin, f"cannot read ({exc.strerror or exc})")
        return
    with handle:
        for lineno, raw in enumerate(iter(lambda: handle.readline(max_bytes + 1), b""), 1):
            where = f"{origin}:{lineno}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                report(where, "record too large")
                while (chunk := handle.readline(1 << 20)) and not chunk.endswith(b"\n"):
                    pass
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                report(where, f"invalid JSON ({type(exc).__name__})")
                continue
            if not isinstance(record, dict):
                report(where, "record is not a JSON object")
                continue
            try:
                yield record_to_article(record, mapping, origin=where, source=source)
            except ValueError as exc:
                report(where, str(exc))


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"text=body,published=date"`` (CLI form) -> ``{"text": "body", "published": "date"}``."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        if not sep or field.strip() not in FIELDS:
            raise ValueError(f"bad mapping {part!r}: expected FIELD=COLUMN with FIELD in {', '.join(FIELDS)}")
        out[field.strip()] = column.strip()
    return out


__all__ = ["record_to_article", "read_csv", "read_jsonl_mapped", "parse_mapping", "FIELDS"]
