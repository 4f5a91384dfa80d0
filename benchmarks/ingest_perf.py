"""Ingestion throughput and memory: a local feed server -> fetch -> parse -> (code) -> store.

    python benchmarks/ingest_perf.py [--entries 2000] [--feeds 5] [--code N]

Serves generated RSS feeds (invented one-paragraph stories) from a local
http.server on 127.0.0.1, then measures, in this process:

* fetch + parse: articles/s through ``Fetcher`` (address policy, loopback allowed)
  and ``parse_feed`` (defusedxml check + feedparser + HTML to text);
* store: articles/s into a fresh SQLite store (``Store.add_articles``), uncoded;
* with ``--code N``: articles/s for N articles through ``LanguageRouter`` (English
  pipeline) and the store, the end-to-end rate of ``tocsin watch``;
* the process's max RSS; with ``--trace`` the peak Python heap per phase (timings are
  then not representative: tracemalloc slows Python several times).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tocsin.sources.feeds import parse_feed  # noqa: E402
from tocsin.sources.fetch import AddressPolicy, Fetcher  # noqa: E402

TOWNS = ["Port Varna", "Elm City", "Lake Town", "Northgate", "Old Mill"]
GROUPS = ["dock workers", "teachers", "nurses", "bus drivers", "farmers"]
ACTS = ["went on strike", "marched through the centre", "blocked the main road", "rallied outside the council"]


def make_feed(n: int, offset: int) -> bytes:
    items = []
    for i in range(offset, offset + n):
        town, group, act = TOWNS[i % 5], GROUPS[(i // 5) % 5], ACTS[(i // 25) % 4]
        text = (f"<p>Hundreds of {group} in {town} {act} on Monday, story {i}.</p>"
                f"<p>The regional council said it would meet their representatives next week.</p>")
        items.append(f"<item><title>{escape(group.title())} in {town}</title><guid>story-{i}</guid>"
                     f"<link>https://news.example.org/{i}</link><pubDate>Mon, 01 Mar 2021 08:00:00 GMT</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
            + "".join(items) + "</channel></rss>").encode("utf-8")


def heap(peak: int) -> str:
    return f"(peak heap {peak / 1e6:.1f} MB)" if tracemalloc.is_tracing() else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=2000, help="entries per feed")
    parser.add_argument("--feeds", type=int, default=5)
    parser.add_argument("--code", type=int, default=0, help="also code this many articles (English pipeline)")
    parser.add_argument("--trace", action="store_true",
                        help="measure peak Python heap per phase with tracemalloc (slows everything 5-20x)")
    args = parser.parse_args()
    feeds = {f"/feed{k}.xml": make_feed(args.entries, k * args.entries) for k in range(args.feeds)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = feeds.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    total_bytes = sum(len(b) for b in feeds.values())

    if args.trace:
        tracemalloc.start()
    started = time.perf_counter()
    articles = []
    with Fetcher(AddressPolicy(allow_loopback=True)) as fetcher:
        for path in feeds:
            result = fetcher.get(base + path)
            _, got = parse_feed(result.body, url=result.url, source="bench")
            articles += got
    fetch_s = time.perf_counter() - started
    _, fetch_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    print(f"feeds: {args.feeds} x {args.entries} entries, {total_bytes / 1e6:.1f} MB of XML")
    print(f"fetch+parse: {len(articles)} articles in {fetch_s:.2f} s = {len(articles) / fetch_s:,.0f} articles/s "
          f"{heap(fetch_peak)}")

    from tocsin.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{tmp}/bench.db") as store:
            started = time.perf_counter()
            stats = store.add_articles(articles, batch_size=500)
            store_s = time.perf_counter() - started
            _, store_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            print(f"store (uncoded): {stats.articles_added} articles in {store_s:.2f} s = "
                  f"{stats.articles_added / store_s:,.0f} articles/s {heap(store_peak)}")
            started = time.perf_counter()
            again = store.add_articles(articles, batch_size=500)
            print(f"re-ingest (all duplicates): {again.articles_skipped} skipped in {time.perf_counter() - started:.2f} s")
        if args.code:
            from tocsin.lang.router import LanguageRouter

            router = LanguageRouter()
            sample = [a for a in articles[: args.code]]
            for a in sample:
                a.text = a.text.replace("story", "report")  # new content hashes
            with open_store(f"sqlite:///{tmp}/coded.db") as store:
                router.pipeline  # load the model outside the timing
                started = time.perf_counter()
                coded = store.add_articles(router(sample), batch_size=100)
                code_s = time.perf_counter() - started
                _, code_peak = tracemalloc.get_traced_memory()
                print(f"detect+code+store: {coded.articles_added} articles, {coded.mentions} events in {code_s:.2f} s "
                      f"= {coded.articles_added / code_s:,.1f} articles/s {heap(code_peak)}")
    tracemalloc.stop()
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    httpd.shutdown()


if __name__ == "__main__":
    main()
