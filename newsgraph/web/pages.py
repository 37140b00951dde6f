"""The server-rendered pages. Each handler asks the store's read API for one page's data and
renders one template; they are plain ``def`` so FastAPI runs them in its thread pool, each
thread with its own read-only SQLite connection (see ``stores.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from newsgraph.web import charts, views
from newsgraph.web.analyse import AnalyzeError, analyze_input, read_upload
from newsgraph.web.limits import MAX_UPLOAD_BYTES, MULTIPART_OVERHEAD, NETWORK_RETRY_SECONDS, PAGE_SIZE
from newsgraph.web.params import Offset, QuoteSort, Since, Statements, Text, Until, clean
from newsgraph.web.stores import StoreDep, StoresDep

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/")
def home(request: Request, stores: StoresDep):
    context = {"stats": stores.stats(),
               "latest": stores.get().list_articles(limit=10)["articles"]}
    return views.render(request, "index.html", context)


@router.get("/search")
def search(request: Request, store: StoreDep, q: Text = None, speaker: Text = None,
           entity: Text = None, publisher: Text = None, since: Since = None, until: Until = None,
           offset: Offset = 0):
    params = clean(q=q, speaker=speaker, entity=entity, publisher=publisher, since=since, until=until)
    results = store.search(**params, limit=PAGE_SIZE, offset=offset)
    return views.render(request, "search.html", {"q": q, "params": params, "results": results,
                                                 "offset": offset, "limit": PAGE_SIZE})


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
def entity(request: Request, store: StoreDep, ref: str, statements: Statements, q: Text = None,
           since: Since = None, until: Until = None, offset: Offset = 0):
    profile = store.entity_profile(ref, statements=statements)
    if profile is None:
        raise HTTPException(404, f"No person, organisation or place called {ref!r} in this collection.")
    filters = clean(q=q, since=since, until=until)
    quotes = store.quotes(speaker=str(profile["id"]), **filters, sort="-date", limit=PAGE_SIZE, offset=offset,
                          statements=statements)
    filters.update(statements.params())
    chart = charts.bar_chart(profile["timeline"], "month", "mentions")
    return views.render(request, "entity.html", {"profile": profile, "quotes": quotes, "chart": chart,
                                                 "params": filters, "offset": offset, "limit": PAGE_SIZE})


@router.get("/quotes")
def quotes(request: Request, store: StoreDep, statements: Statements, speaker: Text = None, q: Text = None,
           since: Since = None, until: Until = None, sort: QuoteSort = "-date", offset: Offset = 0):
    filters = clean(speaker=speaker, q=q, since=since, until=until)
    results = store.quotes(**filters, sort=sort, limit=PAGE_SIZE, offset=offset, statements=statements)
    filters.update(statements.params())
    return views.render(request, "quotes.html", {"results": results, "params": {**filters, "sort": sort},
                                                 "sort": sort, "offset": offset, "limit": PAGE_SIZE})


@router.get("/stories")
def stories(request: Request, store: StoreDep, offset: Offset = 0):
    results = store.stories(limit=PAGE_SIZE, offset=offset)
    return views.render(request, "stories.html", {"results": results, "params": {}, "offset": offset,
                                                  "limit": PAGE_SIZE})


@router.get("/network")
def network(request: Request, stores: StoresDep, entity: Text = None):
    graph = stores.network(entity)
    if graph is None:
        return views.render(request, "network.html", {"pending": True, "entity": entity,
                                                      "retry_seconds": NETWORK_RETRY_SECONDS},
                            status_code=202)
    layout = charts.graph_layout(graph["nodes"], graph["edges"])
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    return views.render(request, "network.html", {"layout": layout, "edges": graph["edges"],
                                                  "names": names, "entity": entity})


@router.get("/analyse")
def analyse_form(request: Request):
    return views.render(request, "analyse.html", {"max_kib": MAX_UPLOAD_BYTES // 1024})


@router.post("/analyse", max_body_size=MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD)
def analyse_page(request: Request, text: Annotated[str, Form()] = "",
                 file: Annotated[UploadFile | None, File()] = None,
                 url: Annotated[str, Form()] = "", date: Annotated[str, Form()] = ""):
    try:
        article = analyze_input(text, read_upload(file, MAX_UPLOAD_BYTES), url, date)
    except AnalyzeError as exc:
        context = {"max_kib": MAX_UPLOAD_BYTES // 1024, "error": str(exc), "text": text,
                   "url": url, "date": date}
        return views.render(request, "analyse.html", context, status_code=exc.status)
    return views.render(request, "article.html", views.article_context(article, stored=False))
