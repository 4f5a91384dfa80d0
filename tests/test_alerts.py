"""Early warning: detectors on synthetic series, rules, episodes, no look-ahead, storage and polling."""
from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from tocsin.alerts import backtest, list_alerts, load_rules, parse_rules, poll, table_from_records, unit_indicators
from tocsin.alerts.rules import Rule, RuleSet
from tocsin.alerts.stats import binomial_sf, dispersion, negbin_sf, poisson_sf
from tocsin.alerts.table import day_number, participants, score_of

D0 = date(2021, 1, 1)


def d(n: int) -> str:
    return (D0 + timedelta(days=n)).isoformat()


def series(plan: list[tuple[int, int]], country: str = "AAA", start: int = 0, lag: int = 0,
           kind: str = "PROTEST", prefix: str = "") -> list[dict]:
    """Per day (total, of which ``kind``): CONSULT filler plus ``kind`` events, reported ``lag`` days later."""
    out = []
    for i, (total, x) in enumerate(plan):
        day = start + i
        for j in range(total):
            out.append({"id": f"{prefix}{country}-{day}-{j}", "event_type": kind if j < x else "CONSULT",
                        "status": "occurred", "date": d(day), "published": d(day + lag), "country": country,
                        "actor": [{"code": country, "sector": "CVL" if j < x else "GOV"}]})
    return out


def rule(name: str = "surge", detector: str = "surge", **params) -> Rule:
    rs = load_rules(defaults=False)
    base = parse_rules(f'[[rule]]\nname = "{name}"\ndetector = "{detector}"\n', "t.toml")
    assert not base.errors and not rs.errors
    r = base.rules[0]
    r.params.update(params)
    return r


def run(records: list[dict], rules: list[Rule], start: int, end: int) -> list[dict]:
    return backtest(table_from_records(records), d(start), d(end), rules).alerts


# -- statistics -------------------------------------------------------------------------------

def test_tails_match_brute_force():
    n, p = 30, 0.1
    brute = sum(math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(7, n + 1))
    assert binomial_sf(7, n, p) == pytest.approx(brute, rel=1e-9)
    mu = 3.0
    brute = 1 - sum(math.exp(-mu) * mu ** k / math.factorial(k) for k in range(8))
    assert poisson_sf(8, mu) == pytest.approx(brute, rel=1e-9)
    assert negbin_sf(8, mu, 0.0) == pytest.approx(brute, rel=1e-9)
    # overdispersion makes the same count less surprising
    assert negbin_sf(8, mu, 0.5) > poisson_sf(8, mu)
    assert binomial_sf(0, 5, 0.2) == 1.0 and binomial_sf(6, 5, 0.2) == 0.0
    assert dispersion([1] * 10, [20] * 10, 0.05) == 0.0
    assert dispersion([0, 5, 0, 4, 0, 6, 0, 5, 0, 5], [20] * 10, 0.125) > 0.5


def test_data_tables():
    assert score_of("ACCUSE", None) == -3.0 and score_of("PROTEST", "riot") == -7.0
    assert score_of("CONSULT", "unknown-mode") == 2.5
    assert participants({"participants": "more than 100,000"}) == 100000
    assert participants({"participants": "Tens of thousands"}) == 30000
    assert participants({"participants": "thousands"}) == 3000
    assert math.isnan(participants({})) and math.isnan(participants({"arrested": "3,000"}))


# -- surge ------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["binomial", "poisson", "negbin"])
def test_surge_fires_on_a_jump_in_share(model):
    recs = series([(20, 1)] * 40 + [(20, 9)] * 2)
    alerts = run(recs, [rule(model=model)], 30, 41)
    assert [a["day"] for a in alerts] == [d(40)]
    a = alerts[0]
    assert a["unit"] == "AAA" and a["details"]["p_value"] < 0.005 and a["score"] > 2
    assert a["details"]["baseline_rate"] == pytest.approx(0.05, abs=0.01)
    assert a["sparkline"]["indicator"] == "PROTEST_share" and len(a["sparkline"]["values"]) == 28
    assert a["sparkline"]["values"][-1] == pytest.approx(0.45)
    assert a["events"] and all(e["event_type"] == "PROTEST" and e["link"].startswith("/events/") for e in a["events"])


def test_steady_high_level_does_not_refire():
    recs = series([(20, 1)] * 40 + [(20, 9)] * 90)
    alerts = run(recs, [rule(model="negbin")], 30, 129)
    assert [a["day"] for a in alerts] == [d(40)]


def test_volume_growth_without_share_change_does_not_fire():
    recs = series([(20, 1)] * 40 + [(200, 10)] * 20)
    for model in ("binomial", "negbin", "poisson"):
        assert run(recs, [rule(model=model)], 30, 59) == []


def test_new_episode_after_cooldown():
    recs = series([(20, 1)] * 40 + [(20, 9)] * 2 + [(20, 1)] * 60 + [(20, 10)] * 2)
    alerts = run(recs, [rule(cooldown_days=5)], 30, 103)
    assert [a["day"] for a in alerts] == [d(40), d(102)]


def test_surge_per_place_and_unknown_country_ignored():
    recs = series([(20, 1)] * 40 + [(20, 9)] * 2)
    for r in recs:
        r["location"] = {"geonameid": "625144", "name": "Minsk", "country": "AAA"}
    recs += [{"id": f"nowhere-{i}", "event_type": "PROTEST", "status": "occurred", "date": d(40)} for i in range(30)]
    alerts = run(recs, [rule(unit="place")], 30, 41)
    assert [(a["day"], a["unit"], a["unit_kind"]) for a in alerts] == [(d(40), "Minsk", "place")]


# -- no look-ahead ----------------------------------------------------------------------------

def test_backtest_sees_nothing_before_it_is_reported():
    # the surge happens on day 40 but is only reported on day 43
    recs = series([(20, 1)] * 40, lag=0) + series([(20, 9)], start=40, lag=3, prefix="late-")
    alerts = run(recs, [rule(recent_days=4)], 30, 50)
    assert [a["day"] for a in alerts] == [d(43)]
    assert all(e["first_reported"] <= alerts[0]["day"] for e in alerts[0]["events"])


def test_backtest_is_unchanged_by_future_data():
    base = series([(20, 1)] * 40 + [(20, 9)] * 2) + [
        {"id": "s1", "event_type": "SANCTION", "status": "occurred", "date": d(35), "country": "BBB",
         "actor": [{"code": "EUR"}], "recipient": [{"code": "BBB", "sector": "GOV"}]}]
    future = series([(5, 5)] * 10, start=42, prefix="f-") + [
        {"id": "s0", "event_type": "SANCTION", "status": "occurred", "date": d(20), "published": d(45),
         "country": "BBB", "actor": [{"code": "EUR"}], "recipient": [{"code": "BBB", "sector": "GOV"}]}]
    rules = [rule(), rule("sanctions", "first_event", types=["SANCTION"])]
    a = run(base, rules, 10, 41)
    b = run(base + future, rules, 10, 41)
    strip = [(x["day"], x["rule"], x["unit"], x["key"], x["score"], x["summary"]) for x in a]
    assert strip == [(x["day"], x["rule"], x["unit"], x["key"], x["score"], x["summary"]) for x in b]
    assert [x["rule"] for x in a] == ["sanctions", "surge"]


# -- event detectors --------------------------------------------------------------------------

def sanction(i: str, day: int, actor: str = "EUR", target: str = "BBB", status: str = "occurred") -> dict:
    return {"id": i, "event_type": "SANCTION", "status": status, "date": d(day), "country": "XXX",
            "actor": [{"code": actor, "sector": "GOV"}], "recipient": [{"code": target, "sector": "GOV"}]}


def test_first_sanction_this_year():
    recs = [sanction("s1", 10), sanction("s2", 11), sanction("s3", 200), sanction("s4", 200, actor="USA"),
            sanction("s5", 370), sanction("s6", 12, status="threatened")]
    r = rule("first-sanction", "first_event", types=["SANCTION"], statuses=["occurred"], key=["actor", "recipient"],
             unit="recipient", since="year")
    alerts = run(recs, [r], 0, 400)
    assert [(a["day"], a["unit"], a["key"]) for a in alerts] == [
        (d(10), "BBB", "EUR->BBB"), (d(200), "BBB", "USA->BBB"), (d(370), "BBB", "EUR->BBB")]
    assert alerts[0]["country"] == "BBB" and alerts[0]["events"][0]["id"] == "s1"


def test_defection_and_foreign_request():
    recs = [
        {"id": "def", "event_type": "SUPPORT", "status": "occurred", "date": d(5), "country": "AAA",
         "actor": [{"code": "AAA", "sector": "GOV"}], "recipient": [{"code": "AAA", "sector": "OPP"}]},
        {"id": "nodef", "event_type": "SUPPORT", "status": "occurred", "date": d(5), "country": "AAA",
         "actor": [{"code": "AAA", "sector": "OPP"}], "recipient": [{"code": "AAA", "sector": "CVL"}]},
        {"id": "req", "event_type": "REQUEST", "mode": "assist", "status": "occurred", "date": d(6), "country": "AAA",
         "actor": [{"code": "AAA", "sector": "GOV"}], "recipient": [{"code": "RRR", "sector": "GOV"}]},
        {"id": "req-home", "event_type": "REQUEST", "mode": "assist", "status": "occurred", "date": d(6),
         "country": "AAA", "actor": [{"code": "AAA", "sector": "CVL"}],
         "recipient": [{"code": "AAA", "sector": "GOV"}]},
    ]
    rules = [r for r in load_rules().rules if r.name in ("defection", "foreign-assistance-request")]
    alerts = run(recs, rules, 0, 10)
    got = {(a["rule"], a["unit"], tuple(e["id"] for e in a["events"])) for a in alerts}
    assert got == {("defection", "AAA", ("def",)), ("foreign-assistance-request", "AAA", ("req",))}


def test_planned_large_event_is_seen_from_its_announcement():
    recs = [{"id": "plan", "event_type": "PROTEST", "status": "planned", "date": d(20), "published": [d(17), d(18)],
             "country": "AAA", "size": {"participants": "tens of thousands"}},
            {"id": "small", "event_type": "PROTEST", "status": "planned", "date": d(20), "published": d(18),
             "country": "AAA", "size": {"participants": "dozens"}}]
    alerts = run(recs, [rule("planned", "planned", horizon_days=3)], 0, 25)
    assert [(a["day"], a["key"]) for a in alerts] == [(d(17), "plan")]
    assert alerts[0]["details"]["participants"] == 30000 and alerts[0]["details"]["reports"] == 1


def test_sectors_joining_a_movement():
    recs = series([(10, 3)] * 10)
    recs.append({"id": "lab", "event_type": "PROTEST", "status": "occurred", "date": d(10), "country": "AAA",
                 "actor": [{"code": "AAA", "sector": "LAB"}, {"code": "AAA", "sector": "JRN"}]})
    recs.append({"id": "lab2", "event_type": "PROTEST", "status": "occurred", "date": d(11), "country": "AAA",
                 "actor": [{"code": "AAA", "sector": "LAB"}]})
    alerts = run(recs, [rule("join", "sector_join")], 0, 14)
    assert [(a["day"], a["details"]["new_sectors"]) for a in alerts] == [(d(10), ["JRN", "LAB"])]


def test_unit_indicators_shape():
    recs = series([(10, 2)] * 5)
    recs.append({"id": "g", "event_type": "ACCUSE", "status": "occurred", "date": d(4), "country": "AAA",
                 "actor": [{"code": "AAA", "sector": "OPP"}], "recipient": [{"code": "AAA", "sector": "GOV"}]})
    recs.append({"id": "p", "event_type": "PROTEST", "mode": "strike", "status": "planned", "date": d(9),
                 "published": d(4), "country": "AAA", "actor": [{"code": "AAA", "sector": "LAB"}]})
    t = table_from_records(recs)
    ind = unit_indicators(t, "country", t.countries.get("AAA"), day_number(d(4)), days=5)
    s = ind["series"]
    assert ind["days"][-1] == d(4) and ind["unit"] == "AAA"
    assert s["events"] == [10, 10, 10, 10, 11] and s["PROTEST"] == [2] * 5
    assert s["planned"][-1] == 1 and "planned" not in ind["by_status"]  # dated day 9: not in the window
    assert s["gov_directed"][-1] == 1 and s["gov_share"][-1] == pytest.approx(1 / 11, abs=1e-3)
    assert s["balance"][0] == pytest.approx((8 - 2) / 10)
    assert s["sectors"][-1] == 3 and s["protest_sectors"][0] == 1
    assert ind["by_mode"] == {}


# -- rules ------------------------------------------------------------------------------------

BAD_RULES = """\
version = 1

[[rule]]
name = "ok-one"
detector = "surge"
alpha = 0.01

[[rule]]
name = "broken"
detector = "surge"
alpha = = 0.01

[[rule]]
name = "unknown-detector"
detector = "surgee"

[[rule]]
name = "bad-value"
detector = "first_event"
types = ["SANCTION", "SANCTIONS"]

[[rule]]
name = "bad-param"
detector = "planned"
horizon = 3

[[rule]]
name = "ok-two"
detector = "planned"
severity = "low"
"""


def test_rule_errors_are_reported_with_their_line_and_skipped():
    rs = parse_rules(BAD_RULES, "mine.toml")
    assert [r.name for r in rs.rules] == ["ok-one", "ok-two"]
    msgs = [str(e) for e in rs.errors]
    assert [e.line for e in rs.errors] == [11, 15, 20, 25]
    assert msgs[0].startswith("mine.toml:11: TOML syntax")
    assert "unknown detector 'surgee'" in msgs[1]
    assert "unknown value 'SANCTIONS'" in msgs[2]
    assert "unknown parameter 'horizon'" in msgs[3]
    assert rs.rules[0]["alpha"] == 0.01 and rs.rules[0]["baseline_days"] == 28
    assert rs.rules[1].severity == "low" and rs.rules[0].origin == "mine.toml:3"


def test_user_rules_override_defaults(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[[rule]]\nname = "protest-surge"\ndetector = "surge"\nalpha = 0.0001\n\n'
                    '[[rule]]\nname = "defection"\ndetector = "first_event"\nenabled = false\n')
    rs = load_rules([path, tmp_path / "missing.toml"])
    assert rs.by_name("protest-surge")["alpha"] == 0.0001
    assert rs.by_name("defection") not in rs.enabled()
    assert len(rs.errors) == 1 and "missing.toml:0: cannot read" in str(rs.errors[0])
    assert not load_rules().errors  # the shipped defaults parse


# -- store: polls, episodes, storage ----------------------------------------------------------

def _articles(days: range, protests: int, total: int, tag: str):
    from test_store_helpers import article

    out = []
    for day in days:
        events = []
        for j in range(total):
            kind = "PROTEST" if j < protests else "CONSULT"
            events.append({"event_type": kind, "mode": "demo" if kind == "PROTEST" else None, "status": "occurred",
                           "date": d(day), "place": "Nairobi", "actor": [f"group {j}:KEN:{'CVL' if j < protests else 'GOV'}"],
                           "span": (j * 10, j * 10 + 9), "confidence": 0.8})
        text = " ".join(f"{tag}{day:03d}e{j:02d}" for j in range(total))
        out.append(article(f"{tag}-{day}", text, d(day), "Wire", *events))
    return out


def test_poll_fires_once_per_episode_and_stores_everything(tmp_path):
    from tocsin.dedup import DedupConfig
    from tocsin.store import open_store

    class Collect:
        def __init__(self):
            self.got = []

        def deliver(self, alert):
            self.got.append(alert)

    url = f"sqlite:///{tmp_path}/alerts.db"
    rules = RuleSet([r for r in load_rules().rules if r.name == "protest-surge"])
    sink = Collect()
    with open_store(url, dedup=DedupConfig(threshold=2.0)) as store:  # keep the synthetic events apart
        store.add_articles(_articles(range(0, 30), 1, 12, "a"))
        assert poll(store, rules, sinks=[sink]) == []
        store.add_articles(_articles(range(30, 31), 7, 12, "b"))
        first = poll(store, rules, sinks=[sink])
        assert [a["day"] for a in first] == [d(30)] and sink.got == first
        assert poll(store, rules, sinks=[sink]) == []  # the same poll again: no re-fire
        store.add_articles(_articles(range(31, 33), 7, 12, "c"))
        assert poll(store, rules, sinks=[sink]) == []  # the episode goes on
        stored = list_alerts(store, since=d(0))
        assert len(stored) == 1 and stored[0]["id"] == first[0]["id"]
        a = stored[0]
        assert a["country"] == "KEN" and a["indicators"]["series"]["PROTEST"][-1] == 7
        assert a["events"][0]["articles"][0]["url"].startswith("https://example.org/")
        assert list_alerts(store, since=d(31)) == [] and list_alerts(store, country=["FRA"]) == []
        ep = store._all_rows("SELECT * FROM alert_episodes")
        assert len(ep) == 1 and ep[0]["closed"] is None and ep[0]["last_active"] == d(32)


# -- the demo corpus --------------------------------------------------------------------------

@pytest.mark.model
def test_demo_corpus_backtest(tmp_path, pipeline):
    from pathlib import Path

    from tocsin.sources.files import read_articles
    from tocsin.store import open_store

    demo = Path(__file__).resolve().parents[1] / "examples" / "demo" / "belarus-2020.jsonl"
    if not demo.exists():
        pytest.skip("examples/demo/belarus-2020.jsonl is absent")
    with open_store(f"sqlite:///{tmp_path}/demo.db") as store:
        store.add_articles(pipeline(read_articles([str(demo)])))
        result = backtest(store, "2020-08-01", "2020-10-31", load_rules())
    alerts = result.alerts
    surge = [a for a in alerts if a["rule"] == "protest-surge" and a["unit"] == "BLR"]
    assert surge and surge[0]["day"] in ("2020-08-09", "2020-08-10")
    assert len(surge) == 1
    sanctions = {a["day"] for a in alerts if a["rule"].startswith("sanctions") and a["unit"] == "BLR"
                 and a["key"].startswith("EUR")}
    assert "2020-10-02" in sanctions or "2020-08-14" in sanctions
    assert not [a for a in alerts if "PRT" in (a["unit"], a["country"]) or "PRT" in a["key"]]


def test_surge_on_reports_share():
    recs = series([(20, 1)] * 40 + [(20, 1)] * 2)
    for r in recs:
        if r["event_type"] == "PROTEST" and r["date"] >= d(40):
            r["published"] = [r["date"]] * 12  # one protest, widely reported
    assert run(recs, [rule(count="events")], 30, 41) == []
    alerts = run(recs, [rule(count="mentions")], 30, 41)
    assert [a["day"] for a in alerts] == [d(40)] and "reports" in alerts[0]["summary"]
    grow = series([(20, 1)] * 40 + [(200, 10)] * 10)
    assert run(grow, [rule(count="mentions")], 30, 49) == []


def test_commands(tmp_path):
    import io

    from tocsin.alerts.commands import alerts_command, backtest_command
    from tocsin.dedup import DedupConfig
    from tocsin.store import open_store

    url = f"sqlite:///{tmp_path}/cmd.db"
    with open_store(url, dedup=DedupConfig(threshold=2.0)) as store:
        store.add_articles(_articles(range(0, 30), 1, 12, "a") + _articles(range(30, 31), 7, 12, "b"))
    rules = tmp_path / "r.toml"
    rules.write_text('[[rule]]\nname = "x"\ndetector = "nope"\n')
    out, err = io.StringIO(), io.StringIO()
    assert backtest_command(url, d(20), d(31), rules=[str(rules)], out=out, err=err) == 0
    assert "protest-surge" in out.getvalue() and d(30) in out.getvalue()
    assert "r.toml:3: rule 'x': unknown detector" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert alerts_command(url, since=d(0), out=out, err=err) == 0
    assert "protest-surge" in out.getvalue() and "new alert(s)" in err.getvalue()
    out2 = io.StringIO()
    alerts_command(url, since=d(0), as_json=True, out=out2, err=io.StringIO())
    import json as _json

    recs = [_json.loads(line) for line in out2.getvalue().splitlines()]
    assert recs and all("sparkline" in r for r in recs)
