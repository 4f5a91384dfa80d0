"""Score the time-expression resolver on a FORMAT.md timex gold file (found, exact value on DATEs).

A thin wrapper around ``tocsin.eval.resolution.score_timex`` (``tocsin eval timex-*.jsonl``):

    python scripts/eval_timex.py [/work/shared/eval/timex-te3.dev.jsonl] [--misses]
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tocsin.eval.resolution import score_timex

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timex-te3.dev.jsonl"


def score(path: Path, show_misses: bool = False) -> dict[str, Any]:
    """``score_timex`` (kept under this name for tests/test_dates.py), printing misses on request."""
    result = score_timex(path, errors=100_000 if show_misses else 0)
    for miss in result.pop("errors", []):
        print(f"  {miss}")
    return result


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    result = score(Path(args[0]) if args else DEFAULT, "--misses" in sys.argv)
    print(f"gold DATE {result['gold_dates']}: found {result['found']:.3f}, exact value {result['exact']:.3f}")
