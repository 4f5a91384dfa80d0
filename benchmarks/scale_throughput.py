"""End-to-end throughput (read -> code -> resolve -> store) against the bare spaCy parse, same run.

    python benchmarks/scale_throughput.py [-n 150] [--workers 1 2] [--seed 8] [--json out.json]

The corpus is ``scripts/make_corpus.py`` (seeded, written to a temp JSONL file so
reading is part of the measure). In one process, in this order:

* ``bare_parse``: ``nlp.pipe`` over every paragraph, one core; its sentence count
  is the reference count used for *every* sentences/s figure below;
* ``exact``: read + ``Pipeline(triage="off")`` + ``Store.add_articles`` (SQLite);
* ``fast``: the same with ``triage="paragraph"`` (tocsin/scale/triage.py);
* ``stages``: the fast path split: read, triage+parse, code+resolve, store;
* ``pool_fast_wN``: ``tocsin.scale.pool.code_parallel`` with N worker processes
  (read + code + store), and each worker's peak RSS;
* ``bare_parse_wN``: ``nlp.pipe(n_process=N)``, the parse ceiling on N cores.

Machines here are shared and noisy: compare ratios within one run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=150)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args()

    import make_corpus

    from tocsin.nlp.parser import load_nlp
    from tocsin.nlp.sentences import paragraphs, split_sentences
    from tocsin.pipeline import Pipeline
    from tocsin.scale.pool import code_parallel
    from tocsin.sources.files import read_articles
    from tocsin.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="tocsin-bench-"))
    corpus = tmp / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in make_corpus.generate(args.articles, args.seed))
    read = lambda: read_articles([str(corpus)])
    nlp = load_nlp()
    texts = [a.text[s:e] for a in read() for s, e in paragraphs(a.text)]
    list(nlp.pipe(texts[:20]))
    res: dict[str, object] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpus, python {platform.python_version()}",
        "articles": args.articles,
    }

    c = time.process_time()
    t = time.perf_counter()
    n_sent = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
    bare = time.perf_counter() - t
    bare_cpu = time.process_time() - c
    res["sentences"] = n_sent
    res["load_average_at_start"] = os.getloadavg()[0]
    res["bare_parse"] = {"s": round(bare, 2), "sentences_per_s": round(n_sent / bare, 1),
                         "articles_per_s": round(args.articles / bare, 2),
                         "sentences_per_cpu_s": round(n_sent / bare_cpu, 1)}

    def end_to_end(label: str, coded_iter_factory) -> float:
        db = tmp / f"{label}.db"
        c0 = time.process_time()
        t0 = time.perf_counter()
        with open_store(f"sqlite:///{db}") as store:
            stats = store.add_articles(coded_iter_factory())
        dt = time.perf_counter() - t0
        res[label] = {"s": round(dt, 2), "sentences_per_s": round(n_sent / dt, 1),
                      "articles_per_s": round(args.articles / dt, 2), "events": stats.mentions,
                      "ratio_over_bare_parse_1core": round(bare / dt, 3),
                      "driver_cpu_s": round(time.process_time() - c0, 2)}
        return dt

    for mode in ("off", "paragraph"):
        pipe = Pipeline(triage=mode)
        list(pipe(list(read())[:3]))  # warm-up
        end_to_end("exact" if mode == "off" else "fast", lambda p=pipe: p(read()))
        res["exact" if mode == "off" else "fast"]["sentences_per_cpu_s"] = round(  # type: ignore[index]
            n_sent / res["exact" if mode == "off" else "fast"]["driver_cpu_s"], 1)  # type: ignore[index]
        if mode == "paragraph":
            res["fast"]["paragraphs_parsed_share"] = round(pipe.triage.kept_share, 3)  # type: ignore[index]

    # where the time goes (fast path, one core)
    pipe = Pipeline(triage="paragraph")
    t0 = time.perf_counter()
    arts = list(read())
    t1 = time.perf_counter()
    parsed = list(split_sentences(arts, pipe.nlp, pipe.batch_size, keep=pipe.triage))
    t2 = time.perf_counter()
    for a in parsed:
        pipe.coder(a)
        for s in a.sentences:
            s.doc = None
    t3 = time.perf_counter()
    with open_store(f"sqlite:///{tmp / 'stages.db'}") as store:
        store.add_articles(parsed)
    t4 = time.perf_counter()
    total = t4 - t0
    res["stages_fast_1core"] = {k: {"s": round(v, 2), "share": round(v / total, 3)} for k, v in (
        ("read", t1 - t0), ("triage+parse", t2 - t1), ("code+resolve", t3 - t2), ("store", t4 - t3))}
    del parsed, arts, pipe

    for w in args.workers:
        rss: dict[int, float] = {}
        end_to_end(f"pool_fast_w{w}", lambda w=w, rss=rss: code_parallel(
            read(), workers=w, triage="paragraph", processes=True, stats=rss))
        res[f"pool_fast_w{w}"]["worker_peak_rss_mb"] = sorted(round(v["rss_mb"]) for v in rss.values())  # type: ignore[index]
        # CPU seconds of the workers (model loading included) + the driver (read, store): capacity per core
        cpu = sum(v["cpu_s"] for v in rss.values()) + res[f"pool_fast_w{w}"]["driver_cpu_s"]  # type: ignore[index]
        res[f"pool_fast_w{w}"]["sentences_per_cpu_s"] = round(n_sent / cpu, 1)  # type: ignore[index]
        if w > 1:
            t = time.perf_counter()
            n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64, n_process=w))
            dt = time.perf_counter() - t
            res[f"bare_parse_w{w}"] = {"s": round(dt, 2), "sentences_per_s": round(n / dt, 1)}
    res["load_average_at_end"] = os.getloadavg()[0]
    if len(args.workers) > 1:
        a, b = args.workers[0], args.workers[-1]
        res["pool_speedup"] = round(res[f"pool_fast_w{a}"]["s"] / res[f"pool_fast_w{b}"]["s"], 2)  # type: ignore[index]
    res["driver_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    text = json.dumps(res, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
