"""Printing an evaluation ``Report`` as tables (rich), for people."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tocsin.eval.events import NONE, Report


def print_report(report: Report, *, calibration: bool = False, errors: int = 0,
                 console: Console | None = None) -> None:
    console = console or Console(width=max(Console().width, 140))
    console.print(f"[bold]{report.gold_file}[/bold]: {report.records} records ({report.kind})")
    table = Table("metric", "precision", "recall", "F1 / value")
    for name, value in report.metrics.items():
        if isinstance(value, dict):
            table.add_row(name, f"{value['precision']:.3f}", f"{value['recall']:.3f}", f"{value['f1']:.3f}")
        elif value is not None:
            table.add_row(name, "", "", f"{value}")
    console.print(table)
    per = Table("event type", "precision", "recall", "F1", "tp", "fp", "fn", title="per type")
    for t, m in report.per_type.items():
        per.add_row(t, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}",
                    str(m["tp"]), str(m["fp"]), str(m["fn"]))
    console.print(per)
    _confusion(report.confusion, console)
    if calibration:
        cal = Table("confidence", "events", "mean predicted", "observed precision",
                    title=f"reliability (expected calibration error {report.metrics.get('calibration_ece')})")
        for row in report.calibration:
            cal.add_row(row["bucket"], str(row["events"]), f"{row['mean_predicted']:.3f}",
                        f"{row['observed_precision']:.3f}")
        console.print(cal)
    for err in report.errors[:errors]:
        console.print(err)


def _confusion(confusion: dict[str, dict[str, int]], console: Console) -> None:
    """Rows: gold label; columns: the primary predicted type, as 4-letter codes to fit a terminal."""
    cols = sorted({p for row in confusion.values() for p in row} - {NONE}) + [NONE]
    table = Table("gold \\ predicted", *[c[:4] for c in cols],
                  title="confusion (gold rows, primary predicted type)")
    for gold, row in confusion.items():
        label = "+".join(part[:4] for part in gold.split("+"))
        table.add_row(label, *[str(row.get(c, "")) for c in cols])
    console.print(table)
