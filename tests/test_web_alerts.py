"""The dashboard's Alerts panel and its JSON twin GET /alerts.

A small synthetic Belarus corpus (no spaCy): 30 quiet days of routine reports, then a
day on which protests dominate the coverage, plus an EU sanction against Belarus whose
report carries markup. ``backfill`` (what ``tocsin demo`` runs) stores the alerts; the
browser tests drive Debian's headless Chromium with the helpers of ``test_web`` and skip
when chromium, chromedriver or selenium is missing.
"""
from __future__ import annotations

import time
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import running_server
from test_store_helpers import article

from tocsin.alerts import backtest, list_alerts, load_rules, poll
from tocsin.alerts.engine import backfill
from tocsin.dedup import DedupConfig
from tocsin.store import open_store

D0 = date(2020, 7, 1)
SURGE_DAY = 30
HOSTILE = ('BRUSSELS, Jul 20 - The European Union imposed sanctions on Belarus <img src=x '
           'onerror="window.__pwned = 3"> <b>over the crackdown</b>.')

try:  # the browser fixture and helpers of the dashboard's own browser tests
    import test_web as web
except pytest.skip.Exception:  # no chromium / chromedriver / selenium: the API tests still run
    web = None


def d(n: int) -> str:
    return (D0 + timedelta(days=n)).isoformat()


def _day(n: int, protests: int, total: int = 12) -> list:
    """One wire report per day telling ``total`` events in Belarus, ``protests`` of them protests."""
    events = []
    for j in range(total):
        kind = "PROTEST" if j < protests else "CONSULT"
        events.append({"event_type": kind, "mode": "demo" if kind == "PROTEST" else None, "status": "occurred",
                       "date": d(n), "place": "Belarus", "span": (j * 10, j * 10 + 9), "confidence": 0.8,
                       "actor": [f"group {j}:BLR:{'CVL' if kind == 'PROTEST' else 'GOV'}"]})
    text = " ".join(f"blr{n:03d}e{j:02d}" for j in range(total))
    return [article(f"blr-{n}", text, d(n), "Wire", *events)]


def corpus() -> list:
    out = []
    for n in range(SURGE_DAY):
        out += _day(n, 1)
    out += _day(SURGE_DAY, 8)
    out.append(article("eu-sanction", HOSTILE, d(19), "Ledger",
                       {"event_type": "SANCTION", "status": "occurred", "date": d(19), "place": "Belarus",
                        "actor": ["The European Union:EUR:GOV"], "recipient": ["Belarus:BLR:GOV"],
                        "confidence": 0.9}))
    out.append(article("paris", "Hundreds of farmers drove tractors into Paris to protest against fuel prices.",
                       d(12), "Ledger", {"event_type": "PROTEST", "mode": "demo", "status": "occurred",
                                         "date": d(12), "place": "Paris", "actor": ["farmers:FRA:AGR"]}))
    return out


def _build(url: str) -> None:
    with open_store(url, dedup=DedupConfig(threshold=2.0)) as store:  # keep the synthetic events apart
        store.add_articles(corpus())


@pytest.fixture(scope="module")
def stored_url(tmp_path_factory):
    """A store with the corpus and the alerts its backfill stored."""
    url = f"sqlite:///{tmp_path_factory.mktemp('alerts-web')}/web.db"
    _build(url)
    with open_store(url) as store:
        backfill(store, load_rules())
    return url


def _client(url: str):
    from fastapi.testclient import TestClient

    from tocsin.api import create_app

    return TestClient(create_app(url))


# -- the JSON twin ----------------------------------------------------------------------------

def test_alerts_api_empty_then_after_a_poll(tmp_path):
    url = f"sqlite:///{tmp_path}/api.db"
    with open_store(url):
        pass
    with _client(url) as client:
        r = client.get("/alerts")
        assert r.status_code == 200 and r.json() == {"items": []}
    _build(url)
    with open_store(url) as store:
        fired = poll(store, load_rules(), until=d(SURGE_DAY))
    assert any(a["rule"] == "protest-surge" for a in fired)
    with _client(url) as client:
        items = client.get("/alerts").json()["items"]
        surge = [a for a in items if a["rule"] == "protest-surge" and a["unit"] == "BLR"]
        assert len(surge) == 1 and surge[0]["day"] == d(SURGE_DAY)
        spark = surge[0]["sparkline"]
        assert spark["indicator"] == "PROTEST_share" and len(spark["days"]) == len(spark["values"]) == 28
        assert spark["days"][-1] == d(SURGE_DAY) and spark["values"][-1] > 5 * spark["values"][0] > 0
        assert surge[0]["events"] and all(e["link"].startswith("/events/") for e in surge[0]["events"])
        light = client.get("/alerts", params={"full": "false", "country": "BLR"}).json()["items"]
        assert light and all("indicators" not in a and a["sparkline"] for a in light)
        assert client.get("/alerts", params={"country": "FRA"}).json() == {"items": []}


def test_backfill_stores_the_backtest_once(stored_url):
    with open_store(stored_url) as store:
        stored = list_alerts(store, limit=1000)
        replay = backtest(store, d(0), d(SURGE_DAY), load_rules()).alerts
        assert sorted(a["id"] for a in stored) == sorted(a["id"] for a in replay)  # the same, day by day
        rules = {(a["rule"], a["unit"], a["day"]) for a in stored}
        assert ("protest-surge", "BLR", d(SURGE_DAY)) in rules and ("sanctions-imposed", "BLR", d(19)) in rules
        assert backfill(store, load_rules()) == []  # again: nothing new
        assert poll(store, load_rules()) == []  # a later poll continues from the stored episodes
        assert len(list_alerts(store, limit=1000)) == len(stored)


@pytest.mark.model
def test_demo_stores_the_belarus_alerts(tmp_path):
    from tocsin.demo import run_demo

    url = f"sqlite:///{tmp_path}/demo.db"
    counts = run_demo(url, serve=False)
    assert counts["alerts_added"] >= 2
    with open_store(url) as store:
        alerts = list_alerts(store, country=["BLR"], limit=1000)
    surge = [a for a in alerts if a["rule"] == "protest-surge"]
    assert len(surge) == 1 and surge[0]["day"] in ("2020-08-09", "2020-08-10")
    assert len(surge[0]["sparkline"]["values"]) == 28
    assert any(a["rule"].startswith("sanctions") and a["key"].startswith("EUR") for a in alerts)
    assert run_demo(url, serve=False)["alerts_added"] == 0


# -- the panel in a real browser --------------------------------------------------------------

if web is not None:
    browser = web.browser  # the module-scoped headless Chromium of test_web
else:
    @pytest.fixture(scope="module")
    def browser():
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def base_url(stored_url):
    if web is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")


    with running_server(stored_url) as base:
        yield base


def _alert_row(driver, rule: str, unit: str = "BLR"):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f"#alerts tbody tr[data-rule='{rule}'][data-unit='{unit}']")


def test_alerts_panel_lists_the_protest_surge_with_a_sparkline(browser, base_url):
    from selenium.webdriver.common.by import By

    web._open(browser, base_url + "/")
    assert browser.find_element(By.ID, "alerts-json").get_attribute("href").startswith(base_url + "/alerts")
    rows = browser.find_elements(By.CSS_SELECTOR, "#alerts tbody tr")
    assert len(rows) == int(browser.find_element(By.ID, "alerts").get_attribute("data-rows")) >= 2
    row = _alert_row(browser, "protest-surge")
    cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
    assert cells[0] == d(SURGE_DAY) and cells[1] == "high" and "Protest escalation in BLR" in cells[2]
    assert cells[3] == "BLR" and float(cells[4]) > 0 and "PROTEST" in cells[6]
    spark = row.find_element(By.CSS_SELECTOR, "svg.spark")
    assert spark.get_attribute("data-indicator") == "PROTEST_share" and spark.get_attribute("data-points") == "28"
    path = spark.find_element(By.CSS_SELECTOR, "path.line").get_attribute("d")
    assert path.startswith("M") and path.count("L") == 27
    ys = [float(p.split(",")[1]) for p in path.replace("M", "L").split("L")[1:]]
    assert ys[-1] < ys[0]  # the share jumps on the alert's day (up = smaller y)
    assert "PROTEST_share" in spark.find_element(By.TAG_NAME, "title").get_attribute("textContent")


def test_clicking_an_alert_filters_the_page_to_its_events(browser, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    web._open(browser, base_url + "/")
    all_rows = len(web._rows(browser))
    row = _alert_row(browser, "protest-surge")
    first_event = row.find_element(By.CSS_SELECTOR, "a.ev").get_attribute("data-event")
    row.click()
    WebDriverWait(browser, 10).until(lambda drv: "alert=" in drv.current_url)
    web._wait_ready(browser)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query["country"] == ["BLR"] and query["end"] == [d(SURGE_DAY)] and query["start"][0] <= d(SURGE_DAY)
    assert query["alert"] == [row.get_attribute("data-id")]
    assert browser.find_element(By.NAME, "country").get_attribute("value") == "BLR"
    rows = web._rows(browser)
    assert 0 < len(rows) < all_rows
    for r in rows:
        assert query["start"][0] <= r.find_element(By.TAG_NAME, "td").text <= d(SURGE_DAY) and "BLR" in r.text
    points = browser.find_elements(By.CSS_SELECTOR, "#map circle.pt")
    assert points and all(p.get_attribute("data-id") for p in points)
    assert "selected" in _alert_row(browser, "protest-surge").get_attribute("class")
    web._wait_detail(browser, first_event)  # its first triggering event is opened
    assert "country=BLR" in browser.find_element(By.ID, "table-json").get_attribute("href")


def test_alert_event_links_open_the_triggering_event_and_text_stays_text(browser, base_url):
    from selenium.webdriver.common.by import By

    web._open(browser, base_url + "/")
    row = _alert_row(browser, "sanctions-imposed")
    summary = row.find_element(By.CSS_SELECTOR, "td.summary").text
    assert '<img src=x onerror="window.__pwned = 3">' in summary  # shown as text
    link = row.find_element(By.CSS_SELECTOR, "a.ev")
    event_id = link.get_attribute("data-event")
    assert link.get_attribute("href") == f"{base_url}/events/{event_id}"
    link.click()
    web._wait_detail(browser, event_id)
    assert f"event={event_id}" in browser.current_url and "start=" + d(19) in browser.current_url
    time.sleep(0.3)  # an injected onerror would have fired by now
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('#alerts img, #alerts b, #alerts script')"
                                  ".length") == 0
