"""A small softmax-regression head over sentence embeddings: 16 PLOVER types + NONE.

Pure numpy, both to train and to apply: the weights are one ``(17, 384)`` matrix
and a bias, stored as ``tocsin/data/models/event_head.npz`` (about 27 KB), so
using the head needs no torch; only making the embeddings does.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tocsin.model import EVENT_TYPES

NONE = "NONE"
CLASSES: tuple[str, ...] = (*EVENT_TYPES, NONE)
MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
DEFAULT_HEAD = MODEL_DIR / "event_head.npz"


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(slots=True)
class Head:
    """``probs(X)`` gives ``(n, 17)`` class probabilities in ``CLASSES`` order."""

    weights: np.ndarray  # (classes, dim)
    bias: np.ndarray  # (classes,)
    classes: tuple[str, ...] = CLASSES

    def probs(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=np.float32))
        return softmax(x @ self.weights.T + self.bias)

    def index(self, label: str) -> int:
        return self.classes.index(label)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                            classes=np.array(self.classes))

    @classmethod
    def load(cls, path: Path | None = None) -> Head:
        with np.load(path or DEFAULT_HEAD, allow_pickle=False) as data:
            return cls(weights=data["weights"].astype(np.float32), bias=data["bias"].astype(np.float32),
                       classes=tuple(str(c) for c in data["classes"]))


def train_head(x: np.ndarray, labels: list[str], *, l2: float = 1e-3, epochs: int = 500, lr: float = 0.05,
               balanced: bool = True, seed: int = 0, classes: tuple[str, ...] = CLASSES) -> Head:
    """Full-batch gradient descent on the L2-regularised cross-entropy (deterministic for a seed).

    ``balanced`` weights each class by ``n / (k * n_class)`` so the many NONE
    sentences do not drown the rare types.
    """
    rng = np.random.default_rng(seed)
    x = np.asarray(x, dtype=np.float64)
    y = np.array([classes.index(lab) for lab in labels])
    n, dim = x.shape
    k = len(classes)
    counts = np.bincount(y, minlength=k).astype(np.float64)
    if balanced:
        present = counts > 0
        cw = np.where(present, n / (present.sum() * np.maximum(counts, 1)), 0.0)
    else:
        cw = np.ones(k)
    sw = cw[y]
    sw = sw / sw.sum()
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    w = rng.normal(0.0, 0.01, size=(k, dim))
    b = np.zeros(k)
    # Adam on a smooth convex loss: a fixed number of steps, no randomness after the init
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        p = softmax(x @ w.T + b)
        g = (p - onehot) * sw[:, None]
        gw = g.T @ x + l2 * w
        gb = g.sum(axis=0)
        mw = b1 * mw + (1 - b1) * gw
        vw = b2 * vw + (1 - b2) * gw * gw
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        scale = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
        w -= scale * mw / (np.sqrt(vw) + eps)
        b -= scale * mb / (np.sqrt(vb) + eps)
    return Head(weights=w.astype(np.float32), bias=b.astype(np.float32), classes=classes)


def cross_val_probs(x: np.ndarray, labels: list[str], *, folds: int = 5, seed: int = 0,
                    **kwargs: float) -> np.ndarray:
    """Out-of-fold class probabilities for every row (stratified by label, seeded)."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(labels), dtype=int)
    by_label: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    for lab in sorted(by_label):
        idx = np.array(by_label[lab])
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % folds
    out = np.zeros((len(labels), len(CLASSES)))
    for f in range(folds):
        train = np.where(fold != f)[0]
        test = np.where(fold == f)[0]
        head = train_head(x[train], [labels[i] for i in train], seed=seed, **kwargs)  # type: ignore[arg-type]
        out[test] = head.probs(x[test])
    return out
