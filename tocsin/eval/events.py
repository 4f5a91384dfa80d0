"""Scoring coded events against third-party gold (``shared/eval/events-*.jsonl``).

Two kinds of gold exist (FORMAT.md): full codings (``events``: type, mode, actor
and recipient codes) and acceptable-type sets (``accept_types``; ``[]`` means the
story reports no political event). Scores are computed from (record, label)
sets so a coder is charged for every extra event it invents, not only for the
ones it misses.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from tocsin.coding.salience import main_event
from tocsin.model import EVENT_TYPES, Article, Event

NONE = "NONE"
BUCKETS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add_sets(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class Report:
    """Everything ``tocsin eval`` prints, as data (``--json`` dumps ``as_dict``)."""

    gold_file: str
    kind: str
    records: int
    metrics: dict[str, Any] = field(default_factory=dict)
    per_type: dict[str, dict[str, Any]] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    calibration: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"gold_file": self.gold_file, "kind": self.kind, "records": self.records,
                "metrics": self.metrics, "per_type": self.per_type, "confusion": self.confusion,
                "calibration": self.calibration}


def gold_kind(record: dict[str, Any]) -> str:
    if "accept_types" in record:
        return "accept"
    if "events" in record:
        return "events"
    raise ValueError("record has neither 'events' nor 'accept_types'")


def primary(events: list[Event]) -> str:
    """The one reading of a snippet: its main event's type (``coding.salience``), or NONE."""
    main = main_event(events)
    return main.event_type if main else NONE


def reported(events: list[Event]) -> list[Event]:
    """Events the scorer counts: a negated event is not a claim that anything happened."""
    return [e for e in events if e.status != "negated"]


def score_events(gold_file: str, pairs: list[tuple[dict[str, Any], Article]]) -> Report:
    """Full codings: type, type+actor code, type+recipient code, modes, confusion."""
    report = Report(gold_file, "events", len(pairs))
    types, actor, recipient = PRF(), PRF(), PRF()
    per_type: dict[str, PRF] = defaultdict(PRF)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    mode_hits = mode_total = main_hits = 0
    calib: list[tuple[float, bool]] = []
    for gold, article in pairs:
        rid = gold["id"]
        events = reported(article.events)
        g_types = {e["event_type"] for e in gold["events"]}
        p_types = {e.event_type for e in events}
        types.add_sets({(rid, t) for t in g_types}, {(rid, t) for t in p_types})
        for t in EVENT_TYPES:
            per_type[t].add_sets({rid} if t in g_types else set(), {rid} if t in p_types else set())
        actor.add_sets(_coded(rid, gold["events"], "actor"), _coded_pred(rid, events, "actor"))
        recipient.add_sets(_coded(rid, gold["events"], "recipient"), _coded_pred(rid, events, "recipient"))
        main_hits += primary(events) in g_types or (not g_types and not events)
        for g in gold["events"]:
            confusion[g["event_type"]][primary(events)] += 1
            if g.get("mode"):
                mode_total += 1
                mode_hits += any(e.event_type == g["event_type"] and e.mode == g["mode"] for e in events)
        if not gold["events"]:
            confusion[NONE][primary(events)] += 1
        calib.extend((e.confidence, e.event_type in g_types) for e in events)
        if p_types != g_types:
            report.errors.append({"id": rid, "gold": sorted(g_types), "predicted": sorted(p_types)})
    report.metrics = {
        "type": types.as_dict(), "type+actor_code": actor.as_dict(),
        "type+recipient_code": recipient.as_dict(),
        "mode_accuracy": round(mode_hits / mode_total, 4) if mode_total else None,
        "mode_gold_count": mode_total,
        # one label per sentence, as the gold has: the main event's type (coding.salience)
        "main_event_type_accuracy": round(main_hits / len(pairs), 4) if pairs else None,
    }
    report.per_type = {t: per_type[t].as_dict() for t in EVENT_TYPES if per_type[t].tp + per_type[t].fn + per_type[t].fp}
    report.confusion = {g: dict(c) for g, c in sorted(confusion.items())}
    report.calibration = reliability(calib)
    report.metrics["calibration_ece"] = expected_calibration_error(report.calibration)
    return report


def _coded(rid: str, gold_events: list[dict[str, Any]], role: str) -> set[tuple[str, str, str]]:
    return {(rid, e["event_type"], a["code"]) for e in gold_events for a in e.get(role) or [] if a.get("code")}


def _coded_pred(rid: str, events: list[Event], role: str) -> set[tuple[str, str, str]]:
    return {(rid, e.event_type, a.code) for e in events for a in getattr(e, role) if a.code}


FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
# the accepted set of a snippet the gold labels as diplomacy (../shared/eval/README.md's mapping)
COOPERATIVE_LABEL = frozenset({"AGREE", "AID", "CONCEDE", "CONSULT", "COOPERATE", "REQUEST", "SUPPORT"})


def score_accept(gold_file: str, pairs: list[tuple[dict[str, Any], Article]]) -> Report:
    """Acceptable-type sets: acceptance, protest/assault F1, false events on disasters.

    A snippet is accepted when its primary reading is one of ``accept_types`` (or
    when it has none and the coder found nothing). For the per-type F1 a snippet
    whose reading is another accepted type is left out of that type's score: the
    reading is right, just not that type.
    """
    report = Report(gold_file, "accept", len(pairs))
    accepted = accepted_any = 0
    disaster = disaster_false = 0
    beside_force = cooperative_as_sanction = 0
    per_type: dict[str, PRF] = defaultdict(PRF)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    calib: list[tuple[float, bool]] = []
    for gold, article in pairs:
        accept = set(gold["accept_types"])
        events = reported(article.events)
        p_types = {e.event_type for e in events}
        first = primary(events)
        ok = (first == NONE) if not accept else (first in accept)
        accepted += ok
        accepted_any += (not p_types) if not accept else bool(p_types & accept)
        if not accept:
            disaster += 1
            disaster_false += bool(events)
        label = "+".join(sorted(accept)) if accept else NONE
        confusion[label][first] += 1
        for t in EVENT_TYPES:
            gold_pos, pred_pos = t in accept, t in p_types
            if gold_pos and not pred_pos and p_types & accept:
                continue
            per_type[t].tp += gold_pos and pred_pos
            per_type[t].fp += pred_pos and not gold_pos
            per_type[t].fn += gold_pos and not pred_pos
        # where a one-label scheme and an events-per-sentence coder part (reported, not scored):
        # the crowd's protest coded beside the right force against it ("police fired on
        # protesters" is labelled force only), and a diplomatic label on sanctions or expulsions
        beside_force += bool(accept) and accept <= FORCE_TYPES and "PROTEST" in p_types \
            and bool(p_types & accept)
        cooperative_as_sanction += accept == COOPERATIVE_LABEL and first in ("SANCTION", "COERCE")
        calib.extend((e.confidence, e.event_type in accept) for e in events)
        if not ok:
            report.errors.append({"id": gold["id"], "accept": sorted(accept), "predicted": first})
    n = len(pairs) or 1
    report.metrics = {
        "acceptance_rate": round(accepted / n, 4),
        "acceptance_rate_any_event": round(accepted_any / n, 4),
        "protest": per_type["PROTEST"].as_dict(),
        "assault": per_type["ASSAULT"].as_dict(),
        "coerce": per_type["COERCE"].as_dict(),
        "false_event_rate_on_disasters": round(disaster_false / disaster, 4) if disaster else None,
        "disaster_records": disaster,
        "protest_fp_beside_force": beside_force,
        "rejected_cooperative_as_sanction": cooperative_as_sanction,
    }
    report.per_type = {t: per_type[t].as_dict() for t in EVENT_TYPES if per_type[t].tp + per_type[t].fn + per_type[t].fp}
    report.confusion = {g: dict(c) for g, c in sorted(confusion.items())}
    report.calibration = reliability(calib)
    report.metrics["calibration_ece"] = expected_calibration_error(report.calibration)
    return report


def reliability(points: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    """Predicted-confidence buckets against the observed share of correct events.

    Each row: the bucket, how many events fall in it, their mean predicted
    confidence and the share of them whose type is right (observed precision).
    A calibrated coder has mean predicted close to observed in every row.
    """
    rows = []
    for lo, hi in zip(BUCKETS, BUCKETS[1:]):
        inside = [(conf, ok) for conf, ok in points if lo <= conf < hi]
        if inside:
            rows.append({"bucket": f"{lo:.1f}-{min(hi, 1.0):.1f}", "events": len(inside),
                         "mean_predicted": round(sum(c for c, _ in inside) / len(inside), 3),
                         "observed_precision": round(sum(ok for _, ok in inside) / len(inside), 3)})
    return rows


def expected_calibration_error(rows: list[dict[str, Any]]) -> float | None:
    """ECE: the events-weighted mean gap between predicted and observed, over ``reliability`` rows."""
    n = sum(r["events"] for r in rows)
    if not n:
        return None
    return round(sum(r["events"] * abs(r["mean_predicted"] - r["observed_precision"]) for r in rows) / n, 4)
