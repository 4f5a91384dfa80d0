"""``tocsin demo``: code the bundled Belarus 2020 corpus into a fresh store and serve the dashboard.

    from tocsin.demo import run_demo
    run_demo(None, "127.0.0.1", 8000)                # a new SQLite file in a temporary folder
    stats = run_demo("sqlite:///demo.db", serve=False)  # build only

The corpus (``examples/demo/belarus-2020.jsonl``) is a set of short wire-style
reports, written for tocsin, on the crisis that followed the Belarusian election of
9 August 2020, told by five fictional outlets (several reports per event, so that
deduplication has something to merge), plus a few routine reports on Portugal as a
quiet control country.

After coding, the demo replays the corpus period day by day with the default alert
rules (a backtest with no look-ahead, ``tocsin.alerts.engine.backfill``) and stores
what would have fired, so the dashboard's Alerts panel (and ``GET /alerts``) shows
the protest surge and the sanctions against Belarus.
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


def store_demo_alerts(db_url: str, rules: Any = None) -> list[dict[str, Any]]:
    """Backtest the whole stored period with ``rules`` (default: the shipped rules) and store the alerts.

    Day by day with no look-ahead: each day sees only the reports published by then.
    Returns the alerts new to the store (none when run twice on one database).
    """
    from tocsin.alerts.engine import backfill
    from tocsin.alerts.rules import load_rules
    from tocsin.store import open_store

    with open_store(db_url) as store:
        return backfill(store, rules if rules is not None else load_rules())


def run_demo(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, serve: bool = True,
             *, model: str | None = None) -> dict[str, Any]:
    """Build the demo store, then (``serve=True``) serve the API and dashboard until interrupted."""
    url, counts = build_demo_store(db_url, model=model)
    print(f"demo: {counts['articles_added']} articles, {counts['mentions']} coded events -> "
          f"{counts['events']} canonical events ({counts['events_merged']} merged) in {url}", file=sys.stderr)
    alerts = store_demo_alerts(url)
    counts["alerts_added"] = len(alerts)
    print(f"demo: {len(alerts)} alert(s) from a day-by-day backtest of the corpus period", file=sys.stderr)
    if serve:
        from tocsin.api import serve as serve_api

        print(f"demo: dashboard at http://{host}:{port}/  (API docs at /docs; Ctrl-C to stop)", file=sys.stderr)
        serve_api(url, host=host, port=port, log_level="warning")
    return {"db": url, **counts}
