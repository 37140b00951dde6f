"""The JSON API under ``/api/``: the same data as the pages, straight from the store's read
API (its OpenAPI description is ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from newsgraph.record import Article
from newsgraph.report import sections
from newsgraph.web.analyse import AnalyzeError, analyze_input, read_upload
from newsgraph.web.limits import (
    MAX_UPLOAD_BYTES,
    MULTIPART_OVERHEAD,
    NETWORK_RETRY_SECONDS,
)
from newsgraph.web.params import (
    DEFAULT_LIMIT,
    Limit,
    Offset,
    QuoteSort,
    Since,
    Statements,
    Text,
    Until,
    clean,
)
from newsgraph.web.stores import StoreDep, StoresDep

router = APIRouter(tags=["collection"])


@router.get("/stats", summary="Counts, top speakers, entities and publishers (refreshed every few minutes)")
def stats(stores: StoresDep) -> dict:
    return stores.stats()


@router.get("/articles", summary="Articles, newest first")
def articles(store: StoreDep, publisher: Text = None, entity: Text = None, since: Since = None,
             until: Until = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    return store.list_articles(limit=limit, offset=offset,
                               **clean(publisher=publisher, entity=entity, since=since, until=until))


@router.get("/articles/{article_id}", summary="One article's full record", response_model=Article)
def article(store: StoreDep, article_id: str) -> Article:
    record = store.get_article(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return record


@router.get("/articles/{article_id}/provenance", summary="Where an article came from: its sources (paths, "
            "URLs) and where its date came from")
def provenance(store: StoreDep, article_id: str) -> dict:
    record = store.get_article(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {"id": record.id, "url": record.url, "sources": store.sources_of(article_id),
            "published": record.published, "date_source": record.date_source,
            "date_source_text": sections.date_provenance(record.date_source),
            "reference_date": record.reference_date, "reference_date_source": record.reference_date_source}


@router.get("/search", summary="Full-text search with facets")
def search(store: StoreDep, q: Text = None, speaker: Text = None, entity: Text = None,
           publisher: Text = None, since: Since = None, until: Until = None,
           limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    return store.search(limit=limit, offset=offset, **clean(q=q, speaker=speaker, entity=entity,
                                                             publisher=publisher, since=since, until=until))


@router.get("/entities", summary="Entities, most covered first")
def entities(store: StoreDep, type: Text = None, q: Text = None, limit: Limit = DEFAULT_LIMIT,
             offset: Offset = 0) -> list[dict]:
    return store.entities(limit=limit, offset=offset, **clean(type=type, q=q))


@router.get("/entities/{ref:path}", summary="A person's or organisation's profile (id or name)")
def entity(store: StoreDep, ref: str, statements: Statements) -> dict:
    profile = store.entity_profile(ref, statements=statements)
    if profile is None:
        raise HTTPException(404, f"no entity {ref!r}")
    return profile


@router.get("/quotes", summary="Who said what across the collection: statements (speech with real "
                                 "content) unless act, kind, resolved or all=1 say otherwise")
def quotes(store: StoreDep, statements: Statements, speaker: Text = None, q: Text = None,
           since: Since = None, until: Until = None, sort: QuoteSort = "-date", limit: Limit = DEFAULT_LIMIT,
           offset: Offset = 0) -> dict:
    return store.quotes(sort=sort, limit=limit, offset=offset, statements=statements,
                        **clean(speaker=speaker, q=q, since=since, until=until))


@router.get("/stories", summary="Clusters of articles on the same story")
def stories(store: StoreDep, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    return store.stories(limit=limit, offset=offset)


@router.get("/network", summary="Who met, aided, criticised or is quoted with whom",
            responses={202: {"description": "Being computed: retry after the Retry-After seconds."}})
def network(stores: StoresDep, entity: Text = None):
    graph = stores.network(entity)
    if graph is None:
        return JSONResponse({"detail": "the network is being computed"}, status_code=202,
                            headers={"Retry-After": str(NETWORK_RETRY_SECONDS)})
    return graph


@router.post("/analyse", summary="Analyse an article without storing it", response_model=Article,
             tags=["analysis"], max_body_size=MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD)
def analyse(text: Annotated[str, Form()] = "", file: Annotated[UploadFile | None, File()] = None,
            url: Annotated[str, Form()] = "", date: Annotated[str, Form()] = "") -> Article:
    try:
        return analyze_input(text, read_upload(file, MAX_UPLOAD_BYTES), url, date)
    except AnalyzeError as exc:
        raise HTTPException(exc.status, str(exc)) from exc
