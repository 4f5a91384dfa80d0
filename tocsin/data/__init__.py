"""Versioned knowledge files shipped with tocsin (JSON/TSV); ``path(name)`` finds one."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Location of a shipped data file (a plain path: works for editable and wheel installs)."""
    return DATA_DIR / name


def load_json(name: str) -> Any:
    with open(path(name), encoding="utf-8") as handle:
        return json.load(handle)
