"""Whether the pages a ledger cites still answer: one HEAD (or GET) request per url, as data.

Standard library only (``urllib.request`` in a thread pool). Only http and https urls are fetched;
any other scheme is refused before any connection. At most ``per_host`` requests run at once on
one host, and the requests that start on one host are spaced by ``delay`` seconds.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
HEAD_REFUSED = (403, 405, 501)  # servers that answer HEAD so are asked again with GET
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class LinkResult:
    """What one url answered: ``status`` is the final HTTP code, or ``timeout``,
    ``error: …`` (no answer) or ``refused: …`` (not fetched at all)."""

    url: str
    status: str
    final_url: str | None = None
    redirects: int = 0
    elapsed_ms: int = 0
    method: str | None = None

    @property
    def dead(self) -> bool:
        """Whether the link needs attention: a 4xx/5xx, a timeout, an error or a refusal."""
        return not (self.status.isdigit() and int(self.status) < 400)


def user_agent() -> str:
    from factcheck import __version__

    return f"factcheck/{__version__} (+link check)"


def check_links(
    urls: Sequence[str],
    *,
    timeout: float = 10.0,
    jobs: int = 8,
    per_host: int = 2,
    delay: float = 0.1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, LinkResult]:
    """Each distinct url of ``urls`` checked once: url → its result, in the order given."""
    unique = list(dict.fromkeys(urls))
    fetchable = [u for u in unique if _scheme(u) in SCHEMES]
    hosts = {h: _Host(per_host, delay) for h in {_host(u) for u in fetchable}}
    agent = user_agent()
    done: dict[str, LinkResult] = {}
    lock = threading.Lock()

    def one(url: str) -> None:
        with hosts[_host(url)].turn():
            result = fetch(url, timeout=timeout, agent=agent)
        with lock:
            done[url] = result
            if progress is not None:
                progress(len(done), len(unique))

    for url in unique:
        if url not in fetchable:
            done[url] = LinkResult(url, f"refused: {_scheme(url) or 'no'} scheme, not fetched")
    if fetchable:
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="link") as pool:
            for future in [pool.submit(one, u) for u in _interleaved(fetchable)]:
                future.result()
    return {u: done[u] for u in unique}


def fetch(url: str, *, timeout: float, agent: str) -> LinkResult:
    """One url: HEAD, then GET when the server refuses HEAD; redirects followed and counted."""
    start = time.monotonic()
    result = _request(url, "HEAD", timeout, agent)
    if result.status.isdigit() and int(result.status) in HEAD_REFUSED:
        result = _request(url, "GET", timeout, agent)
    elapsed = round((time.monotonic() - start) * 1000)
    return LinkResult(
        url, result.status, result.final_url, result.redirects, elapsed, result.method
    )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Counts the redirects it follows and refuses any to a scheme other than http(s)."""

    max_redirections = MAX_REDIRECTS

    def __init__(self) -> None:
        self.count = 0

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _scheme(newurl) not in SCHEMES:
            raise _Refused(f"redirect to a {_scheme(newurl) or 'relative'} url, not followed")
        self.count += 1
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Refused(Exception):
    """A redirect that leaves http(s): reported, never followed."""


def _request(url: str, method: str, timeout: float, agent: str) -> LinkResult:
    redirects = _Redirects()
    opener = urllib.request.build_opener(redirects)
    try:
        request = urllib.request.Request(url, method=method, headers={"User-Agent": agent})
        with opener.open(request, timeout=timeout) as response:
            status, final = str(response.status), response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code < 400:  # a redirect loop or one too many
            return LinkResult(url, f"error: {exc.reason}", exc.geturl(), redirects.count)
        status, final = str(exc.code), exc.geturl()
    except _Refused as exc:
        return LinkResult(url, f"error: {exc}", None, redirects.count, method=method)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return LinkResult(url, _failure(exc), None, redirects.count, method=method)
    return LinkResult(url, status, final, redirects.count, method=method)


def _failure(exc: BaseException) -> str:
    """``timeout`` or ``error: why``, in a few words."""
    reason: Any = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return "timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "error: connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return f"error: {reason.strerror.lower()}"
    text = str(reason) or type(reason).__name__
    return f"error: {text}"


class _Host:
    """One host's share: ``slots`` requests at a time, starts ``delay`` seconds apart."""

    def __init__(self, slots: int, delay: float) -> None:
        self.slots = threading.BoundedSemaphore(max(1, slots))
        self.delay = delay
        self.lock = threading.Lock()
        self.next_start = 0.0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self.slots:
            with self.lock:
                now = time.monotonic()
                wait = self.next_start - now
                self.next_start = max(now, self.next_start) + self.delay
            if wait > 0:
                time.sleep(wait)
            yield


def _interleaved(urls: Sequence[str]) -> list[str]:
    """The urls taken one host at a time in turn, so one busy host does not hold up the rest."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_host(url), []).append(url)
    queues = list(by_host.values())
    out: list[str] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out


def _scheme(url: str) -> str:
    head, sep, _ = url.partition(":")
    return head.strip().lower() if sep else ""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
