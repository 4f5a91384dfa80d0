"""What ``tocsin alerts`` and ``tocsin backtest`` do, so that the CLI only parses options and calls these."""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import IO, Any

from tocsin.alerts import storage
from tocsin.alerts.delivery import JsonlSink, WebhookSink, stderr_reporter
from tocsin.alerts.engine import backtest, format_alert_line, poll
from tocsin.alerts.rules import load_rules


def _report_rule_errors(errors: Sequence[Any], err: IO[str]) -> None:
    for e in errors:
        print(f"warning: {e}", file=err)


def alerts_command(db: str | None, *, since: str | None = None, rules: Sequence[str] = (), check: bool = True,
                   webhooks: Sequence[str] = (), secret: str | None = None, jsonl: str | None = None,
                   as_json: bool = False, webhook_timeout: float = 5.0, out: IO[str] | None = None,
                   err: IO[str] | None = None) -> int:
    """Poll (evaluate the days since the last poll, store and deliver new alerts), then list alerts since ``since``."""
    from tocsin.store import open_store

    out, err = out or sys.stdout, err or sys.stderr
    ruleset = load_rules(rules)
    _report_rule_errors(ruleset.errors, err)
    with open_store(db) as store:
        storage.ensure_schema(store)
        sinks: list[Any] = []
        hooks: list[WebhookSink] = []
        if check:
            def on_result(result: Any) -> None:
                stderr_reporter(result)
                storage.record_delivery(store, result.alert_id, result.sink, result.ok, result.attempts, result.error)

            hooks = [WebhookSink(url, secret, timeout=webhook_timeout, on_result=on_result) for url in webhooks]
            sinks.extend(hooks)
            if jsonl:
                sinks.append(JsonlSink(jsonl))
            new = poll(store, ruleset, sinks=sinks)
            print(f"{len(new)} new alert(s)", file=err)
        listed = storage.list_alerts(store, since=since, limit=1000, full=as_json)
        for a in reversed(listed):  # oldest first, like a log
            print(json.dumps(a, ensure_ascii=False) if as_json else format_alert_line(a), file=out)
        for h in hooks:  # bounded wait: deliveries left after it are reported, never waited on forever
            if not h.close(timeout=webhook_timeout * (h.retries + 2)):
                print(f"warning: {h.name}: deliveries still pending at exit", file=err)
        for s in sinks:
            if isinstance(s, JsonlSink):
                s.close()
    return 0


def backtest_command(db: str | None, start: str, end: str, *, rules: Sequence[str] = (), as_json: bool = False,
                     country: Sequence[str] = (), out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """Replay the store day by day (no look-ahead) and print the alerts that would have fired, and when."""
    from tocsin.store import open_store

    out, err = out or sys.stdout, err or sys.stderr
    ruleset = load_rules(rules)
    _report_rule_errors(ruleset.errors, err)
    with open_store(db) as store:
        result = backtest(store, start, end, ruleset)
    alerts = [a for a in result.alerts if not country or a.get("country") in country or a["unit"] in country]
    if as_json:
        for a in alerts:
            print(json.dumps(a, ensure_ascii=False), file=out)
    else:
        for a in alerts:
            print(format_alert_line(a), file=out)
    t = result.timings
    print(f"{len(alerts)} alert(s) over {result.days} days {result.start}..{result.end} in {result.seconds:.2f} s "
          f"(load {t.get('load', 0):.2f} s, detectors {t.get('detect', 0):.2f} s, "
          f"explanations {t.get('explain', 0):.2f} s)", file=err)
    return 0
