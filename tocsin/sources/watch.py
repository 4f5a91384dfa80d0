"""``tocsin watch``: poll feeds and pages on an interval and store what is new.

The config is TOML::

    [watch]
    store = "sqlite:///tocsin.db"      # where coded articles go (default $TOCSIN_DB)
    state = "tocsin-watch.db"          # per-source status; default: beside a SQLite store
    interval = 300                      # seconds between polls of a source
    backoff_base = 30                   # first retry after a failure; doubles per failure
    max_backoff = 3600
    timeout = 20
    allow_private = false               # fetch RFC 1918 / link-local hosts
    allow_loopback = false              # fetch 127.0.0.1 / ::1 (tests, local mirrors)

    [[sources]]
    name = "harbour-news"
    url = "https://news.example.org/feed.xml"
    kind = "feed"                       # "feed", "page" or "auto" (sniffed)
    interval = 600                      # overrides [watch].interval
    follow_links = false                # fetch each new entry's page for its full text
    language = "fr"                     # optional: skip detection

Durability, and why nothing is lost or stored twice after a kill: a poll first
stores the new articles (the store's own transaction; articles are keyed by
content hash, so storing one again is a no-op), and only then, in one
transaction of the state database, records the items as seen and the new
``ETag``/``Last-Modified``. Killed before the store commit: the state still holds
the old validators, so the next poll fetches and stores the same items again.
Killed between the two commits: the items are fetched again and the store skips
them. The state database is SQLite (WAL), separate from the event store so that it
needs no store migration and works beside a PostgreSQL store too.
"""
from __future__ import annotations

import re
import sqlite3
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tocsin.model import Article
from tocsin.sources.feeds import FeedError, looks_like_feed, parse_feed
from tocsin.sources.fetch import AddressPolicy, Fetcher, FetchError, FetchResult

KINDS = ("feed", "page", "auto")


@dataclass(slots=True)
class SourceConfig:
    name: str
    url: str
    kind: str = "auto"
    interval: float = 300.0
    follow_links: bool = False
    language: str | None = None


@dataclass(slots=True)
class WatchConfig:
    sources: list[SourceConfig]
    store: str | None = None
    state: str | None = None
    interval: float = 300.0
    backoff_base: float = 30.0
    max_backoff: float = 3600.0
    timeout: float = 20.0
    allow_private: bool = False
    allow_loopback: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base: Path | None = None) -> "WatchConfig":
        watch = dict(data.get("watch") or {})
        unknown = set(watch) - {"store", "state", "interval", "backoff_base", "max_backoff", "timeout",
                                "allow_private", "allow_loopback"}
        if unknown:
            raise ValueError(f"[watch]: unknown keys {sorted(unknown)}")
        interval = float(watch.get("interval", 300))
        sources = []
        names: set[str] = set()
        for n, raw in enumerate(data.get("sources") or data.get("source") or [], 1):
            if not isinstance(raw, dict) or not raw.get("url"):
                raise ValueError(f"[[sources]] #{n}: needs a url")
            bad = set(raw) - {"name", "url", "kind", "interval", "follow_links", "language"}
            if bad:
                raise ValueError(f"[[sources]] #{n}: unknown keys {sorted(bad)}")
            kind = raw.get("kind", "auto")
            if kind not in KINDS:
                raise ValueError(f"[[sources]] #{n}: kind must be one of {KINDS}")
            name = str(raw.get("name") or raw["url"])
            if name in names:
                raise ValueError(f"[[sources]] #{n}: duplicate name {name!r}")
            names.add(name)
            sources.append(SourceConfig(name=name, url=str(raw["url"]), kind=kind,
                                        interval=float(raw.get("interval", interval)),
                                        follow_links=bool(raw.get("follow_links", False)),
                                        language=raw.get("language")))
        if not sources:
            raise ValueError("no [[sources]] in the config")
        state = watch.get("state")
        if state and base is not None and not Path(state).is_absolute():
            state = str(base / state)
        store = watch.get("store")
        if store and base is not None and store.startswith("sqlite:///") and not store.startswith("sqlite:////") \
                and store != "sqlite:///:memory:":
            store = "sqlite:///" + str(base / store[len("sqlite:///"):])
        return cls(sources=sources, store=store, state=state, interval=interval,
                   backoff_base=float(watch.get("backoff_base", 30)), max_backoff=float(watch.get("max_backoff", 3600)),
                   timeout=float(watch.get("timeout", 20)), allow_private=bool(watch.get("allow_private", False)),
                   allow_loopback=bool(watch.get("allow_loopback", False)))

    @classmethod
    def load(cls, path: str | Path) -> "WatchConfig":
        path = Path(path)
        with open(path, "rb") as handle:
            return cls.from_dict(tomllib.load(handle), base=path.resolve().parent)

    def state_path(self, store_url: str | None) -> str:
        """The state database: as configured, else beside a SQLite store, else in the working directory."""
        if self.state:
            return self.state
        url = store_url or self.store or ""
        if url.startswith("sqlite:///") and not url.endswith(":memory:"):
            db = Path(url[len("sqlite:///"):])
            return str(db.with_name(db.stem + "-watch.db"))
        return "tocsin-watch.db"


# --------------------------------------------------------------------------- state
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_due REAL NOT NULL DEFAULT 0,
    polls INTEGER NOT NULL DEFAULT 0,
    items_seen INTEGER NOT NULL DEFAULT 0,
    articles_stored INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS items (
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (source, key)
);
"""


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchState:
    """Per-source status and the items already processed, in a small SQLite file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.conn.row_factory = sqlite3.Row
        if path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def source(self, cfg: SourceConfig) -> sqlite3.Row:
        self.conn.execute("INSERT INTO sources (name, url) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                          (cfg.name, cfg.url))
        row = self.conn.execute("SELECT * FROM sources WHERE name = ?", (cfg.name,)).fetchone()
        if row["url"] != cfg.url:  # the URL changed: validators of the old one mean nothing
            self.conn.execute("UPDATE sources SET url = ?, etag = NULL, last_modified = NULL WHERE name = ?",
                              (cfg.url, cfg.name))
            row = self.conn.execute("SELECT * FROM sources WHERE name = ?", (cfg.name,)).fetchone()
        return row

    def seen_keys(self, name: str, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.conn.execute(f"SELECT key FROM items WHERE source = ? AND key IN ({','.join('?' * len(chunk))})",
                                     (name, *chunk)).fetchall()
            found.update(r["key"] for r in rows)
        return found

    def record_success(self, cfg: SourceConfig, result: FetchResult | None, items: list[tuple[str, str]],
                       stored: int, next_due: float) -> None:
        now = _now_iso()
        with self.conn:  # sqlite3 context manager: one transaction
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT INTO items (source, key, content_hash, seen_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source, key) DO NOTHING", [(cfg.name, k, h, now) for k, h in items])
            self.conn.execute(
                """UPDATE sources SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                       last_success = ?, failures = 0, next_due = ?, polls = polls + 1,
                       items_seen = (SELECT COUNT(*) FROM items WHERE source = ?),
                       articles_stored = articles_stored + ? WHERE name = ?""",
                (result.etag if result else None, result.last_modified if result else None, now, next_due,
                 cfg.name, stored, cfg.name))

    def record_failure(self, cfg: SourceConfig, error: str, next_due: float) -> int:
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("""UPDATE sources SET last_error = ?, last_error_at = ?, failures = failures + 1,
                                     next_due = ?, polls = polls + 1 WHERE name = ?""",
                              (error[:500], _now_iso(), next_due, cfg.name))
        return int(self.conn.execute("SELECT failures FROM sources WHERE name = ?", (cfg.name,)).fetchone()[0])

    def set_due(self, name: str, due: float) -> None:
        self.conn.execute("UPDATE sources SET next_due = ? WHERE name = ?", (due, name))

    def status(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM sources ORDER BY name").fetchall()]


# --------------------------------------------------------------------------- parsing
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)


def _decode(body: bytes, content_type: str | None) -> str:
    match = _CHARSET.search(content_type or "")
    for encoding in ([match.group(1)] if match else []) + ["utf-8"]:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace")


def page_article(body: bytes, url: str, *, content_type: str | None = None, source: str | None = None,
                 language: str | None = None) -> tuple[Article | None, list[str]]:
    """A web page -> one article (main text via ``extract_html``), or None with the reason."""
    from tocsin.sources.html import extract_html

    page = extract_html(_decode(body, content_type))
    if not page.text.strip():
        return None, page.warnings + ["no main text found in HTML"]
    return Article(id=page.url or url, text=page.text, title=page.title, url=page.url or url,
                   published=page.published, source=source, language=language, origin=url,
                   extra={"fetched_url": url}), page.warnings


def articles_from_response(result: FetchResult, *, kind: str = "auto", source: str | None = None,
                           language: str | None = None) -> tuple[list[Article], list[str]]:
    """Feed entries or the page's article; raises ValueError (``FeedError``) when unusable."""
    ctype = (result.content_type or "").lower()
    if kind == "auto":
        is_feed = any(t in ctype for t in ("rss", "atom", "/xml", "+xml")) or looks_like_feed(result.body)
        kind = "feed" if is_feed and "html" not in ctype else "page"
    if kind == "feed":
        info, articles = parse_feed(result.body, url=result.url, source=source, language=language)
        return articles, info.warnings
    article, warnings = page_article(result.body, result.url, content_type=result.content_type,
                                     source=source, language=language)
    return ([article] if article else []), warnings


def item_key(article: Article) -> str:
    """What makes an item new: its id and its content (an edited entry is new content)."""
    return f"{article.id}|{article.content_hash[:16]}"


# --------------------------------------------------------------------------- the runner
Processor = Callable[[list[Article]], int]  # stores the articles, returns how many were new


@dataclass(slots=True)
class PollResult:
    source: str
    ok: bool
    not_modified: bool = False
    items: int = 0
    new: int = 0
    stored: int = 0
    error: str | None = None
    retry_in: float = 0.0


@dataclass
class Watcher:
    """Polls each source when due; ``run(rounds=N)`` bounds the loop (tests, cron)."""

    config: WatchConfig
    process: Processor
    state: WatchState
    fetcher: Fetcher | None = None
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    on_poll: Callable[[PollResult], None] = lambda _r: None
    results: list[PollResult] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.fetcher is None:
            self.fetcher = Fetcher(AddressPolicy(allow_private=self.config.allow_private,
                                                 allow_loopback=self.config.allow_loopback),
                                   timeout=self.config.timeout)

    def poll(self, cfg: SourceConfig) -> PollResult:
        row = self.state.source(cfg)
        assert self.fetcher is not None
        try:
            result = self.fetcher.get(cfg.url, etag=row["etag"], last_modified=row["last_modified"])
            if result.not_modified:
                self.state.record_success(cfg, result, [], 0, self.clock() + cfg.interval)
                return self._done(PollResult(cfg.name, True, not_modified=True))
            articles, _warnings = articles_from_response(result, kind=cfg.kind, source=cfg.name,
                                                         language=cfg.language)
            keys = {item_key(a): a for a in articles}
            seen = self.state.seen_keys(cfg.name, keys)
            new = [a for k, a in keys.items() if k not in seen]
            if cfg.follow_links:
                new = [self._full_text(a) for a in new]
            stored = self.process(new) if new else 0
            self.state.record_success(cfg, result, [(k, a.content_hash) for k, a in keys.items() if k not in seen],
                                      stored, self.clock() + cfg.interval)
            return self._done(PollResult(cfg.name, True, items=len(articles), new=len(new), stored=stored))
        except (FetchError, FeedError, ValueError, OSError) as exc:
            failures = int(row["failures"]) + 1
            delay = min(self.config.max_backoff, self.config.backoff_base * 2 ** (failures - 1))
            self.state.record_failure(cfg, str(exc), self.clock() + delay)
            return self._done(PollResult(cfg.name, False, error=str(exc), retry_in=delay))

    def _full_text(self, article: Article) -> Article:
        """Replace a feed summary by the linked page's main text, when that is longer."""
        if not article.url:
            return article
        assert self.fetcher is not None
        try:
            page = self.fetcher.get(article.url)
            full, _ = page_article(page.body, page.url, content_type=page.content_type)
        except (FetchError, ValueError):
            return article
        if full is not None and len(full.text) > len(article.text):
            article.text = full.text
            article.extra["full_text_from"] = page.url
        return article

    def _done(self, result: PollResult) -> PollResult:
        self.results.append(result)
        self.on_poll(result)
        return result

    def run(self, *, rounds: int | None = None, stop: Callable[[], bool] = lambda: False,
            max_sleep: float = 60.0) -> list[PollResult]:
        """Poll due sources, sleep until the next is due; ``rounds`` bounds the number of passes."""
        done = 0
        while not stop():
            now = self.clock()
            for cfg in self.config.sources:
                if stop():
                    break
                if float(self.state.source(cfg)["next_due"]) <= now:
                    self.poll(cfg)
            done += 1
            if rounds is not None and done >= rounds:
                break
            due = min(float(self.state.source(c)["next_due"]) for c in self.config.sources)
            self.sleep(max(0.0, min(max_sleep, due - self.clock())))
        return self.results

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()
        self.state.close()


def store_processor(store: Any, router: Any = None, *, batch_size: int = 100) -> Processor:
    """The default processor: code (through ``router``, if given) and store; returns articles added."""

    def process(articles: list[Article]) -> int:
        coded = router(articles) if router is not None else articles
        return store.add_articles(coded, batch_size=batch_size).articles_added

    return process


__all__ = ["SourceConfig", "WatchConfig", "WatchState", "Watcher", "PollResult", "articles_from_response",
           "page_article", "item_key", "store_processor"]
