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
        self._mpos: np.ndarray | None = None
        self._cache: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    # -- event-level -----------------------------------------------------------------------
    def mask(self, types: list[str] | None = None, statuses: list[str] | None = None) -> np.ndarray:
        return self.vis & type_mask(self.etype, types) & status_mask(self.status, statuses)

    def counts(self, mask: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """[units, days] counts (or sums of ``weights``) of the window's events under ``mask``."""
        flat = self.u[mask] * self.days + self.off[mask]
        w = None if weights is None else weights[mask]
        out = np.bincount(flat, weights=w, minlength=self.n_units * self.days)
        return out.reshape(self.n_units, self.days)

    def _mentions(self) -> np.ndarray:
        """Event positions (in the window) of the mentions published by ``as_of`` of visible events; cached."""
        if self._mpos is None:
            t = self.table
            ms = t.mention_slice(self.start, self.as_of)
            pos = t.m_event[ms].astype(np.int64) - self.rows.start
            pos = pos[t.m_seen[ms] <= self.as_of]
            self._mpos = pos[self.vis[pos]]
        return self._mpos

    def mention_counts(self, mask: np.ndarray) -> np.ndarray:
        """[units, days] mentions published by ``as_of`` of the events under ``mask``."""
        pos = self._mentions()
        pos = pos[mask[pos]]
        flat = self.u[pos] * self.days + self.off[pos]
        return np.bincount(flat, minlength=self.n_units * self.days).reshape(self.n_units, self.days)

    def _codes(self, role: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        got = self._cache.get(role)
        if got is None:
            t = self.table
            cs = t.code_slice(self.start, self.as_of)
            pos = t.c_event[cs].astype(np.int64) - self.rows.start
            keep = t.c_role[cs] == role
            keep[keep] = self.vis[pos[keep]]
            got = self._cache[role] = (pos[keep], t.c_code[cs][keep], t.c_sector[cs][keep])
        return got

    def codes(self, mask: np.ndarray, role: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(event position, code, sector, unit) of the codes of role ``role`` of the events under ``mask``."""
        pos, code, sector = self._codes(role)
        keep = mask[pos]
        pos = pos[keep]
        return pos, code[keep], sector[keep], self.u[pos]

    def day_labels(self) -> list[str]:
        return [day_text(self.start + i) for i in range(self.days)]

    def unit_index(self, vocab_id: int) -> int | None:
        i = int(self.units.searchsorted(self.units.dtype.type(vocab_id)))
        return i if i < self.n_units and self.units[i] == vocab_id else None


def _distinct_per_day(pos: np.ndarray, values: np.ndarray, off: np.ndarray, days: int,
                      skip: int = 0) -> np.ndarray:
    """Number of distinct ``values`` (codes, sectors; ``skip`` = unknown) per day offset."""
    ok = values != skip
    if not ok.any():
        return np.zeros(days, dtype=np.int64)
    v = values[ok].astype(np.int64)
    pairs = np.unique(off[pos[ok]] * (int(v.max()) + 1) + v)
    return np.bincount(pairs // (int(v.max()) + 1), minlength=days)


def unit_indicators(table: EventTable, kind: str, unit: int, as_of: int, days: int = 28) -> dict[str, Any]:
    """Every indicator for one unit (vocab id), one value per day for the ``days`` days ending ``as_of``.

    The JSON shape (stable; the dashboard draws ``series`` as sparklines)::

        {"unit": "BLR", "kind": "country", "as_of": "2020-08-10", "days": ["2020-07-14", ...],
         "series": {"events": [...], "PROTEST": [...], "PROTEST_share": [...], "planned": [...], ...},
         "by_mode": {"PROTEST/strike": [...]}, "by_status": {"planned": [...]}}

    Counts are of events that happened (occurred/ongoing) by event date, except
    ``planned`` (planned events by the day they were announced) and ``by_status``.
    """
    w = Window(table, as_of, days, kind, units=np.array([unit]))
    t = table
    idx = np.nonzero(w.vis)[0]  # the unit's visible events: everything below works on these few
    et, st, off = w.etype[idx].astype(np.int64), w.status[idx].astype(np.int64), w.off[idx]
    hap = np.isin(st, HAPPENED)
    nt = len(EVENT_TYPES)

    def per_day(values: np.ndarray | None, sel: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
        v = np.zeros(int(sel.sum()), dtype=np.int64) if values is None else values[sel]
        flat = v * days + off[sel]
        return np.bincount(flat, weights=None if weights is None else weights[sel],
                           minlength=n * days).reshape(n, days)

    def r(a: np.ndarray) -> list[float]:
        return np.round(np.asarray(a, dtype=np.float64), 4).tolist()

    by_type = per_day(et, hap, nt)
    total = by_type.sum(0)
    tot = np.maximum(total, 1)
    # mentions published by as_of, per event position in the window
    mpos = w._mentions()
    pos_to_i = np.full(len(w.vis), -1, dtype=np.int64)
    pos_to_i[idx] = np.arange(len(idx))
    mi = pos_to_i[mpos]
    mi = mi[mi >= 0]
    mi = mi[hap[mi]]
    m_by_type = np.bincount(et[mi] * days + off[mi], minlength=nt * days).reshape(nt, days)
    series: dict[str, list[float]] = {"events": r(total), "mentions": r(m_by_type.sum(0))}
    for ti, ev_type in enumerate(EVENT_TYPES):
        if by_type[ti].any():
            series[ev_type] = r(by_type[ti])
            series[f"{ev_type}_mentions"] = r(m_by_type[ti])
    if "PROTEST" in series:
        series["PROTEST_share"] = r(by_type[TYPE_INDEX["PROTEST"]] / tot)
    # planned events counted on the day they were announced, whatever day they are planned for
    lo, hi = w.start, w.as_of
    fut = t.slice_days(lo, hi + 3650)
    pm = (t.status[fut] == PLANNED) & (t.seen[fut] >= lo) & (t.seen[fut] <= hi) & \
         (t.unit_array(kind)[fut] == unit)
    series["planned"] = r(np.bincount(t.seen[fut][pm] - lo, minlength=days))
    # cooperation-conflict balance
    quads = plover_scores()["quads"]
    q = per_day(t.quad[w.rows][idx].astype(np.int64), hap, len(quads))
    for qi, name in enumerate(quads):
        series[name] = r(q[qi])
    coop = q[quads.index("verbal_cooperation")] + q[quads.index("material_cooperation")]
    conf = q[quads.index("verbal_conflict")] + q[quads.index("material_conflict")]
    series["balance"] = r((coop - conf) / np.maximum(coop + conf, 1))
    series["mean_score"] = r(per_day(None, hap, 1, t.score[w.rows][idx].astype(np.float64))[0] / tot)
    # directed at the government
    happened = np.zeros(len(w.vis), dtype=bool)
    happened[idx[hap]] = True
    pos, _, sec, _ = w.codes(happened, ROLE_RECIPIENT)
    gov = t.sectors.get("GOV")
    gov_ev = np.zeros(len(w.vis), dtype=bool)
    if gov >= 0:
        gov_ev[pos[sec == gov]] = True
    g = per_day(None, gov_ev[idx], 1)[0]
    series["gov_directed"] = r(g)
    series["gov_share"] = r(g / tot)
    # distinct actors and sectors
    apos, acode, asec, _ = w.codes(happened, ROLE_ACTOR)
    series["actors"] = r(_distinct_per_day(apos, acode, w.off, days))
    series["sectors"] = r(_distinct_per_day(apos, asec, w.off, days))
    prot = happened & (w.etype == TYPE_INDEX["PROTEST"])
    ppos, _, psec, _ = w.codes(prot, ROLE_ACTOR)
    series["protest_sectors"] = r(_distinct_per_day(ppos, psec, w.off, days))
    # by mode and by status
    md = t.mode[w.rows][idx].astype(np.int64)
    nm = len(t.modes)
    tm = per_day(et * nm + md, hap & (md > 0), nt * nm)
    by_mode = {f"{EVENT_TYPES[k // nm]}/{t.modes.items[k % nm]}": r(tm[k]) for k in np.nonzero(tm.any(1))[0]}
    sm = per_day(st, np.ones(len(idx), dtype=bool), len(STATUSES))
    by_status = {s: r(sm[si]) for si, s in enumerate(STATUSES) if sm[si].any()}
    return {"unit": table.unit_label(kind, unit), "kind": kind, "as_of": day_text(as_of),
            "days": w.day_labels(), "series": series, "by_mode": by_mode, "by_status": by_status}
