-- Version 2: queries that stay fast on 100,000 articles.
-- 1. Article bodies (text and packed record) move to their own table, so `articles` is narrow
--    metadata: joining a few thousand search hits to it no longer reads the article texts.
--    The full-text index now takes its content from `article_bodies` (rebuilt here).
-- 2. Quotes, events and article entities carry their article's publication date, indexed with
--    the entity, so "latest quotes by X", X's events and X's mentions per month are index scans.

DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TABLE articles_fts;

CREATE TABLE article_bodies (
    article     INTEGER PRIMARY KEY REFERENCES articles(num) ON DELETE CASCADE,
    title       TEXT,
    text        TEXT NOT NULL,
    record      BLOB NOT NULL                  -- zlib JSON of the Article record without its text
);
INSERT INTO article_bodies(article, title, text, record) SELECT num, title, text, record FROM articles;
ALTER TABLE articles DROP COLUMN text;
ALTER TABLE articles DROP COLUMN record;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='article_bodies', content_rowid='article',
    tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
CREATE TRIGGER article_bodies_ai AFTER INSERT ON article_bodies BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.article, new.title, new.text);
END;
CREATE TRIGGER article_bodies_ad AFTER DELETE ON article_bodies BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.article, old.title, old.text);
END;

ALTER TABLE quotes ADD COLUMN published TEXT;
UPDATE quotes SET published = (SELECT published FROM articles WHERE num = quotes.article);
CREATE INDEX quotes_entity_published ON quotes(entity, published, article, seq);
CREATE INDEX quotes_published ON quotes(published, article, seq);

ALTER TABLE events ADD COLUMN published TEXT;
UPDATE events SET published = (SELECT published FROM articles WHERE num = events.article);
DROP INDEX events_actor;
DROP INDEX events_target;
CREATE INDEX events_actor_published ON events(actor_entity, published);
CREATE INDEX events_target_published ON events(target_entity, published);

ALTER TABLE article_entities ADD COLUMN published TEXT;
UPDATE article_entities SET published = (SELECT published FROM articles WHERE num = article_entities.article);
CREATE INDEX article_entities_timeline ON article_entities(entity, published, n_mentions);
