"""``tocsin demo``: the command-line face of ``tocsin.demo.run_demo`` (wired in ``tocsin/cli.py``)."""
from __future__ import annotations

import typer


def demo_command(
    port: int = typer.Option(8000, help="TCP port of the dashboard."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    db: str | None = typer.Option(None, "--db", help="Store URL to build (default: a new SQLite file in a temporary folder)."),
    serve: bool = typer.Option(True, help="Serve the dashboard after building the store (--no-serve: build only)."),
    model: str | None = typer.Option(None, help="spaCy model name."),
) -> None:
    """Code the bundled Belarus 2020 demo corpus into a fresh store, backtest the alerts, serve the dashboard."""
    from tocsin.demo import run_demo

    run_demo(db, host, port, serve=serve, model=model)
