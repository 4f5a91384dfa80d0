"""A columnar, read-only snapshot of the store for the early-warning detectors.

Detectors replay the store day by day, so they read it once into numpy columns
(``EventTable``) and then work on slices: events are sorted by date, so a day's
window is a ``searchsorted`` away. Three levels are kept, each with the day of its
event so that a window slice needs no join:

* events: type, mode, status, date, first-seen day (earliest publication of any
  mention), country and place, PLOVER score and quad, participants;
* mentions: the publication day of every mention (mention counts *as of* a day);
* codes: actor/recipient codes and sectors of every mention (dyads, sectors).

No look-ahead: an event is visible on day D when it is dated on or before D *and*
some article reporting it was published on or before D (``seen <= D``); its mention
count on D counts only mentions published by D. Planned events dated after D are
visible from the day they are announced. One approximation remains: the canonical
event's type, place and codes are those the store holds now (a later, more
confident report can refine them); its visibility and mention counts are exact.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from tocsin.model import EVENT_TYPES, STATUSES

TYPE_INDEX = {t: i for i, t in enumerate(EVENT_TYPES)}
STATUS_INDEX = {s: i for i, s in enumerate(STATUSES)}
ROLE_ACTOR, ROLE_RECIPIENT = 0, 1
NO_DAY = np.iinfo(np.int32).min


@lru_cache(maxsize=1)
def plover_scores() -> dict[str, Any]:
    """The type -> quad/score table (``tocsin/data/alerts/plover_scores.json``)."""
    text = resources.files("tocsin.data").joinpath("alerts/plover_scores.json").read_text("utf-8")
    return json.loads(text)


def quad_of(event_type: str) -> str:
    return plover_scores()["types"][event_type]["quad"]


def score_of(event_type: str, mode: str | None) -> float:
    entry = plover_scores()["types"][event_type]
    return float(entry["modes"].get((mode or "").lower(), entry["score"]))


_NUMBER = re.compile(r"\d[\d,.]*")


def participants(size: dict[str, Any] | None) -> float:
    """A head count from an event's ``size`` ('100,000', 'tens of thousands'); NaN when unstated."""
    if not size:
        return float("nan")
    text = str(size.get("participants") or "").lower()
    if not text:
        return float("nan")
    digits = [m.group().rstrip(".,").replace(",", "") for m in _NUMBER.finditer(text)]
    for d in digits:
        try:
            return float(d)
        except ValueError:
            continue
    q = plover_scores()["quantities"]
    value = None
    for word in re.findall(r"[a-z]+", text):
        if word in q["words"]:
            value = float(q["words"][word])
    if value is None:
        return float("nan")
    for phrase, mult in q["multipliers"].items():
        if re.search(rf"\b{phrase}\s+(?:thousands|millions|hundreds)\b", text):
            value *= mult
    return value


def day_number(value: str | date | None) -> int:
    """ISO date -> proleptic ordinal (what the table stores); NO_DAY when absent or malformed."""
    if value is None or value == "":
        return int(NO_DAY)
    if isinstance(value, date):
        return value.toordinal()
    try:
        return date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return int(NO_DAY)


def day_text(n: int) -> str:
    return date.fromordinal(int(n)).isoformat()


class Vocab:
    """Strings <-> small ints; index 0 is the empty string (unknown)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.items: list[str] = [""]
        self.index: dict[str, int] = {"": 0}
        for v in values:
            self.add(v)

    def add(self, value: str | None) -> int:
        value = value or ""
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.items)
            self.items.append(value)
        return i

    def get(self, value: str | None) -> int:
        return self.index.get(value or "", -1)

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class EventTable:
    ids: np.ndarray            # object: canonical event ids
    day: np.ndarray            # int32 ordinal of the event date (sorted ascending)
    seen: np.ndarray           # int32 ordinal of the first publication of any mention
    etype: np.ndarray          # int8 index into EVENT_TYPES
    status: np.ndarray         # int8 index into STATUSES
    mode: np.ndarray           # int32 into modes vocab
    country: np.ndarray        # int32 into countries vocab (0 = unknown)
    place: np.ndarray          # int32 into places vocab (0 = unknown)
    people: np.ndarray         # float32 participants (NaN = unstated)
    score: np.ndarray          # float32 PLOVER score of type/mode
    quad: np.ndarray           # int8 index into quads
    m_event: np.ndarray        # int32 event row of each mention
    m_seen: np.ndarray         # int32 publication ordinal of each mention
    m_day: np.ndarray          # int32 day of the mention's event (sorted ascending)
    c_event: np.ndarray        # int32 event row of each code
    c_role: np.ndarray         # int8 ROLE_ACTOR / ROLE_RECIPIENT
    c_code: np.ndarray         # int32 into codes vocab (ISO3 or organisation)
    c_sector: np.ndarray       # int32 into sectors vocab
    c_day: np.ndarray          # int32 day of the code's event (sorted ascending)
    modes: Vocab = field(default_factory=Vocab)
    countries: Vocab = field(default_factory=Vocab)
    places: Vocab = field(default_factory=Vocab)
    place_names: dict[int, str] = field(default_factory=dict)
    codes: Vocab = field(default_factory=Vocab)
    sectors: Vocab = field(default_factory=Vocab)
    texts: dict[int, str] = field(default_factory=dict)  # event_text by row, when loaded

    def __len__(self) -> int:
        return len(self.day)

    @property
    def first_day(self) -> int | None:
        return int(self.day[0]) if len(self.day) else None

    @property
    def last_day(self) -> int | None:
        """The last day with anything to see: latest event date or publication."""
        if not len(self.day):
            return None
        return int(max(self.day.max(), self.seen.max()))

    @staticmethod
    def _span(days: np.ndarray, lo: int, hi: int) -> slice:
        # keys of the array's own dtype: a Python int would make numpy cast the whole array first
        lo_, hi_ = np.int32(max(lo, -2**31)), np.int32(min(hi, 2**31 - 1))
        return slice(int(days.searchsorted(lo_, "left")), int(days.searchsorted(hi_, "right")))

    def slice_days(self, lo: int, hi: int) -> slice:
        """Rows of events dated in [lo, hi]."""
        return self._span(self.day, lo, hi)

    def mention_slice(self, lo: int, hi: int) -> slice:
        return self._span(self.m_day, lo, hi)

    def code_slice(self, lo: int, hi: int) -> slice:
        return self._span(self.c_day, lo, hi)

    def unit_array(self, kind: str) -> np.ndarray:
        if kind == "country":
            return self.country
        if kind == "place":
            return self.place
        raise ValueError(f"unknown unit {kind!r}: country or place")

    def unit_vocab(self, kind: str) -> Vocab:
        return self.countries if kind == "country" else self.places

    def unit_label(self, kind: str, index: int) -> str:
        if kind == "place":
            return self.place_names.get(index) or self.places.items[index]
        return self.unit_vocab(kind).items[index]


class TableBuilder:
    """Collect events (from the store or from test records), then ``build()`` the sorted table."""

    def __init__(self) -> None:
        self.modes, self.countries, self.places = Vocab(), Vocab(), Vocab()
        self.codes, self.sectors = Vocab(), Vocab()
        self.place_names: dict[int, str] = {}
        self.ev: dict[str, list[Any]] = {k: [] for k in (
            "ids", "day", "seen", "etype", "status", "mode", "country", "place", "people", "score", "quad")}
        self.texts: list[str | None] = []
        self.row_of: dict[str, int] = {}
        self.m: list[tuple[int, int]] = []
        self.c: list[tuple[int, int, int, int]] = []
        self._quad = {q: i for i, q in enumerate(plover_scores()["quads"])}

    def add_event(self, event_id: str, event_type: str, status: str, date_: str | None, *,
                  mode: str | None = None, country: str | None = None, place: str | None = None,
                  place_name: str | None = None, size: dict[str, Any] | None = None,
                  text: str | None = None) -> int:
        row = len(self.ev["ids"])
        self.row_of[event_id] = row
        e = self.ev
        e["ids"].append(event_id)
        e["day"].append(day_number(date_))
        e["seen"].append(int(NO_DAY))
        e["etype"].append(TYPE_INDEX[event_type])
        e["status"].append(STATUS_INDEX[status])
        e["mode"].append(self.modes.add(mode))
        e["country"].append(self.countries.add(country))
        p = self.places.add(place)
        if place and place_name:
            self.place_names[p] = place_name
        e["place"].append(p)
        e["people"].append(participants(size))
        e["score"].append(score_of(event_type, mode))
        e["quad"].append(self._quad[quad_of(event_type)])
        self.texts.append(text)
        return row

    def add_mention(self, event_id: str, published: str | None) -> None:
        row = self.row_of.get(event_id)
        if row is not None:
            self.m.append((row, day_number(published)))

    def add_code(self, event_id: str, role: str, code: str | None, sector: str | None) -> None:
        row = self.row_of.get(event_id)
        if row is not None:
            self.c.append((row, ROLE_ACTOR if role == "actor" else ROLE_RECIPIENT,
                           self.codes.add(code), self.sectors.add(sector)))

    def build(self) -> EventTable:
        e = self.ev
        n = len(e["ids"])
        day = np.array(e["day"], dtype=np.int64)
        m = np.array(self.m, dtype=np.int64).reshape(-1, 2)
        c = np.array(self.c, dtype=np.int64).reshape(-1, 4)
        return assemble(
            ids=np.array(e["ids"], dtype=object), day=day, etype=np.array(e["etype"]),
            status=np.array(e["status"]), mode=np.array(e["mode"]), country=np.array(e["country"]),
            place=np.array(e["place"]), people=np.array(e["people"], dtype=np.float64),
            score=np.array(e["score"]), quad=np.array(e["quad"]),
            m_event=m[:, 0], m_seen=m[:, 1], c_event=c[:, 0], c_role=c[:, 1], c_code=c[:, 2], c_sector=c[:, 3],
            modes=self.modes, countries=self.countries, places=self.places, place_names=self.place_names,
            codes=self.codes, sectors=self.sectors,
            texts={i: t for i, t in enumerate(self.texts) if t} if n else {})


def assemble(*, ids: np.ndarray, day: np.ndarray, etype: np.ndarray, status: np.ndarray, mode: np.ndarray,
             country: np.ndarray, place: np.ndarray, people: np.ndarray, score: np.ndarray, quad: np.ndarray,
             m_event: np.ndarray, m_seen: np.ndarray, c_event: np.ndarray, c_role: np.ndarray,
             c_code: np.ndarray, c_sector: np.ndarray, modes: Vocab, countries: Vocab, places: Vocab,
             place_names: dict[int, str] | None = None, codes: Vocab | None = None, sectors: Vocab | None = None,
             texts: dict[int, str] | None = None) -> EventTable:
    """Sort by day and derive ``seen``/``m_day``/``c_day``; also used directly by the benchmark."""
    n = len(day)
    m_event = np.asarray(m_event, dtype=np.int64)
    m_seen = np.asarray(m_seen, dtype=np.int64).copy()
    day = np.asarray(day, dtype=np.int64).copy()
    # a mention without a publication date is seen on its event's date
    if len(m_event):
        m_seen = np.where(m_seen == NO_DAY, day[m_event], m_seen)
    seen = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    if len(m_event):
        np.minimum.at(seen, m_event, m_seen)
    no_mention = seen == np.iinfo(np.int64).max
    seen[no_mention] = day[no_mention]
    # an undated event happened, for the detectors, on the day it was first reported
    undated = day == NO_DAY
    day[undated] = seen[undated]
    keep = day != NO_DAY
    order = np.argsort(np.where(keep, day, np.iinfo(np.int64).max), kind="stable")
    order = order[: int(keep.sum())]
    new_row = np.full(n, -1, dtype=np.int64)
    new_row[order] = np.arange(len(order))
    i32 = np.int32

    def remap(ev_rows: np.ndarray, *cols: np.ndarray) -> tuple[np.ndarray, ...]:
        rows = new_row[ev_rows] if len(ev_rows) else ev_rows
        ok = rows >= 0
        rows = rows[ok]
        d = day[order][rows] if len(rows) else rows
        o = np.argsort(d, kind="stable")
        return (rows[o].astype(i32), d[o].astype(i32), *(c[ok][o] for c in cols))

    mr, md, ms = remap(m_event, m_seen)
    cr, cd, crole, ccode, csec = remap(c_event, np.asarray(c_role), np.asarray(c_code), np.asarray(c_sector))
    old_texts = texts or {}
    return EventTable(
        ids=np.asarray(ids, dtype=object)[order], day=day[order].astype(i32), seen=seen[order].astype(i32),
        etype=np.asarray(etype)[order].astype(np.int8), status=np.asarray(status)[order].astype(np.int8),
        mode=np.asarray(mode)[order].astype(i32), country=np.asarray(country)[order].astype(i32),
        place=np.asarray(place)[order].astype(i32), people=np.asarray(people)[order].astype(np.float32),
        score=np.asarray(score)[order].astype(np.float32), quad=np.asarray(quad)[order].astype(np.int8),
        m_event=mr, m_seen=ms.astype(i32), m_day=md, c_event=cr, c_role=crole.astype(np.int8),
        c_code=ccode.astype(i32), c_sector=csec.astype(i32), c_day=cd,
        modes=modes, countries=countries, places=places, place_names=place_names or {},
        codes=codes or Vocab(), sectors=sectors or Vocab(),
        texts={int(new_row[k]): v for k, v in old_texts.items() if new_row[k] >= 0})


def load_table(store: Any, *, countries: Sequence[str] | None = None) -> EventTable:
    """Read the store's canonical events, mentions and codes into an ``EventTable`` (three queries)."""
    b = TableBuilder()
    where, params = "", []
    if countries:
        where = f" WHERE country IN ({','.join('?' * len(countries))})"
        params = list(countries)
    for r in store._all_rows("SELECT id, event_type, mode, status, date, country, geonameid, place_name, size, "
                             f"event_text FROM events{where}", params):
        b.add_event(r["id"], r["event_type"], r["status"], r["date"], mode=r["mode"], country=r["country"],
                    place=r["geonameid"], place_name=r["place_name"],
                    size=json.loads(r["size"]) if r["size"] else None, text=r["event_text"])
    for r in store._all_rows("SELECT event_id, published FROM mentions"):
        b.add_mention(r["event_id"], r["published"])
    for r in store._all_rows("SELECT event_id, role, code, sector FROM event_codes"):
        b.add_code(r["event_id"], r["role"], r["code"], r["sector"])
    return b.build()


def table_from_records(records: Iterable[dict[str, Any]]) -> EventTable:
    """Build a table from event dicts (tests, synthetic series).

    Each record has the output-format fields (``event_type``, ``status``, ``date``,
    ``mode``, ``actor``/``recipient`` lists, ``location``, ``size``) plus ``id`` and
    ``published`` (a date, or a list of mention publication dates).
    """
    b = TableBuilder()
    for n, r in enumerate(records):
        eid = r.get("id") or f"ev-{n}"
        loc = r.get("location") or {}
        b.add_event(eid, r["event_type"], r.get("status", "occurred"), r.get("date"), mode=r.get("mode"),
                    country=r.get("country") or loc.get("country"), place=loc.get("geonameid"),
                    place_name=loc.get("name"), size=r.get("size"), text=r.get("event_text"))
        pubs = r.get("published", r.get("date"))
        for p in pubs if isinstance(pubs, list) else [pubs]:
            b.add_mention(eid, p)
        for role in ("actor", "recipient"):
            for a in r.get(role) or []:
                b.add_code(eid, role, a.get("code"), a.get("sector"))
    return b.build()
