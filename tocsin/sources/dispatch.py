"""One entry point for every kind of input: ``read_sources(inputs)``.

It is the dispatch hook in front of ``tocsin.sources.files.read_articles``:
inputs that module already reads (``.txt``, ``.html``, ``.jsonl``, folders of
them, ``-``) go to it unchanged; the new kinds are recognised here:

=====================  =========================================================
``http(s)://...``      fetched once (address policy of ``fetch``): a feed's
                       entries, or a page's main text via ``extract_html``
``.xml .rss .atom``    RSS/Atom feed (``feeds.parse_feed``, entity-safe)
``.json``              Telegram Desktop export (``result.json``)
``.csv .tsv``          table with a header; ``mapping`` names the columns
``.jsonl`` + mapping   JSON Lines whose keys differ from FORMAT.md
=====================  =========================================================

Errors are ``files.ReadError`` objects passed to ``on_error``, as in ``files``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path

from tocsin.model import Article
from tocsin.sources.files import SUFFIXES, ReadError, ReadStats, print_error, read_articles

FEED_SUFFIXES = (".xml", ".rss", ".atom")
TELEGRAM_SUFFIXES = (".json",)
TABLE_SUFFIXES = (".csv", ".tsv")
NEW_SUFFIXES = FEED_SUFFIXES + TELEGRAM_SUFFIXES + TABLE_SUFFIXES
ALL_SUFFIXES = SUFFIXES + NEW_SUFFIXES


def read_sources(
    inputs: Iterable[str],
    *,
    published: date | None = None,
    on_error: Callable[[ReadError], None] = print_error,
    mapping: Mapping[str, str] | None = None,
    telegram_username: str | None = None,
    telegram_threads: bool = True,
    allow_private: bool = False,
    allow_loopback: bool = False,
    stats: ReadStats | None = None,
) -> Iterator[Article]:
    """Yield an ``Article`` per readable record of ``inputs`` (paths, folders, URLs, "-")."""
    stats = stats if stats is not None else ReadStats()
    report = stats.reporter(on_error)

    def fill(article: Article) -> Article:
        if article.published is None:
            article.published = published
        stats.articles += 1
        return article

    for name in inputs:
        name = str(name)
        if name.startswith(("http://", "https://")):
            for article in _read_url(name, report, allow_private, allow_loopback):
                yield fill(article)
            continue
        path = Path(name)
        files = [path]
        if name != "-" and path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ALL_SUFFIXES)
            if not files:
                report(name, "no readable files in directory")
        for file in files:
            suffix = file.suffix.lower() if name != "-" else ""
            if suffix in NEW_SUFFIXES or (mapping and suffix in (".jsonl", ".ndjson")):
                for article in _read_new(file, suffix, report, mapping, telegram_username, telegram_threads):
                    yield fill(article)
            else:
                yield from read_articles([str(file)], published=published, on_error=on_error, stats=stats)


def _read_new(file: Path, suffix: str, report: Callable[..., None], mapping: Mapping[str, str] | None,
              username: str | None, threads: bool) -> Iterator[Article]:
    origin = str(file)
    if not file.exists():
        report(origin, "no such file")
        return
    if suffix in FEED_SUFFIXES:
        from tocsin.sources.feeds import FeedError, parse_feed

        try:
            info, articles = parse_feed(file.read_bytes(), url=None, source=None)
        except (FeedError, OSError) as exc:
            report(origin, str(exc))
            return
        for warning in info.warnings:
            report(origin, warning, "warning")
        yield from articles
    elif suffix in TELEGRAM_SUFFIXES:
        from tocsin.sources.telegram import read_telegram_export

        yield from read_telegram_export(file, username=username, threads=threads,
                                        on_error=lambda o, r: report(o, r))
    elif suffix in TABLE_SUFFIXES:
        from tocsin.sources.tabular import read_csv

        yield from read_csv(file, mapping, on_error=lambda o, r: report(o, r))
    else:
        from tocsin.sources.tabular import read_jsonl_mapped

        yield from read_jsonl_mapped(file, mapping, on_error=lambda o, r: report(o, r))


def _read_url(url: str, report: Callable[..., None], allow_private: bool, allow_loopback: bool) -> Iterator[Article]:
    from tocsin.sources.fetch import AddressPolicy, Fetcher, FetchError
    from tocsin.sources.watch import articles_from_response

    with Fetcher(AddressPolicy(allow_private=allow_private, allow_loopback=allow_loopback)) as fetcher:
        try:
            result = fetcher.get(url)
        except FetchError as exc:
            report(url, str(exc))
            return
        try:
            articles, warnings = articles_from_response(result, kind="auto", source=None)
        except ValueError as exc:
            report(url, str(exc))
            return
        for warning in warnings:
            report(url, warning, "warning")
        yield from articles


__all__ = ["read_sources", "ALL_SUFFIXES"]
