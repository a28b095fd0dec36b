"""The server's edge: 503 `database_unavailable` when the database is missing or unreadable,
and `HEAD` answered for every `GET` route, through a real uvicorn server on loopback."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute

from ungawatch.web import api, pages
from ungawatch.web.models import ErrorBody
from ungawatch.web.server import running

DPRK = "c3-situation-of-human-rights-in-prk"
# A value for every path parameter of the GET routes, so each route answers 200.
PATH_VALUES = {
    "series_id": DPRK,
    "symbol": "A/RES/78/218",
    "name": "KOR",
    "code": "KOR",
    "session": "78",
    # The fixture's voting record of A/RES/78/220.
    "source_kind": "undl-marcxml",
    "record_id": "fixture-78-220",
}
# A value for every required query parameter (two states that voted in the fixture).
QUERY_VALUES = {
    "a": "ALB",
    "b": "JPN",
    "q": "Korea",
    "session": "78",
    "states": "ALB,JPN",
    "group": "Asia-Pacific Group",
}


@pytest.fixture(scope="module")
def served(loaded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server on a copy of the loaded database (tests move the copy away and back)."""
    copy = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy2(loaded_db, copy)
    with running(copy) as base:
        yield base, copy


def get_paths() -> list[str]:
    """Every GET route of the API and the dashboard, its path parameters filled in."""
    paths = ["/api/v1/openapi.json"]
    for route in [*api.router.routes, *pages.router.routes]:
        if isinstance(route, APIRoute) and "GET" in route.methods:
            path = re.sub(r"{(\w+)(?::path)?}", lambda m: PATH_VALUES[m[1]], route.path)
            required = [p.alias for p in route.dependant.query_params if p.field_info.is_required()]
            query = "&".join(f"{name}={QUERY_VALUES[name]}" for name in required)
            paths.append(f"{path}?{query}" if query else path)
    return sorted(paths)


def test_every_get_route_answers_head_with_the_same_headers_and_no_body(
    served: tuple[str, Path],
) -> None:
    base, _ = served
    paths = get_paths()
    assert "/api/v1/status" in paths and "/" in paths and len(paths) >= 15
    answered: list[int] = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for path in [*paths, "/static/app.css"]:
            got = _computed(http, path)
            head = http.head(path)
            assert (path, head.status_code) == (path, got.status_code)
            # 404: an analysis the small fixture has too few votes for (ideal points).
            assert got.status_code in (200, 303, 404), (path, got.text[:200])
            answered.append(got.status_code)
            assert head.content == b""
            for name in ("content-type", "etag", "content-length", "location"):
                assert head.headers.get(name) == got.headers.get(name), (path, name)
    assert answered.count(404) <= 2, answered


def _computed(http: httpx.Client, path: str) -> httpx.Response:
    """The GET answer once a background computation (202, "being computed") is done."""
    deadline = time.monotonic() + 120
    got = http.get(path)
    while got.status_code == 202 and time.monotonic() < deadline:
        time.sleep(1)
        got = http.get(path)
    return got


def test_head_of_an_unknown_page_is_404_not_405(served: tuple[str, Path]) -> None:
    base, _ = served
    assert httpx.head(f"{base}/api/v1/nothing-here").status_code == 404


def test_a_database_moved_away_is_503_database_unavailable(served: tuple[str, Path]) -> None:
    base, path = served
    aside = path.with_name("aside.duckdb")
    path.rename(aside)
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            response = http.get("/api/v1/status")
            assert response.status_code == 503
            body = ErrorBody.model_validate(response.json())
            assert body.error.code == "database_unavailable"
            assert "does not exist" in body.error.message
            assert http.head("/api/v1/status").status_code == 503
            page = http.get("/")
            assert page.status_code == 503 and "text/html" in page.headers["content-type"]
            assert "default-src 'self'" in page.headers["content-security-policy"]
    finally:
        aside.rename(path)
    assert httpx.get(f"{base}/api/v1/status", timeout=60).status_code == 200


def test_a_database_replaced_by_an_unreadable_file_is_503(loaded_db: Path, tmp_path: Path) -> None:
    served = tmp_path / "served.duckdb"
    shutil.copy2(loaded_db, served)
    with running(served) as base:
        assert httpx.get(f"{base}/api/v1/status", timeout=60).status_code == 200
        broken = tmp_path / "broken"
        broken.write_bytes(b"this is not a DuckDB file " * 200)
        broken.replace(served)
        response = httpx.get(f"{base}/api/v1/resolutions/A/RES/78/218", timeout=60)
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "database_unavailable" and "not a valid DuckDB" in error["message"]
