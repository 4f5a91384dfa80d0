"""Score tocsin's time-expression resolver on a FORMAT.md timex gold file.

Scored as FORMAT.md says: for gold DATE expressions, *found* = some predicted
timex overlaps the gold span; *exact* = an overlapping prediction has exactly the
gold value (over all gold DATEs). Usage:

    python scripts/eval_timex.py [/work/shared/eval/timex-te3.dev.jsonl] [--misses]
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from tocsin.resolve.dates import timexes_for_article

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timex-te3.dev.jsonl"


def score(path: Path, show_misses: bool = False) -> dict[str, float]:
    """Found and exact-value rates on gold DATE timexes of ``path``."""
    n = found = exact = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        pub = date.fromisoformat(rec["published"]) if rec.get("published") else None
        pred = timexes_for_article(rec["text"], pub)
        for g in rec.get("timexes", []):
            if g["type"] != "DATE":
                continue
            n += 1
            hits = [p for p in pred if p["start"] < g["end"] and g["start"] < p["end"]]
            found += bool(hits)
            ok = any(p["value"] == g["value"] for p in hits)
            exact += ok
            if show_misses and not ok:
                got = [(p["text"], p["value"]) for p in hits]
                print(f"  {rec['id']}: gold {g['value']!r} got {got}")
    return {"gold_dates": n, "found": found / n if n else 0.0, "exact": exact / n if n else 0.0}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    result = score(Path(args[0]) if args else DEFAULT, "--misses" in sys.argv)
    print(f"gold DATE {result['gold_dates']}: found {result['found']:.3f}, exact value {result['exact']:.3f}")
