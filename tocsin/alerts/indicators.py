"""Daily indicators per country (or place) as seen on a given day, from an ``EventTable``.

``Window`` is the as-of-D view the detectors share: events dated in
``[D - days + 1, D]`` that had been reported by D, with each event's unit (country
or place) and day offset, so that any indicator is one ``np.bincount`` into a
``[units, days]`` matrix. ``unit_indicators`` computes the full explained set for
one unit (what an alert carries and the dashboard draws):

* counts by event type, by mode and by status (``planned`` separately, by the day
  it was announced: a leading signal);
* mention-weighted counts (mentions published by D);
* the cooperation-conflict balance from PLOVER quad classes and scores
  (``tocsin/data/alerts/plover_scores.json``);
* the share of events directed at the government (a recipient of sector GOV);
* distinct actors and actor sectors, overall and among protesters.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from tocsin.alerts.table import ROLE_ACTOR, ROLE_RECIPIENT, STATUS_INDEX, TYPE_INDEX, EventTable, day_text, plover_scores
from tocsin.model import EVENT_TYPES, STATUSES

HAPPENED = (STATUS_INDEX["occurred"], STATUS_INDEX["ongoing"])
PLANNED = STATUS_INDEX["planned"]


def type_mask(table_etype: np.ndarray, types: list[str] | None) -> np.ndarray:
    if not types:
        return np.ones(len(table_etype), dtype=bool)
    return np.isin(table_etype, [TYPE_INDEX[t] for t in types])


def status_mask(table_status: np.ndarray, statuses: list[str] | None) -> np.ndarray:
    if not statuses:
        return np.isin(table_status, HAPPENED)
    return np.isin(table_status, [STATUS_INDEX[s] for s in statuses])


class Window:
    """Events dated in [as_of - days + 1, as_of] and reported by ``as_of``, indexed by unit and day."""

    def __init__(self, table: EventTable, as_of: int, days: int, kind: str = "country",
                 units: np.ndarray | None = None) -> None:
        self.table, self.as_of, self.days, self.kind = table, int(as_of), int(days), kind
        self.start = self.as_of - self.days + 1
        self.rows = table.slice_days(self.start, self.as_of)
        sl = self.rows
        self.vis = table.seen[sl] <= self.as_of
        unit = table.unit_array(kind)[sl]
        self.vis &= unit > 0  # an event with no country (place) belongs to no unit
        if units is None:
            self.units, inv = np.unique(unit[self.vis], return_inverse=True)
        else:  # a fixed unit list (one unit for explanations)
            self.units = np.asarray(units)
            self.vis &= np.isin(unit, self.units)
            inv = np.searchsorted(self.units, unit[self.vis])
        self.u = np.full(sl.stop - sl.start, -1, dtype=np.int64)
        self.u[self.vis] = inv
        self.off = (table.day[sl] - self.start).astype(np.int64)
        self.etype = table.etype[sl]
        self.status = table.status[sl]
        self.n_units = len(self.units)

    # -- event-level -----------------------------------------------------------------------
    def mask(self, types: list[str] | None = None, statuses: list[str] | None = None) -> np.ndarray:
        return self.vis & type_mask(self.etype, types) & status_mask(self.status, statuses)

    def counts(self, mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """[units, days] counts (or sums of ``weights``) of the window's events under ``mask``."""
        flat = self.u[mask] * self.days + self.off[mask]
        w = None if weights is None else weights[mask]
        out = np.bincount(flat, weights=w, minlength=self.n_units * self.days)
        return out.reshape(self.n_units, self.days)

    def mention_counts(self, mask: np.ndarray) -> np.ndarray:
        """[units, days] mentions published by ``as_of`` of the events under ``mask``."""
        t = self.table
        ms = t.mention_slice(self.start, self.as_of)
        pos = t.m_event[ms].astype(np.int64) - self.rows.start
        ok = (t.m_seen[ms] <= self.as_of) & (pos >= 0) & (pos < len(mask))
        pos = pos[ok]
        pos = pos[mask[pos]]
        flat = self.u[pos] * self.days + self.off[pos]
        return np.bincount(flat, minlength=self.n_units * self.days).reshape(self.n_units, self.days)

    def codes(self, mask: np.ndarray, role: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(event position, code, sector, unit) of the codes of role ``role`` of the events under ``mask``."""
        t = self.table
        cs = t.code_slice(self.start, self.as_of)
        pos = t.c_event[cs].astype(np.int64) - self.rows.start
        keep = (t.c_role[cs] == role) & (pos >= 0) & (pos < len(mask))
        keep[keep] = mask[pos[keep]]
        pos = pos[keep]
        return pos, t.c_code[cs][keep], t.c_sector[cs][keep], self.u[pos]

    def day_labels(self) -> list[str]:
        return [day_text(self.start + i) for i in range(self.days)]

    def unit_index(self, vocab_id: int) -> int | None:
        i = int(np.searchsorted(self.units, vocab_id))
        return i if i < self.n_units and self.units[i] == vocab_id else None


def _distinct_per_day(pos: np.ndarray, values: np.ndarray, off: np.ndarray, days: int,
                      skip: int = 0) -> list[int]:
    ok = values != skip
    pairs = np.unique(np.stack([off[pos[ok]], values[ok]]), axis=1) if ok.any() else np.zeros((2, 0), int)
    return np.bincount(pairs[0], minlength=days).astype(int).tolist()


def unit_indicators(table: EventTable, kind: str, unit: int, as_of: int, days: int = 28) -> dict[str, Any]:
    """Every indicator for one unit (vocab id), one value per day for the ``days`` days ending ``as_of``.

    The JSON shape (stable; the dashboard draws ``series`` as sparklines)::

        {"unit": "BLR", "kind": "country", "as_of": "2020-08-10", "days": ["2020-07-14", ...],
         "series": {"events": [...], "PROTEST": [...], "PROTEST_share": [...], "planned": [...], ...},
         "by_mode": {"PROTEST/strike": [...]}, "by_status": {"planned": [...]}}
    """
    w = Window(table, as_of, days, kind, units=np.array([unit]))
    t = table
    happened = w.mask()
    series: dict[str, list[float]] = {}

    def row(a: np.ndarray) -> list[float]:
        return [round(float(v), 4) for v in a[0]] if a.shape[0] else [0.0] * days

    total = w.counts(happened)
    series["events"] = row(total)
    series["mentions"] = row(w.mention_counts(happened))
    for ev_type in EVENT_TYPES:
        m = happened & (w.etype == TYPE_INDEX[ev_type])
        if m.any():
            series[ev_type] = row(w.counts(m))
            series[f"{ev_type}_mentions"] = row(w.mention_counts(m))
    tot = np.maximum(total, 1)
    if "PROTEST" in series:
        series["PROTEST_share"] = row(w.counts(happened & (w.etype == TYPE_INDEX["PROTEST"])) / tot)
    # planned events counted on the day they were announced, whatever day they are planned for
    lo, hi = w.start, w.as_of
    fut = t.slice_days(lo, hi + 3650)
    pm = (t.status[fut] == PLANNED) & (t.seen[fut] >= lo) & (t.seen[fut] <= hi) & \
         (t.unit_array(kind)[fut] == unit)
    series["planned"] = np.bincount(t.seen[fut][pm] - lo, minlength=days).astype(float).tolist()
    # cooperation-conflict balance
    quads = plover_scores()["quads"]
    qcount = {q: w.counts(happened & (t.quad[w.rows] == i)) for i, q in enumerate(quads)}
    coop = qcount["verbal_cooperation"] + qcount["material_cooperation"]
    conf = qcount["verbal_conflict"] + qcount["material_conflict"]
    for q in quads:
        series[q] = row(qcount[q])
    series["balance"] = row((coop - conf) / np.maximum(coop + conf, 1))
    series["mean_score"] = row(w.counts(happened, t.score[w.rows].astype(np.float64)) / tot)
    # directed at the government
    pos, _, sec, _ = w.codes(happened, ROLE_RECIPIENT)
    gov = t.sectors.get("GOV")
    gov_ev = np.zeros(len(happened), dtype=bool)
    if gov >= 0:
        gov_ev[pos[sec == gov]] = True
    series["gov_directed"] = row(w.counts(gov_ev))
    series["gov_share"] = row(w.counts(gov_ev) / tot)
    # distinct actors and sectors
    apos, acode, asec, _ = w.codes(happened, ROLE_ACTOR)
    series["actors"] = [float(v) for v in _distinct_per_day(apos, acode, w.off, days)]
    series["sectors"] = [float(v) for v in _distinct_per_day(apos, asec, w.off, days)]
    prot = happened & (w.etype == TYPE_INDEX["PROTEST"])
    ppos, _, psec, _ = w.codes(prot, ROLE_ACTOR)
    series["protest_sectors"] = [float(v) for v in _distinct_per_day(ppos, psec, w.off, days)]
    # by mode and by status
    by_mode: dict[str, list[float]] = {}
    for ti, mi in sorted(set(zip(w.etype[happened].tolist(), t.mode[w.rows][happened].tolist()))):
        if mi:
            m = happened & (w.etype == ti) & (t.mode[w.rows] == mi)
            by_mode[f"{EVENT_TYPES[ti]}/{t.modes.items[mi]}"] = row(w.counts(m))
    by_status = {}
    for si, s in enumerate(STATUSES):
        m = w.vis & (w.status == si)
        if m.any():
            by_status[s] = row(w.counts(m))
    return {"unit": table.unit_label(kind, unit), "kind": kind, "as_of": day_text(as_of),
            "days": w.day_labels(), "series": series, "by_mode": by_mode, "by_status": by_status}
