"""CI quality gate: the coder must not fall below the measured floors on the dev gold.

Floors live in ``quality_floors.json`` with the sha256 of each gold file, so a
changed gold file is noticed instead of silently compared (trafilatura's
eval gate works the same way). Skips when ../shared is absent.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]

_SPEC = json.loads((Path(__file__).with_name("quality_floors.json")).read_text(encoding="utf-8"))
FLOORS = _SPEC["files"]
RESOLUTION_FLOORS = _SPEC["resolution_files"]


def metric(metrics: dict, name: str) -> float:
    """ "type+actor_code.f1" -> metrics["type+actor_code"]["f1"]."""
    value = metrics
    for part in name.split("."):
        value = value[part]
    return float(value)


def checked_gold(shared_dir: Path, gold_name: str, spec: dict) -> Path:
    """The gold file, skipped when absent, failing when it is not the file the floors were measured on."""
    gold = shared_dir / "eval" / gold_name
    if not gold.exists():
        pytest.skip(f"{gold} is absent")
    digest = hashlib.sha256(gold.read_bytes()).hexdigest()
    assert digest == spec["sha256"], f"{gold_name} changed (sha256 {digest}): re-measure and update the floors"
    return gold


@pytest.mark.parametrize("gold_name", sorted(FLOORS))
def test_dev_metrics_stay_above_floors(gold_name, shared_dir, pipeline):
    from tocsin.eval.runner import run_eval

    spec = FLOORS[gold_name]
    gold = checked_gold(shared_dir, gold_name, spec)
    metrics = run_eval(gold, pipeline=pipeline).metrics
    low = {name: (metric(metrics, name), floor) for name, floor in spec.get("floors", {}).items()
           if metric(metrics, name) < floor}
    high = {name: (metric(metrics, name), ceiling) for name, ceiling in spec.get("ceilings", {}).items()
            if metric(metrics, name) > ceiling}
    assert not low, f"below floor (value, floor): {low}"
    assert not high, f"above ceiling (value, ceiling): {high}"


@pytest.mark.parametrize("gold_name", sorted(RESOLUTION_FLOORS))
def test_resolution_metrics_stay_above_floors(gold_name, shared_dir):
    """Toponyms (GeoVirus, LGL: found, within 161 km) and dates (TempEval-3: exact value)."""
    from tocsin.eval.resolution import score_resolution

    spec = RESOLUTION_FLOORS[gold_name]
    report = score_resolution(checked_gold(shared_dir, gold_name, spec))
    low = {name: (report[name], floor) for name, floor in spec["floors"].items() if report[name] < floor}
    assert not low, f"below floor (value, floor): {low}"
