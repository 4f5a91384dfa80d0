"""Alert delivery: signed webhooks to a local receiver, retries with backoff, never blocking; JSONL."""
from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tocsin.alerts.delivery import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    JsonlSink,
    WebhookSink,
    sign,
    verify_signature,
)

SECRET = "s3cret"


class Receiver:
    """http.server on 127.0.0.1 that checks the HMAC signature; ``plan`` gives each request's status."""

    def __init__(self, plan: list[int] | None = None, delay: float = 0.0) -> None:
        self.plan = list(plan or [])
        self.delay = delay
        self.received: list[dict] = []
        self.bad_signatures = 0
        self.attempts = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.attempts += 1
                if outer.delay:
                    time.sleep(outer.delay)
                status = outer.plan.pop(0) if outer.plan else 200
                if not verify_signature(SECRET, self.headers[TIMESTAMP_HEADER], body, self.headers[SIGNATURE_HEADER]):
                    outer.bad_signatures += 1
                    status = 401
                elif status == 200:
                    outer.received.append(json.loads(body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


ALERT = {"id": "al-1", "rule": "protest-surge", "unit": "BLR", "score": 3.1, "summary": "PROTEST: 3 of 7"}


def test_signature_roundtrip():
    body = b'{"a":1}'
    sig = sign(SECRET, "1700000000", body)
    assert sig.startswith("sha256=") and len(sig) == 7 + 64
    assert verify_signature(SECRET, "1700000000", body, sig, now=1700000010)
    assert not verify_signature(SECRET, "1700000000", body + b" ", sig, now=1700000010)
    assert not verify_signature("other", "1700000000", body, sig, now=1700000010)
    assert not verify_signature(SECRET, "1700000000", body, sig, now=1700009999)  # too old: a replay


def test_webhook_delivers_signed_json():
    results = []
    with Receiver() as rx:
        sink = WebhookSink(rx.url, SECRET, on_result=results.append)
        sink.deliver(ALERT)
        assert sink.close(10)
    assert rx.received == [ALERT] and rx.bad_signatures == 0
    assert results[0].ok and results[0].attempts == 1 and results[0].status == 200


def test_wrong_secret_is_refused_and_not_retried():
    with Receiver() as rx:
        sink = WebhookSink(rx.url, "wrong", sleep=lambda s: None)
        sink.deliver(ALERT)
        sink.close(10)
    assert rx.bad_signatures == 1 and rx.received == []
    assert not sink.results[0].ok and sink.results[0].error == "HTTP 401" and sink.results[0].attempts == 1


def test_failing_receiver_is_retried_with_exponential_backoff():
    waits = []
    with Receiver(plan=[500, 503, 200]) as rx:
        sink = WebhookSink(rx.url, SECRET, backoff=0.5, jitter=False, sleep=waits.append)
        sink.deliver(ALERT)
        assert sink.close(10)
    assert rx.attempts == 3 and rx.received == [ALERT]
    assert waits == [0.5, 1.0]
    assert sink.results[0].ok and sink.results[0].attempts == 3


def test_dead_receiver_is_reported_after_retries(capsys):
    from tocsin.alerts.delivery import stderr_reporter

    with Receiver() as rx:
        url = rx.url
    # the server is gone: every attempt fails to connect
    reported = []

    def report(r):
        reported.append(r)
        stderr_reporter(r)

    sink = WebhookSink(url, SECRET, retries=3, backoff=0.01, max_backoff=0.02, jitter=False, on_result=report)
    sink.deliver(ALERT)
    assert sink.close(10)
    assert len(reported) == 1 and not reported[0].ok and reported[0].attempts == 4
    assert sink.delays == [0.01, 0.02, 0.02]  # doubling, capped
    assert "not delivered" in capsys.readouterr().err


def test_slow_receiver_never_blocks_the_caller():
    with Receiver(delay=1.0) as rx:
        sink = WebhookSink(rx.url, SECRET, timeout=0.2, retries=1, backoff=0.01, jitter=False, queue_size=2)
        t0 = time.perf_counter()
        accepted = [sink.deliver({**ALERT, "id": f"al-{i}"}) for i in range(5)]
        elapsed = time.perf_counter() - t0
        assert elapsed < 0.1  # deliver() only enqueues
        assert accepted.count(False) >= 1  # the bounded queue drops and reports instead of blocking
        sink.close(5)
    fails = [r for r in sink.results if not r.ok]
    assert any("queue full" in (r.error or "") for r in fails)
    assert any("timed out" in (r.error or "").lower() or "Timeout" in (r.error or "") for r in fails)


def test_jsonl_sink(tmp_path):
    buf = io.StringIO()
    JsonlSink(buf).deliver(ALERT)
    assert json.loads(buf.getvalue()) == ALERT
    path = tmp_path / "alerts.jsonl"
    sink = JsonlSink(str(path))
    sink.deliver(ALERT)
    sink.deliver(ALERT)
    sink.close()
    assert len(path.read_text().splitlines()) == 2


@pytest.mark.parametrize("status", [408, 429])
def test_retryable_client_errors(status):
    with Receiver(plan=[status, 200]) as rx:
        sink = WebhookSink(rx.url, SECRET, sleep=lambda s: None)
        sink.deliver(ALERT)
        sink.close(10)
    assert rx.attempts == 2 and sink.results[0].ok
