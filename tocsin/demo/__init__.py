"""``tocsin demo``: code the bundled Belarus 2020 corpus into a fresh store and serve the dashboard.

    from tocsin.demo import run_demo
    run_demo(None, "127.0.0.1", 8000)                # a new SQLite file in a temporary folder
    stats = run_demo("sqlite:///demo.db", serve=False)  # build only

The corpus (``examples/demo/belarus-2020.jsonl``) is a set of short wire-style
reports, written for tocsin, on the crisis that followed the Belarusian election of
9 August 2020, told by five fictional outlets (several reports per event, so that
deduplication has something to merge), plus a few routine reports on Portugal as a
quiet control country.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

REPO_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "demo" / "belarus-2020.jsonl"
PACKAGE_CORPUS = Path(__file__).resolve().parent / "belarus-2020.jsonl"


def corpus_path() -> Path:
    """The demo corpus: the repository's ``examples/demo`` file, or a copy shipped in the package."""
    for path in (REPO_CORPUS, PACKAGE_CORPUS):
        if path.is_file():
            return path
    raise FileNotFoundError(f"demo corpus not found at {REPO_CORPUS}")


def build_demo_store(db_url: str | None = None, *, corpus: Path | None = None,
                     model: str | None = None) -> tuple[str, dict[str, int]]:
    """Code the corpus and store it at ``db_url`` (default: a new SQLite file in a temporary folder).

    Returns the store URL and the ingest counts. Articles already in that store
    (same text) are skipped, so running it twice on one database is harmless.
    """
    from tocsin.pipeline import Pipeline
    from tocsin.sources.files import read_articles
    from tocsin.store import open_store

    if db_url is None:
        folder = Path(tempfile.mkdtemp(prefix="tocsin-demo-"))
        db_url = f"sqlite:///{folder / 'demo.db'}"
    path = corpus or corpus_path()

    def on_error(error: object) -> None:
        print(str(error), file=sys.stderr)

    pipeline = Pipeline(model)
    with open_store(db_url) as store:
        stats = store.add_articles(pipeline(read_articles([str(path)], on_error=on_error)))
        counts = {**stats.as_dict(), **store.stats()}
    return db_url, counts


def run_demo(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, serve: bool = True,
             *, model: str | None = None) -> dict[str, Any]:
    """Build the demo store, then (``serve=True``) serve the API and dashboard until interrupted."""
    url, counts = build_demo_store(db_url, model=model)
    print(f"demo: {counts['articles_added']} articles, {counts['mentions']} coded events -> "
          f"{counts['events']} canonical events ({counts['events_merged']} merged) in {url}", file=sys.stderr)
    if serve:
        from tocsin.api import serve as serve_api

        print(f"demo: dashboard at http://{host}:{port}/  (API docs at /docs; Ctrl-C to stop)", file=sys.stderr)
        serve_api(url, host=host, port=port, log_level="warning")
    return {"db": url, **counts}
