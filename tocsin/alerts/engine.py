"""Rules x detectors x days -> alerts, once per episode; live polling and backtests.

An *episode* is a run of days on which a rule's condition holds for one unit and
key. Its first day fires the alert; later days only extend it (``last_active``),
so polling every minute, or a protest wave lasting three weeks, gives one alert.
The episode closes once the rule has been inactive for more than ``cooldown_days``
days; only then can the same unit fire again. For ``surge`` the sustaining
condition is looser than the opening one (``alpha_close`` > ``alpha``): hysteresis,
so a p-value hovering around ``alpha`` does not flap.

``backtest`` replays days in order over one ``EventTable``; each day's detectors
see only events dated by that day and reported by then (see ``tocsin.alerts.table``).
``poll`` is the live twin: it loads the store, evaluates the days since the last
poll, stores new alerts and episodes, and hands new alerts to the sinks.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from tocsin.alerts import storage
from tocsin.alerts.detectors import DETECTORS, Detector, Signal
from tocsin.alerts.indicators import unit_indicators
from tocsin.alerts.rules import Rule, RuleSet
from tocsin.alerts.table import EventTable, day_number, day_text, load_table
from tocsin.model import EVENT_TYPES, STATUSES

HISTORY_DAYS = 28

# which indicator series the dashboard draws as the alert's sparkline
_SPARK = {"surge": "{type}_share", "first_event": "{type}", "planned": "planned", "sector_join": "protest_sectors"}


@dataclass
class Episode:
    rule: str
    unit_kind: str
    unit: str
    key: str
    opened: int
    last_active: int
    alert_id: str
    closed: int | None = None

    def as_row(self) -> dict[str, Any]:
        return {"rule": self.rule, "unit_kind": self.unit_kind, "unit": self.unit, "key": self.key,
                "opened": day_text(self.opened), "last_active": day_text(self.last_active),
                "closed": day_text(self.closed) if self.closed is not None else None, "alert_id": self.alert_id}

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> "Episode":
        return cls(r["rule"], r["unit_kind"], r["unit"], r["episode_key"], day_number(r["opened"]),
                   day_number(r["last_active"]), r["alert_id"], None)


def alert_id(rule: str, unit_kind: str, unit: str, key: str, opened: int) -> str:
    raw = f"{rule}|{unit_kind}|{unit}|{key}|{day_text(opened)}"
    return "al-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class AlertEngine:
    """Runs a rule set over one table, day after day, keeping the episodes."""

    table: EventTable
    rules: Sequence[Rule]
    episodes: dict[tuple[str, str, str, str], Episode] = field(default_factory=dict)
    store: Any = None  # when given, alerts carry article links (published by the alert's day)
    timings: dict[str, float] = field(default_factory=dict)
    touched: set[tuple[str, str, str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.detectors: list[tuple[Rule, Detector]] = []
        for rule in self.rules:
            if rule.enabled:
                t0 = time.perf_counter()
                self.detectors.append((rule, DETECTORS[rule.detector](rule, self.table)))
                self.timings["prepare"] = self.timings.get("prepare", 0.0) + time.perf_counter() - t0

    def run_day(self, as_of: int) -> list[dict[str, Any]]:
        """Evaluate every rule as of day ``as_of``; returns the alerts that open an episode today."""
        fired: list[tuple[Rule, Signal, Episode]] = []
        for rule, det in self.detectors:
            t0 = time.perf_counter()
            signals = det.run(as_of)
            self.timings["detect"] = self.timings.get("detect", 0.0) + time.perf_counter() - t0
            live = set()
            for s in signals:
                k = (rule.name, s.unit_kind, s.unit, s.key)
                ep = self.episodes.get(k)
                if ep is not None and ep.closed is None and as_of - ep.last_active > rule.cooldown_days:
                    ep.closed = ep.last_active + rule.cooldown_days + 1
                    self.touched.add(k)
                if ep is not None and ep.closed is None:
                    if s.active or s.fire:
                        ep.last_active = max(ep.last_active, as_of)
                        live.add(k)
                        self.touched.add(k)
                    continue
                if s.fire:
                    ep = Episode(rule.name, s.unit_kind, s.unit, s.key, as_of, as_of,
                                 alert_id(rule.name, s.unit_kind, s.unit, s.key, as_of))
                    self.episodes[k] = ep
                    self.touched.add(k)
                    live.add(k)
                    fired.append((rule, s, ep))
            for k, ep in self.episodes.items():  # close the quiet episodes of this rule
                if k[0] == rule.name and ep.closed is None and k not in live \
                        and as_of - ep.last_active > rule.cooldown_days:
                    ep.closed = ep.last_active + rule.cooldown_days + 1
                    self.touched.add(k)
        t0 = time.perf_counter()
        self._history: dict[tuple[str, int], dict[str, Any]] = {}  # one indicator history per unit and day
        out = [self._alert(rule, s, ep, as_of) for rule, s, ep in fired]
        self.timings["explain"] = self.timings.get("explain", 0.0) + time.perf_counter() - t0
        return out

    # -- the alert record -------------------------------------------------------------------
    def _alert(self, rule: Rule, s: Signal, ep: Episode, as_of: int) -> dict[str, Any]:
        t = self.table
        types = rule.params.get("types") or []
        history = None
        unit_ref = ("place", s.place) if s.place is not None else ("country", s.country) if s.country else None
        if unit_ref is not None:
            history = self._history.get(unit_ref)
            if history is None:
                history = self._history[unit_ref] = unit_indicators(t, unit_ref[0], unit_ref[1], as_of, HISTORY_DAYS)
        events = []
        for r in s.rows:
            events.append({
                "id": str(t.ids[r]), "date": day_text(t.day[r]), "first_reported": day_text(t.seen[r]),
                "event_type": EVENT_TYPES[t.etype[r]], "mode": t.modes.items[t.mode[r]] or None,
                "status": STATUSES[t.status[r]], "country": t.countries.items[t.country[r]] or None,
                "event_text": t.texts.get(r), "link": f"/events/{t.ids[r]}", "articles": [],
            })
        if self.store is not None and events:
            links = storage.evidence_links(self.store, [e["id"] for e in events], day_text(as_of))
            for e in events:
                e["articles"] = links.get(e["id"], [])
        spark_name = _SPARK[rule.detector].format(type=types[0] if len(types) == 1 else "events")
        sparkline = None
        if history is not None:
            values = history["series"].get(spark_name)
            if values is None:
                spark_name, values = "events", history["series"]["events"]
            sparkline = {"indicator": spark_name, "days": history["days"], "values": values}
        fmt = _SafeDict({k: v for k, v in s.details.items() if isinstance(v, (str, int, float))})
        fmt.update(rule=rule.name, unit=s.unit, key=s.key.replace("->", " -> "))
        if s.unit_kind in ("actor", "recipient", "country"):
            country = s.unit  # the country (or organisation) the alert is about
        else:  # a place: the country of its events
            country = next((e["country"] for e in events if e["country"]), None)
        return {
            "id": ep.alert_id, "rule": rule.name, "detector": rule.detector,
            "title": rule.title.format_map(fmt), "severity": rule.severity,
            "unit_kind": s.unit_kind, "unit": s.unit, "key": s.key, "country": country,
            "day": day_text(as_of), "score": s.score, "summary": s.summary, "details": s.details,
            "events": events, "sparkline": sparkline, "indicators": history,
            "episode": {"opened": day_text(ep.opened), "cooldown_days": rule.cooldown_days},
            "rule_origin": rule.origin,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }


@dataclass
class BacktestResult:
    start: str
    end: str
    alerts: list[dict[str, Any]]
    days: int
    seconds: float
    timings: dict[str, float]
    rule_errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "days": self.days, "seconds": round(self.seconds, 3),
                "timings": {k: round(v, 3) for k, v in self.timings.items()}, "rule_errors": self.rule_errors,
                "alerts": self.alerts}


def _rules(rules: RuleSet | Sequence[Rule]) -> tuple[list[Rule], list[str]]:
    if isinstance(rules, RuleSet):
        return rules.enabled(), [str(e) for e in rules.errors]
    return [r for r in rules if r.enabled], []


def backtest(source: Any, start: str | date, end: str | date, rules: RuleSet | Sequence[Rule], *,
             store: Any = None) -> BacktestResult:
    """Replay ``[start, end]`` day by day with no look-ahead; ``source`` is a Store or an EventTable."""
    t0 = time.perf_counter()
    if isinstance(source, EventTable):
        table = source
    else:
        table, store = load_table(source), store or source
    load = time.perf_counter() - t0
    rule_list, errors = _rules(rules)
    engine = AlertEngine(table, rule_list, store=store)
    lo, hi = day_number(start), day_number(end)
    alerts: list[dict[str, Any]] = []
    for d in range(lo, hi + 1):
        alerts.extend(engine.run_day(d))
    timings = {"load": load, **engine.timings}
    return BacktestResult(day_text(lo), day_text(hi), alerts, hi - lo + 1, time.perf_counter() - t0, timings, errors)


def poll(store: Any, rules: RuleSet | Sequence[Rule], *, until: str | date | None = None, catchup_days: int = 7,
         sinks: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """One live poll: evaluate the days since the last poll (re-evaluating that day), store, deliver.

    Returns the alerts new in this poll (each already handed to every sink). Days
    already evaluated are evaluated again as more reports arrive, but an episode
    fires once: a second poll on the same data returns nothing.
    """
    storage.ensure_schema(store)
    table = load_table(store)
    rule_list, _ = _rules(rules)
    engine = AlertEngine(table, rule_list, store=store)
    for row in storage.load_episodes(store):
        ep = Episode.from_row(row)
        engine.episodes[(ep.rule, ep.unit_kind, ep.unit, ep.key)] = ep
    last = table.last_day
    hi = day_number(until) if until else (last if last is not None else date.today().toordinal())
    prev = storage.get_state(store, "last_day")
    lo = day_number(prev) if prev else hi - catchup_days + 1
    lo = max(min(lo, hi), hi - 366)
    fired: list[dict[str, Any]] = []
    for d in range(lo, hi + 1):
        fired.extend(engine.run_day(d))
    new = storage.save_alerts(store, fired)
    storage.save_episodes(store, [engine.episodes[k].as_row() for k in engine.touched])
    storage.set_state(store, "last_day", day_text(hi))
    for sink in sinks:
        for a in new:
            sink.deliver(a)
    return new


def backfill(store: Any, rules: RuleSet | Sequence[Rule], *, start: str | date | None = None,
             end: str | date | None = None) -> list[dict[str, Any]]:
    """A backtest that stores what it would have fired: replay ``[start, end]`` day by day, no look-ahead.

    ``start`` defaults to the first day anything was reported, ``end`` to the store's
    last day. Alerts, episodes and the last evaluated day are stored as a poll would
    store them (so a later ``poll`` continues from there and does not fire them
    again); nothing is delivered. Returns the alerts new to the store.
    """
    storage.ensure_schema(store)
    table = load_table(store)
    if not len(table):
        return []
    lo = day_number(start) if start else int(table.seen.min())
    hi = day_number(end) if end else int(table.last_day)
    engine = AlertEngine(table, _rules(rules)[0], store=store)
    for row in storage.load_episodes(store):
        ep = Episode.from_row(row)
        engine.episodes[(ep.rule, ep.unit_kind, ep.unit, ep.key)] = ep
    fired: list[dict[str, Any]] = []
    for d in range(lo, hi + 1):
        fired.extend(engine.run_day(d))
    new = storage.save_alerts(store, fired)
    storage.save_episodes(store, [engine.episodes[k].as_row() for k in engine.touched])
    prev = storage.get_state(store, "last_day")
    if not prev or prev < day_text(hi):
        storage.set_state(store, "last_day", day_text(hi))
    return new


def format_alert_line(a: dict[str, Any]) -> str:
    """One line per alert, for terminals: day, rule, unit, score, summary."""
    unit = a["unit"] + (f" [{a['key']}]" if a.get("key") and a["detector"] == "first_event" else "")
    return f"{a['day']}  {a['severity']:<6} {a['rule']:<22} {unit:<16} score {a['score']:>6.2f}  {a['summary']}"
