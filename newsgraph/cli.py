"""The ``newsgraph`` command line. Each subcommand is a small function over the Python API."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from newsgraph.errors import NewsgraphError
from newsgraph.ingest.detect import MAX_INPUT_BYTES


def _read_input(path: str) -> bytes:
    """Read at most one byte past the input limit, so the ingest stage can refuse it clearly."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise NewsgraphError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return data


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsgraph.pipeline import analyze
    from newsgraph.report import render

    article = analyze(_read_input(args.path), url=args.url, date=args.date, language=args.language)
    sys.stdout.write(render(article, args.format))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from newsgraph.record import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    if args.db:
        from newsgraph.store.commands import cmd_quotes_db

        return cmd_quotes_db(args)
    if not args.paths:
        raise NewsgraphError("quotes needs article PATHs, or --db for a store")
    return cmd_quotes_paths(args.paths)


def cmd_quotes_paths(paths: list[str]) -> int:
    """One JSON line per article: its attributions with offsets into the file's own text."""
    from newsgraph.evaluate.attribution import quotes_line
    from newsgraph.pipeline import analyze

    for path in paths:
        article = analyze(_read_input(path))
        print(json.dumps(quotes_line(article, Path(path).stem), ensure_ascii=False), flush=True)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from newsgraph.evaluate import attribution, speakers

    polnear = Path(args.polnear) if args.polnear else attribution.POLNEAR
    if args.task == "attribution":
        pred = Path(args.pred) if args.pred else None
        attribution.evaluate(args.split, polnear, pred, args.limit)
        return 0
    if args.task == "agreement":
        attribution.annotator_agreement(polnear)
        return 0
    if args.task == "speed":
        texts = [p.read_text(encoding="utf-8") for p in attribution.split_texts(args.split, polnear)]
        cost = attribution.component_cost(texts[:args.limit])
        print(f"{cost['docs']} docs, {cost['words']} tokens: spaCy {cost['spacy_seconds']:.1f} s, "
              f"attribution {cost['attribution_seconds']:.1f} s = {cost['cost']:.0%} on top of spaCy")
        return 0
    speaker_set = Path(args.set) if args.set else speakers.SPEAKER_SET
    result = speakers.evaluate(speakers.load_set(speaker_set), polnear)
    for miss in result["misses"]:
        print(f"{miss['outcome']}: {miss['doc']} {miss['source'][0]} {miss['source_text']!r}: "
              f"{miss['predicted']!r} != {miss['speaker']!r}")
    print(speakers.report(result))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="analyse one article (HTML or plain text; - for stdin)")
    p.add_argument("path")
    p.add_argument("--format", choices=["markdown", "json", "html"], default="markdown")
    p.add_argument("--url", help="the article's address, if known")
    p.add_argument("--date", help="publication date (ISO), overriding what the article says")
    p.add_argument("--language", help="analyse even if the text is detected as another language")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("schema", help="print the JSON Schema of the article record")
    p.set_defaults(func=cmd_schema)

    from newsgraph.web.serve import add_serve_command

    add_serve_command(sub)

    from newsgraph.store.commands import add_quotes_db_options, add_store_commands

    add_store_commands(sub)
    p = sub.add_parser("quotes", help="who said what: attribute PATHs (JSON Lines), or query a store (--db)")
    p.add_argument("paths", nargs="*", help="articles to attribute (without --db)")
    # Without --db, PATHs are attributed and printed as JSON Lines in the shared scorer's format.
    add_quotes_db_options(p, formats=("table", "json", "jsonl"))
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("eval", help="score the engine on an annotated corpus (PolNeAR, speaker set)")
    # agreement: PolNeAR's second annotators scored against the first, the ceiling for attribution.
    p.add_argument("task", choices=["attribution", "agreement", "speakers", "speed"])
    p.add_argument("--split", choices=["dev", "test"], default="dev")
    p.add_argument("--polnear", help="folder of PolNeAR splits (default: ../shared/data/polnear)")
    p.add_argument("--pred", help="where to write the predictions (JSON Lines)")
    p.add_argument("--limit", type=int, help="only the first N documents (smoke runs)")
    p.add_argument("--set", help="speakers: a labelled set (JSON Lines; default: "
                   "tests/data/attribution/speakers.jsonl)")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsgraphError as exc:
        print(f"newsgraph: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (| head): not an error worth a message
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug, not bad input: still one line, unless debugging
        if os.environ.get("NEWSGRAPH_DEBUG"):
            raise
        print(f"newsgraph: internal error: {type(exc).__name__}: {exc} "
              "(set NEWSGRAPH_DEBUG=1 for a traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
