"""Scoring the resolvers (places, dates, event locations) against FORMAT.md gold files.

The library side of ``tocsin eval geo-*.jsonl|timex-*.jsonl`` and of ``scripts/eval_geo.py``:

* ``score_geo``: gold toponyms found (a predicted place overlaps the span), found *and* resolved
  within 161 km (the field's standard, over all gold toponyms), median error of the found ones,
  correct country where gold gives one, and precision (predicted places overlapping a gold one);
* ``score_timex``: gold DATE expressions found (span overlap) and with exactly the gold value;
* ``score_event_location``: for one event word, the place mention the coder links
  (``tocsin.resolve.event_location``): right when it overlaps a gold location, or when none is
  chosen and the gold list is empty.

Each returns a flat dict of figures; ``errors=K`` adds the K commonest errors of each kind
(for people reading them, never for tuning to single sentences: a held-out half scores).
"""
from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

WITHIN_KM = 161.0  # 100 miles: the geoparsing field's "correct" radius


def _records(path: Path | str, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        n = 0
        for line in handle:
            if not line.strip():
                continue
            if limit is not None and n >= limit:
                return
            n += 1
            yield json.loads(line)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def resolution_kind(path: Path | str) -> str | None:
    """Which resolver a gold file scores: "geo", "timex", "event-location", or None (events gold)."""
    for rec in _records(path, 1):
        if "toponyms" in rec:
            return "geo"
        if "timexes" in rec:
            return "timex"
        if "event" in rec and "locations" in rec:
            return "event-location"
    return None


def _rate(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def score_geo(gold_path: Path | str, *, limit: int | None = None, errors: int = 0,
              nlp: Any = None) -> dict[str, Any]:
    """Geoparse every gold article and score it (FORMAT.md "places")."""
    from tocsin.resolve.places import PlaceResolver, _nlp, geoparse, haversine_km

    resolver = PlaceResolver.default()
    nlp = nlp or _nlp()
    gold_n = found = close = pred_n = pred_ok = country_ok = country_n = 0
    dists: list[float] = []
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    t0 = time.perf_counter()
    records = list(_records(gold_path, limit))
    docs = nlp.pipe((r["text"] for r in records), batch_size=32)
    for rec, doc in zip(records, docs):
        text, gold = rec["text"], rec.get("toponyms") or []
        places = geoparse(text, doc, resolver=resolver)
        pred_n += len(places)
        for p in places:
            if any(_overlaps(p.start, p.end, g["start"], g["end"]) for g in gold):
                pred_ok += 1
            else:
                spurious[p.text] += 1
        for g in gold:
            gold_n += 1
            hits = [p for p in places if _overlaps(p.start, p.end, g["start"], g["end"])]
            if not hits:
                missed[text[g["start"]:g["end"]].strip(" ,.'")] += 1
                continue
            found += 1
            p = hits[0]
            if g.get("country"):
                country_n += 1
                country_ok += g["country"] == p.country
            if p.lat is None or g.get("lat") is None:
                continue
            d = haversine_km(p.lat, p.lon, float(g["lat"]), float(g["lon"]))
            dists.append(d)
            if d <= WITHIN_KM:
                close += 1
            else:
                wrong[f"{p.text} -> {p.name},{p.country} ({d:.0f} km)"] += 1
    out: dict[str, Any] = {
        "kind": "geo", "articles": len(records), "gold_toponyms": gold_n,
        "found": _rate(found, gold_n),
        "within_161km": _rate(close, gold_n),
        "within_161km_of_found": _rate(close, found),
        "median_km": round(statistics.median(dists), 1) if dists else None,
        "country_accuracy": _rate(country_ok, country_n) if country_n else None,
        "precision": _rate(pred_ok, pred_n),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if errors:
        out["errors"] = {"missed": missed.most_common(errors), "wrong": wrong.most_common(errors),
                         "spurious": spurious.most_common(errors)}
    return out


def score_timex(gold_path: Path | str, *, limit: int | None = None, errors: int = 0) -> dict[str, Any]:
    """Found and exact-value rates on the gold DATE timexes (FORMAT.md "time expressions")."""
    from tocsin.resolve.dates import timexes_for_article

    n = found = exact = 0
    misses: list[str] = []
    records = 0
    for rec in _records(gold_path, limit):
        records += 1
        pub = date.fromisoformat(rec["published"][:10]) if rec.get("published") else None
        pred = timexes_for_article(rec["text"], pub)
        for g in rec.get("timexes") or []:
            if g.get("type") != "DATE":
                continue
            n += 1
            hits = [p for p in pred if _overlaps(p["start"], p["end"], g["start"], g["end"])]
            found += bool(hits)
            ok = any(p["value"] == g["value"] for p in hits)
            exact += ok
            if not ok and len(misses) < errors:
                got = [(p["text"], p["value"]) for p in hits]
                misses.append(f"{rec['id']}: {g.get('text')!r} gold {g['value']!r} got {got}")
    out: dict[str, Any] = {"kind": "timex", "documents": records, "gold_dates": n,
                           "found": _rate(found, n), "exact": _rate(exact, n)}
    if errors:
        out["errors"] = misses
    return out


def score_event_location(gold_path: Path | str, *, limit: int | None = None, errors: int = 0,
                         nlp: Any = None) -> dict[str, Any]:
    """Event-location linking (FORMAT.md): the place chosen for the event word against gold.

    accuracy: right records over all (a chosen span overlapping a gold one, or nothing chosen
    when gold is empty); precision: chosen spans that overlap a gold one; recall: records with
    gold locations whose chosen span overlaps one.
    """
    from tocsin.resolve.event_location import link_event_location
    from tocsin.resolve.places import _nlp

    nlp = nlp or _nlp()
    records = list(_records(gold_path, limit))
    tally = {"all": [0] * 6, "scorable": [0] * 6}  # right, chosen, chosen_ok, with_gold, none_gold, none_right
    wrong: list[str] = []
    t0 = time.perf_counter()
    docs = nlp.pipe((r["text"] for r in records), batch_size=64)
    for rec, doc in zip(records, docs):
        gold = rec.get("locations") or []
        ev = rec["event"]
        pick = link_event_location(doc, ev["start"], ev["end"])
        ok_pick = pick is not None and any(_overlaps(pick[0], pick[1], g["start"], g["end"]) for g in gold)
        ok = ok_pick if gold else pick is None
        # Some gold locations are empty spans (start == end: offsets lost upstream); a record whose
        # every location is empty can be right neither way, so it is also left out of "scorable".
        scorable = not gold or any(g["end"] > g["start"] for g in gold)
        for name in ("all", "scorable") if scorable else ("all",):
            t = tally[name]
            t[0] += ok
            t[1] += pick is not None
            t[2] += ok_pick
            t[3] += bool(gold)
            t[4] += not gold
            t[5] += not gold and pick is None
        if not ok and scorable and len(wrong) < errors:
            text = rec["text"]
            wrong.append(f"{rec['id']}: event {text[ev['start']:ev['end']]!r} gold "
                         f"{[text[g['start']:g['end']] for g in gold]} got "
                         f"{text[pick[0]:pick[1]] if pick else None!r}")
    out: dict[str, Any] = {"kind": "event-location", "records": len(records)}
    for name, (right, chosen, chosen_ok, with_gold, none_gold, none_right) in tally.items():
        n = with_gold + none_gold
        precision = chosen_ok / chosen if chosen else 0.0
        recall = chosen_ok / with_gold if with_gold else 0.0
        suffix = "" if name == "all" else "_scorable"
        out.update({
            f"accuracy{suffix}": _rate(right, n), f"precision{suffix}": round(precision, 4),
            f"recall{suffix}": round(recall, 4),
            f"f1{suffix}": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        })
        if name == "all":
            out["with_location"] = with_gold
            out["none_accuracy"] = _rate(none_right, none_gold)
        else:
            out["scorable_records"] = n
    out["seconds"] = round(time.perf_counter() - t0, 1)
    if errors:
        out["errors"] = wrong
    return out


def score_resolution(gold_path: Path | str, *, model: str | None = None, **kwargs: Any) -> dict[str, Any] | None:
    """Dispatch on the gold file's kind; None for events gold (scored by ``tocsin.eval.runner``).
    ``model`` names the spaCy model for geo and event-location files (default: the project's)."""
    kind = resolution_kind(gold_path)
    if model is not None and kind in ("geo", "event-location"):
        from tocsin.nlp.parser import load_nlp

        kwargs["nlp"] = load_nlp(model)
    if kind == "geo":
        return score_geo(gold_path, **kwargs)
    if kind == "timex":
        kwargs.pop("nlp", None)
        return score_timex(gold_path, **kwargs)
    if kind == "event-location":
        return score_event_location(gold_path, **kwargs)
    return None
