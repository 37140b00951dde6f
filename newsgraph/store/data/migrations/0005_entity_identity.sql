-- Version 5: cross-document entity identity (newsgraph/identity/). An entity is no longer one
-- exact "type|name" string but a cluster of articles' entities matched on name structure, type
-- and context; these tables let each new article find its entities' clusters, and let analysts'
-- curation survive re-ingest and re-clustering.

-- The keys an entity is found by when a new article comes in: a person's surname|first|suffix
-- with the middle initials as a variant ("trump|donald|", variant "j"), a non-person's folded
-- forms. One key may lead to several entities (George W. and George H.W. Bush).
CREATE TABLE entity_keys (
    key         TEXT NOT NULL,
    variant     TEXT NOT NULL DEFAULT '',
    entity      INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, variant, entity)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity);

-- How often each name was typed each way: the collection's majority repairs a minority type.
CREATE TABLE name_types (
    name_key    TEXT NOT NULL,
    type        TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (name_key, type)
) WITHOUT ROWID;

-- Analysts' rules: merge (subject absorbs object), split (the object form leaves subject),
-- rename (subject is called value). Subjects and objects are "TYPE|folded name" of a form the
-- articles use, so a rule outlives entity ids.
CREATE TABLE curation_rules (
    id          INTEGER PRIMARY KEY,
    action      TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename')),
    subject     TEXT NOT NULL,
    object      TEXT,
    value       TEXT,
    created_at  TEXT NOT NULL
);

-- The type the article's own analysis gave (entities.type is the cluster's, after repair).
ALTER TABLE article_entities ADD COLUMN article_type TEXT;
UPDATE article_entities SET article_type = (SELECT type FROM entities WHERE id = article_entities.entity);

-- A store with articles from before version 4 has no keys yet: the next ingest (or
-- `newsgraph entities recluster`) clusters it.
INSERT INTO meta(key, value) SELECT 'identity_stale', '1' WHERE EXISTS (SELECT 1 FROM articles);
