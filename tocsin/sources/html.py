"""HTML page -> article text, title, date and URL.

trafilatura finds the main text (dropping menus, footers and ads), but we parse the
page ourselves first so that we, not a library default, decide what is safe:

* the page is size-capped before parsing (``MAX_HTML_CHARS``);
* an ``<?xml ...?>`` declaration and a DOCTYPE internal subset are cut away, so
  ``<!ENTITY>`` declarations (the "billion laughs" bomb) are never seen, let
  alone expanded; libxml2's HTML parser does not expand such entities anyway, and
  we ask for ``huge_tree=False`` and ``no_network=True`` on top;
* ``<script>``, ``<style>`` and other non-text elements are removed and every
  ``on*`` attribute is dropped before extraction, so their content cannot leak
  into the text even if trafilatura's heuristics change.

Paragraphs come back separated by a blank line (``"\\n\\n"``), which is what the
sentence splitter uses to number paragraphs.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from tocsin.model import parse_published

MAX_HTML_CHARS = 20_000_000  # trafilatura's own MAX_FILE_SIZE; larger pages are not news articles
# trafilatura's pruning grows faster than linearly (20k <p>: ~4 s, 200k: ~3 min); a
# news page has a few thousand elements, so past this we use the linear fallback
MAX_ELEMENTS = 20_000

_PROLOG_CHARS = 65_536
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY_DECL = re.compile(r"<!ENTITY\b[^>]*>", re.IGNORECASE)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_FALLBACK_SKIP = ("nav", "header", "footer", "aside", "form", "button", "select")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


@dataclass(slots=True)
class HtmlContent:
    """What an HTML page gives an ``Article``; ``warnings`` are reported, not fatal."""

    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)


def extract_html(markup: str) -> HtmlContent:
    """Extract main text, title, date and canonical URL; raises ValueError when unusable."""
    if len(markup) > MAX_HTML_CHARS:
        raise ValueError(f"HTML too large ({len(markup)} characters > {MAX_HTML_CHARS})")
    if not markup.strip():
        return HtmlContent(text="")
    warnings: list[str] = []
    markup, had_entities = _strip_dtd(markup)
    if had_entities:
        warnings.append("DOCTYPE entity declarations ignored (never expanded)")
    tree = _parse(markup)
    if tree is None:
        raise ValueError("not parseable as HTML")
    _sanitise(tree)

    text, title, published, url = "", None, None, None
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        warnings.append(f"{elements} HTML elements (> {MAX_ELEMENTS}); used plain paragraph extraction")
        return HtmlContent(text=_fallback_text(tree), title=_meta_title(tree), url=_meta_url(tree),
                           warnings=warnings)
    try:
        doc = trafilatura.bare_extraction(
            _copy(tree), with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": datetime.now().strftime("%Y-%m-%d")},
        )
    except Exception as exc:  # trafilatura raises assorted errors on odd pages; fall back
        warnings.append(f"trafilatura failed ({type(exc).__name__}); used plain paragraph extraction")
        doc = None
    if doc is not None:
        text = _body_text(doc.body) if doc.body is not None else (doc.text or "")
        title, url = doc.title or None, doc.url or None
        try:
            published = parse_published(doc.date)
        except ValueError:
            published = None
    if not text.strip():
        text = _fallback_text(tree)
    return HtmlContent(
        text=text, title=title or _meta_title(tree), published=published,
        url=url or _meta_url(tree), warnings=warnings,
    )


def _strip_dtd(markup: str) -> tuple[str, bool]:
    """Drop the XML declaration, a DOCTYPE internal subset and ENTITY declarations.

    Only the prolog (the first ``_PROLOG_CHARS``) is searched: declarations are only
    meaningful there, and a bounded search keeps the regexes linear on hostile input.
    """
    head, rest = markup[:_PROLOG_CHARS], markup[_PROLOG_CHARS:]
    head = _XML_DECL.sub("", head, count=1)
    stripped = _ENTITY_DECL.sub("", _DOCTYPE_SUBSET.sub("", head))
    return stripped + rest, stripped != head


def _parse(markup: str) -> lxml_html.HtmlElement | None:
    parser = lxml_html.HTMLParser(
        huge_tree=False, no_network=True, remove_comments=True, remove_pis=True,
        collect_ids=False, default_doctype=False, recover=True,
    )
    try:
        return lxml_html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        # "Unicode strings with encoding declaration are not supported": hand lxml bytes
        try:
            return lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
        except (etree.ParserError, ValueError):
            return None


def _sanitise(tree: lxml_html.HtmlElement) -> None:
    """Remove executable/non-text elements (with their content) and event-handler attributes."""
    etree.strip_elements(tree, *_DROP_TAGS, with_tail=False)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for name in [a for a in el.attrib if a.lower().startswith("on")]:
            del el.attrib[name]


def _copy(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """trafilatura may edit the tree it is given; keep ours intact for the fallback and metadata."""
    return copy.deepcopy(tree)


def _join(paragraphs: list[str], *, lines_are_paragraphs: bool) -> str:
    """Normalise spaces and join paragraphs with a blank line.

    In trafilatura's output a newline is a paragraph break (its ``<lb/>``, or its
    baseline extractor joining paragraphs with "\n"); in raw page text a newline is
    only source wrapping, so there whitespace collapses to one space.
    """
    if lines_are_paragraphs:
        pieces = [line for p in paragraphs for line in p.splitlines()]
    else:
        pieces = [" ".join(p.split()) for p in paragraphs]
    paras = [_SPACES.sub(" ", p).strip() for p in pieces]
    # dict.fromkeys drops exact repeats, keeping order: trafilatura 2.0 appends the
    # "wild" paragraphs of a short page to what it already found, so they come twice
    return "\n\n".join(dict.fromkeys(p for p in paras if p))


def _element_text(el: etree._Element) -> str:
    """Text of an extracted element, with trafilatura's <lb/> kept as a newline."""
    parts: list[str] = []
    for node in el.iter():
        if node.tag == "lb":
            parts.append("\n")
        elif node is not el and node.tag == "cell":
            parts.append(" ")
        if node.text and node.tag != "lb":
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _body_text(body: etree._Element) -> str:
    """trafilatura's output tree -> paragraphs: one per <p>/<head>/<quote>, list item or table row."""
    paragraphs: list[str] = []
    for child in body:
        if child.tag == "list":
            paragraphs.extend(_element_text(item) for item in child.iter("item"))
        elif child.tag == "table":
            paragraphs.extend(_element_text(row) for row in child.iter("row"))
        else:
            paragraphs.append(_element_text(child))
    return _join(paragraphs, lines_are_paragraphs=True)


def _fallback_text(tree: lxml_html.HtmlElement) -> str:
    """Plain paragraph extraction for pages trafilatura rejects (often very short ones)."""
    body = tree.find("body")
    if body is None:
        return ""
    etree.strip_elements(body, *_FALLBACK_SKIP, with_tail=False)
    blocks = [el for el in body.iter(*_BLOCKS) if not any(True for _ in el.iterdescendants(*_BLOCKS))]
    if blocks:
        return _join([el.text_content() for el in blocks], lines_are_paragraphs=False)
    return _join(re.split(r"\n\s*\n", body.text_content()), lines_are_paragraphs=False)


def _meta_title(tree: lxml_html.HtmlElement) -> str | None:
    for value in tree.xpath("//meta[@property='og:title']/@content") + tree.xpath("//title/text()"):
        if value.strip():
            return " ".join(value.split())
    return None


def _meta_url(tree: lxml_html.HtmlElement) -> str | None:
    found = tree.xpath("//link[@rel='canonical']/@href") + tree.xpath("//meta[@property='og:url']/@content")
    for value in found:
        if value.strip():
            return value.strip()
    return None
