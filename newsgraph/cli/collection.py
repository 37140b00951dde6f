"""The collection's subcommands (ingest, search, entity, stories, export, stats, and quotes,
over a store or over article files): argparse wiring plus table (rich) or JSON output over
``newsgraph.collection`` and the ``Store`` API."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

from newsgraph.cli.inputs import read_input
from newsgraph.errors import NewsgraphError

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _open(args: argparse.Namespace, readonly: bool = True):
    from newsgraph.store import open_store

    return open_store(args.db, readonly=readonly)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


def _table(title: str, columns: list[str], rows: list[list], caption: str | None = None):
    from rich.table import Table

    table = Table(title=title, caption=caption, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    return table


def _snippet_markup(snippet: str) -> str:
    """The API's HTML snippet as rich markup: matches in bold, text unescaped, brackets safe."""
    from rich.markup import escape

    parts = _MARK.split(snippet)  # odd indices are the matched words
    return "".join(
        f"[bold yellow]{escape(html.unescape(p))}[/]" if i % 2 else escape(html.unescape(p))
        for i, p in enumerate(parts)
    ).replace("\n", " ")


def _add_db(
    p: argparse.ArgumentParser, required: bool = True, formats: tuple[str, ...] = ("table", "json")
) -> None:
    p.add_argument("--db", required=required, help="the SQLite store")
    p.add_argument("--format", choices=formats, default="table", dest="output")


# -- commands --------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from newsgraph.collection import ingest

    with _open(args, readonly=False) as store:
        report = ingest(
            store,
            args.paths,
            workers=args.workers,
            batch_size=args.batch_size,
            commit_every=args.commit_every,
            progress=not args.quiet,
            stories=not args.no_stories,
            metadata=args.meta,
            path_date=args.path_date,
        )
    if args.output == "json":
        _print_json(report.to_dict())
    else:
        reasons = ", ".join(f"{r}: {n}" for r, n in report.failure_reasons.items())
        matched = (
            ""
            if report.metadata_matched is None
            else f"; metadata for {report.metadata_matched}, none for {report.metadata_unmatched}"
        )
        print(
            f"stored {report.stored}, metadata updated {report.updated}, unchanged {report.unchanged}, "
            f"failed {report.failed}"
            f"{f' ({reasons})' if reasons else ''}; {report.seconds:.1f} s, "
            f"{report.docs_per_second:.1f} docs/s"
            + matched
            + (f"; {report.stories} stories" if report.stories is not None else "")
        )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        _ambiguity_note(store, args.speaker or args.entity)
        from newsgraph.store.filters import SearchFilter

        filters = SearchFilter(
            q=args.query,
            speaker=args.speaker,
            entity=args.entity,
            publisher=args.publisher,
            since=args.since,
            until=args.until,
        )
        result = store.search(filters, limit=args.limit, offset=args.offset)
    if args.output == "json":
        _print_json(result)
        return 0
    # The id is what `serve` links (/article/ID) and the store's other commands take.
    rows = [
        [
            i + args.offset + 1,
            hit["id"],
            hit["published"] or "",
            hit["publisher"] or "",
            hit["title"] or "",
            _snippet_markup(hit["snippet"]),
        ]
        for i, hit in enumerate(result["hits"])
    ]
    _console().print(
        _table(
            f"{result['total']} articles match",
            ["#", "id", "published", "publisher", "title", "snippet"],
            rows,
        )
    )
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    if args.db:
        return cmd_quotes_db(args)
    if not args.paths:
        raise NewsgraphError("quotes needs article PATHs, or --db for a store")
    return cmd_quotes_paths(args.paths)


def cmd_quotes_paths(paths: list[str]) -> int:
    """One JSON line per article: its attributions with offsets into the file's own text. A file
    that cannot be analysed gets an error line naming it, and the others go on (exit 2 at the end)."""
    from newsgraph.evaluate.attribution import quotes_line
    from newsgraph.pipeline import analyze

    failed = 0
    for path in paths:
        try:
            article = analyze(read_input(path))
        except NewsgraphError as exc:
            print(f"newsgraph: error: {path}: {exc}", file=sys.stderr, flush=True)
            failed += 1
            continue
        print(json.dumps(quotes_line(article, Path(path).stem), ensure_ascii=False), flush=True)
    return 2 if failed else 0


def _statements(args: argparse.Namespace):
    from newsgraph.store.filters import StatementFilter

    return StatementFilter.parse(args.act, args.kind, args.resolved, args.all)


def cmd_quotes_db(args: argparse.Namespace) -> int:
    with _open(args) as store:
        _ambiguity_note(store, args.speaker)
        from newsgraph.store.filters import QuoteFilter

        filters = QuoteFilter(
            speaker=args.speaker,
            q=args.search,
            since=args.since,
            until=args.until,
            statements=_statements(args),
        )
        result = store.quotes(filters, sort=args.sort, limit=args.limit, offset=args.offset)
    if args.output == "json":
        _print_json(result)
        return 0
    rows = [
        [
            q["published"] or "",
            q["speaker_entity"] or q["speaker"] or "",
            q["act"],
            q["kind"],
            q["text"],
            q["title"] or q["article_id"],
        ]
        for q in result["quotes"]
    ]
    what = "quotes" if args.all or args.act not in (None, "speech") else "statements"
    columns = ["published", "speaker", "act", "kind", "quote", "article"]
    _console().print(_table(f"{result['total']} {what}", columns, rows))
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    with _open(args) as store:
        profile = store.entity_profile(args.name, statements=_statements(args))
    if profile is None:
        raise NewsgraphError(f"no entity called {args.name!r} in {args.db}")
    if args.output == "json":
        _print_json(profile)
        return 0
    console = _console()
    console.print(
        f"[bold]{profile['name']}[/] ({profile['type']}, id {profile['id']}): "
        f"{profile['articles']} articles, {profile['mentions']} mentions"
    )
    if profile["aliases"]:
        console.print("aliases: " + ", ".join(profile["aliases"]), markup=False)
    if profile["titles"]:
        console.print(
            "titles: " + ", ".join(f"{t['title']} ({t['count']})" for t in profile["titles"]), markup=False
        )
    console.print(
        _table(
            "mentions over time",
            ["month", "articles", "mentions"],
            [[m["month"], m["articles"], m["mentions"]] for m in profile["timeline"]],
        )
    )
    console.print(
        _table(
            f"quotes ({profile['quotes']['total']})",
            ["published", "quote", "article"],
            [[q["published"], q["text"], q["title"] or q["article_id"]] for q in profile["quotes"]["quotes"]],
        )
    )
    console.print(
        _table(
            "co-occurring entities",
            ["entity", "type", "articles"],
            [[e["name"], e["type"], e["articles"]] for e in profile["cooccurring"]],
        )
    )
    console.print(
        _table(
            "events",
            ["published", "event", "actor", "target", "trigger"],
            [[e["published"], e["type"], e["actor"], e["target"], e["trigger"]] for e in profile["events"]],
        )
    )
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    if args.rebuild:
        from newsgraph.collection import rebuild_derived

        with _open(args, readonly=False) as store, store.transaction():
            rebuild_derived(store)
    with _open(args) as store:
        result = store.stories(limit=args.limit, offset=args.offset)
    if args.output == "json":
        _print_json(result)
        return 0
    console = _console()
    console.print(f"{result['total']} stories")
    for story in result["stories"]:
        rows = [
            [
                a["published"] or "",
                a["publisher"] or "",
                a["title"] or a["id"],
                f"copy of {a['duplicate_of']}" if a["duplicate_of"] else "",
            ]
            for a in story["articles"]
        ]
        console.print(
            _table(
                f"{story['label']} ({story['size']} articles)",
                ["published", "publisher", "title", "duplicate"],
                rows,
            )
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from newsgraph.store.export import export

    with _open(args) as store:
        written = export(store, args.export_format, args.out)
    for name, count in written.items():
        print(f"{args.out}/{name}: {count} rows")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as store:
        stats = store.stats()
    if args.output == "json":
        _print_json(stats)
        return 0
    console = _console()
    first, last = stats["published_range"]["first"], stats["published_range"]["last"]
    console.print(
        f"{args.db}: schema v{stats['schema_version']}, {stats['db_bytes'] / 1e6:.1f} MB "
        f"({(stats['bytes_per_article'] or 0) / 1024:.1f} KB per article), published {first} to {last}",
        markup=False,
    )
    console.print(_table("rows", ["table", "rows"], [[t, n] for t, n in stats["counts"].items()]))
    console.print(
        _table(
            "failures by reason",
            ["reason", "documents"],
            [[f["reason"], f["count"]] for f in stats["failures_by_reason"]],
        )
    )
    console.print(
        _table(
            "latest failures",
            ["source", "reason", "error"],
            [[f["source"], f["reason"], f["error"]] for f in stats["failures"]],
        )
    )
    console.print(
        _table(
            "top speakers",
            ["speaker", "quotes", "articles"],
            [[s["name"], s["quotes"], s["articles"]] for s in stats["top_speakers"]],
        )
    )
    console.print(
        _table(
            "top entities",
            ["entity", "type", "articles", "mentions"],
            [[e["name"], e["type"], e["articles"], e["mentions"]] for e in stats["top_entities"]],
        )
    )
    console.print(
        _table(
            "publishers", ["publisher", "articles"], [[p["name"], p["articles"]] for p in stats["publishers"]]
        )
    )
    return 0


# -- wiring ----------------------------------------------------------------------------------


def _add_query_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", help="published on or after (ISO date)")
    p.add_argument("--until", help="published on or before (ISO date)")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)


def _add_statement_options(p: argparse.ArgumentParser) -> None:
    """Which quotes to list: statements (speech with real content) unless these say otherwise."""
    from newsgraph.acts import ACTS
    from newsgraph.store.filters import QUOTE_KINDS

    p.add_argument("--act", choices=ACTS, help="what the cue reports (default: speech)")
    p.add_argument("--kind", choices=QUOTE_KINDS)
    resolved = p.add_mutually_exclusive_group()
    resolved.add_argument(
        "--resolved", action="store_const", const=True, help="only speakers resolved to an entity"
    )
    resolved.add_argument(
        "--unresolved",
        action="store_const",
        const=False,
        dest="resolved",
        help="only speakers not resolved to an entity",
    )
    p.add_argument(
        "--all", action="store_true", help="every attribution, not only statements (speech with real content)"
    )


def _add_quotes_db_options(p: argparse.ArgumentParser, formats: tuple[str, ...] = ("table", "json")) -> None:
    """The store mode of ``quotes``: every quote by a speaker across the collection."""
    _add_db(p, required=False, formats=formats)
    p.add_argument("--speaker", help="a name, alias or surname (with --db)")
    p.add_argument("--search", help="words the quote must contain (with --db)")
    p.add_argument("--sort", choices=["date", "-date", "rank"], default="date")
    _add_statement_options(p)
    _add_query_filters(p)


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "ingest", help="analyse documents (folders, .txt/.html, .jsonl, .warc(.gz), RSS/Atom) into a store"
    )
    p.add_argument("paths", nargs="+")
    _add_db(p)
    # Defaults (None) come from the settings: processes, batch_size, store.commit_every.
    p.add_argument("--workers", type=int, help="analysis processes (default: settings, 1)")
    p.add_argument("--batch-size", type=int, help="documents per nlp.pipe batch (default: settings, 16)")
    p.add_argument("--commit-every", type=int, help="documents per transaction (default: settings, 64)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-stories", action="store_true", help="do not rebuild stories afterwards")
    p.add_argument(
        "--meta",
        metavar="FILE",
        help="CSV/TSV of the documents' metadata: a file/path/filename/id (or url) column, "
        "title, published (date, publication_date), publisher, author, url; other columns kept",
    )
    p.add_argument(
        "--path-date",
        metavar="PATTERN",
        help="read publication dates from paths: %%Y-%%m-%%d style, or a regex with "
        "(?P<year>…)(?P<month>…)(?P<day>…) groups",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="ranked full-text search of a store, with snippets")
    p.add_argument("query", nargs="?", default="")
    _add_db(p)
    p.add_argument("--speaker", help="only articles quoting this person")
    p.add_argument("--entity", help="only articles mentioning this entity")
    p.add_argument("--publisher")
    _add_query_filters(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stories", help="near-duplicates and story clusters in a store")
    _add_db(p)
    p.add_argument("--rebuild", action="store_true", help="recompute the clusters first")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("export", help="export a store as JSONL records, CSV tables or Parquet")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl", dest="export_format")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", help="counts, failures, top speakers and entities of a store")
    _add_db(p)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("quotes", help="who said what: attribute PATHs (JSON Lines), or query a store (--db)")
    p.add_argument("paths", nargs="*", help="articles to attribute (without --db)")
    # Without --db, PATHs are attributed and printed as JSON Lines in the shared scorer's format.
    _add_quotes_db_options(p, formats=("table", "json", "jsonl"))
    p.set_defaults(func=cmd_quotes)


def _ambiguity_note(store, name: str | None) -> None:
    from newsgraph.cli.entities import ambiguity_note  # the entity commands build on this module

    ambiguity_note(store, name)
