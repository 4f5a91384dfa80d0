"""JSON Lines writer for events, one event per line in the FORMAT.md output shape."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from tocsin.model import Event


class JsonlWriter:
    """Write events to a path, or to stdout for ``-``/None; use as a context manager."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.handle: IO[str] | None = None
        self.count = 0

    def __enter__(self) -> "JsonlWriter":
        if self.path in (None, "-"):
            self.handle = sys.stdout
        else:
            self.handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in __exit__
        return self

    def write(self, events: Iterable[Event]) -> None:
        assert self.handle is not None
        for event in events:
            self.handle.write(json.dumps(event.as_dict(), ensure_ascii=False) + "\n")
            self.count += 1

    def write_dict(self, record: dict[str, Any]) -> None:
        assert self.handle is not None
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None and self.handle is not sys.stdout:
            self.handle.close()
        elif self.handle is sys.stdout:
            sys.stdout.flush()
