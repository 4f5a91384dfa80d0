"""The Ray Data runner in local mode on a small corpus (skipped when ray is not installed)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
pytestmark = [pytest.mark.model]


def test_ray_local_matches_in_process(tmp_path, pipeline):
    import make_corpus

    from tocsin.model import Article, parse_published
    from tocsin.scale.parquet import read_events, write_articles
    from tocsin.scale.ray_runner import run_ray

    recs = list(make_corpus.generate(6, 21))
    arts = [Article(id=r["id"], text=r["text"], published=parse_published(r["published"])) for r in recs]
    write_articles(arts, tmp_path / "in.parquet")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in make_corpus.generate(2, 22)), encoding="utf-8")
    try:
        counts = run_ray([str(tmp_path / "in.parquet"), str(jsonl)], str(tmp_path / "out"), address=None,
                         triage="off", concurrency=1, batch_size=4)
    finally:
        ray.shutdown()
    assert counts["articles"] == 8
    got = {e.id for e in read_events(tmp_path / "out")}
    want = {e.id for a in pipeline(arts) for e in a.events}
    assert want and want <= got and len(got) == counts["events"]
