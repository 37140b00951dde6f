-- newsgraph store schema, version 1 (SQLite, WAL). PRAGMA user_version holds the number of the last
-- migration applied (newsgraph/store/migrations.py). Offsets are character offsets into
-- articles.text, as in the Article record.

-- One row per distinct article content. `record` is the Article record without its `text` (kept
-- once, in the `text` column) as zlib-compressed JSON; Store.get_article() puts the two together.
CREATE TABLE articles (
    num         INTEGER PRIMARY KEY,           -- stable integer key (FTS rowid, child tables)
    id          TEXT NOT NULL UNIQUE,          -- content hash (Article.id)
    title       TEXT,
    published   TEXT,                          -- ISO date or datetime
    publisher   TEXT,
    url         TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    record      BLOB NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_publisher ON articles(publisher);

-- Where each document came from: a file path, path#line, WARC record or feed item. Several
-- sources may hold the same content (syndicated copies); `input_hash` is the hash of the raw
-- input, so an unchanged source is skipped and a changed one replaces its article.
CREATE TABLE sources (
    source      TEXT PRIMARY KEY,
    input_hash  TEXT NOT NULL,
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    ingested_at TEXT NOT NULL
);
CREATE INDEX sources_article ON sources(article);

-- Documents that could not be analysed, with the reason; kept until the source changes.
CREATE TABLE failures (
    source      TEXT PRIMARY KEY,
    input_hash  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    error       TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);

-- Cross-article canonical entities: one row per normalised name + type.
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,          -- "<type>|<normalised name>"
    name        TEXT NOT NULL,
    type        TEXT NOT NULL
);
CREATE INDEX entities_type ON entities(type);

-- Every normalised form an entity is known by (its name, surface aliases, a person's surname):
-- what speaker/entity filters look up.
CREATE TABLE entity_aliases (
    alias_key   TEXT NOT NULL,
    entity      INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    PRIMARY KEY (alias_key, entity)
) WITHOUT ROWID;

-- An entity as it appears in one article (record Entity, E1, E2…).
CREATE TABLE article_entities (
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    local_id    TEXT NOT NULL,
    entity      INTEGER NOT NULL REFERENCES entities(id),
    name        TEXT NOT NULL,
    titles      TEXT NOT NULL DEFAULT '[]',   -- JSON list
    n_mentions  INTEGER NOT NULL,
    first_start INTEGER,
    PRIMARY KEY (article, local_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity, article);

CREATE TABLE mentions (
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    local_id    TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article, local_id);

CREATE TABLE quotes (
    id          INTEGER PRIMARY KEY,           -- FTS rowid
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,              -- index in Article.quotes
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,                 -- content spans joined
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    cue         TEXT,
    speaker     TEXT,                          -- speaker name as written
    entity      INTEGER REFERENCES entities(id)
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_entity ON quotes(entity, article);

CREATE TABLE quantities (
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       REAL,
    unit        TEXT,
    bound       TEXT,
    counted     TEXT
);
CREATE INDEX quantities_article ON quantities(article);

CREATE TABLE times (
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT
);
CREATE INDEX times_article ON times(article);

CREATE TABLE events (
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    cameo       TEXT NOT NULL,
    trigger     TEXT NOT NULL,
    sentence    TEXT NOT NULL,
    actor       TEXT,
    actor_entity INTEGER REFERENCES entities(id),
    target      TEXT,
    target_entity INTEGER REFERENCES entities(id),
    place       TEXT,
    place_entity INTEGER REFERENCES entities(id),
    time_value  TEXT
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_actor ON events(actor_entity);
CREATE INDEX events_target ON events(target_entity);

-- Story signatures, written with each article: MinHash of word shingles (near-duplicates) and
-- the article's salient words (story clustering). Stories are rebuilt from these.
CREATE TABLE signatures (
    article     INTEGER PRIMARY KEY REFERENCES articles(num) ON DELETE CASCADE,
    minhash     BLOB NOT NULL,
    keywords    TEXT NOT NULL                  -- JSON list
);

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    first_published TEXT,
    last_published  TEXT,
    size        INTEGER NOT NULL
);
CREATE TABLE story_articles (
    story       INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article     INTEGER NOT NULL REFERENCES articles(num) ON DELETE CASCADE,
    duplicate_of INTEGER,                      -- num of the copy this one near-duplicates
    PRIMARY KEY (story, article)
) WITHOUT ROWID;
CREATE INDEX story_articles_article ON story_articles(article);

-- Full-text search over article title + text and quote text (external content: no second copy).
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='num', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.num, old.title, old.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
