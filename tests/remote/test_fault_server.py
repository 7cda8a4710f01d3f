"""``query --endpoint`` and ``push`` against a misbehaving server on 127.0.0.1.

Slow, silent, resetting, redirecting, 401/500 and garbage-body servers (see
:mod:`tests.remote.faults`): every run ends within ``--timeout`` + 1 s, with exit 1
and one line on stderr (never a traceback), and no password, token or key given in
the address, the options or a netrc file is ever printed. Before the HTTP client of
:mod:`graph.store.http`, a server sending a byte at a time held a request for as
long as it liked, a redirected ``push`` reported success with nothing stored, and
connection faults ended in tracebacks that printed the address with its password.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from graph.errors import DataError, OptionError
from graph.store.http import check_endpoint, redact
from graph.store.library import parse_query_file
from graph.store.sparql import select
from tests.remote.conftest import PASSWORD, PASSWORD_ENV, SECRETS, secret_url

TIMEOUT = 1.5
BOUND = TIMEOUT + 1.0  # the promise: never past --timeout + 1 s
QUERY = "SELECT ?plan ?items WHERE { ?plan <urn:x:items> ?items }"
AUTH = ("--user", "alice", "--password-env", PASSWORD_ENV)
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")

# path: (what the one line says, after the address)
QUERY_FAULTS = {
    "silent": f"did not answer within {TIMEOUT:g} s",
    "drip-headers": f"did not answer within {TIMEOUT:g} s",
    "drip-body": f"did not answer within {TIMEOUT:g} s",
    "reset": "failed: [Errno 104] Connection reset by peer",
    "disconnect": "broke off or garbled its answer: Server disconnected without sending a response.",
    "short-body": "broke off or garbled its answer: peer closed connection without sending "
    "complete message body (received 40 bytes, expected 216)",
    "broken-chunks": "broke off or garbled its answer: illegal chunk header",
    "cut-chunks": "broke off or garbled its answer: peer closed connection without sending "
    "complete message body (incomplete chunked read)",
    "bad-status": "broke off or garbled its answer: illegal status line",
    "not-http": "broke off or garbled its answer: illegal status line",
    "garbage-json": "sent an answer to query <stdin> that is not SPARQL results "
    "(application/sparql-results+json)",
    "html": "sent an answer to query <stdin> that is not SPARQL results (text/html)",
    "gzip-garbage": "sent a body that cannot be decoded",
    "wrong-vars": "answered query <stdin> with the variables s, p, not plan, items",
    "boolean": "answered query <stdin> with a boolean, not a table",
    "redirect": "answered 302 Found, a redirect to",
    "redirect-303": "answered 303 See Other, a redirect to",
    "redirect-307": "answered 307 Temporary Redirect, a redirect to",
    "unauthorized": "answered 401 Unauthorized: the credentials were refused",
    "server-error": "answered 500: ]0;pwned Internal error: password *** rejected",
    "nowhere": "answered 404: no such behaviour",
}
PUSH_FAULTS = {
    path: QUERY_FAULTS[path]
    for path in (
        "silent",
        "drip-headers",
        "drip-body",
        "reset",
        "disconnect",
        "bad-status",
        "redirect",
        "redirect-303",
        "redirect-307",
        "unauthorized",
        "server-error",
    )
}


def assert_clean_failure(result, server, path: str, says: str) -> str:
    """Exit 1, one line naming the (redacted) address and what happened, in time,
    nothing secret and no control character printed."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("dutygraph: error: ")
    assert f"127.0.0.1:{server.port}/{path}?token=***&api_key=***&lang=zh" in line
    assert says in line
    assert_nothing_secret(result)
    assert result.seconds < BOUND, f"{path} held the command {result.seconds:.2f} s"
    return line


def assert_nothing_secret(result) -> None:
    for secret in SECRETS:
        assert secret not in result.output
    assert not CONTROL.search(result.output), repr(result.output)


@pytest.mark.parametrize("path", sorted(QUERY_FAULTS))
def test_query_fault_is_one_line_in_time(run, server, path):
    url = secret_url(server, path)
    result = run("query", "-", "--endpoint", url, "--timeout", str(TIMEOUT), *AUTH, input=QUERY)
    assert_clean_failure(result, server, path, QUERY_FAULTS[path])


@pytest.mark.parametrize("path", sorted(PUSH_FAULTS))
def test_push_fault_is_one_line_in_time(run, server, path):
    url = secret_url(server, path)
    result = run("push", "--endpoint", url, "--timeout", str(TIMEOUT), *AUTH)
    line = assert_clean_failure(result, server, path, PUSH_FAULTS[path])
    if path.startswith("redirect"):
        assert "redirects are not followed" in line
        assert server.requests_to("elsewhere") == []  # nothing went where it pointed


def test_redirected_push_is_not_success(run, server):
    """Finding 5: a POST upload answered with 302 was "pushed" with nothing stored."""
    result = run("push", "--endpoint", server.url("redirect"), "--timeout", str(TIMEOUT))
    assert result.exit_code == 1
    assert "pushed" not in result.stderr
    assert "answered 302 Found" in result.stderr
    assert server.requests_to("elsewhere") == []


def test_query_answers_through_the_same_client(run, server):
    """The good paths, with the same options: plain, gzip-encoded and behind Basic auth
    (credentials sent only when the server asks, as HTTP authentication)."""
    for path in ("results", "gzip-ok"):
        result = run("query", "-", "--endpoint", server.url(path), "--format", "csv", input=QUERY)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == ["plan,items", "urn:x:plan,322"]
    before = len(server.requests_to("basic"))
    result = run(
        "query", "-", "--endpoint", secret_url(server, "basic"), "--format", "csv", *AUTH,
        input=QUERY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["plan,items", "urn:x:plan,322"]
    first, second = server.requests_to("basic")[before:]
    assert "authorization" not in first.headers
    assert second.headers["authorization"].startswith("Basic ")
    assert PASSWORD not in second.path  # in the header only, never in the address
    assert_nothing_secret(result)


def test_credentials_from_a_netrc_file(run, server, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login alice password {PASSWORD}\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = run("query", "-", "--endpoint", server.url("basic"), "--format", "csv", input=QUERY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "urn:x:plan,322"
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    refused = run("query", "-", "--endpoint", server.url("basic"), input=QUERY)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"dutygraph: error: {server.url('basic')} answered 401 Unauthorized: it needs "
        "credentials (a user name and password); give --user and --password-env, or a netrc entry"
    ]


def test_push_sends_each_graph_with_its_credentials(run, server):
    before = len(server.requests_to("store"))
    result = run("push", "--endpoint", secret_url(server, "store"), "--replace", *AUTH)
    assert result.exit_code == 0, result.output
    shown = f"http://***@127.0.0.1:{server.port}/store?token=***&api_key=***&lang=zh"
    assert result.stderr.splitlines() == [
        f"pushed 3 triples to {shown} in 3 graphs: the default graph, urn:x:graph:a, urn:x:graph:b"
    ]
    sent = server.requests_to("store")[before:]
    assert [(s.method, s.path.split("&lang=zh&")[-1]) for s in sent] == [
        ("PUT", "default"),
        ("PUT", "graph=urn%3Ax%3Agraph%3Aa"),
        ("PUT", "graph=urn%3Ax%3Agraph%3Ab"),
    ]
    assert [s.body for s in sent] == [
        b'<urn:x:s> <urn:x:p> "default" .\n',
        '<urn:x:s> <urn:x:p> "一" .\n'.encode(),
        '<urn:x:s> <urn:x:p> "二" .\n'.encode(),
    ]
    assert {s.headers["content-type"] for s in sent} == {"application/n-triples"}
    assert_nothing_secret(result)


def test_push_into_one_graph_posts_everything(run, server):
    before = len(server.requests_to("store"))
    result = run("push", "--endpoint", server.url("store"), "--graph", "urn:x:all")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"pushed 3 triples to {server.url('store')} graph urn:x:all\n"
    (sent,) = server.requests_to("store")[before:]
    assert (sent.method, sent.path) == ("POST", "/store?graph=urn%3Ax%3Aall")
    assert sorted(sent.body.decode().splitlines()) == [
        '<urn:x:s> <urn:x:p> "default" .',
        '<urn:x:s> <urn:x:p> "一" .',
        '<urn:x:s> <urn:x:p> "二" .',
    ]


def test_whole_push_shares_one_deadline(run, server):
    """Three graphs to a server that drips its answers: the whole push, not each
    upload, ends at the deadline."""
    result = run("push", "--endpoint", server.url("drip-body"), "--timeout", str(TIMEOUT))
    assert result.exit_code == 1
    assert result.seconds < BOUND


@pytest.mark.parametrize(
    ("endpoint", "says"),
    [
        ("", "--endpoint is empty; give the URL of a SPARQL endpoint"),
        ("   ", "--endpoint is empty; give the URL of a SPARQL endpoint"),
        (
            "data:text/plain,hello",
            "the endpoint must be an http:// or https:// address, not 'data:'",
        ),
        ("file:///etc/passwd", "the endpoint must be an http:// or https:// address, not 'file:'"),
        ("ftp://127.0.0.1/x", "the endpoint must be an http:// or https:// address, not 'ftp:'"),
        ("127.0.0.1:7878/query", "the endpoint must be an http:// or https:// address"),
        ("http:///query", "the endpoint address 'http:///query' names no host"),
        ("http://127.0.0.1:99999/query", "is not a valid URL"),
        ("http://127.0.0.1/a b", "holds spaces or control characters"),
    ],
)
def test_unusable_endpoints_are_usage_errors(run, endpoint, says):
    for args in (("query", "-"), ("push",)):
        result = run(*args, "--endpoint", endpoint, input=QUERY)
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith("dutygraph: error: ") and says in line


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--timeout", "0"), "--timeout must be a positive number of seconds, not 0"),
        (("--timeout", "-3"), "--timeout must be a positive number of seconds, not -3"),
        (("--timeout", "nan"), "--timeout must be a positive number of seconds, not nan"),
        (("--password-env", PASSWORD_ENV), "--password-env needs --user"),
        (("--user", "alice"), "--user alice needs --password-env VAR"),
        (("--user", "a", "--password-env", "DUTYGRAPH_UNSET_VAR"), "that variable is not set"),
    ],
)
def test_bad_remote_options_are_usage_errors(run, server, args, says, monkeypatch):
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    before = len(server.seen)
    result = run("query", "-", "--endpoint", server.url("results"), *args, input=QUERY)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert says in line
    assert len(server.seen) == before  # refused before anything was sent


def test_credential_options_need_an_endpoint(run):
    result = run("query", "plan-metadata", "--user", "alice", "--password-env", PASSWORD_ENV)
    assert result.exit_code == 2
    assert "--user and --password-env need --endpoint" in result.stderr


def test_the_process_itself_ends_in_time(server):
    """A real process (not the in-process runner): the abandoned request thread does
    not keep the interpreter alive. Measured against the same command on a server
    that answers at once, so start-up time is not counted."""
    args = [sys.executable, "-m", "graph", "query", "-", "--timeout", str(TIMEOUT)]

    def timed(path: str) -> tuple[float, subprocess.CompletedProcess]:
        start = time.perf_counter()
        done = subprocess.run(
            [*args, "--endpoint", server.url(path)],
            input=QUERY,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return time.perf_counter() - start, done

    quick, answered = timed("results")
    assert answered.returncode == 0, answered.stderr
    slow, failed = timed("drip-body")
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert slow < quick + BOUND, (slow, quick)


# -- the library, without the command line ----------------------------------------------


def test_select_raises_one_line_errors(server):
    query = parse_query_file(QUERY, "probe")
    with pytest.raises(DataError, match=r"did not answer within 1\.5 s$"):
        select(query, endpoint=server.url("silent"), timeout=TIMEOUT)
    with pytest.raises(DataError, match="with the variables s, p, not plan, items"):
        select(query, endpoint=server.url("wrong-vars"))
    with pytest.raises(OptionError, match="the endpoint address is empty"):
        select(query, endpoint="")
    result = select(query, endpoint=server.url("results"))
    assert result.records() == [{"plan": "urn:x:plan", "items": 322}]


def test_columns_come_in_select_order_whatever_the_server_sends(server):
    """The same variables in another order are the same answer (reordered)."""
    query = parse_query_file("SELECT ?items ?plan WHERE { ?plan <urn:x:items> ?items }", "swap")
    assert select(query, endpoint=server.url("results")).records() == [
        {"items": 322, "plan": "urn:x:plan"}
    ]
    assert select(query, endpoint=server.url("results")).columns == ["items", "plan"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://u:p4ss@h:1/q?token=abc&x=1", "http://***@h:1/q?token=***&x=1"),
        (
            "https://h/q?access_token=a&apikey=b&API-KEY=c",
            "https://h/q?access_token=***&apikey=***&API-KEY=***",
        ),
        (
            "http://h/q?password=x&passwd=y&pwd=z&secret=s",
            "http://h/q?password=***&passwd=***&pwd=***&secret=***",
        ),
        (
            "http://h/q?sig=x&auth=y&session=z&graph=urn:x",
            "http://h/q?sig=***&auth=***&session=***&graph=urn:x",
        ),
        ("http://user@h/q?default", "http://***@h/q?default"),
        ("http://h/sparql?query=SELECT", "http://h/sparql?query=SELECT"),
    ],
)
def test_redact(url, shown):
    assert redact(url) == shown


def test_checked_endpoint_keeps_credentials_out_of_the_address():
    checked = check_endpoint("http://bob:p%40ss@127.0.0.1:8890/sparql?token=tk")
    assert checked.url == "http://127.0.0.1:8890/sparql?token=tk"
    assert checked.shown == "http://***@127.0.0.1:8890/sparql?token=***"
    assert checked.credentials is not None and checked.credentials.user == "bob"
    assert checked.credentials.password == "p@ss"
    assert "p@ss" not in repr(checked.credentials)
    assert {"p@ss", "tk"} <= set(checked.secrets)
