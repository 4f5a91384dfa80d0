"""Upper-tail probabilities of count models, in pure Python (math.lgamma), no scipy.

The surge detector asks: given ``n`` events coded for a country in the recent days
and its baseline share ``p0`` of (say) PROTEST, how surprising are ``x`` protests?
Conditioning on ``n`` is what makes the test robust to news volume: ten times more
coverage with the same share is not a surge.

* ``binomial``: X ~ Binomial(n, p0).
* ``poisson``: X ~ Poisson(n * p0) (the usual rare-event approximation).
* ``negbin``: X ~ NegBin(mean mu = n * p0, dispersion a): Var = mu + a * mu**2, with
  ``a`` estimated from the country's own baseline days (``dispersion``); with no
  extra-binomial variation a -> 0 and it reduces to the Poisson test.

Tails are summed from ``x`` upwards in log space until terms stop mattering; only
candidates (x above its expectation) are tested, so the sums are short.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

_EPS = 1e-15


def _tail(logpmf, x: int, stop: int | None = None) -> float:
    """sum_{k>=x} exp(logpmf(k)), summing until terms are negligible (they fall once k > mean)."""
    total, k = 0.0, x
    first = None
    while stop is None or k <= stop:
        lp = logpmf(k)
        if first is None:
            first = lp
        term = math.exp(lp - first)
        total += term
        if term < 1e-12 * total and k > x + 2:
            break
        k += 1
        if k - x > 100000:  # pragma: no cover - a pathological call; the tail is converged long before
            break
    return min(1.0, math.exp(first) * total) if first is not None else 0.0


def binomial_sf(x: int, n: int, p: float) -> float:
    """P(X >= x) for X ~ Binomial(n, p)."""
    if x <= 0:
        return 1.0
    if x > n:
        return 0.0
    p = min(max(p, _EPS), 1 - _EPS)
    lp, lq = math.log(p), math.log1p(-p)
    c = math.lgamma(n + 1)

    def logpmf(k: int) -> float:
        return c - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * lp + (n - k) * lq

    return _tail(logpmf, x, n)


def poisson_sf(x: int, mu: float) -> float:
    """P(X >= x) for X ~ Poisson(mu)."""
    if x <= 0:
        return 1.0
    mu = max(mu, _EPS)
    lmu = math.log(mu)

    def logpmf(k: int) -> float:
        return k * lmu - mu - math.lgamma(k + 1)

    return _tail(logpmf, x)


def negbin_sf(x: int, mu: float, a: float) -> float:
    """P(X >= x) for a negative binomial with mean ``mu`` and Var = mu + a*mu^2 (a = 0: Poisson)."""
    if a <= 1e-9:
        return poisson_sf(x, mu)
    if x <= 0:
        return 1.0
    mu = max(mu, _EPS)
    r = 1.0 / a
    lp = math.log(mu / (r + mu))  # success probability of each extra count
    lq = math.log(r / (r + mu))
    c = -math.lgamma(r)

    def logpmf(k: int) -> float:
        return math.lgamma(k + r) + c - math.lgamma(k + 1) + r * lq + k * lp

    return _tail(logpmf, x)


def dispersion(x: Sequence[float], n: Sequence[float], p0: float, *, cap: float = 2.0) -> float:
    """Method-of-moments NB dispersion of daily counts ``x`` around ``n * p0`` (0 = Poisson)."""
    e = [ni * p0 for ni in n]
    ee = sum(v * v for v in e)
    if ee <= 0 or sum(1 for v in n if v > 0) < 7:  # too few days to tell overdispersion from noise
        return 0.0
    excess = sum((xi - ei) ** 2 - ei for xi, ei in zip(x, e)) / ee
    return min(max(excess, 0.0), cap)


def upper_p(model: str, x: int, n: int, p0: float, a: float = 0.0) -> float:
    if model == "binomial":
        return binomial_sf(x, n, p0)
    if model == "poisson":
        return poisson_sf(x, n * p0)
    if model == "negbin":
        return negbin_sf(x, n * p0, a)
    raise ValueError(f"unknown count model {model!r}: binomial, poisson or negbin")
