"""Feeds, tables, pages and the dispatch hook: every connector yields Articles; XML bombs are refused."""
from __future__ import annotations

import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tocsin.sources.dispatch import read_sources
from tocsin.sources.feeds import FeedError, html_to_text, looks_like_feed, parse_feed
from tocsin.sources.fetch import AddressPolicy, BlockedAddress, Fetcher
from tocsin.sources.files import ReadStats
from tocsin.sources.tabular import parse_mapping, read_csv, read_jsonl_mapped

FIX = Path(__file__).parent / "fixtures" / "sources"


def test_rss_entries_become_articles():
    info, articles = parse_feed((FIX / "feed.xml").read_bytes(), url="https://gazette.example.org/rss")
    assert info.title == "Harbour Gazette" and info.language == "en"
    assert [a.id for a in articles] == ["gazette-1001", "gazette-1002", "https://gazette.example.org/2021/03/canal"]
    first = articles[0]
    assert first.title == "Dock workers strike in Port Varna"
    assert first.url == "https://gazette.example.org/2021/03/dock-strike"
    assert first.published.isoformat() == "2021-03-01"
    assert first.source == "Harbour Gazette" and first.language == "en"
    assert first.text.split("\n\n") == [
        "Dock workers in Port Varna walked off the job on Monday, the union said.",
        "The harbour board said talks would resume on Thursday."]
    assert "LEAK" not in first.text


def test_atom_content_is_html_converted():
    _, articles = parse_feed((FIX / "atom.xml").read_bytes())
    assert len(articles) == 1
    assert articles[0].text == ("Several hundred teachers rallied outside the town hall on Friday.\n\n"
                                "They asked the council for higher pay.")
    assert articles[0].published.isoformat() == "2021-03-05"


@pytest.mark.parametrize("name", ["bomb.xml", "external.xml"])
def test_entity_declarations_are_rejected_not_expanded(name):
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FeedError, match="entity"):
        parse_feed((FIX / name).read_bytes())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 20_000_000  # the bomb would expand to ~1 GB


def test_malformed_feed_is_read_leniently_or_refused():
    broken = b"<rss><channel><title>T</title><item><title>x</title><description>Workers marched." \
             b"</description></item></channel>"
    info, articles = parse_feed(broken)
    assert articles and articles[0].text == "Workers marched."
    with pytest.raises(FeedError):
        parse_feed(b"this is not a feed at all")


def test_html_to_text_and_sniffing():
    assert html_to_text("<p>One.</p><p>Two <b>bold</b>.</p><style>x{}</style>") == "One.\n\nTwo bold."
    assert html_to_text("plain text") == "plain text"
    assert looks_like_feed(b'<?xml version="1.0"?>\n<rss version="2.0">')
    assert not looks_like_feed(b"<!DOCTYPE html><html>")


def test_csv_with_column_mapping():
    errors = []
    mapping = parse_mapping("id=guid,title=headline,text=body,published=pub_date,url=link,source=outlet")
    articles = list(read_csv(FIX / "table.csv", mapping, on_error=lambda o, r: errors.append((o, r))))
    assert [a.id for a in articles] == ["c-1", "c-2"]
    assert articles[0].source == "Elm Daily" and articles[0].published.isoformat() == "2021-05-03"
    assert errors == [(str(FIX / "table.csv") + ":4", "no text in column 'body'")]
    with pytest.raises(ValueError):
        parse_mapping("body=text")


def test_jsonl_with_dotted_mapping(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text('{"key": 1, "content": "Miners marched.", "meta": {"date": "2021-06-01"}}\n'
                    'not json\n{"key": 2}\n', encoding="utf-8")
    errors = []
    articles = list(read_jsonl_mapped(path, {"id": "key", "text": "content", "published": "meta.date"},
                                      on_error=lambda o, r: errors.append(o)))
    assert [(a.id, a.published.isoformat()) for a in articles] == [("1", "2021-06-01")]
    assert [e.rsplit(":", 1)[1] for e in errors] == ["2", "3"]


def test_dispatch_reads_every_kind_and_keeps_old_behaviour(tmp_path):
    stats = ReadStats()
    errors = []
    inputs = [str(FIX / "feed.xml"), str(FIX / "telegram_result.json"), str(FIX / "page.html")]
    articles = list(read_sources(inputs, on_error=errors.append, stats=stats))
    kinds = [a.id for a in articles]
    assert kinds[:3] == ["gazette-1001", "gazette-1002", "https://gazette.example.org/2021/03/canal"]
    assert kinds[3].startswith("tg:") and kinds[-1] == "page"
    page = articles[-1]
    assert page.title == "Nurses march in Lake Town" and "PAGE_SCRIPT_LEAK" not in page.text
    assert stats.articles == len(articles) and stats.errors == 0
    (tmp_path / "a.txt").write_text("Workers marched on Monday.", encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,text\nx,Farmers protested.\n", encoding="utf-8")
    got = list(read_sources([str(tmp_path)], on_error=errors.append))
    assert sorted(a.id for a in got) == ["a", "x"]


def test_dispatch_reports_bomb_and_goes_on():
    errors = []
    got = list(read_sources([str(FIX / "bomb.xml"), str(FIX / "atom.xml")], on_error=errors.append))
    assert len(got) == 1 and len(errors) == 1 and "entity" in errors[0].reason


# -- fetching ----------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[bytes, str]] = {}

    def do_GET(self):  # noqa: N802
        if self.path == "/redirect-out":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/secret")
            self.end_headers()
            return
        body, ctype = self.routes.get(self.path, (b"", ""))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", ctype or "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    _Handler.routes = {"/feed.xml": ((FIX / "feed.xml").read_bytes(), "application/rss+xml"),
                       "/page.html": ((FIX / "page.html").read_bytes(), "text/html; charset=utf-8")}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_loopback_is_refused_unless_allowed(server):
    with Fetcher() as fetcher, pytest.raises(BlockedAddress, match="loopback"):
        fetcher.get(server + "/feed.xml")
    errors = []
    assert list(read_sources([server + "/feed.xml"], on_error=errors.append)) == []
    assert "loopback" in errors[0].reason
    got = list(read_sources([server + "/feed.xml", server + "/page.html"], allow_loopback=True,
                            on_error=errors.append))
    assert len(got) == 4 and got[-1].title == "Nurses march in Lake Town"


def test_redirect_to_private_address_is_refused(server):
    with Fetcher(AddressPolicy(allow_loopback=True)) as fetcher, pytest.raises(BlockedAddress, match="private"):
        fetcher.get(server + "/redirect-out")


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://[::1]/",
                                 "file:///etc/passwd", "http://0.0.0.0/"])
def test_policy_refuses_internal_targets(url):
    with pytest.raises(BlockedAddress):
        AddressPolicy().check_url(url)
