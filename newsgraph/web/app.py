"""The newsgraph web explorer: server-rendered pages over a read-only store, a JSON API under
``/api/`` and an Analyse page that renders any pasted or uploaded article without storing it.

Everything an article contains is untrusted: templates autoescape, links are only emitted for
http(s) URLs, SQL lives behind the store's parameterised read API, and every response carries a
script-src 'self' Content-Security-Policy (see ``security.py``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from newsgraph.web import api, pages, views
from newsgraph.web.limits import MAX_UPLOAD_BYTES, MULTIPART_OVERHEAD
from newsgraph.web.security import HardeningMiddleware
from newsgraph.web.stores import ReadOnlyStores

HERE = Path(__file__).resolve().parent


def create_app(db_path: str | Path | None = None, allow_edits: bool = False) -> FastAPI:
    """The explorer over the store at ``db_path``, opened read-only; with no store, only the
    Analyse page has something to show. ``allow_edits``: entity pages get the curation form
    (merge / split / rename, ``newsgraph/web/curation.py``)."""
    stores = ReadOnlyStores(db_path) if db_path else None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        if stores is not None:
            stores.warm()
        yield

    app = FastAPI(
        title="newsgraph explorer",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        form_limits={"max_part_size": MAX_UPLOAD_BYTES, "max_files": 1},
        exception_handlers={HTTPException: _http_error, RequestValidationError: _validation_error},
    )
    app.state.stores = stores
    app.state.allow_edits = allow_edits and stores is not None
    app.add_middleware(
        HardeningMiddleware, max_body_bytes=MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD, too_large=_too_large
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")
    if app.state.allow_edits:
        from newsgraph.web.curation import router as curation_router

        app.include_router(curation_router)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _too_large(request: Request) -> Response:
    return await _http_error(request, HTTPException(413))


async def _http_error(request: Request, exc: HTTPException) -> Response:
    message = exc.detail
    if exc.status_code == 413:
        message = f"The upload is too large: the limit is {MAX_UPLOAD_BYTES // 1024} KiB."
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=exc.status_code)
    return views.render(
        request, "error.html", {"status": exc.status_code, "message": message}, status_code=exc.status_code
    )


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
    if _wants_json(request):
        return JSONResponse({"detail": exc.errors()}, status_code=422)
    return views.render(request, "error.html", {"status": 422, "message": problems}, status_code=422)


DB_ENV = "NEWSGRAPH_DB"
EDITS_ENV = "NEWSGRAPH_ALLOW_EDITS"


def app_from_env() -> FastAPI:
    """The app over the store named by ``$NEWSGRAPH_DB``: uvicorn's factory for each worker."""
    return create_app(os.environ.get(DB_ENV) or None, allow_edits=os.environ.get(EDITS_ENV) == "1")
