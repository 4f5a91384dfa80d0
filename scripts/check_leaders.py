"""Validate tocsin/data/leaders.json and report its coverage.

    python scripts/check_leaders.py            # summary, exit 1 on structural errors
    python scripts/check_leaders.py --verbose  # also every warning and every coverage gap

Structural errors (exit status 1): a missing field, an unknown role or country code, a date that
does not parse, a term ending before it starts, two terms of one country and role that overlap
by more than a handover allowance, a duplicate row.

Warnings (reported, exit status 0): an alias shared by two people of different countries whose
terms overlap (ActorKB then codes neither: see ``ActorKB._pick``), an alias equal to a country,
demonym, capital, seat of power or organisation name (the leader reading would win over them),
an alias that is a common English word.

Coverage: for every UN member state plus Taiwan, Kosovo, Palestine and the Holy See, the sample
dates on which no head of state or head of government is in office, and the longest stretch
without one between 2000-01-01 and the file's revision date.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tocsin" / "data"

ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "head_of_organisation"}
ORG_CODES = {"IGO", "UNO", "EUR", "NAT", "NGO", "ISM", "IMG", "MNC"}
FIELDS = ("name", "aliases", "country", "role", "sector", "start", "end")
HANDOVER = timedelta(days=7)  # outgoing and incoming holder may both be listed for a few days
SAMPLE_DATES = tuple(date(y, 6, 30) for y in (2000, 2005, 2010, 2015, 2020, 2026))
COVER_FROM = date(2000, 1, 1)

# The 193 UN member states, then the four others the knowledge base must cover.
UN_MEMBERS = frozenset("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE""".split())
OTHERS = frozenset({"TWN", "XKX", "PSE", "VAT"})
COVERED = UN_MEMBERS | OTHERS

# Common English words that are also surnames or given names of office holders; as aliases they
# would match at the start of a sentence or in a headline. Agent nouns from agents.json are added.
ENGLISH = frozenset("""
may brown rice bush gates major gallant austin king young green white black little
hill wood stone banks bond best bird bell cook cross dean fox frank grant guy hunt hope ward
long love mark martin miles moon moore page park pope price rich rose sharp short smart swift
will west wise ali noble hall lord church cash cole strong sun tang law power field english
small good rock march august prince chance wells page ball mann bright sale story day lane
struck downer wade
roberts mills bishop sultan emir rain""".split())


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("-", " ").split())


def parse(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def check(leaders: list[dict], countries: list[dict], organisations: list[dict], agents: list[dict],
          today: date) -> dict:
    iso3 = {c["iso3"] for c in countries}
    errors: list[str] = []
    warnings: list[str] = []
    rows: list[tuple[dict, date, date | None]] = []
    seen: set[tuple] = set()
    for n, row in enumerate(leaders):
        where = f"#{n} {row.get('name')!r}"
        missing = [f for f in FIELDS if f not in row]
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}")
            continue
        if row["role"] not in ROLES:
            errors.append(f"{where}: unknown role {row['role']!r}")
        if row["country"] not in iso3 | ORG_CODES:
            errors.append(f"{where}: unknown country code {row['country']!r}")
        if not isinstance(row["aliases"], list) or not all(isinstance(a, str) and a.strip() for a in row["aliases"]):
            errors.append(f"{where}: aliases must be a list of non-empty strings")
        try:
            start, end = parse(row["start"]), parse(row["end"])
        except (TypeError, ValueError) as exc:
            errors.append(f"{where}: bad date ({exc})")
            continue
        if start is None:
            errors.append(f"{where}: no start date")
            continue
        if end is not None and end <= start:
            errors.append(f"{where}: ends {end} before it starts {start}")
        if start > today or (end is not None and end > today):
            errors.append(f"{where}: date after the revision date {today}")
        key = (row["name"], row["country"], row["role"], row["start"])
        if key in seen:
            errors.append(f"{where}: duplicate term {key}")
        seen.add(key)
        rows.append((row, start, end))

    by_office: dict[tuple[str, str], list[tuple[dict, date, date | None]]] = defaultdict(list)
    for r in rows:
        by_office[(r[0]["country"], r[0]["role"])].append(r)
    for (code, role), terms in by_office.items():
        if role == "head_of_organisation":
            continue  # several organisations share a code (UNO, IGO)
        terms.sort(key=lambda r: r[1])
        for (a, _, a_end), (b, b_start, _) in zip(terms, terms[1:]):
            if a_end is None or a_end - b_start > HANDOVER:
                errors.append(f"{code} {role}: {a['name']} ({a['start']}..{a['end']}) overlaps "
                              f"{b['name']} ({b['start']}..{b['end']})")

    # Alias collisions between people of different countries in overlapping periods.
    surfaces: dict[str, list[tuple[dict, date, date | None]]] = defaultdict(list)
    for r in rows:
        for s in {r[0]["name"], *r[0]["aliases"]}:
            surfaces[fold(s)].append(r)
    collisions = 0
    for surface, terms in sorted(surfaces.items()):
        for i, (a, a0, a1) in enumerate(terms):
            for b, b0, b1 in terms[i + 1:]:
                if a["name"] == b["name"] or a["country"] == b["country"]:
                    continue
                if a0 < (b1 or today + timedelta(1)) and b0 < (a1 or today + timedelta(1)):
                    collisions += 1
                    warnings.append(f"alias collision {surface!r}: {a['name']} ({a['country']} {a['start']}..{a['end']})"
                                    f" and {b['name']} ({b['country']} {b['start']}..{b['end']})")
    words: dict[str, str] = {}
    for c in countries:
        for s in [c["name"], *c.get("aliases", ()), *c.get("demonyms", ()), *c.get("capitals", ())]:
            words.setdefault(fold(s), f"country/place {c['iso3']}")
        for s in c.get("seats_of_power", ()):
            words.setdefault(fold(s["name"]), f"seat {c['iso3']}")
    for o in organisations:
        for s in [o["name"], *o.get("names", ())]:
            words.setdefault(fold(s), f"organisation {o['code']}")
    english = set(ENGLISH) | {fold(a["lemma"]) for a in agents}
    reserved = 0
    for r, _, _ in rows:
        for alias in r["aliases"]:
            f = fold(alias)
            if f in words:
                reserved += 1
                warnings.append(f"alias {alias!r} of {r['name']} is also a {words[f]} name")
            elif f in english:
                reserved += 1
                warnings.append(f"alias {alias!r} of {r['name']} is an English word")

    # Coverage of heads of state or government.
    heads: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for r, start, end in rows:
        if r["role"] in ("head_of_state", "head_of_government"):
            heads[r["country"]].append((start, end))

    def in_office(code: str, day: date) -> bool:
        return any(s <= day and (e is None or day < e) for s, e in heads.get(code, ()))

    gaps = {code: [d.isoformat() for d in SAMPLE_DATES if not in_office(code, d)] for code in sorted(COVERED)}
    gaps = {k: v for k, v in gaps.items() if v}
    longest: dict[str, int] = {}
    for code in sorted(COVERED):
        cursor, worst = COVER_FROM, 0  # first day not yet known to be covered
        for s, e in sorted(heads.get(code, ()), key=lambda se: se[0]):
            if s > cursor:
                worst = max(worst, (min(s, today) - cursor).days)
            cursor = max(cursor, e or today + timedelta(1))
            if cursor > today:
                break
        worst = max(worst, (today - cursor).days + 1) if cursor <= today else worst
        longest[code] = worst
    return {"errors": errors, "warnings": warnings, "gaps": gaps, "longest_gap_days": longest,
            "collisions": collisions, "reserved": reserved, "rows": rows}


def summary(result: dict, leaders: list[dict], verbose: bool) -> str:
    roles = defaultdict(int)
    codes = set()
    for r in leaders:
        roles[r["role"]] += 1
        codes.add(r["country"])
    out = [f"{len(leaders)} terms, {len({r['name'] for r in leaders})} people, {len(codes)} codes"]
    out += [f"  {role}: {n}" for role, n in sorted(roles.items())]
    covered = sorted(COVERED & codes)
    out.append(f"countries required: {len(COVERED)}; with any term: {len(covered)}; "
               f"missing entirely: {' '.join(sorted(COVERED - codes)) or '-'}")
    gaps = result["gaps"]
    out.append(f"sample dates {', '.join(d.isoformat() for d in SAMPLE_DATES)}: "
               f"{sum(map(len, gaps.values()))} country-dates without a head of state or government "
               f"({len(gaps)} countries)")
    for code, days in gaps.items():
        out.append(f"  {code}: {' '.join(days)}")
    long = {c: d for c, d in result["longest_gap_days"].items() if d > 60}
    out.append(f"countries with a stretch over 60 days without a head since 2000: {len(long)}")
    if verbose or len(long) <= 30:
        out += [f"  {c}: {d} days" for c, d in sorted(long.items(), key=lambda kv: -kv[1])]
    out.append(f"warnings: {len(result['warnings'])} ({result['collisions']} alias collisions, "
               f"{result['reserved']} aliases equal to a place, organisation or English word)")
    if verbose:
        out += [f"  {w}" for w in result["warnings"]]
    out.append(f"errors: {len(result['errors'])}")
    out += [f"  {e}" for e in result["errors"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every warning")
    parser.add_argument("--today", help="revision date (default: the file's 'revised' field, else today)")
    args = parser.parse_args(argv)
    data = load("leaders.json")
    today = date.fromisoformat(args.today or data.get("revised") or date.today().isoformat())
    leaders = data["leaders"]
    result = check(leaders, load("countries.json")["countries"], load("organisations.json")["organisations"],
                   load("agents.json")["agents"], today)
    print(summary(result, leaders, args.verbose))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
