"""The ``tocsin code`` command as a user runs it: real process, real files, real model."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

REQUIRED = {"id", "article_id", "event_type", "status", "actor", "event_text"}
STORY = ("Farmers block roads near Lyon\n\n"
         "Hundreds of farmers blocked roads near Lyon on Monday to protest against fuel taxes.\n\n"
         "The agriculture minister will meet union leaders on Thursday.")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tocsin", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


def events_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_code_text_file_writes_format_records(tmp_path: Path):
    story = tmp_path / "farmers.txt"
    story.write_text(STORY, encoding="utf-8")
    proc = run("code", str(story), "--published", "2021-03-03")
    assert proc.returncode == 0, proc.stderr
    events = events_of(proc.stdout)
    assert events and all(REQUIRED <= set(e) for e in events)
    protests = [e for e in events if e["event_type"] == "PROTEST"]
    assert protests
    protest = next(e for e in protests if "Monday" in e["event_text"])
    assert protest["date"] == "2021-03-01"
    assert STORY[protest["span"][0]:protest["span"][1]] == protest["event_text"]
    assert protest["location"]["country"] == "FRA"
    assert any(e["event_type"] in ("CONSULT", "AGREE") and e["date"] == "2021-03-04" for e in events)


def test_bad_lines_are_reported_and_the_rest_is_coded(tmp_path: Path):
    gold = tmp_path / "batch.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "text": "Police arrested ten activists in Minsk.", "published": "2020-08-16"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": "Troops shelled the town of Idlib on Friday.", "published": "2020-03-01"}) + "\n",
        encoding="utf-8")
    out = tmp_path / "events.jsonl"
    proc = run("code", str(gold), "-o", str(out))
    assert proc.returncode == 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{gold}:2" in errors[0] and "invalid JSON" in errors[0]
    coded = {e["article_id"] for e in events_of(out.read_text(encoding="utf-8"))}
    assert coded == {"a", "c"}


def test_nothing_readable_exits_non_zero(tmp_path: Path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    proc = run("code", str(binary))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert str(binary) in proc.stderr and "binary" in proc.stderr


def test_stdin_and_published_flag():
    proc = run("code", "-", "--published", "2021-03-03", stdin=STORY)
    assert proc.returncode == 0, proc.stderr
    assert any(e["article_id"] == "stdin" for e in events_of(proc.stdout))


def test_html_page_scripts_never_reach_evidence(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Strike</title><script>alert('x'); var protest = 1;</script></head><body>"
        "<article><h1>Dock strike spreads</h1><p onclick=\"steal()\">Port workers in Antwerp went on strike "
        "on Tuesday over pensions.</p><p>The union said the walkout would last two days.</p></article>"
        "</body></html>", encoding="utf-8")
    proc = run("code", str(page), "--published", "2021-03-03")
    assert proc.returncode == 0, proc.stderr
    events = events_of(proc.stdout)
    assert any(e["event_type"] == "PROTEST" and e["mode"] == "strike" for e in events)
    assert not any("alert" in e["event_text"] or "steal" in e["event_text"] for e in events)


def test_bad_published_flag_is_a_clear_error(tmp_path: Path):
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    proc = run("code", str(story), "--published", "16/08/2020")
    assert proc.returncode != 0
    assert "--published" in proc.stderr


def test_undated_stories_are_dated_from_their_name_or_flagged(tmp_path: Path):
    named = tmp_path / "farmers-2021-03-03.txt"
    named.write_text(STORY, encoding="utf-8")
    proc = run("code", str(named))
    assert proc.returncode == 0, proc.stderr
    monday = next(e for e in events_of(proc.stdout) if e["event_type"] == "PROTEST" and "Monday" in e["event_text"])
    assert monday["date"] == "2021-03-01"
    assert "no publication date" not in proc.stderr
    bare = tmp_path / "farmers.txt"
    bare.write_text(STORY, encoding="utf-8")
    proc = run("code", str(bare))
    assert proc.returncode == 0
    assert "1 of 1 articles have no publication date" in proc.stderr and "--published" in proc.stderr
