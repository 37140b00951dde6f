-- Version 3: per-entity counts kept up to date by triggers, so listing the most covered
-- entities, ranking the people a name may mean and counting someone's quotes read one row each
-- instead of scanning hundreds of thousands of index entries on a large store.
-- n_articles counts the entity's rows in article_entities (an article that names it under two
-- forms counts twice); n_mentions sums their mentions; n_quotes counts quotes attributed to it.

ALTER TABLE entities ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN n_quotes INTEGER NOT NULL DEFAULT 0;

UPDATE entities SET
    n_articles = (SELECT COUNT(*) FROM article_entities WHERE entity = entities.id),
    n_mentions = (SELECT COALESCE(SUM(n_mentions), 0) FROM article_entities WHERE entity = entities.id),
    n_quotes = (SELECT COUNT(*) FROM quotes WHERE entity = entities.id);

CREATE INDEX entities_by_articles ON entities(n_articles DESC);
CREATE INDEX entities_type_by_articles ON entities(type, n_articles DESC);
CREATE INDEX entities_by_quotes ON entities(n_quotes DESC);

CREATE TRIGGER article_entities_count_ai AFTER INSERT ON article_entities BEGIN
    UPDATE entities SET n_articles = n_articles + 1, n_mentions = n_mentions + new.n_mentions WHERE id = new.entity;
END;
CREATE TRIGGER article_entities_count_ad AFTER DELETE ON article_entities BEGIN
    UPDATE entities SET n_articles = n_articles - 1, n_mentions = n_mentions - old.n_mentions WHERE id = old.entity;
END;
CREATE TRIGGER quotes_count_ai AFTER INSERT ON quotes WHEN new.entity IS NOT NULL BEGIN
    UPDATE entities SET n_quotes = n_quotes + 1 WHERE id = new.entity;
END;
CREATE TRIGGER quotes_count_ad AFTER DELETE ON quotes WHEN old.entity IS NOT NULL BEGIN
    UPDATE entities SET n_quotes = n_quotes - 1 WHERE id = old.entity;
END;
