"""Fetch feeds and pages over HTTP, politely and without reaching inside the network.

* **Address policy**: a URL's host is resolved before connecting and refused when
  any address is private, loopback, link-local, multicast, reserved or
  unspecified (cloud metadata at 169.254.169.254 included), unless the caller
  allows it (``allow_private`` for RFC 1918 and friends, ``allow_loopback`` for
  127.0.0.0/8 and ::1). Redirects are followed by hand, at most ``MAX_REDIRECTS``,
  and every hop is checked the same way. Only http and https.
* **Conditional requests**: ``If-None-Match`` / ``If-Modified-Since`` from the
  previous response's ``ETag`` / ``Last-Modified``; a 304 comes back as
  ``not_modified`` with no body.
* **Bounded**: the body is streamed and cut at ``max_bytes``; one timeout per request.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 20_000_000
USER_AGENT = "tocsin/0.1 (+news event coder; polite polling)"


class FetchError(Exception):
    """A fetch failed: refused address, network error, HTTP error status, too large."""


class BlockedAddress(FetchError):
    """The URL resolves to an address the policy refuses."""


@dataclass(slots=True)
class FetchResult:
    url: str  # final URL after redirects
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class AddressPolicy:
    allow_private: bool = False
    allow_loopback: bool = False

    def check_ip(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
        """None when allowed, else why not."""
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip.is_loopback:
            return None if self.allow_loopback or self.allow_private else "loopback address"
        if ip.is_unspecified or ip.is_multicast or ip.is_link_local or ip.is_reserved:
            return "reserved or link-local address"
        if ip.is_private or not ip.is_global:
            return None if self.allow_private else "private address"
        return None

    def check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise BlockedAddress(f"{url}: only http and https URLs are fetched")
        host = parts.hostname
        if not host:
            raise BlockedAddress(f"{url}: no host")
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError(f"{url}: cannot resolve {host} ({exc.strerror})") from None
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%")[0])
            why = self.check_ip(ip)
            if why is not None:
                raise BlockedAddress(f"{url}: {host} resolves to a {why} ({ip}); "
                                     "set allow_private/allow_loopback in the config to fetch it")


class Fetcher:
    """One HTTP client with the policy above; reuse it across polls (keeps connections)."""

    def __init__(self, policy: AddressPolicy | None = None, *, timeout: float = 20.0,
                 max_bytes: int = DEFAULT_MAX_BYTES, user_agent: str = USER_AGENT) -> None:
        self.policy = policy or AddressPolicy()
        self.max_bytes = max_bytes
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                   headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            self.policy.check_url(url)
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    if response.is_redirect and response.headers.get("location"):
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code == 304:
                        return FetchResult(url, 304, b"", etag=response.headers.get("etag") or etag,
                                           last_modified=response.headers.get("last-modified") or last_modified)
                    if response.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {response.status_code}")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchError(f"{url}: response larger than {self.max_bytes} bytes")
                        chunks.append(chunk)
                    return FetchResult(url, response.status_code, b"".join(chunks),
                                       etag=response.headers.get("etag"),
                                       last_modified=response.headers.get("last-modified"),
                                       content_type=response.headers.get("content-type"))
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


__all__ = ["AddressPolicy", "BlockedAddress", "FetchError", "FetchResult", "Fetcher"]
