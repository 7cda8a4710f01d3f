"""Load test of ``dutygraph serve`` on loopback (under 60 s in all).

Starts ``dutygraph serve --port 0`` on the bundled plan (127.0.0.1 only), then 16
concurrent keep-alive clients (one asyncio task each, raw HTTP/1.1) run:

* ``baseline`` (4 s): ``GET /api``, a tiny fixed answer: what the stack itself costs;
* ``named`` (30 s): every named query in turn, with its defaults, through the JSON
  API (``/api/queries/NAME/results``) — each client starts at a different query;
* ``unit-load`` (10 s): ``/api/queries/unit-load/results`` alone.

Each phase reports requests, errors (any status but 200, any broken connection),
requests per second, median and p99 latency, the client's CPU time
(``time.process_time``) and the server's (``/proc/PID/stat``; its whole-process
total, workers included, from ``RUSAGE_CHILDREN`` after it stops), and the ratio of
its rate to the baseline's. Exits 1 on any error or when ``unit-load`` sustains
fewer than 100 requests per second.

    python bench/bench_serve.py
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import dutygraph_command  # noqa: E402

CLIENTS = 16
PHASES = (("baseline", 4.0), ("named", 30.0), ("unit-load", 10.0))
NEEDED = 100.0  # requests per second unit-load must sustain


def start() -> tuple[subprocess.Popen, str, str]:
    process = subprocess.Popen(
        [*dutygraph_command(), "serve", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        match = re.search(r"serving http://(127\.0\.0\.1):(\d+)/", line)
        if match:
            return process, match.group(1), match.group(2)
    raise SystemExit(f"the server did not start (exit {process.wait()})")


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


async def client(host: str, port: int, paths: list[str], offset: int, until: float, out: dict):
    reader, writer = await asyncio.open_connection(host, port)
    n = offset
    try:
        while time.perf_counter() < until:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
                await reader.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionError, AttributeError, ValueError):
                out["errors"] += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            out["latencies"].append(time.perf_counter() - started)
            if status != 200:
                out["errors"] += 1
    finally:
        writer.close()


async def phase(host: str, port: int, paths: list[str], seconds: float) -> dict:
    out: dict = {"latencies": [], "errors": 0}
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(client(host, port, paths, i, until, out) for i in range(CLIENTS)))
    out["wall"] = time.perf_counter() - started
    return out


def main() -> int:
    process, host, port = start()
    failed = False
    try:
        base = f"http://{host}:{port}"
        from graph.store.library import library

        names = sorted(library())
        warm = time.perf_counter()
        for name in names:  # each answer once, so the phases measure serving it
            with urllib.request.urlopen(f"{base}/api/queries/{name}/results", timeout=60) as r:
                r.read()
        print(
            f"warm-up: {len(names)} named queries answered once in {time.perf_counter() - warm:.2f} s"
        )
        paths = {
            "baseline": ["/api"],
            "named": [f"/api/queries/{name}/results" for name in names],
            "unit-load": ["/api/queries/unit-load/results"],
        }
        rates: dict[str, float] = {}
        print(f"{CLIENTS} clients; latencies in ms; CPU in s")
        print(
            "phase       requests errors  req/s  median    p99  client-cpu  server-cpu  wall  ratio"
        )
        for name, seconds in PHASES:
            cpu0, server0 = time.process_time(), server_cpu(process.pid)
            result = asyncio.run(phase(host, int(port), paths[name], seconds))
            cpu, server = time.process_time() - cpu0, server_cpu(process.pid) - server0
            latencies = sorted(result["latencies"])
            count = len(latencies)
            rate = count / result["wall"]
            rates[name] = rate
            median = statistics.median(latencies) * 1000 if latencies else float("nan")
            p99 = latencies[min(count - 1, int(count * 0.99))] * 1000 if latencies else float("nan")
            ratio = rate / rates["baseline"]
            print(
                f"{name:<11} {count:>8} {result['errors']:>6} {rate:>6.0f} {median:>7.1f} {p99:>6.1f}"
                f" {cpu:>11.2f} {server:>11.2f} {result['wall']:>5.1f} {ratio:>6.2f}"
            )
            failed |= result["errors"] > 0
        if rates["unit-load"] < NEEDED:
            print(
                f"unit-load sustained {rates['unit-load']:.0f} requests/s, fewer than {NEEDED:.0f}"
            )
            failed = True
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    total = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"server process total CPU (RUSAGE_CHILDREN): {total.ru_utime + total.ru_stime:.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
