"""Cluster runner on Ray Data: ``tocsin code --engine ray --address auto INPUT... -o out_dir/``.

Needs ``pip install "tocsin[ray]"``. The stage functions are those of the
``Pipeline``, called through the ``annotate`` contract (``tocsin.scale.annotate``)
by ``map_batches`` with the callable class ``Annotator``: each Ray actor loads
the spaCy model and knowledge bases once and codes batches of articles.

Inputs: Parquet files or folders (columns ``id``, ``text``, ``published`` ...:
``tocsin.scale.parquet.write_articles`` makes them) are read by Ray in
parallel; any other input (.jsonl, .txt, .html) is read on the driver with
``tocsin.sources.files.read_articles`` (fine for a laptop, a bottleneck on a
cluster: convert to Parquet first). Output: a folder of Parquet files, one
row per article with its ``events`` (JSON), which ``tocsin.scale.parquet``
reads back as ``Article``/``Event`` for the store.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tocsin.scale.annotate import ARTICLE_COLUMNS


class RayAnnotator:
    """The ``Annotator`` for Ray: NumPy columns in, NumPy columns out."""

    def __init__(self, model: str | None = None, triage: Any = None) -> None:
        from tocsin.scale.annotate import Annotator

        self.annotator = Annotator(model, triage=triage)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        out = self.annotator(batch)
        return {k: np.asarray(v, dtype=np.int64 if k in ("n_sentences", "n_events") else object)
                for k, v in out.items()}


def _is_parquet(name: str) -> bool:
    p = Path(name)
    return p.suffix == ".parquet" or (p.is_dir() and any(p.rglob("*.parquet")))


def run_ray(inputs: Iterable[str], output: str, *, address: str | None = "auto", model: str | None = None,
            triage: Any = None, concurrency: int | None = None, batch_size: int = 64,
            published: Any = None, on_error: Any = None, num_cpus_per_actor: float = 1.0) -> dict[str, int]:
    """Code ``inputs`` on a Ray cluster (``address="auto"``) or locally (``address=None``).

    Returns ``{"articles": n, "events": m}`` counted from the written output.
    """
    import ray

    inputs = list(inputs)
    if not ray.is_initialized():
        if address in (None, "", "local"):
            ray.init(include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    parquet = [i for i in inputs if _is_parquet(i)]
    others = [i for i in inputs if not _is_parquet(i)]
    datasets = []
    if parquet:
        datasets.append(ray.data.read_parquet(parquet, columns=None))
    if others:
        from tocsin.sources.files import read_articles

        rows = [{k: v for k, v in a.as_dict().items() if k in ARTICLE_COLUMNS}
                for a in read_articles(others, published=published, on_error=on_error)]
        if rows:
            datasets.append(ray.data.from_items(rows))
    if not datasets:
        return {"articles": 0, "events": 0}
    ds = datasets[0] if len(datasets) == 1 else datasets[0].union(*datasets[1:])
    if concurrency is None:
        concurrency = max(1, int(ray.available_resources().get("CPU", 1) // num_cpus_per_actor))
    coded = ds.map_batches(RayAnnotator, fn_constructor_kwargs={"model": model, "triage": triage},
                           batch_size=batch_size, batch_format="numpy", concurrency=concurrency,
                           num_cpus=num_cpus_per_actor)
    coded.write_parquet(output)
    from tocsin.scale.parquet import _rows

    counts = {"articles": 0, "events": 0}
    for row in _rows(output, ["n_events"]):
        counts["articles"] += 1
        counts["events"] += int(row["n_events"] or 0)
    return counts
