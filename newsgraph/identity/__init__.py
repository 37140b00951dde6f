"""Cross-document entity identity: one person (organisation, place…) is one entity across a
whole collection.

- ``names``: the structure of a person's name (title, first, middles, last, suffix) and the keys
  names are matched by;
- ``match``: what a local (one-article) entity is: its identity key, its type once repaired by
  the collection's majority, the context (co-occurring names, titles) that tells apart people
  who share a name;
- ``cluster``: assignment of each article's entities to collection entities, incrementally at
  ingest (``Identity``) and from scratch (``recluster``);
- ``curation``: analysts' merge / split / rename rules, kept in the store and respected by both;
- ``lookup``: names as people type them ("President Obama", "Mr. Trump", "Clinton") to entities;
- ``commands``: the CLI subcommands.
"""
