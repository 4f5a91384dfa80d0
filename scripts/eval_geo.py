"""Measure geoparsing on the gold place sets of ../shared/eval (FORMAT.md "places").

Reports, per file: recall (gold toponyms overlapped by a predicted place), accuracy@161 km
(found AND resolved within 161 km, over all gold toponyms), median error of the found ones,
correct country where gold has one, and precision (predicted places overlapping a gold one).

    python scripts/eval_geo.py [--limit N] [--errors K] [files...]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tocsin.resolve.places import PlaceResolver, _nlp, geoparse, haversine_km

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEFAULT = [EVAL / "geo-geovirus.jsonl", EVAL / "geo-lgl.jsonl"]


def evaluate(path: Path, limit: int | None, errors: int) -> dict[str, float]:
    resolver = PlaceResolver.default()
    nlp = _nlp()
    gold_n = found = close = pred_n = pred_ok = 0
    country_ok = country_n = 0
    dists: list[float] = []
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    t0 = time.perf_counter()
    with path.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if limit is not None and k >= limit:
                break
            rec = json.loads(line)
            text, gold = rec["text"], rec.get("toponyms") or []
            places = geoparse(text, nlp(text), resolver=resolver)
            pred_n += len(places)
            for p in places:
                if any(p.start < g["end"] and g["start"] < p.end for g in gold):
                    pred_ok += 1
                else:
                    spurious[p.text] += 1
            for g in gold:
                gold_n += 1
                hits = [p for p in places if p.start < g["end"] and g["start"] < p.end]
                if not hits:
                    missed[text[g["start"]:g["end"]].strip(" ,.'")] += 1
                    continue
                found += 1
                p = hits[0]
                if p.lat is None or g.get("lat") is None:
                    continue
                d = haversine_km(p.lat, p.lon, float(g["lat"]), float(g["lon"]))
                dists.append(d)
                if d <= 161:
                    close += 1
                else:
                    wrong[f"{p.text} -> {p.name},{p.country} ({d:.0f} km)"] += 1
                if g.get("country"):
                    country_n += 1
                    country_ok += g["country"] == p.country
    secs = time.perf_counter() - t0
    res = {
        "gold": gold_n, "recall": found / gold_n, "acc161": close / gold_n,
        "acc161_of_found": close / max(found, 1), "median_km": statistics.median(dists) if dists else 0.0,
        "precision": pred_ok / max(pred_n, 1), "country_acc": country_ok / country_n if country_n else None,
        "seconds": secs,
    }
    print(f"== {path.name}: " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                         for k, v in res.items()))
    if errors:
        print("  missed:", missed.most_common(errors))
        print("  wrong:", wrong.most_common(errors))
        print("  spurious:", spurious.most_common(errors))
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="show the K commonest errors of each kind")
    args = ap.parse_args()
    for path in args.files or DEFAULT:
        if not path.exists():
            print(f"skip {path}: not found")
            continue
        evaluate(path, args.limit, args.errors)


if __name__ == "__main__":
    main()
