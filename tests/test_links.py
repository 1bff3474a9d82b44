"""``sources --check-links`` against a local HTTP server on 127.0.0.1 (nothing else is reached),
and the ``archive:`` field with its opt-in rule ``no-archive``."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from factcheck.net.links import check_links, user_agent
from tests.cli_runner import run
from tests.factory import BASE_SOURCES, write_ledger

PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


class Server:
    """What the handler saw: request lines, user agents, and the most requests at once on /busy."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.agents: set[str] = set()
        self.lock = threading.Lock()
        self.busy = 0
        self.most_busy = 0
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def handler_for(state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def answer(self, code: int, location: str | None = None) -> None:
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(b"ok")

        def route(self) -> None:
            with state.lock:
                state.seen.append((self.command, self.path))
                state.agents.add(self.headers.get("User-Agent", ""))
            path = self.path
            if path == "/r1":
                self.answer(301, "/r2")
            elif path == "/r2":
                self.answer(302, state.url("/ok"))
            elif path == "/missing":
                self.answer(404)
            elif path == "/broken":
                self.answer(500)
            elif path == "/nohead":
                self.answer(405 if self.command == "HEAD" else 200)
            elif path == "/slow":
                time.sleep(2)
                self.answer(200)
            elif path == "/loop":
                self.answer(302, "/loop")
            elif path == "/to-ftp":
                self.answer(302, "ftp://127.0.0.1/file")
            elif path.startswith("/busy"):
                with state.lock:
                    state.busy += 1
                    state.most_busy = max(state.most_busy, state.busy)
                time.sleep(0.15)
                with state.lock:
                    state.busy -= 1
                self.answer(200)
            else:
                self.answer(200)

        do_HEAD = route
        do_GET = route

    return Handler


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy, and any connection to a host other than 127.0.0.1 fails the test."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0] == "127.0.0.1", f"tried to reach {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ledger_with(tmp_path: Path, urls: dict[str, str], **extra: dict[str, Any]) -> Path:
    """The small ledger, every source's url replaced (none left pointing elsewhere), plus one
    source per entry of ``urls`` not among them."""
    sources = {sid: dict(data) for sid, data in BASE_SOURCES.items()}
    for sid, url in urls.items():
        sources.setdefault(sid, {"type": "web", "title": sid, "publisher": "P", "issued": "2021"})
        sources[sid]["url"] = url
    for sid, fields in extra.items():
        sources[sid].update(fields)
    assert all("127.0.0.1" in s["url"] or ":" not in s["url"][6:] for s in sources.values())
    return write_ledger(tmp_path, sources=sources)


def by_id(out: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in json.loads(out)}


# --- the module ---------------------------------------------------------------------------


def test_each_kind_of_answer(server: Server) -> None:
    dead_port = closed_port()
    urls = {
        "ok": server.url("/ok"),
        "chain": server.url("/r1"),
        "missing": server.url("/missing"),
        "broken": server.url("/broken"),
        "nohead": server.url("/nohead"),
        "slow": server.url("/slow"),
        "refused": f"http://127.0.0.1:{dead_port}/x",
        "loop": server.url("/loop"),
        "to-ftp": server.url("/to-ftp"),
    }
    got = check_links(list(urls.values()), timeout=0.5, delay=0)
    r = {name: got[url] for name, url in urls.items()}
    assert (r["ok"].status, r["ok"].redirects, r["ok"].method) == ("200", 0, "HEAD")
    assert (r["chain"].status, r["chain"].redirects) == ("200", 2)
    assert r["chain"].final_url == server.url("/ok")
    assert r["missing"].status == "404" and r["missing"].dead
    assert r["broken"].status == "500" and r["broken"].dead
    assert (r["nohead"].status, r["nohead"].method) == ("200", "GET")
    assert ("HEAD", "/nohead") in server.seen and ("GET", "/nohead") in server.seen
    assert r["slow"].status == "timeout" and r["slow"].dead
    assert r["refused"].status == "error: connection refused" and r["refused"].dead
    assert r["loop"].status.startswith("error:") and r["loop"].dead
    assert r["to-ftp"].status.startswith("error: redirect to a ftp url") and r["to-ftp"].dead
    assert not any(r[k].dead for k in ("ok", "chain", "nohead"))
    assert all(x.elapsed_ms >= 0 for x in got.values())
    assert server.agents == {user_agent()} and user_agent().startswith("factcheck/")


def test_other_schemes_are_refused_without_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a connection was opened")

    monkeypatch.setattr(socket, "create_connection", never)
    got = check_links(["ftp://127.0.0.1/file", "javascript:alert(1)", "mailto:a@b.c"])
    assert [r.status for r in got.values()] == [
        "refused: ftp scheme, not fetched",
        "refused: javascript scheme, not fetched",
        "refused: mailto scheme, not fetched",
    ]
    assert all(r.dead for r in got.values())


def test_at_most_two_requests_at_once_per_host(server: Server) -> None:
    urls = [server.url(f"/busy/{i}") for i in range(10)]
    got = check_links(urls, jobs=8, delay=0)
    assert all(r.status == "200" for r in got.values())
    assert server.most_busy == 2


def test_one_request_per_distinct_url_and_a_delay_between_starts(server: Server) -> None:
    url = server.url("/ok")
    start = time.monotonic()
    got = check_links([url, url, server.url("/ok?b"), server.url("/ok?c")], delay=0.2)
    assert list(got) == [url, server.url("/ok?b"), server.url("/ok?c")]
    assert len(server.seen) == 3
    assert time.monotonic() - start >= 0.4  # three starts on one host, 0.2 s apart


# --- the command --------------------------------------------------------------------------


def test_check_links_json_records_and_findings(server: Server, tmp_path: Path) -> None:
    path = ledger_with(
        tmp_path,
        {
            "article": server.url("/ok"),
            "reuters-gdp": server.url("/r1"),
            "fao-food": server.url("/missing"),
            "gone": f"http://127.0.0.1:{closed_port()}/",
        },
        **{"reuters-gdp": {"archive": server.url("/broken")}},
    )
    code, out, err = run("sources", "--check-links", "--json", ledger=path)
    assert code == 1
    records = json.loads(out)
    assert [(r["id"], r["field"]) for r in records] == [
        ("article", "url"),
        ("fao-food", "url"),
        ("gone", "url"),
        ("reuters-gdp", "url"),
        ("reuters-gdp", "archive"),
    ]
    first = records[0]
    assert set(first) == {
        "schema_version", "id", "field", "url", "status", "ok", "final_url", "redirects",
        "elapsed_ms", "method", "path", "line", "col", "ledger",
    }  # fmt: skip
    assert first["schema_version"] == 1 and first["status"] == "200" and first["ok"]
    chain = records[3]
    assert (chain["status"], chain["redirects"], chain["final_url"]) == (
        "200",
        2,
        server.url("/ok"),
    )
    lines = err.strip().splitlines()
    assert len(lines) == 3, err
    fao = (tmp_path / "sources" / "fao-food.yaml").read_text().splitlines()
    url_line = next(i for i, line in enumerate(fao, 1) if line.startswith("url:"))
    assert f"sources/fao-food.yaml:{url_line}:6: error: url of source" in lines[0]
    assert "answered 404" in lines[0] and "(hint:" in lines[0]
    assert "answered error: connection refused" in lines[1]
    assert "sources/reuters-gdp.yaml:" in lines[2] and "archive of source" in lines[2]
    assert "answered 500" in lines[2]


def test_check_links_csv_jsonl_plain_and_a_clean_run(server: Server, tmp_path: Path) -> None:
    path = ledger_with(
        tmp_path,
        {s: server.url(f"/{s}") for s in ("article", "reuters-gdp", "fao-food")},
    )
    code, out, err = run("sources", "--check-links", "--format", "csv", ledger=path)
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["id", "field", "status", "redirects", "elapsed_ms", "url", "final_url"]
    assert [r["status"] for r in rows] == ["200"] * 3
    code, out, _ = run("sources", "--check-links", "--format", "jsonl", ledger=path)
    assert code == 0 and [json.loads(x)["ok"] for x in out.splitlines()] == [True] * 3
    code, out, err = run("sources", "--check-links", "--format", "plain", ledger=path)
    assert code == 0 and len(out.splitlines()) == 3
    assert err == "3 addresses checked, 0 dead\n"  # no progress: stderr is not a terminal


def test_timeout_option_and_unused_filter(server: Server, tmp_path: Path) -> None:
    path = ledger_with(
        tmp_path,
        {"article": server.url("/ok"), "reuters-gdp": server.url("/ok"), "fao-food": "x"},
        **{"fao-food": {"url": server.url("/ok")}},
    )
    (tmp_path / "sources" / "unused-slow.yaml").write_text(
        f"id: unused-slow\ntitle: Slow\nurl: {server.url('/slow')}\n", encoding="utf-8"
    )
    code, out, err = run(
        "sources", "--unused", "--check-links", "--timeout", "0.5", "--json", ledger=path
    )
    assert code == 1
    assert [(r["id"], r["status"]) for r in json.loads(out)] == [("unused-slow", "timeout")]
    assert "answered timeout" in err


def test_non_http_url_is_refused_and_reported(tmp_path: Path) -> None:
    path = ledger_with(tmp_path, {}, article={"url": "ftp://127.0.0.1/a"})
    for sid in ("reuters-gdp", "fao-food"):
        (tmp_path / "sources" / f"{sid}.yaml").write_text(
            f"id: {sid}\nurl: javascript:alert(1)\n", encoding="utf-8"
        )
    code, out, err = run("sources", "--check-links", "--json", ledger=path)
    assert code == 1
    assert {r["status"] for r in json.loads(out)} == {
        "refused: ftp scheme, not fetched",
        "refused: javascript scheme, not fetched",
    }
    assert err.count("only http and https addresses are checked") == 3


def test_sources_without_the_flag_are_unchanged(tmp_path: Path) -> None:
    path = ledger_with(tmp_path, {})
    code, out, _ = run("sources", "--json", ledger=path)
    assert code == 0 and "status" not in json.loads(out)[0] and "claims" in json.loads(out)[0]
    code, _, err = run("sources", "--timeout", "3", ledger=path)
    assert code == 2 and "--timeout and --jobs go with --check-links" in err


def test_a_missing_ledger_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = run("sources", "--check-links", ledger=tmp_path / "nowhere" / "claims.yaml")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


# --- archive: and no-archive --------------------------------------------------------------


def check_json(path: Path, *args: str) -> dict[str, Any]:
    _, out, _ = run("check", "--format", "json", *args, ledger=path)
    data: dict[str, Any] = json.loads(out)
    return data


def test_archive_is_read_shown_and_validated(tmp_path: Path) -> None:
    archived = "https://web.archive.org/web/2021/https://example.org/reuters"
    path = ledger_with(tmp_path, {}, **{"reuters-gdp": {"archive": archived}})
    records = by_id(run("sources", "--json", ledger=path).stdout)
    assert records["reuters-gdp"]["archive"] == archived and records["fao-food"]["archive"] is None
    shown = run("show", "gdp-contraction", "--format", "plain", ledger=path).stdout
    assert archived in shown
    evidence = json.loads(run("show", "gdp-contraction", "--json", ledger=path).stdout)["evidence"]
    assert evidence[0]["source_archive"] == archived
    (tmp_path / "sources" / "fao-food.yaml").write_text(
        "id: fao-food\ntitle: T\npublisher: P\nissued: '2021'\nurl: https://example.org/f\n"
        "archive: web.archive.org/x\n",
        encoding="utf-8",
    )
    result = check_json(path)
    bad = [f for f in result["findings"] if f["rule"] == "schema"]
    assert len(bad) == 1 and bad[0]["line"] == 6 and bad[0]["col"] == 10
    assert "archive url 'web.archive.org/x' is not an http(s) address" in bad[0]["message"]


def test_no_archive_is_off_by_default_and_on_with_the_flag(tmp_path: Path) -> None:
    archived = "https://web.archive.org/web/2021/https://example.org/reuters"
    path = ledger_with(tmp_path, {}, **{"reuters-gdp": {"archive": archived}})
    assert "no-archive" not in check_json(path)["by_rule"]
    result = check_json(path, "--require-archive")
    found = [f for f in result["findings"] if f["rule"] == "no-archive"]
    assert sorted(f["source_id"] for f in found) == ["article", "fao-food"]
    assert all(f["severity"] == "warning" for f in found)
    code, _, _ = run("check", "--require-archive", "--strict", ledger=path)
    assert code == 1
    # a source that ignores no-archive is silent with the flag, and not an unused ignore without
    ignore = "ignore:\n  - rule: no-archive\n    reason: the page cannot be archived\n"
    fao = tmp_path / "sources" / "fao-food.yaml"
    fao.write_text(fao.read_text() + ignore, encoding="utf-8")
    assert "unused-ignore" not in check_json(path)["by_rule"]
    with_flag = check_json(path, "--require-archive")
    assert {f["source_id"] for f in with_flag["findings"] if f["rule"] == "no-archive"} == {
        "article"
    }
    assert with_flag["counts"]["suppressed"] >= 1


def test_require_archive_over_many_ledgers_and_with_a_baseline(tmp_path: Path) -> None:
    one = ledger_with(tmp_path / "one", {})
    two = ledger_with(tmp_path / "two", {})
    _code, out, _ = run("check", "--format", "json", "--require-archive", str(one), str(two))
    assert json.loads(out)["by_rule"]["no-archive"] == 6
    baseline = tmp_path / "baseline.json"
    run("check", "--require-archive", "--write-baseline", str(baseline), ledger=one)
    assert "no-archive" in baseline.read_text()


def test_source_add_writes_archive(tmp_path: Path) -> None:
    path = ledger_with(tmp_path, {})
    args = ["source", "add", "--id", "new-one", "--url", "https://example.org/n", "--title", "T"]
    args += ["--publisher", "P", "--issued", "2021"]
    code, _, err = run(*args, "--archive", "https://web.archive.org/web/1/x", ledger=path)
    assert code == 0, err
    text = (tmp_path / "sources" / "new-one.yaml").read_text()
    assert text.index("url:") < text.index("archive: https://web.archive.org/web/1/x")
    args[3] = "other"
    code, _, err = run(*args, "--archive", "archive.org/x", ledger=path)
    assert code == 2 and "--archive 'archive.org/x' is not an http(s) address" in err


def test_check_links_table(server: Server, tmp_path: Path) -> None:
    path = ledger_with(
        tmp_path,
        {"article": server.url("/ok"), "reuters-gdp": server.url("/r1"), "fao-food": "x"},
        **{"fao-food": {"url": server.url("/missing")}},
    )
    code, out, err = run("sources", "--check-links", "--format", "table", ledger=path)
    assert code == 1
    assert "status" in out and "404" in out and "→" in out
    assert "3 addresses checked, 1 dead" in err


def test_malformed_addresses_are_one_error_each() -> None:
    got = check_links(["http://[bad/", "http://127.0.0.1:notaport/", "http://"], timeout=1)
    assert [r.status for r in got.values()] == [
        "error: Invalid IPv6 URL",
        "error: nonnumeric port: 'notaport'",
        "error: no host given",
    ]
