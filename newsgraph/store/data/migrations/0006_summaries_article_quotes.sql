-- Version 6: collection-wide summaries computed when the store is written (at the end of an
-- ingest), so the explorer's first visitor does not wait for them: 'network', the whole
-- collection's network with its layout, and 'network:ID' around the most covered entities.
-- `value` is JSON.

CREATE TABLE summaries (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    computed_at TEXT NOT NULL
);

-- Each article's number of statements (quotes that are speech with real content: the one count
-- of version 4) and of all its quotes, kept by triggers like the entity counts, so listing the
-- most quoted articles reads an index instead of counting the quotes of every article.
ALTER TABLE articles ADD COLUMN n_statements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN n_quotes INTEGER NOT NULL DEFAULT 0;
-- INDEXED BY: left to itself the planner walks quotes_act_published for every article (25 min
-- on a 48k store instead of about a minute).
UPDATE articles SET
    n_statements = (SELECT COUNT(*) FROM quotes INDEXED BY quotes_article
                    WHERE article = articles.num AND act = 'speech' AND substantive = 1),
    n_quotes = (SELECT COUNT(*) FROM quotes INDEXED BY quotes_article WHERE article = articles.num);
CREATE INDEX articles_by_statements ON articles(n_statements DESC, published DESC);

CREATE TRIGGER quotes_article_count_ai AFTER INSERT ON quotes BEGIN
    UPDATE articles SET n_quotes = n_quotes + 1,
        n_statements = n_statements + (new.act = 'speech' AND new.substantive = 1) WHERE num = new.article;
END;
CREATE TRIGGER quotes_article_count_ad AFTER DELETE ON quotes BEGIN
    UPDATE articles SET n_quotes = n_quotes - 1,
        n_statements = n_statements - (old.act = 'speech' AND old.substantive = 1) WHERE num = old.article;
END;
