"""The web layer: a JSON API under /api/v1 and a dashboard, thin over the library.

from ungawatch.web import create_app
app = create_app(Path("ungawatch.duckdb"))   # serve with uvicorn, or `ungawatch serve`
"""

from ungawatch.web.app import create_app

__all__ = ["create_app"]
