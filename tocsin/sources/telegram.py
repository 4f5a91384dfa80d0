"""Telegram Desktop exports (``result.json``) -> ``Article`` per post or per thread.

Telegram Desktop's "Export chat history" writes one JSON file: either one chat
(``{"name", "type", "id", "messages": [...]}``) or a whole account
(``{"chats": {"list": [chat, ...]}}``). Each message has an ``id``, a ``type``
("message" or "service"), a ``date`` (local ISO time), ``text`` as a plain string
or as a list mixing strings and entity objects (``{"type": "link", "text": ...}``,
``{"type": "text_link", "text": ..., "href": ...}``, bold, mentions ...), and
optionally ``edited``, ``forwarded_from``, ``reply_to_message_id``.

Decisions:

* one post is one article; with ``threads=True`` a post and the replies to it
  (transitively) become one article, in date order, so a correction or follow-up
  posted as a reply is coded with its context;
* the link to a post is ``https://t.me/<username>/<id>`` when the channel's public
  username is known (argument, or an ``username`` key in the export), else the
  private form ``https://t.me/c/<chat id>/<id>``;
* an edited post's text is its final text (the export keeps no history); the edit
  time, forward origin and links found in the text go to ``Article.extra``;
* service messages (joins, pins, title changes) and posts without text are skipped.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tocsin.model import Article

MAX_EXPORT_BYTES = 500_000_000


@dataclass(slots=True)
class Post:
    id: int
    when: datetime | None
    text: str
    links: list[str]
    reply_to: int | None
    edited: str | None
    forwarded_from: str | None
    author: str | None


def message_text(value: Any) -> tuple[str, list[str]]:
    """``text`` as a string or a list of strings and entities -> (plain text, links)."""
    if isinstance(value, str):
        return value, []
    parts: list[str] = []
    links: list[str] = []
    if isinstance(value, list):
        for piece in value:
            if isinstance(piece, str):
                parts.append(piece)
            elif isinstance(piece, dict):
                text = piece.get("text") or ""
                parts.append(text if isinstance(text, str) else "")
                kind = piece.get("type")
                if kind == "text_link" and piece.get("href"):
                    links.append(str(piece["href"]))
                elif kind == "link" and text:
                    links.append(text)
    return "".join(parts), links


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _posts(chat: dict[str, Any], report: Callable[[str], None]) -> list[Post]:
    posts: list[Post] = []
    for n, msg in enumerate(chat.get("messages") or []):
        if not isinstance(msg, dict) or msg.get("type", "message") != "message":
            continue
        try:
            ident = int(msg["id"])
        except (KeyError, TypeError, ValueError):
            report(f"message #{n}: no numeric id; skipped")
            continue
        text, links = message_text(msg.get("text"))
        for entity in msg.get("text_entities") or []:
            if isinstance(entity, dict) and entity.get("type") == "text_link" and entity.get("href"):
                if entity["href"] not in links:
                    links.append(str(entity["href"]))
        reply = msg.get("reply_to_message_id")
        posts.append(Post(
            id=ident, when=_when(msg.get("date")), text=text.strip(), links=links,
            reply_to=int(reply) if isinstance(reply, (int, str)) and str(reply).isdigit() else None,
            edited=msg.get("edited") if isinstance(msg.get("edited"), str) else None,
            forwarded_from=msg.get("forwarded_from") if isinstance(msg.get("forwarded_from"), str) else None,
            author=msg.get("from") if isinstance(msg.get("from"), str) else None,
        ))
    return posts


def post_url(chat: dict[str, Any], post_id: int, username: str | None = None) -> str | None:
    name = (username or chat.get("username") or "").lstrip("@")
    if name:
        return f"https://t.me/{name}/{post_id}"
    chat_id = chat.get("id")
    if isinstance(chat_id, int) or (isinstance(chat_id, str) and chat_id.lstrip("-").isdigit()):
        raw = str(chat_id).lstrip("-")
        if raw.startswith("100") and len(raw) > 12:  # bot API form -100<id>
            raw = raw[3:]
        return f"https://t.me/c/{raw}/{post_id}"
    return None


def chat_articles(chat: dict[str, Any], *, username: str | None = None, threads: bool = True,
                  language: str | None = None, report: Callable[[str], None] = lambda _m: None,
                  origin: str = "result.json") -> Iterator[Article]:
    """Articles of one exported chat (channel, group)."""
    username = (username or "").lstrip("@") or None
    name = chat.get("name") or username or "telegram"
    posts = _posts(chat, report)
    by_id = {p.id: p for p in posts}

    def root_of(post: Post) -> int:
        seen = set()
        cur = post
        while threads and cur.reply_to is not None and cur.reply_to in by_id and cur.id not in seen:
            seen.add(cur.id)
            cur = by_id[cur.reply_to]
        return cur.id

    groups: dict[int, list[Post]] = {}
    for post in posts:
        groups.setdefault(root_of(post), []).append(post)
    for root_id, members in groups.items():
        members.sort(key=lambda p: (p.when or datetime.min, p.id))
        members = [p for p in members if p.text]
        if not members:
            continue
        root = by_id[root_id] if by_id[root_id].text else members[0]
        ordered = [root] + [p for p in members if p is not root]
        text = "\n\n".join(p.text for p in ordered)
        when = root.when
        extra: dict[str, Any] = {
            "channel": name, "post_ids": [p.id for p in ordered],
            "links": [link for p in ordered for link in p.links],
        }
        if when is not None:
            extra["published_at"] = when.isoformat()
        if root.edited:
            extra["edited"] = root.edited
        forwards = sorted({p.forwarded_from for p in ordered if p.forwarded_from})
        if forwards:
            extra["forwarded_from"] = forwards
        if root.reply_to is not None:
            extra["reply_to"] = root.reply_to  # a reply whose original is not in the export
        yield Article(
            id=f"tg:{(username or chat.get('username') or chat.get('id') or name)}:{root.id}",
            text=text, title=None, url=post_url(chat, root.id, username),
            published=when.date() if when else None, source=name, language=language,
            origin=f"{origin}#{root.id}", extra=extra,
        )


def read_telegram_export(path: str | Path, *, username: str | None = None, threads: bool = True,
                         language: str | None = None,
                         on_error: Callable[[str, str], None] | None = None) -> Iterator[Article]:
    """Every article of a Telegram Desktop ``result.json`` (one chat or a full export).

    ``on_error(origin, reason)`` hears about unreadable files and skipped messages.
    """
    origin = str(path)

    def report(reason: str) -> None:
        if on_error is not None:
            on_error(origin, reason)

    path = Path(path)
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            report(f"export too large (over {MAX_EXPORT_BYTES} bytes)")
            return
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        report(f"not a readable Telegram export ({type(exc).__name__}: {exc})")
        return
    yield from export_articles(data, username=username, threads=threads, language=language,
                               report=report, origin=origin)


def export_articles(data: Any, *, username: str | None = None, threads: bool = True,
                    language: str | None = None, report: Callable[[str], None] = lambda _m: None,
                    origin: str = "result.json") -> Iterator[Article]:
    if not isinstance(data, dict):
        report("not a Telegram export (top level is not an object)")
        return
    if isinstance(data.get("messages"), list):
        chats = [data]
    else:
        chats = [c for c in ((data.get("chats") or {}).get("list") or []) if isinstance(c, dict)]
        if not chats:
            report("not a Telegram export (no 'messages' and no 'chats.list')")
            return
    for chat in chats:
        yield from chat_articles(chat, username=username if len(chats) == 1 else None, threads=threads,
                                 language=language, report=report, origin=origin)


def looks_like_telegram(head: bytes) -> bool:
    sample = head[:4096]
    return sample.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and (
        b'"messages"' in sample or b'"chats"' in sample) and b'"type"' in sample


__all__ = ["message_text", "post_url", "chat_articles", "read_telegram_export", "export_articles",
           "looks_like_telegram"]
