"""``newsgraph serve``: run the explorer with uvicorn on 127.0.0.1 (local by default: the store
may hold material the user has not published)."""

from __future__ import annotations

import argparse
import os
import sys

from newsgraph.errors import NewsgraphError


def add_parsers(subparsers) -> None:
    p = subparsers.add_parser("serve", help="open the web explorer over a store (or the bundled examples)")
    p.add_argument("--db", help="the store made by `newsgraph ingest`; without it, the bundled examples")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)"
    )
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="server processes")
    p.add_argument(
        "--allow-edits", action="store_true", help="entity pages may merge, split and rename entities"
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from newsgraph.collection import examples_store
    from newsgraph.web.app import DB_ENV, EDITS_ENV, create_app

    if args.workers < 1:
        raise NewsgraphError("--workers must be at least 1")
    db_path = args.db
    if db_path is None:
        print("newsgraph: no --db given; serving the bundled examples…", file=sys.stderr)
        db_path = examples_store()
    create_app(db_path)  # opens the store once now: a bad --db fails here, not per request
    os.environ[DB_ENV] = str(db_path)  # how each uvicorn worker finds the store
    os.environ[EDITS_ENV] = "1" if args.allow_edits else "0"
    print(f"newsgraph: serving {db_path} on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(
        "newsgraph.web.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
    )
    return 0
