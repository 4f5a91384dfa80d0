"""Fit the coder's confidence model (``tocsin/data/calibration.json``) on dev gold.

    python scripts/fit_calibration.py                      # report only: fit on even records, check on odd
    python scripts/fit_calibration.py --write              # ... and write calibration.json
    python scripts/fit_calibration.py --fit case --check plover   # fit on one set, check on the other

Each coded event (negated ones aside: the scorer does not count them) is one
example: its features (``EventCoder._features``) and whether its type is right
(in the record's gold types, or in its ``accept_types``). A logistic model with
an L2 penalty is fitted by Newton's method (numpy only, deterministic). The
script prints the reliability table and the expected calibration error (ECE)
of the old hand-set confidence and of the fitted one on the fit set, on the
check set (never fitted on) and in-sample on everything.

Records are split by their position in the gold file: even lines (0, 2, 4 ...)
and odd lines. The shipped coefficients are fitted on the even records of both
sets, so the odd records stay an honest check. Refit when the coder changes:
the features move with it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path

import numpy as np

from tocsin.coding.calibration import fit_logistic

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = [ROOT.parent / "shared" / "eval" / "events-plover-gsr.dev.jsonl",
                ROOT.parent / "shared" / "eval" / "events-case2021.dev.jsonl"]


def legacy(f: dict[str, float]) -> float:
    """The hand-set confidence the coder used before this model (for the 'before' figures)."""
    weight = 1.0 / (1.0 + math.exp(-f.get("prior", 0.0)))
    score = weight + (0.05 if f.get("absorbed") else 0.0)
    if f.get("actor_coded"):
        score += 0.08
    elif f.get("actor_none"):
        score -= 0.1
    if f.get("recipient_missing"):
        score -= 0.1
    if f.get("status_hypothetical") or f.get("status_negated"):
        score -= 0.05
    if f.get("background"):
        score *= 0.6
    return max(0.05, min(0.97, score))


def collect(paths: list[Path]) -> list[dict]:
    """Code every gold record; one row per reported event: set, parity, features, label."""
    from tocsin.eval.runner import load_gold
    from tocsin.model import Article
    from tocsin.pipeline import Pipeline

    pipe = Pipeline()
    rows: list[dict] = []
    for path in paths:
        records = load_gold(path)
        name = "case" if "case" in path.name else "plover" if "plover" in path.name else path.stem
        articles = [Article.from_dict(r, origin=f"{path}:{i}") for i, r in enumerate(records, 1)]
        pipe.coder.record = []
        for i, (gold, _article) in enumerate(zip(records, pipe(articles))):
            # the pipeline yields each article once coded: the record holds its events only
            if "accept_types" in gold:
                right = set(gold["accept_types"])
            else:
                right = {e["event_type"] for e in gold["events"]}
            for event, feats in pipe.coder.record:
                if event.status == "negated":
                    continue
                rows.append({"set": name, "parity": "even" if i % 2 == 0 else "odd", "features": feats,
                             "label": event.event_type in right, "confidence": event.confidence})
            pipe.coder.record = []
    return rows


def table(points: list[tuple[float, bool]]) -> tuple[list[dict], float | None]:
    from tocsin.eval.events import expected_calibration_error, reliability

    rows = reliability(points)
    return rows, expected_calibration_error(rows)


def show(title: str, points: list[tuple[float, bool]]) -> float | None:
    rows, ece = table(points)
    print(f"\n{title}: {len(points)} events, ECE {ece}")
    print("| confidence | events | mean predicted | observed precision |\n|---|---|---|---|")
    for r in rows:
        print(f"| {r['bucket']} | {r['events']} | {r['mean_predicted']:.3f} | {r['observed_precision']:.3f} |")
    return ece


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--fit", default="even", help="even | odd | case | plover: which examples to fit on")
    parser.add_argument("--check", default=None, help="which to check on (default: the complement of --fit)")
    parser.add_argument("--l2", type=float, default=6.0,
                        help="L2 penalty on the coefficients (not the intercept); 6 held best on the odd half (round 2)")
    parser.add_argument("--no-balance", dest="balance", action="store_false",
                        help="weigh every event alike (default: each gold set weighs the same in total)")
    parser.add_argument("--write", action="store_true", help="write tocsin/data/calibration.json")
    args = parser.parse_args()
    missing = [str(p) for p in args.gold if not p.exists()]
    if missing:
        sys.exit(f"absent: {missing}")
    complement = {"even": "odd", "odd": "even", "case": "plover", "plover": "case"}
    check = args.check or complement[args.fit]

    def picks(which: str, row: dict) -> bool:
        return row["parity"] == which if which in ("even", "odd") else row["set"] == which

    rows = collect(args.gold)
    names = sorted({k for r in rows for k in r["features"]})
    fit_rows = [r for r in rows if picks(args.fit, r)]
    x = np.array([[1.0] + [r["features"].get(k, 0.0) for k in names] for r in fit_rows])
    y = np.array([float(r["label"]) for r in fit_rows])
    weights = None
    if args.balance:  # each gold set weighs the same in total, however many events it yields
        sets = [r["set"] for r in fit_rows]
        count = {name: sets.count(name) for name in set(sets)}
        weights = np.array([len(sets) / (len(count) * count[name]) for name in sets])
    w = fit_logistic(x, y, args.l2, weights=weights, iters=50)
    intercept, coef = float(w[0]), {k: float(v) for k, v in zip(names, w[1:])}

    from tocsin.coding.calibration import Calibration

    model = Calibration(intercept=intercept, coef=coef)
    print(f"fitted on {args.fit}: {len(fit_rows)} events ({int(y.sum())} right); L2 {args.l2}; "
          f"sets balanced: {args.balance}")
    print(f"intercept {intercept:+.3f}; " + ", ".join(f"{k} {v:+.3f}" for k, v in sorted(coef.items(), key=lambda kv: -abs(kv[1]))))
    figures: dict[str, dict[str, float | None]] = {}
    for label, subset in ((f"fit set ({args.fit})", fit_rows),
                          (f"check set ({check})", [r for r in rows if picks(check, r)]),
                          ("in-sample (all)", rows)):
        before = show(f"BEFORE, {label}", [(legacy(r["features"]), r["label"]) for r in subset])
        after = show(f"AFTER, {label}", [(model.probability(r["features"]), r["label"]) for r in subset])
        figures[label] = {"events": len(subset), "ece_before": before, "ece_after": after}
    for name in sorted({r["set"] for r in rows}):
        for parity in ("even", "odd"):
            subset = [r for r in rows if r["set"] == name and r["parity"] == parity]
            b = table([(legacy(r["features"]), r["label"]) for r in subset])[1]
            a = table([(model.probability(r["features"]), r["label"]) for r in subset])[1]
            figures[f"{name} {parity}"] = {"events": len(subset), "ece_before": b, "ece_after": a}
    print("\nECE by set and half (before -> after):")
    for label, fig in figures.items():
        print(f"  {label}: {fig['events']} events, {fig['ece_before']} -> {fig['ece_after']}")
    if args.write:
        out = {
            "version": dt.date.today().isoformat() + f"-{args.fit}",
            "about": ("Confidence model of the English coder (tocsin.coding.calibration): P(event type is right) = "
                      "sigmoid(intercept + sum(coef[f] * feature f)), features from EventCoder._features. Fitted by "
                      "scripts/fit_calibration.py (penalised logistic regression) on the dev gold records named in "
                      "fitted_on; checked on the others. Refit whenever the coder changes."),
            "fitted_on": f"{args.fit} records of " + ", ".join(p.name for p in args.gold),
            "l2": args.l2, "balanced_sets": args.balance, "examples": len(fit_rows), "floor": 0.02, "ceiling": 0.98,
            "intercept": round(intercept, 4), "coef": {k: round(v, 4) for k, v in coef.items()},
            "ece": figures,
        }
        target = ROOT / "tocsin" / "data" / "calibration.json"
        target.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
