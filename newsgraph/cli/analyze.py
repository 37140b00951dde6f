"""``newsgraph analyze`` (one article, as a report or the record) and ``newsgraph schema``."""

from __future__ import annotations

import argparse
import json
import sys

from newsgraph.cli.inputs import read_input


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsgraph.pipeline import analyze
    from newsgraph.report import render

    article = analyze(read_input(args.path), url=args.url, date=args.date, language=args.language)
    sys.stdout.write(render(article, args.format))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from newsgraph.record import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def add_parsers(subparsers) -> None:
    p = subparsers.add_parser("analyze", help="analyse one article (HTML or plain text; - for stdin)")
    p.add_argument("path")
    p.add_argument("--format", choices=["markdown", "json", "html"], default="markdown")
    p.add_argument("--url", help="the article's address, if known")
    p.add_argument("--date", help="publication date (ISO), overriding what the article says")
    p.add_argument("--language", help="analyse even if the text is detected as another language")
    p.set_defaults(func=cmd_analyze)

    p = subparsers.add_parser("schema", help="print the JSON Schema of the article record")
    p.set_defaults(func=cmd_schema)
