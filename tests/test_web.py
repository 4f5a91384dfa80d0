"""The dashboard in a real browser: Debian's headless Chromium driven by selenium over a live uvicorn.

Skipped when chromium, chromedriver or selenium is missing (``apt-get install chromium
chromium-driver``). Nothing downloads a browser: the driver is /usr/bin/chromedriver.
Set TOCSIN_SCREENSHOT=path.png to keep a screenshot of the loaded dashboard.
"""
from __future__ import annotations

import os
import shutil
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import running_server
from test_store_helpers import article, corpus

from tocsin.store import open_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not CHROMIUM or not CHROMEDRIVER:
    pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HOSTILE = ('LYON, Feb 25 - Students carried banners reading <script>window.__pwned = 1;</script> '
           'and <img src=x onerror="window.__pwned = 2"> as they marched through Lyon on Friday.')



@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('web')}/web.db"
    articles = corpus() + [
        article("evil", HOSTILE, "2022-02-25", "Prankster Post",
                {"event_type": "PROTEST", "mode": "demo", "status": "occurred", "date": "2022-02-25",
                 "place": "Lyon", "actor": ["Students:FRA:EDU"], "confidence": 0.75}),
    ]
    with open_store(url) as store:
        store.add_articles(articles)
    with running_server(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                 "--window-size=1400,1200", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _open(driver, url: str) -> None:
    driver.get(url)
    _wait_ready(driver)


def _wait_ready(driver) -> None:
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.body.dataset.ready") == "1")


def _rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#events tbody tr")


def _row_with(driver, text: str):
    return next(r for r in _rows(driver) if text in r.text)


def _wait_detail(driver, event_id: str) -> None:
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.querySelector('#detail').dataset.loaded") == event_id)


def test_dashboard_draws_map_timeline_and_table(browser, base_url):
    _open(browser, base_url + "/")
    points = browser.find_elements(By.CSS_SELECTOR, "#map circle.pt")
    assert len(points) == 8  # every located canonical event
    radius = {p.get_attribute("data-mentions"): float(p.get_attribute("r")) for p in points}
    assert radius["2"] > radius["1"]  # sized by mentions
    assert points[0].get_attribute("fill") != "" and len(browser.find_elements(By.CSS_SELECTOR, "#map path.country")) > 150
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert len(bars) >= 7
    planned = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar.expected")
    assert len(planned) == 1 and planned[0].get_attribute("fill") == "url(#hatch-PROTEST)"
    assert planned[0].get_attribute("data-day") == "2022-03-03"
    assert {b.get_attribute("fill") for b in bars if "occurred" in b.get_attribute("class")}.isdisjoint(
        {"url(#hatch-PROTEST)"})
    assert len(_rows(browser)) == 8
    assert browser.find_element(By.ID, "map-json").get_attribute("href").startswith(base_url + "/map/points")
    shot = os.environ.get("TOCSIN_SCREENSHOT")
    if shot:
        browser.save_screenshot(shot)


def test_filters_live_in_the_url(browser, base_url):
    _open(browser, base_url + "/?type=PROTEST&country=FRA")
    assert browser.find_element(By.NAME, "type").get_attribute("value") == "PROTEST"
    rows = _rows(browser)
    assert len(rows) == 2 and all("PROTEST" in r.text and "FRA" in r.text for r in rows)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map circle.pt")) == 2
    # the form writes the URL
    browser.find_element(By.CSS_SELECTOR, "select[name=country] option[value='']").click()
    browser.find_element(By.CSS_SELECTOR, "select[name=status] option[value=planned]").click()
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "status=planned" in d.current_url)
    _wait_ready(browser)
    query = parse_qs(urlsplit(browser.current_url).query)
    assert query == {"type": ["PROTEST"], "status": ["planned"]}
    assert [r.text.split("\n")[0] for r in _rows(browser)] == ["2022-03-03"] or len(_rows(browser)) == 1
    assert browser.find_element(By.ID, "table-json").get_attribute("href").find("status=planned") > 0
    # back restores the previous filters
    browser.back()
    WebDriverWait(browser, 10).until(lambda d: "country=FRA" in d.current_url)
    WebDriverWait(browser, 10).until(lambda d: len(_rows(d)) == 2)
    # a full-text filter from the URL
    _open(browser, base_url + "/?q=tractors")
    assert len(_rows(browser)) == 1 and "2" in _rows(browser)[0].text


def test_clicking_an_event_shows_highlighted_evidence(browser, base_url):
    _open(browser, base_url + "/")
    row = _row_with(browser, "farmers")
    event_id = row.get_attribute("data-id")
    row.click()
    _wait_detail(browser, event_id)
    assert f"event={event_id}" in browser.current_url
    mentions = browser.find_elements(By.CSS_SELECTOR, "#detail .mention")
    assert len(mentions) == 2  # two reports of one event, merged
    for m in mentions:
        evidence = m.find_element(By.CSS_SELECTOR, "mark.evidence")
        assert "tractors" in evidence.text
        actor = m.find_element(By.CSS_SELECTOR, "mark.evidence mark.actor")
        assert "farmers" in actor.text
    sources = browser.find_element(By.ID, "detail").text
    assert "Ledger" in sources and "Wire" in sources
    # reload with the event in the URL: the panel comes back
    _open(browser, browser.current_url)
    _wait_detail(browser, event_id)
    # the recipient is highlighted too
    sanction = _row_with(browser, "SANCTION")
    sid = sanction.get_attribute("data-id")
    sanction.click()
    _wait_detail(browser, sid)
    assert browser.find_element(By.CSS_SELECTOR, "#detail .article mark.recipient").text == "Belarus"
    assert browser.find_element(By.CSS_SELECTOR, "#detail .article mark.actor").text == "The European Union"


def test_clicking_a_map_point_opens_the_event(browser, base_url):
    _open(browser, base_url + "/?country=KEN")
    point = browser.find_element(By.CSS_SELECTOR, "#map circle.pt")
    point.click()
    _wait_detail(browser, point.get_attribute("data-id"))
    assert "Samuel Otieno" in browser.find_element(By.CSS_SELECTOR, "#detail .article mark.recipient").text


def test_hostile_article_is_shown_as_text_and_never_runs(browser, base_url):
    _open(browser, base_url + "/?country=FRA")
    row = _row_with(browser, "Students")
    assert "<script>window.__pwned = 1;</script>" in row.text  # the table shows it as text
    event_id = row.get_attribute("data-id")
    row.click()
    _wait_detail(browser, event_id)
    article_text = browser.find_element(By.CSS_SELECTOR, "#detail .article").text
    assert "<script>window.__pwned = 1;</script>" in article_text
    assert '<img src=x onerror="window.__pwned = 2">' in article_text
    time.sleep(0.3)  # an injected onerror would have fired by now
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('#detail script, #detail img, "
                                  "#events script, #events img, #map script').length") == 0
    assert browser.execute_script("return document.scripts.length") == 1  # only app.js
