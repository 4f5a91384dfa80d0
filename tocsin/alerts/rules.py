"""Alert rules from TOML: the shipped defaults plus the user's files; a bad rule is reported and skipped.

A rules file is a list of ``[[rule]]`` tables (see ``tocsin/data/alerts/default.toml``)::

    [[rule]]
    name = "protest-surge"          # unique; a user rule with a default's name replaces it
    detector = "surge"              # surge, first_event, planned, sector_join
    types = ["PROTEST"]
    alpha = 0.005

Each ``[[rule]]`` block is parsed on its own, so one that does not parse (TOML
syntax, an unknown detector or parameter, a value of the wrong type) is reported
with its file and line, ``rules.toml:12: ...``, and the others still load.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tocsin.model import EVENT_TYPES, STATUSES

SEVERITIES = ("low", "medium", "high")
UNITS = ("country", "place")
CODE_UNITS = ("actor", "recipient", "country")
RELATIONS = ("any", "foreign", "domestic")
MODELS = ("binomial", "poisson", "negbin")

_FILTER = {
    "types": ("types", None), "modes": ("strs", None), "statuses": ("statuses", None),
    "actor_sectors": ("strs", None), "recipient_sectors": ("strs", None),
    "actor_codes": ("strs", None), "recipient_codes": ("strs", None),
    "relation": (RELATIONS, "any"), "min_mentions": ("int", 1),
}

# detector -> parameter -> (kind, default); kind is a type name or a tuple of allowed strings
PARAMS: dict[str, dict[str, tuple[Any, Any]]] = {
    "surge": {
        "types": ("types", ["PROTEST"]), "statuses": ("statuses", ["occurred", "ongoing"]),
        "unit": (UNITS, "country"), "baseline_days": ("int", 28), "recent_days": ("int", 2),
        "count": (("events", "mentions"), "events"),
        "model": (MODELS, "negbin"), "alpha": ("prob", 0.005), "alpha_close": ("prob", 0.05),
        "min_count": ("int", 3), "min_ratio": ("float", 2.0), "prior_rate": ("prob", 0.04),
        "prior_weight": ("float", 25.0), "max_dispersion": ("float", 2.0),
    },
    "first_event": {
        **_FILTER, "key": ("keys", ["actor", "recipient"]), "unit": (CODE_UNITS, "recipient"),
        "since": (("year", "lookback", "always"), "year"), "lookback_days": ("int", 365),
    },
    "planned": {
        "types": ("types", ["PROTEST"]), "unit": (UNITS, "country"), "horizon_days": ("int", 3),
        "min_participants": ("float", 10000.0), "min_mentions": ("int", 2),
    },
    "sector_join": {
        "types": ("types", ["PROTEST"]), "statuses": ("statuses", ["occurred", "ongoing"]),
        "unit": (UNITS, "country"), "baseline_days": ("int", 28), "recent_days": ("int", 2),
        "sectors": ("strs", ["LAB", "JRN", "MIL", "COP", "GOV", "BUS", "EDU", "MED", "REL", "LEG", "JUD", "AGR"]),
        "min_new": ("int", 1), "min_baseline": ("int", 3),
    },
}
COMMON = {"name", "detector", "title", "description", "severity", "cooldown_days", "enabled"}


class RuleError(ValueError):
    """A rule that could not be loaded: ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Rule:
    name: str
    detector: str
    params: dict[str, Any]
    title: str = "{rule} in {unit}"
    description: str = ""
    severity: str = "medium"
    cooldown_days: int = 7
    enabled: bool = True
    origin: str = ""  # path:line of the [[rule]] header

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "detector": self.detector, "title": self.title, "severity": self.severity,
                "cooldown_days": self.cooldown_days, "enabled": self.enabled, "params": dict(self.params),
                "origin": self.origin}


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def by_name(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]\s*(#.*)?$")
_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _check(kind: Any, value: Any) -> Any:
    """Validate one parameter value; returns it normalised or raises ValueError (the message)."""
    if isinstance(kind, tuple):
        if value not in kind:
            raise ValueError(f"must be one of {', '.join(kind)}, not {value!r}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"must be a non-negative integer, not {value!r}")
        return value
    if kind in ("float", "prob"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, not {value!r}")
        if kind == "prob" and not 0 < value < 1:
            raise ValueError(f"must be between 0 and 1, not {value!r}")
        return float(value)
    if kind in ("strs", "types", "statuses", "keys"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"must be a list of strings, not {value!r}")
        allowed = {"types": EVENT_TYPES, "statuses": STATUSES, "keys": ("actor", "recipient")}.get(kind)
        if allowed:
            bad = [v for v in value if v not in allowed]
            if bad:
                raise ValueError(f"unknown value {bad[0]!r} (one of {', '.join(allowed)})")
        return list(value)
    raise AssertionError(kind)  # pragma: no cover


def _line_of(block: list[str], key: str, first: int) -> int:
    pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i, text in enumerate(block):
        if pat.match(text):
            return first + i
    return first


def _rule_from(data: dict[str, Any], block: list[str], first: int, path: str) -> Rule:
    def fail(key: str | None, message: str) -> RuleError:
        return RuleError(path, _line_of(block, key, first) if key else first, message)

    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise fail(None, "rule has no 'name' (ignored)")
    detector = data.get("detector")
    if detector not in PARAMS:
        raise fail("detector", f"rule {name!r}: unknown detector {detector!r} "
                               f"(one of {', '.join(PARAMS)}) (ignored)")
    schema = PARAMS[detector]
    params = {k: (list(v) if isinstance(v, list) else v) for k, (_, v) in schema.items()}
    for key, value in data.items():
        if key in COMMON:
            continue
        if key not in schema:
            raise fail(key, f"rule {name!r}: unknown parameter {key!r} for detector {detector!r} (ignored)")
        try:
            params[key] = _check(schema[key][0], value)
        except ValueError as exc:
            raise fail(key, f"rule {name!r}: {key} {exc} (ignored)") from None
    rule = Rule(name=name, detector=detector, params=params, origin=f"{path}:{first}")
    for key, kind in (("title", "str"), ("description", "str"), ("severity", SEVERITIES),
                      ("cooldown_days", "int"), ("enabled", "bool")):
        if key not in data:
            continue
        value = data[key]
        ok = (isinstance(value, str) if kind == "str" else isinstance(value, bool) if kind == "bool"
              else value in kind if isinstance(kind, tuple) else isinstance(value, int) and not
              isinstance(value, bool) and value >= 0)
        if not ok:
            raise fail(key, f"rule {name!r}: bad {key} {value!r} (ignored)")
        setattr(rule, key, value)
    if detector == "surge" and params["alpha_close"] < params["alpha"]:
        raise fail("alpha_close", f"rule {name!r}: alpha_close must be >= alpha (ignored)")
    return rule


def parse_rules(text: str, path: str = "<rules>") -> RuleSet:
    """Parse one rules file; every bad ``[[rule]]`` block becomes a ``RuleError`` in ``errors``."""
    lines = text.splitlines()
    starts = [i for i, ln in enumerate(lines) if _HEADER.match(ln)]
    out = RuleSet()
    head = lines[: starts[0]] if starts else lines
    try:  # the preamble (comments, version) must parse too
        top = tomllib.loads("\n".join(head))
        extra = [k for k in top if k != "version"]
        if extra:
            out.errors.append(RuleError(path, _line_of(head, extra[0], 1),
                                        f"unexpected top-level key {extra[0]!r}: rules go in [[rule]] tables"))
    except tomllib.TOMLDecodeError as exc:
        out.errors.append(_toml_error(exc, path, 1))
    seen: dict[str, Rule] = {}
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        block = lines[start:end]
        first = start + 1
        try:
            data = tomllib.loads("\n".join(block))
        except tomllib.TOMLDecodeError as exc:
            out.errors.append(_toml_error(exc, path, first))
            continue
        items = data.get("rule") or [{}]
        if len(data) != 1 or len(items) != 1:
            out.errors.append(RuleError(path, first, "a [[rule]] block holds one rule and nothing else (ignored)"))
            continue
        try:
            rule = _rule_from(items[0], block, first, path)
        except RuleError as exc:
            out.errors.append(exc)
            continue
        if rule.name in seen:
            out.errors.append(RuleError(path, first, f"duplicate rule name {rule.name!r} (the later one wins)"))
            out.rules.remove(seen[rule.name])
        seen[rule.name] = rule
        out.rules.append(rule)
    return out


def _toml_error(exc: tomllib.TOMLDecodeError, path: str, first: int) -> RuleError:
    msg = str(exc)
    m = _AT_LINE.search(msg)
    line = first + int(m.group(1)) - 1 if m else first
    return RuleError(path, line, "TOML syntax: " + _AT_LINE.sub("", msg).strip() + " (rule ignored)")


def default_rules_text() -> str:
    return resources.files("tocsin.data").joinpath("alerts/default.toml").read_text("utf-8")


def load_rules(paths: Iterable[str | Path] = (), *, defaults: bool = True) -> RuleSet:
    """The shipped defaults, then each user file in order; a later rule replaces one of the same name."""
    out = RuleSet()
    sources: list[tuple[str, str]] = []
    if defaults:
        sources.append((default_rules_text(), "tocsin/data/alerts/default.toml"))
    for p in paths:
        try:
            sources.append((Path(p).read_text("utf-8"), str(p)))
        except (OSError, UnicodeDecodeError) as exc:
            out.errors.append(RuleError(str(p), 0, f"cannot read rules file: {exc}"))
    for text, name in sources:
        part = parse_rules(text, name)
        out.errors.extend(part.errors)
        for rule in part.rules:
            old = out.by_name(rule.name)
            if old is not None:
                out.rules.remove(old)
            out.rules.append(rule)
    return out
