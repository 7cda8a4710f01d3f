"""What every response of the app carries and every request must respect.

* A Content-Security-Policy on every response: the app's pages load scripts, styles
  and images from the app itself only and may fetch only from it; a view page keeps
  the policy it was written with (its inline scripts allowed by hash).
* Request size limits: a query string (and path) longer than :data:`MAX_URL` is a
  414, a body longer than :data:`MAX_BODY` a 413, whether or not the client said
  its length up front.
* Only the app's own assets are ever served (:class:`Assets`): a fixed list of
  files read when the app starts, looked up by name, never by joining a path.

Pure ASGI, so a refused request costs no routing and no body is read twice.
"""

from __future__ import annotations

import ipaddress
import mimetypes
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

MAX_URL = 8 * 1024  # bytes of path + query string
MAX_BODY = 256 * 1024  # bytes of request body (a SPARQL query or a form)

APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """The warning to print when the server would answer other machines."""
    if is_loopback(host):
        return None
    return (
        f"warning: listening on {host}: other machines can reach this server; it has no "
        "login and serves all of its data to anyone who can connect"
    )


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", APP_CSP.encode()),
                *((k.encode(), v.encode()) for k, v in HEADERS.items()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class Guard:
    """Size limits on the way in, security headers on the way out."""

    def __init__(self, app: ASGIApp, *, max_url: int = MAX_URL, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_url = max_url
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
        if len(raw_path) + len(scope.get("query_string", b"")) > self.max_url:
            await _plain(send, 414, f"request URL longer than {self.max_url} bytes; POST the query")
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _plain(send, 400, "bad Content-Length")
                return
            if declared > self.max_body:
                await _plain(send, 413, f"request body longer than {self.max_body} bytes")
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names
                ]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", APP_CSP.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _TooLarge:
            if not started:
                await _plain(send, 413, f"request body longer than {self.max_body} bytes")


class Assets:
    """The app's static files: every file under ``folder``, listed once at start-up
    and served by exact name only, so no request can reach another file."""

    def __init__(self, folder: Path) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                name = path.relative_to(folder).as_posix()
                media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                if media.startswith("text/") or media in ("application/javascript",):
                    media += "; charset=utf-8"
                if path.name == "LICENSE":
                    media = "text/plain; charset=utf-8"
                self.files[name] = (path.read_bytes(), media)

    def get(self, name: str) -> tuple[bytes, str] | None:
        return self.files.get(name)
