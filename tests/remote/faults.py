"""A misbehaving HTTP server on 127.0.0.1, for the fault-server tests.

Each path is one behaviour (``/silent``, ``/drip-body``, ``/reset``, …); the server
writes raw bytes on the socket, so it can break HTTP in ways no framework allows. It
records every request it receives (method, path, headers, body), so a test can
check that a refused query sent nothing, or that credentials travelled as HTTP
authentication. Every handler is bounded: nothing waits longer than ``HOLD`` seconds,
and :meth:`FaultServer.close` releases the waiting ones at once.
"""

from __future__ import annotations

import base64
import gzip
import json
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass, field

HOLD = 20.0  # the longest any handler keeps a connection open

RESULTS = {
    "head": {"vars": ["plan", "items"]},
    "results": {
        "bindings": [
            {
                "plan": {"type": "uri", "value": "urn:x:plan"},
                "items": {
                    "type": "literal",
                    "value": "322",
                    "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                },
            }
        ]
    },
}


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FaultServer:
    """The running server: ``url(path)`` for each behaviour, ``seen`` what came in."""

    port: int
    server: socketserver.ThreadingTCPServer
    released: threading.Event
    seen: list[Seen] = field(default_factory=list)
    secret_echo: str = ""

    def url(self, path: str, *, userinfo: str = "", query: str = "") -> str:
        at = f"{userinfo}@" if userinfo else ""
        return f"http://{at}127.0.0.1:{self.port}/{path}" + (f"?{query}" if query else "")

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path.split("?")[0] == f"/{path}"]

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def _read_request(sock: socket.socket, deadline: float) -> tuple[str, str, dict[str, str], bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(body) < length:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return method, target, headers, body


def _answer(status: str, body: bytes, *headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def make_handler(state: FaultServer):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            deadline = time.monotonic() + HOLD
            try:
                method, target, headers, body = _read_request(sock, deadline)
            except (OSError, ConnectionError):
                return
            state.seen.append(Seen(method, target, headers, body))
            path = target.split("?")[0].strip("/")
            try:
                behave(path, sock, headers)
            except OSError:
                pass  # the client went away: that is what a deadline does

    def behave(path: str, sock: socket.socket, headers: dict[str, str]) -> None:
        results = json.dumps(RESULTS).encode()
        if path == "silent":
            state.released.wait(HOLD)
        elif path == "drip-headers":  # a byte a second... a few times faster
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: yes\r\n" * 20:
                if state.released.wait(0.25):
                    return
                sock.sendall(bytes([byte]))
        elif path == "drip-body":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                + f"Content-Length: {len(results)}\r\n\r\n".encode()
            )
            for byte in results:
                if state.released.wait(0.25):
                    return
                sock.sendall(bytes([byte]))
        elif path == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        elif path == "disconnect":
            sock.shutdown(socket.SHUT_RDWR)
        elif path == "short-body":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            sock.sendall(head + f"Content-Length: {len(results)}\r\n\r\n".encode() + results[:40])
            sock.shutdown(socket.SHUT_RDWR)
        elif path == "broken-chunks":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n10\r\n"
                + results[:16]
                + b"\r\nZZ\r\nnot a chunk"
            )
            sock.shutdown(socket.SHUT_RDWR)
        elif path == "cut-chunks":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n400\r\n" + results[:30]
            )
            sock.shutdown(socket.SHUT_RDWR)
        elif path == "bad-status":
            sock.sendall(b"HTTP/1.1 2OO FINE\r\nContent-Length: 2\r\n\r\nok")
        elif path == "not-http":
            sock.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02 garbage garbage\r\n\r\n")
            sock.shutdown(socket.SHUT_RDWR)
        elif path == "garbage-json":
            cut = results[: len(results) // 2] + b'\x1b[2J"}}]]\xff\xfe{'
            sock.sendall(_answer("200 OK", cut, "Content-Type: application/sparql-results+json"))
        elif path == "html":
            page = b"<html><body>\x1b[31mLogin required\x1b[0m</body></html>"
            sock.sendall(_answer("200 OK", page, "Content-Type: text/html"))
        elif path == "gzip-garbage":
            sock.sendall(
                _answer(
                    "200 OK",
                    b"\x1f\x8b\x08\x00garbage-not-deflate",
                    "Content-Type: application/sparql-results+json",
                    "Content-Encoding: gzip",
                )
            )
        elif path == "gzip-ok":
            sock.sendall(
                _answer(
                    "200 OK",
                    gzip.compress(results),
                    "Content-Type: application/sparql-results+json",
                    "Content-Encoding: gzip",
                )
            )
        elif path == "wrong-vars":
            other = json.loads(results)
            other["head"]["vars"] = ["s", "p"]
            other["results"]["bindings"] = [
                {"s": {"type": "uri", "value": "urn:x:s"}, "p": {"type": "uri", "value": "urn:x:p"}}
            ]
            sock.sendall(
                _answer(
                    "200 OK",
                    json.dumps(other).encode(),
                    "Content-Type: application/sparql-results+json",
                )
            )
        elif path == "boolean":
            sock.sendall(
                _answer(
                    "200 OK",
                    b'{"head":{},"boolean":true}',
                    "Content-Type: application/sparql-results+json",
                )
            )
        elif path == "results":
            sock.sendall(
                _answer("200 OK", results, "Content-Type: application/sparql-results+json")
            )
        elif path in ("redirect", "redirect-307", "redirect-303"):
            code = {"redirect": "302 Found", "redirect-307": "307 Temporary Redirect"}.get(
                path, "303 See Other"
            )
            where = f"http://127.0.0.1:{state.port}/elsewhere?token=Redirect-T0ken-9"
            sock.sendall(_answer(code, b"", f"Location: {where}"))
        elif path == "unauthorized":
            sock.sendall(
                _answer(
                    "401 Unauthorized",
                    b"no entry",
                    'WWW-Authenticate: Basic realm="dutygraph"',
                )
            )
        elif path == "basic":  # 200 only with the right Basic credentials
            auth = headers.get("authorization", "")
            expected = "Basic " + base64.b64encode(b"alice:" + state.secret_echo.encode()).decode()
            if auth == expected:
                sock.sendall(
                    _answer("200 OK", results, "Content-Type: application/sparql-results+json")
                )
            else:
                sock.sendall(
                    _answer("401 Unauthorized", b"", 'WWW-Authenticate: Basic realm="dutygraph"')
                )
        elif path == "server-error":
            echo = f"\x1b]0;pwned\x07Internal error: password {state.secret_echo} rejected\r\n"
            sock.sendall(_answer("500 Internal Server Error", echo.encode() + b"second line"))
        elif path == "store":  # a Graph Store endpoint that takes everything
            sock.sendall(_answer("201 Created", b""))
        else:
            sock.sendall(_answer("404 Not Found", b"no such behaviour"))

    return Handler


def start() -> FaultServer:
    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    released = threading.Event()
    server = Server(("127.0.0.1", 0), socketserver.BaseRequestHandler)
    state = FaultServer(server.server_address[1], server, released)
    server.RequestHandlerClass = make_handler(state)
    threading.Thread(target=server.serve_forever, name="fault-server", daemon=True).start()
    return state
