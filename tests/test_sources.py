"""The input edge: every kind of bad input is reported once and never stops the batch."""
from __future__ import annotations

import io
import json
import os
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from tocsin.sources.files import ReadError, ReadStats, read_articles
from tocsin.sources.html import extract_html

# Small texts written for these tests (invented places and people).
PARA1 = "Dock workers in Port Varna walked off the job on Monday, the union said."
PARA2 = "The harbour board said talks with the union would resume on Thursday."
PARA3 = "Police reported no arrests at the picket outside the board's offices."

ARTICLE_HTML = f"""<!DOCTYPE html>
<html><head><title>Dock strike in Port Varna</title>
<link rel="canonical" href="https://news.example.org/2021/dock-strike">
<meta property="article:published_time" content="2021-03-04T09:30:00Z">
<script>var token = "SCRIPT_LEAK";</script>
<style>.headline {{ color: red }} STYLE_LEAK</style>
</head>
<body onload="alert('ONLOAD_LEAK')">
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Dock strike in Port Varna</h1>
<p onclick="steal('CLICK_LEAK')">{PARA1}</p>
<script>document.write("INLINE_SCRIPT_LEAK");</script>
<p onmouseover="x('HOVER_LEAK')">{PARA2}</p>
<p>{PARA3}</p>
</article>
<footer>Copyright notice</footer>
</body></html>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><head><title>Laughs</title></head><body><article>
<p>{p1} &lol9;</p>
<p>{p2}</p>
</article></body></html>
""".format(p1=PARA1, p2=PARA2)


def read(inputs, **kwargs):
    """Read everything; return (articles, errors)."""
    errors: list[ReadError] = []
    articles = list(read_articles([str(i) for i in inputs], on_error=errors.append, **kwargs))
    return articles, errors


def jsonl(path: Path, *records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- happy paths --------------------------------------------------------------

def test_jsonl_fields_extra_origin_and_published(tmp_path):
    f = jsonl(tmp_path / "in.jsonl",
              {"id": "a1", "text": PARA1, "published": "2020-08-16", "title": "T", "language": "en",
               "events": [{"event_type": "PROTEST"}]},
              {"id": 7, "text": PARA2})
    arts, errs = read([f], published=date(2021, 1, 2))
    assert errs == []
    assert [a.id for a in arts] == ["a1", "7"]
    assert arts[0].published == date(2020, 8, 16)  # the record's own date wins
    assert arts[1].published == date(2021, 1, 2)  # the CLI's --published fills the gap
    assert arts[0].extra == {"events": [{"event_type": "PROTEST"}]}
    assert arts[0].title == "T" and arts[0].language == "en"
    assert arts[0].origin == f"{f}:1" and arts[1].origin == f"{f}:2"


def test_ndjson_blank_lines_skipped_and_crlf(tmp_path):
    f = tmp_path / "in.ndjson"
    f.write_bytes(b'\r\n{"id": "x", "text": "one"}\r\n\r\n{"id": "y", "text": "two"}')
    arts, errs = read([f])
    assert errs == []
    assert [(a.id, a.origin) for a in arts] == [("x", f"{f}:2"), ("y", f"{f}:4")]


def test_txt_keeps_paragraphs_and_first_line(tmp_path):
    f = tmp_path / "story-12.txt"
    f.write_bytes(f"Dock strike\r\n\r\n{PARA1}\r\n\r\n{PARA2}\r\n".encode())
    arts, errs = read([f], published=date(2021, 3, 4))
    assert errs == []
    (a,) = arts
    assert a.id == "story-12" and a.origin == str(f)
    assert a.text == f"Dock strike\n\n{PARA1}\n\n{PARA2}"
    assert a.published == date(2021, 3, 4)


def test_html_main_text_title_date_url(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(ARTICLE_HTML, encoding="utf-8")
    arts, errs = read([f], published=date(1999, 1, 1))
    assert errs == []
    (a,) = arts
    assert a.id == "page" and a.origin == str(f)
    assert a.title == "Dock strike in Port Varna"
    assert a.url == "https://news.example.org/2021/dock-strike"
    assert a.published == date(2021, 3, 4)  # the page's own date wins
    paragraphs = a.text.split("\n\n")
    assert paragraphs[-3:] == [PARA1, PARA2, PARA3]
    assert "Home" not in a.text and "Copyright" not in a.text


def test_html_og_url_and_short_page(tmp_path):
    f = tmp_path / "short.htm"
    f.write_text('<html><head><meta property="og:url" content="https://example.org/s">'
                 f'</head><body><p>{PARA1}</p></body></html>', encoding="utf-8")
    arts, errs = read([f])
    assert errs == []
    assert arts[0].text == PARA1 and arts[0].url == "https://example.org/s"


def test_html_lists_become_paragraphs():
    page = extract_html(f"<html><body><article><p>{PARA1}</p><ul><li>first point here</li>"
                        f"<li>second point here</li></ul><p>{PARA3}</p></article></body></html>")
    assert page.text == f"{PARA1}\n\nfirst point here\n\nsecond point here\n\n{PARA3}"


def test_directory_sorted_mixed_non_recursive(tmp_path):
    (tmp_path / "b.txt").write_text(PARA2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(PARA1, encoding="utf-8")
    jsonl(tmp_path / "c.jsonl", {"id": "c1", "text": PARA3})
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("nested, not read", encoding="utf-8")
    arts, errs = read([tmp_path])
    assert errs == []
    assert [a.id for a in arts] == ["a", "b", "c1"]


def test_stdin_jsonl(monkeypatch):
    data = b'\n  {"id": "s1", "text": "one"}\n{"id": "s2", "text": "two"}\nnot json\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts, errs = read(["-"])
    assert [(a.id, a.origin) for a in arts] == [("s1", "<stdin>:2"), ("s2", "<stdin>:3")]
    assert [e.origin for e in errs] == ["<stdin>:4"]


def test_stdin_text(monkeypatch):
    data = f"\n{PARA1}\n\n{PARA2}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts, errs = read(["-"], published=date(2022, 2, 2))
    assert errs == []
    (a,) = arts
    assert (a.id, a.origin, a.text, a.published) == ("stdin", "<stdin>", f"{PARA1}\n\n{PARA2}", date(2022, 2, 2))


# --- bad input: reported once, the batch goes on ----------------------------

def test_missing_file_then_next(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(PARA1, encoding="utf-8")
    arts, errs = read([tmp_path / "nope.jsonl", tmp_path / "nope.txt", good])
    assert [a.id for a in arts] == ["ok"]
    assert [(e.origin, e.reason) for e in errs] == [
        (str(tmp_path / "nope.jsonl"), "no such file"), (str(tmp_path / "nope.txt"), "no such file")]


def test_unsupported_type_and_empty_directory(tmp_path):
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    empty = tmp_path / "empty"
    empty.mkdir()
    arts, errs = read([tmp_path / "doc.pdf", empty])
    assert arts == []
    assert "unsupported file type '.pdf'" in errs[0].reason
    assert errs[1].reason == "no .txt, .html or .jsonl files in directory"


@pytest.mark.parametrize("name", ["e.txt", "e.jsonl", "e.html"])
def test_empty_file(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(b"")
    arts, errs = read([f])
    assert arts == [] and [(e.origin, e.reason) for e in errs] == [(str(f), "empty file")]


def test_jsonl_with_only_blank_lines_is_empty(tmp_path):
    f = tmp_path / "blank.jsonl"
    f.write_text("\n  \n\n", encoding="utf-8")
    _, errs = read([f])
    assert [e.reason for e in errs] == ["empty file"]


@pytest.mark.parametrize("name,data", [
    ("nul.txt", b"Looks like text\x00\x00\x00\x01\x02 but is not"),
    ("ctl.txt", bytes(range(1, 9)) * 50 + b"a few letters"),
    ("img.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
    ("blob.jsonl", bytes(range(256)) * 10),
])
def test_binary_file(tmp_path, name, data):
    f = tmp_path / name
    f.write_bytes(data)
    arts, errs = read([f])
    assert arts == [] and [(e.origin, e.reason) for e in errs] == [(str(f), "binary file, not text")]


def test_legacy_cp1252_text_decoded_with_warning(tmp_path):
    f = tmp_path / "legacy.txt"
    f.write_bytes("Protesters in Sète marched \u201cpeacefully\u201d, said the préfet.".encode("cp1252"))
    arts, errs = read([f])
    assert arts[0].text == "Protesters in Sète marched \u201cpeacefully\u201d, said the préfet."
    (e,) = errs
    assert e.level == "warning"
    assert e.reason == "not UTF-8 (invalid UTF-8 byte 0xe8 at byte offset 15); decoded as cp1252"
    assert str(e) == f"warning: {f}: {e.reason}"


def test_corrupt_utf8_is_reported_and_skipped(tmp_path):
    f = tmp_path / "broken.txt"
    good = "Protesters in Sète marched.".encode()
    f.write_bytes(good + b" Then \xff happened.")
    ok = tmp_path / "ok.txt"
    ok.write_text(PARA1, encoding="utf-8")
    arts, errs = read([f, ok])
    assert [a.id for a in arts] == ["ok"]
    (e,) = errs
    assert e.level == "error"
    assert e.reason == f"not UTF-8 (invalid UTF-8 byte 0xff at byte offset {len(good) + 6}); skipped"


def test_jsonl_non_utf8_line_offsets_are_file_offsets(tmp_path):
    f = tmp_path / "mixed.jsonl"
    line1 = b'{"id": "u", "text": "fine"}\n'
    line2 = '{"id": "l", "text": "caf\u00e9"}\n'.encode("latin-1")
    line3 = b'{"id": "v", "text": "\xc3\xa9t\xc3\xa9 \xff"}\n'
    f.write_bytes(line1 + line2 + line3)
    arts, errs = read([f])
    assert [(a.id, a.text) for a in arts] == [("u", "fine"), ("l", "caf\u00e9")]
    assert [(e.origin, e.level) for e in errs] == [(f"{f}:2", "warning"), (f"{f}:3", "error")]
    bad2 = len(line1) + line2.index(0xE9)
    bad3 = len(line1) + len(line2) + line3.index(0xFF)
    assert f"at byte offset {bad2}" in errs[0].reason
    assert f"at byte offset {bad3}" in errs[1].reason


def test_utf8_bom_is_dropped(tmp_path):
    t = tmp_path / "bom.txt"
    t.write_bytes(b"\xef\xbb\xbf" + PARA1.encode())
    j = tmp_path / "bom.jsonl"
    j.write_bytes(b'\xef\xbb\xbf{"id": "b", "text": "x"}\n')
    arts, errs = read([t, j])
    assert errs == [] and [a.text for a in arts] == [PARA1, "x"]


def test_broken_jsonl_lines_reported_others_read(tmp_path):
    f = jsonl(tmp_path / "mixed.jsonl",
              {"id": "ok1", "text": PARA1},
              '{"id": "bad", "text": "x" "y"}',
              '[1, 2, 3]',
              '"just a string"',
              {"text": "no id here"},
              {"id": "nt"},
              {"id": "num", "text": 42},
              {"id": "d", "text": "bad date", "published": "16/08/2020"},
              {"id": "d2", "text": "date as number", "published": 20200816},
              {"id": "", "text": "empty id"},
              {"id": ["x"], "text": "list id"},
              {"id": "ws", "text": " \n\t "},
              {"id": "t", "text": "title is a list", "title": ["x"]},
              {"id": "ok2", "text": PARA2})
    arts, errs = read([f])
    assert [a.id for a in arts] == ["ok1", "ok2"]
    assert [e.origin for e in errs] == [f"{f}:{n}" for n in range(2, 14)]
    assert all(e.level == "error" for e in errs)
    reasons = [e.reason for e in errs]
    assert reasons[0] == "invalid JSON (Expecting ',' delimiter at column 27)"
    assert reasons[1] == "record is a JSON list, not an object"
    assert reasons[2] == "record is a JSON str, not an object"
    assert reasons[3] == "record has no 'id'"
    assert reasons[4] == reasons[5] == "record has no string 'text'"
    assert reasons[6].startswith("'published' is not an ISO date")
    assert reasons[7].startswith("'published' is not a date string")
    assert reasons[8] == reasons[9] == "record 'id' must be a non-empty string or number"
    assert reasons[10] == "empty text"
    assert reasons[11] == "record 'title' must be a string or null"
    assert all("\n" not in str(e) for e in errs)


def test_deeply_nested_json_line(tmp_path):
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", "text": "fine"}) + "\n", encoding="utf-8")
    arts, errs = read([f])
    assert [a.id for a in arts] == ["ok"] and errs[0].origin == f"{f}:1"


def test_oversized_line_reported_and_skipped(tmp_path):
    f = tmp_path / "big.jsonl"
    huge = json.dumps({"id": "huge", "text": "x" * 5000})
    f.write_text("\n".join([json.dumps({"id": "a", "text": "first"}), huge,
                            json.dumps({"id": "b", "text": "after"})]) + "\n", encoding="utf-8")
    arts, errs = read([f], max_bytes=1000)
    assert [(a.id, a.origin) for a in arts] == [("a", f"{f}:1"), ("b", f"{f}:3")]
    assert [(e.origin, e.reason) for e in errs] == [(f"{f}:2", f"record too large ({len(huge) + 1} bytes > 1000)")]


def test_line_exactly_at_limit_is_read(tmp_path):
    rec = json.dumps({"id": "a", "text": "y" * 50})
    f = tmp_path / "edge.jsonl"
    f.write_text(rec + "\n" + rec.replace('"a"', '"b"'), encoding="utf-8")
    arts, errs = read([f], max_bytes=len(rec))
    assert errs == [] and [a.id for a in arts] == ["a", "b"]


def test_oversized_txt_file(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("word " * 400, encoding="utf-8")
    arts, errs = read([f], max_bytes=1000)
    assert arts == [] and errs[0].reason == "file too large (over 1000 bytes)"


def test_whitespace_only_text(tmp_path, monkeypatch):
    f = tmp_path / "blank.txt"
    f.write_text("  \n\n\t \r\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"   \n\n ")))
    arts, errs = read([f, "-"])
    assert arts == [] and [(e.origin, e.reason) for e in errs] == [(str(f), "empty text"), ("<stdin>", "empty text")]


def test_html_without_text(tmp_path):
    f = tmp_path / "shell.html"
    f.write_text("<html><head><script>var only = 'code';</script></head><body></body></html>", encoding="utf-8")
    arts, errs = read([f])
    assert arts == [] and errs[0].reason == "no main text found in HTML"


def test_duplicate_ids_warn_but_yield(tmp_path):
    f = jsonl(tmp_path / "dup.jsonl", {"id": "a", "text": "one"}, {"id": "b", "text": "two"},
              {"id": "a", "text": "three"})
    arts, errs = read([f])
    assert [a.text for a in arts] == ["one", "two", "three"]
    assert [(e.origin, e.level, e.reason) for e in errs] == [
        (f"{f}:3", "warning", "duplicate id 'a' (first on line 1)")]


def test_html_tags_in_text_and_jsonl_are_literal(tmp_path):
    raw = "Officials said <b>talks</b> failed. <script>alert(1)</script> &amp; more"
    t = tmp_path / "tags.txt"
    t.write_text(raw, encoding="utf-8")
    j = jsonl(tmp_path / "tags.jsonl", {"id": "j", "text": raw})
    arts, errs = read([t, j])
    assert errs == [] and [a.text for a in arts] == [raw, raw]


# --- hostile HTML -------------------------------------------------------------

def test_hostile_html_scripts_and_handlers_never_reach_text(tmp_path):
    f = tmp_path / "hostile.html"
    f.write_text(ARTICLE_HTML, encoding="utf-8")
    (a,) = read([f])[0]
    for leak in ("SCRIPT_LEAK", "STYLE_LEAK", "ONLOAD_LEAK", "CLICK_LEAK", "HOVER_LEAK",
                 "INLINE_SCRIPT_LEAK", "alert", "steal", "<", ">"):
        assert leak not in a.text
    # and not through the fallback extractor either
    bare = extract_html('<html><body><p onclick="steal(\'CLICK_LEAK\')">Hi there.</p>'
                        '<script>INLINE_SCRIPT_LEAK</script><noscript>NOSCRIPT_LEAK</noscript></body></html>')
    assert bare.text == "Hi there."


def test_billion_laughs_is_not_expanded(tmp_path):
    f = tmp_path / "laughs.html"
    f.write_text(BILLION_LAUGHS, encoding="utf-8")
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        arts, errs = read([f])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - t0 < 5
    assert peak < 20_000_000
    (a,) = arts
    assert "lollol" not in a.text and len(a.text) < 500
    assert a.text.startswith(PARA1) and a.text.endswith(PARA2)
    assert [(e.level, e.reason) for e in errs] == [
        ("warning", "DOCTYPE entity declarations ignored (never expanded)")]


def test_whitespace_only_html(tmp_path):
    f = tmp_path / "blank.html"
    f.write_text("  \n ", encoding="utf-8")
    arts, errs = read([f])
    assert arts == [] and errs[0].reason == "no main text found in HTML"


def test_html_size_guard(tmp_path, monkeypatch):
    import tocsin.sources.html as html_mod

    monkeypatch.setattr(html_mod, "MAX_HTML_CHARS", 100)
    f = tmp_path / "big.html"
    f.write_text("<html><body>" + "<p>words</p>" * 50 + "</body></html>", encoding="utf-8")
    arts, errs = read([f])
    assert arts == [] and errs[0].reason.startswith("HTML too large")


# --- errors, stats, scale -------------------------------------------------------

def test_read_error_str_and_stats(tmp_path):
    f = jsonl(tmp_path / "s.jsonl", {"id": "a", "text": "x"}, "{oops", {"id": "a", "text": "y"})
    stats = ReadStats()
    errs: list[ReadError] = []
    arts = list(read_articles([str(f), str(tmp_path / "gone.txt")], on_error=errs.append, stats=stats))
    assert len(arts) == 2
    assert (stats.articles, stats.errors, stats.warnings) == (2, 2, 1)
    assert str(errs[0]).startswith(f"error: {f}:2: invalid JSON (")
    assert str(ReadError("x.txt", "empty file")) == "error: x.txt: empty file"


def test_default_on_error_prints_one_line_to_stderr(tmp_path, capsys):
    list(read_articles([str(tmp_path / "gone.txt")]))
    assert capsys.readouterr().err == f"error: {tmp_path / 'gone.txt'}: no such file\n"


def test_100mb_jsonl_streams_with_bounded_memory(tmp_path):
    f = tmp_path / "big.jsonl"
    # ~2 KB records (news stories run longer); memory may grow with the number of ids
    # (duplicate detection, ~120 bytes each) but never with the text read
    body = ("Crowds gathered in the square and the minister promised to meet them. " * 30)[:2000]
    n = 0
    with f.open("w", encoding="utf-8") as out:
        while out.tell() < 100_000_000:
            chunk = "".join(json.dumps({"id": f"r{n + i}", "text": body}) + "\n" for i in range(1000))
            out.write(chunk)
            n += 1000
    size = os.path.getsize(f)
    assert size >= 100_000_000
    count = 0
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        for article in read_articles([str(f)], on_error=pytest.fail):
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n
    assert peak < size / 10, f"peak {peak} bytes for a {size}-byte file"
    assert time.perf_counter() - t0 < 60


def test_html_element_cap_uses_linear_fallback(monkeypatch):
    import tocsin.sources.html as html_mod

    monkeypatch.setattr(html_mod, "MAX_ELEMENTS", 10)
    page = extract_html("<html><head><title>Many</title></head><body><nav><a>menu</a></nav>"
                        + "".join(f"<div><p>Paragraph {i}\n of text.</p></div>" for i in range(5))
                        + "<script>SCRIPT_LEAK</script></body></html>")
    assert page.text == "\n\n".join(f"Paragraph {i} of text." for i in range(5))
    assert page.title == "Many" and "used plain paragraph extraction" in page.warnings[0]


def test_a_text_files_name_can_date_it(tmp_path: Path):
    dated = tmp_path / "dock-strike-2021-03-04.txt"
    undated = tmp_path / "dock-strike.txt"
    impossible = tmp_path / "notes-2021-02-30.txt"
    for f in (dated, undated, impossible):
        f.write_text(PARA1, encoding="utf-8")
    arts = {a.id: a.published for a in read_articles([str(dated), str(undated), str(impossible)])}
    assert arts == {"dock-strike-2021-03-04": date(2021, 3, 4), "dock-strike": None, "notes-2021-02-30": None}
    # a date given by the caller wins over the name
    given = list(read_articles([str(dated)], published=date(2021, 3, 9)))
    assert given[0].published == date(2021, 3, 9)
