"""Fast path and one-machine scale: triage soundness, pool order, the annotate contract."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tocsin.model import Article, parse_published

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = [pytest.mark.model]


def corpus(n: int, seed: int = 8) -> list[Article]:
    import make_corpus

    return [Article(id=r["id"], text=r["text"], published=parse_published(r["published"]))
            for r in make_corpus.generate(n, seed)]


def test_corpus_is_reproducible():
    import make_corpus

    a = [json.dumps(r) for r in make_corpus.generate(5, 3)]
    b = [json.dumps(r) for r in make_corpus.generate(5, 3)]
    assert a == b and len({r for r in a}) == 5
    assert a != [json.dumps(r) for r in make_corpus.generate(5, 4)]


@pytest.fixture(scope="module")
def triage(pipeline):
    from tocsin.scale.triage import Triage

    return Triage(pipeline.nlp, pipeline.coder.lex)


def _texts(shared: Path | None) -> list[str]:
    texts = [a.text for a in corpus(25)]
    if shared is not None:
        for name in ("events-plover-gsr.dev.jsonl", "events-case2021.dev.jsonl"):
            path = shared / "eval" / name
            if path.is_file():
                texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()][:150]
    return texts


def test_lemma_candidates_cover_the_lemmatizer(pipeline, triage):
    """Every trigger lemma spaCy gives a word is among the triage's candidates for it."""
    shared = ROOT.parent / "shared"
    missed = []
    for doc in pipeline.nlp.pipe(_texts(shared if shared.is_dir() else None), batch_size=64):
        for tok in doc:
            lemma = tok.lemma_.lower()
            if lemma in triage.wanted and lemma not in triage.lemmas(tok.lower_):
                missed.append((tok.text, lemma))
    assert not missed


def test_skipped_paragraphs_have_no_candidates(pipeline, triage):
    """A paragraph the triage rejects yields no event when fully parsed and coded alone."""
    from tocsin.nlp.sentences import paragraphs

    checked = 0
    for article in corpus(20):
        for s, e in paragraphs(article.text):
            text = article.text[s:e]
            if triage.may_hold_event(text):
                continue
            checked += 1
            coded = pipeline.code_text(text, published="2021-03-03")
            assert not coded.events, text
    assert checked > 50


def test_paragraph_triage_keeps_event_identity(pipeline):
    from tocsin.pipeline import Pipeline

    fast = Pipeline(triage="paragraph")
    story = Pipeline(triage="story")
    arts = corpus(12)
    exact = {e.id for a in pipeline([Article(id=a.id, text=a.text, published=a.published) for a in arts])
             for e in a.events}
    got = {e.id for a in fast([Article(id=a.id, text=a.text, published=a.published) for a in arts])
           for e in a.events}
    same = [e.as_dict() for a in story([Article(id=a.id, text=a.text, published=a.published) for a in arts])
            for e in a.events]
    assert exact == got  # same events; context-dependent fields may differ (docs/scale.md)
    assert {e["id"] for e in same} == exact
    assert fast.triage.kept_share < 0.8


def test_unparsed_sentences_cover_the_paragraph():
    from tocsin.nlp.sentences import split_sentences

    text = "Headline here\n\nShares rose 3 percent. Analysts were pleased. \u201cGood,\u201d he said."
    [art] = split_sentences([Article(id="a", text=text)], nlp=None, keep=lambda t: False)
    assert [s.text for s in art.sentences] == ["Headline here", "Shares rose 3 percent.",
                                               "Analysts were pleased.", "\u201cGood,\u201d he said."]
    assert all(s.doc is None and text[s.start:s.end] == s.text for s in art.sentences)


def test_pipeline_rejects_unknown_triage():
    from tocsin.pipeline import Pipeline

    with pytest.raises(ValueError):
        Pipeline(triage="sometimes")


def test_pool_keeps_order_and_matches_in_process(pipeline):
    from tocsin.scale.pool import code_parallel

    arts = corpus(9, seed=11)
    fresh = lambda: [Article(id=a.id, text=a.text, published=a.published) for a in arts]
    want = [[e.id for e in a.events] for a in pipeline(fresh())]
    stats: dict[int, dict[str, float]] = {}
    got = list(code_parallel(iter(fresh()), workers=2, triage="off", chunk_size=2, ahead=1, stats=stats))
    assert [a.id for a in got] == [a.id for a in arts]
    assert [[e.id for e in a.events] for a in got] == want
    assert all(s.doc is None for a in got for s in a.sentences)
    assert stats and all(v["rss_mb"] > 0 and v["cpu_s"] > 0 for v in stats.values())


def test_annotate_contract_and_parquet_roundtrip(tmp_path):
    pytest.importorskip("pyarrow")
    from tocsin.scale.annotate import OUTPUT_COLUMNS, Annotator
    from tocsin.scale.parquet import (
        read_articles_parquet,
        read_coded,
        read_events,
        write_articles,
    )
    from tocsin.store import open_store

    arts = corpus(4, seed=5)
    write_articles(arts, tmp_path / "in.parquet")
    back = list(read_articles_parquet(tmp_path / "in.parquet"))
    assert [(a.id, a.text, a.published) for a in back] == [(a.id, a.text, a.published) for a in arts]
    batch = {"id": [a.id for a in back], "text": [a.text for a in back],
             "published": [a.published.isoformat() for a in back]}
    out = Annotator(triage="paragraph")(batch)
    assert set(out) == set(OUTPUT_COLUMNS) and out["id"] == batch["id"]
    assert sum(out["n_events"]) == sum(len(json.loads(x)) for x in out["events"]) > 0
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "out").mkdir()
    pq.write_table(pa.Table.from_pydict(out), tmp_path / "out" / "part-0.parquet")
    events = list(read_events(tmp_path / "out"))
    assert len(events) == sum(out["n_events"]) and all(e.trigger_span for e in events)
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        stats = store.add_articles(read_coded(tmp_path / "out"))
    assert stats.articles_added == 4 and stats.mentions == len(events)


def test_cached_morph_is_exact(pipeline):
    """``tocsin.nlp.fastmorph``: the memoised attribute_ruler + lemmatizer give the stock pipeline's output."""
    import spacy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

    assert "cached_morph" in pipeline.nlp.pipe_names
    from tocsin.nlp.parser import model_name

    stock = spacy.load(model_name())
    assert "cached_morph" not in stock.pipe_names
    texts = [a.text for a in corpus(12)] * 2 + [  # twice: the second round comes from the cache
        "Y'all gon na see it.", "There is a protest and there were arrests.", "It ain't over, let's go.",
        "I told you it was me.", "He  said   so .\n\n", "gotta go", "Who did it? I did."]
    attrs = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    from tocsin.nlp.parser import HEADLINE_PIPE

    # the headline re-parse (a step of our own, after the stock ones) may change a parse on purpose
    ours = [p for p in (HEADLINE_PIPE,) if p in pipeline.nlp.pipe_names]
    with pipeline.nlp.select_pipes(disable=ours):
        mine = list(pipeline.nlp.pipe(texts))
    for a, b in zip(stock.pipe(texts), mine):
        assert [(t.lemma_, t.pos_, str(t.morph)) for t in a] == [(t.lemma_, t.pos_, str(t.morph)) for t in b]
        assert (a.to_array(attrs) == b.to_array(attrs)).all()
    assert pipeline.nlp.get_pipe("cached_morph").hits > 0
