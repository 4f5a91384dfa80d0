"""Early warning: daily indicators, detectors, explained alerts, delivery, backtests.

    from tocsin.alerts import load_rules, backtest, poll
    result = backtest(store, "2020-08-01", "2020-10-31", load_rules())
    for alert in result.alerts:
        print(format_alert_line(alert))

Rules are TOML (``tocsin/data/alerts/default.toml`` plus the user's files); each
alert carries its score, the indicator history of its country (sparkline series)
and the triggering events with links to their evidence.
"""
from tocsin.alerts.delivery import JsonlSink, WebhookSink, sign, verify_signature
from tocsin.alerts.engine import AlertEngine, BacktestResult, backtest, format_alert_line, poll
from tocsin.alerts.indicators import unit_indicators
from tocsin.alerts.rules import Rule, RuleError, RuleSet, load_rules, parse_rules
from tocsin.alerts.storage import ensure_schema, list_alerts
from tocsin.alerts.table import EventTable, load_table, table_from_records

__all__ = [
    "AlertEngine", "BacktestResult", "EventTable", "JsonlSink", "Rule", "RuleError", "RuleSet", "WebhookSink",
    "backtest", "ensure_schema", "format_alert_line", "list_alerts", "load_rules", "load_table", "parse_rules",
    "poll", "sign", "table_from_records", "unit_indicators", "verify_signature",
]
