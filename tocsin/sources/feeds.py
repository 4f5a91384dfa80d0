"""RSS and Atom feeds -> ``Article`` per entry.

feedparser reads every feed dialect and tolerates broken ones, but whether an XML
parser expands entities must not depend on its defaults or on the expat build, so
the bytes go through ``defusedxml`` first:

* any ``<!ENTITY>`` declaration (the "billion laughs" bomb, external entities)
  rejects the whole feed with a ``FeedError`` before feedparser sees it; a news
  feed has no use for them;
* a feed that is not well-formed XML is still handed to feedparser (its lenient
  parser expands no declared entities), since broken feeds are common;
* the feed is size-capped (``MAX_FEED_BYTES``) before any parsing.

Entry text is the longest of ``content`` and ``summary``, converted from HTML to
plain paragraphs (separated by a blank line); script and style never leak in.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import defusedxml
import defusedxml.ElementTree as DET
import feedparser
from lxml import etree
from lxml import html as lxml_html

from tocsin.model import Article

MAX_FEED_BYTES = 20_000_000
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "dd", "dt")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_TAGGISH = re.compile(r"<[a-zA-Z/!]")


class FeedError(ValueError):
    """The feed was refused whole (too large, entity declarations, unreadable)."""


@dataclass(slots=True)
class FeedInfo:
    """What a parsed feed says about itself, besides its entries."""

    title: str | None = None
    link: str | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def check_xml_safe(data: bytes) -> None:
    """Raise ``FeedError`` if the document declares entities or external resources.

    Well-formedness problems are not this function's business (feedparser copes).
    """
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"feed too large ({len(data)} bytes > {MAX_FEED_BYTES})")
    try:
        DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as exc:
        raise FeedError(f"XML entity declarations are not allowed in feeds ({type(exc).__name__})") from None
    except DET.ParseError:
        # malformed: make sure no declaration hides in a document expat gave up on
        if re.search(rb"<!ENTITY", data[:1_000_000], re.IGNORECASE):
            raise FeedError("XML entity declarations are not allowed in feeds") from None


def html_to_text(fragment: str) -> str:
    """An HTML fragment (feed summary/content) -> plain paragraphs joined by a blank line."""
    if not fragment:
        return ""
    if not _TAGGISH.search(fragment):
        return "\n\n".join(p for p in (_SPACES.sub(" ", " ".join(x.split())).strip()
                                       for x in re.split(r"\n\s*\n", fragment)) if p)
    parser = lxml_html.HTMLParser(huge_tree=False, no_network=True, remove_comments=True, remove_pis=True,
                                  recover=True)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_DROP, with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n\n" + (br.tail or "")
    parts: list[str] = []
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
        el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    parts = [_SPACES.sub(" ", " ".join(p.split())).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(dict.fromkeys(p for p in parts if p))


def _entry_date(entry: Any) -> tuple[date | None, str | None]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            moment = datetime(*value[:6], tzinfo=timezone.utc)
            return moment.date(), moment.isoformat()
    return None, None


def _entry_text(entry: Any) -> str:
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len) if candidates else ""
    return html_to_text(best)


def parse_feed(data: bytes, *, url: str | None = None, source: str | None = None,
               language: str | None = None) -> tuple[FeedInfo, list[Article]]:
    """Parse feed bytes into (feed info, articles); raises ``FeedError`` when refused.

    Article ids are the entry's id (guid), else its link, else a hash of its text;
    ``source`` defaults to the feed title, ``language`` to the feed's declared one.
    """
    check_xml_safe(data)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True,
                              response_headers={"content-location": url} if url else None)
    feed = parsed.get("feed", {})
    info = FeedInfo(title=feed.get("title"), link=feed.get("link"),
                    language=(feed.get("language") or "").split("-")[0].lower() or None)
    if parsed.get("bozo") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not a feed ({type(reason).__name__ if reason else 'unreadable'})")
    if parsed.get("bozo"):
        info.warnings.append(f"malformed feed read leniently ({type(parsed.get('bozo_exception')).__name__})")
    articles: list[Article] = []
    for n, entry in enumerate(parsed.get("entries", []), 1):
        text = _entry_text(entry)
        title = " ".join((entry.get("title") or "").split()) or None
        if not text and title:
            text = title
        if not text:
            info.warnings.append(f"entry {n}: no text")
            continue
        published, stamp = _entry_date(entry)
        link = entry.get("link")
        ident = entry.get("id") or link or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        extra: dict[str, Any] = {"feed_url": url} if url else {}
        if stamp:
            extra["published_at"] = stamp
        if entry.get("author"):
            extra["author"] = entry.get("author")
        articles.append(Article(
            id=str(ident), text=text, title=title, url=link, published=published,
            source=source or info.title, language=language or info.language,
            origin=f"{url or 'feed'}#{n}", extra=extra,
        ))
    return info, articles


def looks_like_feed(head: bytes) -> bool:
    """Sniff the first bytes: an RSS, RDF or Atom root element."""
    sample = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return sample.startswith(b"<?xml") and (b"<rss" in sample or b"<feed" in sample or b"<rdf:rdf" in sample) \
        or sample.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


__all__ = ["FeedError", "FeedInfo", "check_xml_safe", "html_to_text", "parse_feed", "looks_like_feed"]
