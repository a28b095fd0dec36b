"""Asking the UN Digital Library's search API for MARCXML, one polite page at a time.

The Library runs on Invenio (TIND); its search answers `GET /search?p=QUERY&cc=COLLECTION&
of=xm&rg=N&jrec=K` with MARCXML whose first lines carry the hit count in a comment
(`<!-- Search-Engine-Total-Number-Of-Results: 94 -->`). `dt=m&d1=YYYY-mm-dd HH:MM:SS`
narrows a search to records modified since that time (MARC 005), which is how a re-sync
asks only for what changed.

The client sends one request at a time with a pause between requests and an honest
User-Agent, retries timeouts, dropped connections, 429 (after the Retry-After the server
asks for) and 5xx with exponential backoff and jitter (stamina), and retries a page that is
not well-formed, truncated or shorter than the hit count promises. It never returns half a
page. A firewall challenge (HTML instead of XML) or a 403 is not retried: it raises
`AccessRefused`, whose message explains the two ways on. No store, no parsing into records:
this module only turns a search into validated bytes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
import stamina
from lxml import etree

from ungawatch.errors import SourceError
from ungawatch.sources.undl.marcxml import MARC_NS
from ungawatch.vocabulary import Body

DEFAULT_BASE_URL = "https://digitallibrary.un.org"
# Collection names as the Library's search facets spell them (the `cc` parameter).
DRAFTS_COLLECTION = "Draft Resolutions and Decisions"
RESOLUTIONS_COLLECTION = "Resolutions and Decisions"
VOTING_COLLECTION = "Voting Data"
KINDS = ("drafts", "resolutions", "votes")
DRAFT_BODIES = (Body.PLENARY, Body.C1, Body.C2, Body.C3, Body.C4, Body.C5, Body.C6)

_TOTAL = re.compile(rb"<!--\s*Search-Engine-Total-Number-Of-Results:\s*(\d+)\s*-->")
_RECORD_TAGS = frozenset({f"{{{MARC_NS}}}record", "record"})
_MAX_RETRY_AFTER = 900.0
_SESSION = re.compile(r"\d{1,3}|(?:ES|S)-\d{1,2}")

HOW_TO_GO_ON = (
    "Two ways on: (1) in a browser, search https://digitallibrary.un.org, choose Export → "
    "MARCXML (or add &of=xm to the search URL), save the file and load it with "
    "`ungawatch ingest FILE`; (2) if the Library approved automated access for you, give "
    "the request headers it issued with --header 'Name: value' (or UNGAWATCH_UNDL_HEADERS). "
    "Pages fetched so far are kept; the next `ungawatch sync` resumes after them."
)


class StopSync(SourceError):
    """Asking again now is pointless for every search: sync stops and keeps what it has."""


class AccessRefused(StopSync):
    """The Library's firewall answered instead of its search: stop, do not hammer it."""


class LibraryUnreachable(StopSync):
    """No answer after every retry (network down, wrong --base-url): stop, resume later."""


class PageError(SourceError):
    """A page that stayed unusable after every retry; nothing of it was stored."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One search the Library answers in pages: a collection and an Invenio query pattern."""

    kind: str
    session: str
    body: str | None
    collection: str
    pattern: str

    @property
    def key(self) -> str:
        """A stable name for this search: the archive folder and the sync-state row."""
        return "-".join(part for part in (self.kind, self.session, self.body) if part)


def draft_query(session: str, body: str | Body) -> SearchQuery:
    """Draft resolutions and decisions of one session and body, by their 191 symbol.

    Plenary drafts are `A/78/L.20`; committee drafts `A/C.3/78/L.39` (L = limited).
    """
    try:
        organ = Body(body)
    except ValueError:
        organ = None
    if organ is None or organ not in DRAFT_BODIES:
        known = ", ".join(DRAFT_BODIES)
        raise SourceError(f"unknown General Assembly body {body!r}; use one of {known}")
    prefix = "A" if organ is Body.PLENARY else f"A/{organ}"
    return SearchQuery(
        "drafts", session, str(organ), DRAFTS_COLLECTION, f"191__a:{prefix}/{session}/L*"
    )


def resolution_query(session: str) -> SearchQuery:
    """Resolutions of one session (`A/RES/78/218`); all are adopted in plenary."""
    return SearchQuery(
        "resolutions", session, None, RESOLUTIONS_COLLECTION, f"191__a:A/RES/{session}/*"
    )


def voting_query(session: str) -> SearchQuery:
    """Voting records of one session: 791 names the resolution the vote adopted."""
    return SearchQuery("votes", session, None, VOTING_COLLECTION, f"791__a:A/RES/{session}/*")


def build_queries(
    sessions: Sequence[str], *, kinds: Sequence[str] = KINDS, bodies: Sequence[str] = ()
) -> list[SearchQuery]:
    """Every search a sync of these sessions needs; drafts get one search per body."""
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise SourceError(f"unknown record kind {unknown[0]!r}; use one of {', '.join(KINDS)}")
    queries: list[SearchQuery] = []
    for session in sessions:
        if not _SESSION.fullmatch(session):
            raise SourceError(f"{session!r} is not a GA session; give 78, ES-10 or S-27")
        if "drafts" in kinds:
            queries += [draft_query(session, body) for body in (bodies or DRAFT_BODIES)]
        if "resolutions" in kinds:
            queries.append(resolution_query(session))
        if "votes" in kinds:
            queries.append(voting_query(session))
    return queries


def search_params(
    query: SearchQuery, *, jrec: int, page_size: int, since: datetime | None = None
) -> dict[str, str]:
    """The URL parameters of one page, in the order the Library's own links use."""
    params = {"p": query.pattern, "cc": query.collection, "of": "xm"}
    if since is not None:
        params |= {"dt": "m", "d1": since.strftime("%Y-%m-%d %H:%M:%S")}
    return params | {"rg": str(page_size), "jrec": str(jrec)}


@dataclass(frozen=True, slots=True)
class Page:
    """One validated page of search results: the bytes exactly as received."""

    url: str
    content: bytes
    jrec: int
    records: int
    total: int
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class Backoff:
    """How retries wait: exponential from `initial` up to `maximum`, plus random jitter."""

    attempts: int = 8
    initial: float = 2.0
    maximum: float = 120.0
    jitter: float = 2.0


class _Retry(Exception):
    """A failure worth another try; `after` is the wait the server asked for, if any."""

    def __init__(self, message: str, after: float | None = None) -> None:
        super().__init__(message)
        self.after = after


@dataclass
class UndlClient:
    """A polite, retrying client for the Library's search; use as a context manager."""

    base_url: str = DEFAULT_BASE_URL
    page_size: int = 200
    pause: float = 5.0
    timeout: float = 60.0
    headers: Mapping[str, str] = field(default_factory=dict)
    user_agent: str = "ungawatch"
    backoff: Backoff = field(default_factory=Backoff)
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    requests: int = field(default=0, init=False)
    _last: float | None = field(default=None, init=False, repr=False)
    _http: httpx.Client | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> UndlClient:
        self._http = httpx.Client(
            base_url=self.base_url.rstrip("/"),
            headers={"User-Agent": self.user_agent, **self.headers},
            timeout=self.timeout,
            transport=self.transport,
            follow_redirects=True,
        )
        return self

    def __exit__(self, *_: object) -> None:
        if self._http is not None:
            self._http.close()

    def url(self, query: SearchQuery, *, jrec: int, since: datetime | None = None) -> str:
        params = search_params(query, jrec=jrec, page_size=self.page_size, since=since)
        return str(httpx.URL(f"{self.base_url.rstrip('/')}/search", params=params))

    def fetch(self, query: SearchQuery, *, jrec: int, since: datetime | None = None) -> Page:
        """One page, validated, after as many retries as the backoff allows."""
        url = self.url(query, jrec=jrec, since=since)
        try:
            for attempt in stamina.retry_context(
                on=_retry_hook,
                attempts=self.backoff.attempts,
                timeout=None,
                wait_initial=self.backoff.initial,
                wait_max=self.backoff.maximum,
                wait_jitter=self.backoff.jitter,
            ):
                with attempt:
                    return self._attempt(url, jrec)
        except httpx.ConnectError as error:
            raise LibraryUnreachable(_unreachable(self.base_url, error), location=url) from error
        except httpx.TransportError as error:
            raise LibraryUnreachable(
                f"no answer after {self.backoff.attempts} attempts ({error!r}); check the "
                "network and --base-url. Pages fetched so far are kept; the next "
                "`ungawatch sync` resumes after them.",
                location=url,
            ) from error
        except _Retry as error:
            raise PageError(
                f"still failing after {self.backoff.attempts} attempts ({error}); nothing of "
                "this page was stored. Run the same sync again later: it resumes here.",
                location=url,
            ) from error
        raise AssertionError("unreachable: stamina either returns or raises")  # pragma: no cover

    def _attempt(self, url: str, jrec: int) -> Page:
        self._polite_wait()
        assert self._http is not None, "use UndlClient as a context manager"
        self.requests += 1
        try:
            response = self._http.get(url)
        finally:
            self._last = time.monotonic()
        _check_status(response, url)
        return validate_page(response.content, url=url, jrec=jrec, page_size=self.page_size)

    def _polite_wait(self) -> None:
        if self._last is not None and self.pause > 0:
            remaining = self.pause - (time.monotonic() - self._last)
            if remaining > 0:
                self.sleep(remaining)


def _retry_hook(error: Exception) -> bool | float:
    """Retry transport failures and `_Retry`; wait as long as a Retry-After asked.

    A failed connection (the name does not resolve, the connection is refused) is not
    retried: offline, or with a wrong --base-url, waiting minutes changes nothing.
    """
    if isinstance(error, _Retry):
        return error.after if error.after is not None else True
    return isinstance(error, httpx.TransportError) and not isinstance(error, httpx.ConnectError)


HOW_TO_LOAD_BY_HAND = (
    "To load records without sync: in a browser, search https://digitallibrary.un.org, "
    "choose Export → MARCXML (or add &of=xm&rg=200 to the search URL), save the file and "
    "run `ungawatch ingest FILE`."
)


def _unreachable(base_url: str, error: httpx.ConnectError) -> str:
    """Why the Library could not be reached, in words, and the way on without it."""
    text = str(error)
    host = httpx.URL(base_url).host or base_url
    if any(
        sign in text
        for sign in (
            "Name or service not known",
            "name resolution",
            "nodename nor servname",
            "getaddrinfo",
            "No address associated",
        )
    ):
        reason = f"the name {host} could not be resolved (no network, or no DNS)"
    elif "Connection refused" in text:
        reason = f"{host} refused the connection"
    else:
        reason = f"no connection to {host} ({text or type(error).__name__})"
    return (
        f"could not reach the UN Digital Library: {reason}. Check the network and "
        f"--base-url ({base_url}). {HOW_TO_LOAD_BY_HAND}"
    )


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status == 403:
        raise AccessRefused(
            f"the UN Digital Library refused the request (HTTP 403). {HOW_TO_GO_ON}", location=url
        )
    if status == 429:
        raise _Retry("HTTP 429 Too Many Requests", retry_after(response.headers))
    if status >= 500:
        raise _Retry(f"HTTP {status}", retry_after(response.headers))
    if status >= 400:
        raise PageError(f"the Library answered HTTP {status}; check --base-url", location=url)


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), capped."""
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)


def validate_page(content: bytes, *, url: str, jrec: int, page_size: int) -> Page:
    """Check a page is whole MARCXML with as many records as the hit count promises."""
    head = content[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        raise AccessRefused(
            "the UN Digital Library answered with an HTML page instead of MARCXML (its "
            f"firewall's browser challenge). {HOW_TO_GO_ON}",
            location=url,
        )
    found = _TOTAL.search(content[:4096])
    if found is None:
        raise _Retry("no Search-Engine-Total-Number-Of-Results comment at the top of the page")
    total = int(found.group(1))
    records = count_records(content)
    expected = max(0, min(page_size, total - jrec + 1))
    if records < expected:
        raise _Retry(f"{records} records where the hit count {total} promises {expected}")
    return Page(url, content, jrec, records, total, datetime.now(UTC).replace(tzinfo=None))


def count_records(content: bytes) -> int:
    """MARC records in a whole, well-formed page; a truncated page is retried."""
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise _Retry(f"not well-formed XML ({error})") from error
    return sum(1 for child in root if child.tag in _RECORD_TAGS)


def parse_headers(lines: Sequence[str]) -> dict[str, str]:
    """`Name: value` lines (the --header flag, UNGAWATCH_UNDL_HEADERS) into a header dict."""
    headers: dict[str, str] = {}
    for line in lines:
        for item in line.splitlines():
            if not item.strip():
                continue
            name, colon, value = item.partition(":")
            if not colon or not name.strip():
                raise SourceError(f"request header {item!r} is not 'Name: value'", field="--header")
            headers[name.strip()] = value.strip()
    return headers
