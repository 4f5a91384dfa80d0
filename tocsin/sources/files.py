"""Read articles from files, directories and stdin: the input edge of tocsin.

One bad input must never stop a batch of thousands, so nothing here raises for
bad data: every problem becomes one ``ReadError`` passed to ``on_error`` (one line,
naming the file and line) and reading goes on with the next record or file. The
caller decides the exit status from a ``ReadStats`` it passes in (or by counting
in its own callback).

Decisions, and why:

* JSONL is streamed line by line with ``readline(limit)``, so memory stays bounded
  by the longest accepted record (``max_bytes``) whatever the file size; a longer
  line is skipped in chunks without ever being held whole.
* Non-UTF-8 input: it is decoded as cp1252 (with a warning) only when it is
  *clearly* legacy 8-bit text: it contains no valid UTF-8 multi-byte sequence at
  all and every byte is defined in cp1252. Any valid UTF-8 sequence means the
  file is UTF-8 with corruption, where a cp1252 decode would turn every correct
  accented letter into mojibake and shift names the coder must match; such input
  is reported (with the byte offset of the first bad byte) and skipped.
* HTML tags inside ``.txt`` files and JSONL ``text`` are literal text, never
  parsed: event spans are character offsets into the text as given (gold files
  depend on it), and output is JSON, so nothing is ever rendered as markup here.
  Use ``.html`` files to have a page's main text extracted.
* ``.txt`` text is the file with newlines normalised to "\\n" and outer
  whitespace stripped; JSONL ``text`` is kept verbatim (its offsets are gold).
* A ``.txt`` file carries no publication date, and without one "on Sunday" or "the
  day before" cannot be dated. When ``published`` gives none, a date in the file
  name ("story-2020-08-16.txt") is used (``tocsin code`` says how many articles
  stayed undated).
* Warnings (``level="warning"``: a cp1252 fallback, a duplicate id, ignored HTML
  entity declarations) still yield the article.
"""
from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from tocsin.model import Article
from tocsin.sources.html import extract_html

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = JSONL_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES
_SNIFF_BYTES = 8192
_SKIP_CHUNK = 1 << 20
_VALID_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# control bytes that never occur in text (tab, newline, form feed, CR and ESC do)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


@dataclass(slots=True)
class ReadError:
    """One problem with the input: where, and why, in one line."""

    origin: str  # "path/file.jsonl:3", "path/file.txt", "<stdin>:2"
    reason: str  # "invalid JSON (Expecting ',' delimiter at column 17)"
    level: str = "error"  # "error": skipped; "warning": the article was still read

    def __str__(self) -> str:
        return f"{self.level}: {self.origin}: {self.reason}"


@dataclass(slots=True)
class ReadStats:
    """Counts for the caller's exit status (e.g. fail when errors and no articles)."""

    articles: int = 0
    errors: int = 0
    warnings: int = 0

    def counting(self, on_error: Callable[[ReadError], None]) -> Callable[[ReadError], None]:
        """Wrap an error callback so each report is also counted by its level."""

        def count(error: ReadError) -> None:
            if error.level == "warning":
                self.warnings += 1
            else:
                self.errors += 1
            on_error(error)

        return count

    def reporter(self, on_error: Callable[[ReadError], None]) -> Callable[..., None]:
        """``report(origin, reason, level="error")`` for readers: builds, counts, passes on."""
        count = self.counting(on_error)

        def report(origin: str, reason: str, level: str = "error") -> None:
            count(ReadError(origin, reason, level))

        return report


def print_error(error: ReadError) -> None:
    """Default ``on_error``: one line on stderr."""
    print(error, file=sys.stderr)


def read_articles(
    inputs: Iterable[str],
    *,
    published: date | None = None,
    on_error: Callable[[ReadError], None] = print_error,
    max_bytes: int = 50_000_000,
    stats: ReadStats | None = None,
) -> Iterator[Article]:
    """Yield an ``Article`` per readable record of ``inputs`` (paths, directories, "-").

    ``published`` fills ``Article.published`` where the input gives no date;
    ``max_bytes`` caps one record (a JSONL line, a whole .txt/.html file, stdin text).
    """
    stats = stats if stats is not None else ReadStats()
    report = stats.reporter(on_error)
    reader = _Reader(published, report, max_bytes)
    for name in inputs:
        for article in reader.read_input(str(name)):
            stats.articles += 1
            yield article


Report = Callable[..., None]


class _Reader:
    """The per-call state: the fallback date, where to report, the size cap."""

    def __init__(self, published: date | None, report: Report, max_bytes: int) -> None:
        self.published = published
        self.report = report
        self.max_bytes = max_bytes

    # -- dispatch -------------------------------------------------------------
    def read_input(self, name: str) -> Iterator[Article]:
        if name == "-":
            yield from self.read_stdin()
            return
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                self.report(name, "no .txt, .html or .jsonl files in directory")
            for file in files:
                yield from self.read_file(file, str(file))
            return
        yield from self.read_file(path, name)

    def read_file(self, path: Path, origin: str) -> Iterator[Article]:
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            if not path.exists():
                self.report(origin, "no such file")
            else:
                self.report(origin, f"unsupported file type {suffix or '(none)'!r} "
                                    f"(expected {', '.join(SUFFIXES)})")
            return
        try:
            with path.open("rb") as stream:
                if suffix in JSONL_SUFFIXES:
                    yield from self.read_jsonl(stream, origin)
                else:
                    article = self.read_whole(stream, origin, path.stem, html=suffix in HTML_SUFFIXES)
                    if article is not None:
                        yield article
        except FileNotFoundError:
            self.report(origin, "no such file")
        except IsADirectoryError:
            self.report(origin, "is a directory")
        except OSError as exc:
            self.report(origin, f"cannot read ({exc.strerror or exc})")

    def read_stdin(self) -> Iterator[Article]:
        """JSONL when the first non-blank character is "{", else one text article "stdin"."""
        stream: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
        if stream is None:
            self.report("<stdin>", "no standard input")
            return
        head = bytearray()
        while True:
            byte = stream.read(1)
            head += byte
            if not byte or not byte.isspace():
                break
        joined = io.BufferedReader(_Prefixed(bytes(head), stream))
        if head[-1:] == b"{":
            yield from self.read_jsonl(joined, "<stdin>")
        else:
            article = self.read_whole(joined, "<stdin>", "stdin", html=False)
            if article is not None:
                yield article

    # -- one article per file -------------------------------------------------
    def read_whole(self, stream: IO[bytes], origin: str, stem: str, *, html: bool) -> Article | None:
        data = _read_capped(stream, self.max_bytes)
        if data is None:
            self.report(origin, f"file too large (over {self.max_bytes} bytes)")
            return None
        if not data:
            self.report(origin, "empty input" if origin == "<stdin>" else "empty file")
            return None
        text = self.decode(data, origin, sniff=True)
        if text is None:
            return None
        title = url = None
        published = None
        if html:
            try:
                page = extract_html(text)
            except ValueError as exc:
                self.report(origin, str(exc))
                return None
            for warning in page.warnings:
                self.report(origin, warning, "warning")
            text, title, url, published = page.text, page.title, page.url, page.published
        else:
            text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text.strip():
            self.report(origin, "no main text found in HTML" if html else "empty text")
            return None
        published = published or self.published or (None if html else date_in_name(stem))
        return Article(id=stem, text=text, title=title, url=url, published=published, origin=origin)

    # -- JSON Lines -----------------------------------------------------------
    def read_jsonl(self, stream: IO[bytes], origin: str) -> Iterator[Article]:
        first = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(stream, "peek") else b""
        if first[:2] in (b"\xff\xfe", b"\xfe\xff"):
            self.report(origin, "UTF-16 text; JSON Lines must be UTF-8")
            return
        if _looks_binary(first):
            self.report(origin, "binary file, not text")
            return
        seen: dict[str, int] = {}
        records = 0
        offset = 0
        for lineno, line in enumerate(_lines(stream, self.max_bytes), start=1):
            where = f"{origin}:{lineno}"
            start, offset = offset, offset + (line if isinstance(line, int) else len(line))
            if isinstance(line, int):
                records += 1
                self.report(where, f"record too large ({line} bytes > {self.max_bytes})")
                continue
            if not line.strip():
                continue
            records += 1
            article = self.parse_record(line, where, start)
            if article is None:
                continue
            if article.id in seen:
                self.report(where, f"duplicate id {article.id!r} (first on line {seen[article.id]})", "warning")
            else:
                seen[article.id] = lineno
            yield article
        if records == 0:
            self.report(origin, "empty file")

    def parse_record(self, line: bytes, where: str, offset: int) -> Article | None:
        text = self.decode(line, where, sniff=False, offset=offset)
        if text is None:
            return None
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            self.report(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            return None
        except RecursionError:
            self.report(where, "invalid JSON (nested too deeply)")
            return None
        if not isinstance(data, dict):
            self.report(where, f"record is a JSON {type(data).__name__}, not an object")
            return None
        if isinstance(data.get("id"), (dict, list, bool)) or data.get("id") == "":
            self.report(where, "record 'id' must be a non-empty string or number")
            return None
        wrong = next((k for k in ("title", "url", "source", "language")
                      if data.get(k) is not None and not isinstance(data[k], str)), None)
        if wrong:
            self.report(where, f"record '{wrong}' must be a string or null")
            return None
        try:
            article = Article.from_dict(data, origin=where)
        except ValueError as exc:
            self.report(where, str(exc))
            return None
        if not article.text.strip():
            self.report(where, "empty text")
            return None
        if article.published is None:
            article.published = self.published
        return article

    # -- bytes -> str ---------------------------------------------------------
    def decode(self, data: bytes, origin: str, *, sniff: bool, offset: int = 0) -> str | None:
        """UTF-8 (BOM allowed), or cp1252 for clearly legacy text; None after reporting."""
        if sniff and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                self.report(origin, "invalid UTF-16 text")
                return None
        if (sniff and _looks_binary(data[:_SNIFF_BYTES])) or b"\x00" in data:
            self.report(origin, "binary file, not text" if sniff else "NUL bytes in record, not text")
            return None
        if data.startswith(codecs.BOM_UTF8):
            data, offset = data[3:], offset + 3
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            where = f"invalid UTF-8 byte 0x{data[exc.start]:02x} at byte offset {offset + exc.start}"
        if _VALID_UTF8_MULTIBYTE.search(data) is None:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                self.report(origin, f"not UTF-8 ({where}); decoded as cp1252", "warning")
                return text
        self.report(origin, f"not UTF-8 ({where}); skipped")
        return None


_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in_name(stem: str) -> date | None:
    """The last valid ISO date in a file name ("belarus-2020-08-16" -> 2020-08-16), else None."""
    for match in reversed(list(_NAME_DATE.finditer(stem))):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes, or more than 10% control bytes that text never has."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    return len(sample) - len(sample.translate(None, _CONTROL)) > len(sample) * 0.10


def _read_capped(stream: IO[bytes], limit: int) -> bytes | None:
    """The whole stream, or None once it passes ``limit`` bytes.

    Read in chunks: ``read(limit + 1)`` would allocate the whole cap up front for
    every small file.
    """
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(_SKIP_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    return b"".join(chunks)


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | int]:
    """Lines of at most ``limit`` bytes; a longer line is skipped and yields its length."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):  # content (without "\n") <= limit
            yield line
            continue
        size = len(line)
        del line
        while True:
            chunk = stream.readline(_SKIP_CHUNK)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield size


class _Prefixed(io.RawIOBase):
    """A byte stream that replays the bytes already read while sniffing stdin."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        read1 = getattr(self._rest, "read1", self._rest.read)
        data = read1(len(view))
        view[: len(data)] = data
        return len(data)


__all__ = ["ReadError", "ReadStats", "read_articles", "print_error", "SUFFIXES"]
