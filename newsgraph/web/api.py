"""The JSON API under ``/api/``: the same data as the pages, straight from the store's read
API (its OpenAPI description is ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException

from newsgraph.record import Article
from newsgraph.report import sections
from newsgraph.web.analyse import AnalyzeError, analyze_input, read_upload
from newsgraph.web.charts import selected_kinds, shown_graph
from newsgraph.web.exports import Format, NetworkFormat, network_response, stream_rows
from newsgraph.web.limits import MAX_UPLOAD_BYTES, MULTIPART_OVERHEAD
from newsgraph.web.params import (
    DEFAULT_LIMIT,
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
    Statements,
    Text,
    Unit,
    clean,
)
from newsgraph.web.stores import StoreDep, StoresDep
from newsgraph.web.volume import volume

router = APIRouter(tags=["collection"])


@router.get(
    "/stats",
    summary="Counts, top speakers, entities and publishers (follows the store within one computation)",
)
def stats(stores: StoresDep) -> dict:
    return stores.stats()


@router.get("/articles", summary="Articles, sorted and filtered, with facets (publisher, month, language)")
def articles(
    stores: StoresDep,
    filters: ArticleFilters,
    sort: ArticleSort = "-date",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict:
    return {
        **stores.get().browse_articles(filters, sort=sort, limit=limit, offset=offset),
        "facets": stores.article_facets(filters),
    }


@router.get("/articles/{article_id}", summary="One article's full record", response_model=Article)
def article(store: StoreDep, article_id: str) -> Article:
    record = store.get_article(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return record


@router.get(
    "/articles/{article_id}/provenance",
    summary="Where an article came from: its sources (paths, URLs) and where its date came from",
)
def provenance(store: StoreDep, article_id: str) -> dict:
    record = store.get_article(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return {
        "id": record.id,
        "url": record.url,
        "sources": store.sources_of(article_id),
        "published": record.published,
        "date_source": record.date_source,
        "date_source_text": sections.date_provenance(record.date_source),
        "reference_date": record.reference_date,
        "reference_date_source": record.reference_date_source,
    }


@router.get("/search", summary="Full-text search with facets")
def search(store: StoreDep, filters: SearchFilters, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    ambiguous = store.ambiguous_names(speaker=filters.speaker, entity=filters.entity)
    return {**store.search(filters, limit=limit, offset=offset), "ambiguous": ambiguous}


@router.get("/entities", summary="Entities (of a type, whose name starts with q), most covered first")
def entities(
    store: StoreDep,
    type: Text = None,
    q: Text = None,
    sort: EntitySort = "articles",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> list[dict]:
    return store.browse_entities(sort=sort, limit=limit, offset=offset, **clean(type=type, q=q))["entities"]


@router.get(
    "/entities/{ref:path}",
    summary="A person's or organisation's profile (id or name); 300 with the candidates when "
    "several people answer to the name",
    response_model=None,
    responses={300: {"description": "Ambiguous name: {detail, ambiguous: {entity: {name, candidates}}}"}},
)
def entity(store: StoreDep, ref: str, statements: Statements) -> dict | JSONResponse:
    ambiguous = store.ambiguous_names(entity=ref)
    if ambiguous:
        detail = f"{ref!r} could be several entities: ask for one by its id"
        return JSONResponse({"detail": detail, "ambiguous": ambiguous}, status_code=300)
    profile = store.entity_profile(ref, statements=statements)
    if profile is None:
        raise HTTPException(404, f"no entity {ref!r}")
    return profile


@router.get(
    "/quotes",
    summary="Who said what across the collection: statements (speech with real "
    "content) unless act, kind, resolved or all=1 say otherwise",
)
def quotes(
    store: StoreDep,
    filters: QuoteFilters,
    sort: QuoteSort = "-date",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict:
    return {
        **store.quotes(filters, sort=sort, limit=limit, offset=offset),
        "ambiguous": store.ambiguous_names(speaker=filters.speaker),
    }


@router.get("/stories", summary="Clusters of articles on the same story")
def stories(store: StoreDep, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict:
    return store.stories(limit=limit, offset=offset)


@router.get(
    "/network", summary="Who met, aided, criticised, is quoted with or about whom, laid out (x, y in [0, 1])"
)
def network(stores: StoresDep, entity: Text = None) -> dict:
    return {**_network(stores, entity), "ambiguous": stores.get().ambiguous_names(entity=entity)}


def _network(stores: StoresDep, entity: str | None) -> dict:
    graph = stores.network_around(entity)[1]
    if graph is None:
        raise HTTPException(404, f"no entity {entity!r}")
    return graph


# -- the time axis ----------------------------------------------------------------------------


@router.get("/volume", summary="Articles per day, week or month among those a search finds", tags=["charts"])
def search_volume(store: StoreDep, filters: SearchFilters, unit: Unit = "auto") -> dict:
    return volume([("articles", store.days(filters))], unit)


@router.get(
    "/volume/entities", summary="Articles naming each entity per period, on one time axis", tags=["charts"]
)
def entities_volume(
    store: StoreDep, entity: Annotated[list[str], Query(max_length=10)], unit: Unit = "auto"
) -> dict:
    found = {ref: store.entity_summary(ref) for ref in entity}
    summaries = [summary for summary in found.values() if summary is not None]
    if len(summaries) < len(found):
        missing = next(ref for ref, summary in found.items() if summary is None)
        raise HTTPException(404, f"no entity {missing!r}")
    chart = volume([(summary["name"], store.entity_days(summary["id"])) for summary in summaries], unit)
    for series, summary in zip(chart["series"], summaries, strict=True):
        series["id"] = summary["id"]
    return chart


@router.get("/volume/stories/{story_id}", summary="A story's articles per period", tags=["charts"])
def story_volume(store: StoreDep, story_id: int, unit: Unit = "auto") -> dict:
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id}")
    return volume([(story["label"], store.story_days(story_id))], unit)


# -- exports: what each list page shows, every page, streamed ------------------------------------


@router.get(
    "/export/search.{fmt}",
    summary="Every article a search finds (the search page's filters)",
    tags=["exports"],
)
def export_search(stores: StoresDep, fmt: Format, filters: SearchFilters) -> StreamingResponse:
    return stream_rows(stores, lambda store: store.iter_search(filters), fmt, "search")


@router.get(
    "/export/quotes.{fmt}", summary="Every quote the quotes page (or an entity page) lists", tags=["exports"]
)
def export_quotes(
    stores: StoresDep, fmt: Format, filters: QuoteFilters, sort: QuoteSort = "-date"
) -> StreamingResponse:
    return stream_rows(stores, lambda store: store.iter_quotes(filters, sort=sort), fmt, "quotes")


@router.get("/export/articles.{fmt}", summary="Every article the articles page lists", tags=["exports"])
def export_articles(
    stores: StoresDep, fmt: Format, filters: ArticleFilters, sort: ArticleSort = "-date"
) -> StreamingResponse:
    return stream_rows(stores, lambda store: store.iter_articles(filters, sort=sort), fmt, "articles")


@router.get("/export/entities.{fmt}", summary="Every entity the entities page lists", tags=["exports"])
def export_entities(
    stores: StoresDep, fmt: Format, type: Text = None, q: Text = None, sort: EntitySort = "articles"
) -> StreamingResponse:
    filters = clean(type=type, q=q)
    return stream_rows(stores, lambda store: store.iter_entities(sort=sort, **filters), fmt, "entities")


@router.get("/export/stories.{fmt}", summary="Every story, one row per article", tags=["exports"])
def export_stories(stores: StoresDep, fmt: Format) -> StreamingResponse:
    return stream_rows(stores, lambda store: store.iter_stories(), fmt, "stories")


@router.get(
    "/export/network.{fmt}",
    summary="The network page's graph: edges as CSV, nodes and edges as JSON, or GraphML",
    tags=["exports"],
)
def export_network(
    stores: StoresDep,
    fmt: NetworkFormat,
    entity: Text = None,
    kind: EdgeKinds = None,
    min_weight: MinWeight = 1,
) -> StreamingResponse:
    kinds = selected_kinds(kind)
    return network_response(shown_graph(_network(stores, entity), kinds, min_weight), fmt, "network")


@router.post(
    "/analyse",
    summary="Analyse an article without storing it",
    response_model=Article,
    tags=["analysis"],
    max_body_size=MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD,
)
def analyse(
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Article:
    try:
        return analyze_input(text, read_upload(file, MAX_UPLOAD_BYTES), url, date)
    except AnalyzeError as exc:
        raise HTTPException(exc.status, str(exc)) from exc
