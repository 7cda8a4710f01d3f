"""HTTP for SPARQL endpoints: one request with one deadline, and nothing secret shown.

Why not ``urllib`` (what this replaced): it follows a redirect by re-sending a PUT or
POST as a body-less GET, so an upload "succeeded" on a 302 with nothing stored; its
timeout bounds each socket operation, so a server sending a byte a second holds a
request for ever; and its failures (reset, short or broken chunked bodies, a bad
status line) surface as a dozen exception types, some with tracebacks.

Here the request is made with httpx (a well-kept client) and:

* **one deadline for the whole exchange** (connecting, sending, every round of
  authentication, reading the whole body). httpx's own timeouts bound each phase and
  each read, so a slow drip of bytes never trips them; the request therefore runs in
  a worker thread that the caller waits for, at most until the deadline. At the
  deadline the caller raises, and shuts the connection's socket down (captured through
  httpcore's trace hook when it is opened), so the worker's blocked read returns and
  the thread ends instead of lingering. Name resolution, which no socket timeout
  covers, is bounded the same way;
* **redirects are refused**, never followed: a redirected upload would lose its body,
  and a redirected request could carry credentials to another host. The message
  names where the server points, so the user can give that address instead;
* **only 2xx is success**; every other status and every connection fault is a
  :class:`HttpError` with one line of text;
* **credentials are never shown**: user-info in an endpoint and query parameters that
  look like credentials (``token``, ``api_key``, ``password``, …) are redacted in
  every message, and any password or token is also scrubbed from text a server sends
  back. Credentials travel as HTTP authentication (Basic or Digest, whichever the
  server's challenge asks for), only after the server asks for them;
* **only http and https** endpoints: ``file:`` and ``data:`` URLs would read local
  files or nothing at all where a server was meant.
"""

from __future__ import annotations

import math
import netrc
import os
import re
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx

from graph.errors import DataError, OptionError

DEFAULT_TIMEOUT = 60.0
ERROR_BODY_LIMIT = 64 * 1024  # of an error answer, only the first line is shown
_CREDENTIAL_PARAM = re.compile(
    r"token|key|pass|pwd|secret|auth|sig|session|credential|jwt|bearer", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+")


class HttpError(DataError):
    """A request that did not end in a 2xx answer: a connection fault, a timeout,
    a redirect or an error status (``status`` is 0 when no answer came)."""

    def __init__(self, message: str, *, status: int = 0):
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP authentication; the password is never
    part of ``repr``, so it cannot leak through a log or an assertion message."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Endpoint:
    """A checked endpoint address: ``url`` is what is requested (user-info removed),
    ``shown`` what messages print (credentials redacted), ``secrets`` the strings
    that must never appear in a message."""

    url: str
    shown: str
    credentials: Credentials | None
    secrets: tuple[str, ...]


def redact(url: str) -> str:
    """``url`` with its user-info and credential-looking query values replaced by
    ``***``: what a message may print of an address the user gave."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<an unreadable address>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rpartition("@")[2]
    query = "&".join(_redact_pair(pair) for pair in parts.query.split("&") if parts.query)
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _redact_pair(pair: str) -> str:
    name, sep, value = pair.partition("=")
    if sep and value and _CREDENTIAL_PARAM.search(urllib.parse.unquote_plus(name)):
        return f"{name}=***"
    return pair


def _url_secrets(parts: urllib.parse.SplitResult) -> list[str]:
    found = []
    if parts.password:
        found += [parts.password, urllib.parse.unquote(parts.password)]
    for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=False):
        if _CREDENTIAL_PARAM.search(name):
            found += [value, urllib.parse.quote(value, safe="")]
    return found


def check_endpoint(url: str, credentials: Credentials | None = None) -> Endpoint:
    """Check that ``url`` is an http(s) address with a host, and split off its
    user-info (which becomes the credentials unless others are given)."""
    if not url or not url.strip():
        raise OptionError("the endpoint address is empty")
    if _CONTROL.search(url) or " " in url:
        raise OptionError(
            f"the endpoint address {redact(url)!r} holds spaces or control characters"
        )
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise OptionError(f"the endpoint address {redact(url)!r} is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else redact(url)
        raise OptionError(f"the endpoint must be an http:// or https:// address, not {shown!r}")
    if not parts.hostname:
        raise OptionError(f"the endpoint address {redact(url)!r} names no host")
    from_url = None
    if parts.username is not None:
        from_url = Credentials(
            urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
        )
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{port}" if port is not None else "")
    bare = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    chosen = credentials or from_url
    secrets = _url_secrets(parts) + ([chosen.password] if chosen and chosen.password else [])
    return Endpoint(bare, redact(url), chosen, tuple(sorted(set(secrets), key=len, reverse=True)))


def netrc_credentials(url: str, path: str | None = None) -> Credentials | None:
    """The login and password a netrc file holds for the endpoint's host (``path``,
    else ``$NETRC``, else ``~/.netrc``); None when there is no file or no entry."""
    host = urllib.parse.urlsplit(url).hostname or ""
    file = path or os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(file):
        return None
    try:
        entry = netrc.netrc(file).authenticators(host)
    except (netrc.NetrcParseError, OSError) as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        raise OptionError(f"cannot read the netrc file {file}{where}") from None
    if not entry:
        return None
    login, _account, password = entry
    return Credentials(login or "", password or "")


def one_line(text: str, secrets: Sequence[str] = (), limit: int = 200) -> str:
    """``text`` as one printable line: secrets scrubbed, control characters (terminal
    escapes included) and runs of white space folded to one space, cut to ``limit``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes


class _ChallengeAuth(httpx.Auth):
    """Send credentials only when the server asks, in the scheme it asks for:
    Digest when the challenge says Digest (Virtuoso's authenticated endpoints),
    else Basic."""

    requires_request_body = True

    def __init__(self, credentials: Credentials):
        self._basic = httpx.BasicAuth(credentials.user, credentials.password)
        self._digest = httpx.DigestAuth(credentials.user, credentials.password)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "")
        if challenge.lower().lstrip().startswith("digest"):
            flow = self._digest.auth_flow(request)
            next(flow)  # the request without credentials: sent already, above
            try:
                retried = flow.send(response)  # with the answer to the challenge
            except StopIteration:  # pragma: no cover - a challenge it cannot answer
                return
            yield retried
            flow.close()
            return
        yield next(self._basic.auth_flow(request))


class _Exchange:
    """One request, run by a worker thread; the caller waits for it until the
    deadline and may abort it (shut its socket down) from its own thread."""

    def __init__(self) -> None:
        self.reply: Reply | None = None
        self.error: BaseException | None = None
        self.cancelled = threading.Event()
        self._sockets: list[Any] = []
        self._lock = threading.Lock()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                if self.cancelled.is_set():
                    self.abort()

    def abort(self) -> None:
        self.cancelled.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def run(self, method: str, url: str, options: dict[str, Any], timeout: float) -> None:
        try:
            self.reply = self._run(method, url, options, timeout)
        except BaseException as error:  # handed to the waiting caller
            self.error = error

    def _run(self, method: str, url: str, options: dict[str, Any], timeout: float) -> Reply:
        auth = options.pop("auth", None)
        # No TLS for http://, so no certificates to load (a tenth of a second each time).
        verify = _tls_context() if url.lower().startswith("https:") else False
        with httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=False, auth=auth, verify=verify
        ) as client:
            with client.stream(
                method, url, extensions={"trace": self.trace}, **options
            ) as response:
                limit = None if response.is_success else ERROR_BODY_LIMIT
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    if self.cancelled.is_set():
                        raise _Cancelled()
                    chunks.append(chunk)
                    size += len(chunk)
                    if limit is not None and size >= limit:
                        break
                body = b"".join(chunks)
                if not response.is_success:
                    raise _Failed(
                        response.status_code,
                        response.reason_phrase,
                        response.headers.get("location", ""),
                        body,
                    )
                return Reply(response.status_code, response.headers.get("content-type", ""), body)


@cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verification (certifi, or ``SSL_CERT_FILE``), made once."""
    return httpx.create_ssl_context()


class _Cancelled(Exception):
    pass


class _Failed(Exception):
    """An answer that is not 2xx, carried out of the worker thread."""

    def __init__(self, status: int, reason: str, location: str, body: bytes):
        self.status = status
        self.reason = reason
        self.location = location
        self.body = body


def request(
    method: str,
    endpoint: Endpoint,
    *,
    params: Sequence[tuple[str, str | None]] = (),
    form: Sequence[tuple[str, str]] | None = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
) -> Reply:
    """Send one request and return the 2xx answer, or raise :class:`HttpError`.

    ``timeout`` (seconds, default 60) bounds the whole exchange; ``deadline`` (a
    ``time.monotonic()`` instant) does the same for several requests that share one
    budget, such as an upload of many graphs.
    """
    seconds = DEFAULT_TIMEOUT if timeout is None else timeout
    if not seconds > 0 or not math.isfinite(seconds):
        raise OptionError(f"a timeout must be a positive number of seconds, not {seconds!r}")
    end = time.monotonic() + seconds if deadline is None else deadline
    remaining = end - time.monotonic()
    if remaining <= 0:
        raise HttpError(f"{endpoint.shown} did not answer within {seconds:g} s")
    url = endpoint.url
    if params:  # a None value is a bare name: the Graph Store Protocol's ``?default``
        url += ("&" if "?" in url else "?") + "&".join(
            urllib.parse.quote(name) if value is None else urllib.parse.urlencode([(name, value)])
            for name, value in params
        )
    options: dict[str, Any] = {"headers": dict(headers or {})}
    if form is not None:
        options["content"] = urllib.parse.urlencode(list(form)).encode("utf-8")
        options["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    elif content is not None:
        options["content"] = content
    if endpoint.credentials is not None:
        options["auth"] = _ChallengeAuth(endpoint.credentials)
    exchange = _Exchange()
    worker = threading.Thread(
        target=exchange.run,
        args=(method, url, options, remaining),
        name="dutygraph-http",
        daemon=True,
    )
    worker.start()
    worker.join(max(0.0, end - time.monotonic()))
    if worker.is_alive():
        exchange.abort()
        raise HttpError(f"{endpoint.shown} did not answer within {seconds:g} s")
    if exchange.error is not None:
        raise _explain(exchange.error, endpoint, seconds) from None
    assert exchange.reply is not None
    return exchange.reply


def _explain(error: BaseException, endpoint: Endpoint, seconds: float) -> BaseException:
    """One line for what went wrong; anything that is not a network or protocol fault
    (a bug) is handed back unchanged."""
    shown, secrets = endpoint.shown, endpoint.secrets
    if isinstance(error, _Failed):
        if 300 <= error.status < 400:
            where = redact(error.location) if error.location else "nowhere"
            return HttpError(
                f"{shown} answered {error.status} {one_line(error.reason, secrets)}, a redirect "
                f"to {one_line(where, secrets)}; redirects are not followed (a redirected upload "
                "loses its data): use the address it points to",
                status=error.status,
            )
        first = next(
            (line for line in error.body.decode("utf-8", "replace").splitlines() if line.strip()),
            "",
        )
        detail = one_line(first, secrets) or one_line(error.reason, secrets)
        if error.status == 401:
            what = (
                "the credentials were refused"
                if endpoint.credentials is not None
                else "it needs credentials (a user name and password)"
            )
            return HttpError(f"{shown} answered 401 Unauthorized: {what}", status=401)
        return HttpError(f"{shown} answered {error.status}: {detail}", status=error.status)
    if isinstance(error, (httpx.TimeoutException, _Cancelled)):
        return HttpError(f"{shown} did not answer within {seconds:g} s")
    if isinstance(error, httpx.ConnectError):
        return HttpError(f"cannot reach {shown}: {_reason(error, secrets)}")
    if isinstance(error, httpx.RemoteProtocolError):
        return HttpError(f"{shown} broke off or garbled its answer: {_reason(error, secrets)}")
    if isinstance(error, httpx.DecodingError):
        return HttpError(f"{shown} sent a body that cannot be decoded: {_reason(error, secrets)}")
    if isinstance(error, (httpx.TransportError, httpx.StreamError)):
        return HttpError(f"the connection to {shown} failed: {_reason(error, secrets)}")
    if isinstance(error, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return OptionError(
            f"the endpoint address {shown!r} cannot be used: {_reason(error, secrets)}"
        )
    if isinstance(error, (OSError, UnicodeError)):
        return HttpError(f"the connection to {shown} failed: {_reason(error, secrets)}")
    return error


def _reason(error: BaseException, secrets: Sequence[str]) -> str:
    """The innermost cause's text (httpx wraps httpcore wraps the socket error)."""
    text = str(error)
    cause = error.__cause__ or error.__context__
    while not text and cause is not None:
        text, cause = str(cause), cause.__cause__ or cause.__context__
    return one_line(text or type(error).__name__, secrets)
