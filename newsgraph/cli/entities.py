"""``newsgraph entity`` and ``newsgraph entities``: profiles and the curation of entity identity:

    newsgraph entity NAME --db news.db                 # profile; candidates if NAME is ambiguous
    newsgraph entity merge A B --db news.db            # B joins A (names or ids)
    newsgraph entity split A --form "Donald Trump Jr." --db news.db
    newsgraph entity rename A "New Name" --db news.db
    newsgraph entities recluster --db news.db          # after rule changes, or an old store
    newsgraph entities rules --db news.db              # the curation rules in force

Curation is stored as rules (``curation.py``) that re-ingest and re-clustering respect.
"""

from __future__ import annotations

import argparse
import json
import sys

from newsgraph.cli.collection import _add_statement_options
from newsgraph.cli.collection import cmd_entity as profile
from newsgraph.errors import NewsgraphError
from newsgraph.identity.lookup import candidate_list, one_entity

CURATION = ("merge", "split", "rename")


def _store(args: argparse.Namespace, readonly: bool):
    from newsgraph.store import open_store

    return open_store(args.db, readonly=readonly)


def ambiguity_note(store, name: str | None) -> None:
    """Tell on stderr that a name filter matched several people (the results cover them all)."""
    if name:
        found = store.find(name)
        if found["ambiguous"]:
            print(
                f"newsgraph: {name!r} may mean {candidate_list(found['candidates'])}; showing all of them "
                "(give an id to pick one)",
                file=sys.stderr,
            )


def cmd_entity(args: argparse.Namespace) -> int:
    if args.name in CURATION and args.rest:
        return _curate(args)
    if args.rest:
        raise NewsgraphError(
            f"unexpected arguments {' '.join(args.rest)!r} (curation: {', '.join(CURATION)})"
        )
    with _store(args, readonly=True) as store:
        found = store.find(args.name)
    if found["ambiguous"]:
        if args.output == "json":
            sys.stdout.write(
                json.dumps({"ambiguous": True, "candidates": found["candidates"]}, indent=2) + "\n"
            )
        else:
            print(f"{args.name!r} may mean several entities; ask for one by id or full name:")
            for c in found["candidates"]:
                print(f"  {c['id']:>6}  {c['name']} ({c['type']}, {c['articles']} articles)")
        return 0
    return profile(args)


def _curate(args: argparse.Namespace) -> int:
    from newsgraph.identity import curation

    action, rest = args.name, args.rest
    expected = {"merge": 2, "split": 1, "rename": 2}[action]
    if len(rest) != expected:
        raise NewsgraphError(f"entity {action} takes {expected} argument(s), got {len(rest)}")
    with _store(args, readonly=False) as store, store.transaction():
        subject = one_entity(store, rest[0])
        if action == "merge":
            merged = one_entity(store, rest[1])
            curation.merge_entities(store.conn, subject, merged)
            message = f"merged entity {merged} into {subject}"
        elif action == "split":
            if not args.form:
                raise NewsgraphError(
                    "entity split needs --form: the name whose articles get an entity of their own"
                )
            new = curation.split_entity(store.conn, subject, args.form)
            message = f"split {args.form!r} off entity {subject}: now entity {new}"
        else:
            curation.rename_entity(store.conn, subject, rest[1])
            message = f"renamed entity {subject} to {rest[1]!r}"
        store.identity.forget()
    print(message + " (kept as a rule for re-ingest and re-clustering)")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    if args.action == "recluster":
        from newsgraph.identity.cluster import recluster

        with _store(args, readonly=False) as store, store.transaction():
            report = recluster(store.conn)
        print(
            f"re-clustered {report.locals} article entities: {report.entities_before} -> "
            f"{report.entities_after} entities in {report.seconds:.1f} s"
        )
        return 0
    with _store(args, readonly=True) as store:
        rules = [
            dict(r)
            for r in store.conn.execute(
                "SELECT id, action, subject, object, value, created_at FROM curation_rules ORDER BY id"
            )
        ]
    if args.output == "json":
        sys.stdout.write(json.dumps(rules, indent=2, ensure_ascii=False) + "\n")
    else:
        for rule in rules:
            print(
                f"{rule['id']:>4}  {rule['created_at']}  {rule['action']:<6} {rule['subject']}"
                + (f"  <- {rule['object']}" if rule["object"] else "")
                + (f"  = {rule['value']!r}" if rule["value"] else "")
            )
    return 0


def add_parsers(sub) -> None:
    """The ``entity`` and ``entities`` subcommands."""
    p = sub.add_parser(
        "entity", help="profile of an entity across a store; or merge / split / rename entities"
    )
    p.add_argument("name", help="name, alias, surname or entity id; or merge, split, rename")
    p.add_argument("rest", nargs="*", help="merge A B | split A --form NAME | rename A NEW_NAME")
    p.add_argument("--form", help="split: the name whose articles get an entity of their own")
    p.add_argument("--db", required=True, help="the SQLite store")
    p.add_argument("--format", choices=("table", "json"), default="table", dest="output")
    _add_statement_options(p)
    p.set_defaults(func=cmd_entity)

    p = sub.add_parser("entities", help="re-cluster a store's entities, or list its curation rules")
    p.add_argument("action", choices=["recluster", "rules"])
    p.add_argument("--db", required=True, help="the SQLite store")
    p.add_argument("--format", choices=("table", "json"), default="table", dest="output")
    p.set_defaults(func=cmd_entities)
