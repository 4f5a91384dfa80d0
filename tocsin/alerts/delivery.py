"""Delivering alerts: JSON Lines (stdout or a file) and signed webhooks that never block the caller.

``WebhookSink.deliver`` only puts the alert on a bounded queue; a daemon thread
POSTs it as JSON with a timeout, retries connection errors, timeouts, 408/429 and
5xx with exponential backoff (``backoff * 2**attempt``, capped, with jitter), and
reports every final outcome to ``on_result`` (the CLI records it in
``alert_deliveries`` and prints failures on stderr). A full queue drops the alert
and reports it: ingestion and polling are never held up by a slow receiver.

Each request carries::

    Content-Type: application/json
    X-Tocsin-Delivery: <uuid>              (the same for every retry of one alert)
    X-Tocsin-Timestamp: <unix seconds>
    X-Tocsin-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>

A receiver recomputes the HMAC over the timestamp, a dot and the raw body
(``verify_signature``) and rejects old timestamps to stop replays.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import queue
import random
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

SIGNATURE_HEADER = "X-Tocsin-Signature"
TIMESTAMP_HEADER = "X-Tocsin-Timestamp"
DELIVERY_HEADER = "X-Tocsin-Delivery"


def sign(secret: str | bytes, timestamp: str, body: bytes) -> str:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    mac = hmac.new(key, timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str | bytes, timestamp: str, body: bytes, header: str, *,
                     tolerance_s: float | None = 300.0, now: float | None = None) -> bool:
    """True when ``header`` signs ``timestamp.body`` with ``secret`` and the timestamp is recent."""
    if not header or not timestamp:
        return False
    if tolerance_s is not None:
        try:
            if abs((now if now is not None else time.time()) - float(timestamp)) > tolerance_s:
                return False
        except ValueError:
            return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def alert_json(alert: dict[str, Any]) -> str:
    return json.dumps(alert, ensure_ascii=False, separators=(",", ":"), default=str)


class JsonlSink:
    """One alert per line on a stream (stdout by default) or appended to a file."""

    name = "jsonl"

    def __init__(self, target: str | IO[str] | None = None) -> None:
        self._own = isinstance(target, str) and target != "-"
        self.stream: IO[str] = open(target, "a", encoding="utf-8") if self._own else (  # noqa: SIM115
            target if target not in (None, "-") else sys.stdout)  # type: ignore[assignment]
        self.name = f"jsonl:{target}" if isinstance(target, str) else "jsonl:stdout"
        self._lock = threading.Lock()

    def deliver(self, alert: dict[str, Any]) -> None:
        with self._lock:
            self.stream.write(alert_json(alert) + "\n")
            self.stream.flush()

    def close(self, timeout: float | None = None) -> None:
        if self._own:
            self.stream.close()


@dataclass
class DeliveryResult:
    alert_id: str
    sink: str
    ok: bool
    attempts: int
    error: str | None = None
    status: int | None = None


class WebhookSink:
    """POST alerts as signed JSON from a background thread, with retries and exponential backoff."""

    def __init__(self, url: str, secret: str | bytes | None = None, *, timeout: float = 5.0, retries: int = 4,
                 backoff: float = 0.5, max_backoff: float = 30.0, jitter: bool = True, queue_size: int = 1000,
                 on_result: Callable[[DeliveryResult], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.url, self.secret = url, secret
        self.timeout, self.retries, self.backoff, self.max_backoff = timeout, retries, backoff, max_backoff
        self.jitter = jitter
        self.name = f"webhook:{url}"
        self.on_result = on_result
        self.results: list[DeliveryResult] = []
        self.delays: list[float] = []  # every backoff waited, for reports and tests
        self._sleep = sleep
        self._q: queue.Queue[dict[str, Any] | None] = queue.Queue(maxsize=queue_size)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._worker, name="tocsin-webhook", daemon=True)
        self._thread.start()

    # -- caller side: never blocks ------------------------------------------------------------
    def deliver(self, alert: dict[str, Any]) -> bool:
        try:
            self._q.put_nowait(alert)
            return True
        except queue.Full:
            self._report(DeliveryResult(alert.get("id", "?"), self.name, False, 0, "queue full: alert dropped"))
            return False

    def close(self, timeout: float | None = 10.0) -> bool:
        """Wait up to ``timeout`` s for queued alerts to be delivered, then stop; True if all were."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._q.unfinished_tasks and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.01)
        done = not self._q.unfinished_tasks
        self._stop.set()
        try:
            self._q.put_nowait(None)
        except queue.Full:
            pass
        return done

    # -- worker side ------------------------------------------------------------------------
    def _report(self, result: DeliveryResult) -> None:
        self.results.append(result)
        if self.on_result is not None:
            try:
                self.on_result(result)
            except Exception as exc:  # noqa: BLE001 - a reporting failure must not kill the worker
                print(f"warning: alert delivery report failed: {exc}", file=sys.stderr)

    def _worker(self) -> None:
        while True:
            alert = self._q.get()
            try:
                if alert is None:
                    return
                self._report(self._send(alert))
            except Exception as exc:  # noqa: BLE001 - the worker survives anything
                self._report(DeliveryResult(str(alert.get("id") if alert else "?"), self.name, False, 0, repr(exc)))
            finally:
                self._q.task_done()

    def _send(self, alert: dict[str, Any]) -> DeliveryResult:
        body = alert_json(alert).encode("utf-8")
        delivery = str(uuid.uuid4())
        error, status = None, None
        attempts = 0
        for attempt in range(self.retries + 1):
            if self._stop.is_set() and attempt:
                break
            attempts = attempt + 1
            ts = str(int(time.time()))
            headers = {"Content-Type": "application/json", "User-Agent": "tocsin-alerts/1",
                       DELIVERY_HEADER: delivery, TIMESTAMP_HEADER: ts}
            if self.secret:
                headers[SIGNATURE_HEADER] = sign(self.secret, ts, body)
            req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - URL from config
                    status = resp.status
                if 200 <= status < 300:
                    return DeliveryResult(alert["id"], self.name, True, attempts, None, status)
                error = f"HTTP {status}"
            except urllib.error.HTTPError as exc:
                status, error = exc.code, f"HTTP {exc.code}"
                if exc.code < 500 and exc.code not in (408, 429):
                    break  # the receiver refuses this alert: retrying will not help
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            if attempt < self.retries:
                delay = min(self.max_backoff, self.backoff * 2 ** attempt)
                if self.jitter:
                    delay *= random.uniform(0.5, 1.0)
                self.delays.append(delay)
                self._sleep(delay)
        return DeliveryResult(alert["id"], self.name, False, attempts, error, status)


def stderr_reporter(result: DeliveryResult) -> None:
    """Print failed deliveries on stderr, one line each."""
    if not result.ok:
        print(f"error: alert {result.alert_id} not delivered to {result.sink} after {result.attempts} "
              f"attempt(s): {result.error}", file=sys.stderr)
