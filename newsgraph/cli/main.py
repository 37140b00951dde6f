"""The ``newsgraph`` command line. Each subcommand is a small function over the Python API."""

from __future__ import annotations

import argparse
import os
import sys

from newsgraph.cli import analyze, collection, entities, evaluate, serve, spark
from newsgraph.errors import NewsgraphError

# In the order ``newsgraph --help`` lists their commands.
COMMAND_GROUPS = (analyze, serve, collection, entities, spark, evaluate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgraph", description=__doc__)
    parser.add_argument(
        "--settings",
        metavar="FILE",
        help="a TOML settings file (else $NEWSGRAPH_SETTINGS; see newsgraph.settings)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.add_parsers(subparsers)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.settings:
        from newsgraph.settings import use_settings_file

        use_settings_file(args.settings)  # before any command reads a setting
    return args.func(args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
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
        print(
            f"newsgraph: internal error: {type(exc).__name__}: {exc} (set NEWSGRAPH_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1
