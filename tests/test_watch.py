"""``tocsin watch``: conditional polling, backoff, durable per-source status, no loss or duplicates."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tocsin.sources.watch import WatchConfig, Watcher, WatchState, store_processor
from tocsin.store import open_store

FIX = Path(__file__).parent / "fixtures" / "sources"


class _Feeds(BaseHTTPRequestHandler):
    body = b""
    etag = '"v1"'
    fail = False
    hits: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802
        cls = type(self)
        cls.hits.append((self.path, self.headers.get("If-None-Match")))
        if cls.fail:
            self.send_response(503)
            self.end_headers()
            return
        if self.path == "/page.html":
            body = (FIX / "page.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.headers.get("If-None-Match") == cls.etag:
            self.send_response(304)
            self.send_header("ETag", cls.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", cls.etag)
        self.send_header("Content-Length", str(len(cls.body)))
        self.end_headers()
        self.wfile.write(cls.body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def site():
    _Feeds.body = (FIX / "feed.xml").read_bytes()
    _Feeds.etag, _Feeds.fail, _Feeds.hits = '"v1"', False, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def _config(tmp_path, site, **watch):
    text = f"""
[watch]
store = "sqlite:///{tmp_path}/events.db"
interval = 60
backoff_base = 10
max_backoff = 100
allow_loopback = {str(watch.get('allow_loopback', True)).lower()}

[[sources]]
name = "gazette"
url = "{site}/feed.xml"
kind = "feed"

[[sources]]
name = "lake-post"
url = "{site}/page.html"
kind = "page"
interval = 120
"""
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return WatchConfig.load(path)


def _watcher(cfg, tmp_path, clock, store):
    state = WatchState(cfg.state_path(cfg.store))
    return Watcher(cfg, store_processor(store), state, clock=clock, sleep=clock.sleep)


def test_config_and_state_location(tmp_path, site):
    cfg = _config(tmp_path, site)
    assert [s.name for s in cfg.sources] == ["gazette", "lake-post"]
    assert cfg.sources[1].interval == 120 and cfg.sources[0].interval == 60
    assert cfg.state_path(cfg.store) == f"{tmp_path}/events-watch.db"
    with pytest.raises(ValueError, match="unknown keys"):
        WatchConfig.from_dict({"watch": {"intervall": 3}, "sources": [{"url": "http://x.example/"}]})
    with pytest.raises(ValueError, match="no \\[\\[sources\\]\\]"):
        WatchConfig.from_dict({"watch": {}})


def test_polls_conditionally_and_records_status(tmp_path, site):
    cfg = _config(tmp_path, site)
    clock = Clock()
    with open_store(cfg.store) as store:
        watcher = _watcher(cfg, tmp_path, clock, store)
        watcher.run(rounds=3)  # t=0 both; t=60 gazette (304); t=120 both again
        status = {row["name"]: row for row in watcher.state.status()}
        assert store.stats()["articles"] == 4
        watcher.close()
    feed_hits = [h for h in _Feeds.hits if h[0] == "/feed.xml"]
    assert feed_hits[0][1] is None and all(h[1] == '"v1"' for h in feed_hits[1:])
    gazette = status["gazette"]
    assert gazette["etag"] == '"v1"' and gazette["items_seen"] == 3 and gazette["failures"] == 0
    assert gazette["articles_stored"] == 3 and gazette["last_success"] and gazette["polls"] == 3
    assert status["lake-post"]["items_seen"] == 1


def test_backoff_doubles_then_recovers(tmp_path, site):
    cfg = _config(tmp_path, site)
    clock = Clock()
    _Feeds.fail = True
    with open_store(cfg.store) as store:
        watcher = _watcher(cfg, tmp_path, clock, store)
        delays = [watcher.poll(cfg.sources[0]).retry_in for _ in range(5)]
        assert delays == [10, 20, 40, 80, 100]
        row = watcher.state.source(cfg.sources[0])
        assert row["failures"] == 5 and "503" in row["last_error"]
        _Feeds.fail = False
        result = watcher.poll(cfg.sources[0])
        assert result.ok and result.stored == 3
        assert watcher.state.source(cfg.sources[0])["failures"] == 0
        watcher.close()


def test_kill_between_store_and_state_loses_and_duplicates_nothing(tmp_path, site):
    cfg = _config(tmp_path, site)
    clock = Clock()

    class Killed(BaseException):
        pass

    with open_store(cfg.store) as store:
        state = WatchState(cfg.state_path(cfg.store))
        inner = store_processor(store)

        def dies_after_storing(articles):
            inner(articles)
            raise Killed  # the process dies after the store commit, before the state commit

        watcher = Watcher(cfg, dies_after_storing, state, clock=clock, sleep=clock.sleep)
        with pytest.raises(Killed):
            watcher.poll(cfg.sources[0])
        state.close()
        assert store.stats()["articles"] == 3

        # restart: a new process opens the same state file
        state = WatchState(cfg.state_path(cfg.store))
        assert state.source(cfg.sources[0])["etag"] is None  # not recorded: the feed is fetched again
        seen = []

        def counting(articles):
            seen.extend(articles)
            return inner(articles)

        watcher = Watcher(cfg, counting, state, clock=clock, sleep=clock.sleep)
        result = watcher.poll(cfg.sources[0])
        assert result.new == 3 and result.stored == 0  # the store skipped them: no duplicates
        assert store.stats()["articles"] == 3
        # a feed with one more entry: only that one is new
        _Feeds.body = _Feeds.body.replace(b"</channel>", b"<item><guid>gazette-1003</guid><title>Rally</title>"
                                          b"<description>Students rallied on Friday.</description></item></channel>")
        _Feeds.etag = '"v2"'
        result = watcher.poll(cfg.sources[0])
        assert (result.items, result.new, result.stored) == (4, 1, 1)
        assert store.stats()["articles"] == 4
        watcher.close()


def test_loopback_refused_without_permission(tmp_path, site):
    cfg = _config(tmp_path, site, allow_loopback=False)
    clock = Clock()
    with open_store(cfg.store) as store:
        watcher = _watcher(cfg, tmp_path, clock, store)
        result = watcher.poll(cfg.sources[0])
        assert not result.ok and "loopback" in result.error
        watcher.close()
    assert _Feeds.hits == []
