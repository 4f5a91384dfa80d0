"""Detectors: pure functions of (rule, table, day) -> signals; episodes and alerts are the engine's.

Every detector sees the table only *as of* the day it is run for (``Window``, and
``seen <= day`` everywhere), which is what makes a backtest honest.

* ``surge``: today's share of a type (PROTEST) among all events coded for a unit,
  against the unit's own rolling baseline (28 days), tested with a binomial, Poisson
  or negative-binomial model conditional on the recent volume (``tocsin.alerts.stats``).
  Fires when ``p < alpha`` (and the share is ``min_ratio`` x the baseline); stays
  active while ``p < alpha_close`` - the hysteresis that keeps one episode one alert.
* ``first_event``: a newly reported event matching a filter (type, mode, status,
  sectors, foreign/domestic) whose key (actor, recipient or both) has not been seen
  this year / in ``lookback_days``: first SANCTION against X, a new hostile dyad, a
  REQUEST for help to a foreign government, a defection (SUPPORT by GOV to OPP/CVL).
* ``planned``: announced (planned) events dated in the next ``horizon_days`` that look
  large (stated participants or several reports).
* ``sector_join``: actor sectors taking part (in protests) in the recent days that
  were absent from the baseline (labour, journalists, police joining a movement).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from tocsin.alerts import stats
from tocsin.alerts.indicators import HAPPENED, PLANNED, Window, status_mask, type_mask
from tocsin.alerts.rules import Rule
from tocsin.alerts.table import ROLE_ACTOR, ROLE_RECIPIENT, STATUS_INDEX, TYPE_INDEX, EventTable, day_text
from tocsin.model import EVENT_TYPES, STATUSES


@dataclass
class Signal:
    """What a detector saw for one unit (and key) on one day."""

    rule: str
    unit_kind: str          # country, place, actor, recipient
    unit: str               # ISO3, organisation code or place name
    key: str                # episode key within the unit ("" = the unit itself)
    fire: bool              # the opening condition holds
    active: bool            # the (looser) sustaining condition holds
    score: float
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # table rows of the triggering events
    country: int | None = None  # countries-vocab id for indicator history, when there is one
    place: int | None = None    # places-vocab id, for place units


def _fmt_pct(v: float) -> str:
    return f"{100 * v:.1f}%"


class Detector:
    def __init__(self, rule: Rule, table: EventTable) -> None:
        self.rule, self.table = rule, table

    def run(self, as_of: int) -> list[Signal]:  # pragma: no cover - interface
        raise NotImplementedError


class Surge(Detector):
    """Share of ``types`` among all events, recent days vs the unit's own baseline, given the volume."""

    def run(self, as_of: int) -> list[Signal]:
        p = self.rule.params
        R, B = p["recent_days"] or 1, p["baseline_days"]
        L = R + B
        w = Window(self.table, as_of, L, p["unit"])
        if not w.n_units:
            return []
        m_all = w.mask(None, p["statuses"])
        m_x = m_all & type_mask(w.etype, p["types"])
        if p["count"] == "mentions":  # share of coverage: reports published by as_of
            N, X = w.mention_counts(m_all), w.mention_counts(m_x)
        else:
            N, X = w.counts(m_all), w.counts(m_x)
        nb, xb = N[:, :B].sum(1), X[:, :B].sum(1)
        nr, xr = N[:, B:].sum(1), X[:, B:].sum(1)
        p0 = (xb + p["prior_rate"] * p["prior_weight"]) / (nb + p["prior_weight"])
        share = xr / np.maximum(nr, 1)
        cand = np.nonzero((xr >= p["min_count"]) & (xr > nr * p0))[0]
        out = []
        what = "/".join(p["types"])
        for i in cand.tolist():
            a_day = stats.dispersion(X[i, :B].tolist(), N[i, :B].tolist(), float(p0[i]), cap=p["max_dispersion"])
            a = a_day / R  # a sum of R days with per-day dispersion a has dispersion a / R
            x, n, base = int(xr[i]), int(nr[i]), float(p0[i])
            pval = stats.upper_p(p["model"], x, n, base, a)
            fire = pval < p["alpha"] and share[i] >= p["min_ratio"] * base
            active = pval < p["alpha_close"]
            if not (fire or active):
                continue
            unit = int(w.units[i])
            lo = day_text(as_of - R + 1)
            rows = self._rows(w, m_x, i, B)
            unit_word = "reports" if p["count"] == "mentions" else "events"
            summary = (f"{what}: {x} of {n} {unit_word} {lo}..{day_text(as_of)} ({_fmt_pct(share[i])}) vs baseline "
                       f"{_fmt_pct(base)} ({int(xb[i])} of {int(nb[i])} {unit_word} in {B} days); "
                       f"{p['model']} p={pval:.2g}")
            out.append(Signal(
                rule=self.rule.name, unit_kind=p["unit"], unit=self.table.unit_label(p["unit"], unit), key="",
                fire=bool(fire), active=bool(active), score=round(min(300.0, -math.log10(max(pval, 1e-300))), 2),
                summary=summary, rows=rows,
                details={"count": x, "total": n, "share": round(float(share[i]), 4), "baseline_rate": round(base, 4),
                         "baseline_count": int(xb[i]), "baseline_total": int(nb[i]), "p_value": pval,
                         "model": p["model"], "counted": p["count"], "dispersion": round(a_day, 4), "window": [lo, day_text(as_of)]},
                country=unit if p["unit"] == "country" else None, place=unit if p["unit"] == "place" else None))
        return out

    @staticmethod
    def _rows(w: Window, mask: np.ndarray, i: int, B: int) -> list[int]:
        sel = np.nonzero(mask & (w.u == i) & (w.off >= B))[0]
        return [int(w.rows.start + s) for s in sel[::-1][:20]]


class SectorJoin(Detector):
    """Actor sectors present in the recent days' events (protests) but not in the baseline."""

    def run(self, as_of: int) -> list[Signal]:
        p = self.rule.params
        R, B = p["recent_days"] or 1, p["baseline_days"]
        w = Window(self.table, as_of, R + B, p["unit"])
        if not w.n_units:
            return []
        m = w.mask(p["types"], p["statuses"])
        base_events = w.counts(m)[:, :B].sum(1)
        pos, _, sec, u = w.codes(m, ROLE_ACTOR)
        watch = {self.table.sectors.get(s) for s in p["sectors"]} - {-1}
        recent = w.off[pos] >= B
        base_pairs = set(zip(u[~recent].tolist(), sec[~recent].tolist()))
        new: dict[int, dict[int, list[int]]] = {}
        for ui, si, pi in zip(u[recent].tolist(), sec[recent].tolist(), pos[recent].tolist()):
            if si in watch and (ui, si) not in base_pairs:
                new.setdefault(ui, {}).setdefault(si, []).append(int(w.rows.start + pi))
        out = []
        what = "/".join(p["types"])
        for ui, by_sector in new.items():
            if len(by_sector) < p["min_new"] or base_events[ui] < p["min_baseline"]:  # a movement to join
                continue
            names = sorted(self.table.sectors.items[s] for s in by_sector)
            rows = sorted({r for rs in by_sector.values() for r in rs}, reverse=True)[:20]
            unit = int(w.units[ui])
            out.append(Signal(
                rule=self.rule.name, unit_kind=p["unit"], unit=self.table.unit_label(p["unit"], unit), key="",
                fire=True, active=True, score=float(len(names)),
                summary=f"{', '.join(names)} joined {what} (absent from {int(base_events[ui])} {what} events "
                        f"in the previous {B} days)",
                details={"new_sectors": names, "baseline_events": int(base_events[ui])}, rows=rows,
                country=unit if p["unit"] == "country" else None, place=unit if p["unit"] == "place" else None))
        return out


class Planned(Detector):
    """Large planned events dated in the coming days, as announced by ``as_of``."""

    def run(self, as_of: int) -> list[Signal]:
        p = self.rule.params
        t = self.table
        sl = t.slice_days(as_of, as_of + p["horizon_days"])
        rows = np.arange(sl.start, sl.stop)
        ok = (t.status[sl] == PLANNED) & (t.seen[sl] <= as_of) & type_mask(t.etype[sl], p["types"])
        unit_arr = t.unit_array(p["unit"])[sl]
        ok &= unit_arr > 0
        if not ok.any():
            return []
        ms = t.mention_slice(as_of, as_of + p["horizon_days"])
        ment = np.bincount(t.m_event[ms][t.m_seen[ms] <= as_of] - sl.start, minlength=len(rows))[: len(rows)]
        people = t.people[sl]
        big = (np.nan_to_num(people, nan=0.0) >= p["min_participants"]) | (ment >= p["min_mentions"])
        out = []
        for j in np.nonzero(ok & big)[0].tolist():
            r = int(rows[j])
            unit = int(unit_arr[j])
            n_people = None if math.isnan(float(people[j])) else int(people[j])
            label = t.unit_label(p["unit"], unit)
            out.append(Signal(
                rule=self.rule.name, unit_kind=p["unit"], unit=label, key=str(t.ids[r]), fire=True, active=True,
                score=round(math.log10(1 + (n_people or 0)) + math.log2(1 + int(ment[j])), 2),
                summary=f"planned {EVENT_TYPES[t.etype[r]]} in {label} on {day_text(t.day[r])}"
                        + (f", about {n_people:,} people" if n_people else "") + f", {int(ment[j])} reports",
                details={"planned_for": day_text(t.day[r]), "participants": n_people, "reports": int(ment[j])},
                rows=[r], country=int(t.country[r]) or None, place=unit if p["unit"] == "place" else None))
        return out


class FirstEvent(Detector):
    """Newly reported events matching a filter whose (unit, key) is new this year / in the lookback."""

    def __init__(self, rule: Rule, table: EventTable) -> None:
        super().__init__(rule, table)
        p = rule.params
        t = table
        m = type_mask(t.etype, p["types"]) & status_mask(t.status, p["statuses"] or list(STATUSES[:2]))
        if p["modes"]:
            m &= np.isin(t.mode, [t.modes.get(x) for x in p["modes"]])
        rows = np.nonzero(m)[0]
        # codes of those events, grouped by row
        cm = np.isin(t.c_event, rows)
        by_row: dict[int, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
        for r, role, code, sec in zip(t.c_event[cm].tolist(), t.c_role[cm].tolist(), t.c_code[cm].tolist(),
                                      t.c_sector[cm].tolist()):
            pair = (t.codes.items[code], t.sectors.items[sec])
            by_row.setdefault(r, ([], []))[role].append(pair)
        need_rec = ("recipient" in p["key"] or p["unit"] == "recipient" or p["recipient_sectors"]
                    or p["recipient_codes"] or p["relation"] != "any")
        entries: list[tuple[int, int, int, str, str]] = []  # (visible day, day, row, unit, key)
        for r in rows.tolist():
            acts, recs = by_row.get(r, ([], []))
            acts = [a for a in acts if self._ok(a, p["actor_sectors"], p["actor_codes"])]
            recs = [x for x in recs if self._ok(x, p["recipient_sectors"], p["recipient_codes"])] if need_rec \
                else [("", "")]
            if not acts and ("actor" in p["key"] or p["unit"] == "actor" or p["actor_sectors"] or p["actor_codes"]):
                continue
            acts = acts or [("", "")]
            vis = int(max(t.day[r], t.seen[r]))
            done = set()
            for (ac, _), (rc, _) in ((a, x) for a in acts for x in recs):
                if p["relation"] == "foreign" and (not ac or not rc or ac == rc):
                    continue
                if p["relation"] == "domestic" and (not ac or ac != rc):
                    continue
                unit = {"actor": ac, "recipient": rc, "country": t.countries.items[t.country[r]]}[p["unit"]]
                key_parts = [{"actor": ac, "recipient": rc}[k] for k in p["key"]]
                if not unit or not all(key_parts):
                    continue
                key = "->".join(key_parts)
                if (unit, key) not in done:
                    done.add((unit, key))
                    entries.append((vis, int(t.day[r]), r, unit, key))
        entries.sort()
        self.vis = np.array([e[0] for e in entries], dtype=np.int64)
        self.entries = entries
        self.history: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for vis, day, _, unit, key in entries:
            self.history.setdefault((unit, key), []).append((vis, day))

    @staticmethod
    def _ok(code_sector: tuple[str, str], sectors: list[str] | None, codes: list[str] | None) -> bool:
        code, sector = code_sector
        return (not sectors or sector in sectors) and (not codes or code in codes)

    def run(self, as_of: int) -> list[Signal]:
        p = self.rule.params
        t = self.table
        key = np.int64(as_of)
        lo, hi = self.vis.searchsorted(key, "left"), self.vis.searchsorted(key, "right")
        if lo == hi:
            return []
        if p["since"] == "year":
            cutoff = date(date.fromordinal(as_of).year, 1, 1).toordinal()
        elif p["since"] == "lookback":
            cutoff = as_of - p["lookback_days"]
        else:
            cutoff = None
        groups: dict[tuple[str, str], list[int]] = {}
        for _, _, r, unit, key in self.entries[lo:hi]:
            if p["min_mentions"] > 1:
                ms = t.mention_slice(int(t.day[r]), int(t.day[r]))
                sel = (t.m_event[ms] == r) & (t.m_seen[ms] <= as_of)
                if int(sel.sum()) < p["min_mentions"]:
                    continue
            if cutoff is not None and any(v < as_of and d >= cutoff for v, d in self.history[(unit, key)]):
                continue
            groups.setdefault((unit, key), []).append(r)
        out = []
        what = "/".join(p["types"] or ["event"])
        since = {"year": "this year", "lookback": f"in {p['lookback_days']} days", "always": ""}[p["since"]]
        for (unit, key), rows in groups.items():
            r0 = rows[0]
            sev = max(abs(float(t.score[r])) for r in rows)
            text = t.texts.get(r0, "")
            status = STATUSES[t.status[r0]]
            summary = (f"{'first ' if since else ''}{what} ({status}) {key.replace('->', ' -> ')}"
                       + (f" {since}" if since else "") + (f": \"{text[:160]}\"" if text else ""))
            cid = t.countries.get(unit)
            out.append(Signal(
                rule=self.rule.name, unit_kind=p["unit"], unit=unit, key=key, fire=True, active=True,
                score=round(sev + math.log2(1 + len(rows)), 2), summary=summary, rows=rows,
                details={"key": key, "events": len(rows), "since": day_text(cutoff) if cutoff else None,
                         "status": status, "event_type": EVENT_TYPES[t.etype[r0]]},
                country=cid if cid > 0 else (int(t.country[r0]) or None)))
        return out


DETECTORS: dict[str, type[Detector]] = {
    "surge": Surge, "first_event": FirstEvent, "planned": Planned, "sector_join": SectorJoin,
}

__all__ = ["DETECTORS", "Detector", "FirstEvent", "HAPPENED", "Planned", "STATUS_INDEX", "SectorJoin", "Signal",
           "Surge", "TYPE_INDEX", "ROLE_RECIPIENT"]
