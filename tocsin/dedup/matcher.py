"""Decide whether a newly coded event reports the same real event as a canonical one.

Two reports are merged when every *gate* holds and the weighted *score* reaches the
threshold:

gates (any failing one keeps the events apart)
    type       same PLOVER event type (also the first part of the blocking key)
    status     same status group: happened (occurred, ongoing), intended (planned,
               threatened), hypothetical, negated
    mode       same mode when both have one (a strike is not a march)
    date       within ``window_days`` (default 2); a planned event by its planned date
    place      same GeoNames id, or less than ``max_km`` (50 km) apart, or the same
               country when one side is known only to the country
    actors     actor codes overlap when both sides have codes; same for recipients

score (weights in ``DedupConfig``)
    evidence   similarity of the evidence sentences (token Jaccard and character
               trigram Jaccard, best pair over the canonical event's mentions)
    date, place, actors   closeness, 1.0 = identical

Every decision comes with a ``why`` record that names each criterion, its value and
its score, and a one-line ``summary`` a user can read.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from tocsin.dedup.similarity import haversine_km, text_similarity

STATUS_GROUPS = {
    "occurred": "happened", "ongoing": "happened",
    "planned": "intended", "threatened": "intended",
    "hypothetical": "hypothetical", "negated": "negated",
}


@dataclass(frozen=True, slots=True)
class DedupConfig:
    window_days: int = 2          # dates at most this many days apart may merge
    max_km: float = 50.0          # places closer than this may merge
    threshold: float = 0.6        # weighted score needed to merge (see benchmarks/dedup_quality.py)
    min_evidence: float = 0.05    # and at least this much evidence similarity
    w_evidence: float = 0.4
    w_date: float = 0.15
    w_place: float = 0.15
    w_actors: float = 0.2
    w_mode: float = 0.1
    # types whose modes are physically different events (a strike is not a march, a bombing
    # not a shooting): different modes keep them apart. Elsewhere (ACCUSE: allege vs
    # disapprove) reporters word one act differently, so a mode mismatch only lowers the score.
    hard_mode_types: frozenset[str] = frozenset({"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"})
    evidence_ignores_place: bool = False # leave the place's name out of evidence similarity
    bucket_days: int = 4          # width of the date bucket in the blocking key
    cap: float = 0.99             # merged confidence never exceeds this
    # modes that may describe one event (a march that blocks roads, a march that turns into a riot)
    compatible_modes: frozenset[frozenset[str]] = frozenset({
        frozenset({"demo", "obstruct"}), frozenset({"demo", "riot"})})


@lru_cache(maxsize=1)
def country_geonameids() -> frozenset[str]:
    """GeoNames ids of countries (and UK nations, US states): a place known only to that level."""
    from tocsin.data import path

    ids = set()
    with open(path("country_points.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 4 and parts[4] == "country":
                ids.add(parts[1])
    return frozenset(ids)


@dataclass(slots=True)
class Sketch:
    """What matching needs to know of an event (a new mention or a stored canonical event)."""

    id: str
    event_type: str
    status: str
    mode: str | None = None
    day: date | None = None
    country: str | None = None
    geonameid: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_name: str | None = None
    country_only: bool = False
    actor_codes: frozenset[str] = frozenset()
    recipient_codes: frozenset[str] = frozenset()
    actor_sectors: frozenset[str] = frozenset()
    recipient_sectors: frozenset[str] = frozenset()
    texts: list[tuple[str, str]] = field(default_factory=list)  # (mention id, evidence text)
    # words already judged by another criterion (the place's names): left out of evidence similarity
    ignore: frozenset[str] = frozenset()

    @property
    def status_group(self) -> str:
        return STATUS_GROUPS.get(self.status, self.status)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _codes(actors: Iterable[Any], attr: str) -> frozenset[str]:
    """The codes or sectors the reports name. Roles a coding rule filled in (``Actor.inferred``:
    a protest's default target, the local government) say nothing about which event it is:
    two crowds in one city on one day both get it."""
    out = set()
    for actor in actors or ():
        get = actor.get if isinstance(actor, dict) else lambda key: getattr(actor, key, None)
        value = get(attr)
        if value and not get("inferred"):
            out.add(str(value))
    return frozenset(out)


def sketch_record(record: dict[str, Any], *, mention_id: str | None = None,
                  published: Any = None) -> Sketch:
    """Sketch of an event record (``Event.as_dict()`` shape); the date falls back to ``published``."""
    loc = record.get("location") or {}
    geonameid = loc.get("geonameid")
    geonameid = str(geonameid) if geonameid not in (None, "") else None
    country_only = bool(loc.get("country")) and (
        loc.get("feature") == "country" or geonameid in country_geonameids()
        or (geonameid is None and loc.get("lat") is None))
    mid = mention_id or record.get("id") or ""
    return Sketch(
        id=mid,
        event_type=record["event_type"],
        status=record.get("status") or "occurred",
        mode=record.get("mode"),
        day=_day(record.get("date")) or _day(published),
        country=loc.get("country"),
        geonameid=geonameid,
        lat=loc.get("lat"), lon=loc.get("lon"),
        place_name=loc.get("name") or loc.get("text"),
        country_only=country_only,
        actor_codes=_codes(record.get("actor") or [], "code"),
        recipient_codes=_codes(record.get("recipient") or [], "code"),
        actor_sectors=_codes(record.get("actor") or [], "sector"),
        recipient_sectors=_codes(record.get("recipient") or [], "sector"),
        texts=[(mid, record.get("event_text") or "")],
        ignore=frozenset(w for key in ("text", "name") for w in (loc.get(key) or "").lower().split()),
    )


def sketch_event(event: Any, *, published: Any = None, mention_id: str | None = None) -> Sketch:
    """Sketch of a ``tocsin.model.Event`` (keeps the place's feature kind, which ``as_dict`` drops)."""
    record = event.as_dict()
    if event.location is not None and event.location.feature:
        record["location"]["feature"] = event.location.feature
    return sketch_record(record, mention_id=mention_id, published=published)


@dataclass(slots=True)
class Decision:
    merge: bool
    score: float
    why: dict[str, Any]


def _set_score(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Jaccard of two code sets; None when either side is unknown."""
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


class Deduplicator:
    """Blocking keys and merge decisions; holds no state, so it is safe to share."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()

    # -- blocking ---------------------------------------------------------------------------
    def bucket(self, day: date | None) -> str:
        if day is None:
            return "nodate"
        return str(day.toordinal() // self.config.bucket_days)

    def block_key(self, sketch: Sketch) -> str:
        """``TYPE|COUNTRY|bucket``: where a canonical event is filed."""
        return f"{sketch.event_type}|{sketch.country or ''}|{self.bucket(sketch.day)}"

    def candidate_keys(self, sketch: Sketch) -> list[str]:
        """Every block a match for ``sketch`` can be filed in (its date ± the window)."""
        if sketch.day is None:
            return [self.block_key(sketch)]
        w, b = self.config.window_days, self.config.bucket_days
        lo, hi = (sketch.day.toordinal() - w) // b, (sketch.day.toordinal() + w) // b
        return [f"{sketch.event_type}|{sketch.country or ''}|{k}" for k in range(lo, hi + 1)]

    # -- criteria ---------------------------------------------------------------------------
    def _date(self, a: Sketch, b: Sketch) -> dict[str, Any]:
        if a.day is None or b.day is None:
            return {"match": a.day is None and b.day is None, "days_apart": None,
                    "window": self.config.window_days, "score": 0.5}
        gap = abs((a.day - b.day).days)
        ok = gap <= self.config.window_days
        return {"match": ok, "days_apart": gap, "window": self.config.window_days,
                "score": round(1 - gap / (self.config.window_days + 1), 3) if ok else 0.0}

    def _place(self, a: Sketch, b: Sketch) -> dict[str, Any]:
        if not a.country and not b.country and a.lat is None and b.lat is None:
            return {"match": True, "how": "no place on either side", "score": 0.5}
        if a.geonameid and a.geonameid == b.geonameid:
            return {"match": True, "how": "same geonameid", "geonameid": a.geonameid,
                    "name": a.place_name, "score": 1.0}
        if a.country_only or b.country_only:
            ok = bool(a.country) and a.country == b.country
            return {"match": ok, "how": "same country (one side known only to the country)" if ok
                    else "different countries", "country": a.country if ok else [a.country, b.country],
                    "score": 0.6 if ok else 0.0}
        if None not in (a.lat, a.lon, b.lat, b.lon):
            km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
            ok = km < self.config.max_km
            return {"match": ok, "how": f"{km:.1f} km apart", "km": round(km, 1),
                    "names": [a.place_name, b.place_name],
                    "score": round(1 - km / self.config.max_km * 0.5, 3) if ok else 0.0}
        ok = bool(a.country) and a.country == b.country
        return {"match": ok, "how": "same country (no coordinates)" if ok else "places differ",
                "score": 0.5 if ok else 0.0}

    def _actors(self, a: Sketch, b: Sketch) -> dict[str, Any]:
        parts: list[float] = []
        out: dict[str, Any] = {}
        ok = True
        for name, x, y, hard in (("actor_codes", a.actor_codes, b.actor_codes, True),
                                 ("recipient_codes", a.recipient_codes, b.recipient_codes, True),
                                 ("actor_sectors", a.actor_sectors, b.actor_sectors, False),
                                 ("recipient_sectors", a.recipient_sectors, b.recipient_sectors, False)):
            s = _set_score(x, y)
            if s is None:
                continue
            out[name] = {"new": sorted(x), "event": sorted(y), "overlap": round(s, 3)}
            if hard and s == 0.0:
                ok = False
            parts.append(s)
        score = round(sum(parts) / len(parts), 3) if parts else 0.5
        return {"match": ok, **out, "score": score if ok else 0.0}

    def _mode(self, new: Sketch, event: Sketch) -> dict[str, Any]:
        a, b = new.mode, event.mode
        if not a or not b:
            return {"match": True, "new": a, "event": b, "score": 0.5}
        if a == b or frozenset({a, b}) in self.config.compatible_modes:
            return {"match": True, "new": a, "event": b, "score": 1.0 if a == b else 0.8}
        hard = event.event_type in self.config.hard_mode_types
        return {"match": not hard, "new": a, "event": b, "score": 0.0,
                **({"note": f"modes differ; {event.event_type} modes are distinct events"} if hard else {})}

    def _evidence(self, a: Sketch, b: Sketch) -> dict[str, Any]:
        best: dict[str, Any] = {"score": 0.0}
        ignore = a.ignore | b.ignore if self.config.evidence_ignores_place else frozenset()
        for _, ta in a.texts:
            for mid, tb in b.texts:
                sim = text_similarity(ta, tb, ignore)
                if sim["score"] > best["score"]:
                    best = {**sim, "compared_with": mid}
        best["match"] = best["score"] >= self.config.min_evidence
        return best

    # -- decision ---------------------------------------------------------------------------
    def compare(self, new: Sketch, event: Sketch) -> Decision:
        """Should ``new`` (a mention) join ``event`` (a canonical event)?"""
        c = self.config
        crit: dict[str, Any] = {
            "type": {"match": new.event_type == event.event_type, "value": event.event_type},
            "status": {"match": new.status_group == event.status_group,
                       "new": new.status, "event": event.status},
            "mode": self._mode(new, event),
            "date": self._date(new, event),
            "place": self._place(new, event),
            "actors": self._actors(new, event),
        }
        # the wording is the costly comparison: skipped once a hard check has failed (a dense
        # store files dozens of events per block, most of them a day too far or a town away)
        if all(v["match"] for v in crit.values()):
            crit["evidence"] = self._evidence(new, event)
        else:
            crit["evidence"] = {"match": True, "score": 0.0, "skipped": "not compared: a hard check failed"}
        gates_ok = all(v["match"] for v in crit.values())
        score = (c.w_evidence * crit["evidence"]["score"] + c.w_date * crit["date"]["score"]
                 + c.w_place * crit["place"]["score"] + c.w_actors * crit["actors"]["score"]
                 + c.w_mode * crit["mode"]["score"])
        score = round(score, 3)
        merge = gates_ok and score >= c.threshold
        failed = [k for k, v in crit.items() if not v["match"]]
        why = {
            "event_id": event.id, "mention_id": new.id, "merged": merge,
            "score": score, "threshold": c.threshold, "criteria": crit,
            "summary": self._summary(merge, score, crit, failed),
        }
        return Decision(merge, score, why)

    def best_match(self, new: Sketch, candidates: Iterable[Sketch]) -> tuple[Decision | None, Decision | None]:
        """(best merging decision or None, best rejected decision or None) over ``candidates``."""
        best: Decision | None = None
        rejected: Decision | None = None
        for cand in candidates:
            d = self.compare(new, cand)
            if d.merge:
                if best is None or d.score > best.score:
                    best = d
            elif rejected is None or d.score > rejected.score:
                rejected = d
        return best, rejected

    def _summary(self, merge: bool, score: float, crit: dict[str, Any], failed: list[str]) -> str:
        d, p, ev = crit["date"], crit["place"], crit["evidence"]
        bits = [f"same type {crit['type']['value']}" if crit["type"]["match"] else "different type",
                f"{d['days_apart']} day(s) apart (window {d['window']})" if d["days_apart"] is not None
                else "date unknown",
                p["how"] + (f" ({p['name']})" if p.get("name") else ""),
                f"actors score {crit['actors']['score']}",
                f"mode {crit['mode']['new']}/{crit['mode']['event']}",
                "evidence not compared" if ev.get("skipped") else f"evidence similarity {ev['score']}"]
        head = (f"merged (score {score} >= {self.config.threshold})" if merge else
                f"kept apart ({'failed: ' + ', '.join(failed) if failed else f'score {score} < {self.config.threshold}'})")
        return head + ": " + "; ".join(bits)


def merged_confidence(confidences: Iterable[float], cap: float = 0.99) -> float:
    """Noisy-OR of independent reports: 1 - prod(1 - c_i), capped at ``cap``."""
    rest = 1.0
    for c in confidences:
        rest *= 1.0 - max(0.0, min(1.0, float(c)))
    return round(min(cap, 1.0 - rest), 3)
