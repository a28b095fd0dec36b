"""Interactive API documentation at /api/docs: Swagger UI served from vendored files, reading
this server's OpenAPI document. Nothing is loaded from another machine."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ungawatch.web.pages import templates_of

router = APIRouter(include_in_schema=False)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    return templates_of(request).TemplateResponse(request, "api_docs.html", {})
