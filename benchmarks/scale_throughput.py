"""End-to-end throughput (read -> code -> resolve -> store) against the bare spaCy parse, same run.

    python benchmarks/scale_throughput.py [-n 400] [--workers 1 2] [--seed 8] [--json out.json]
                                          [--chunk-size 16] [--skip exact stages bare_pool stock]

The corpus is ``scripts/make_corpus.py`` (seeded, written to a temp JSONL file so
reading is part of the measure). In one process, in this order:

* ``bare_parse_stock``: ``nlp.pipe`` of the model *as shipped* (``spacy.load``)
  over every paragraph, one core, batch 64; its sentence count is the reference
  count used for *every* sentences/s figure below;
* ``bare_parse``: the same with the pipeline tocsin loads (``load_nlp``: the
  rule components memoised, ``tocsin.nlp.fastmorph``; same output);
* ``exact``: read + ``Pipeline(triage="off")`` + ``Store.add_articles`` (SQLite);
* ``fast``: the same with ``triage="paragraph"`` (tocsin/scale/triage.py);
* ``stages``: the fast path split (CPU seconds): read, triage+parse, code+resolve, store;
* ``pool_fast_wN``: ``tocsin.scale.pool.code_parallel`` with N worker processes
  (read + code in the workers, store in this process, as ``tocsin ingest --workers N``),
  each worker's peak RSS and the CPU seconds of workers + driver;
* ``bare_pool_wN``: the bare parse (``load_nlp``) split over N processes, the parse
  ceiling on N cores (``nlp.pipe(n_process=N)`` is not used: it ships every Doc back).

Every run reports wall seconds *and* CPU seconds; on a shared machine the wall
figures move with the load, sentences per CPU-second much less. The wall time
of a pool includes starting its workers (loading the model, ~2 s).

Runs where spaCy is installed but not tocsin's HTML readers (a bare machine with
carried wheels) read the JSONL with ``Article.from_dict`` instead; the output says which.
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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

_NLP = None


def _bare_init() -> None:
    global _NLP
    from tocsin.nlp.parser import load_nlp

    _NLP = load_nlp()
    list(_NLP.pipe(["Warm-up sentence one.", "And two."]))


def _bare_chunk(texts: list[str]) -> tuple[int, float]:
    n = sum(len(list(doc.sents)) for doc in _NLP.pipe(texts, batch_size=64))
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return n, ru.ru_utime + ru.ru_stime


def _reader():
    try:
        from tocsin.sources.files import read_articles

        return "tocsin.sources.files.read_articles", lambda path: read_articles([str(path)])
    except ImportError:  # no trafilatura etc. on this machine: plain JSONL
        from tocsin.model import Article

        def read(path):
            with open(path, encoding="utf-8") as handle:
                for n, line in enumerate(handle, 1):
                    if line.strip():
                        yield Article.from_dict(json.loads(line), origin=f"{path}:{n}")
        return "Article.from_dict (fallback)", read


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--chunk-size", type=int, default=16, help="articles per pool task (tocsin's default: 32)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["exact", "stages", "bare_pool", "stock"],
                    help="leave these runs out")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args()

    import make_corpus
    import spacy

    from tocsin.nlp.parser import load_nlp, model_name
    from tocsin.nlp.sentences import paragraphs, split_sentences
    from tocsin.pipeline import Pipeline
    from tocsin.scale.pool import code_parallel
    from tocsin.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="tocsin-bench-"))
    corpus = tmp / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in make_corpus.generate(args.articles, args.seed))
    reader_name, read_file = _reader()
    read = lambda: read_file(corpus)
    texts = [a.text[s:e] for a in read() for s, e in paragraphs(a.text)]
    res: dict[str, object] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpus ({len(os.sched_getaffinity(0))} usable), "
                   f"python {platform.python_version()}, spacy {spacy.__version__}",
        "reader": reader_name,
        "articles": args.articles,
        "paragraphs": len(texts),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    n_sent = 0

    def clock() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def bare(label: str, nlp) -> None:
        nonlocal n_sent
        list(nlp.pipe(texts[:20]))
        t, c = clock()
        n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        n_sent = n_sent or n
        res[label] = {"s": round(wall, 2), "cpu_s": round(cpu, 2), "sentences": n,
                      "sentences_per_s": round(n_sent / wall, 1), "articles_per_s": round(args.articles / wall, 2),
                      "sentences_per_cpu_s": round(n_sent / cpu, 1)}

    if "stock" not in args.skip:
        bare("bare_parse_stock", spacy.load(model_name()))  # the model as shipped: the reference
    nlp = load_nlp()
    bare("bare_parse", nlp)
    res["sentences"] = n_sent
    ref = res.get("bare_parse_stock", res["bare_parse"])

    def end_to_end(label: str, coded_iter_factory, rss: dict | None = None) -> None:
        db = tmp / f"{label}.db"
        t, c = clock()
        with open_store(f"sqlite:///{db}") as store:
            stats = store.add_articles(coded_iter_factory())
        wall, driver_cpu = time.perf_counter() - t, time.process_time() - c
        cpu = driver_cpu + (sum(v["cpu_s"] for v in rss.values()) if rss else 0.0)
        res[label] = {"s": round(wall, 2), "sentences_per_s": round(n_sent / wall, 1),
                      "articles_per_s": round(args.articles / wall, 2), "events": stats.mentions,
                      "ratio_over_stock_bare_parse": round(ref["s"] / wall, 3),  # type: ignore[index]
                      "driver_cpu_s": round(driver_cpu, 2), "cpu_s": round(cpu, 2),
                      "sentences_per_cpu_s": round(n_sent / cpu, 1)}

    for mode in ("off", "paragraph"):
        label = "exact" if mode == "off" else "fast"
        if label in args.skip:
            continue
        pipe = Pipeline(triage=mode)
        list(pipe(list(read())[:3]))  # warm-up
        end_to_end(label, lambda p=pipe: p(read()))
        if mode == "paragraph":
            res[label]["paragraphs_parsed_share"] = round(pipe.triage.kept_share, 3)  # type: ignore[index]

    if "stages" not in args.skip:  # where the time goes (fast path, one core, CPU seconds)
        pipe = Pipeline(triage="paragraph")
        list(pipe(list(read())[:3]))
        c0 = time.process_time()
        arts = list(read())
        c1 = time.process_time()
        parsed = list(split_sentences(arts, pipe.nlp, pipe.batch_size, keep=pipe.triage))
        c2 = time.process_time()
        for a in parsed:
            pipe.coder(a)
            for s in a.sentences:
                s.doc = None
        c3 = time.process_time()
        with open_store(f"sqlite:///{tmp / 'stages.db'}") as store:
            store.add_articles(parsed)
        c4 = time.process_time()
        total = c4 - c0
        res["stages_fast_1core_cpu"] = {k: {"cpu_s": round(v, 2), "share": round(v / total, 3)} for k, v in (
            ("read", c1 - c0), ("triage+parse", c2 - c1), ("code+resolve", c3 - c2), ("store", c4 - c3))}
        del parsed, arts, pipe

    first = list(read())[:1]
    for w in args.workers:
        t = time.perf_counter()  # a pool's start (processes, model loading) on one article, for reference
        list(code_parallel(iter(first), workers=w, triage="paragraph", processes=True))
        startup = time.perf_counter() - t
        rss: dict[int, dict[str, float]] = {}
        end_to_end(f"pool_fast_w{w}", lambda w=w, rss=rss: code_parallel(
            read(), workers=w, triage="paragraph", processes=True, stats=rss, chunk_size=args.chunk_size), rss)
        res[f"pool_fast_w{w}"]["worker_peak_rss_mb"] = sorted(round(v["rss_mb"]) for v in rss.values())  # type: ignore[index]
        if all("private_mb" in v for v in rss.values()):  # forked: what each worker holds alone / its share
            res[f"pool_fast_w{w}"]["worker_private_mb"] = sorted(round(v["private_mb"]) for v in rss.values())  # type: ignore[index]
            res[f"pool_fast_w{w}"]["worker_pss_mb"] = sorted(round(v["pss_mb"]) for v in rss.values())  # type: ignore[index]
        res[f"pool_fast_w{w}"]["pool_start_s"] = round(startup, 2)  # type: ignore[index]
        if "bare_pool" in args.skip:
            continue
        chunks = [texts[i:i + 256] for i in range(0, len(texts), 256)]
        with ProcessPoolExecutor(max_workers=w, initializer=_bare_init) as pool:
            list(pool.map(_bare_init_ping, range(w)))  # workers started and warm before the clock
            t = time.perf_counter()
            out = list(pool.map(_bare_chunk, chunks))
            wall = time.perf_counter() - t
        res[f"bare_pool_w{w}"] = {"s": round(wall, 2), "sentences_per_s": round(sum(n for n, _ in out) / wall, 1)}
    # a worker's own memory: forked workers share (and count) what this process holds, so measure a
    # fresh one (spawned: imports, model and knowledge bases loaded in it) over 48 articles
    rss = {}
    list(code_parallel(iter(list(read())[:48]), workers=1, triage="paragraph", processes=True, stats=rss,
                       start_method="spawn", chunk_size=args.chunk_size))
    res["spawned_worker_peak_rss_mb"] = [round(v["rss_mb"]) for v in rss.values()]
    res["load_average_at_end"] = round(os.getloadavg()[0], 2)
    ws = [w for w in args.workers if f"pool_fast_w{w}" in res]
    if len(ws) > 1:
        base = res[f"pool_fast_w{ws[0]}"]["s"]  # type: ignore[index]
        res["pool_speedup_vs_w%d" % ws[0]] = {f"w{w}": round(base / res[f"pool_fast_w{w}"]["s"], 2) for w in ws}  # type: ignore[index]
        if all(f"bare_pool_w{w}" in res for w in ws):
            b = res[f"bare_pool_w{ws[0]}"]["s"]  # type: ignore[index]
            res["bare_pool_speedup_vs_w%d" % ws[0]] = {f"w{w}": round(b / res[f"bare_pool_w{w}"]["s"], 2) for w in ws}  # type: ignore[index]
    res["driver_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    text = json.dumps(res, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


def _bare_init_ping(_: int) -> int:
    time.sleep(0.2)  # each worker takes one, so all have loaded the model
    return os.getpid()


if __name__ == "__main__":
    main()
