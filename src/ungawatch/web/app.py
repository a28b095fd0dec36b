"""The FastAPI application: JSON API, dashboard pages and vendored static files.

`create_app(db)` opens the database as it starts; every request then gets a read-only
snapshot of the database file (see `web.snapshots`), and after an ingest the pages in use
are computed on the new file before it is served (`web.prepare`). Nothing the pages load
comes from another machine: the Content-Security-Policy allows this server only, so a stray
external URL fails loudly in the browser instead of leaking the reader's visit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic_core import to_json
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ungawatch import __version__
from ungawatch.web import api, apidocs, briefings, check, errors, feeds, pages
from ungawatch.web.filters import GLOBALS, library_url, link_symbols
from ungawatch.web.grid import LEGEND
from ungawatch.web.prepare import preparer
from ungawatch.web.responses import GZIP_MINIMUM, Edge
from ungawatch.web.snapshots import SnapshotPool

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(db: Path) -> FastAPI:
    """The web application serving the database file `db` (read-only)."""
    pool = SnapshotPool(Path(db))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _build_routes(app)
        pages.warm_up(templates, pool)
        yield
        pool.close()

    app = FastAPI(
        title="ungawatch",
        version=__version__,
        description="Sponsors, additional sponsors and votes on UN General Assembly resolutions.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    folder = resources.files("ungawatch.web")
    templates = Jinja2Templates(directory=str(folder.joinpath("templates")))
    templates.env.filters["path"] = _path_quote
    # `tojson` in templates serializes the library's dataclasses and enums as the API does.
    templates.env.policies["json.dumps_function"] = _to_json
    templates.env.globals["legend"] = LEGEND
    templates.env.globals["library_url"] = library_url
    templates.env.globals.update(GLOBALS)
    templates.env.filters["link_symbols"] = link_symbols
    app.state.pool = pool
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(folder.joinpath("static"))), name="static")
    app.include_router(api.router)
    app.include_router(check.api)
    app.include_router(check.pages)
    app.include_router(pages.router)
    app.include_router(briefings.api)
    app.include_router(briefings.pages)
    app.include_router(feeds.router)
    app.include_router(apidocs.router)
    # A series grid is 1.4 MB of HTML and 70 KB gzipped at level 1, which costs ~7 ms: phones
    # get the page in a twentieth of the bytes for little CPU.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=1)
    app.add_middleware(Edge, pool=pool, security=SECURITY_HEADERS)
    app.add_middleware(errors.LibraryErrors, templates=templates, security=SECURITY_HEADERS)
    app.add_middleware(HeadAsGet)
    errors.install(app, templates)
    pool.preparer = preparer(app)
    return app


def _build_routes(app: FastAPI) -> None:
    """FastAPI builds an included router's routes (their parameters' validators) when a
    request first reaches the router: ~100 ms that the first reader would wait. Matching a
    path that no route has walks every router and builds them all at start instead."""
    nowhere: Scope = {"type": "http", "method": "GET", "path": "/\0", "root_path": ""}
    for route in app.router.routes:
        route.matches(nowhere)


def _to_json(value: Any, **_: Any) -> str:
    return to_json(value).decode()


class HeadAsGet:
    """ASGI middleware: `HEAD` is answered for every `GET` route, with the headers the `GET`
    gives (status, ETag, Content-Length) and no body. FastAPI routes declared with `get` would
    answer 405; Starlette's own routes do this for themselves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _path_quote(value: Any) -> str:
    """Quote for a URL path but keep the slashes of UN symbols: /resolutions/A/RES/78/218."""
    return quote(str(value), safe="/")
