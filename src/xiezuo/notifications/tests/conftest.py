"""Fixtures of the notification tests: offices in two counties and a city, their
coordinators and organisation users, a local SMTP sink and a local robot server."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.exchange.models import Posting


@pytest.fixture
def offices(refdata, make_user):
    yantai_hospital = OrganisationFactory(name="烟台山医院", region=region("370602"))
    wushan_hospital = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    ward = OrganisationFactory(name="巫山县中医院心内科", region=region("500237"), parent=wushan_hospital)
    kaizhou_hospital = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    users = {
        "wushan": make_user("wushan", region="500237"),
        "yantai": make_user("yantai", region="370600"),
        "kaizhou": make_user("kaizhou", region="500154"),
        "chongqing": make_user("chongqing", region="500000"),
        "hospital": make_user("hospital", organisation=wushan_hospital),
        "ward": make_user("ward", organisation=ward),
    }
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()
    return {"yantai_hospital": yantai_hospital, "wushan_hospital": wushan_hospital, "cardiology": ward, "kaizhou_hospital": kaizhou_hospital, **users}


def free_port() -> int:
    """A random free port (aiosmtpd's controller checks its port by connecting to it, so
    it cannot be given port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An SMTP server on 127.0.0.1 (a random port) that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()


DINGTALK_CLOCK_SKEW_MS = 60 * 60 * 1000  # DingTalk refuses a timestamp an hour off


def dingtalk_checks(secret: str, timestamp: str, sign: str) -> bool:
    """DingTalk's own check of a signed robot URL, written from its documentation (not with
    the product's signing code): `timestamp` in milliseconds, close to now, and `sign` =
    base64(HMAC-SHA256(key=secret, message=f"{timestamp}\\n{secret}"))."""
    if abs(int(time.time() * 1000) - int(timestamp)) > DINGTALK_CLOCK_SKEW_MS:
        return False
    expected = base64.b64encode(hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, sign)


class Robot:
    """A local group-robot server: records each post; answers with the queued replies
    (status, JSON) in turn, then 200 {"errcode": 0}. DingTalk posts are checked for a valid
    signature with `secret` (a bad one is answered errcode 310000, as DingTalk does)."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.replies: list[tuple[int, dict]] = []
        self.secret = ""
        self.server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        assert self.server is not None
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}{path}"

    def handler(self):
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's name
                parsed = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(parsed.query))
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode())
                signed = None
                if robot.secret and "sign" in query:
                    signed = dingtalk_checks(robot.secret, query["timestamp"], query["sign"])
                robot.posts.append({"path": parsed.path, "query": query, "body": body, "signed": signed})
                status, answer = robot.replies.pop(0) if robot.replies else (200, {"errcode": 0, "errmsg": "ok"})
                if signed is False:
                    status, answer = 200, {"errcode": 310000, "errmsg": "sign not match"}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def robot():
    robot = Robot()
    robot.server = ThreadingHTTPServer(("127.0.0.1", 0), robot.handler())
    thread = threading.Thread(target=robot.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield robot
    finally:
        robot.server.shutdown()
        robot.server.server_close()


@pytest.fixture
def posting(offices):
    """施宏志 of 烟台山医院 (east) planned at 巫山县中医院 (west)."""
    person = PersonFactory(name="施宏志", organisation=offices["yantai_hospital"])
    return Posting.objects.create(person=person, host=offices["wushan_hospital"], kind="medical",
                                  direction="east_west", planned_start=datetime.date(2026, 12, 10),
                                  planned_end=datetime.date(2027, 12, 9))


@pytest.fixture
def fast_retries(settings):
    settings.XIEZUO_NOTIFY_BACKOFF_SECONDS = [0, 0]
    return settings
