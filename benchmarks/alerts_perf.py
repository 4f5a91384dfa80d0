"""Detector cost per replayed day: 200 countries, 1M synthetic events, the default rules.

    python benchmarks/alerts_perf.py [--events 1000000] [--countries 200] [--days 365] [--replay 30]

Builds the columnar table directly (ingesting 1M events through dedup is another
benchmark's job), then replays the last ``--replay`` days with every default rule
and prints build, prepare and per-day detector times. Target: under 1 s per day.
A surge is planted in one country so that the explain path (indicator history) runs too.
"""
from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np

from tocsin.alerts import AlertEngine, load_rules
from tocsin.alerts.table import Vocab, assemble, plover_scores
from tocsin.model import EVENT_TYPES, STATUSES

SECTORS = ["", "GOV", "MIL", "COP", "OPP", "CVL", "LAB", "JRN", "BUS", "EDU"]


def synthetic(n: int, n_countries: int, days: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    start = date(2023, 1, 1).toordinal()
    countries = Vocab(f"C{i:03d}" for i in range(n_countries))
    places = Vocab(f"{i}" for i in range(n_countries * 20))
    modes = Vocab(["demo", "strike", "riot", "arrest", "visit"])
    codes = Vocab([f"C{i:03d}" for i in range(n_countries)] + ["EUR", "UNO"])
    sectors = Vocab(SECTORS[1:])
    # country sizes follow a heavy tail, like news coverage
    weights = rng.pareto(1.2, n_countries) + 0.05
    weights /= weights.sum()
    country = rng.choice(n_countries, n, p=weights) + 1
    place = (country - 1) * 20 + rng.integers(0, 20, n) + 1
    day = start + rng.integers(0, days, n)
    type_p = np.array([8, 20, 6, 2, 5, 3, 2, 8, 9, 5, 4, 6, 1, 2, 7, 5], dtype=float)
    etype = rng.choice(len(EVENT_TYPES), n, p=type_p / type_p.sum())
    # a planted surge: country 1, last 3 days, many protests
    surge = rng.integers(0, n, 400)
    country[surge], day[surge], etype[surge] = 1, start + days - 2, EVENT_TYPES.index("PROTEST")
    status = rng.choice(len(STATUSES), n, p=[0.8, 0.08, 0.07, 0.03, 0.01, 0.01])
    mode = rng.integers(0, len(modes), n)
    people = np.where(rng.random(n) < 0.05, rng.choice([500, 5000, 50000], n), np.nan)
    sc = plover_scores()
    quads = {q: i for i, q in enumerate(sc["quads"])}
    score = np.array([sc["types"][t]["score"] for t in EVENT_TYPES])[etype]
    quad = np.array([quads[sc["types"][t]["quad"]] for t in EVENT_TYPES])[etype]
    seen_lag = rng.choice([0, 0, 0, 1, 2], n)
    # mentions: 1-3 per event, published on or after the event's day
    per = rng.choice([1, 1, 2, 3], n)
    m_event = np.repeat(np.arange(n), per)
    m_seen = day[m_event] + seen_lag[m_event] + rng.choice([0, 0, 1], len(m_event))
    # codes: one actor, and a recipient for 60% of events
    has_rec = rng.random(n) < 0.6
    c_event = np.concatenate([np.arange(n), np.nonzero(has_rec)[0]])
    c_role = np.concatenate([np.zeros(n, int), np.ones(int(has_rec.sum()), int)])
    # the other side of a dyad: one of a few partners of each country (neighbours, allies), or an organisation
    partners = rng.integers(1, len(codes), (n_countries + 1, 6))
    other = partners[country[c_event], rng.integers(0, 6, len(c_event))]
    own = country[c_event]
    c_code = np.where(rng.random(len(c_event)) < 0.8, own, other)
    c_sector = rng.integers(0, len(sectors), len(c_event))
    ids = np.array([f"ev-{i}" for i in range(n)], dtype=object)
    return assemble(ids=ids, day=day, etype=etype, status=status, mode=mode, country=country, place=place,
                    people=people, score=score, quad=quad, m_event=m_event, m_seen=m_seen, c_event=c_event,
                    c_role=c_role, c_code=c_code, c_sector=c_sector, modes=modes, countries=countries,
                    places=places, codes=codes, sectors=sectors), start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--countries", type=int, default=200)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--replay", type=int, default=30)
    args = ap.parse_args()
    t0 = time.perf_counter()
    table, start = synthetic(args.events, args.countries, args.days)
    build = time.perf_counter() - t0
    rules = load_rules().enabled()
    t0 = time.perf_counter()
    engine = AlertEngine(table, rules)
    prepare = time.perf_counter() - t0
    per_day = []
    fired = 0
    last = start + args.days - 1
    for d in range(last - args.replay + 1, last + 1):
        t0 = time.perf_counter()
        fired += len(engine.run_day(d))
        per_day.append(time.perf_counter() - t0)
    per_day_a = np.array(per_day)
    print(f"{len(table):,} events, {len(table.m_event):,} mentions, {len(table.c_event):,} codes, "
          f"{args.countries} countries, {args.days} days; {len(rules)} rules")
    print(f"build table {build:.2f} s (once), prepare rules {prepare:.2f} s (once)")
    print(f"replay {args.replay} days: mean {per_day_a.mean():.3f} s/day, median {np.median(per_day_a):.3f}, "
          f"max {per_day_a.max():.3f} (detect {engine.timings.get('detect', 0) / args.replay:.3f}, "
          f"explain {engine.timings.get('explain', 0) / args.replay:.3f}); {fired} alerts"
          + (f", {engine.timings.get('explain', 0) / fired * 1000:.0f} ms each to explain" if fired else ""))
    print("target < 1 s/day:", "OK" if per_day_a.max() < 1.0 else "MISSED")


if __name__ == "__main__":
    main()
