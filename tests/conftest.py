"""Shared fixtures: the real pipeline (loaded once per test session) and ../shared paths."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from tocsin.pipeline import Pipeline

    return Pipeline(keep_docs=False)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a user's clone has none)")
    return SHARED


@pytest.fixture(scope="session")
def code(pipeline):
    """code(text, published=None) -> list of events (the real model)."""

    def run(text: str, published: str | None = "2021-03-03"):
        return pipeline.code_text(text, published=published).events

    return run


@contextmanager
def running_server(store_url: str):
    """A real uvicorn serving ``create_app(store_url)`` on a free loopback port; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    from tocsin.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store_url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
