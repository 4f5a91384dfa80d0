"""Command-line side of the resolvers: ``tocsin geoparse``, ``tocsin timex``, ``tocsin actors lookup``
and ``tocsin eval`` on geo/timex/event-location gold files.

Plain functions (so tests and other front ends call them directly); ``tocsin.cli`` registers them
as commands. Inputs are read with ``tocsin.sources.files.read_articles``, so a bad file or line
behaves as in ``tocsin code``: one line on stderr, the rest is processed, and the exit status is
non-zero only when nothing could be read.

    tocsin geoparse stories.jsonl -o places.jsonl     # FORMAT.md "places", one article per line
    tocsin timex stories.jsonl                        # FORMAT.md "time expressions"
    tocsin actors lookup "Lukashenko" --date 2020-08-16
    tocsin eval ../shared/eval/geo-lgl.jsonl
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

from tocsin.model import Article

__all__ = [
    "actor_line",
    "actors_lookup_cmd",
    "eval_resolution",
    "format_resolution",
    "geoparse_cmd",
    "timex_cmd",
]


@contextmanager
def _writer(output: str | Path | None) -> Iterator[IO[str]]:
    if output in (None, "-", ""):
        yield sys.stdout
        return
    path = Path(output)  # type: ignore[arg-type]
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        yield handle


def _run(inputs: str | Path | Iterable[str | Path], output: str | Path | None,
         published: date | None, rows: Callable[[list[Article]], Iterable[dict[str, Any]]],
         what: str) -> int:
    """Read articles, turn each batch into output rows, write JSONL; return the exit status."""
    from tocsin.sources.files import ReadStats, read_articles

    names = [str(inputs)] if isinstance(inputs, (str, Path)) else [str(i) for i in inputs]
    stats = ReadStats()

    def on_error(error: object) -> None:
        print(str(error), file=sys.stderr)

    written = 0
    with _writer(output) as out:
        batch: list[Article] = []
        for article in read_articles(names, published=published, on_error=on_error, stats=stats):
            batch.append(article)
            if len(batch) >= 64:
                for row in rows(batch):
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    written += 1
                batch = []
        for row in rows(batch):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    if output not in (None, "-", ""):
        print(f"{stats.articles} articles -> {output} ({what})"
              + (f" ({stats.errors} inputs skipped)" if stats.errors else ""), file=sys.stderr)
    return 1 if stats.articles == 0 and stats.errors else 0


def geoparse_cmd(input_path: str | Path | Iterable[str | Path], output: str | Path | None = None, *,
                 model: str | None = None) -> int:
    """Write the places of each article (FORMAT.md "places": ``{"id", "places": [...]}``, with
    character offsets and the GeoNames reading) as JSON Lines; return the exit status."""
    from tocsin.nlp.parser import load_nlp
    from tocsin.resolve.places import PlaceResolver, geoparse

    nlp = load_nlp(model)
    resolver = PlaceResolver.default()

    def rows(batch: list[Article]) -> Iterator[dict[str, Any]]:
        for article, doc in zip(batch, nlp.pipe(a.text for a in batch)):
            places = geoparse(article.text, doc, resolver=resolver)
            yield {"id": article.id, "places": [p.as_span_dict() for p in places]}

    return _run(input_path, output, None, rows, "places")


def timex_cmd(input_path: str | Path | Iterable[str | Path], output: str | Path | None = None, *,
              published: date | None = None) -> int:
    """Write the time expressions of each article (FORMAT.md: ``{"id", "timexes": [...]}``, TIMEX3
    types and values resolved against the article's ``published`` date); return the exit status."""
    from tocsin.resolve.dates import timexes_for_article

    def rows(batch: list[Article]) -> Iterator[dict[str, Any]]:
        for article in batch:
            yield {"id": article.id, "timexes": timexes_for_article(article.text, article.published)}

    return _run(input_path, output, published, rows, "timexes")


def actor_line(match: Any) -> str:
    """One tab-separated line: code, sector, name, role, term (start..end)."""
    term = ""
    if match.start or match.end:
        term = f"{match.start.isoformat() if match.start else ''}..{match.end.isoformat() if match.end else ''}"
    cells = [match.code, match.sector, match.name, match.role, term or None]
    return "\t".join(c if c else "-" for c in cells)


def actors_lookup_cmd(name: str, date: str | date | None = None, *, echo: Callable[[str], Any] = print) -> list[Any]:
    """Print every reading of ``name`` (code, sector, name, role, term dates), only the terms
    covering ``date`` when given; return the matches (empty: nothing known)."""
    from tocsin.resolve.actors import ActorKB

    matches = ActorKB.default().lookup(name, date)
    for m in matches:
        echo(actor_line(m))
    return matches


def eval_resolution(path: str | Path, **kwargs: Any) -> dict[str, Any] | None:
    """Score a geo-*, timex-* or event-location gold file; None for events gold (``run_eval``)."""
    from tocsin.eval.resolution import score_resolution

    return score_resolution(path, **kwargs)


def format_resolution(report: dict[str, Any]) -> str:
    """The metrics of ``eval_resolution`` as aligned "name  value" lines, for people."""
    lines = []
    width = max((len(k) for k in report if k != "errors"), default=0)
    for key, value in report.items():
        if key == "errors":
            continue
        lines.append(f"{key.ljust(width)}  {value}")
    errors = report.get("errors")
    if isinstance(errors, dict):
        for kind, items in errors.items():
            lines.append(f"{kind}: {items}")
    elif errors:
        lines.extend(str(e) for e in errors)
    return "\n".join(lines)
