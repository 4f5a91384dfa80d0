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
    """A real uvicorn serving the store on a free loopback port; yields its base URL."""
    from tocsin.api import running_server as serve_in_background

    try:
        with serve_in_background(store_url) as base:
            yield base
    except RuntimeError as exc:
        pytest.fail(str(exc))
