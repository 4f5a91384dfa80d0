"""Paragraph-aware sentence splitting (pure part, no model) and offsets (with the model)."""
from __future__ import annotations

import pytest

from tocsin.nlp.sentences import MAX_PARAGRAPH_CHARS, paragraphs


def texts(text):
    return [text[s:e] for s, e in paragraphs(text)]


def test_headline_on_its_own_line_is_its_own_paragraph():
    text = "Strikers close the port\nDock workers walked out on Monday. Ships are waiting."
    assert texts(text) == ["Strikers close the port", "Dock workers walked out on Monday. Ships are waiting."]


def test_blank_lines_split_and_whitespace_is_trimmed():
    text = "  First paragraph here.  \n\n\n   Second one.\n"
    assert texts(text) == ["First paragraph here.", "Second one."]


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    text = "The union said the strike would\ncontinue until the talks resume.\n\nNext paragraph."
    assert texts(text) == ["The union said the strike would\ncontinue until the talks resume.", "Next paragraph."]


def test_offsets_point_into_the_original_text():
    text = "Title\r\n\r\nBody text. More body."
    for start, end in paragraphs(text):
        assert text[start:end].strip() == text[start:end]


def test_run_on_paragraph_is_cut_at_a_sentence_end():
    sentence = "Protesters marched through the city centre again. "
    text = sentence * (MAX_PARAGRAPH_CHARS // len(sentence) + 50)
    spans = paragraphs(text)
    assert len(spans) >= 2
    assert all(e - s <= MAX_PARAGRAPH_CHARS for s, e in spans)
    assert all(text[s:e].endswith(".") for s, e in spans[:-1])


def test_empty_text_has_no_paragraphs():
    assert paragraphs("   \n\n  ") == []


@pytest.mark.model
def test_sentences_carry_verbatim_offsets(pipeline):
    text = "Strikers close the port\n\nDock workers walked out on Monday. Ships are waiting offshore."
    article = pipeline.code_text(text)
    assert [s.text for s in article.sentences] == [
        "Strikers close the port", "Dock workers walked out on Monday.", "Ships are waiting offshore."]
    assert all(text[s.start:s.end] == s.text for s in article.sentences)
