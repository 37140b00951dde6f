"""The server-rendered pages. Each handler asks the store's read API for one page's data and
renders one template; they are plain ``def`` so FastAPI runs them in its thread pool, each
thread with its own read-only SQLite connection (see ``stores.py``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException

from newsgraph.web import charts, views
from newsgraph.web.analyse import AnalyzeError, analyze_input, read_upload
from newsgraph.web.limits import MAX_UPLOAD_BYTES, MULTIPART_OVERHEAD, PAGE_SIZE
from newsgraph.web.params import (
    PAGE_SIZES,
    ArticleFilters,
    ArticleSort,
    EdgeKinds,
    EntitySort,
    Limit,
    MinWeight,
    Offset,
    QuoteFilters,
    QuoteSort,
    SearchFilters,
    Text,
    Unit,
    clean,
)
from newsgraph.web.stores import StoreDep, StoresDep

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/")
def home(request: Request, stores: StoresDep):
    context = {"stats": stores.stats(), "latest": stores.get().list_articles(limit=10)["articles"]}
    return views.render(request, "index.html", context)


@router.get("/search")
def search(request: Request, store: StoreDep, filters: SearchFilters, offset: Offset = 0):
    results = store.search(filters, limit=PAGE_SIZE, offset=offset)
    context = {
        "q": filters.q,
        "params": filters.params(),
        "results": results,
        "ambiguous": store.ambiguous_names(speaker=filters.speaker, entity=filters.entity),
        "offset": offset,
        "limit": PAGE_SIZE,
    }
    return views.render(request, "search.html", context)


@router.get("/article/{article_id}")
def article(request: Request, store: StoreDep, article_id: str):
    record = store.get_article(article_id)
    if record is None:
        raise HTTPException(404, f"No article with id {article_id!r} in this collection.")
    refs = {local: str(global_id) for local, global_id in store.article_entity_ids(article_id).items()}
    context = views.article_context(record, entity_refs=refs)
    context["sources"] = views.source_links(store.sources_of(article_id))
    return views.render(request, "article.html", context)


@router.get("/entity/{ref:path}")
def entity(request: Request, store: StoreDep, ref: str, filters: QuoteFilters, offset: Offset = 0):
    ambiguous = store.ambiguous_names(entity=ref)
    if ambiguous:
        return views.render(request, "ambiguous.html", {"found": ambiguous["entity"]}, status_code=300)
    profile = store.entity_profile(ref, statements=filters.statements)
    if profile is None:
        raise HTTPException(404, f"No person, organisation or place called {ref!r} in this collection.")
    # the page's own entity is the speaker (the links keep the other filters; its id is the path)
    filters = replace(filters, speaker=None)
    quotes = store.quotes(replace(filters, speaker=str(profile["id"])), limit=PAGE_SIZE, offset=offset)
    return views.render(
        request,
        "entity.html",
        {
            "profile": profile,
            "quotes": quotes,
            "statements": filters.statements,
            "params": filters.params(),
            "offset": offset,
            "limit": PAGE_SIZE,
        },
    )


@router.get("/entity")
def entity_by_name(name: Annotated[str, Query(min_length=1, max_length=500)]):
    """A name typed into a form: the entity page of that name (or its candidates)."""
    return RedirectResponse(views.entity_url(name.strip()), status_code=303)


@router.get("/compare")
def compare(
    request: Request,
    store: StoreDep,
    entity: Annotated[list[str] | None, Query(max_length=10)] = None,
    unit: Unit = "auto",
):
    found = [(ref, store.entity_summary(ref)) for ref in entity or [] if ref.strip()]
    return views.render(
        request,
        "compare.html",
        {
            "entities": [summary for _, summary in found if summary],
            "missing": [ref for ref, summary in found if summary is None],
            "unit": unit,
        },
    )


@router.get("/articles")
def articles(
    request: Request,
    stores: StoresDep,
    filters: ArticleFilters,
    sort: ArticleSort = "-date",
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
):
    results = stores.get().browse_articles(filters, sort=sort, limit=limit, offset=offset)
    results["facets"] = stores.article_facets(filters)
    return _sorted_list(request, "articles.html", results, filters.params(), sort, limit, offset)


@router.get("/entities")
def entities(
    request: Request,
    store: StoreDep,
    type: Text = None,
    q: Text = None,
    sort: EntitySort = "articles",
    limit: Limit = PAGE_SIZE,
    offset: Offset = 0,
):
    filters = clean(type=type, q=q)
    results = store.browse_entities(sort=sort, **filters, limit=limit, offset=offset)
    return _sorted_list(request, "entities.html", results, filters, sort, limit, offset)


def _sorted_list(
    request: Request, template: str, results: dict, filters: dict, sort: str, limit: int, offset: int
):
    """A list page with a sort and a page size (articles, entities): its links keep both."""
    context = {
        "results": results,
        "filters": filters,
        "params": {**filters, "sort": sort, "limit": limit},
        "sort": sort,
        "offset": offset,
        "limit": limit,
        "page_sizes": PAGE_SIZES,
    }
    return views.render(request, template, context)


@router.get("/quotes")
def quotes(
    request: Request,
    store: StoreDep,
    filters: QuoteFilters,
    sort: QuoteSort = "-date",
    offset: Offset = 0,
):
    results = store.quotes(filters, sort=sort, limit=PAGE_SIZE, offset=offset)
    return views.render(
        request,
        "quotes.html",
        {
            "results": results,
            "statements": filters.statements,
            "ambiguous": store.ambiguous_names(speaker=filters.speaker),
            "params": {**filters.params(), "sort": sort},
            "sort": sort,
            "offset": offset,
            "limit": PAGE_SIZE,
        },
    )


@router.get("/stories")
def stories(request: Request, store: StoreDep, offset: Offset = 0):
    results = store.stories(limit=PAGE_SIZE, offset=offset)
    return views.render(
        request, "stories.html", {"results": results, "params": {}, "offset": offset, "limit": PAGE_SIZE}
    )


@router.get("/network")
def network(
    request: Request,
    stores: StoresDep,
    entity: Text = None,
    kind: EdgeKinds = None,
    min_weight: MinWeight = 1,
):
    kinds = charts.selected_kinds(kind)
    focus, graph = stores.network_around(entity)
    picture = charts.network_picture(graph, kinds, min_weight) if graph else None
    return views.render(
        request,
        "network.html",
        {
            "entity": entity,
            "focus": focus,
            "ambiguous": stores.get().ambiguous_names(entity=entity),
            "picture": picture,
            "kinds": charts.edge_kinds(),
            "selected": kinds,
            "min_weight": min_weight,
            "params": clean(entity=entity, kind=kind, min_weight=min_weight if min_weight > 1 else None),
        },
        status_code=404 if graph is None else 200,
    )


@router.get("/api/docs")
def api_docs(request: Request):
    return views.render(request, "api_docs.html", {})


@router.get("/analyse")
def analyse_form(request: Request):
    return views.render(request, "analyse.html", {"max_kib": MAX_UPLOAD_BYTES // 1024})


@router.post("/analyse", max_body_size=MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD)
def analyse_page(
    request: Request,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
):
    try:
        article = analyze_input(text, read_upload(file, MAX_UPLOAD_BYTES), url, date)
    except AnalyzeError as exc:
        context = {
            "max_kib": MAX_UPLOAD_BYTES // 1024,
            "error": str(exc),
            "text": text,
            "url": url,
            "date": date,
        }
        return views.render(request, "analyse.html", context, status_code=exc.status)
    return views.render(request, "article.html", views.article_context(article, stored=False))
