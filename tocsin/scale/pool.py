"""One machine, N cores: ``code_parallel(articles, workers)`` codes articles in a process pool.

Each worker process builds one ``Pipeline`` (spaCy model and knowledge bases) in
its initializer and keeps it for its life. Articles travel in chunks; at most
``workers * ahead`` chunks are in flight, so memory is bounded by the window and
not by the input, and results come back in input order.

    from tocsin.scale.pool import code_parallel
    for article in code_parallel(read_articles(paths), workers=2):
        writer.write(article.events)

``workers=1`` runs in this process (no pool); pass ``processes=True`` to force a
one-worker pool (to measure the pool's own overhead).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from tocsin.model import Article

_PIPELINE: Any = None


def _init(model: str | None, triage: Any, batch_size: int) -> None:
    global _PIPELINE
    from tocsin.pipeline import Pipeline

    _PIPELINE = Pipeline(model, triage=triage, batch_size=batch_size)


def _code_chunk(chunk: list[Article]) -> tuple[list[Article], int, dict[str, float]]:
    coded = list(_PIPELINE(chunk))
    for article in coded:
        for sentence in article.sentences:
            sentence.doc = None
    return coded, os.getpid(), _usage()


def _usage() -> dict[str, float]:
    """This process's memory (MB) and CPU seconds so far: load-independent capacity figures.

    ``rss_mb`` is the peak resident set. On Linux a forked worker starts with its parent's
    pages resident (shared, copy-on-write) and its peak counts them, so ``pss_mb``
    (proportional share of its resident pages) and ``private_mb`` (pages it alone holds) are
    added from /proc: what a worker really adds is ``private_mb``.
    """
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out = {"rss_mb": ru.ru_maxrss / 1024, "cpu_s": ru.ru_utime + ru.ru_stime}
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    out["rss_mb"] = int(line.split()[1]) / 1024
        private = 0
        with open("/proc/self/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key == "Pss":
                    out["pss_mb"] = int(rest.split()[0]) / 1024
                elif key in ("Private_Clean", "Private_Dirty"):
                    private += int(rest.split()[0])
        out["private_mb"] = private / 1024
    except (OSError, ValueError, IndexError):  # not Linux
        pass
    return out


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def code_parallel(articles: Iterable[Article], workers: int | None = None, model: str | None = None, *,
                  triage: Any = None, chunk_size: int = 32, ahead: int = 2, batch_size: int = 64,
                  processes: bool = False, stats: dict[int, dict[str, float]] | None = None,
                  start_method: str | None = None) -> Iterator[Article]:
    """Yield the coded ``articles`` in input order, coded by ``workers`` processes.

    ``triage`` is passed to each worker's ``Pipeline`` (None: $TOCSIN_TRIAGE).
    ``stats``, if given, is filled with ``{worker pid: {"rss_mb": peak RSS, "cpu_s": CPU seconds, ...}}``
    (see ``_usage``)
    (for workers=1 in process: this process's figures, model loading included).
    """
    workers = default_workers() if workers is None or workers <= 0 else workers
    if workers == 1 and not processes:
        from tocsin.pipeline import Pipeline

        yield from Pipeline(model, triage=triage, batch_size=batch_size)(articles)
        if stats is not None:
            stats[os.getpid()] = _usage()
        return
    ctx = mp.get_context(start_method) if start_method else None
    source = iter(articles)
    window: deque[Future[tuple[list[Article], int, dict[str, float]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init,
                             initargs=(model, triage, batch_size)) as pool:
        def submit() -> bool:
            chunk = list(islice(source, chunk_size))
            if not chunk:
                return False
            window.append(pool.submit(_code_chunk, chunk))
            return True

        more = True
        while more and len(window) < workers * ahead:
            more = submit()
        while window:
            coded, pid, usage = window.popleft().result()
            if stats is not None:
                stats[pid] = usage  # cumulative: the latest is the largest
            if more:
                more = submit()
            yield from coded
