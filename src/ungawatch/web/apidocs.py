"""Interactive API documentation at /api/docs: Swagger UI served from vendored files, reading
this server's OpenAPI document. Nothing is loaded from another machine."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ungawatch.web.pages import templates_of

router = APIRouter(include_in_schema=False)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    return templates_of(request).TemplateResponse(request, "api_docs.html", {})


@router.get("/api/v1/")
@router.get("/api/v1")
def api_index(request: Request) -> Response:
    """What the API offers: its documentation and every endpoint, from the OpenAPI document."""
    schema: dict[str, Any] = request.app.openapi()
    endpoints = [
        {"path": path, "summary": (operation.get("summary") or "")}
        for path, methods in schema.get("paths", {}).items()
        for operation in methods.values()
    ]
    return JSONResponse(
        {
            "docs": "/api/docs",
            "openapi": "/api/v1/openapi.json",
            "version": schema.get("info", {}).get("version"),
            "endpoints": endpoints,
        }
    )
