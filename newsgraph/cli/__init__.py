"""The ``newsgraph`` command line: one module per command group, each adding its subcommands
with ``add_parsers(subparsers)``; ``main`` builds the parser from them (see ``cli.main``)."""

from newsgraph.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
