"""The web layer's error edge: one error shape for every failure, in JSON or as a page.

Library errors become HTTP statuses here and nowhere else: an unknown state, symbol or
series is 404 with the closest known names; a bad parameter (including a string that is not
a UN symbol, or a query matching several titles) is 422; a database that is missing or cannot
be opened is 503 `database_unavailable`. API paths get the `ErrorBody` JSON; dashboard pages
render the same data as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ungawatch.errors import (
    AmbiguousQuery,
    NotFound,
    StoreError,
    SymbolError,
    UngawatchError,
    UnknownState,
)
from ungawatch.web.models import ErrorBody, ErrorInfo

API_PREFIX = "/api/"


def error_body(
    status: int,
    code: str,
    message: str,
    suggestions: Sequence[str] = (),
    details: Sequence[dict[str, Any]] = (),
) -> ErrorBody:
    return ErrorBody(
        error=ErrorInfo(
            status=status,
            code=code,
            message=message,
            suggestions=list(suggestions),
            details=[dict(detail) for detail in details],
        )
    )


def from_library(error: UngawatchError) -> ErrorBody:
    """The status and code a library error means for a web client."""
    if isinstance(error, UnknownState):
        return error_body(404, "unknown_state", str(error), error.suggestions)
    if isinstance(error, NotFound):
        return error_body(404, "not_found", str(error), error.suggestions)
    if isinstance(error, AmbiguousQuery):
        return error_body(422, "ambiguous_query", str(error), error.candidates)
    if isinstance(error, SymbolError):
        return error_body(422, "bad_symbol", str(error))
    if isinstance(error, StoreError):
        return error_body(503, "database_unavailable", str(error))
    return error_body(500, "error", str(error))


def install(app: FastAPI, templates: Jinja2Templates) -> None:
    """Route every error through `_respond`, so API and pages share one shape."""

    async def library(request: Request, error: Exception) -> Response:
        assert isinstance(error, UngawatchError)
        return _respond(request, templates, from_library(error))

    async def validation(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        details = [_detail(item) for item in error.errors()]
        message = "; ".join(f"{d['where']}: {d['message']}" for d in details)
        body = error_body(422, "bad_parameter", f"invalid parameter: {message}", details=details)
        return _respond(request, templates, body)

    async def http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        code = "no_such_page" if error.status_code == 404 else "http_error"
        body = error_body(error.status_code, code, str(error.detail))
        return _respond(request, templates, body, headers=error.headers)

    async def unexpected(request: Request, error: Exception) -> Response:
        """A bug: the one error shape still, and the server log keeps the traceback."""
        body = error_body(500, "internal_error", "unexpected error; the server log has details")
        return _respond(request, templates, body)

    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(UngawatchError, library)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)


def _detail(item: Any) -> dict[str, Any]:
    location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path")]
    return {"where": ".".join(location) or "request", "message": str(item.get("msg", ""))}


def _respond(
    request: Request,
    templates: Jinja2Templates,
    body: ErrorBody,
    headers: Mapping[str, str] | None = None,
) -> Response:
    status = body.error.status
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse(body.model_dump(), status_code=status, headers=headers)
    return templates.TemplateResponse(
        request, "error.html", {"error": body.error}, status_code=status, headers=headers
    )


class LibraryErrors:
    """ASGI middleware: a library error raised by middleware before any route runs (the
    snapshot pool finding the database file gone, while checking an ETag) gets the one error
    shape too, instead of the server's bare 500. FastAPI's handlers only see route errors."""

    def __init__(
        self, app: ASGIApp, templates: Jinja2Templates, security: Mapping[str, str]
    ) -> None:
        self.app = app
        self.templates = templates
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except UngawatchError as error:
            if started:
                raise
            request = Request(scope, receive)
            body = from_library(error)
            response = _respond(request, self.templates, body, headers=self.security)
            await response(scope, receive, send)
