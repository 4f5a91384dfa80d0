"""Screenshot of the dashboard on the demo corpus (``docs/dashboard.png``), with Debian's headless Chromium.

    python -m tocsin.web.tools.screenshot [-o docs/dashboard.png] [--query "country=BLR"]

Needs ``chromium``, ``chromium-driver`` (Debian) and ``selenium``; downloads nothing.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

OUT = Path(__file__).resolve().parents[3] / "docs" / "dashboard.png"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    parser.add_argument("--query", default="", help="filters for the page URL, e.g. country=BLR")
    parser.add_argument("--size", default="1440,1280")
    args = parser.parse_args(argv)

    import uvicorn
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    from tocsin.api import create_app
    from tocsin.demo import build_demo_store
    from tocsin.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="tocsin-shot-"))
    url, _ = build_demo_store(f"sqlite:///{tmp / 'demo.db'}")
    with open_store(url) as store:  # open the most-reported Belarusian protest
        top = store.query_events(country="BLR", event_type="PROTEST", sort="-mentions", limit=1).items[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                 f"--window-size={args.size}", f"--user-data-dir={tmp / 'profile'}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts)
    try:
        query = "&".join(x for x in (args.query, f"event={top['id']}") if x)
        driver.get(f"http://127.0.0.1:{port}/?{query}")
        WebDriverWait(driver, 30).until(
            lambda d: d.execute_script("return document.querySelector('#detail').dataset.loaded") == top["id"])
        time.sleep(0.3)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.output))
    finally:
        driver.quit()
        server.should_exit = True
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"screenshot -> {args.output}")


if __name__ == "__main__":
    main()
