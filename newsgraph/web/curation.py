"""Curation in the web explorer: the entity page's merge / split / rename form posts here. The
router is mounted only when the explorer is started with ``--allow-edits``; otherwise the
explorer stays read-only. A post must come from the explorer's own pages (same origin)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from newsgraph.errors import NewsgraphError
from newsgraph.identity import curation
from newsgraph.identity.lookup import one_entity

router = APIRouter(include_in_schema=False)


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site (the explorer has no login to protect it)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "Edits are accepted only from the explorer's own pages.")


@router.post("/entity/{entity_id}/curate")
def curate(
    request: Request,
    entity_id: int,
    action: Annotated[str, Form()],
    other: Annotated[str, Form()] = "",
    form: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
):
    from newsgraph.store import open_store
    from newsgraph.web.views import entity_url

    _same_origin(request)
    target = entity_id
    try:
        with open_store(request.app.state.stores.path) as store, store.transaction():
            if action == "merge":
                curation.merge_entities(store.conn, entity_id, one_entity(store, other))
            elif action == "split":
                target = curation.split_entity(store.conn, entity_id, form)
            elif action == "rename":
                curation.rename_entity(store.conn, entity_id, name)
            else:
                raise NewsgraphError(f"unknown action {action!r}")
    except NewsgraphError as exc:
        raise HTTPException(400, str(exc)) from exc
    return RedirectResponse(entity_url(target), status_code=303)
