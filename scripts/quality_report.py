"""Print the measured-figures part of docs/quality.md (markdown) from `tocsin eval`.

    python scripts/quality_report.py ../shared/eval/events-plover-gsr.dev.jsonl ../shared/eval/events-case2021.dev.jsonl

The error analysis in docs/quality.md is written by hand; the tables come from here
so the figures in the docs are the figures the code gives.
"""
from __future__ import annotations

import sys
from pathlib import Path

from tocsin.eval.events import NONE
from tocsin.eval.runner import run_eval
from tocsin.pipeline import Pipeline


def table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


HEADLINE = {"events": ["type.f1", "type.precision", "type+actor_code.f1", "type+recipient_code.f1", "mode_accuracy",
                       "main_event_type_accuracy", "calibration_ece"],
            "accept": ["acceptance_rate", "protest.f1", "protest.precision", "assault.f1", "coerce.f1",
                       "false_event_rate_on_disasters", "calibration_ece"]}


def pick(metrics: dict, name: str) -> str:
    value = metrics
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else f"{value:.3f}"


def halves(name: str, pipeline: Pipeline, whole) -> None:
    """Even and odd records scored apart: rules are developed on even records, checked on odd ones."""
    parts = {"all": whole} | {h: run_eval(Path(name), pipeline=pipeline, half=h) for h in ("even", "odd")}
    keys = HEADLINE[whole.kind]
    print(f"Even and odd records apart ({Path(name).name}; the confidence model is fitted on even records):\n")
    print(table(["records"] + keys, [[f"{h} ({r.records})"] + [pick(r.metrics, k) for k in keys]
                                     for h, r in parts.items()]) + "\n")


def main() -> None:
    pipeline = Pipeline()
    for name in sys.argv[1:]:
        report = run_eval(Path(name), pipeline=pipeline)
        print(f"### {Path(name).name} ({report.records} records)\n")
        rows = []
        for metric, value in report.metrics.items():
            if isinstance(value, dict):
                rows.append([metric, f"{value['precision']:.3f}", f"{value['recall']:.3f}", f"{value['f1']:.3f}"])
            elif value is not None:
                rows.append([metric, "", "", str(value)])
        print(table(["metric", "precision", "recall", "F1 / value"], rows) + "\n")
        print(table(["type", "P", "R", "F1", "tp", "fp", "fn"],
                    [[t, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}", str(m["tp"]),
                      str(m["fp"]), str(m["fn"])] for t, m in report.per_type.items()]) + "\n")
        cols = sorted({p for row in report.confusion.values() for p in row} - {NONE}) + [NONE]
        print("Confusion (rows: gold; columns: the main predicted event's type, 4-letter codes):\n")
        print(table(["gold"] + [c[:4] for c in cols],
                    [["+".join(g[:4] for g in gold.split("+"))] + [str(row.get(c, "")) for c in cols]
                     for gold, row in report.confusion.items()]) + "\n")
        print("Reliability (confidence bucket: events in it, their mean predicted confidence, observed precision; "
              f"expected calibration error {report.metrics.get('calibration_ece')}):\n")
        print(table(["confidence", "events", "mean predicted", "observed precision"],
                    [[r["bucket"], str(r["events"]), f"{r['mean_predicted']:.3f}", f"{r['observed_precision']:.3f}"]
                     for r in report.calibration]) + "\n")
        halves(name, pipeline, report)


if __name__ == "__main__":
    main()
