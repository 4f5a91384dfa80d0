"""Run the pipeline over a gold file and score it: the library side of ``tocsin eval``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tocsin.eval.events import Report, gold_kind, score_accept, score_events
from tocsin.model import Article


def load_gold(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_eval(path: Path, *, model: str | None = None, pipeline: Any = None, half: str | None = None) -> Report:
    """Code every gold record with the real pipeline and score it against its labels.

    ``half``: "even" or "odd" scores only the records at even (0, 2, ...) or odd
    positions in the file: rules are developed on one half and checked on the other,
    and the confidence model is fitted on the even half (``scripts/fit_calibration.py``).
    """
    from tocsin.pipeline import Pipeline

    records = load_gold(path)
    if half is not None:
        if half not in ("even", "odd"):
            raise ValueError(f"half must be 'even' or 'odd', not {half!r}")
        records = records[0 if half == "even" else 1::2]
    if not records:
        raise ValueError(f"{path}: no records")
    kind = gold_kind(records[0])
    pipe = pipeline or Pipeline(model)
    articles = [Article.from_dict(r, origin=f"{path}:{i}") for i, r in enumerate(records, 1)]
    coded = list(pipe(articles))
    pairs = list(zip(records, coded))
    if kind == "events":
        return score_events(str(path), pairs)
    return score_accept(str(path), pairs)
