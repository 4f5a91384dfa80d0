"""Confidence as a fitted probability that a coded event is right.

The coder describes each event by a handful of numbers it already has (the
trigger entry's prior weight, the event's quad class and status, whether actor
and recipient resolved, whether the trigger is background, how many rival
events its sentence and story hold ...: ``EventCoder._features``). A logistic
model over them, with coefficients in the versioned data file
``calibration.json``, turns them into P(the event's type is right). The
coefficients are fitted by ``scripts/fit_calibration.py`` on one half of the dev
gold and checked on the other half; refit them whenever the coder changes.

Kept deliberately small and linear: one dot product per event, and every
coefficient can be read and argued with.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from tocsin.data import load_json

FILE = "calibration.json"


def logit(p: float, lo: float = 0.02, hi: float = 0.98) -> float:
    p = min(hi, max(lo, p))
    return math.log(p / (1.0 - p))


@dataclass(slots=True)
class Calibration:
    """``probability(features)``: a logistic model with named coefficients."""

    intercept: float = 0.0
    coef: dict[str, float] = field(default_factory=dict)
    version: str = "unfitted"
    floor: float = 0.02
    ceiling: float = 0.98

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Calibration":
        data = load_json(FILE)
        return cls(intercept=float(data["intercept"]), coef={k: float(v) for k, v in data["coef"].items()},
                   version=str(data["version"]), floor=float(data.get("floor", 0.02)),
                   ceiling=float(data.get("ceiling", 0.98)))

    def score(self, features: dict[str, float]) -> float:
        """The log-odds: unknown features (not in the fitted file) weigh nothing."""
        coef = self.coef
        return self.intercept + sum(v * coef.get(k, 0.0) for k, v in features.items() if v)

    def probability(self, features: dict[str, float]) -> float:
        z = self.score(features)
        p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
        return min(self.ceiling, max(self.floor, p))


def fit_logistic(x, y, l2: float, weights=None, offset=None, iters: int = 100):
    """Penalised logistic regression by Newton's method (numpy arrays in and out).

    Column 0 of ``x`` is the unpenalised intercept; ``weights`` weigh the examples and
    ``offset`` is a fixed part of each example's log-odds. Deterministic: it starts
    from zero. Used by ``scripts/fit_calibration.py`` and ``scripts/fit_salience.py``.
    """
    import numpy as np

    sw = np.ones(len(y)) if weights is None else weights
    off = np.zeros(len(y)) if offset is None else offset
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + off, -30.0, 30.0)))
        grad = x.T @ (sw * (p - y)) + penalty * w
        hess = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w

