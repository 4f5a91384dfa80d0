"""Telegram Desktop exports: posts and reply threads become articles linking to the post."""
from __future__ import annotations

import json
from pathlib import Path

from tocsin.sources.telegram import export_articles, message_text, post_url, read_telegram_export

EXPORT = Path(__file__).parent / "fixtures" / "sources" / "telegram_result.json"


def test_thread_forward_edit_links():
    articles = list(read_telegram_export(EXPORT, username="@zarechye_today"))
    assert [a.id for a in articles] == ["tg:zarechye_today:2", "tg:zarechye_today:4", "tg:zarechye_today:6"]
    thread, forwarded, linked = articles
    # the reply (post 3, edited) joins its original (post 2), in date order
    assert thread.extra["post_ids"] == [2, 3]
    assert thread.text.startswith("В воскресенье тысячи протестующих вышли на улицы Минска.")
    assert thread.text.endswith("Полиция задержала десятки участников акции.")
    assert thread.url == "https://t.me/zarechye_today/2"
    assert thread.published.isoformat() == "2020-08-16"
    assert thread.extra["published_at"] == "2020-08-16T14:05:00"
    assert thread.extra["links"] == ["https://zarechye.example.org/minsk-16"]
    assert thread.source == "Заречье сегодня"
    assert forwarded.extra["forwarded_from"] == ["Голос завода"]
    assert linked.extra["links"] == ["https://zarechye.example.org/eu"]
    assert linked.text == "Евросоюз пригрозил Белоруссии новыми санкциями."


def test_one_article_per_post_without_threads_and_private_links():
    articles = list(read_telegram_export(EXPORT, threads=False))
    assert len(articles) == 4  # service message and the photo without text are skipped
    assert articles[1].url == "https://t.me/c/1987654321/3"
    assert articles[1].extra["edited"] == "2020-08-16T15:40:00"


def test_full_account_export_and_bad_input(tmp_path):
    chat = json.loads(EXPORT.read_text(encoding="utf-8"))
    full = {"about": "export", "chats": {"about": "", "list": [chat, {"name": "Empty", "type": "personal_chat",
                                                                      "id": 5, "messages": []}]}}
    assert len(list(export_articles(full))) == 3
    problems = []
    assert list(export_articles([1, 2], report=problems.append)) == []
    bad = tmp_path / "result.json"
    bad.write_text("{not json", encoding="utf-8")
    assert list(read_telegram_export(bad, on_error=lambda o, r: problems.append(r))) == []
    assert len(problems) == 2


def test_text_entities_and_urls():
    text, links = message_text(["a ", {"type": "text_link", "text": "b", "href": "https://x.example/"},
                                {"type": "mention", "text": "@c"}, 7])
    assert text == "a b@c" and links == ["https://x.example/"]
    assert post_url({"id": -1001234567890}, 9) == "https://t.me/c/1234567890/9"
    assert post_url({"id": 1, "username": "chan"}, 9) == "https://t.me/chan/9"
