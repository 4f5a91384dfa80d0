"""Measure geoparsing (and event-location linking) on the gold sets of ../shared/eval.

A thin wrapper around ``tocsin.eval.resolution`` (``tocsin eval geo-*.jsonl`` prints the same):

    python scripts/eval_geo.py [--limit N] [--errors K] [--half even|odd] [files...]

``--half`` scores every other record only (0-based even or odd line numbers): develop on one
half of each gold file, report the other, so that tuning to single records shows up.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tocsin.eval.resolution import score_resolution

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEFAULT = [EVAL / "geo-geovirus.jsonl", EVAL / "geo-lgl.jsonl"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="show the K commonest errors of each kind")
    ap.add_argument("--half", choices=("even", "odd"), help="score every other record only")
    args = ap.parse_args()
    for path in args.files or DEFAULT:
        if not path.exists():
            print(f"skip {path}: not found")
            continue
        if args.half:
            with tempfile.TemporaryDirectory() as tmp:
                half = Path(tmp) / path.name
                lines = [x for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]
                half.write_text("\n".join(lines[args.half == "odd"::2]) + "\n", encoding="utf-8")
                res = score_resolution(half, limit=args.limit, errors=args.errors)
        else:
            res = score_resolution(path, limit=args.limit, errors=args.errors)
        if res is None:
            print(f"skip {path}: not a geo/event-location gold file")
            continue
        errors = res.pop("errors", None)
        print(f"== {path.name}: " + ", ".join(f"{k}={v}" for k, v in res.items()))
        if isinstance(errors, dict):
            for kind, items in errors.items():
                print(f"  {kind}:", items)
        elif errors:
            print("\n".join(f"  {e}" for e in errors))


if __name__ == "__main__":
    main()
